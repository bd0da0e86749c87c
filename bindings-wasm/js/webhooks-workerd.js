// Lean entry (`edgeward/webhooks`) for Workers: webhooks and redaction, without validation,
// from the WASM build compiled without the `validate` feature (a fraction of the size).
import wasmModule from './edgeward_wasm_bg.wasm';
import * as wasm from './edgeward_wasm.js';
import { createApi } from '../lib/api.js';

wasm.initSync({ module: wasmModule });

export const {
  Webhook,
  ReplayGuard,
  Redactor,
  EdgewardError,
  WebhookVerificationError,
  RedactionError,
  NetworkError,
  IpAllowlist,
  clientIp,
  errorCodes,
  backend,
} = createApi({
  name: 'wasm',
  Webhook: wasm.WasmWebhook,
  ReplayGuard: wasm.WasmReplayGuard,
  ...wasm,
});
