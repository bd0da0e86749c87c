// One app instance of the cross-instance test (bindings-python/tests/test_ratelimit_redis.py):
// waits for the `go` key, then checks one key `attempts` times against the shared Redis and
// verifies the same webhook delivery once through the shared replay store; prints
// {"allowed": n, "accepted": 0|1}.
// Usage: node ratelimit-worker.mjs <redis url> <ioredis|redis> <limit> <attempts> <delivery json>
import { Webhook, RateLimiter, redisStore } from 'edgeward';

const [url, kind, limit, attempts, deliveryJson] = process.argv.slice(2);
const delivery = JSON.parse(deliveryJson);

let client;
if (kind === 'ioredis') {
  const { Redis } = await import('ioredis');
  client = new Redis(url, { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
} else {
  const { createClient } = await import('redis');
  client = createClient({ url });
  client.on('error', () => {});
  await client.connect();
}
const store = redisStore(client);
const limiter = new RateLimiter({ limit: Number(limit), periodSeconds: 3600, store });
const webhook = new Webhook(delivery.secret, { scheme: 'standard', replayGuard: store });

while ((await client.get('go')) === null) await new Promise((r) => setTimeout(r, 2));
const results = await Promise.all(Array.from({ length: Number(attempts) }, () => limiter.checkAsync('shared')));
const allowed = results.filter((r) => r.allowed).length;
const errors = results.filter((r) => r.storeError).length;
let accepted = 0;
try {
  await webhook.verifyAsync(delivery.payload, delivery.headers, { now: delivery.now });
  accepted = 1;
} catch (error) {
  if (error.code !== 'WEBHOOK_REPLAYED') throw error;
}
console.log(JSON.stringify({ allowed, accepted, errors }));
await client.quit();
