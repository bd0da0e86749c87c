// Rate limits and replay protection shared by every isolate of a Worker, through a Durable
// Object: `RateLimitStoreObject` is the class the Worker exports (and binds in wrangler.toml),
// `durableObjectStore(namespace)` the store a `RateLimiter` (or a `Webhook`, as its
// `replayGuard`) uses. One object per key (`idFromName(key)`): a Durable Object handles its
// requests one at a time, so each decision reads and writes the key's state with no other
// request in between, and the limit is exact across isolates and locations.
//
// The decision is the core's (the WASM backend's `RateLimiterCore.decide`), made inside the
// object with its clock; the state is kept in the object's storage, so it survives the
// object's eviction from memory.

import { describe } from './convert.js';

const DEFAULT_TIMEOUT_MS = 1000;
const ORIGIN = 'https://edgeward.invalid/';

export function createDurableObjectStore(Core) {
  /** The Durable Object class: export it from the Worker and bind it. */
  class RateLimitStoreObject {
    #storage;
    #cores = new Map();

    constructor(ctx) {
      this.#storage = ctx.storage;
    }

    /** The core for one limit, as the store interface gives it (emission and tolerance). */
    #core(emission, tolerance) {
      const id = `${emission}:${tolerance}`;
      let core = this.#cores.get(id);
      if (core === undefined) {
        core = new Core(1, emission / 1e6, tolerance / emission);
        this.#cores.set(id, core);
      }
      return core;
    }

    async fetch(request) {
      try {
        const body = await request.json();
        if (body.op === 'throttle') {
          const { key, emission, tolerance, cost, now } = body;
          const stored = await this.#storage.get(`t:${key}`);
          const at = now >= 0 ? now / 1e6 : Date.now() / 1000;
          const decided = this.#core(emission, tolerance).decide(stored ?? undefined, at, cost);
          if (decided[5] >= 0) await this.#storage.put(`t:${key}`, decided[5]);
          return Response.json(Array.from(decided).slice(0, 5)); // WASM answers a Float64Array
        }
        if (body.op === 'seen') {
          const { key, ttl } = body;
          const until = await this.#storage.get(`s:${key}`);
          const now = Date.now();
          if (typeof until === 'number' && until > now) return Response.json(true);
          await this.#storage.put(`s:${key}`, now + Math.max(1, ttl) * 1000);
          return Response.json(false);
        }
        return Response.json({ error: 'unknown operation' }, { status: 400 });
      } catch (error) {
        return Response.json({ error: String(error?.message ?? error) }, { status: 500 });
      }
    }
  }

  /** The store for a `RateLimitStoreObject` namespace binding. */
  function durableObjectStore(namespace, options = {}) {
    if (typeof namespace?.idFromName !== 'function' || typeof namespace?.get !== 'function') {
      throw new TypeError(`durableObjectStore() takes a Durable Object namespace binding, got ${describe(namespace)}`);
    }
    const timeoutMs = options?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
      throw new TypeError(`timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}`);
    }
    async function call(key, message) {
      const stub = namespace.get(namespace.idFromName(key));
      const response = await stub.fetch(ORIGIN, {
        method: 'POST',
        body: JSON.stringify({ key, ...message }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new Error(`the Durable Object store answered ${response.status}`);
      return response.json();
    }
    return Object.freeze({
      kind: 'durable-object',
      timeoutMs,
      throttle(key, emission, tolerance, cost, now = -1) {
        return call(key, { op: 'throttle', emission, tolerance, cost, now });
      },
      async seen(key, ttlSeconds) {
        return (await call(key, { op: 'seen', ttl: ttlSeconds })) === true;
      },
    });
  }

  return { RateLimitStoreObject, durableObjectStore };
}
