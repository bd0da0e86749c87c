// JS-specific redaction behaviour: host types, cycles, depth, untouched input, errors, pino.
// Runs against whichever build EDGEWARD_BACKEND selects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EdgewardError, RedactionError, Redactor } from 'edgeward';

const STRIPE = 'sk_live_FAKE0000000000000000000000';
const r = new Redactor();

test('defaults: sensitive keys in any spelling, look-alikes kept', () => {
  const out = r.redact({ apiKey: 'a1', 'X-API-KEY': 'b2', author: 'Ann', Authorization: 'Basic Zm9vOmJhcg==', msg: 'User authenticated' });
  assert.deepEqual(out, { apiKey: '[REDACTED]', 'X-API-KEY': '[REDACTED]', author: 'Ann', Authorization: '[REDACTED]', msg: 'User authenticated' });
});

test('cycles become [Circular]; shared references are converted twice', () => {
  const a = { name: 'a', password: 'p' };
  a.self = a;
  const shared = { token: 't' };
  const out = r.redact({ a, list: [a, shared, shared] });
  assert.equal(out.a.self, '[Circular]');
  assert.equal(out.a.password, '[REDACTED]');
  assert.equal(out.list[0].self, '[Circular]');
  assert.deepEqual(out.list[1], { token: '[REDACTED]' });
  assert.deepEqual(out.list[2], { token: '[REDACTED]' });
  assert.equal(a.password, 'p');
});

test('Date, BigInt, Buffer, TypedArray, Map, Set, undefined, functions, symbols', () => {
  const when = new Date('2026-01-02T03:04:05.678Z');
  const big = 12345678901234567890123n;
  const out = r.redact({
    when,
    big,
    small: 5n,
    buf: Buffer.from('hello world!'),
    arr: new Uint16Array(4),
    map: new Map([['password', 'x'], [1, 'one']]),
    set: new Set([STRIPE, 'ok']),
    u: undefined,
    f() {},
    [Symbol('s')]: 1,
    list: [undefined, () => 1],
    nan: NaN,
  });
  assert.equal(out.when, '2026-01-02T03:04:05.678Z');
  assert.equal(out.big, big);
  assert.equal(Number(out.small), 5);
  assert.equal(out.buf, '[Buffer 12 bytes]');
  assert.equal(out.arr, '[Uint16Array 8 bytes]');
  assert.deepEqual(out.map, { password: '[REDACTED]', 1: 'one' });
  assert.deepEqual(out.set, ['[REDACTED]', 'ok']);
  assert.ok(!('u' in out) && !('f' in out));
  assert.deepEqual(out.list, [null, null]);
  assert.equal(out.nan, null);
  // The exact digits reach the core: redactJson of the same shape keeps them verbatim.
  assert.equal(r.redactJson(`{"big":${big}}`), `{"big":${big}}`);
});

test('integers beyond 2^53 come back exact, wherever they are, and look-alikes stay', () => {
  const out = r.redact({
    a: [-(2n ** 64n), 2n ** 63n, 9007199254740993n],
    n: { deep: [{ x: 123456789012345678901234567890n }] },
    safe: 9007199254740991,
    float: 1.2345678901234568e25,
    fraction: 0.12345678901234568,
    text: '12345678901234567890 "quoted" \\ \u0000edgeward-bigint-0:1',
  });
  assert.deepEqual(out.a, [-(2n ** 64n), 2n ** 63n, 9007199254740993n]);
  assert.equal(out.n.deep[0].x, 123456789012345678901234567890n);
  assert.equal(out.safe, 9007199254740991);
  assert.equal(out.float, 1.2345678901234568e25);
  assert.equal(out.fraction, 0.12345678901234568);
  assert.equal(out.text, '12345678901234567890 "quoted" \\ \u0000edgeward-bigint-0:1');
});

test('Error with cause and axios-style config.headers.Authorization', () => {
  const cause = new Error(`upstream said ${STRIPE}`);
  const error = new Error('Request failed with status code 401', { cause });
  error.config = { url: 'https://api.example.com/v1?access_token=abc123secret', headers: { Authorization: 'Bearer abcdef0123456789' } };
  error.response = { status: 401, headers: { 'set-cookie': 'sid=s3cr3t' } };
  const out = r.redact({ err: error });
  assert.equal(out.err.name, 'Error');
  assert.equal(out.err.message, 'Request failed with status code 401');
  assert.equal(typeof out.err.stack, 'string');
  assert.equal(out.err.config.headers.Authorization, '[REDACTED]');
  assert.equal(out.err.response.headers['set-cookie'], '[REDACTED]');
  assert.ok(!JSON.stringify(out).includes(STRIPE));
  assert.ok(!JSON.stringify(out).includes('abc123secret'));
  assert.ok(out.err.cause.message.startsWith('upstream said '));
  assert.equal(error.config.headers.Authorization, 'Bearer abcdef0123456789', 'caller untouched');
});

