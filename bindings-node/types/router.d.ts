import type { WebhookHeaders, Scheme, VerifiedEvent, VerifyEventOptions, Webhook } from './webhook.js';
import type { Payload } from './convert.js';

/** A handler of verified events; may be async. */
export type WebhookHandler<S extends Scheme = Scheme> = (delivery: VerifiedEvent<any, S>) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface WebhookRouterOptions<S extends Scheme = Scheme> {
  /** Called for a verified event no handler is registered for (`*` handlers do not count). */
  onUnhandled?: WebhookHandler<S>;
}

/** What `router.handle` resolves to. */
export interface RouteResult<S extends Scheme = Scheme> {
  /** Whether a handler registered for this event's name ran (`*` handlers aside). */
  handled: boolean;
  /** The name dispatched on: Slack's inner event name for an `event_callback`, else `type`. */
  type: string | null;
  /** Each handler's (awaited) return value, in the order called. */
  results: unknown[];
  /** The verified event the handlers received. */
  delivery: VerifiedEvent<unknown, S>;
}

/** A handler (or `onUnhandled`) threw: `cause` is what it threw, `type` the event's name. */
export class WebhookHandlerError extends Error {
  constructor(type: string | null, cause: unknown);
  readonly name: 'WebhookHandlerError';
  readonly type: string | null;
  readonly cause: unknown;
}

/**
 * Routes verified events to handlers by name (`push`, `invoice.paid`, `orders/create`,
 * `app_mention`, or `*` for every event). Verification errors reject as `verifyEvent` throws
 * them; a handler's error rejects as a `WebhookHandlerError` (never a result a middleware
 * could answer 2xx to).
 */
export class WebhookRouter<S extends Scheme = Scheme> {
  constructor(webhook: Webhook<S>, options?: WebhookRouterOptions<S>);
  /** Registers `handler` for `type` (or each of several names; `*` for every event). */
  on(type: string | readonly string[], handler: WebhookHandler<S>): this;
  /** Sets the callback for verified events no handler is registered for. */
  onUnhandled(callback: WebhookHandler<S>): this;
  /** Verifies (`verifyEventAsync`), then awaits the event's handlers, then the `*` handlers. */
  handle(payload: Payload, headers: WebhookHeaders, options?: VerifyEventOptions): Promise<RouteResult<S>>;
}
