// Hostile input for every scheme, through the JS layer: random and adversarial header values
// in every header shape, thousands of signature entries, repeated headers, prototype tricks,
// lookalike names, wrong types. Every answer is a WebhookVerificationError with a code (or the
// verdict of a genuine delivery), and the instance keeps working. Runs against whichever build
// EDGEWARD_BACKEND selects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Webhook, WebhookVerificationError } from 'edgeward';

const NOW = 1_700_000_000;
const SECRETS = {
  stripe: 'whsec_hostile_stripe_0123456789',
  standard: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  github: 'gh-hostile-secret',
  slack: '8f742231b10e8888abcd99yyyzzz85a5',
  shopify: 'shpss_hostile_0123456789abcdef',
};
const SCHEMES = Object.keys(SECRETS);
const CODES = new Set([
  'WEBHOOK_MISSING_HEADER',
  'WEBHOOK_MALFORMED_HEADER',
  'WEBHOOK_NO_SIGNATURES',
  'WEBHOOK_SIGNATURE_MISMATCH',
  'WEBHOOK_TIMESTAMP_TOO_OLD',
  'WEBHOOK_TIMESTAMP_TOO_NEW',
]);

/** A deterministic generator (xorshift32), so failures reproduce. */
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

const PIECES = [
  'v1,', 'v1a,', 'v0=', 'sha256=', 't=', ',', ' ', '=', '==', '\t', 'é', '\u0000', '+', '/', 'AAAA', '////',
  'zz', '00', '9999999999999999999', '-1', 'v1,AAAA', ';', '\ufeff', '\ud800', '\u{1F600}', 'svix', 'msg_1',
  'g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=', 'g0hM9SsE-OTPJTGt_tmIKtSyZlE3uFJELVlNIOLJ1OE',
  '757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17', '1700000000', 'v1=', ', ',
];

function genuine(scheme) {
  const wh = new Webhook(SECRETS[scheme], { scheme });
  const body = '{"event":"hostile","n":1}';
  const signed = wh.signHeaders(body, { timestamp: NOW, id: 'msg_genuine' });
  return { wh, body, signed };
}

function assertRefused(fn, label) {
  assert.throws(
    fn,
    (error) => {
      assert.ok(error instanceof WebhookVerificationError, `${label}: ${error}`);
      assert.ok(CODES.has(error.code), `${label}: ${error.code} ${error.message}`);
      return true;
    },
    label,
  );
}

