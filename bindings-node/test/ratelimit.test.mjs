// RateLimiter in memory, through the backend selected by EDGEWARD_BACKEND: the shared vectors
// (redis-cell's CL.THROTTLE case table and our own), the bounded key map, headers, errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { RateLimiter, RateLimitError, EdgewardError, errorCodes } from 'edgeward';
import { loadVectors } from './vectors.mjs';
import { expected } from './helpers/ratelimit.mjs';

const { groups } = loadVectors('ratelimit.json');

test('the in-memory limiter answers every vector step', () => {
  let steps = 0;
  for (const group of groups) {
    const limiter = new RateLimiter({ limit: group.limit, periodSeconds: group.period_seconds, burst: group.burst });
    for (const step of group.steps) {
      const now = group.start + step.at_ms / 1000;
      assert.deepEqual(limiter.check('key', { now, cost: step.cost }), expected(step), `${group.name} ${JSON.stringify(step)}`);
      steps++;
    }
  }
  assert.equal(steps, 44);
});

test('a Date is a time, and the default clock is used without now', () => {
  const limiter = new RateLimiter({ limit: 2, periodSeconds: 60 });
  assert.equal(limiter.check('a', { now: new Date(1_700_000_000_000) }).remaining, 1);
  assert.equal(limiter.check('b').remaining, 1);
  assert.equal(limiter.check('b').remaining, 0);
  assert.equal(limiter.check('b').allowed, false);
});

test('check(key) reads the same clock as Date.now() (the backend reads it itself)', () => {
  // One request per 60 s, two at once: the backend's clock and JS's must agree to the second,
  // or the mixed calls below would see a budget that is not theirs.
  const limiter = new RateLimiter({ limit: 1, periodSeconds: 60, burst: 2 });
  const first = limiter.check('k');
  assert.deepEqual(first, { allowed: true, limit: 2, remaining: 1, retryAfterSeconds: 0, resetAfterSeconds: 60 });
  assert.equal(limiter.check('k', { now: Date.now() / 1000 }).remaining, 0);
  const denied = limiter.check('k');
  assert.equal(denied.allowed, false);
  assert.ok(denied.retryAfterSeconds >= 59 && denied.retryAfterSeconds <= 60, String(denied.retryAfterSeconds));
  assert.ok(denied.resetAfterSeconds >= 119 && denied.resetAfterSeconds <= 120, String(denied.resetAfterSeconds));
  // A time well before now finds the key's budget spent as well: both calls wrote one state.
  assert.equal(limiter.check('k', { now: Date.now() / 1000 - 1 }).allowed, false);
  assert.equal(limiter.size, 1);
});

test('headers: RateLimit-Policy, RateLimit, and Retry-After when denied', () => {
  const limiter = new RateLimiter({ limit: 100, periodSeconds: 60, burst: 1, policy: 'webhooks' });
  const now = 1_700_000_000;
  const ok = limiter.check('ip', { now });
  assert.deepEqual(limiter.headers(ok), { 'RateLimit-Policy': '"webhooks";q=100;w=60', RateLimit: '"webhooks";r=0;t=1' });
  const denied = limiter.check('ip', { now });
  assert.equal(denied.allowed, false);
  assert.deepEqual(limiter.headers(denied), {
    'RateLimit-Policy': '"webhooks";q=100;w=60',
    RateLimit: '"webhooks";r=0;t=1',
    'Retry-After': '1',
  });
});

test('a flood of new keys cannot reset a busy key (bounded map, live keys never evicted)', () => {
  const limiter = new RateLimiter({ limit: 5, periodSeconds: 60, maxKeys: 1000 });
  const now = 1_700_000_000;
  for (let i = 0; i < 5; i++) assert.equal(limiter.check('busy', { now }).allowed, true);
  assert.equal(limiter.check('busy', { now }).allowed, false);
  let refused = 0;
  for (let i = 0; i < 20_000; i++) if (!limiter.check(`flood-${i}`, { now: now + i / 1e6 }).allowed) refused++;
  assert.ok(limiter.size <= 1000);
  assert.equal(refused, 20_000 - 999);
  assert.equal(limiter.refusedFull, refused);
  assert.equal(limiter.check('busy', { now: now + 0.5 }).allowed, false);
  // Once the flood's entries drained (one emission interval: 12 s), new keys get a place.
  assert.equal(limiter.check('newcomer', { now: now + 13 }).allowed, true);
});

