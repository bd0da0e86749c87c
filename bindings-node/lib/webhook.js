// The webhook API over a backend: converts JS values and maps errors; every decision about
// webhooks is made in the Rust core.
import { describe, seconds } from './convert.js';

/** `Webhook` over `backend` (native addon or WASM); `fail` maps backend errors to classes. */
export function createWebhookApi(backend, fail) {
  function bytesOf(payload) {
    if (payload instanceof Uint8Array) return payload;
    if (payload instanceof ArrayBuffer) return new Uint8Array(payload);
    if (ArrayBuffer.isView(payload)) {
      return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
    }
    return backend.payloadError(describe(payload)); // throws INVALID_PAYLOAD
  }

  class Webhook {
    #inner;

    constructor(secret, options = {}) {
      const secrets = Array.isArray(secret) ? secret : [secret];
      const tolerance = options.toleranceSeconds;
      try {
        const wrong = secrets.findIndex((s) => typeof s !== 'string');
        if (wrong !== -1) backend.secretError(describe(secrets[wrong])); // throws INVALID_SECRET
        this.#inner = new backend.Webhook(
          secrets,
          tolerance === undefined ? undefined : seconds(tolerance),
        );
      } catch (error) {
        throw fail(error);
      }
    }

    verify(payload, header, options) {
      const now = options?.now === undefined ? Date.now() / 1000 : seconds(options.now);
      const headerValue = header ?? undefined;
      try {
        if (typeof payload === 'string') return this.#inner.verifyString(payload, headerValue, now);
        return this.#inner.verifyBytes(bytesOf(payload), headerValue, now);
      } catch (error) {
        throw fail(error);
      }
    }

    sign(payload, options) {
      const timestamp =
        options?.timestamp === undefined ? Math.floor(Date.now() / 1000) : seconds(options.timestamp);
      try {
        if (typeof payload === 'string') return this.#inner.signString(payload, timestamp);
        return this.#inner.signBytes(bytesOf(payload), timestamp);
      } catch (error) {
        throw fail(error);
      }
    }
  }

  return { Webhook };
}
