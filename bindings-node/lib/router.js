// Event routing over verifyEvent: `router.on(type, handler)`, then `router.handle(body,
// headers)` verifies the delivery and calls the handlers registered for its event name. What
// names an event (header or body field, per scheme) is the core's rule (verifyEvent's `type`
// and `innerType`); this module only keeps the handler table and calls it.
//
// Failure policy: nothing is swallowed. A verification error is thrown as verifyEvent throws
// it (a WebhookVerificationError or ValidationError: a 4xx); a handler's error is thrown as a
// WebhookHandlerError with the handler's error as `cause` (a 5xx, so the provider retries),
// never turned into a result a middleware could answer 2xx to.

/** A handler (or `onUnhandled`) failed: `cause` is what it threw, `type` the event's name. */
export class WebhookHandlerError extends Error {
  constructor(type, cause) {
    super(`the handler of webhook event ${JSON.stringify(type)} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'WebhookHandlerError';
    this.type = type;
  }
}

const ANY = '*';

/** `WebhookRouter` and `WebhookHandlerError`; misuse throws the core's WEBHOOK_INVALID_OPTIONS. */
export function createRouterApi(backend, fail) {
  function invalid(reason) {
    try {
      backend.webhookOptionsError(reason);
    } catch (error) {
      throw fail(error);
    }
  }

  class WebhookRouter {
    #webhook;
    #handlers = new Map(); // event name -> handlers, in registration order
    #onUnhandled;

    /**
     * `webhook`: a `Webhook`. `options.onUnhandled(delivery)` is called for a verified event
     * no handler is registered for (`*` handlers do not count).
     */
    constructor(webhook, options = {}) {
      if (typeof webhook?.verifyEventAsync !== 'function') {
        invalid('WebhookRouter takes a Webhook: new WebhookRouter(new Webhook(secret, { scheme }))');
      }
      this.#webhook = webhook;
      if (options?.onUnhandled !== undefined) this.onUnhandled(options.onUnhandled);
    }

    /**
     * Calls `handler(delivery)` for every verified event named `type` (a name or a list of
     * names; `*` for every event). Slack's `event_callback`s are named by their inner event
     * (`app_mention`, `message`, …), everything else by `type` (see `verifyEvent`).
     */
    on(type, handler) {
      const types = Array.isArray(type) ? type : [type];
      if (types.length === 0 || !types.every((t) => typeof t === 'string' && t.length > 0)) {
        invalid('router.on() takes an event name (or a list of names), such as "push", or "*" for every event');
      }
      if (typeof handler !== 'function') invalid('router.on() takes a handler function');
      for (const t of types) {
        const list = this.#handlers.get(t);
        if (list === undefined) this.#handlers.set(t, [handler]);
        else list.push(handler);
      }
      return this;
    }

    /** Sets the callback for verified events no handler is registered for. */
    onUnhandled(callback) {
      if (typeof callback !== 'function') invalid('onUnhandled takes a function');
      this.#onUnhandled = callback;
      return this;
    }

    /**
     * Verifies the delivery (`verifyEventAsync`, with `options` such as `schema` and `now`),
     * then awaits each handler of its event, in registration order, then each `*` handler.
     * Resolves to `{ handled, type, results, delivery }`: `handled` is false when no handler
     * was registered for the event (`*` aside), `results` the handlers' return values.
     */
    async handle(payload, headers, options) {
      const delivery = await this.#webhook.verifyEventAsync(payload, headers, options);
      const type = delivery.innerType ?? delivery.type;
      // An event literally named "*" (an unsigned header can say anything) is no wildcard.
      const named = type === null || type === ANY ? undefined : this.#handlers.get(type);
      const handlers = [...(named ?? []), ...(this.#handlers.get(ANY) ?? [])];
      const results = [];
      for (const handler of handlers) {
        try {
          results.push(await handler(delivery));
        } catch (error) {
          throw new WebhookHandlerError(type, error);
        }
      }
      const handled = named !== undefined;
      if (!handled && this.#onUnhandled !== undefined) {
        try {
          await this.#onUnhandled(delivery);
        } catch (error) {
          throw new WebhookHandlerError(type, error);
        }
      }
      return { handled, type, results, delivery };
    }
  }

  return { WebhookRouter, WebhookHandlerError };
}
