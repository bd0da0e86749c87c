// RateLimiter in memory, through the backend selected by EDGEWARD_BACKEND: the shared vectors
// (redis-cell's CL.THROTTLE case table and our own), the bounded key map, headers, errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
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
