// edgeward/hono with real Hono in Node (`app.request`): genuine, tampered, stale, replayed,
// oversized and malformed deliveries, the guards, options from the context. (Hono in workerd:
// test/package/middleware-worker.test.mjs.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Hono } from 'hono';
import { webhook } from '../lib/middleware/hono.js';
import { RateLimiter, ReplayGuard } from '../lib/entries/node.js';
import { SECRETS, assertLogged, assertProblem, delivery, eventBody, hostileCases, memoryLogger } from './helpers/middleware.mjs';

function appWith(options) {
  const app = new Hono();
  app.post('/hook', webhook(options), (c) => c.json({ event: c.get('webhook').event, secretIndex: c.var.webhook.secretIndex }));
  return app;
}

const send = (app, { body, headers }, env) => app.request('/hook', { method: 'POST', body, headers }, env);

test('a genuine delivery reaches the handler as c.get("webhook")', async () => {
  const app = appWith({ scheme: 'stripe', secrets: SECRETS });
  const genuine = delivery();
  const answer = await send(app, genuine);
  assert.equal(answer.status, 200);
  assert.deepEqual((await answer.json()).event, JSON.parse(genuine.body));
  assert.equal((await (await send(app, delivery({ old: true }))).json()).secretIndex, 1);
});

test('tampered, stale, unsigned and malformed deliveries get problem replies, logged clean', async () => {
  const logger = memoryLogger();
  const app = appWith({ scheme: 'stripe', secrets: SECRETS, logger });
  for (const c of hostileCases()) {
    const answer = await send(app, c);
    assertProblem(answer.status, answer.headers.get('content-type'), await answer.text(), c.status);
    assertLogged(logger, c.code, [c.headers['stripe-signature']]);
  }
});

test('replayed (409), oversized declared or streamed (413), rate limited (429)', async () => {
  const logger = memoryLogger();
  const app = appWith({ scheme: 'stripe', secret: SECRETS[0], replayGuard: new ReplayGuard(), maxBodyBytes: 1024, logger });
  const genuine = delivery();
  assert.equal((await send(app, genuine)).status, 200);
  const again = await send(app, genuine);
  assertProblem(again.status, again.headers.get('content-type'), await again.text(), 409);
  assertLogged(logger, 'WEBHOOK_REPLAYED', [genuine.headers['stripe-signature']]);
  const big = delivery({ body: eventBody(4096) });
  const declared = await send(app, { body: big.body, headers: { ...big.headers, 'content-length': String(big.body.length) } });
  assertProblem(declared.status, declared.headers.get('content-type'), await declared.text(), 413);
  assertLogged(logger, 'VALIDATION_LIMIT_EXCEEDED');
  // A stream without a declared length: read up to the limit, then cancelled.
  let pulled = 0;
  const endless = new ReadableStream({
    pull(controller) {
      pulled += 1;
      controller.enqueue(new TextEncoder().encode('x'.repeat(512)));
    },
  });
  const streamed = await app.request('/hook', { method: 'POST', body: endless, headers: big.headers, duplex: 'half' });
  assert.equal(streamed.status, 413);
  assert.ok(pulled < 10, `read ${pulled} chunks`);

  const limitedApp = appWith({ scheme: 'stripe', secret: SECRETS[0], rateLimit: new RateLimiter({ limit: 1, periodSeconds: 60 }) });
  const ok = await send(limitedApp, delivery());
  assert.equal(ok.status, 200);
  assert.ok(ok.headers.get('ratelimit'));
  const limited = await send(limitedApp, delivery());
  assertProblem(limited.status, limited.headers.get('content-type'), await limited.text(), 429);
  assert.match(limited.headers.get('retry-after') ?? '', /^\d+$/);
});

test('options from the context (secrets in env): one guard per distinct answer', async () => {
  const app = new Hono();
  const replayGuard = new ReplayGuard();
  app.post(
    '/hook',
    webhook((c) => ({ scheme: 'stripe', secrets: [c.env.WEBHOOK_SECRET, c.env.WEBHOOK_SECRET_PREVIOUS].filter(Boolean), replayGuard })),
    (c) => c.json(c.var.webhook.event),
  );
  const env = { WEBHOOK_SECRET: SECRETS[0] };
  const genuine = delivery();
  assert.equal((await send(app, genuine, env)).status, 200);
  assert.equal((await send(app, genuine, env)).status, 409); // the same guard remembered it
  assert.equal((await send(app, delivery({ old: true }), env)).status, 401);
  assert.equal((await send(app, delivery({ old: true }), { ...env, WEBHOOK_SECRET_PREVIOUS: SECRETS[1] })).status, 200);
  // State made per answer would be lost between requests: refused.
  const perRequest = new Hono();
  perRequest.post('/hook', webhook(() => ({ scheme: 'stripe', secret: SECRETS[0], replayGuard: true })), (c) => c.text('ok'));
  assert.equal((await send(perRequest, delivery())).status, 500);
});

test('an allowlist without a known client address refuses (Node without a socket)', async () => {
  const app = appWith({ scheme: 'stripe', secret: SECRETS[0], allowlist: ['loopback'] });
  const answer = await send(app, delivery());
  assertProblem(answer.status, answer.headers.get('content-type'), await answer.text(), 403);
  const withSocket = await send(app, delivery(), { incoming: { socket: { remoteAddress: '127.0.0.1' } } });
  assert.equal(withSocket.status, 200);
});
