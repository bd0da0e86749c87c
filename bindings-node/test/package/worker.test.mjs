// The packed tarball, installed into a fresh project: it loads in Node (native, and WASM as
// fallback), `wrangler deploy --dry-run` bundles it for Workers, and the bundle verifies real
// deliveries over HTTP inside workerd.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { Webhook } from '../../lib/node.js';
import { loadVectors } from '../vectors.mjs';
import { bundleWorker, freshProject, serveWorker } from '../../scripts/worker.mjs';

const SECRETS = ['whsec_demo_current', 'whsec_demo_previous'];
let project;
let files;
let worker;

before(async () => {
  ({ project, files } = freshProject());
  const bundle = bundleWorker(project);
  assert.ok(bundle.files.some((f) => f.endsWith('.wasm')), `bundle has the wasm module: ${bundle.files}`);
  worker = await serveWorker(bundle.outdir);
});

after(async () => worker?.dispose());

test('the tarball ships the native addon, the WASM build and the typings', () => {
  for (const needed of ['index.d.ts', 'lib/node.js', 'lib/api.js', 'wasm/edgeward_wasm_bg.wasm', 'wasm/workerd.js']) {
    assert.ok(files.includes(needed), `${needed} in ${files}`);
  }
  assert.ok(files.some((f) => f.startsWith('native/') && f.endsWith('.node')));
});

for (const [backend, env] of [
  ['native', {}],
  ['wasm', { EDGEWARD_BACKEND: 'wasm' }],
]) {
  test(`a fresh Node project imports the tarball (${backend})`, () => {
    const script = `
      import { Webhook, backend } from 'edgeward';
      const wh = new Webhook('whsec_fresh');
      const header = wh.sign('hi', { timestamp: 10 });
      console.log(JSON.stringify({ backend, result: wh.verify('hi', header, { now: 10 }) }));`;
    const out = execFileSync('node', ['--input-type=module', '-e', script], {
      cwd: project,
      env: { ...process.env, EDGEWARD_BACKEND: '', ...env },
      encoding: 'utf8',
    });
    assert.deepEqual(JSON.parse(out), { backend, result: { timestamp: 10, secretIndex: 0 } });
  });
}

async function deliver(body, header) {
  const headers = header === undefined ? {} : { 'stripe-signature': header };
  const response = await fetch(`${worker.url}/webhook`, { method: 'POST', body, headers });
  return { status: response.status, ...(await response.json()) };
}

test('workerd runs the WASM build', async () => {
  assert.deepEqual(await (await fetch(`${worker.url}/health`)).json(), { backend: 'wasm' });
});

test('workerd accepts a genuine delivery and rejects tampered, stale and wrong-secret ones', async () => {
  const body = new TextEncoder().encode('{"id":"evt_1","amount":4200,"note":"\u{1F600}"}');
  const now = Math.floor(Date.now() / 1000);
  const current = new Webhook(SECRETS[0]);
  assert.deepEqual(await deliver(body, current.sign(body)), { status: 200, ok: true, timestamp: now, secretIndex: 0 });
  const viaOld = await deliver(body, new Webhook(SECRETS[1]).sign(body, { timestamp: now }));
  assert.equal(viaOld.secretIndex, 1);

  const tampered = await deliver(new TextEncoder().encode('{"id":"evt_1","amount":9999}'), current.sign(body));
  assert.equal(tampered.status, 400);
  assert.equal(tampered.code, 'SIGNATURE_MISMATCH');
  const stale = await deliver(body, current.sign(body, { timestamp: now - 3600 }));
  assert.equal(stale.code, 'TIMESTAMP_TOO_OLD');
  const wrong = await deliver(body, new Webhook('whsec_attacker').sign(body));
  assert.equal(wrong.code, 'SIGNATURE_MISMATCH');
  assert.equal((await deliver(body, undefined)).code, 'MISSING_HEADER');
  const binary = new Uint8Array([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28]);
  assert.equal((await deliver(binary, current.sign(binary))).ok, true);
});

test('workerd survives hostile headers and keeps verifying', async () => {
  const body = 'payload';
  const good = new Webhook(SECRETS[0]).sign(body);
  const sig = good.split('v1=')[1];
  const hostile = ['t=abc,v1=00', `t=${'9'.repeat(300)},v1=${sig}`, `t=1${`,v1=${sig}`.repeat(200)}`, 'x'.repeat(60_000)];
  for (const header of hostile) {
    const response = await deliver(body, header);
    assert.equal(response.status, 400);
    assert.equal(response.code, 'MALFORMED_HEADER');
    assert.equal((await deliver(body, good)).ok, true);
  }
});

test('the shared vectors give the same verdicts inside workerd', async () => {
  const { verify } = loadVectors('webhook_stripe.json');
  const response = await fetch(`${worker.url}/vectors`, { method: 'POST', body: JSON.stringify({ cases: verify }) });
  const results = await response.json();
  assert.equal(results.length, verify.length);
  verify.forEach((c, i) => {
    const got = results[i];
    if (c.expect.ok) {
      assert.deepEqual(got, { ok: true, timestamp: c.expect.timestamp, secret_index: c.expect.secret_index }, c.name);
    } else {
      assert.deepEqual(got, { ok: false, code: c.expect.code, isClass: true }, c.name);
    }
  });
});
