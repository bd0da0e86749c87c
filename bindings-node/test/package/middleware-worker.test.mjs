// Hono and the web helper in workerd (miniflare), from the packed tarball: a Worker built by
// wrangler imports `edgeward/hono` and `edgeward/web` (the `workerd` condition: the WASM
// build), verifies deliveries with secrets from `env`, and refuses tampered, stale, replayed,
// oversized and malformed ones with problem JSON. The client address is CF-Connecting-IP.
import assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Webhook } from '../../lib/entries/node.js';
import { bundleWorker, freshProject, serveWorker } from '../../scripts/worker.mjs';

const SECRET = 'whsec_demo_current_5f2a9c1e';
const WORKER = `
import { Hono } from 'hono';
import { webhook } from 'edgeward/hono';
import { webhook as webHandler } from 'edgeward/web';
import { ReplayGuard, backend } from 'edgeward';

const replayGuard = new ReplayGuard(); // per isolate
const app = new Hono();
app.post(
  '/hono',
  webhook((c) => ({ scheme: 'stripe', secrets: c.env.WEBHOOK_SECRETS.split(' '), replayGuard, maxBodyBytes: 2048, allowlist: ['loopback', '192.0.2.0/24'] })),
  (c) => c.json({ backend, event: c.get('webhook').event, secretIndex: c.get('webhook').secretIndex }),
);
const web = webHandler(
  (request, env) => ({ scheme: 'stripe', secret: env.WEBHOOK_SECRETS.split(' ')[0], replayGuard }),
  (request, delivery) => Response.json({ event: delivery.event }),
);
app.post('/web', (c) => web(c.req.raw, c.env));
export default app;
`;

let worker;

before(async () => {
  const { project } = freshProject();
  // Hono as the project's dependency (copied from this package's dev dependencies: offline).
  cpSync(fileURLToPath(new URL('../../node_modules/hono', import.meta.url)), join(project, 'node_modules', 'hono'), { recursive: true });
  writeFileSync(join(project, 'src', 'middleware.js'), WORKER);
  const bundle = bundleWorker(project, 'src/middleware.js');
  worker = await serveWorker(bundle.outdir, {}, 'middleware.js');
});

after(() => worker?.dispose());

const signer = new Webhook(SECRET);

async function send(path, body, headers) {
  const response = await fetch(`${worker.url}${path}`, { method: 'POST', body, headers: { 'cf-connecting-ip': '192.0.2.5', ...headers } });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

test('Hono in workerd: genuine, tampered, stale, replayed, oversized, malformed, not allowed', async () => {
  const body = JSON.stringify({ id: 'evt_hono', note: 'secret-free' });
  const header = signer.sign(body);
  const ok = await send('/hono', body, { 'stripe-signature': header });
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(JSON.parse(ok.text), { backend: 'wasm', event: JSON.parse(body), secretIndex: 0 });
  const cases = [
    ['replayed', body, header, 409],
    ['tampered', body.replace('hono', 'evil'), signer.sign(body), 401],
    ['stale', body, signer.sign(body, { timestamp: Math.floor(Date.now() / 1000) - 3600 }), 401],
    ['oversized', 'x'.repeat(4096), signer.sign('x'.repeat(4096)), 413],
    ['malformed', 'not json', signer.sign('not json'), 400],
  ];
  for (const [name, payload, signature, status] of cases) {
    const answer = await send('/hono', payload, { 'stripe-signature': signature });
    assert.equal(answer.status, status, name);
    assert.match(answer.type, /^application\/problem\+json/, name);
    const problem = JSON.parse(answer.text);
    assert.equal(problem.status, status);
    assert.ok(!answer.text.includes(SECRET) && !answer.text.includes(signature.slice(-64)), name);
  }
  const denied = await send('/hono', body, { 'stripe-signature': signer.sign(body), 'cf-connecting-ip': '198.51.100.1' });
  assert.equal(denied.status, 403);
});

test('the web helper in workerd', async () => {
  const body = JSON.stringify({ id: 'evt_web' });
  const header = signer.sign(body);
  const ok = await send('/web', body, { 'stripe-signature': header });
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(JSON.parse(ok.text), { event: { id: 'evt_web' } });
  assert.equal((await send('/web', body, { 'stripe-signature': header })).status, 409);
  assert.equal((await send('/web', body, { 'stripe-signature': new Webhook('whsec_someone_else_0123456789').sign(body) })).status, 401);
});
