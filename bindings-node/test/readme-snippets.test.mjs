// The README's framework sections run as written: each fenced JS block marked
// `<!-- snippet: NAME -->` is written to a file inside this package (so `edgeward/...` resolves
// to this package and the frameworks to its dev dependencies), then started as a server
// (Express, Fastify) or imported (Hono, the Next.js route, the Workers example) and sent a
// genuine and a tampered signed delivery.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Webhook } from '../lib/entries/node.js';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The fenced JS block after each `<!-- snippet: NAME -->`. */
function snippets() {
  const out = new Map();
  for (const m of readme.matchAll(/<!-- snippet: ([\w-]+) -->\n```js\n([\s\S]*?)\n```/g)) out.set(m[1], m[2]);
  return out;
}

const found = snippets();
const dir = mkdtempSync(join(pkg, 'test', '.snippets-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name) {
  const code = found.get(name);
  assert.ok(code, `README has <!-- snippet: ${name} -->`);
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, code);
  return file;
}

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** Starts `file` with `env`; resolves once `url` answers; answers a stop function. */
async function start(file, env, url) {
  const child = spawn(process.execPath, [file], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const stop = () => {
    if (child.exitCode === null) child.kill();
  };
  after(stop);
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`${file} exited: ${output}`);
    try {
      await fetch(url);
      return { stop, output: () => output };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${file} did not listen: ${output}`);
}

test('every marked README section is found', () => {
  assert.deepEqual([...found.keys()].sort(), ['express', 'fastify', 'hono', 'web', 'workers']);
});

test('README express section', async () => {
  const secret = 'whsec_readme_express_0123456789';
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await start(write('express'), { PORT: String(port), STRIPE_WEBHOOK_SECRET: secret }, base);
  const body = JSON.stringify({ id: 'evt_readme', type: 'charge.succeeded' });
  const header = new Webhook(secret).sign(body);
  const ok = await fetch(`${base}/webhooks/stripe`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'stripe-signature': header } });
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { received: 'evt_readme' });
  const replay = await fetch(`${base}/webhooks/stripe`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'stripe-signature': header } });
  assert.equal(replay.status, 409);
  const bad = await fetch(`${base}/webhooks/stripe`, { method: 'POST', body: body + ' ', headers: { 'stripe-signature': header } });
  assert.equal(bad.status, 401);
  server.stop();
  assert.ok(!server.output().includes(secret));
});

test('README fastify section', async () => {
  const secret = 'shopify-readme-secret-0123456789';
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  await start(write('fastify'), { PORT: String(port), SHOPIFY_WEBHOOK_SECRET: secret }, `${base}/health`);
  const shopify = new Webhook(secret, { scheme: 'shopify' });
  const body = JSON.stringify({ id: 820982911946154500, email: 'jon@example.com' });
  const ok = await fetch(`${base}/webhooks/shopify`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...shopify.sign(body) } });
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { received: true });
  const bad = await fetch(`${base}/webhooks/shopify`, { method: 'POST', body: body.replace('jon', 'eve'), headers: { 'content-type': 'application/json', ...shopify.sign(body) } });
  assert.equal(bad.status, 401);
});

test('README hono section (in Node; in workerd: test/package/middleware-worker.test.mjs)', async () => {
  const { default: app } = await import(pathToFileURL(write('hono')).href);
  const secret = 'gh-readme-secret';
  const github = new Webhook(secret, { scheme: 'github' });
  const body = JSON.stringify({ action: 'opened', number: 1 });
  const env = { GITHUB_WEBHOOK_SECRET: secret };
  const ok = await app.request('/webhooks/github', { method: 'POST', body, headers: { 'x-github-event': 'pull_request', ...github.sign(body) } }, env);
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { received: 'opened' });
  const bad = await app.request('/webhooks/github', { method: 'POST', body: body + '\n', headers: github.sign(body) }, env);
  assert.equal(bad.status, 401);
});

test('README web section (a Next.js route handler)', async () => {
  const secret = 'whsec_' + Buffer.from('edgeward-readme-next-route-key!!').toString('base64');
  process.env.WEBHOOK_SECRET = secret;
  const { POST } = await import(pathToFileURL(write('web')).href);
  const standard = new Webhook(secret, { scheme: 'standard' });
  const body = JSON.stringify({ type: 'user.created', data: { id: 'u_1' } });
  const request = () => new Request('https://app.example/api/webhooks', { method: 'POST', body, headers: standard.sign(body, { id: 'msg_readme' }) });
  const ok = await POST(request());
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { received: 'msg_readme' });
  assert.equal((await POST(request())).status, 409);
});

test('README workers section (the Workers example, called with a Request and env)', async () => {
  const { default: worker } = await import(pathToFileURL(write('workers')).href);
  const secret = 'whsec_readme_workers_0123456789';
  const body = JSON.stringify({ id: 'evt_w' });
  const send = (header, env) => worker.fetch(new Request('https://worker.example/', { method: 'POST', body, headers: { 'stripe-signature': header } }), env);
  // No previous secret set (the normal state between rotations): still verifies.
  const ok = await send(new Webhook(secret).sign(body), { WEBHOOK_SECRET: secret });
  assert.equal(ok.status, 200);
  const bad = await send(new Webhook('whsec_someone_else_0123456789').sign(body), { WEBHOOK_SECRET: secret });
  assert.equal(bad.status, 400);
});
