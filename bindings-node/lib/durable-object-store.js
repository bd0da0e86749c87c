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
//
// Expired entries are deleted, as Redis expires its keys: every entry is stored with the time
// (the object's clock, in milliseconds) after which it no longer changes any answer, the same
// time to live the Redis script gives its key (`PX`). A read treats an expired entry as absent
// (and deletes it when the check stores nothing new), and a storage alarm, set for the
// earliest expiry, sweeps expired entries in bounded batches, so a key that is never checked
// again does not stay in storage forever. An entry is deleted only once it has expired, so
// the limits stay exactly what they were.

import { describe } from './convert.js';

const DEFAULT_TIMEOUT_MS = 1000;
const ORIGIN = 'https://edgeward.invalid/';
/** Entries one alarm looks at, at most (also `storage.delete`'s limit of keys per call). */
const SWEEP_BATCH = 128;

/**
 * When a stored entry expires (ms), or undefined for a key that is not the store's. Rate
 * limit entries are `{ tat, expires }` (a bare number, the TAT in µs, from before expiry was
 * stored: it expires with its TAT); replay entries are their expiry.
 */
function expiryOf(name, value) {
  if (name.startsWith('t:')) {
    if (typeof value === 'number') return value / 1000;
    return typeof value?.expires === 'number' ? value.expires : undefined;
  }
  if (name.startsWith('s:')) return typeof value === 'number' ? value : undefined;
  return undefined;
}

export function createDurableObjectStore(Core) {
  /** The Durable Object class: export it from the Worker and bind it. */
  class RateLimitStoreObject {
    #storage;
    #cores = new Map();
    /** The alarm's time as last set or read (ms; null: none; undefined: not known yet). */
    #alarmAt;
    /** A sweep across several batches: the last key swept, and the earliest expiry seen. */
    #sweepAfter;
    #sweepNext = Infinity;

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

    /** Makes sure the alarm rings by `expires` (ms), when that entry can be deleted. */
    async #sweepBy(expires) {
      if (this.#sweepAfter !== undefined) this.#sweepNext = Math.min(this.#sweepNext, expires);
      if (this.#alarmAt === undefined) this.#alarmAt = await this.#storage.getAlarm();
      if (this.#alarmAt === null || this.#alarmAt > expires) {
        await this.#storage.setAlarm(expires);
        this.#alarmAt = expires;
      }
    }

    async #throttle({ key, emission, tolerance, cost, now }) {
      const name = `t:${key}`;
      const stored = await this.#storage.get(name);
      const clock = Date.now();
      const expires = expiryOf(name, stored);
      const live = expires !== undefined && expires > clock;
      const tat = live ? (typeof stored === 'number' ? stored : stored.tat) : undefined;
      const at = now >= 0 ? now / 1e6 : clock / 1000;
      const decided = this.#core(emission, tolerance).decide(tat, at, cost);
      if (decided[5] >= 0) {
        const entry = { tat: decided[5], expires: clock + decided[6] };
        await this.#storage.put(name, entry);
        await this.#sweepBy(entry.expires);
      } else if (stored !== undefined && !live) {
        await this.#storage.delete(name);
      }
      return Array.from(decided).slice(0, 5); // WASM answers a Float64Array
    }

    async #seen({ key, ttl }) {
      const name = `s:${key}`;
      const until = await this.#storage.get(name);
      const now = Date.now();
      if (typeof until === 'number' && until > now) return true;
      const expires = now + Math.max(1, ttl) * 1000;
      await this.#storage.put(name, expires);
      await this.#sweepBy(expires);
      return false;
    }

    async fetch(request) {
      try {
        const body = await request.json();
        if (body.op === 'throttle') return Response.json(await this.#throttle(body));
        if (body.op === 'seen') return Response.json(await this.#seen(body));
        return Response.json({ error: 'unknown operation' }, { status: 400 });
      } catch (error) {
        return Response.json({ error: String(error?.message ?? error) }, { status: 500 });
      }
    }

    /**
     * The storage alarm: deletes the expired entries of one batch, then sets the alarm for
     * the next batch (at once) or, after the last, for the earliest expiry left.
     */
    async alarm() {
      this.#alarmAt = null; // a ringing alarm is no longer set
      const now = Date.now();
      const options = { limit: SWEEP_BATCH };
      if (this.#sweepAfter !== undefined) options.startAfter = this.#sweepAfter;
      const batch = await this.#storage.list(options);
      const expired = [];
      let last;
      for (const [name, value] of batch) {
        last = name;
        const expires = expiryOf(name, value);
        if (expires === undefined) continue;
        if (expires <= now) expired.push(name);
        else this.#sweepNext = Math.min(this.#sweepNext, expires);
      }
      if (expired.length > 0) await this.#storage.delete(expired);
      let next;
      if (batch.size === SWEEP_BATCH) {
        this.#sweepAfter = last;
        next = now;
      } else {
        next = this.#sweepNext;
        this.#sweepAfter = undefined;
        this.#sweepNext = Infinity;
      }
      if (next !== Infinity) {
        await this.#storage.setAlarm(next);
        this.#alarmAt = next;
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
