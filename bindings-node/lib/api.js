// The public JS API over a backend (native addon or WASM): one module per feature.
import { EdgewardError, NetworkError, PathError, RedactionError, SchemaError, ValidationError, WebhookVerificationError, translateError } from './errors.js';
import { createWebhookApi } from './webhook.js';
import { createValidateApi } from './validate.js';
import { createRedactApi } from './redact.js';
import { createNetApi } from './net.js';

/** `backend`: the native addon or the WASM module, plus `name` ("native" or "wasm"). */
export function createApi(backend) {
  const fail = (error) => translateError(error, backend.errorFamily);
  return {
    ...createWebhookApi(backend, fail),
    ...createValidateApi(backend, fail),
    ...createRedactApi(backend, fail),
    ...createNetApi(backend, fail),
    EdgewardError,
    WebhookVerificationError,
    ValidationError,
    SchemaError,
    PathError,
    RedactionError,
    NetworkError,
    errorCodes: Object.freeze([...backend.errorCodes()]),
    backend: backend.name,
  };
}
