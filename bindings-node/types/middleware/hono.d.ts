// `edgeward/hono`: Hono middleware (Workers, Node, Bun, Deno).
import type { WebhookDelivery, WebhookMiddlewareOptions } from './options.js';
export type { WebhookDelivery, WebhookMiddlewareOptions, MiddlewareLogger } from './options.js';
export { DEFAULT_MAX_BODY_BYTES } from './options.js';

/** The Hono context as the middleware uses it (no dependency on Hono's types). */
export interface HonoLikeContext {
  req: { raw: Request; arrayBuffer(): Promise<ArrayBuffer> };
  env: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  set(key: 'webhook', value: WebhookDelivery): void;
  res: Response;
}

/** Verifies the delivery, then `c.get('webhook')`. `options` may be `(c) => options` (secrets from `c.env`). */
export function webhook<C extends HonoLikeContext = HonoLikeContext>(
  options: WebhookMiddlewareOptions | ((c: C) => WebhookMiddlewareOptions),
): (c: C, next: () => Promise<void>) => Promise<Response | undefined>;
export default webhook;
