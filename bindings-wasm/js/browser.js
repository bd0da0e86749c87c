// Entry for browsers, Deno and other ES-module hosts: fetches the .wasm next to this file.
import * as wasm from './edgeward_wasm.js';
import { createApi } from '../lib/api.js';

await wasm.default({ module_or_path: new URL('./edgeward_wasm_bg.wasm', import.meta.url) });

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
