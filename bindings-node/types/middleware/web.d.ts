// `edgeward/web`: `(Request) => Promise<Response>` for Next.js route handlers, Remix, SvelteKit
// and plain Workers.
import type { WebhookDelivery, WebhookMiddlewareOptions } from './options.js';
export type { WebhookDelivery, WebhookMiddlewareOptions, MiddlewareLogger } from './options.js';
export { DEFAULT_MAX_BODY_BYTES } from './options.js';

export interface WebOptions extends WebhookMiddlewareOptions {
  /** The client's address when the platform knows it (Workers: `CF-Connecting-IP` is read by default). */
  clientAddress?: (request: Request, ...rest: any[]) => string | null | undefined | Promise<string | null | undefined>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Wraps `handler` (called with verified deliveries only) as a Web-standard handler. */
export function webhook<R extends unknown[] = unknown[], E = unknown>(
  options: WebOptions | ((request: Request, ...rest: R) => WebhookMiddlewareOptions),
  handler: (request: Request, delivery: WebhookDelivery<E>, ...rest: R) => Response | Promise<Response>,
): (request: Request, ...rest: R) => Promise<Response>;
export default webhook;
