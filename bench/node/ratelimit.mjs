// Rate limit check speed in Node: edgeward's in-memory RateLimiter.check against
// rate-limiter-flexible's RateLimiterMemory.consume (target: at least 2x), and edgeward's
// Redis check (one EVALSHA of the core's Lua script) against one bare Redis round trip (GET of
// a missing key, target: at most 1.2x), on a redis-server started here on a free port.
//
// What each side does. edgeward `check(key)` is synchronous: one native call that reads the
// clock and the key's GCRA state from a bounded LRU map, decides and writes it back, and a
// result object. A key checked before crosses as its handle (a number from the facade's
// key -> handle cache, a JS `Map`), not as a string; the in-memory state is an `External`
// argument of a free function, not a class instance to unwrap.
// rate-limiter-flexible's `consume(key)` (fixed window over a JS Map) has no synchronous form:
// it returns a Promise, awaited here as an application must. Its synchronous internals
// (`_memoryStorage.incrby`, not public API) and the floors of a native call (a Node-API call
// taking one string, a getter) are printed too, to show what is left to gain.
// The Redis contenders run in turns, one call each per round, on one connection; the ratio is
// the median of the per-round ratios (robust against load from other processes).
//
// Run (from bindings-node, after `npm run build native`):
//   EDGEWARD_BACKEND=native node ../bench/node/ratelimit.mjs
import { createRequire } from 'node:module';
import { RateLimiter, redisStore, backend } from '../../bindings-node/lib/entries/node.js';
import { startRedis } from '../../bindings-node/test/helpers/redis.mjs';
import { addonFile, currentPlatform } from '../../bindings-node/lib/platforms.js';

// The peers are dev dependencies of the npm package.
const require = createRequire(new URL('../../bindings-node/package.json', import.meta.url));
const { RateLimiterMemory } = require('rate-limiter-flexible');
const { Redis } = require('ioredis');

const KEYS = 1000; // a realistic spread of client addresses
const keys = Array.from({ length: KEYS }, (_, i) => `203.0.113.${i % 250}:${i}`);
// A limit never reached in the benchmark, so both do the "allowed" bookkeeping every time.
const limit = 1e6;

const edgeward = new RateLimiter({ limit, periodSeconds: 3600 });
const flexible = new RateLimiterMemory({ points: limit, duration: 3600 });
let i = 0;
// The development build's file name, as bindings-node/scripts/build.mjs writes it.
const addon = addonFile(currentPlatform() ?? `${process.platform}-${process.arch}`);
const native = backend === 'native' ? createRequire(import.meta.url)(`../../bindings-node/native/${addon}`) : undefined;
// What a check costs around the core: a Node-API call taking the key (a free function, so no
// object unwrapping), a getter (a method call: unwrapping the object, returning a number), a
// free function taking an in-memory state (`External`) and answering a number (the shape of a
// check by handle, without the clock, the core and the argument), the JS clock and the result
// object the facade builds.
let sink = 0;
const memoryFloor = native ? native.rateLimitMemory(new native.RateLimiterCore(limit, 3600), undefined) : undefined;
const floors = native
  ? {
      'floor: Node-API call, one string': () => native.errorFamily(keys[i++ % KEYS]),
      'floor: Node-API getter': () => edgeward.limit,
      'floor: Node-API call, External': () => (sink += native.rateLimitLastHandle(memoryFloor)),
      'floor: Date.now()': () => (sink += Date.now()),
      'floor: result object': () => ({ allowed: true, limit: i, remaining: i++ % KEYS, retryAfterSeconds: 0, resetAfterSeconds: 1 }),
    }
  : {};
/**
 * Median µs per call of each contender over rounds of `batch` calls (each contender in turn,
 * a returned Promise awaited), and the median per-round ratio of `of` to `to`: load from other
 * processes hits the contenders of one round alike, so the ratio holds on a busy machine.
 */
async function batches(contenders, of, to, n = Number(process.env.BENCH_BATCHES ?? 600), batch = 256) {
  const names = Object.keys(contenders);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = -n / 10; round < n; round++) {
    for (const name of names) {
      const fn = contenders[name];
      const start = process.hrtime.bigint();
      for (let k = 0; k < batch; k++) {
        const out = fn();
        if (out instanceof Promise) await out;
      }
      if (round >= 0) times[name].push(Number(process.hrtime.bigint() - start) / 1000 / batch);
    }
  }
  const median = (values) => values.toSorted((a, b) => a - b)[values.length >> 1];
  const ratio = median(times[of].map((t, k) => t / times[to][k]));
  return { us: Object.fromEntries(names.map((name) => [name, median(times[name])])), ratio, times };
}

