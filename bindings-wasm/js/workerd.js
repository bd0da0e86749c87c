// Entry for Cloudflare Workers (workerd) and other worker runtimes: they accept WASM only as
// an imported module, so the bundler (wrangler) hands us a compiled WebAssembly.Module.
import wasmModule from './edgeward_wasm_bg.wasm';
import * as wasm from './edgeward_wasm.js';
import { createApi } from '../lib/api.js';

wasm.initSync({ module: wasmModule });

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
} = createApi({
  name: 'wasm',
  Webhook: wasm.WasmWebhook,
  ReplayGuard: wasm.WasmReplayGuard,
  ...wasm,
});
