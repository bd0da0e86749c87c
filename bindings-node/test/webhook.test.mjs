// The Stripe-scheme webhook API against the shared vectors. Runs against whichever build
// EDGEWARD_BACKEND selects (native or wasm); the CI runs it once for each.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import * as edgeward from 'edgeward';
import { loadVectors, payloadOf, headerOf, optionsOf } from './vectors.mjs';

const { Webhook, WebhookVerificationError, EdgewardError } = edgeward;
const vectors = loadVectors('webhook_stripe.json');

test(`loads the ${process.env.EDGEWARD_BACKEND ?? 'default'} build`, () => {
  assert.equal(edgeward.backend, process.env.EDGEWARD_BACKEND ?? 'native');
});

function run(c) {
  const wh = new Webhook(c.secrets.length === 1 ? c.secrets[0] : c.secrets, optionsOf(c));
  return wh.verify(payloadOf(c), headerOf(c), { now: c.now });
}

for (const c of vectors.verify) {
  test(`verify vector: ${c.name}`, () => {
    if (c.expect.ok) {
      assert.deepEqual(run(c), { timestamp: c.expect.timestamp, secretIndex: c.expect.secret_index });
      return;
    }
    assert.throws(
      () => run(c),
      (error) => {
        assert.ok(error instanceof WebhookVerificationError, `${error}`);
        assert.ok(error instanceof EdgewardError);
        assert.equal(error.code, c.expect.code, error.message);
        for (const secret of c.secrets) {
          if (secret) assert.ok(!error.message.includes(secret), 'message leaks a secret');
          if (secret) assert.ok(!String(error.stack).includes(secret), 'stack leaks a secret');
        }
        return true;
      },
    );
  });
}

for (const c of vectors.sign) {
  test(`sign vector: ${c.name}`, () => {
    const wh = new Webhook(c.secrets);
    assert.equal(wh.sign(payloadOf(c), { timestamp: c.timestamp }), c.header);
  });
}

test('every payload type gives the same verdict', () => {
  const wh = new Webhook('whsec_types_0123456789abcdef');
  const text = 'caf\u00e9 \u{1F600}';
  const header = wh.sign(text, { timestamp: 1000 });
  const bytes = new TextEncoder().encode(text);
  const padded = new Uint8Array(bytes.length + 4);
  padded.set(bytes, 2);
  for (const payload of [
    text,
    bytes,
    Buffer.from(text),
    bytes.buffer,
    new DataView(padded.buffer, 2, bytes.length),
    padded.subarray(2, 2 + bytes.length),
  ]) {
    assert.deepEqual(wh.verify(payload, header, { now: 1000 }), { timestamp: 1000, secretIndex: 0 });
  }
  assert.deepEqual(wh.verify(bytes, header, { now: new Date(1_000_000) }), { timestamp: 1000, secretIndex: 0 });
});

test('non-raw payloads and bad arguments are refused with codes', () => {
  const wh = new Webhook('whsec_types_0123456789abcdef');
  const header = wh.sign('x', { timestamp: 1000 });
  for (const payload of [{ a: 1 }, [1, 2], null, undefined, 42, true]) {
    assert.throws(() => wh.verify(payload, header, { now: 1000 }), { code: 'WEBHOOK_INVALID_PAYLOAD' });
  }
  assert.throws(() => wh.verify('x', header, { now: Number.NaN }), { code: 'WEBHOOK_INVALID_OPTIONS' });
  assert.throws(() => wh.verify('x', header, { now: 'soon' }), { code: 'WEBHOOK_INVALID_OPTIONS' });
  assert.throws(() => new Webhook([]), { code: 'WEBHOOK_INVALID_SECRET' });
  assert.throws(() => new Webhook(undefined), { code: 'WEBHOOK_INVALID_SECRET' });
  assert.throws(() => new Webhook([Buffer.from('x')]), { code: 'WEBHOOK_INVALID_SECRET' });
  assert.throws(() => new Webhook('s', { toleranceSeconds: 1.5 }), { code: 'WEBHOOK_INVALID_OPTIONS' });
  assert.throws(() => new Webhook('s', { toleranceSeconds: '300' }), { code: 'WEBHOOK_INVALID_OPTIONS' });
  assert.throws(() => new Webhook('s', { toleranceSeconds: Infinity }), { code: 'WEBHOOK_INVALID_OPTIONS' });
  assert.throws(() => wh.sign('x', { timestamp: -1 }), { code: 'WEBHOOK_INVALID_OPTIONS' });
});