for (const scheme of SCHEMES) {
  test(`${scheme}: random hostile header values in every shape are refused`, () => {
    const next = rng(0xbad + scheme.length);
    const { wh, body, signed } = genuine(scheme);
    const names = wh.headerNames;
    const counts = {};
    for (let round = 0; round < 400; round++) {
      const pairs = [];
      for (const name of names) {
        const length = next() % 12;
        let value = '';
        for (let i = 0; i < length; i++) value += PIECES[next() % PIECES.length];
        if (value) pairs.push([next() % 2 ? name.toUpperCase() : name, value]);
      }
      const shapes = [Object.fromEntries(pairs), new Map(pairs), pairs, pairs[0]?.[1] ?? ''];
      for (const headers of shapes) {
        try {
          wh.verify(body, headers, { now: NOW });
          assert.fail(`${scheme} verified random headers ${JSON.stringify(pairs)}`);
        } catch (error) {
          assert.ok(error instanceof WebhookVerificationError, `${error}`);
          assert.ok(CODES.has(error.code), `${error.code}: ${error.message}`);
          counts[error.code] = (counts[error.code] ?? 0) + 1;
        }
      }
      if (round % 50 === 0) assert.equal(wh.verify(body, signed, { now: NOW }).secretIndex, 0);
    }
    assert.ok(counts.WEBHOOK_MALFORMED_HEADER > 0 || counts.WEBHOOK_MISSING_HEADER > 0, JSON.stringify(counts));
    assert.equal(wh.verify(body, signed, { now: NOW }).secretIndex, 0);
  });

  test(`${scheme}: a repeated signature header is refused, not one copy picked`, () => {
    const { wh, body, signed } = genuine(scheme);
    const signatureName = Object.keys(signed).at(-1);
    const value = signed[signatureName];
    const twice = [
      { ...signed, [signatureName]: [value, value] }, // Node's IncomingHttpHeaders
      { ...signed, [signatureName.toUpperCase()]: value }, // names differing only in case
      [...Object.entries(signed), [signatureName, value]], // repeated pairs
    ];
    for (const headers of twice) assertRefused(() => wh.verify(body, headers, { now: NOW }), JSON.stringify(headers));
    const fetchHeaders = new Headers(signed);
    fetchHeaders.append(signatureName, value); // fetch joins repeats with ", "
    assertRefused(() => wh.verify(body, fetchHeaders, { now: NOW }), 'fetch Headers');
    assert.equal(wh.verify(body, signed, { now: NOW }).secretIndex, 0);
  });

  test(`${scheme}: every header shape hands the core the same occurrences`, () => {
    // The reader joins and picks nothing: array values, case-variant keys, repeated pairs and
    // Map entries all reach the core as the same list of values, so they get one verdict.
    const { wh, body, signed } = genuine(scheme);
    const signatureName = Object.keys(signed).at(-1);
    const value = signed[signatureName];
    const verdict = (headers) => {
      try {
        return wh.verify(body, headers, { now: NOW }).secretIndex;
      } catch (error) {
        return error.code;
      }
    };
    const others = Object.entries(signed).filter(([name]) => name !== signatureName);
    const shapes = [
      Object.fromEntries([...others, [signatureName, [value, value]]]),
      Object.fromEntries([...others, [signatureName, value], [signatureName.toUpperCase(), value]]),
      Object.fromEntries([...others, [signatureName, [value]], [signatureName.toUpperCase(), [value]]]),
      [...others, [signatureName, value], [signatureName, value]],
      new Map([...others, [signatureName, value], [signatureName.toUpperCase(), value]]),
    ];
    const verdicts = shapes.map(verdict);
    assert.deepEqual(new Set(verdicts).size, 1, JSON.stringify(verdicts));
    // One value in a list is that value; an empty list is no header.
    assert.equal(verdict({ ...signed, [signatureName]: [value] }), 0);
    assert.equal(verdict({ ...signed, [signatureName]: [] }), 'WEBHOOK_MISSING_HEADER');
  });

  test(`${scheme}: huge, binary and surrogate header values`, () => {
    const { wh, body, signed } = genuine(scheme);
    const signatureName = Object.keys(signed).at(-1);
    for (const value of ['x'.repeat(1 << 20), '\u0000'.repeat(100), '\ud800\udfff\udc00', '\uffff'.repeat(3000), ' ']) {
      // Every header the delivery is read from (`svix-*` are not read when `webhook-*` are sent).
      for (const name of Object.keys(signed)) {
        assertRefused(() => wh.verify(body, { ...signed, [name]: value }, { now: NOW }), `${name}=${value.slice(0, 8)}`);
      }
      assertRefused(() => wh.verify(body, { ...signed, [signatureName]: value }, { now: NOW }), 'signature');
    }
    assert.equal(wh.verify(body, signed, { now: NOW }).secretIndex, 0);
  });
}

