// Entry for browsers, Deno and other ES-module hosts: fetches the .wasm next to this file.
import * as wasm from './edgeward_wasm.js';
import { createApi } from '../lib/api.js';

await wasm.default({ module_or_path: new URL('./edgeward_wasm_bg.wasm', import.meta.url) });

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
