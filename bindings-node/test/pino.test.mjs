// Whole-line redaction in real pino (`redactor.pinoOptions()`): every shape of logging call,
// every place pino puts text (message, msgPrefix, child bindings, base, mixin, serialised
// errors, nested objects, custom keys), every kind of destination, captured as written.
// Runs against whichever build EDGEWARD_BACKEND selects.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, test } from 'node:test';
import pino from 'pino';
import { RedactionError, Redactor } from 'edgeward';

const redactor = new Redactor();

// Each shape plants its own secrets, so a failure names the shape that leaked.
const stripe = (n) => `sk_live_FAKE${String(n).padStart(24, '0')}`;
const bearer = (n) => `fakeT0ken${n}A1b2C3d4E5f6G7h8`;
const DB_URL = 'postgres://app:Pa55w0rd-db9@db.internal:5432/shop';
const PLANTED = [...Array.from({ length: 40 }, (_, i) => stripe(i)), ...Array.from({ length: 40 }, (_, i) => bearer(i)), 'Pa55w0rd-db9', 'hunter2-pw-XYZ'];

/** A destination that keeps every write, as pino hands it over. */
function capture() {
  const writes = [];
  return { writes, stream: { write: (s) => writes.push(s) } };
}

/** Asserts no planted secret is in `text`, every `useful` piece is, and every line is JSON. */
function assertRedacted(text, useful) {
  for (const secret of PLANTED) assert.ok(!text.includes(secret), `secret ${secret} leaked: ${text}`);
  for (const piece of useful) assert.ok(text.includes(piece), `lost ${JSON.stringify(piece)}: ${text}`);
  const lines = text.split('\n');
  assert.equal(lines.pop(), '', 'the output ends with a newline');
  return lines.map((line) => JSON.parse(line));
}

/** A logger over a captured destination; `options` are merged through pinoOptions(). */
function logger(options = {}) {
  const { writes, stream } = capture();
  return { log: pino(redactor.pinoOptions(options), stream), writes, text: () => writes.join('') };
}

const tmp = mkdtempSync(join(tmpdir(), 'edgeward-pino-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('the interpolated message and the message beside an object', () => {
  const { log, writes, text } = logger();
  log.info('token %s', `Bearer ${bearer(0)}`);
  log.info('key %s for %s (%d items)', stripe(1), 'ann@example.com', 3);
  log.info({ user: 'ann' }, 'login with Bearer %s', bearer(2));
  log.info({ headers: { authorization: `Bearer ${bearer(3)}`, accept: 'application/json' } }, `msg with Bearer ${bearer(4)}`);
  log.warn(`calling ${DB_URL}`);
  const [a, b, c, d, e] = assertRedacted(text(), ['token Bearer [REDACTED]', 'for ann@example.com (3 items)', 'application/json']);
  assert.equal(writes.length, 5, 'one write per line');
  assert.equal(a.msg, 'token Bearer [REDACTED]');
  assert.equal(b.msg, 'key [REDACTED] for ann@example.com (3 items)');
  assert.equal(c.msg, 'login with Bearer [REDACTED]');
  assert.equal(c.user, 'ann');
  assert.deepEqual(d.headers, { authorization: '[REDACTED]', accept: 'application/json' });
  assert.equal(d.msg, 'msg with Bearer [REDACTED]');
  assert.equal(e.msg, 'calling postgres://app:[REDACTED]@db.internal:5432/shop');
});

test('child bindings: plain, nested children, children with options', () => {
  const { log, text } = logger({ msgPrefix: `[root ${stripe(5)}] ` });
  const child = log.child({ apiKey: stripe(6), ctx: { token: bearer(7), user: 'ann' }, note: `Bearer ${bearer(8)}` });
  child.info('from the child');
  const grandchild = child.child({ db: DB_URL, shard: 3 });
  grandchild.info('from the grandchild');
  const withOptions = grandchild.child(
    { requestId: 'req-42' },
    {
      msgPrefix: `[key ${stripe(9)}] `,
      level: 'debug',
      serializers: { user: (u) => ({ ...u, note: `Bearer ${bearer(10)}` }) },
      redact: ['user.email'],
    },
  );
  withOptions.debug({ user: { name: 'ann', email: 'ann@example.com' } }, 'with options');
  const [one, two, three] = assertRedacted(text(), ['from the child', 'from the grandchild', 'req-42', 'with options']);
  assert.equal(one.apiKey, '[REDACTED]');
  assert.deepEqual(one.ctx, { token: '[REDACTED]', user: 'ann' });
  assert.equal(one.note, 'Bearer [REDACTED]');
  assert.equal(one.msg, '[root [REDACTED]] from the child');
  assert.equal(two.db, 'postgres://app:[REDACTED]@db.internal:5432/shop');
  assert.equal(two.shard, 3);
  assert.equal(three.msg, '[root [REDACTED]] [key [REDACTED]] with options');
  assert.deepEqual(three.user, { name: 'ann', email: '[Redacted]', note: 'Bearer [REDACTED]' }); // pino's own redact still applies
  assert.equal(three.level, 20);
});

