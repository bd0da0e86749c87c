// The Durable Object store in workerd (miniflare), from the packed tarball: a Worker exporting
// RateLimitStoreObject checks one key through durableObjectStore for many concurrent requests,
// and the limit is exact across them; the same store accepts one webhook delivery once.
// The object answers the shared vectors (the core's decision, made inside the object).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { bundleWorker, freshProject, serveWorker } from '../../scripts/worker.mjs';
import { loadVectors } from '../vectors.mjs';

const WORKER = `
import { RateLimiter, Webhook, durableObjectStore, backend } from 'edgeward';
export { RateLimitStoreObject } from 'edgeward';

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
