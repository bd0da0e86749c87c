// RateLimiter and replay protection on a real redis-server (started here on a free loopback
// port, without persistence, stopped after), with both Node clients users have: ioredis and
// node-redis. The core's Lua script answers the shared vectors; Redis stopped mid-run makes
// every check follow onStoreError within the documented timeout; restarted, checks recover.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { RateLimiter, Webhook, redisStore } from 'edgeward';
import { loadVectors } from './vectors.mjs';
import { expected } from './helpers/ratelimit.mjs';
import { startRedis } from './helpers/redis.mjs';

const { groups } = loadVectors('ratelimit.json');
let server;

before(async () => {
  server = await startRedis();
});
after(async () => {
  await server?.stop();
});

// `offline`: whether commands issued while Redis is down wait in the client's queue. The fault
// test turns it off, as the README advises: a queued command would run after its answer was
// given (a replay key recorded for a delivery that was refused).
const clients = {
  ioredis: async (url, offline = true) => {
    const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: offline });
    client.on('error', () => {}); // reported through the store's rejections
    await client.connect();
    return { client, close: () => client.quit() };
  },
  'node-redis': async (url, offline = true) => {
    const client = createClient({ url, disableOfflineQueue: !offline });
    client.on('error', () => {}); // without a listener, node-redis throws it out of the process
    await client.connect();
    return { client, close: () => client.quit() };
  },
};

for (const [name, connect] of Object.entries(clients)) {
  test(`${name}: the Lua script answers every vector step`, async () => {
    const { client, close } = await connect(server.url);
    const store = redisStore(client);
    let steps = 0;
    for (const [n, group] of groups.entries()) {
      const limiter = new RateLimiter({
        limit: group.limit, periodSeconds: group.period_seconds, burst: group.burst, store, prefix: `${name}-${n}:`,
      });
      for (const step of group.steps) {
        const now = group.start + step.at_ms / 1000;
        assert.deepEqual(await limiter.checkAsync('key', { now, cost: step.cost }), expected(step), `${group.name} ${JSON.stringify(step)}`);
        steps++;
      }
    }
    assert.equal(steps, 44);
    await close();
  });

  test(`${name}: the script answers an allowed check as one packed integer, a denied one as the reply`, async () => {
    const { client, close } = await connect(server.url);
    const store = redisStore(client);
    const key = `${name}-packed:k`;
    // Two per minute (emission 30 s, tolerance 60 s), at the server's clock.
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await store.throttle(key, 30e6, 60e6, 1, -1));
    assert.deepEqual(answers.slice(0, 2), [1 * 2 ** 22 + 30, 0 * 2 ** 22 + 60]);
    assert.deepEqual(answers[2], [1, 2, 0, 30, 60]);
    // The stored state reads back exactly: a microsecond timestamp has 16 digits.
    const stored = await client.get(key);
    assert.match(stored, /^\d{16}$/);
    await close();
  });

  test(`${name}: the server's clock, and the key expires with its state`, async () => {
    const { client, close } = await connect(server.url);
    const limiter = new RateLimiter({ limit: 3, periodSeconds: 60, store: redisStore(client), prefix: `${name}-clock:` });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.checkAsync('k'));
    assert.deepEqual(results.map((r) => r.allowed), [true, true, true, false]);
    assert.equal(results[3].retryAfterSeconds, 20);
    const ttl = Number(await client.pTTL?.(`${name}-clock:k`) ?? await client.pttl(`${name}-clock:k`));
    assert.ok(ttl > 59_000 && ttl <= 60_000, String(ttl));
    assert.throws(() => limiter.check('k'), { code: 'RATE_LIMIT_INVALID_OPTIONS' });
    await close();
  });

  test(`${name}: the replay store accepts a delivery once`, async () => {
    const { client, close } = await connect(server.url);
    const store = redisStore(client);
    assert.equal(await store.seen(`edgeward:test:${name}`, 60), false);
    assert.equal(await store.seen(`edgeward:test:${name}`, 60), true);
    const webhook = new Webhook('gh-secret', { scheme: 'github', replayGuard: store });
    const body = `{"client":"${name}"}`;
    const headers = webhook.signHeaders(body);
    await webhook.verifyAsync(body, headers);
    await assert.rejects(webhook.verifyAsync(body, headers), { code: 'WEBHOOK_REPLAYED' });
    await close();
  });

  test(`${name}: a check is one EVALSHA; after SCRIPT FLUSH, one EVAL`, async (t) => {
    const own = await startRedis();
    const admin = new Redis(own.url);
    const { client, close } = await connect(own.url);
    t.after(async () => {
      await close();
      await admin.quit();
      await own.stop();
    });
    /** Calls per command since the last CONFIG RESETSTAT (those of the script included). */
    const calls = async () => {
      const text = await admin.info('commandstats');
      return Object.fromEntries([...text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map((m) => [m[1], Number(m[2])]));
    };
    const limiter = new RateLimiter({ limit: 100, periodSeconds: 3600, store: redisStore(client) });
    // Concurrent first checks share one SCRIPT LOAD.
    await admin.config('RESETSTAT');
    const first = await Promise.all(Array.from({ length: 4 }, () => limiter.checkAsync('k')));
    assert.ok(first.every((r) => r.allowed && !r.storeError));
    assert.equal((await calls())['script|load'], 1);
    await admin.config('RESETSTAT');
    for (let i = 0; i < 5; i++) assert.equal((await limiter.checkAsync('k')).allowed, true);
    let stats = await calls();
    assert.equal(stats.evalsha, 5);
    // No SCRIPT EXISTS or LOAD, no EVAL, no TIME beside the script's own (one per check).
    assert.deepEqual(Object.keys(stats).filter((c) => c.startsWith('script') || c === 'eval'), []);
    assert.ok((stats.time ?? 0) <= 5, JSON.stringify(stats));
    await admin.script('FLUSH');
    await admin.config('RESETSTAT');
    const flushed = await limiter.checkAsync('k');
    assert.deepEqual([flushed.allowed, flushed.storeError, flushed.remaining], [true, undefined, 90]);
    stats = await calls();
    assert.equal(stats.eval, 1);
    assert.equal(stats['script|load'], undefined);
    // EVAL cached the script again: the next check is one EVALSHA.
    await admin.config('RESETSTAT');
    assert.equal((await limiter.checkAsync('k')).remaining, 89);
    stats = await calls();
    assert.deepEqual([stats.evalsha, stats.eval], [1, undefined]);
  });

  test(`${name}: Redis down mid-run, then back`, async () => {
    const own = await startRedis();
    const { client, close } = await connect(own.url, false);
    const timeoutMs = 300;
    const store = redisStore(client, { timeoutMs });
    const deny = new RateLimiter({ limit: 1000, periodSeconds: 60, store });
    const allow = new RateLimiter({ limit: 1000, periodSeconds: 60, store, onStoreError: 'allow' });
    const webhook = new Webhook('gh-secret', { scheme: 'github', replayGuard: store });
    assert.equal((await deny.checkAsync('k')).allowed, true);
    await own.stop();
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const [denied, allowed] = await Promise.all([deny.checkAsync('k'), allow.checkAsync('k')]);
      assert.ok(performance.now() - started < timeoutMs + 500, 'bounded by the store timeout');
      assert.deepEqual([denied.allowed, denied.storeError], [false, true]);
      assert.deepEqual([allowed.allowed, allowed.storeError], [true, true]);
    }
    // Replay protection fails closed: no delivery is accepted while the store is down.
    const body = '{"fault":true}';
    const headers = webhook.signHeaders(body);
    await assert.rejects(webhook.verifyAsync(body, headers));
    const again = await startRedis(own.port);
    let recovered;
    for (let i = 0; i < 100; i++) {
      recovered = await deny.checkAsync('k');
      if (!recovered.storeError) break;
      await new Promise((r) => setTimeout(r, 50)); // the client reconnects on its own
    }
    assert.deepEqual([recovered.allowed, recovered.storeError ?? false], [true, false]);
    await webhook.verifyAsync(body, headers);
    await assert.rejects(webhook.verifyAsync(body, headers), { code: 'WEBHOOK_REPLAYED' });
    await close();
    await again.stop();
  });
}