test('errors through pino\'s serializer: message, stack, nested cause, aggregate, custom properties', () => {
  const { log, text } = logger();
  const cause = new Error(`upstream refused key ${stripe(11)}`);
  const err = new Error(`charge failed for ${stripe(12)}`, { cause });
  err.password = 'hunter2-pw-XYZ';
  err.config = { url: 'https://api.example.com/v1/charges', headers: { Authorization: `Bearer ${bearer(13)}` } };
  err.detail = { note: `retry with Bearer ${bearer(14)}` };
  log.error(err);
  log.error({ err }, 'payment failed');
  log.error(err, 'payment failed for %s', stripe(15));
  log.error(new AggregateError([new Error(`first ${stripe(16)}`), new Error(`second Bearer ${bearer(17)}`)], 'several failed'));
  const lines = assertRedacted(text(), ['charge failed for [REDACTED]', 'upstream refused key [REDACTED]', 'payment failed', 'api.example.com/v1/charges', 'several failed']);
  const [plain, merged, interpolated, aggregate] = lines;
  assert.equal(plain.err.type, 'Error');
  assert.match(plain.err.message, /^charge failed for \[REDACTED\]: upstream refused key \[REDACTED\]$/);
  assert.match(plain.err.stack, /^Error: charge failed for \[REDACTED\]\n/);
  assert.match(plain.err.stack, /caused by: Error: upstream refused key \[REDACTED\]/);
  assert.equal(plain.err.password, '[REDACTED]');
  assert.equal(plain.err.config.headers.Authorization, '[REDACTED]');
  assert.equal(plain.err.detail.note, 'retry with Bearer [REDACTED]');
  assert.equal(plain.msg, 'charge failed for [REDACTED]');
  assert.equal(merged.msg, 'payment failed');
  assert.equal(interpolated.msg, 'payment failed for [REDACTED]');
  assert.equal(aggregate.err.aggregateErrors.length, 2);
});

test('a custom errorKey is redacted as well', () => {
  const { log, text } = logger({ errorKey: 'error' });
  log.error({ error: new Error(`boom ${stripe(18)}`) }, 'with errorKey');
  const [line] = assertRedacted(text(), ['with errorKey', 'boom [REDACTED]']);
  assert.equal(line.error.message, 'boom [REDACTED]');
});

test('nested objects, arrays and header lists', () => {
  const { log, text } = logger();
  let deep = { password: 'hunter2-pw-XYZ', label: 'bottom' };
  for (let i = 0; i < 12; i += 1) deep = { level: i, child: deep };
  log.info({ deep, headers: [['authorization', `Bearer ${bearer(19)}`], ['accept', 'text/html']], items: [{ id: 1, card: 'none' }, { id: 2, secret: stripe(20) }] }, 'nested');
  const [line] = assertRedacted(text(), ['bottom', 'text/html', 'nested']);
  let node = line.deep;
  while (node.child) node = node.child;
  assert.deepEqual(node, { password: '[REDACTED]', label: 'bottom' });
  // A [name, value] header entry with a sensitive name loses its whole value.
  assert.equal(line.headers[0][1], '[REDACTED]');
  assert.equal(line.items[1].secret, '[REDACTED]');
});

test('base bindings, mixin, custom messageKey and nestedKey, user formatters', () => {
  const { log, text } = logger({
    base: { pid: process.pid, hostname: 'web-1', service: 'checkout', database: DB_URL },
    mixin: () => ({ trace: `Bearer ${bearer(21)}`, region: 'eu-west-1' }),
    messageKey: 'message',
    nestedKey: 'payload',
    formatters: { level: (label) => ({ severity: label }), log: (o) => ({ ...o, added: `key ${stripe(22)}` }) },
  });
  log.info({ token: bearer(23), order: 42 }, 'order %d placed with %s', 42, stripe(24));
  const [line] = assertRedacted(text(), ['web-1', 'checkout', 'eu-west-1', 'order 42 placed with [REDACTED]']);
  assert.equal(line.pid, process.pid);
  assert.equal(line.hostname, 'web-1');
  assert.equal(line.database, 'postgres://app:[REDACTED]@db.internal:5432/shop');
  assert.equal(line.severity, 'info');
  assert.equal(line.message, 'order 42 placed with [REDACTED]');
  // pino nests the mixin's output with the object under nestedKey.
  assert.deepEqual(line.payload, { token: '[REDACTED]', order: 42, trace: 'Bearer [REDACTED]', region: 'eu-west-1', added: 'key [REDACTED]' });
});

