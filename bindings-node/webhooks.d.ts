// `edgeward/webhooks`: webhooks and redaction, without validation (a much smaller WASM build).
export {
  Webhook,
  ReplayGuard,
  Redactor,
  EdgewardError,
  WebhookVerificationError,
  RedactionError,
  errorCodes,
  backend,
} from './index.js';
export type * from './index.js';
