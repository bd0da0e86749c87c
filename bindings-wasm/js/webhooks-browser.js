// Lean entry (`edgeward/webhooks`) for browsers and other ES-module hosts: webhooks and
// redaction, without validation.
import * as wasm from './edgeward_wasm.js';
import { createApi } from '../lib/api.js';

await wasm.default({ module_or_path: new URL('./edgeward_wasm_bg.wasm', import.meta.url) });

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
