// Node.js entry: the native addon when it loads, the WASM build otherwise.
// EDGEWARD_BACKEND=native|wasm forces one (tests run the same suite against both).
import { createApi } from './api.js';
import { loadNative, loadWasm } from './backends.js';

function pick() {
  const wanted = process.env.EDGEWARD_BACKEND;
  if (wanted === 'wasm') return loadWasm();
  if (wanted === 'native') return loadNative();
  if (wanted) throw new Error(`EDGEWARD_BACKEND must be "native" or "wasm", not "${wanted}"`);
  try {
    return loadNative();
  } catch {
    return loadWasm();
  }
}

export const {
  Webhook,
  ReplayGuard,
  EdgewardError,
  WebhookVerificationError,
  ValidationError,
  SchemaError,
  PathError,
  RedactionError,
  NetworkError,
  IpAllowlist,
  clientIp,
  Redactor,
  Validator,
  encodePathSegment,
  buildPath,
  errorCodes,
  backend,
} = createApi(pick());
