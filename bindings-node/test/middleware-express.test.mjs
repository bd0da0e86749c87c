// edgeward/express against real Express 4 and 5 on a loopback server: genuine, tampered,
// stale, replayed, oversized and malformed deliveries; the guards (rate limit, IP allowlist);
// a body parser that ran first; what reached the log.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, describe, test } from 'node:test';
import express5 from 'express';
import express4 from 'express4';
import { webhook } from '../lib/middleware/express.js';
import { ReplayGuard, RateLimiter } from '../lib/entries/node.js';
import { SECRETS, assertLogged, assertProblem, delivery, eventBody, hostileCases, memoryLogger } from './helpers/middleware.mjs';

/** Starts `app` on loopback; answers its base URL. */
async function serve(app) {
  const server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  after(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${server.address().port}`;
}

async function post(url, { body, headers }) {
  const response = await fetch(url, { method: 'POST', body, headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** A POST with a chunked body (no content-length) of `size` bytes, answered status. */
function postChunked(url, headers, size) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', (error) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? resolve('closed') : reject(error)));
    const chunk = Buffer.alloc(16 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

for (const [name, express] of [
  ['Express 5', express5],
  ['Express 4', express4],
]) {
  describe(name, () => {
    test('a genuine delivery reaches the handler as req.webhook, rotation included', async () => {
      const app = express();
      app.post('/hook', webhook({ scheme: 'stripe', secrets: SECRETS }), (req, res) => {
        res.json({ event: req.webhook.event, secretIndex: req.webhook.secretIndex, timestamp: req.webhook.timestamp });
      });
      const url = `${await serve(app)}/hook`;
      const genuine = delivery();
      const answer = await post(url, genuine);
      assert.equal(answer.status, 200, answer.text);
      const got = JSON.parse(answer.text);
      assert.deepEqual(got.event, JSON.parse(genuine.body));
      assert.equal(got.secretIndex, 0);
      const old = await post(url, delivery({ old: true }));
      assert.equal(JSON.parse(old.text).secretIndex, 1);
    });

    test('tampered, stale, unsigned and malformed deliveries get problem replies, logged clean', async () => {
      const logger = memoryLogger();
      let reached = 0;
      const app = express();
      app.post('/hook', webhook({ scheme: 'stripe', secrets: SECRETS, logger }), (req, res) => {
        reached += 1;
        res.end();
      });
      const url = `${await serve(app)}/hook`;
      for (const c of hostileCases()) {
        const answer = await post(url, c);
        assertProblem(answer.status, answer.headers.get('content-type'), answer.text, c.status);
        assertLogged(logger, c.code, [c.headers['stripe-signature']]);
      }
      assert.equal(reached, 0);
    });

    test('a replayed delivery is refused with 409', async () => {
      const logger = memoryLogger();
      const app = express();
      app.post('/hook', webhook({ scheme: 'stripe', secret: SECRETS[0], replayGuard: new ReplayGuard(), logger }), (req, res) => res.end('ok'));
      const url = `${await serve(app)}/hook`;
      const genuine = delivery();
      assert.equal((await post(url, genuine)).status, 200);
      const again = await post(url, genuine);
      assertProblem(again.status, again.headers.get('content-type'), again.text, 409);
      assertLogged(logger, 'WEBHOOK_REPLAYED', [genuine.headers['stripe-signature']]);
    });

    test('an oversized delivery is refused with 413, declared or streamed', async () => {
      const logger = memoryLogger();
      const app = express();
      app.post('/hook', webhook({ scheme: 'stripe', secret: SECRETS[0], maxBodyBytes: 1024, logger }), (req, res) => res.end('ok'));
      const base = await serve(app);
      const big = delivery({ body: eventBody(4096) });
      const answer = await post(`${base}/hook`, big);
      assertProblem(answer.status, answer.headers.get('content-type'), answer.text, 413);
      assertLogged(logger, 'VALIDATION_LIMIT_EXCEEDED');
      const streamed = await postChunked(`${base}/hook`, { 'stripe-signature': big.headers['stripe-signature'] }, 256 * 1024);
      assert.ok(streamed === 413 || streamed === 'closed', `answered ${streamed}`);
      assertLogged(logger, 'VALIDATION_LIMIT_EXCEEDED');
      // Within the limit still verifies.
      assert.equal((await post(`${base}/hook`, delivery({ body: eventBody(900) }))).status, 200);
    });

    test('express.raw() first is fine; express.json() first is refused with a stable code', async () => {
      const logger = memoryLogger();
      const app = express();
      app.post('/raw', express.raw({ type: '*/*' }), webhook({ scheme: 'stripe', secret: SECRETS[0] }), (req, res) => res.json(req.webhook.event));
      app.post('/json', express.json(), webhook({ scheme: 'stripe', secret: SECRETS[0], logger }), (req, res) => res.end('verified a re-serialised body'));
      const base = await serve(app);
      const genuine = delivery();
      const raw = await post(`${base}/raw`, genuine);
      assert.equal(raw.status, 200, raw.text);
      assert.deepEqual(JSON.parse(raw.text), JSON.parse(genuine.body));
      const parsed = await post(`${base}/json`, genuine);
      assertProblem(parsed.status, parsed.headers.get('content-type'), parsed.text, 500);
      assert.equal(logger.lines[0].record.code, 'WEBHOOK_INVALID_PAYLOAD');
      assert.match(logger.lines[0].record.message, /express\.json\(\)/);
      assertLogged(logger, 'WEBHOOK_INVALID_PAYLOAD');
      // A JSON parser that skipped the request (another content type) left the stream unread.
      const other = { ...genuine, headers: { ...genuine.headers, 'content-type': 'application/octet-stream' } };
      assert.equal((await post(`${base}/json`, other)).status, 200);
    });

    test('the rate limit answers 429 with Retry-After and RateLimit headers', async () => {
      const app = express();
      const rateLimit = new RateLimiter({ limit: 2, periodSeconds: 60 });
      app.post('/hook', webhook({ scheme: 'stripe', secret: SECRETS[0], rateLimit }), (req, res) => res.end('ok'));
      const url = `${await serve(app)}/hook`;
      const first = await post(url, delivery());
      assert.equal(first.status, 200);
      assert.ok(first.headers.get('ratelimit'), 'RateLimit header on success');
      assert.equal((await post(url, delivery())).status, 200);
      const limited = await post(url, delivery());
      assertProblem(limited.status, limited.headers.get('content-type'), limited.text, 429);
      assert.match(limited.headers.get('retry-after') ?? '', /^\d+$/);
      assert.ok(limited.headers.get('ratelimit-policy'));
    });

    test('the IP allowlist answers 403 before reading the body', async () => {
      const logger = memoryLogger();
      const app = express();
      app.post('/deny', webhook({ scheme: 'stripe', secret: SECRETS[0], allowlist: ['192.0.2.0/24'], logger }), (req, res) => res.end('ok'));
      app.post('/allow', webhook({ scheme: 'stripe', secret: SECRETS[0], allowlist: ['loopback'] }), (req, res) => res.end('ok'));
      // Behind a trusted proxy (loopback), the forwarded client is checked.
      app.post('/proxied', webhook({ scheme: 'stripe', secret: SECRETS[0], allowlist: ['192.0.2.0/24'], trustedProxies: ['loopback'] }), (req, res) => res.end('ok'));
      const base = await serve(app);
      const denied = await post(`${base}/deny`, delivery());
      assertProblem(denied.status, denied.headers.get('content-type'), denied.text, 403);
      assert.equal(logger.lines[0].record.ip, '127.0.0.1');
      logger.lines.length = 0;
      assert.equal((await post(`${base}/allow`, delivery())).status, 200);
      const forwarded = delivery();
      forwarded.headers['x-forwarded-for'] = '192.0.2.7';
      assert.equal((await post(`${base}/proxied`, forwarded)).status, 200);
      forwarded.headers['x-forwarded-for'] = '198.51.100.1';
      assert.equal((await post(`${base}/proxied`, forwarded)).status, 403);
    });

    test('an asynchronous replay store is awaited', async () => {
      const seen = new Set();
      const store = { seen: async (key) => (seen.has(key) ? true : (seen.add(key), false)) };
      const app = express();
      app.post('/hook', webhook({ scheme: 'stripe', secret: SECRETS[0], replayGuard: store }), (req, res) => res.end('ok'));
      const url = `${await serve(app)}/hook`;
      const genuine = delivery();
      assert.equal((await post(url, genuine)).status, 200);
      assert.equal((await post(url, genuine)).status, 409);
    });
  });
}

test('the options are checked when the middleware is built', () => {
  assert.throws(() => webhook({ secret: SECRETS[0] }), { code: 'WEBHOOK_INVALID_OPTIONS' }); // no scheme
  assert.throws(() => webhook({ scheme: 'stripe' }), { code: 'WEBHOOK_INVALID_OPTIONS' }); // no secret
  assert.throws(() => webhook({ scheme: 'stripe', secret: SECRETS[0], maxBodyBytes: 0 }), { code: 'WEBHOOK_INVALID_OPTIONS' });
  assert.throws(() => webhook({ scheme: 'stripe', secret: SECRETS[0], tolerance: 5 }), { code: 'WEBHOOK_INVALID_OPTIONS' });
  assert.throws(() => webhook({ scheme: 'stripe', secret: SECRETS[0], logger: 'console' }), { code: 'WEBHOOK_INVALID_OPTIONS' });
});