test('standard: thousands of signature entries cost bounded work', () => {
  const { wh, body, signed } = genuine('standard');
  const v1 = signed['webhook-signature'];
  const v1a = `v1a,${Buffer.alloc(64, 0x55).toString('base64')}`;
  for (const entry of [v1, v1a, 'v9,x', 'v1,AAAA']) {
    const started = process.hrtime.bigint();
    const header = Array(50_000).fill(entry).join(' ');
    assert.throws(() => wh.verify(body, { ...signed, 'webhook-signature': header }, { now: NOW }), {
      code: 'WEBHOOK_MALFORMED_HEADER',
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(ms < 2000, `${entry.slice(0, 4)}: ${ms} ms`);
  }
  // An array of thousands of values (a header repeated thousands of times) likewise.
  const many = Array(20_000).fill(v1);
  assert.throws(() => wh.verify(body, { ...signed, 'webhook-signature': many }, { now: NOW }), {
    code: 'WEBHOOK_MALFORMED_HEADER',
  });
});

test('standard: unpadded, url-safe and malformed base64, v1a of the wrong length', () => {
  const { wh, body, signed } = genuine('standard');
  const good = signed['webhook-signature'].slice(3);
  const cases = [
    good.replace(/=+$/, ''),
    good.replaceAll('+', '-').replaceAll('/', '_'),
    `${good}=`,
    `${good.slice(0, -4)}!!!=`,
    good.slice(0, 40),
  ];
  for (const sig of cases) {
    assert.throws(() => wh.verify(body, { ...signed, 'webhook-signature': `v1,${sig}` }, { now: NOW }), {
      code: 'WEBHOOK_MALFORMED_HEADER',
    });
  }
  for (const length of [0, 32, 63, 65, 128]) {
    const sig = `v1a,${Buffer.alloc(length, 1).toString('base64')}`;
    assert.throws(() => wh.verify(body, { ...signed, 'webhook-signature': sig }, { now: NOW }), {
      code: 'WEBHOOK_MALFORMED_HEADER',
    });
  }
});

test('headers are read from own properties only: a polluted prototype injects nothing', () => {
  const { wh, body, signed } = genuine('github');
  const inherited = Object.create(signed);
  assert.throws(() => wh.verify(body, inherited, { now: NOW }), { code: 'WEBHOOK_MISSING_HEADER' });
  const parsed = JSON.parse(`{"__proto__": ${JSON.stringify(signed)}}`);
  assert.throws(() => wh.verify(body, parsed, { now: NOW }), { code: 'WEBHOOK_MISSING_HEADER' });
  Object.prototype['x-hub-signature-256'] = signed['x-hub-signature-256'];
  try {
    assert.throws(() => wh.verify(body, {}, { now: NOW }), { code: 'WEBHOOK_MISSING_HEADER' });
  } finally {
    delete Object.prototype['x-hub-signature-256'];
  }
});

test('names are matched ASCII-case-insensitively only, and only the scheme’s names', () => {
  const { wh, body, signed } = genuine('standard');
  const kelvin = { ...signed };
  kelvin['webhoo\u212a-id'] = kelvin['webhook-id']; // KELVIN SIGN lowercases to "k"
  delete kelvin['webhook-id'];
  assert.throws(() => wh.verify(body, kelvin, { now: NOW }), { code: 'WEBHOOK_MISSING_HEADER' });
  const shouting = Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.toUpperCase(), v]));
  assert.equal(wh.verify(body, shouting, { now: NOW }).id, 'msg_genuine');
  // Thousands of unrelated headers and odd keys are ignored.
  const noisy = new Map(Object.entries(signed));
  for (let i = 0; i < 10_000; i++) noisy.set(`x-noise-${i}`, 'v'.repeat(i % 50));
  noisy.set(42, 'number key');
  noisy.set(Symbol('s'), 'symbol key');
  assert.equal(wh.verify(body, noisy, { now: NOW }).id, 'msg_genuine');
  const withSymbol = { ...signed, [Symbol('webhook-id')]: 'msg_other' };
  assert.equal(wh.verify(body, withSymbol, { now: NOW }).id, 'msg_genuine');
});

test('svix-* names are read when webhook-* are absent; webhook-* win when both are sent', () => {
  const { wh, body, signed } = genuine('standard');
  const svix = Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.replace('webhook-', 'svix-'), v]));
  assert.equal(wh.verify(body, svix, { now: NOW }).id, 'msg_genuine');
  const both = { ...signed, 'svix-id': 'msg_other', 'svix-signature': 'v1,AAAA' };
  assert.equal(wh.verify(body, both, { now: NOW }).id, 'msg_genuine');
});

