// The packed tarball, installed into a fresh project: it loads in Node (native, and WASM as
// fallback), `wrangler deploy --dry-run` bundles it for Workers, and the bundle verifies real
// deliveries over HTTP inside workerd.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Webhook } from '../../lib/entries/node.js';
import { addonFile, currentPlatform, packageName } from '../../lib/platforms.js';
import { loadVectors } from '../vectors.mjs';
import { bundleWorker, freshProject, serveWorker } from '../../scripts/worker.mjs';

const SECRETS = ['whsec_demo_current_5f2a9c1e', 'whsec_demo_previous_3b7d0e4a'];
let project;
let files;
let worker;
let leanWorker;
let leanBundle;
// The two entries the workers import: the full one and the lean one (`edgeward/webhooks`).
const ENTRIES = [
  ['edgeward', () => worker],
  ['edgeward/webhooks', () => leanWorker],
];

before(async () => {
  ({ project, files } = freshProject());
  const bundle = bundleWorker(project);
  assert.ok(bundle.files.some((f) => f.endsWith('.wasm')), `bundle has the wasm module: ${bundle.files}`);
  worker = await serveWorker(bundle.outdir);
  // The lean entry (`edgeward/webhooks`), bundled by wrangler from its own worker.
  leanBundle = bundleWorker(project, 'src/lean.js');
  leanWorker = await serveWorker(leanBundle.outdir, {}, 'lean.js');
});

after(async () => {
  await worker?.dispose();
  await leanWorker?.dispose();
});

test('the tarball ships the WASM build, the typings and the licences; the addon is in the platform package', () => {
  for (const needed of ['index.d.ts', 'lib/entries/node.js', 'lib/entries/workerd.js', 'lib/api.js', 'wasm/edgeward_wasm_bg.wasm', 'wasm-lean/edgeward_wasm_bg.wasm', 'LICENSE-MIT', 'LICENSE-APACHE', 'README.md']) {
    assert.ok(files.includes(needed), `${needed} in ${files}`);
  }
  assert.ok(!files.some((f) => f.endsWith('.node')), 'no native addon in the main tarball');
  const platform = currentPlatform();
  const installed = JSON.parse(readFileSync(join(project, 'node_modules', packageName(platform), 'package.json'), 'utf8'));
  assert.equal(installed.main, addonFile(platform));
});