test('invalid options and arguments are RATE_LIMIT_INVALID_OPTIONS', () => {
  assert.ok(errorCodes.includes('RATE_LIMIT_INVALID_OPTIONS'));
  const bad = [
    undefined,
    {},
    { limit: 0, periodSeconds: 60 },
    { limit: 1.5, periodSeconds: 60 },
    { limit: 10, periodSeconds: 0 },
    { limit: 10, periodSeconds: 60, burst: 0 },
    { limit: '10', periodSeconds: 60 },
    { limit: 10, periodSeconds: 60, maxKeys: 0 },
    { limit: 10, periodSeconds: 60, onStoreError: 'ignore' },
    { limit: 10, periodSeconds: 60, store: {} },
  ];
  for (const options of bad) {
    assert.throws(() => new RateLimiter(options), (error) => {
      assert.ok(error instanceof RateLimitError && error instanceof EdgewardError, String(error));
      assert.equal(error.code, 'RATE_LIMIT_INVALID_OPTIONS');
      return true;
    }, JSON.stringify(options));
  }
  const limiter = new RateLimiter({ limit: 10, periodSeconds: 60 });
  for (const [key, options] of [[1, undefined], ['k', { cost: -1 }], ['k', { cost: 0.5 }], ['k', { now: Number.NaN }], ['k', { now: 'soon' }]]) {
    assert.throws(() => limiter.check(key, options), { code: 'RATE_LIMIT_INVALID_OPTIONS' });
  }
});

test('checkAsync without a store is check', async () => {
  const limiter = new RateLimiter({ limit: 1, periodSeconds: 60 });
  assert.equal((await limiter.checkAsync('k', { now: 1_700_000_000 })).allowed, true);
  assert.equal((await limiter.checkAsync('k', { now: 1_700_000_000 })).allowed, false);
});

test('a store may answer an allowed check packed into one number, as the Redis script does', async () => {
  const packed = 7 * 2 ** 22 + 3; // remaining 7, reset after 3 s
  for (const answer of [packed, Promise.resolve(packed)]) {
    const limiter = new RateLimiter({ limit: 10, periodSeconds: 60, burst: 8, store: { throttle: () => answer } });
    assert.deepEqual(await limiter.checkAsync('k'), {
      allowed: true, limit: 8, remaining: 7, retryAfterSeconds: 0, resetAfterSeconds: 3,
    });
  }
  // The packed and the reply form of one decision give the same result.
  const memory = new RateLimiter({ limit: 10, periodSeconds: 60 });
  const decided = memory.check('k', { now: 1_700_000_000 });
  const reply = [0, decided.limit, decided.remaining, -1, decided.resetAfterSeconds];
  const viaReply = new RateLimiter({ limit: 10, periodSeconds: 60, store: { throttle: async () => reply } });
  const viaPacked = new RateLimiter({
    limit: 10, periodSeconds: 60, store: { throttle: async () => decided.remaining * 2 ** 22 + decided.resetAfterSeconds },
  });
  assert.deepEqual(await viaReply.checkAsync('k'), decided);
  assert.deepEqual(await viaPacked.checkAsync('k'), decided);
});

test('a store that fails follows onStoreError and never throws', async () => {
  const failing = { throttle: async () => { throw new Error('down'); } };
  const nonsense = { throttle: async () => 'OK' };
  // Numbers that are not a packed answer are nonsense too, never a budget.
  const numbers = [-1, 2 ** 52, 2 ** 53 + 2, 1.5, Number.NaN, Infinity, -0.5].map((n) => ({ throttle: async () => n }));
  for (const store of [failing, nonsense, ...numbers]) {
    const deny = new RateLimiter({ limit: 10, periodSeconds: 60, store });
    assert.deepEqual(await deny.checkAsync('k'), {
      allowed: false, limit: 10, remaining: 0, retryAfterSeconds: 1, resetAfterSeconds: 0, storeError: true,
    });
    assert.throws(() => deny.check('k'), { code: 'RATE_LIMIT_INVALID_OPTIONS' });
    const allow = new RateLimiter({ limit: 10, periodSeconds: 60, store, onStoreError: 'allow' });
    assert.deepEqual(await allow.checkAsync('k'), {
      allowed: true, limit: 10, remaining: 10, retryAfterSeconds: 0, resetAfterSeconds: 0, storeError: true,
    });
  }
});