test('class instances: own enumerable properties, toJSON honoured', () => {
  class User {
    constructor() {
      this.name = 'ann';
      this.password = 'hunter2';
    }
    greet() {
      return 'hi';
    }
  }
  class Money {
    toJSON() {
      return { amount: 5, secret: 'x' };
    }
  }
  assert.deepEqual(r.redact({ user: new User(), money: new Money() }), { user: { name: 'ann', password: '[REDACTED]' }, money: { amount: 5, secret: '[REDACTED]' } });
});

test('100k-deep objects and arrays: no crash, the too-deep marker', () => {
  let deep = { leaf: STRIPE };
  for (let i = 0; i < 100_000; i += 1) deep = { a: deep };
  const out = r.redact(deep);
  let node = out;
  let depth = 0;
  while (typeof node === 'object') {
    node = node.a;
    depth += 1;
  }
  assert.equal(node, '[Too deep]');
  assert.equal(depth, 64);
  let arrays = [STRIPE];
  for (let i = 0; i < 100_000; i += 1) arrays = [arrays];
  assert.ok(JSON.stringify(r.redact(arrays)).includes('[Too deep]'));
  const shallow = new Redactor({ maxDepth: 2, tooDeepMarker: '<deep>' });
  assert.deepEqual(shallow.redact({ a: { b: { c: 1 } } }), { a: { b: '<deep>' } });
});

test('the caller object is never modified', () => {
  const input = { headers: { authorization: 'Bearer abcdef0123456789' }, list: [{ password: 'x' }] };
  const before = structuredClone(input);
  const out = r.redact(input);
  assert.deepEqual(input, before);
  assert.notEqual(out, input);
});

test('modes, paths and report', () => {
  const key = new Uint8Array(32).fill(7);
  const masked = new Redactor({ mode: 'mask', maskKeepLast: 4 });
  assert.match(masked.redactText(`key ${STRIPE}`), /^key sk_live_.*0000$/);
  const hashed = new Redactor({ mode: 'hash', hashKey: key });
  const a = hashed.redact({ token: 'same' }).token;
  assert.equal(a, hashed.redact({ token: 'same' }).token);
  assert.match(a, /^\[hmac:[0-9a-f]+\]$/);
  const paths = new Redactor({ paths: ['a.b', 'list[*].x', '**.deepKey'], defaultKeys: false, removeKeys: [] });
  assert.deepEqual(paths.redact({ a: { b: 1, c: 2 }, list: [{ x: 1 }], q: { r: { deepKey: 3 } } }), { a: { b: '[REDACTED]', c: 2 }, list: [{ x: '[REDACTED]' }], q: { r: { deepKey: '[REDACTED]' } } });
  const removing = new Redactor({ keyMode: 'remove' });
  assert.deepEqual(removing.redact({ password: 'x', ok: 1 }), { ok: 1 });
  const reporting = new Redactor({ report: true });
  const { value, report } = reporting.redact({ password: 'x' });
  assert.deepEqual(value, { password: '[REDACTED]' });
  assert.equal(report.redactions, 1);
  assert.deepEqual(report.findings[0], { rule: 'key:password', path: 'password', detector: null, confidence: 'high', line: null });
  assert.ok(!JSON.stringify(report).includes('"x"'));
});

