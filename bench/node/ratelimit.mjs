// Rate limit check speed in Node: edgeward's in-memory RateLimiter.check against
// rate-limiter-flexible's RateLimiterMemory.consume (target: at least 2x), and edgeward's
// Redis check (one EVALSHA of the core's Lua script) against one bare Redis round trip (GET of
// a missing key, target: at most 1.2x), on a redis-server started here on a free port.
//
// Run (from bindings-node, after `npm run build native`):
//   EDGEWARD_BACKEND=native node ../bench/node/ratelimit.mjs
import { createRequire } from 'node:module';
import { RateLimiter, redisStore, backend } from '../../bindings-node/lib/entries/node.js';
import { startRedis } from '../../bindings-node/test/helpers/redis.mjs';
import { race } from './race.mjs';

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
const memory = await race({
  'edgeward check': () => edgeward.check(keys[i++ % KEYS]),
  'rate-limiter-flexible consume': () => flexible.consume(keys[i++ % KEYS]),
});

const server = await startRedis();
const client = new Redis(server.url);
const limiter = new RateLimiter({ limit, periodSeconds: 3600, store: redisStore(client) });
const redis = await race({
  'edgeward checkAsync (Redis)': () => limiter.checkAsync(keys[i++ % KEYS]),
  'one round trip (GET)': () => client.get(`missing:${keys[i++ % KEYS]}`),
});
await client.quit();
await server.stop();

const rows = { ...memory, ...redis };
console.log(`backend: ${backend}`);
for (const [name, us] of Object.entries(rows)) console.log(`${name.padEnd(34)} ${us.toFixed(3)} µs`);
const memoryRatio = memory['rate-limiter-flexible consume'] / memory['edgeward check'];
const redisRatio = redis['edgeward checkAsync (Redis)'] / redis['one round trip (GET)'];
console.log(`in-memory: edgeward is ${memoryRatio.toFixed(2)}x rate-limiter-flexible (target >= 2)`);
console.log(`Redis: edgeward check costs ${redisRatio.toFixed(2)}x one round trip (target <= 1.2)`);