// check(key) without options remembers the handle (its entry in the backend's memory) of a key
// checked again while held, and checks it by that number instead of reading the string. The
// core checks the handle's generation, so a handle whose entry was reclaimed is stale and the
// key is checked by name.

test('a reclaimed key is checked by name, never through the handle now naming another key', async () => {
  // Ten per second, two at once: "a" drains 200 ms after its two checks.
  const limiter = new RateLimiter({ limit: 10, periodSeconds: 1, burst: 2, maxKeys: 2 });
  assert.equal(limiter.check('a').remaining, 1);
  assert.equal(limiter.check('a').remaining, 0); // checked again while held: its handle
  await new Promise((resolve) => setTimeout(resolve, 250));
  // "a" has drained and is reclaimed: "b" takes its place (the same slot in the core).
  assert.deepEqual(limiter.check('b'), { allowed: true, limit: 2, remaining: 1, retryAfterSeconds: 0, resetAfterSeconds: 1 });
  assert.equal(limiter.size, 1);
  // "a"'s handle is stale: "a" is a new key with its full budget. Through the old slot it
  // would have spent "b"'s second request instead (remaining 0).
  assert.deepEqual(limiter.check('a'), { allowed: true, limit: 2, remaining: 1, retryAfterSeconds: 0, resetAfterSeconds: 1 });
  assert.equal(limiter.size, 2);
  // "b" still has its second request, then none; "a" too.
  assert.equal(limiter.check('b').remaining, 0);
  assert.equal(limiter.check('b').allowed, false);
  assert.equal(limiter.check('a').remaining, 0);
  assert.equal(limiter.check('a').allowed, false);
});

test('check(key) by handle answers as check(key, { now }) by name, on a random sequence', () => {
  // Limits in whole seconds far longer than the test: both limiters round every time they
  // answer to the same whole seconds, whatever milliseconds separate their clocks.
  for (const [limit, periodSeconds, maxKeys] of [[5, 3600, 20], [3, 60, 7], [2, 10, 1]]) {
    const byHandle = new RateLimiter({ limit, periodSeconds, maxKeys });
    const byName = new RateLimiter({ limit, periodSeconds, maxKeys });
    let seed = 0x9e3779b9;
    for (let n = 0; n < 3000; n++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      const key = `client-${seed % 31}`;
      const expected = byName.check(key, { now: Date.now() / 1000 });
      assert.deepEqual(byHandle.check(key), expected, `${limit}/${periodSeconds}s step ${n} ${key}`);
    }
    assert.equal(byHandle.size, byName.size);
    assert.equal(byHandle.refusedFull, byName.refusedFull);
    assert.ok(byHandle.refusedFull > 0);
  }
});

test('a flood of new keys does not grow the key -> handle cache past maxKeys', () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  // A million per second: every entry drains within the millisecond, so memory keeps making
  // room for new keys; each is checked twice, so each allowed one gets a handle.
  const limiter = new RateLimiter({ limit: 1_000_000, periodSeconds: 1, maxKeys: 100 });
  limiter.check('warm-up');
  gc();
  const before = process.memoryUsage().heapUsed;
  let allowed = 0;
  for (let i = 0; allowed < 20_000 && i < 5_000_000; i++) {
    const key = `flood-${i}-${'x'.repeat(24)}`;
    if (limiter.check(key).allowed && limiter.check(key).allowed) allowed++;
  }
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  assert.equal(allowed, 20_000);
  assert.ok(limiter.size <= 100);
  // Unbounded, the cache would keep every allowed key: over 100 bytes each, 2 MB or more.
  assert.ok(grown < 500_000, `heap grew by ${grown} bytes after ${allowed} new keys`);
  // The keys still answer correctly after the cache was cleared.
  assert.equal(limiter.check('warm-up').allowed, true);
});