test('a string payload with an unpaired surrogate is refused, as Python refuses such a str', () => {
  const wh = new Webhook('whsec_types_0123456789abcdef');
  // What both backends would hash for '\ud800' if they converted it lossily: U+FFFD.
  const header = wh.sign('{"a":"\ufffd"}', { timestamp: 1000 });
  for (const payload of ['{"a":"\ud800"}', '{"a":"\udc00"}', 'x\ud83d', '\ude00x', '\ud800\ud800']) {
    assert.throws(() => wh.verify(payload, header, { now: 1000 }), (error) => {
      assert.ok(error instanceof WebhookVerificationError, String(error));
      assert.equal(error.code, 'WEBHOOK_INVALID_PAYLOAD');
      assert.match(error.message, /unpaired UTF-16 surrogate/);
      return true;
    }, JSON.stringify(payload));
    assert.throws(() => wh.sign(payload, { timestamp: 1000 }), { code: 'WEBHOOK_INVALID_PAYLOAD' });
  }
  const github = new Webhook('gh', { scheme: 'github' });
  assert.throws(() => github.signHeaders('\ud800', { timestamp: 1000 }), { code: 'WEBHOOK_INVALID_PAYLOAD' });
  assert.throws(() => github.verify('\udfff', github.sign('\ufffd')), { code: 'WEBHOOK_INVALID_PAYLOAD' });
  // Paired surrogates (astral characters) are ordinary text.
  const emoji = '{"a":"\ud83d\ude00"}';
  assert.equal(wh.verify(emoji, wh.sign(emoji, { timestamp: 1000 }), { now: 1000 }).secretIndex, 0);
});

test('secrets that give anyone the key, or are too short, are refused at construction', () => {
  const publicKey = 'whpk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=';
  for (const scheme of ['stripe', 'github', 'slack', 'shopify']) {
    for (const key of [publicKey, 'whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=']) {
      assert.throws(() => new Webhook(key, { scheme }), (error) => {
        assert.equal(error.code, 'WEBHOOK_INVALID_SECRET');
        assert.match(error.message, /Ed25519 key/);
        assert.ok(!error.message.includes(key.slice(5, 20)), error.message);
        return true;
      }, `${scheme} ${key.slice(0, 5)}`);
    }
  }
  assert.throws(() => new Webhook(publicKey, { scheme: 'standard', secretFormat: 'raw' }), { code: 'WEBHOOK_INVALID_SECRET' });
  for (const [scheme, secret] of [['stripe', 'whsec_0123456789abcde'], ['slack', '0123456789abcde'], ['shopify', 'shpss_012345678']]) {
    assert.throws(() => new Webhook(secret, { scheme }), (error) => {
      assert.equal(error.code, 'WEBHOOK_INVALID_SECRET');
      assert.match(error.message, /shorter than the 16 bytes/);
      assert.ok(!error.message.includes(secret), error.message);
      return true;
    }, scheme);
  }
  assert.equal(new Webhook('x', { scheme: 'github' }).scheme, 'github'); // chosen by the user
});

