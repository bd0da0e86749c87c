// `redisStore(client)`: rate limits and replay protection shared by every instance through
// one Redis, with the client the application already has (`ioredis`, or `redis` v4+).
//
// - throttle: one EVALSHA of the core's Lua script per check (atomic; the server's clock, read
//   inside the script: no TIME round trip; an allowed check answers one packed integer), the
//   script's SHA from one SCRIPT LOAD on the store's first use (shared by the checks waiting
//   for it); after NOSCRIPT (a restart or SCRIPT FLUSH) the check runs the script with EVAL,
//   which also caches it again, so a check costs one round trip in every case but the first;
// - seen: `SET key 1 NX EX ttl` (seen when the reply is nil), the replay guard's contract.
// Every call gives up after `timeoutMs` (default 1000; checked every tenth of it, at most
// 100 ms, so at most two such ticks late): a down or stalled Redis then rejects, which
// `RateLimiter.checkAsync` turns into its `onStoreError` decision and `verifyAsync` into an
// error (the delivery is not accepted). With ioredis, prefer `enableOfflineQueue: false`
// (node-redis: `disableOfflineQueue: true`), so that commands issued while Redis is down fail
// at once instead of waiting in a queue and running late, after their answer was given (a
// replay key recorded for a delivery that was refused, whose retry would then be reported as
// WEBHOOK_REPLAYED).

import { describe } from './convert.js';

const DEFAULT_TIMEOUT_MS = 1000;

/**
 * A deadline for each call, kept cheap because it is paid on every check: entries go in
 * arrival order into one queue, swept by one interval timer per store (unref'd, stopped when
 * the queue is empty) that also keeps a coarse monotonic clock. A timer per call, a `Set` of
 * pending calls or a clock read per call each cost a measurable share of a loopback round
 * trip (bench/node/ratelimit.mjs). A call rejects between `ms` and `ms + 2 * tick` after it
 * started (the coarse clock lags by at most one tick, so a tick is added to each deadline).
 *
 * `within(promise, recover)` answers `promise`'s outcome; if that rejects and
 * `recover(error)` answers a promise (the EVAL after a NOSCRIPT), that one's outcome instead,
 * under the same deadline.
 */
function deadlines(ms) {
  const tick = Math.max(5, Math.min(100, ms / 10));
  let queue = [];
  let clock = 0;
  let interval;
  function sweep() {
    clock = performance.now();
    let kept = 0;
    // Deadlines grow in queue order: stop at the first call still in time.
    for (; kept < queue.length; kept++) {
      const entry = queue[kept];
      if (entry.done) continue;
      if (entry.deadline > clock) break;
      entry.done = true;
      entry.reject(new Error(`the Redis store did not answer within ${ms} ms`));
    }
    // Answered calls behind one still in time wait for it: at most one deadline longer.
    if (kept > 0) queue = queue.slice(kept);
    if (queue.length === 0) {
      clearInterval(interval);
      interval = undefined;
    }
  }
  return (promise, recover) =>
    new Promise((resolve, reject) => {
      if (interval === undefined) {
        clock = performance.now();
        interval = setInterval(sweep, tick);
        interval.unref?.();
      }
      const entry = { deadline: clock + ms + tick, reject, done: false };
      queue.push(entry);
      const settled = (value) => {
        entry.done = true;
        resolve(value);
      };
      const failed = (error) => {
        entry.done = true;
        reject(error);
      };
      promise.then(settled, (error) => {
        let retry;
        try {
          retry = entry.done ? undefined : recover?.(error);
        } catch (thrown) {
          // A client that throws instead of rejecting: the call fails now, not at its deadline.
          failed(thrown);
          return;
        }
        if (retry === undefined) failed(error);
        else retry.then(settled, failed);
      });
    });
}

/**
 * The script's arguments. The common check (cost 1, the server's clock) sends only the
 * emission and tolerance, which the script reads as cost 1 and `TIME`: each argument costs the
 * client time to write on every check.
 */
function scriptArguments(emission, tolerance, cost, now) {
  return cost === 1 && now === -1 ? [emission, tolerance] : [emission, tolerance, cost, now];
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
    const within = deadlines(timeoutMs);
    let sha;
    let loading;
    /** The script by its SHA; after NOSCRIPT (a restart, SCRIPT FLUSH), by EVAL. */
    function evaluate(key, args) {
      const byText = (error) => (noScript(error) ? redis.eval(script, key, args) : undefined);
      if (sha !== undefined) return within(redis.evalSha(sha, key, args), byText);
      loading ??= redis.load(script).then(
        (loaded) => {
          sha = loaded;
        },
        (error) => {
          loading = undefined; // tried again by the next check
          throw error;
        },
      );
      return within(
        loading.then(() => redis.evalSha(sha, key, args)),
        byText,
      );
    }
    return Object.freeze({
      kind: 'redis',
      timeoutMs,
      /** The core's GCRA decision for `key`; answers a CL.THROTTLE reply. */
      throttle(key, emissionMicros, toleranceMicros, cost, nowMicros = -1) {
        return evaluate(key, scriptArguments(emissionMicros, toleranceMicros, cost, nowMicros));
      },
      /** The replay guard's contract: true if `key` is stored, else store it for `ttlSeconds`. */
      seen(key, ttlSeconds) {
        return within(redis.setNx(key, Math.max(1, Math.ceil(ttlSeconds)))).then((reply) => reply === null);
      },
    });
  };
}
