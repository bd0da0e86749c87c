// Entry for Cloudflare Workers (workerd) and other worker runtimes: they accept WASM only as
// an imported module, so the bundler (wrangler) hands us a compiled WebAssembly.Module.
import wasmModule from './edgeward_wasm_bg.wasm';
import * as wasm from './edgeward_wasm.js';
import { createApi } from '../lib/api.js';

wasm.initSync({ module: wasmModule });

export const {
  Webhook,
  EdgewardError,
  WebhookVerificationError,
  ValidationError,
  SchemaError,
  PathError,
  errorCodes,
  backend,
} = createApi({
  name: 'wasm',
  Webhook: wasm.WasmWebhook,
  ...wasm,
});
