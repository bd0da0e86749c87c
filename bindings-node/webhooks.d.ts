// `edgeward/webhooks`: webhooks and redaction, without validation (a much smaller WASM build).
// On Workers and in browsers that build has no regex engine: every built-in detector works,
// `customPatterns` is refused (REDACTION_INVALID_OPTIONS). In Node it loads the native addon.
export {
  Webhook,
  ReplayGuard,
  WebhookRouter,
  WebhookHandlerError,
  Redactor,
  EdgewardError,
  WebhookVerificationError,
  RedactionError,
  NetworkError,
  IpAllowlist,
  clientIp,
  errorCodes,
  httpStatus,
  backend,
} from './index.js';
export type * from './index.js';