test('pino.destination (sync) into a file', () => {
  const file = join(tmp, 'sync.log');
  const dest = pino.destination({ dest: file, sync: true });
  const log = pino(redactor.pinoOptions(), dest);
  log.info({ password: 'hunter2-pw-XYZ' }, 'to a file with Bearer %s', bearer(25));
  log.child({ apiKey: stripe(26) }).warn('child to a file');
  dest.flushSync();
  const [a, b] = assertRedacted(readFileSync(file, 'utf8'), ['to a file with Bearer [REDACTED]', 'child to a file']);
  assert.equal(a.password, '[REDACTED]');
  assert.equal(b.apiKey, '[REDACTED]');
});

test('pino.multistream: every stream gets the redacted line', () => {
  const all = capture();
  const errors = capture();
  const log = pino(redactor.pinoOptions({ level: 'debug' }), pino.multistream([{ level: 'debug', stream: all.stream }, { level: 'error', stream: errors.stream }]));
  log.debug('debug with %s', stripe(27));
  log.error({ err: new Error(`failed ${stripe(28)}`) }, 'error with Bearer %s', bearer(29));
  assertRedacted(all.writes.join(''), ['debug with [REDACTED]', 'error with Bearer [REDACTED]']);
  const [line] = assertRedacted(errors.writes.join(''), ['error with Bearer [REDACTED]', 'failed [REDACTED]']);
  assert.equal(line.level, 50);
  assert.equal(errors.writes.length, 1);
});

test('a Node Writable destination', async () => {
  const chunks = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const log = pino(redactor.pinoOptions(), stream);
  log.info({ cookie: 'sid=s%3Afake0000' }, 'writable with %s', stripe(30));
  stream.end();
  await once(stream, 'finish');
  const [line] = assertRedacted(chunks.join(''), ['writable with [REDACTED]']);
  assert.equal(line.cookie, '[REDACTED]');
});

test('a transport (worker thread) writes only redacted lines', async () => {
  const file = join(tmp, 'transport.log');
  const transport = pino.transport({ target: 'pino/file', options: { destination: file } });
  // The worker is unref'd: keep the loop alive until it has closed.
  const alive = setInterval(() => {}, 1000);
  const log = pino(redactor.pinoOptions(), transport);
  log.info({ headers: { authorization: `Bearer ${bearer(31)}` } }, 'via transport %s', stripe(32));
  log.child({ secret: stripe(33) }).error(new Error(`transport error ${stripe(34)}`));
  transport.end();
  await once(transport, 'close');
  clearInterval(alive);
  const [a, b] = assertRedacted(readFileSync(file, 'utf8'), ['via transport [REDACTED]', 'transport error [REDACTED]']);
  assert.equal(a.headers.authorization, '[REDACTED]');
  assert.equal(b.secret, '[REDACTED]');
});

test('line endings are kept: one newline per line, CRLF with crlf: true', () => {
  const { log, writes } = logger();
  log.info('plain %s', stripe(35));
  log.info('benign');
  for (const w of writes) assert.match(w, /^\{[^\n]*\}\n$/);
  const crlf = logger({ crlf: true });
  crlf.log.info('crlf %s', stripe(36));
  assert.match(crlf.writes[0], /^\{[^\r\n]*\}\r\n$/);
  assert.ok(!crlf.writes[0].includes(stripe(36)));
});

test('a line without secrets is written byte for byte as pino wrote it', () => {
  const options = { base: null, timestamp: false };
  const plain = capture();
  const ours = logger(options);
  const record = { user: { id: 7, name: 'Ann', plan: 'pro' }, path: '/api/orders?page=2', tags: ['a', 'b'], note: 'unicode é ✓ "quoted"' };
  pino(options, plain.stream).child({ service: 'api' }).info(record, 'order %d for %s', 42, 'Ann');
  ours.log.child({ service: 'api' }).info(record, 'order %d for %s', 42, 'Ann');
  assert.deepEqual(ours.writes, plain.writes);
});

