// Secret hygiene (issue 11, hardening): the whole shared corpus — both webhook vector files,
// the redaction corpus and the validation vectors — runs through the API of this backend
// (EDGEWARD_BACKEND=native|wasm), for the full entry and for `edgeward/webhooks`, and nothing
// printed may show a secret, an expected signature or a planted token: error messages, codes,
// stacks, `String()`/`JSON.stringify`/`util.inspect` of every error and of every object built
// with a secret, results and reports, every console line (redacted values and errors logged
// as an application logs them), and whatever reached the process's stdout and stderr.
// The corpus runner is shared with the Workers in workerd: tests/workers/src/hygiene.js.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { backend } from 'edgeward';
import { findLeaks, MIN_NEEDLE_CHARS, Needles, signatureRuns } from '../../tests/workers/src/hygiene.js';

function runChild(entry) {
  const child = spawnSync(process.execPath, [new URL('./hygiene-child.mjs', import.meta.url).pathname, entry], {
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  assert.equal(child.status, 0, child.stderr);
  const lines = child.stdout.trimEnd().split('\n');
  return { result: JSON.parse(lines.pop()), stdout: lines.join('\n'), stderr: child.stderr };
}

for (const entry of ['edgeward', 'edgeward/webhooks']) {
  test(`nothing printed shows a secret, a signature or a planted token (${entry}, ${backend})`, () => {
    const { result, stdout, stderr } = runChild(entry);
    assert.equal(result.backend, backend);
    const { counts, leaks } = result;
    console.log(`${entry} (${backend}): ${JSON.stringify(counts)}`);
    // The corpus really ran: every file, errors of every family, objects, log lines.
    assert.ok(counts.webhookCases >= 150, JSON.stringify(counts));
    assert.ok(counts.redactionRecords >= 20, JSON.stringify(counts));
    if (entry === 'edgeward') assert.ok(counts.validationCases >= 70 && counts.pathCases >= 20, JSON.stringify(counts));
    assert.ok(counts.errors >= 120 && counts.objects >= 300 && counts.logLines >= 150, JSON.stringify(counts));
    assert.ok(counts.needles >= 400, JSON.stringify(counts));
    assert.ok(result.needles.some((n) => n.label.includes('expected signature')));
    assert.ok(result.needles.some((n) => n.label.includes('planted token')));
    assert.deepEqual(leaks, [], `${leaks.length} leak(s):\n${leaks.join('\n')}`);
    // Whatever reached the process's stdout and stderr below the console is searched too,
    // and there should be nothing: the library prints nothing.
    const needles = Object.assign(new Needles(), { list: result.needles });
    const streams = [
      { origin: 'stdout', text: stdout, scope: null },
      { origin: 'stderr', text: stderr, scope: null },
    ];
    assert.deepEqual(findLeaks(needles, streams), []);
    assert.equal(stdout, '', 'the library printed to stdout');
    assert.equal(stderr, '', 'the library printed to stderr');
  });
}

test('Webhook, ReplayGuard, Redactor and Validator built with secrets do not show them', async () => {
  const { Webhook, ReplayGuard, Redactor, Validator } = await import('edgeward');
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const hashKey = new Uint8Array(32).fill(0xab);
  const objects = [
    new Webhook([secret, 'whsec_ZWZnaGlqa2xtbm9wcXJzdHV2d3h5ent8'], { scheme: 'standard', replayGuard: new ReplayGuard() }),
    new Webhook('gh-secret-chosen-by-the-user', { scheme: 'github' }),
    new Redactor({ mode: 'hash', hashKey }),
    new Validator({ type: 'object' }),
  ];
  const needles = new Needles();
  needles.secret('secret', secret);
  needles.secret('second secret', 'whsec_ZWZnaGlqa2xtbm9wcXJzdHV2d3h5ent8');
  needles.secret('github secret', 'gh-secret-chosen-by-the-user');
  needles.bytes('hash key', hashKey);
  const hay = objects.flatMap((o) => [
    inspect(o, { showHidden: true, getters: true, depth: 10 }),
    String(o),
    JSON.stringify(o) ?? '',
    JSON.stringify(Object.getOwnPropertyNames(o)),
  ]).map((text) => ({ origin: 'object', text, scope: null }));
  assert.deepEqual(findLeaks(needles, hay), []);
});

test('the search finds every encoding, and skips needles under the minimum length', () => {
  const needles = new Needles();
  needles.secret('secret', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
  needles.signatures('signature', 't=1700000000,v1=90a5fc38cf37530cf10494e5e9eef44a3117dcf9abb0d899160a9a12b0c3f705');
  needles.add('short', 'x'.repeat(MIN_NEEDLE_CHARS - 1));
  const key = Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64');
  const sig = Buffer.from('90a5fc38cf37530cf10494e5e9eef44a3117dcf9abb0d899160a9a12b0c3f705', 'hex');
  for (const text of [
    'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    'key MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw!',
    key.toString('hex').toUpperCase(),
    key.toString('base64url'),
    Buffer.from('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').toString('hex'),
    `expected ${sig.toString('hex').toUpperCase()}`,
    sig.toString('base64'),
  ]) {
    assert.notDeepEqual(findLeaks(needles, [{ origin: 'probe', text, scope: null }]), [], text);
  }
  assert.deepEqual(findLeaks(needles, [{ origin: 'probe', text: `t=1234567 v1=00 ${'x'.repeat(7)}`, scope: null }]), []);
  assert.deepEqual(signatureRuns('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1,AAAA'), ['g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=']);
});
