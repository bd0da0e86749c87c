// edgeward/fastify with real Fastify (`inject`, and one loopback server for a streamed body):
// the raw body through the plugin's content-type parser, every hostile delivery, the guards,
// and the scope: routes outside it keep Fastify's JSON parser.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { webhook } from '../lib/middleware/fastify.js';
import { RateLimiter, ReplayGuard } from '../lib/entries/node.js';
import { SECRETS, assertLogged, assertProblem, delivery, eventBody, hostileCases, memoryLogger } from './helpers/middleware.mjs';

async function appWith(options, extra = () => {}) {
  const app = Fastify();
  app.register(async (scope) => {
    await scope.register(webhook, options);
    scope.post('/hook', async (request) => ({ event: request.webhook.event, secretIndex: request.webhook.secretIndex }));
  });
  app.post('/plain', async (request) => ({ parsed: request.body }));
  extra(app);
  await app.ready();
  return app;
}

const send = (app, { body, headers }, url = '/hook') => app.inject({ method: 'POST', url, payload: body, headers });

test('a genuine delivery reaches the route as request.webhook; other routes keep their parser', async () => {
  const app = await appWith({ scheme: 'stripe', secrets: SECRETS });
  const genuine = delivery();
  const answer = await send(app, genuine);
  assert.equal(answer.statusCode, 200, answer.body);
  assert.deepEqual(answer.json().event, JSON.parse(genuine.body));
  assert.equal((await send(app, delivery({ old: true }))).json().secretIndex, 1);
  // A body Fastify's JSON parser would reformat (spaces, key order) verifies as sent.
  const spaced = delivery({ body: '{ "b": 1,   "a": [ 1, 2 ] }' });
  assert.deepEqual((await send(app, spaced)).json().event, { b: 1, a: [1, 2] });
  const plain = await send(app, { body: '{"x":1}', headers: { 'content-type': 'application/json' } }, '/plain');
  assert.deepEqual(plain.json(), { parsed: { x: 1 } });
  await app.close();
});

test('tampered, stale, unsigned and malformed deliveries get problem replies, logged clean', async () => {
  const logger = memoryLogger();
  const app = await appWith({ scheme: 'stripe', secrets: SECRETS, logger });
  for (const c of hostileCases()) {
    const answer = await send(app, c);
    assertProblem(answer.statusCode, answer.headers['content-type'], answer.body, c.status);
    assertLogged(logger, c.code, [c.headers['stripe-signature']]);
  }
  await app.close();
});

test('replayed (409), oversized (413), rate limited (429) and not allowed (403)', async () => {
  const logger = memoryLogger();
  const app = await appWith({ scheme: 'stripe', secret: SECRETS[0], replayGuard: new ReplayGuard(), maxBodyBytes: 1024, logger });
  const genuine = delivery();
  assert.equal((await send(app, genuine)).statusCode, 200);
  const again = await send(app, genuine);
  assertProblem(again.statusCode, again.headers['content-type'], again.body, 409);
  assertLogged(logger, 'WEBHOOK_REPLAYED', [genuine.headers['stripe-signature']]);
  const big = await send(app, delivery({ body: eventBody(4096) }));
  assertProblem(big.statusCode, big.headers['content-type'], big.body, 413);
  assertLogged(logger, 'VALIDATION_LIMIT_EXCEEDED');
  // No declared length: the parser stops reading at the limit.
  const large = delivery({ body: eventBody(4096) });
  const streamed = await app.inject({ method: 'POST', url: '/hook', headers: { ...large.headers, 'transfer-encoding': 'chunked' }, payload: large.body });
  assert.equal(streamed.statusCode, 413);
  await app.close();

  const limited = await appWith({ scheme: 'stripe', secret: SECRETS[0], rateLimit: new RateLimiter({ limit: 1, periodSeconds: 60 }) });
  assert.equal((await send(limited, delivery())).statusCode, 200);
  const refused = await send(limited, delivery());
  assertProblem(refused.statusCode, refused.headers['content-type'], refused.body, 429);
  assert.match(String(refused.headers['retry-after']), /^\d+$/);
  assert.ok(refused.headers.ratelimit);
  await limited.close();

  const fenced = await appWith({ scheme: 'stripe', secret: SECRETS[0], allowlist: ['192.0.2.0/24'] });
  const denied = await send(fenced, delivery());
  assertProblem(denied.statusCode, denied.headers['content-type'], denied.body, 403);
  await fenced.close();
});

test('a real server: a streamed oversized body is refused without reading it all', async () => {
  const app = await appWith({ scheme: 'stripe', secret: SECRETS[0], maxBodyBytes: 1024 });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const genuine = delivery();
  const ok = await fetch(`${address}/hook`, { method: 'POST', body: genuine.body, headers: genuine.headers });
  assert.equal(ok.status, 200);
  const big = delivery({ body: eventBody(8192) });
  const refused = await fetch(`${address}/hook`, { method: 'POST', body: big.body, headers: big.headers });
  assert.equal(refused.status, 413);
  await app.close();
});