test('merging with the caller\'s options: their hooks, formatters and settings are kept', () => {
  const seen = [];
  const options = {
    level: 'debug',
    hooks: {
      logMethod(args, method, level) {
        seen.push(level);
        method.apply(this, args);
      },
      // Their hook runs first; what it adds is redacted too.
      streamWrite: (line) => line.replace('"msg":', `"added":"Bearer ${bearer(37)}","msg":`),
    },
    formatters: { bindings: (b) => ({ host: b.hostname }) },
  };
  const before = JSON.stringify(options);
  const merged = redactor.pinoOptions(options);
  assert.equal(JSON.stringify(options), before, 'the caller\'s options are not modified');
  assert.equal(merged.level, 'debug');
  assert.equal(merged.hooks.logMethod, options.hooks.logMethod);
  assert.equal(merged.formatters, options.formatters);
  const { writes, stream } = capture();
  const log = pino(merged, stream);
  log.debug('merged %s', stripe(38));
  const [line] = assertRedacted(writes.join(''), ['merged [REDACTED]']);
  assert.deepEqual(seen, [20]);
  assert.equal(line.added, 'Bearer [REDACTED]');
  assert.equal(line.host !== undefined, true);
  // Spread form, the user's own keys beside ours.
  const spread = capture();
  pino({ ...redactor.pinoOptions(), level: 'warn' }, spread.stream).warn('spread %s', stripe(39));
  assertRedacted(spread.writes.join(''), ['spread [REDACTED]']);
  const misuse = (e) => e instanceof RedactionError && e.code === 'REDACTION_INVALID_OPTIONS';
  assert.throws(() => redactor.pinoOptions('info'), misuse);
  assert.throws(() => redactor.pinoOptions({ hooks: { streamWrite: 'no' } }), misuse);
});

test('fail safe: a line that cannot be redacted is never written; a notice is, and nothing throws', () => {
  const NOTICE = /^\{"level":50,"msg":"\[log line not written: redaction failed \((REDACTION_INVALID_JSON|REDACTION_LIMIT_EXCEEDED|TypeError)\)\]"\}\n$/;
  // A hook of theirs that breaks the JSON.
  const broken = capture();
  const log = pino(redactor.pinoOptions({ hooks: { streamWrite: (line) => `${line.slice(0, -2)}, password: ${stripe(0)}\n` } }), broken.stream);
  log.info('broken');
  assert.equal(broken.writes.length, 1);
  assert.match(broken.writes[0], NOTICE);
  assert.match(broken.writes[0], /REDACTION_INVALID_JSON/);
  // A hook of theirs that returns no string.
  const odd = capture();
  pino(redactor.pinoOptions({ hooks: { streamWrite: () => 42 } }), odd.stream).info(`odd ${stripe(1)}`);
  assert.match(odd.writes[0], /TypeError/);
  assert.match(odd.writes[0], NOTICE);
  // A line over maxBytes.
  const small = new Redactor({ maxBytes: 256 });
  const big = capture();
  const bigLog = pino(small.pinoOptions(), big.stream);
  bigLog.info({ blob: 'x'.repeat(400), token: bearer(2) }, 'too big');
  bigLog.info('small one');
  assert.match(big.writes[0], /REDACTION_LIMIT_EXCEEDED/);
  assert.match(big.writes[0], NOTICE);
  assert.equal(JSON.parse(big.writes[1]).msg, 'small one');
  // The hook itself, called directly: CRLF kept on the notice too, no input in it.
  const hook = redactor.pinoOptions().hooks.streamWrite;
  const notice = hook(`{"a":"${stripe(3)}"\r\n`);
  assert.ok(notice.endsWith('}\r\n'));
  assert.ok(!notice.includes(stripe(3)));
  for (const bad of ['', '\n', 'not json\n', '{"a":1}{"b":2}\n', '{"a":1}\n{"b":2}\n']) assert.match(hook(bad), /redaction failed/);
  for (const bad of [undefined, null, 7, Buffer.from('{"a":1}\n')]) assert.match(hook(bad), NOTICE);
});

test('a reporting redactor still hands pino a string', () => {
  const reporting = new Redactor({ report: true });
  const { writes, stream } = capture();
  pino(reporting.pinoOptions(), stream).info('reported %s', stripe(4));
  assert.equal(typeof writes[0], 'string');
  assertRedacted(writes[0], ['reported [REDACTED]']);
});

test('pinoFormatter() is the object-only helper: it redacts the merging object, not the message', () => {
  const { writes, stream } = capture();
  pino({ formatters: { log: redactor.pinoFormatter() } }, stream).info({ password: 'hunter2-pw-XYZ' }, 'object only');
  const line = JSON.parse(writes[0]);
  assert.equal(line.password, '[REDACTED]');
  assert.equal(line.msg, 'object only');
});
