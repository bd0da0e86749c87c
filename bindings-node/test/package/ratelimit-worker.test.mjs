// The Durable Object store in workerd (miniflare), from the packed tarball: a Worker exporting
// RateLimitStoreObject checks one key through durableObjectStore for many concurrent requests,
// and the limit is exact across them; the same store accepts one webhook delivery once.
// The object answers the shared vectors (the core's decision, made inside the object), and
// deletes expired entries from its storage (its alarm, in real time) without changing a limit.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { bundleWorker, freshProject, serveWorker } from '../../scripts/worker.mjs';
import { loadVectors } from '../vectors.mjs';

const WORKER = `
import { RateLimiter, Webhook, durableObjectStore, backend, RateLimitStoreObject as StoreObject } from 'edgeward';

// The package's class, plus a read-only view of its storage for the test (GET /storage).
export class RateLimitStoreObject extends StoreObject {
  #storage;
  constructor(ctx, env) {
    super(ctx, env);
    this.#storage = ctx.storage;
  }
  async fetch(request) {
    if (request.method !== 'GET') return super.fetch(request);
    const entries = Object.fromEntries(await this.#storage.list());
    return Response.json({ entries, alarm: await this.#storage.getAlarm() });
  }
}

const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const store = durableObjectStore(env.LIMITS);
    if (url.pathname === '/check') {
      const limiter = new RateLimiter({ limit: Number(url.searchParams.get('limit')), periodSeconds: 3600, store });
      const result = await limiter.checkAsync(url.searchParams.get('key'));
      return json({ backend, ...result, headers: limiter.headers(result) }, result.allowed ? 200 : 429);
    }
    if (url.pathname === '/limited') {
      // limit per period, checked \`times\` times in a row
      const limiter = new RateLimiter({ limit: Number(url.searchParams.get('limit')), periodSeconds: Number(url.searchParams.get('period')), store });
      const out = [];
      for (let i = 0; i < Number(url.searchParams.get('times')); i++) out.push(await limiter.checkAsync(url.searchParams.get('key')));
      return json(out);
    }
    if (url.pathname === '/seen') {
      return json(await store.seen(url.searchParams.get('key'), Number(url.searchParams.get('ttl'))));
    }
    if (url.pathname === '/storage') {
      // the storage of the object that holds \`name\` (as the store names it)
      const name = url.searchParams.get('name');
      return env.LIMITS.get(env.LIMITS.idFromName(name)).fetch('https://storage.invalid/');
    }
    if (url.pathname === '/vector') {
      const { limit, period, burst, key, steps } = await request.json();
      const limiter = new RateLimiter({ limit, periodSeconds: period, burst, store });
      const out = [];
      for (const step of steps) out.push(await limiter.checkAsync(key, { now: step.now, cost: step.cost }));
      return json(out);
    }
    if (url.pathname === '/webhook') {
      const webhook = new Webhook('gh-secret', { scheme: 'github', replayGuard: store });
      try {
        await webhook.verifyAsync(await request.text(), request.headers);
        return json({ accepted: true });
      } catch (error) {
        return json({ accepted: false, code: error.code }, 409);
      }
    }
    return new Response('not found', { status: 404 });
  },
};
`;

let worker;

before(async () => {
  const { project } = freshProject();
  writeFileSync(join(project, 'src', 'ratelimit.js'), WORKER);
  const bundle = bundleWorker(project, 'src/ratelimit.js');
  worker = await serveWorker(bundle.outdir, {}, 'ratelimit.js', {
    durableObjects: { LIMITS: 'RateLimitStoreObject' },
  });
});

after(async () => {
  await worker?.dispose();
});

test('many concurrent requests: exactly the limit is allowed', async () => {
  const limit = 25;
  const responses = await Promise.all(
    Array.from({ length: 120 }, () => fetch(`${worker.url}/check?key=shared&limit=${limit}`).then((r) => r.json())),
  );
  assert.equal(responses[0].backend, 'wasm');
  assert.equal(responses.filter((r) => r.allowed).length, limit);
  assert.equal(responses.filter((r) => r.storeError).length, 0);
  const denied = responses.find((r) => !r.allowed);
  assert.equal(denied.headers['Retry-After'], String(denied.retryAfterSeconds));
  // Another key has its own budget.
  assert.equal((await (await fetch(`${worker.url}/check?key=other&limit=${limit}`)).json()).allowed, true);
});

