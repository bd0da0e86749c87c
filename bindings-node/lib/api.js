// The public JS API over a backend (native addon or WASM): one module per feature.
import { EdgewardError, KeyHygieneError, OAuthError, NetworkError, PathError, PolicyError, RateLimitError, RedactionError, SchemaError, SealError, ValidationError, WebhookVerificationError, translateError } from './errors.js';
import { createWebhookApi } from './webhook.js';
import { createRouterApi } from './router.js';
import { createValidateApi } from './validate.js';
import { createRedactApi } from './redact.js';
import { createRateLimitApi } from './ratelimit.js';
import { createOAuthApi } from './oauth.js';
import { createSealApi } from './seal.js';
import { createKeysApi } from './keys.js';
import { createPolicyApi } from './policy.js';
import { createProblemApi } from './problem.js';
import { createNetApi } from './net.js';

/** `backend`: the native addon or the WASM module, plus `name` ("native" or "wasm"). */
export function createApi(backend) {
  // `fail` maps a backend error; a wrong argument type that only the addon caught gets the
  // family's misuse code (see translateError).
  const failFor = (misuseCode) => (error) => translateError(error, backend, misuseCode);
  const validate = createValidateApi(backend, failFor('VALIDATION_INVALID_OPTIONS'));
  return {
    ...createWebhookApi(backend, failFor('WEBHOOK_INVALID_OPTIONS'), validate.Validator),
    ...validate,
    ...createRouterApi(backend, failFor('WEBHOOK_INVALID_OPTIONS')),
    ...createRedactApi(backend, failFor('REDACTION_INVALID_OPTIONS')),
    ...createRateLimitApi(backend, failFor('RATE_LIMIT_INVALID_OPTIONS')),
    ...createOAuthApi(backend, failFor('OAUTH_INVALID_OPTIONS')),
    ...createSealApi(backend, failFor('SEAL_INVALID_OPTIONS')),
    ...createKeysApi(backend, failFor('KEY_INVALID_OPTIONS')),
    ...createPolicyApi(backend, failFor('POLICY_INVALID')),
    ...createProblemApi(backend, failFor('REDACTION_INVALID_OPTIONS')),
    ...createNetApi(backend, failFor('NETWORK_INVALID_OPTIONS')),
    EdgewardError,
    WebhookVerificationError,
    ValidationError,
    SchemaError,
    PathError,
    RedactionError,
    RateLimitError,
    OAuthError,
    SealError,
    KeyHygieneError,
    PolicyError,
    NetworkError,
    errorCodes: Object.freeze([...backend.errorCodes()]),
    // The core's table (one for every runtime's middleware): an error code, or an error with
    // a string `.code`; anything else is not edgeward's and answers 500.
    httpStatus: (error) => {
      const code = typeof error === 'string' ? error : error !== null && typeof error === 'object' && typeof error.code === 'string' ? error.code : '';
      return backend.httpStatus(code);
    },
    backend: backend.name,
  };
}