const memory = await batches(
  {
    'edgeward check': () => edgeward.check(keys[i++ % KEYS]),
    'rate-limiter-flexible consume': () => flexible.consume(keys[i++ % KEYS]),
    'flexible incrby (sync internals)': () => flexible._memoryStorage.incrby(keys[i++ % KEYS], 1, 3600),
    ...floors,
  },
  'rate-limiter-flexible consume',
  'edgeward check',
);

/** Median µs per call of each contender, and the median per-round ratio of `of` to `to`. */
async function rounds(contenders, of, to, n = Number(process.env.BENCH_ROUNDTRIPS ?? 4000)) {
  const names = Object.keys(contenders);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = -n / 10; round < n; round++) {
    for (const name of names) {
      const start = process.hrtime.bigint();
      await contenders[name]();
      if (round >= 0) times[name].push(Number(process.hrtime.bigint() - start) / 1000);
    }
  }
  const median = (values) => values.toSorted((a, b) => a - b)[values.length >> 1];
  const ratio = median(times[of].map((t, k) => t / times[to][k]));
  return { us: Object.fromEntries(names.map((name) => [name, median(times[name])])), ratio, times };
}

const server = await startRedis();
const client = new Redis(server.url);
const limiter = new RateLimiter({ limit, periodSeconds: 3600, store: redisStore(client) });
// The floor of any script: EVALSHA of `return 1` (loaded once), on the same connection.
const emptySha = await client.script('LOAD', 'return 1');
// The floor of an atomic, server-clocked GCRA: the script's Redis calls alone (TIME, GET, SET
// with an expiry), none of its arithmetic.
const minimalSha = await client.script(
  'LOAD',
  "local t = redis.call('TIME') redis.call('GET', KEYS[1]) redis.call('SET', KEYS[1], t[1], 'PX', 60000) return 1",
);
const redis = await rounds(
  {
    'edgeward checkAsync (Redis)': () => limiter.checkAsync(keys[i++ % KEYS]),
    'one round trip (GET)': () => client.get(`missing:${keys[i++ % KEYS]}`),
    'one round trip (PING)': () => client.ping(),
    'EVALSHA of "return 1"': () => client.evalsha(emptySha, 1, keys[i++ % KEYS]),
    'EVALSHA of TIME + GET + SET': () => client.evalsha(minimalSha, 1, `floor:${keys[i++ % KEYS]}`),
  },
  'edgeward checkAsync (Redis)',
  'one round trip (GET)',
);
await client.quit();
await server.stop();

const median = (values) => values.toSorted((a, b) => a - b)[values.length >> 1];
console.log(`backend: ${backend}`);
for (const [name, us] of Object.entries(memory.us)) console.log(`${name.padEnd(36)} ${us.toFixed(3)} µs (median)`);
for (const [name, us] of Object.entries(redis.us)) console.log(`${name.padEnd(36)} ${us.toFixed(3)} µs (median)`);
console.log(`in-memory: edgeward is ${memory.ratio.toFixed(2)}x rate-limiter-flexible (median of per-round ratios; target >= 2)`);
if (native) {
  const flexible = memory.times['rate-limiter-flexible consume'];
  const floor = memory.times['floor: Node-API call, one string'];
  const ceiling = median(flexible.map((t, k) => t / floor[k]));
  console.log(`  ceiling: an empty Node-API call taking the key is ${ceiling.toFixed(2)}x rate-limiter-flexible`);
}
if (sink < 0) console.log(sink); // keeps the clock reads alive
console.log(`Redis: edgeward check costs ${redis.ratio.toFixed(2)}x one round trip (median of per-round ratios; target <= 1.2)`);
const perRound = (of, to) => median(redis.times[of].map((t, k) => t / redis.times[to][k]));
console.log(
  `  floor: TIME + GET + SET alone costs ${perRound('EVALSHA of TIME + GET + SET', 'one round trip (GET)').toFixed(2)}x one round trip; ` +
    `edgeward is ${perRound('edgeward checkAsync (Redis)', 'EVALSHA of TIME + GET + SET').toFixed(2)}x that floor`,
);