test('the object answers the shared vectors', async () => {
  const { groups } = loadVectors('ratelimit.json');
  for (const [n, group] of groups.entries()) {
    const steps = group.steps.map((s) => ({ now: group.start + s.at_ms / 1000, cost: s.cost }));
    const response = await fetch(`${worker.url}/vector`, {
      method: 'POST',
      body: JSON.stringify({ limit: group.limit, period: group.period_seconds, burst: group.burst, key: `vector-${n}`, steps }),
    });
    const results = await response.json();
    for (const [i, step] of group.steps.entries()) {
      const [limited, limitOut, remaining, retry, reset] = step.expect;
      assert.deepEqual(results[i], {
        allowed: limited === 0,
        limit: limitOut,
        remaining,
        retryAfterSeconds: limited === 0 ? 0 : retry === -1 ? null : retry,
        resetAfterSeconds: reset,
      }, `${group.name} ${JSON.stringify(step)}`);
    }
  }
});

test('one delivery sent many times is accepted once', async () => {
  const { createHmac } = await import('node:crypto');
  const body = '{"action":"opened"}';
  const signature = `sha256=${createHmac('sha256', 'gh-secret').update(body).digest('hex')}`;
  const responses = await Promise.all(
    Array.from({ length: 10 }, () =>
      fetch(`${worker.url}/webhook`, { method: 'POST', body, headers: { 'x-hub-signature-256': signature } }).then((r) => r.json()),
    ),
  );
  assert.equal(responses.filter((r) => r.accepted).length, 1);
  assert.ok(responses.filter((r) => !r.accepted).every((r) => r.code === 'WEBHOOK_REPLAYED'));
});

/** The storage of the object holding the store's key `name`: `{ entries, alarm }`. */
async function storage(name) {
  return (await fetch(`${worker.url}/storage?name=${encodeURIComponent(name)}`)).json();
}

/** Polls `storage(name)` until `done` holds for it (the alarm rings in real time). */
async function until(name, done, ms = 8000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const state = await storage(name);
    if (done(state) || Date.now() > deadline) return state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('an expired rate limit entry is deleted from storage, and the limit stays exact', async () => {
  const check = async (times) =>
    (await fetch(`${worker.url}/limited?key=expiring&limit=2&period=1&times=${times}`)).json();
  // 2 per second: two allowed, the third denied.
  assert.deepEqual((await check(3)).map((r) => r.allowed), [true, true, false]);
  const live = await storage('edgeward:rl:expiring');
  const entry = live.entries['t:edgeward:rl:expiring'];
  assert.ok(entry, 'the entry is stored while the key is limited');
  assert.equal(typeof entry.tat, 'number');
  assert.ok(entry.expires > Date.now() - 1000 && entry.expires <= Date.now() + 1500, JSON.stringify(entry));
  assert.ok(live.alarm !== null && live.alarm <= entry.expires, 'an alarm is set for its expiry');
  // The alarm deletes it once the budget is whole again (after 1 s), and sets no other.
  const swept = await until('edgeward:rl:expiring', (s) => Object.keys(s.entries).length === 0);
  assert.deepEqual(swept, { entries: {}, alarm: null });
  // A whole budget again: exactly two allowed.
  const again = await check(3);
  assert.deepEqual(again.map((r) => r.allowed), [true, true, false]);
  assert.equal(again[0].remaining, 1);
});

test('a replay entry is deleted from storage once its time to live is over', async () => {
  const seen = async () => (await fetch(`${worker.url}/seen?key=delivery-1&ttl=1`)).json();
  assert.equal(await seen(), false);
  assert.equal(await seen(), true);
  assert.equal(typeof (await storage('delivery-1')).entries['s:delivery-1'], 'number');
  const swept = await until('delivery-1', (s) => Object.keys(s.entries).length === 0);
  assert.deepEqual(swept, { entries: {}, alarm: null });
  assert.equal(await seen(), false, 'after its time to live, the key is new again');
  assert.equal(await seen(), true);
});
