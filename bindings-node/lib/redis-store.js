// `redisStore(client)`: rate limits and replay protection shared by every instance through
// one Redis, with the client the application already has (`ioredis`, or `redis` v4+).
//
// - throttle: one EVALSHA of the core's Lua script per check (atomic; the server's clock, read
//   inside the script: no TIME round trip), the script's SHA from one SCRIPT LOAD on the
//   store's first use (shared by the checks waiting for it); after NOSCRIPT (a restart or
//   SCRIPT FLUSH) the check runs the script with EVAL, which also caches it again, so a check
//   costs one round trip in every case but the very first;
// - seen: `SET key 1 NX EX ttl` (seen when the reply is nil), the replay guard's contract.
// Every call gives up after `timeoutMs` (default 1000; checked every tenth of it, at most
// 100 ms): a down or stalled Redis then rejects,
// which `RateLimiter.checkAsync` turns into its `onStoreError` decision and `verifyAsync`
// into an error (the delivery is not accepted). With ioredis, prefer
// `enableOfflineQueue: false` (node-redis: `disableOfflineQueue: true`), so that commands
// issued while Redis is down fail at once instead of waiting in a queue and running late,
// after their answer was given (a replay key recorded for a delivery that was refused, whose
// retry would then be reported as WEBHOOK_REPLAYED).

import { describe } from './convert.js';

const DEFAULT_TIMEOUT_MS = 1000;

/**
 * A deadline for each call, swept by one interval timer per store (unref'd, stopped when a
 * sweep finds nothing pending) instead of a timer per call: arming and clearing a timer for
 * every check cost more than the Redis round trip itself. A call rejects between `ms` and
 * `ms + tick` after it started.
 */
function deadlines(ms) {
  const tick = Math.max(5, Math.min(100, ms / 10));
  const pending = new Set();
  let interval;
  function sweep() {
    const now = Date.now();
    for (const entry of pending) {
      if (entry.deadline <= now) {
        pending.delete(entry);
        entry.reject(new Error(`the Redis store did not answer within ${ms} ms`));
      }
    }
    if (pending.size === 0) {
      clearInterval(interval);
      interval = undefined;
    }
  }
  return (promise) =>
    new Promise((resolve, reject) => {
      const entry = { deadline: Date.now() + ms, reject };
      pending.add(entry);
      if (interval === undefined) {
        interval = setInterval(sweep, tick);
        interval.unref?.();
      }
      promise.then(
        (value) => {
          pending.delete(entry);
          resolve(value);
        },
        (error) => {
          pending.delete(entry);
          reject(error);
        },
      );
    });
}

const noScript = (error) => String(error?.message ?? error).includes('NOSCRIPT');

/** The two client APIs: ioredis (positional arguments) and node-redis v4+ (option objects). */
function adapter(client) {
  if (typeof client?.evalSha === 'function' && typeof client?.scriptLoad === 'function' && typeof client?.eval === 'function') {
    return {
      load: (script) => client.scriptLoad(script),
      evalSha: (sha, key, args) => client.evalSha(sha, { keys: [key], arguments: args.map(String) }),
      eval: (script, key, args) => client.eval(script, { keys: [key], arguments: args.map(String) }),
      setNx: (key, ttl) => client.set(key, '1', { NX: true, EX: ttl }),
    };
  }
  if (typeof client?.evalsha === 'function' && typeof client?.script === 'function' && typeof client?.eval === 'function') {
    return {
      load: (script) => client.script('LOAD', script),
      evalSha: (sha, key, args) => client.evalsha(sha, 1, key, ...args),
      eval: (script, key, args) => client.eval(script, 1, key, ...args),
      setNx: (key, ttl) => client.set(key, '1', 'EX', ttl, 'NX'),
    };
  }
  return undefined;
}

/** `redisStore` with the core's Lua script. */
export function createRedisStore(script) {
  return function redisStore(client, options = {}) {
    const redis = adapter(client);
    if (redis === undefined) {
      throw new TypeError(`redisStore() takes an ioredis or node-redis (v4+) client, got ${describe(client)}`);
    }
    const timeoutMs = options?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
      throw new TypeError(`timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}`);
    }
    const withTimeout = deadlines(timeoutMs);
    let sha;
    let loading;
    function evalSha(key, args) {
      return redis.evalSha(sha, key, args).catch((error) => {
        if (!noScript(error)) throw error;
        return redis.eval(script, key, args);
      });
    }
    function evaluate(key, args) {
      if (sha !== undefined) return evalSha(key, args);
      loading ??= redis.load(script).then(
        (loaded) => {
          sha = loaded;
        },
        (error) => {
          loading = undefined; // tried again by the next check
          throw error;
        },
      );
      return loading.then(() => evalSha(key, args));
    }
    return Object.freeze({
      kind: 'redis',
      timeoutMs,
      /** The core's GCRA decision for `key`; answers a CL.THROTTLE reply. */
      throttle(key, emissionMicros, toleranceMicros, cost, nowMicros = -1) {
        const args = [emissionMicros, toleranceMicros, cost, nowMicros];
        return withTimeout(evaluate(key, args));
      },
      /** The replay guard's contract: true if `key` is stored, else store it for `ttlSeconds`. */
      seen(key, ttlSeconds) {
        return withTimeout(redis.setNx(key, Math.max(1, Math.ceil(ttlSeconds)))).then((reply) => reply === null);
      },
    });
  };
}