test('wrong types are refused with codes', () => {
  const { wh, body, signed } = genuine('standard');
  for (const headers of [42, true, Symbol('h'), () => signed, 10n]) {
    assert.throws(() => wh.verify(body, headers, { now: NOW }), { code: 'WEBHOOK_INVALID_OPTIONS' }, typeof headers);
  }
  for (const value of [1614265330, { v: 1 }, [1], [['a']], [signed['webhook-id'], 5], true]) {
    assert.throws(() => wh.verify(body, { ...signed, 'webhook-id': value }, { now: NOW }), { code: 'WEBHOOK_INVALID_OPTIONS' });
  }
  for (const headers of [[1, 2], [['webhook-id']], [['a', 'b', 'c']], [null]]) {
    assert.throws(() => wh.verify(body, headers, { now: NOW }), { code: 'WEBHOOK_INVALID_OPTIONS' });
  }
  // Absent values are absent, whatever the shape.
  assert.throws(() => wh.verify(body, { ...signed, 'webhook-id': undefined }, { now: NOW }), { code: 'WEBHOOK_MISSING_HEADER' });
  assert.throws(() => wh.verify(body, { ...signed, 'webhook-id': [] }, { now: NOW }), { code: 'WEBHOOK_MISSING_HEADER' });
  assert.throws(() => wh.verify(body, { ...signed, 'webhook-id': null }, { now: NOW }), { code: 'WEBHOOK_MISSING_HEADER' });
  assert.throws(() => wh.verify(body, { get: () => null }, { now: NOW }), { code: 'WEBHOOK_MISSING_HEADER' });
  // A header object whose getter throws: its error propagates, nothing is accepted.
  const boom = new Error('getter');
  assert.throws(
    () => wh.verify(body, { get 'webhook-id'() { throw boom; } }, { now: NOW }), // prettier-ignore
    (error) => error === boom,
  );
  assert.equal(wh.verify(body, signed, { now: NOW }).id, 'msg_genuine');
});

test('construction and signing refuse bad options with codes', () => {
  const cases = [
    () => new Webhook('s', { scheme: 'Stripe' }),
    () => new Webhook('s', { scheme: 'paddle' }),
    () => new Webhook('s', { scheme: 5 }),
    () => new Webhook('s', { scheme: 'x'.repeat(100_000) }),
    () => new Webhook('s', { secretFormat: 'bogus' }),
    () => new Webhook('s', { secretFormat: 1 }),
    () => new Webhook('s', { scheme: 'github', toleranceSeconds: 0 }),
    () => new Webhook(SECRETS.standard, { scheme: 'standard' }).sign('x', { timestamp: NOW }),
    () => new Webhook(SECRETS.standard, { scheme: 'standard' }).sign('x', { id: 5 }),
    () => new Webhook(SECRETS.standard, { scheme: 'standard' }).signHeaders('x', { id: 'msg.1' }),
    () => new Webhook('s', { scheme: 'github' }).sign('x', { timestamp: -1 }),
    () => new Webhook('s', 'github'),
    () => new Webhook('s', 300),
  ];
  for (const fn of cases) {
    assert.throws(fn, (error) => error instanceof WebhookVerificationError && error.code === 'WEBHOOK_INVALID_OPTIONS', `${fn}`);
  }
  for (const secret of ['whsec_!!!', 'whsec_', 'whpk_AAAA', 'whsk_AAAA', '']) {
    assert.throws(() => new Webhook(secret, { scheme: 'standard' }), { code: 'WEBHOOK_INVALID_SECRET' }, secret);
  }
  assert.throws(() => new Webhook([Buffer.from('x')], { scheme: 'github' }), { code: 'WEBHOOK_INVALID_SECRET' });
  assert.throws(() => new Webhook('s', { scheme: 'x'.repeat(100_000) }), (error) => error.message.length < 400);
});

test('every payload type gives the same verdict for every scheme', () => {
  for (const scheme of SCHEMES) {
    const wh = new Webhook(SECRETS[scheme], { scheme });
    const bytes = new Uint8Array([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0x7b]);
    const signed = wh.signHeaders(bytes, { timestamp: NOW, id: 'msg_bytes' });
    const padded = new Uint8Array(bytes.length + 4);
    padded.set(bytes, 2);
    for (const payload of [bytes, Buffer.from(bytes), bytes.buffer, new DataView(padded.buffer, 2, bytes.length)]) {
      assert.equal(wh.verify(payload, signed, { now: NOW }).secretIndex, 0, scheme);
    }
    // Binary bodies are never decoded as text: the string of the same "characters" differs.
    assertRefused(() => wh.verify(Buffer.from(bytes).toString('utf8'), signed, { now: NOW }), scheme);
    for (const payload of [{ a: 1 }, null, undefined, 42]) {
      assert.throws(() => wh.verify(payload, signed, { now: NOW }), { code: 'WEBHOOK_INVALID_PAYLOAD' });
      assert.throws(() => wh.signHeaders(payload, { timestamp: NOW, id: 'msg_x' }), { code: 'WEBHOOK_INVALID_PAYLOAD' });
    }
  }
});

