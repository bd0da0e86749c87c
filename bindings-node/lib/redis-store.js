// `redisStore(client)`: rate limits and replay protection shared by every instance through
// one Redis, with the client the application already has (`ioredis`, or `redis` v4+).
//
// - throttle: one EVALSHA of the core's Lua script per check (atomic; the server's clock),
//   the script loaded with SCRIPT LOAD on first use and again after NOSCRIPT (a restart or
//   SCRIPT FLUSH);
// - seen: `SET key 1 NX EX ttl` (seen when the reply is nil), the replay guard's contract.
// Every call gives up after `timeoutMs` (default 1000): a down or stalled Redis then rejects,
// which `RateLimiter.checkAsync` turns into its `onStoreError` decision and `verifyAsync`
// into an error (the delivery is not accepted). With ioredis, prefer
// `enableOfflineQueue: false`, so that commands issued while Redis is down fail at once
// instead of waiting in a queue (and running late, after their answer was given).

import { describe } from './convert.js';

const DEFAULT_TIMEOUT_MS = 1000;

function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the Redis store did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const noScript = (error) => String(error?.message ?? error).includes('NOSCRIPT');

/** The two client APIs: ioredis (positional arguments) and node-redis v4+ (option objects). */
function adapter(client) {
  if (typeof client?.evalSha === 'function' && typeof client?.scriptLoad === 'function') {
    return {
      load: (script) => client.scriptLoad(script),
      evalSha: (sha, key, args) => client.evalSha(sha, { keys: [key], arguments: args.map(String) }),
      setNx: (key, ttl) => client.set(key, '1', { NX: true, EX: ttl }),
    };
  }
  if (typeof client?.evalsha === 'function' && typeof client?.script === 'function') {
    return {
      load: (script) => client.script('LOAD', script),
      evalSha: (sha, key, args) => client.evalsha(sha, 1, key, ...args.map(String)),
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
    let sha;
    async function evaluate(key, args) {
      sha ??= await redis.load(script);
      try {
        return await redis.evalSha(sha, key, args);
      } catch (error) {
        if (!noScript(error)) throw error;
        sha = await redis.load(script);
        return redis.evalSha(sha, key, args);
      }
    }
    return Object.freeze({
      kind: 'redis',
      timeoutMs,
      /** The core's GCRA decision for `key`; answers a CL.THROTTLE reply. */
      throttle(key, emissionMicros, toleranceMicros, cost, nowMicros = -1) {
        const args = [emissionMicros, toleranceMicros, cost, nowMicros];
        return withTimeout(
          evaluate(key, args).then((reply) => (Array.isArray(reply) ? reply.map(Number) : reply)),
          timeoutMs,
        );
      },
      /** The replay guard's contract: true if `key` is stored, else store it for `ttlSeconds`. */
      seen(key, ttlSeconds) {
        return withTimeout(redis.setNx(key, Math.max(1, Math.ceil(ttlSeconds))), timeoutMs).then((reply) => reply === null);
      },
    });
  };
}
