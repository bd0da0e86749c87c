// Rate limiting over a backend: `RateLimiter`, and the stores that share limits (and replay
// protection) between instances. The GCRA decision is the Rust core's: in memory through the
// backend, in Redis through a Lua script tested against the core on the shared vectors, in a
// Durable Object through the backend inside the object.
//
// Every store answers a `CL.THROTTLE` reply, `[limited, limit, remaining, retryAfter (-1: not
// applicable), resetAfter]` in whole seconds, or an allowed check packed into one number,
// `remaining * 2^22 + resetAfter` (the Redis script's common answer: the cheapest reply);
// `result()` and `unpacked()` below are the places that turn them into the result object.
import { describe, seconds } from './convert.js';
import { createRedisStore } from './redis-store.js';
import { createDurableObjectStore } from './durable-object-store.js';

/** How long a check waits for an external store by default, in milliseconds. */
export const DEFAULT_STORE_TIMEOUT_MS = 1000;

const ON_STORE_ERROR = new Set(['deny', 'allow']);

/** `RateLimiter`, `redisStore` and the Durable Object store over `backend`; `fail` maps errors. */
export function createRateLimitApi(backend, fail) {
  const Core = backend.RateLimiterCore;
  // The in-memory state and its checks: free functions taking the state (see the backends).
  const {
    rateLimitMemory,
    rateLimitCheck,
    rateLimitCheckNow,
    rateLimitLastHandle,
    rateLimitMemoryStats,
  } = backend;

  /** Throws the core's RATE_LIMIT_INVALID_OPTIONS error, as the family's class. */
  function invalid(reason) {
    try {
      backend.rateLimitOptionsError(reason);
    } catch (error) {
      throw fail(error);
    }
  }

  /** The result object for a reply; `storeError` when `onStoreError` decided. */
  function result(reply, storeError) {
    const allowed = reply[0] === 0;
    const out = {
      allowed,
      limit: reply[1],
      remaining: reply[2],
      retryAfterSeconds: allowed ? 0 : reply[3] === -1 ? null : reply[3],
      resetAfterSeconds: reply[4],
    };
    if (storeError) out.storeError = true;
    return out;
  }

  function isReply(value) {
    return Array.isArray(value) && value.length === 5 && value.every((n) => Number.isSafeInteger(n));
  }

  /** An allowed check packed as remaining * 2^22 + resetAfter (the core's `Decision::packed`). */
  function unpacked(answer, limit) {
    const reset = answer % 4194304;
    return { allowed: true, limit, remaining: (answer - reset) / 4194304, retryAfterSeconds: 0, resetAfterSeconds: reset };
  }

  /** A store's packed answer: a whole number below 2^52 (above, not one: nonsense). */
  function isPacked(value) {
    return Number.isSafeInteger(value) && value >= 0 && value < 4503599627370496;
  }

  class RateLimiter {
    #core;
    #memory;
    #store;
    #allowOnStoreError;
    #policy;
    #prefix;
    #burst;
    /** Per-limiter constants read from the core once: the store's arguments and defaults. */
    #emission;
    #tolerance;
    #defaultArguments;
    /**
     * Key → handle of its entry in the core (a number; see bindings-js `ratelimit`), so that
     * `check(key)` of a known key is decided without reading the string into the backend.
     * Bounded: cleared whole when it reaches `maxKeys` (the most entries, hence valid handles,
     * the core holds), so a flood of new keys cannot grow it. A stale handle (its entry
     * reclaimed) finds nothing in the core, which checks handles, and the key is checked by
     * name in the same call.
     */
    #handles = new Map();
    #maxHandles;

    /**
     * `limit` requests per `periodSeconds`, at most `burst` at once (default `limit`). Without
     * a `store`, keys live in this process's (isolate's) memory, at most `maxKeys` of them.
     */
    constructor(options) {
      if (options === null || typeof options !== 'object') {
        invalid(`options must be an object such as { limit: 100, periodSeconds: 60 }, got ${describe(options)}`);
      }
      const { limit, periodSeconds, burst, maxKeys, store, onStoreError = 'deny', policy = 'default', prefix = 'edgeward:rl:' } = options;
      for (const [name, value] of [['limit', limit], ['periodSeconds', periodSeconds], ['burst', burst], ['maxKeys', maxKeys]]) {
        if (value !== undefined && typeof value !== 'number') invalid(`${name} must be a number, got ${describe(value)}`);
      }
      if (!ON_STORE_ERROR.has(onStoreError)) invalid(`onStoreError must be "deny" or "allow", got ${String(onStoreError)}`);
      if (typeof policy !== 'string') invalid(`policy must be a string, got ${describe(policy)}`);
      if (typeof prefix !== 'string') invalid(`prefix must be a string, got ${describe(prefix)}`);
      if (store !== undefined && store !== null && typeof store?.throttle !== 'function') {
        invalid(`store must be a rate limit store such as redisStore(client), with a throttle() method, got ${describe(store)}`);
      }
      try {
        this.#core = new Core(limit ?? Number.NaN, periodSeconds ?? Number.NaN, burst);
        this.#memory = rateLimitMemory(this.#core, maxKeys);
      } catch (error) {
        throw fail(error);
      }
      this.#burst = this.#core.burst;
      this.#emission = this.#core.emissionMicros;
      this.#tolerance = this.#core.toleranceMicros;
      this.#defaultArguments = Core.checkArguments(undefined, undefined);
      this.#maxHandles = this.maxKeys;
      this.#store = store ?? undefined;
      this.#allowOnStoreError = onStoreError === 'allow';
      this.#policy = policy;
      this.#prefix = prefix;
    }

    #arguments(key, options) {
      if (typeof key !== 'string') invalid(`key must be a string, got ${describe(key)}`);
      const now = options?.now === undefined ? undefined : seconds(options.now);
      return [now, options?.cost];
    }

    /**
     * Checks `key` for `cost` (default 1) at `now` (default the clock; seconds or a Date).
     * Synchronous: the in-memory store only (use `checkAsync` with an external store).
     */
    check(key, options) {
      // The common call, check(key), reads no options and allocates nothing but the result;
      // the backend reads the clock itself (one argument across the boundary, not three).
      if (typeof key !== 'string') invalid(`key must be a string, got ${describe(key)}`);
      if (this.#store !== undefined) invalid('this limiter has an asynchronous store: use checkAsync()');
      let answer;
      try {
        if (options === undefined) {
          // By the key's handle if it has one (-1: none); the backend reads the key only when
          // the handle finds nothing.
          answer = rateLimitCheckNow(this.#memory, key, this.#handles.get(key) ?? -1);
          if (typeof answer === 'number' && answer < 0) {
            // Allowed by key, and the key got a new handle: -packed - 1 (see bindings-js).
            answer = -answer - 1;
            this.#remember(key);
          }
        } else {
          const now = options?.now === undefined ? Date.now() / 1000 : seconds(options.now);
          answer = rateLimitCheck(this.#memory, key, now, options?.cost);
        }
      } catch (error) {
        throw fail(error);
      }
      if (typeof answer !== 'number') return result(answer, false);
      return unpacked(answer, this.#burst);
    }

    /** Caches the handle the latest check by key gave `key`. */
    #remember(key) {
      const handle = rateLimitLastHandle(this.#memory);
      if (handle < 0) return;
      if (this.#handles.size >= this.#maxHandles) this.#handles.clear();
      this.#handles.set(key, handle);
    }

    /**
     * `check` for any store. A store that fails, times out or answers nonsense never throws
     * here: the result follows `onStoreError` (denied by default) and carries `storeError: true`.
     */
    async checkAsync(key, options) {
      const store = this.#store;
      if (store === undefined) return this.check(key, options);
      let args = this.#defaultArguments;
      if (options !== undefined) {
        const [now, cost] = this.#arguments(key, options);
        try {
          args = Core.checkArguments(now, cost);
        } catch (error) {
          throw fail(error);
        }
      } else if (typeof key !== 'string') {
        invalid(`key must be a string, got ${describe(key)}`);
      }
      try {
        const reply = await store.throttle(this.#prefix + key, this.#emission, this.#tolerance, args[1], args[0]);
        if (typeof reply === 'number') {
          if (isPacked(reply)) return unpacked(reply, this.#burst);
        } else if (isReply(reply)) {
          return result(reply, false);
        }
      } catch {
        // Down, timed out, refused: the policy decides, below.
      }
      return result(this.#core.storeFailed(this.#allowOnStoreError), true);
    }

    /**
     * The response headers for a result: `RateLimit-Policy` and `RateLimit` (IETF
     * httpapi-ratelimit-headers), and `Retry-After` when denied.
     */
    headers(res) {
      const reply = [res.allowed ? 0 : 1, res.limit, res.remaining, res.retryAfterSeconds ?? -1, res.resetAfterSeconds];
      const flat = this.#core.headers(reply, this.#policy);
      const headers = {};
      for (let i = 0; i + 1 < flat.length; i += 2) headers[flat[i]] = flat[i + 1];
      return headers;
    }

    get limit() {
      return this.#core.limit;
    }

    get burst() {
      return this.#core.burst;
    }

    get periodSeconds() {
      return this.#core.periodSeconds;
    }

    /** Keys held in memory (0 with an external store). */
    get size() {
      return rateLimitMemoryStats(this.#memory)[0];
    }

    get maxKeys() {
      return rateLimitMemoryStats(this.#memory)[1];
    }

    /** New keys refused because memory was full of keys still limited (never evicted). */
    get refusedFull() {
      return rateLimitMemoryStats(this.#memory)[2];
    }
  }

  const redisStore = createRedisStore(backend.rateLimitRedisScript());
  const { RateLimitStoreObject, durableObjectStore } = createDurableObjectStore(Core);
  return { RateLimiter, redisStore, RateLimitStoreObject, durableObjectStore };
}