test('the instance keeps working after every hostile input', () => {
  const secret = 'whsec_hostile_0123456789abcdef';
  const wh = new Webhook(secret);
  const good = wh.sign('body', { timestamp: 5000 });
  const sig = good.split('v1=')[1];
  const hostile = [
    '',
    'x'.repeat(1 << 20),
    `t=${'9'.repeat(400)},v1=${sig}`,
    't=-1,v1=00',
    `t=5000${',v1='.repeat(500)}`,
    `t=5000${`,v1=${sig}`.repeat(300)}`,
    `t=5000,v1=${'\u{1F600}'.repeat(16)}`,
    '\u0000\uffff\ud800',
    `t=5000,t=5000,v1=${sig}`,
    'v1=abc,t=',
    '=,=,=',
  ];
  for (const header of hostile) {
    assert.throws(() => wh.verify('body', header, { now: 5000 }), WebhookVerificationError);
    assert.deepEqual(wh.verify('body', good, { now: 5000 }), { timestamp: 5000, secretIndex: 0 });
  }
  const big = new Uint8Array(8 << 20).fill(0xff);
  const bigHeader = wh.sign(big, { timestamp: 5000 });
  assert.equal(wh.verify(big, bigHeader, { now: 5000 }).secretIndex, 0);
});

test('error codes and classes line up with the core', () => {
  const codes = new Set(edgeward.errorCodes);
  for (const c of vectors.verify) if (!c.expect.ok) assert.ok(codes.has(c.expect.code), c.expect.code);
  for (const code of ['WEBHOOK_REPLAYED', 'WEBHOOK_REPLAY_GUARD_FULL']) assert.ok(codes.has(code), code);
  assert.ok(Object.isFrozen(edgeward.errorCodes));
});

test('nothing shows a secret', () => {
  const secret = 'whsec_never_print_me_0123456789';
  const wh = new Webhook(secret);
  assert.ok(!JSON.stringify(wh).includes(secret));
  assert.ok(!inspect(wh, { showHidden: true, depth: 5 }).includes(secret));
});

test('the TypeScript declarations name exactly the runtime exports', async () => {
  const { readFileSync } = await import('node:fs');
  const declared = [];
  const visit = (file) => {
    const dts = readFileSync(new URL(file, import.meta.url), 'utf8');
    for (const m of dts.matchAll(/^export (?:declare )?(?:class|const|function) (\w+)/gm)) declared.push(m[1]);
    for (const m of dts.matchAll(/^export \* from '\.\/(.+)\.js';/gm)) visit(new URL(`${m[1]}.d.ts`, new URL(file, import.meta.url)));
  };
  visit('../index.d.ts');
  assert.deepEqual(declared.sort(), Object.keys(edgeward).sort());
});

// String bodies are hashed as their UTF-8 bytes, whatever crosses the boundary (a faster
// crossing was tried for issue #12: a Latin-1 copy for ASCII text): every character range, at
// every size, and no truncating copy.
test('string bodies of every character range verify as their UTF-8 bytes', () => {
  const wh = new edgeward.Webhook('whsec_string_bodies_0123456789abcdef');
  for (const text of ['{"a":1}', 'café ÿ', '東京 ✓', 'emoji 🎉 end', '\u0000nul', '']) {
    for (const body of [text, text.repeat(5000)]) {
      const header = wh.sign(Buffer.from(body, 'utf8'), { timestamp: 100 });
      assert.equal(wh.verify(body, header, { now: 100 }).timestamp, 100);
      // Ł (U+0141) has the Latin-1 low byte of "A": a truncating copy would verify it as "A".
      if (body.includes('A') || body === '') continue;
      assert.throws(() => wh.verify(`${body}Ł`, wh.sign(`${body}A`, { timestamp: 100 }), { now: 100 }), { code: 'WEBHOOK_SIGNATURE_MISMATCH' });
    }
  }
  const latin = new edgeward.Webhook('whsec_string_bodies_0123456789abcdef');
  assert.throws(() => latin.verify('Ł', latin.sign('A', { timestamp: 100 }), { now: 100 }), { code: 'WEBHOOK_SIGNATURE_MISMATCH' });
});
