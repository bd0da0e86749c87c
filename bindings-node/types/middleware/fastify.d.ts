// `edgeward/fastify`: a plugin for the scope of your webhook routes.
import type { WebhookMiddlewareOptions } from './options.js';
export type { WebhookDelivery, WebhookMiddlewareOptions, MiddlewareLogger } from './options.js';
export { DEFAULT_MAX_BODY_BYTES } from './options.js';

/**
 * `scope.register(webhook, options)`: replaces the scope's content-type parsers with one that
 * keeps the raw bytes, verifies in `preValidation`, and sets `request.webhook`.
 */
export function webhook(scope: unknown, options: WebhookMiddlewareOptions): Promise<void>;
export default webhook;
