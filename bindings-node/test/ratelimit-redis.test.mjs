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

test('redisStore refuses what is not a Redis client', () => {
  assert.throws(() => redisStore({}), TypeError);
  assert.throws(() => redisStore(null), TypeError);
});