test('errors: invalid JSON quotes no input; bad options; RedactionError class', () => {
  assert.throws(() => r.redactJson('{"password":"hunter2"'), (e) => e instanceof RedactionError && e instanceof EdgewardError && e.code === 'REDACTION_INVALID_JSON' && !e.message.includes('hunter2'));
  assert.throws(() => new Redactor({ mode: 'explode' }), (e) => e instanceof RedactionError && e.code === 'REDACTION_INVALID_OPTIONS');
  assert.throws(() => new Redactor({ nope: 1 }), (e) => e instanceof RedactionError && e.code === 'REDACTION_INVALID_OPTIONS');
  assert.throws(() => new Redactor({ mode: 'hash' }), (e) => e instanceof RedactionError && e.code === 'REDACTION_INVALID_OPTIONS');
  assert.throws(() => new Redactor({ paths: ['a..b'] }), (e) => e instanceof RedactionError);
  assert.throws(() => new Redactor({ maxBytes: 10 }).redactText('x'.repeat(100)), (e) => e instanceof RedactionError && e.code === 'REDACTION_LIMIT_EXCEEDED');
  assert.throws(() => r.redactText(42), (e) => e instanceof RedactionError && e.code === 'REDACTION_INVALID_OPTIONS');
  assert.throws(() => r.redactJson(42), (e) => e instanceof RedactionError && e.code === 'REDACTION_INVALID_JSON');
  assert.throws(() => new Redactor(42), (e) => e instanceof RedactionError && e.code === 'REDACTION_INVALID_OPTIONS');
  assert.throws(() => new Redactor({ keys: [1n] }), (e) => e instanceof RedactionError && e.code === 'REDACTION_INVALID_OPTIONS');
});

test('NDJSON and free text', () => {
  assert.equal(r.redactNdjson('{"password":"a"}\n{"ok":1}\n'), '{"password":"[REDACTED]"}\n{"ok":1}\n');
  assert.equal(r.redactText(`user authenticated with ${STRIPE}`), 'user authenticated with [REDACTED]');
});

test('pino formatter', () => {
  const log = r.pinoFormatter();
  assert.deepEqual(log({ msg: 'login', req: { headers: { cookie: 'sid=1' } } }), { msg: 'login', req: { headers: { cookie: '[REDACTED]' } } });
  // A value that cannot even be walked never throws into the logging call, nor shows up.
  const hostile = new Proxy({}, { ownKeys() { throw new RangeError(STRIPE); } });
  const out = log({ msg: 'odd', payload: hostile });
  assert.deepEqual(out, { edgeward: '[record not logged: redaction failed (RangeError)]' });
});

// redact(object) writes plain JSON data with JSON.stringify and everything else with its own
// walker (toJsonText): both must give the same text, so the same output, for every value.
test('plain data and the walker give identical results, at every boundary between them', async () => {
  const { toJsonText } = await import('../lib/redact.js');
  const r = new Redactor({ maxDepth: 4, tooDeepMarker: '[deep]' });
  const viaWalker = (value) => JSON.parse(r.redactJson(toJsonText(value, 4, '[deep]', '[Circular]')));
  class Point {
    constructor() {
      this.x = 1;
      this.password = 'p';
    }
  }
  const cyclic = { a: 1, token: 't' };
  cyclic.self = cyclic;
  const shared = { password: 'x' };
  const withGetter = { get secret() { return 's3'; }, plain: 'ok' };
  const nullProto = Object.assign(Object.create(null), { apiKey: 'k', n: 2 });
  const holes = [1, , 3]; // eslint-disable-line no-sparse-arrays
  const values = [
    { user: { name: 'Ada', password: 'hunter2', card: '4242 4242 4242 4242' }, list: [1, 'two', null, true] },
    { n: -0, big: 1e21, small: 5e-324, nan: Number.NaN, inf: -Infinity, text: 'Bearer abcdefghijklmnop', '10': 'x', b: 'y', '2': 'z' },
    { a: { b: { c: { d: 'at the limit' } } } },
    { a: { b: { c: { d: { e: 'too deep' } } } } },
    [[[[['deep array']]]]],
    { one: shared, two: shared, three: [shared] },
    cyclic,
    withGetter,
    nullProto,
    holes,
    { when: new Date(0), id: 12n, map: new Map([['password', 'x']]), point: new Point() },
    { custom: { toJSON: () => ({ password: 'from toJSON' }) } },
    { u: undefined, f() {}, s: Symbol('x'), keep: 'kept' },
    { boxed: Object('text'), number: Object(3) },
    'a bare string with sk_live_0123456789abcdefghij',
    42,
    null,
  ];
  for (const value of values) {
    assert.deepEqual(r.redact(value), viaWalker(value), JSON.stringify(toJsonText(value, 4, '[deep]', '[Circular]')));
  }
  // Integers beyond 2^53 written by JSON.stringify come back exact either way.
  assert.deepEqual(r.redact({ n: 2 ** 60 }), { n: 1152921504606847000n });
});