test('buffers whose memory moved or is shared give the same answer on every backend', () => {
  const wh = new Webhook(SECRETS.stripe);
  const body = new TextEncoder().encode('{"id":"evt_1"}');
  const header = wh.sign(body, { timestamp: NOW });
  const detach = (buffer) => structuredClone(buffer, { transfer: [buffer] });

  // Transferred away (to a worker, say): a clear payload error, not "signature mismatch" for
  // an empty body, nor a TypeError from the WASM glue.
  const view = body.slice();
  detach(view.buffer);
  const whole = body.slice().buffer;
  detach(whole);
  const offsetView = new DataView(body.slice().buffer, 2, 4);
  detach(offsetView.buffer);
  for (const payload of [view, whole, offsetView]) {
    assert.throws(() => wh.verify(payload, header, { now: NOW }), { code: 'WEBHOOK_INVALID_PAYLOAD', message: /detached/ });
    assert.throws(() => wh.sign(payload, { timestamp: NOW }), { code: 'WEBHOOK_INVALID_PAYLOAD' });
  }
  // An empty body that is not detached is still just an empty body.
  assert.throws(() => wh.verify(new Uint8Array(0), header, { now: NOW }), { code: 'WEBHOOK_SIGNATURE_MISMATCH' });
  assert.equal(wh.verify(new Uint8Array(0), wh.sign(new Uint8Array(0), { timestamp: NOW }), { now: NOW }).secretIndex, 0);

  // Shared memory, whole or viewed: read like any other bytes.
  const shared = new SharedArrayBuffer(body.length + 3);
  new Uint8Array(shared).set(body, 3);
  assert.equal(wh.verify(new Uint8Array(shared, 3), header, { now: NOW }).secretIndex, 0);
  const sharedWhole = new SharedArrayBuffer(body.length);
  new Uint8Array(sharedWhole).set(body);
  assert.equal(wh.verify(sharedWhole, header, { now: NOW }).secretIndex, 0);

  // A view left outside a shrunk resizable buffer reads as empty, as its byteLength says.
  const resizable = new ArrayBuffer(body.length, { maxByteLength: 64 });
  const tracked = new Uint8Array(resizable, 0, body.length);
  const trackedData = new DataView(resizable, 0, body.length);
  tracked.set(body);
  assert.equal(wh.verify(tracked, header, { now: NOW }).secretIndex, 0);
  assert.equal(wh.verify(trackedData, header, { now: NOW }).secretIndex, 0);
  resizable.resize(2);
  for (const stale of [tracked, trackedData]) {
    assert.throws(() => wh.verify(stale, header, { now: NOW }), { code: 'WEBHOOK_SIGNATURE_MISMATCH' });
  }
  assert.equal(wh.verify(body, header, { now: NOW }).secretIndex, 0, 'the instance keeps working');
});

test('secrets never show, whatever the scheme', async () => {
  const { inspect } = await import('node:util');
  const secrets = [
    ['standard', 'whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk='],
    ['standard', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
    ['slack', 'slack-signing-secret-never-print'],
  ];
  for (const [scheme, secret] of secrets) {
    const wh = new Webhook(secret, { scheme });
    const shown = `${inspect(wh, { showHidden: true, depth: 5 })} ${JSON.stringify(wh)}`;
    assert.ok(!shown.includes(secret.slice(6)), shown);
    try {
      wh.verify('x', { 'x-slack-signature': secret, 'webhook-signature': secret }, { now: NOW });
    } catch (error) {
      assert.ok(!error.message.includes(secret.slice(6)), error.message);
    }
  }
});