for (const [backend, env] of [
  ['native', {}],
  ['wasm', { EDGEWARD_BACKEND: 'wasm' }],
]) {
  test(`a fresh Node project imports the tarball (${backend})`, () => {
    const script = `
      import { Webhook, backend } from 'edgeward';
      const wh = new Webhook('whsec_fresh_0123456789abcdef');
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
  assert.equal(tampered.code, 'WEBHOOK_SIGNATURE_MISMATCH');
  const stale = await deliver(body, current.sign(body, { timestamp: now - 3600 }));
  assert.equal(stale.code, 'WEBHOOK_TIMESTAMP_TOO_OLD');
  const wrong = await deliver(body, new Webhook('whsec_attacker_8c6e1f2d9a').sign(body));
  assert.equal(wrong.code, 'WEBHOOK_SIGNATURE_MISMATCH');
  assert.equal((await deliver(body, undefined)).code, 'WEBHOOK_MISSING_HEADER');
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
    assert.equal(response.code, 'WEBHOOK_MALFORMED_HEADER');
    assert.equal((await deliver(body, good)).ok, true);
  }
});

// Every scheme and replay protection (issue 3), from the same tarball.

for (const [backend, env] of [
  ['native', {}],
  ['wasm', { EDGEWARD_BACKEND: 'wasm' }],
]) {
  test(`a fresh Node project verifies every scheme and refuses a replay (${backend})`, () => {
    const script = `
      import { ReplayGuard, Webhook } from 'edgeward';
      const out = {};
      for (const scheme of ['standard', 'github', 'slack', 'shopify']) {
        const wh = new Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', { scheme, replayGuard: new ReplayGuard() });
        const headers = wh.sign('hi', { timestamp: 10, id: 'msg_1' });
        const first = wh.verify('hi', headers, { now: 10 });
        let second;
        try { wh.verify('hi', headers, { now: 10 }); } catch (error) { second = error.code; }
        out[scheme] = { first, second };
      }
      console.log(JSON.stringify(out));`;
    const out = JSON.parse(
      execFileSync('node', ['--input-type=module', '-e', script], {
        cwd: project,
        env: { ...process.env, EDGEWARD_BACKEND: '', ...env },
        encoding: 'utf8',
      }),
    );
    assert.deepEqual(out, {
      standard: { first: { timestamp: 10, secretIndex: 0, id: 'msg_1' }, second: 'WEBHOOK_REPLAYED' },
      github: { first: { timestamp: null, secretIndex: 0 }, second: 'WEBHOOK_REPLAYED' },
      slack: { first: { timestamp: 10, secretIndex: 0 }, second: 'WEBHOOK_REPLAYED' },
      shopify: { first: { timestamp: null, secretIndex: 0 }, second: 'WEBHOOK_REPLAYED' },
    });
  });
}

const STANDARD_SECRET = 'whsec_ZWRnZXdhcmQtZGVtby1zdGFuZGFyZC1zZWNyZXQ=';

async function post(path, body, headers) {
  const response = await fetch(`${worker.url}${path}`, { method: 'POST', body, headers });
  return { status: response.status, ...(await response.json()) };
}

test('workerd refuses a replayed Standard Webhooks delivery through Workers KV (verifyAsync)', async () => {
  const kv = await worker.miniflare.getKVNamespace('REPLAY_KV');
  const sender = new Webhook(STANDARD_SECRET, { scheme: 'standard' });
  const body = '{"type":"invoice.paid","amount":4200}';
  const now = Math.floor(Date.now() / 1000);
  const headers = sender.sign(body, { timestamp: now, id: 'msg_kv_1' });

  // Forged deliveries first: refused, and never recorded in KV.
  const forged = new Webhook('whsec_YXR0YWNrZXItb3duLWtleS0wMTIzNDU2Nzg5', { scheme: 'standard' }).sign(body, { id: 'msg_kv_1' });
  assert.deepEqual(await post('/standard', body, forged).then((r) => [r.status, r.code]), [400, 'WEBHOOK_SIGNATURE_MISMATCH']);
  assert.equal((await kv.list()).keys.length, 0);

  assert.deepEqual(await post('/standard', body, headers), { status: 200, ok: true, timestamp: now, secretIndex: 0, id: 'msg_kv_1' });
  const replay = await post('/standard', body, headers);
  assert.equal(replay.status, 409);
  assert.equal(replay.code, 'WEBHOOK_REPLAYED');
  // The provider's retry of the same event (same id, signed again later) is the same delivery.
  const retry = sender.sign(body, { timestamp: now + 5, id: 'msg_kv_1' });
  assert.equal((await post('/standard', body, retry)).code, 'WEBHOOK_REPLAYED');
  // Another event passes; svix-* header names too.
  const other = sender.sign(body, { timestamp: now, id: 'msg_kv_2' });
  const svix = Object.fromEntries(Object.entries(other).map(([k, v]) => [k.replace('webhook-', 'Svix-'), v]));
  assert.equal((await post('/standard', body, svix)).id, 'msg_kv_2');

  // What KV holds: one opaque key per delivery, no payload, no secret.
  const { keys } = await kv.list();
  assert.equal(keys.length, 2);
  for (const { name, expiration } of keys) {
    assert.match(name, /^edgeward:standard:[0-9a-f]{32}$/);
    assert.ok(expiration >= now + 60, 'KV expiration set');
  }
  // Deleting a key lets that delivery through again (a handler that failed wants the retry).
  for (const { name } of keys) await kv.delete(name);
  assert.equal((await post('/standard', body, headers)).ok, true);
});

test('workerd refuses a replayed GitHub delivery through an in-isolate ReplayGuard', async () => {
  const sender = new Webhook('gh-demo-secret', { scheme: 'github' });
  const body = new TextEncoder().encode('{"action":"opened","number":1}');
  const headers = { ...sender.sign(body), 'x-github-event': 'pull_request' };
  assert.deepEqual(await post('/github', body, headers), { status: 200, ok: true, secretIndex: 0, event: 'pull_request' });
  assert.equal((await post('/github', body, headers)).code, 'WEBHOOK_REPLAYED');
  // A signature header sent twice is refused, not one copy picked.
  const twice = new Headers(sender.sign(new Uint8Array([1])));
  twice.append('x-hub-signature-256', twice.get('x-hub-signature-256'));
  assert.equal((await post('/github', new Uint8Array([1]), twice)).code, 'WEBHOOK_MALFORMED_HEADER');
  assert.equal((await post('/github', body, {})).code, 'WEBHOOK_MISSING_HEADER');
});

// The shared webhook vectors (Stripe's, then every scheme's) through both entries.
for (const [entry, served] of ENTRIES) {
  for (const file of ['webhook_stripe.json', 'webhook_schemes.json']) {
    test(`the shared vectors (${file}) give the same verdicts inside workerd (${entry})`, async () => {
      const { verify } = loadVectors(file);
      const response = await fetch(`${served().url}/vectors`, { method: 'POST', body: JSON.stringify({ cases: verify }) });
      const results = await response.json();
      assert.equal(results.length, verify.length);
      verify.forEach((c, i) => {
        const got = results[i];
        if (c.expect.ok) {
          const want = { ok: true, timestamp: c.expect.timestamp, secret_index: c.expect.secret_index };
          if (c.scheme === 'standard') want.id = c.expect.id;
          assert.deepEqual(got, want, c.name);
        } else {
          assert.deepEqual(got, { ok: false, code: c.expect.code, isClass: true }, c.name);
        }
      });
    });
  }
}

// The shared header-shape vectors through both entries: every shape a Worker holds headers in
// (fetch Headers first) gives the vectors' verdict, as in Rust, Node and Python.
for (const [entry, served] of ENTRIES) {
  test(`the header-shape vectors give the same verdicts inside workerd (${entry})`, async () => {
    const { cases } = loadVectors('webhook_headers.json');
    const response = await fetch(`${served().url}/header-vectors`, { method: 'POST', body: JSON.stringify({ cases }) });
    const results = await response.json();
    assert.equal(results.length, cases.length);
    cases.forEach((c, i) => {
      const want = c.expect.ok
        ? { ok: true, timestamp: c.expect.timestamp, secret_index: c.expect.secret_index, ...(c.expect.id ? { id: c.expect.id } : {}) }
        : { ok: false, code: c.expect.code };
      const got = results[i];
      assert.deepEqual(Object.keys(got).sort(), ['fetch', 'map', 'object', 'pairs'], c.name);
      for (const [shape, verdict] of Object.entries(got)) {
        // workerd's Headers takes some names undici refuses; what it takes gets the verdict.
        if (verdict === 'refused') assert.ok(shape === 'fetch' && c.fetch_refuses, c.name);
        else assert.deepEqual(verdict, want, `${c.name} (${shape})`);
      }
    });
  });
}

// A string payload with an unpaired surrogate is refused inside workerd as in Node and Python
// (JSON carries the lone surrogate as an escape, so the Worker's string holds it).
for (const [entry, served] of ENTRIES) {
  test(`workerd refuses a string payload with an unpaired surrogate (${entry})`, async () => {
    const secrets = ['whsec_demo_current_5f2a9c1e'];
    const header = new Webhook(secrets[0]).sign('{"a":"\ufffd"}', { timestamp: 1000 });
    const cases = ['{"a":"\ud800"}', '\udc00'].map((payload_text) => ({ secrets, payload_text, header, now: 1000 }));
    const response = await fetch(`${served().url}/vectors`, { method: 'POST', body: JSON.stringify({ cases }) });
    for (const got of await response.json()) assert.deepEqual(got, { ok: false, code: 'WEBHOOK_INVALID_PAYLOAD', isClass: true });
  });
}

// Workers' large-payload path: verifyAsync with WebCrypto computing the MACs (forced for every
// size here) gives the synchronous path's verdicts on every shared vector, inside workerd.
for (const [entry, served] of ENTRIES) {
  test(`verifyAsync through WebCrypto gives the same verdicts inside workerd (${entry})`, async () => {
    let macs = 0;
    for (const file of ['webhook_stripe.json', 'webhook_schemes.json']) {
      const { verify } = loadVectors(file);
      const body = JSON.stringify({ cases: verify });
      const sync = await (await fetch(`${served().url}/vectors`, { method: 'POST', body })).json();
      const viaWebCrypto = await (await fetch(`${served().url}/vectors?webcrypto`, { method: 'POST', body })).json();
      assert.equal(sync.length, verify.length);
      verify.forEach((c, i) => assert.deepEqual(viaWebCrypto.results[i], sync[i], c.name));
      macs += viaWebCrypto.macs;
    }
    assert.ok(macs >= 40, `${macs} MACs computed by WebCrypto`);
  });
}

// Redaction (issue 4): the shared corpus gives identical output and reports inside workerd.
for (const [entry, served] of ENTRIES) {
  test(`the redaction corpus gives identical output inside workerd (${entry})`, async () => {
    const { readFileSync } = await import('node:fs');
    const { records } = JSON.parse(readFileSync(new URL('../../../tests/redact/corpus.json', import.meta.url), 'utf8'));
    const lean = entry === 'edgeward/webhooks';
    const response = await fetch(`${served().url}/redact`, { method: 'POST', body: JSON.stringify({ records }) });
    const results = await response.json();
    assert.equal(results.length, records.length);
    const findings = (report) => report.findings.map((f) => [f.rule, f.path, f.detector, f.confidence, f.line]);
    let refused = 0;
    records.forEach((record, i) => {
      const got = results[i];
      if (lean && record.options?.custom_patterns) {
        // No regex engine in the lean build: custom patterns are refused, saying what to import.
        assert.equal(got.error, 'REDACTION_INVALID_OPTIONS', record.name);
        assert.match(got.message, /import `edgeward`/);
        refused += 1;
        return;
      }
      assert.equal(got.error, undefined, `${record.name}: ${got.error}`);
      assert.deepEqual(got.value, record.expected, record.name);
      assert.deepEqual(findings(got.report), record.findings, record.name);
      if (record.kind === 'json') {
        assert.deepEqual(JSON.parse(got.text), record.expected, record.name);
        assert.deepEqual(findings(got.textReport), record.findings, record.name);
      }
      const text = typeof got.value === 'string' ? got.value : JSON.stringify(got.value);
      for (const secret of record.planted ?? []) assert.ok(!text.includes(secret), `${record.name}: planted secret survived`);
    });
    assert.equal(refused, lean ? 1 : 0);
  });
}

test('the lean entry is the lean WASM module: webhooks and redaction, no validation', async () => {
  const wasm = leanBundle.files.filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `one wasm module: ${leanBundle.files}`);
  const { statSync } = await import('node:fs');
  const { join } = await import('node:path');
  const size = statSync(join(leanBundle.outdir, wasm[0])).size;
  assert.ok(size < 600_000, `lean module is ${size} bytes`);
  const health = await (await fetch(`${leanWorker.url}/health`)).json();
  assert.equal(health.backend, 'wasm');
  assert.ok(!health.exports.includes('Validator'), health.exports);
  assert.ok(health.exports.includes('Redactor') && health.exports.includes('Webhook'), health.exports);
});

// Secret hygiene (issue 11, hardening): the whole shared corpus runs inside workerd, through
// each entry (tests/workers/src/hygiene.js, the same runner as the Node suite's), and nothing
// printed — error messages, codes, stacks, String()/JSON.stringify of errors and of every
// object built with a secret, results, reports, console lines — shows a secret, an expected
// signature or a planted token.
const readCorpus = () => {
  const read = (path) => JSON.parse(readFileSync(new URL(`../../../tests/${path}`, import.meta.url), 'utf8'));
  return {
    stripe: read('vectors/webhook_stripe.json'),
    schemes: read('vectors/webhook_schemes.json'),
    redact: read('redact/corpus.json'),
    validate: read('validate/vectors.json'),
  };
};

for (const [entry, served] of ENTRIES) {
  test(`nothing printed inside workerd shows a secret, a signature or a planted token (${entry})`, async () => {
    const response = await fetch(`${served().url}/hygiene`, { method: 'POST', body: JSON.stringify(readCorpus()) });
    assert.equal(response.status, 200);
    const { counts, leaks, expectedSignatures } = await response.json();
    console.log(`workerd ${entry}: ${JSON.stringify(counts)}`);
    assert.ok(counts.webhookCases >= 150 && counts.redactionRecords >= 20, JSON.stringify(counts));
    if (entry === 'edgeward') assert.ok(counts.validationCases >= 70 && counts.pathCases >= 20, JSON.stringify(counts));
    assert.ok(counts.errors >= 120 && counts.objects >= 300 && counts.logLines >= 150, JSON.stringify(counts));
    assert.ok(counts.needles >= 400 && expectedSignatures > 0, JSON.stringify(counts));
    assert.deepEqual(leaks, [], `${leaks.length} leak(s):\n${leaks.join('\n')}`);
  });
}

// After every failing vector of the shared files, the same isolate (and WASM instance) keeps
// answering genuine deliveries: one worker, many requests. The worker counts the requests it
// served and names its isolate, so a restart (a trap that killed the instance) shows.
for (const [entry, served] of ENTRIES) {
  test(`after every failing shared vector, the same isolate keeps verifying genuine deliveries (${entry})`, async () => {
    const { stripe, schemes, validate } = readCorpus();
    let last;
    let isolate;
    async function step(path, body) {
      const response = await fetch(`${served().url}${path}`, { method: 'POST', body: JSON.stringify(body) });
      assert.equal(response.status, 200, path);
      const answer = await response.json();
      if (last !== undefined) assert.equal(answer.served, last + 1, 'the isolate was restarted (its request count started again)');
      isolate ??= answer.isolate;
      assert.equal(answer.isolate, isolate, 'the isolate was replaced');
      last = answer.served;
      return answer.result;
    }
    const cases = [...stripe.verify, ...schemes.verify];
    const genuine = (scheme) => cases.find((c) => c.expect.ok && c.scheme === scheme && !c.headers?.['webhook-signature']?.startsWith('v1a'));
    async function stillVerifies(after, scheme) {
      for (const good of new Set([genuine(undefined), genuine(scheme)])) {
        if (good === undefined) continue;
        const { ok, secret_index: index } = await step('/vector', { case: good });
        assert.deepEqual({ ok, index }, { ok: true, index: good.expect.secret_index }, `${good.name} after ${after}`);
      }
    }
    const hostile = cases.filter((c) => !c.expect.ok);
    assert.ok(hostile.length >= 70, `${hostile.length} failing vectors`);
    for (const c of hostile) {
      assert.deepEqual(await step('/vector', { case: c }), { ok: false, code: c.expect.code, isClass: true }, c.name);
      await stillVerifies(c.name, c.scheme);
    }
    console.log(`workerd ${entry}: ${hostile.length} failing webhook vectors interleaved, ${last} requests to one isolate`);
    if (entry !== 'edgeward') return; // the lean entry has no validation
    // Validation: every vector that fails (limits, catastrophic patterns, invalid schemas).
    const failing = validate.validate.filter((c) => c.expect.error !== undefined || c.expect.valid === false);
    const valid = validate.validate.find((c) => c.name === 'payment: valid document');
    assert.ok(failing.length >= 30, `${failing.length} failing validation vectors`);
    for (const c of failing) {
      const got = await step('/validate-vector', { case: c, schemas: validate.schemas });
      const want = c.expect.error !== undefined ? { ok: false, code: c.expect.error } : { ok: true, valid: false };
      assert.deepEqual(got, want, c.name);
      assert.deepEqual(await step('/validate-vector', { case: valid, schemas: validate.schemas }), { ok: true, valid: true }, `after ${c.name}`);
      await stillVerifies(c.name, undefined);
    }
    console.log(`workerd ${entry}: and ${failing.length} failing validation vectors, ${last} requests to one isolate`);
  });
}

// Credentials: the shared vectors inside workerd, and tokens crossing between workerd and Node
// in both directions (OAuth state, sealed tokens, Fernet).
async function credentials(ops) {
  const response = await fetch(`${worker.url}/credentials`, { method: 'POST', body: JSON.stringify({ ops }) });
  return response.json();
}

test('workerd: OAuth state, sealed-token and Fernet vectors give the same verdicts', async () => {
  const v = loadVectors('credentials.json');
  const stateOps = v.state.verify.map((c) => ({ op: 'verify', secrets: v.state.secrets, token: c.token, session: c.session, now: c.now }));
  const openOps = v.seal.open.map((c) => ({ op: 'open', keys: v.seal.keys, token: c.token, aad_hex: c.aad_hex, now: c.now, max_age_seconds: c.max_age_seconds }));
  const fernetOps = v.fernet.decrypt.map((c) => ({ op: 'fernet-decrypt', key: v.fernet.key, token: c.token, now: c.now, ttl_seconds: c.ttl_seconds }));
  const pkceOps = [{ op: 'challenge', verifier: v.pkce[0].verifier }];
  const results = await credentials([...stateOps, ...openOps, ...fernetOps, ...pkceOps]);
  const cases = [...v.state.verify, ...v.seal.open, ...v.fernet.decrypt];
  cases.forEach((c, i) => {
    const got = results[i];
    if (c.error) assert.deepEqual(got, { code: c.error, isEdgeward: true }, c.name);
    else if (c.expect_hex !== undefined) assert.equal(got.hex, c.expect_hex, c.name);
    else assert.deepEqual(got, { verifier: c.expect.verifier, returnTo: c.expect.return_to, issuedAt: c.expect.issued_at }, c.name);
  });
  assert.deepEqual(results.at(-1), { challenge: v.pkce[0].challenge, generated: 43 });
});

test('workerd and Node: state, sealed and Fernet tokens cross in both directions', async () => {
  const { OAuthState, Sealer, Fernet } = await import('edgeward');
  const v = loadVectors('credentials.json');
  const secrets = v.state.secrets;
  const now = Math.floor(Date.now() / 1000);
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  const [fromWorker, sealedInWorker, fernetInWorker] = await credentials([
    { op: 'issue', secrets, session: 'sess-w', verifier, returnTo: '/w', now },
    { op: 'seal', keys: v.seal.keys, plaintext_hex: '776f726b6572', aad_hex: '01', now },
    { op: 'fernet-encrypt', key: v.fernet.key, plaintext_hex: '776f726b6572', now },
  ]);
  const state = new OAuthState(secrets);
  assert.deepEqual(state.verify(fromWorker.token, { session: 'sess-w' }), { verifier, returnTo: '/w', issuedAt: now });
  assert.equal(new Sealer(v.seal.keys).openText(sealedInWorker.token, { aad: new Uint8Array([1]) }), 'worker');
  assert.equal(new Fernet(v.fernet.key).decryptText(fernetInWorker.token), 'worker');
  const fromNode = state.issue({ session: 'sess-n', verifier, now });
  const sealedInNode = new Sealer(v.seal.keys).seal('node', { aad: new Uint8Array([2]) });
  const fernetInNode = new Fernet(v.fernet.key).encrypt('node');
  const back = await credentials([
    { op: 'verify', secrets, token: fromNode, session: 'sess-n', now },
    { op: 'verify', secrets, token: fromNode, session: 'sess-other', now },
    { op: 'open', keys: v.seal.keys, token: sealedInNode, aad_hex: '02', now },
    { op: 'fernet-decrypt', key: v.fernet.key, token: fernetInNode, now },
  ]);
  assert.deepEqual(back, [
    { verifier, returnTo: null, issuedAt: now },
    { code: 'STATE_SESSION_MISMATCH', isEdgeward: true },
    { hex: '6e6f6465' },
    { hex: '6e6f6465' },
  ]);
});
// Network guards (issue 14): the shared net_* vectors answer the same inside workerd, through
// each entry, with the Worker's own Headers class carrying the forwarding headers.
for (const [entry, served] of ENTRIES) {
  test(`the network-guard vectors give the same answers inside workerd (${entry})`, async () => {
    const ip = loadVectors('net_ip.json');
    const allowlist = loadVectors('net_allowlist.json');
    const client = loadVectors('net_client_ip.json');
    const response = await fetch(`${served().url}/net`, { method: 'POST', body: JSON.stringify({ ip, allowlist, client }) });
    const got = await response.json();
    ip.addresses.forEach((c, i) => {
      const want = c.error ? { ok: false, code: c.error, isClass: true } : { ok: true, value: [true, c.ip] };
      assert.deepEqual(got.addresses[i], want, c.input);
    });
    ip.ranges.forEach((c, i) => {
      const want = c.error ? { ok: false, code: c.error, isClass: true } : { ok: true, value: 1 };
      assert.deepEqual(got.ranges[i], want, c.input);
    });
    allowlist.cases.forEach((c, i) => assert.deepEqual(got.allowlists[i], Object.values(c.allows), c.name));
    client.cases.forEach((c, i) => {
      const want = c.error ? { ok: false, code: c.error, isClass: true } : { ok: true, value: { ip: c.ip, chain: c.chain, reason: c.reason } };
      assert.deepEqual(got.clientIps[i], want, c.name);
    });
  });
}

// Verified events, routing and the console wrapper (issue 15) inside workerd, through each
// entry: the shared event vectors give the same verdicts with the Worker's own Headers (the
// lean entry has no validator: its schema cases run without the schema, as verify_event does).
for (const [entry, served] of ENTRIES) {
  test(`verified events, routing and wrapConsole inside workerd (${entry})`, async () => {
    const { cases } = loadVectors('webhook_events.json');
    const withSchemas = entry === 'edgeward';
    const response = await fetch(`${served().url}/events`, { method: 'POST', body: JSON.stringify({ cases, withSchemas }) });
    const { results, routed, printed } = await response.json();
    cases.forEach((c, i) => {
      if (c.schema !== undefined && !withSchemas) return;
      const { ok, code, ...expect } = c.expect;
      assert.deepEqual(results[i], ok ? { ok, ...expect } : { ok, code }, c.name);
    });
    assert.deepEqual(routed, { wrapped: true, cause: 'handler failed' });
    const text = JSON.stringify(printed);
    for (const secret of ['q8ZlW3nR5tYp0vXs7bKd2mJf', 'hunter2', 'sk_live_0000000000000000000000000']) assert.ok(!text.includes(secret), text);
    assert.deepEqual(printed[0], ['token %s', 'Bearer [REDACTED]', { password: '[REDACTED]' }]);
    assert.deepEqual(printed.at(-1), ['after restore']);
  });
}