test('redisStore: a stalled call rejects at its deadline, answered calls never do, NOSCRIPT recovers in time', async () => {
  // A client in the ioredis shape, whose answers the test controls: the deadline logic alone
  // (the real-Redis fault test above covers a stopped server).
  const stalled = new Set(['stall']);
  let scriptLoaded = false;
  const client = {
    script: async () => 'sha',
    evalsha: (sha, n, key) => {
      if (stalled.has(key)) return new Promise(() => {});
      if ((key === 'flushed' && !scriptLoaded) || key === 'throws') return Promise.reject(new Error('NOSCRIPT No matching script'));
      return Promise.resolve(5 * 2 ** 22 + 1);
    },
    eval: (script, n, key) => {
      if (key === 'throws') throw new Error('the client is closed');
      scriptLoaded = true;
      return Promise.resolve(4 * 2 ** 22 + 1);
    },
    set: async () => 'OK',
  };
  const timeoutMs = 60;
  const store = redisStore(client, { timeoutMs });
  const started = performance.now();
  const stall = store.throttle('stall', 1, 1, 1, -1).then(
    () => assert.fail('a stalled call answered'),
    (error) => {
      const waited = performance.now() - started;
      assert.match(error.message, /did not answer within 60 ms/);
      assert.ok(waited >= timeoutMs - 1, `rejected early, after ${waited} ms`);
      return waited;
    },
  );
  // Calls made behind the stalled one answer at once, and stay answered past its deadline.
  const fast = await Promise.all(Array.from({ length: 50 }, () => store.throttle('k', 1, 1, 1, -1)));
  assert.ok(fast.every((answer) => answer === 5 * 2 ** 22 + 1));
  const flushed = store.throttle('flushed', 1, 1, 1, -1);
  const waited = await stall;
  // Two 6 ms ticks late at most; the slack is for a loaded CI machine, the point is the bound.
  assert.ok(waited < timeoutMs + 2 * 6 + 1000, `rejected late, after ${waited} ms`);
  assert.equal(await flushed, 4 * 2 ** 22 + 1);
  // After the sweep, new calls get fresh deadlines (the timer restarts when needed).
  assert.equal(await store.throttle('k', 1, 1, 1, -1), 5 * 2 ** 22 + 1);
  await assert.rejects(store.throttle('stall', 1, 1, 1, -1), /did not answer within/);
  // A client that throws instead of rejecting fails the call at once, not at its deadline.
  const patient = redisStore(client, { timeoutMs: 5000 });
  const before = performance.now();
  await assert.rejects(patient.throttle('throws', 1, 1, 1, -1), /the client is closed/);
  assert.ok(performance.now() - before < 1000, 'failed at once, not after 5 s');
});

test('redisStore refuses what is not a Redis client', () => {
  assert.throws(() => redisStore({}), TypeError);
  assert.throws(() => redisStore(null), TypeError);
});
