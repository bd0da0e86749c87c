// The public JS API over a backend (native addon or WASM): one module per feature.
import { EdgewardError, PathError, RateLimitError, RedactionError, SchemaError, ValidationError, WebhookVerificationError, translateError } from './errors.js';
import { createWebhookApi } from './webhook.js';
import { createValidateApi } from './validate.js';
import { createRedactApi } from './redact.js';
import { createRateLimitApi } from './ratelimit.js';

/** `backend`: the native addon or the WASM module, plus `name` ("native" or "wasm"). */
export function createApi(backend) {
  const fail = (error) => translateError(error, backend.errorFamily);
  return {
    ...createWebhookApi(backend, fail),
    ...createValidateApi(backend, fail),
    ...createRedactApi(backend, fail),
    ...createRateLimitApi(backend, fail),
    EdgewardError,
    WebhookVerificationError,
    ValidationError,
    SchemaError,
    PathError,
    RedactionError,
    RateLimitError,
    errorCodes: Object.freeze([...backend.errorCodes()]),
    backend: backend.name,
  };
}
