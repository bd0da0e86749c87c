// The public JS API over a backend (native addon or WASM): one module per feature.
import { EdgewardError, KeyHygieneError, OAuthError, PathError, PolicyError, RedactionError, SchemaError, SealError, ValidationError, WebhookVerificationError, translateError } from './errors.js';
import { createWebhookApi } from './webhook.js';
import { createValidateApi } from './validate.js';
import { createRedactApi } from './redact.js';
import { createOAuthApi } from './oauth.js';
import { createSealApi } from './seal.js';
import { createKeysApi } from './keys.js';
import { createPolicyApi } from './policy.js';
import { createProblemApi } from './problem.js';

/** `backend`: the native addon or the WASM module, plus `name` ("native" or "wasm"). */
export function createApi(backend) {
  const fail = (error) => translateError(error, backend.errorFamily);
  return {
    ...createWebhookApi(backend, fail),
    ...createValidateApi(backend, fail),
    ...createRedactApi(backend, fail),
    ...createOAuthApi(backend, fail),
    ...createSealApi(backend, fail),
    ...createKeysApi(backend, fail),
    ...createPolicyApi(backend, fail),
    ...createProblemApi(backend, fail),
    EdgewardError,
    WebhookVerificationError,
    ValidationError,
    SchemaError,
    PathError,
    RedactionError,
    OAuthError,
    SealError,
    KeyHygieneError,
    PolicyError,
    errorCodes: Object.freeze([...backend.errorCodes()]),
    backend: backend.name,
  };
}
