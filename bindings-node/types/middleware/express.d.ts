// `edgeward/express`: Express 4 and 5.
import type { WebhookDelivery, WebhookMiddlewareOptions } from './options.js';
export type { WebhookDelivery, WebhookMiddlewareOptions, MiddlewareLogger } from './options.js';
export { DEFAULT_MAX_BODY_BYTES } from './options.js';

/** The middleware's view of Express's request and response (no dependency on its types). */
type Next = (error?: unknown) => void;

/**
 * Verifies the delivery on its raw bytes (read by the middleware; mount it before any body
 * parser, or after `express.raw()`), then sets `req.webhook`. Refusals answer problem JSON.
 */
export function webhook(options: WebhookMiddlewareOptions): (req: any, res: any, next: Next) => void; // eslint-disable-line @typescript-eslint/no-explicit-any
export default webhook;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The verified delivery, set by edgeward's `webhook()` middleware. */
      webhook?: WebhookDelivery;
    }
  }
}
