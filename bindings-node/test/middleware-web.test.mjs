// edgeward/web: the Web-standard helper, as a Next.js route handler (`export const POST`)
// receives it: real `Request` objects in, `Response` out. Genuine, tampered, stale, replayed,
// oversized and malformed deliveries; the guards; the handler's own response kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { webhook } from '../lib/middleware/web.js';
import { RateLimiter, ReplayGuard } from '../lib/entries/node.js';
import { SECRETS, assertLogged, assertProblem, delivery, eventBody, hostileCases, memoryLogger } from './helpers/middleware.mjs';

const URL_ = 'https://app.example/api/webhooks';
const requestOf = ({ body, headers }) => new Request(URL_, { method: 'POST', body, headers });

/** A route module as Next.js loads it (app/api/webhooks/route.js). */
function route(options) {
  return {
    POST: webhook(options, async (request, { event, secretIndex }, context) =>
      Response.json({ received: event.id, secretIndex, params: context?.params ?? null }, { headers: { 'x-handler': 'yes' } }),
    ),
  };
}

test('a genuine delivery reaches the handler; its Response is returned', async () => {
  const { POST } = route({ scheme: 'stripe', secrets: SECRETS });
  const genuine = delivery();
  const response = await POST(requestOf(genuine), { params: { slug: 'a' } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('x-handler'), 'yes');
  assert.deepEqual(await response.json(), { received: JSON.parse(genuine.body).id, secretIndex: 0, params: { slug: 'a' } });
  const old = await POST(requestOf(delivery({ old: true })));
  assert.equal((await old.json()).secretIndex, 1);
});

test('tampered, stale, unsigned and malformed deliveries get problem replies, logged clean', async () => {
  const logger = memoryLogger();
  const { POST } = route({ scheme: 'stripe', secrets: SECRETS, logger });
  for (const c of hostileCases()) {
    const response = await POST(requestOf(c));
    assertProblem(response.status, response.headers.get('content-type'), await response.text(), c.status);
    assertLogged(logger, c.code, [c.headers['stripe-signature']]);
  }
});

test('replayed (409), oversized (413), rate limited (429, headers on success too), not allowed (403)', async () => {
  const logger = memoryLogger();
  const { POST } = route({ scheme: 'stripe', secret: SECRETS[0], replayGuard: new ReplayGuard(), maxBodyBytes: 1024, logger });
  const genuine = delivery();
  assert.equal((await POST(requestOf(genuine))).status, 200);
  const again = await POST(requestOf(genuine));
  assertProblem(again.status, again.headers.get('content-type'), await again.text(), 409);
  assertLogged(logger, 'WEBHOOK_REPLAYED', [genuine.headers['stripe-signature']]);
  const big = delivery({ body: eventBody(4096) });
  const declared = await POST(requestOf({ body: big.body, headers: { ...big.headers, 'content-length': String(big.body.length) } }));
  assertProblem(declared.status, declared.headers.get('content-type'), await declared.text(), 413);
  assertLogged(logger, 'VALIDATION_LIMIT_EXCEEDED');
  const streamed = await POST(requestOf(big));
  assert.equal(streamed.status, 413);
  assertLogged(logger, 'VALIDATION_LIMIT_EXCEEDED');
  // A declared length that lies (a hand-made Request) is still held to the limit.
  const lying = await POST(requestOf({ body: big.body, headers: { ...big.headers, 'content-length': '10' } }));
  assert.equal(lying.status, 413);

  const limited = route({ scheme: 'stripe', secret: SECRETS[0], rateLimit: new RateLimiter({ limit: 1, periodSeconds: 60 }), clientAddress: () => '203.0.113.9' });
  const ok = await limited.POST(requestOf(delivery()));
  assert.equal(ok.status, 200);
  assert.ok(ok.headers.get('ratelimit'), 'RateLimit header added to the handler response');
  assert.equal(ok.headers.get('x-handler'), 'yes');
  const refused = await limited.POST(requestOf(delivery()));
  assertProblem(refused.status, refused.headers.get('content-type'), await refused.text(), 429);
  assert.match(refused.headers.get('retry-after') ?? '', /^\d+$/);

  const fenced = route({ scheme: 'stripe', secret: SECRETS[0], allowlist: ['192.0.2.0/24'], clientAddress: (request) => request.headers.get('x-real-ip') });
  const inside = delivery();
  inside.headers['x-real-ip'] = '192.0.2.1';
  assert.equal((await fenced.POST(requestOf(inside))).status, 200);
  inside.headers['x-real-ip'] = '198.51.100.1';
  assertProblem(...(await (async (r) => [r.status, r.headers.get('content-type'), await r.text()])(await fenced.POST(requestOf(inside)))), 403);
  // No address known (no clientAddress, not in Workers): an allowlist refuses.
  const unknown = route({ scheme: 'stripe', secret: SECRETS[0], allowlist: ['0.0.0.0/0'] });
  assert.equal((await unknown.POST(requestOf(delivery()))).status, 403);
});

test('a standard-webhooks delivery (id, type) in a Worker-style fetch with env secrets', async () => {
  const { Webhook } = await import('../lib/entries/node.js');
  const secret = 'whsec_' + Buffer.from('edgeward-web-standard-secret-32b').toString('base64');
  const sender = new Webhook(secret, { scheme: 'standard' });
  const worker = {
    fetch: webhook(
      (request, env) => ({ scheme: 'standard', secret: env.WEBHOOK_SECRET }),
      (request, { event, id }) => Response.json({ id, type: event.type }),
    ),
  };
  const body = JSON.stringify({ type: 'invoice.paid', data: {} });
  const headers = sender.sign(body, { id: 'msg_123' });
  const response = await worker.fetch(new Request(URL_, { method: 'POST', body, headers }), { WEBHOOK_SECRET: secret });
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { id: 'msg_123', type: 'invoice.paid' });
});

test('an event that does not match the schema is refused with 422, its issues only in the log', async () => {
  const logger = memoryLogger();
  const schema = { type: 'object', required: ['livemode'] };
  const { POST } = route({ scheme: 'stripe', secret: SECRETS[0], schema, logger });
  const response = await POST(requestOf(delivery()));
  const problem = assertProblem(response.status, response.headers.get('content-type'), await response.text(), 422);
  assert.equal(problem.detail, undefined);
  assertLogged(logger, 'VALIDATION_FAILED');
  const good = delivery({ body: JSON.stringify({ id: 'evt_ok', livemode: false }) });
  assert.equal((await POST(requestOf(good))).status, 200);
});

test('a safe incoming x-request-id is kept in the problem reply; an unsafe one is replaced', async () => {
  const { POST } = route({ scheme: 'stripe', secret: SECRETS[0] });
  const unsigned = (id) => new Request(URL_, { method: 'POST', body: '{}', headers: { 'x-request-id': id } });
  const kept = await POST(unsigned('req-42'));
  assert.equal(kept.headers.get('x-request-id'), 'req-42');
  assert.equal((await kept.json()).requestId, 'req-42');
  const replaced = await POST(unsigned('a b'));
  assert.notEqual(replaced.headers.get('x-request-id'), 'a b');
  assert.match((await replaced.json()).requestId, /^[A-Za-z0-9_-]{22}$/);
});
