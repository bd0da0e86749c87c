// Node.js side of the lean entry (`edgeward/webhooks`): the same objects as the full entry,
// limited to webhooks and redaction. (Size matters for WASM only; Node loads one addon.)
export {
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
} from './node.js';
