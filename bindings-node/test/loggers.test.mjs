// The logger adapters in real loggers: `redactor.winstonFormat()` in winston (a stream
// transport capturing what is written) and `redactor.wrapConsole()` over a console writing to
// captured streams. Runs against whichever build EDGEWARD_BACKEND selects.
import assert from 'node:assert/strict';
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import winston from 'winston';
import { RedactionError, Redactor } from 'edgeward';

const redactor = new Redactor();
const STRIPE = 'sk_live_FAKE000000000000000000000001';
const BEARER = 'fakeT0kenA1b2C3d4E5f6G7h8';
const PASSWORD = 'hunter2-pw-XYZ';
const DB_URL = 'postgres://app:Pa55w0rd-db9@db.internal:5432/shop';
const PLANTED = [STRIPE, BEARER, PASSWORD, 'Pa55w0rd-db9'];

function sink() {
  const chunks = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

function assertClean(text, useful) {
  for (const secret of PLANTED) assert.ok(!text.includes(secret), `secret ${secret} leaked: ${text}`);
  for (const piece of useful) assert.ok(text.includes(piece), `lost ${JSON.stringify(piece)}: ${text}`);
}

/** A winston logger writing JSON lines to a captured stream, with `formats` before json(). */
function winstonLogger(formats, defaultMeta) {
  const { stream, text } = sink();
  const log = winston.createLogger({
    level: 'debug',
    defaultMeta,
    format: winston.format.combine(...formats),
    transports: [new winston.transports.Stream({ stream })],
  });
  return { log, lines: () => text().trim().split('\n').map((line) => JSON.parse(line)), text };
}

test('winston: message, metadata, splat arguments, child defaults and errors', () => {
  const { log, lines, text } = winstonLogger(
    [redactor.winstonFormat(), winston.format.errors({ stack: true }), winston.format.splat(), winston.format.json()],
    { service: 'shop', apiKey: STRIPE },
  );
  log.info(`calling ${DB_URL}`);
  log.info('token %s for %s', `Bearer ${BEARER}`, 'ann@example.com');
  log.warn('login', { user: 'ann', password: PASSWORD, headers: { authorization: `Bearer ${BEARER}`, accept: 'text/html' } });
  log.child({ requestId: 'req-42', ctx: { token: BEARER } }).debug('from the child');
  log.error(new Error(`payment failed with key ${STRIPE}`));
  log.info('%o', { nested: { secret: PASSWORD } });
  const [a, b, c, d, e, f] = lines();
  assertClean(text(), ['ann@example.com', 'req-42', 'text/html', 'payment failed with key']);
  assert.equal(a.message, 'calling postgres://app:[REDACTED]@db.internal:5432/shop');
  assert.equal(a.service, 'shop');
  assert.equal(a.apiKey, '[REDACTED]');
  assert.equal(b.message, 'token Bearer [REDACTED] for ann@example.com');
  assert.deepEqual([c.user, c.password, c.headers], ['ann', '[REDACTED]', { authorization: '[REDACTED]', accept: 'text/html' }]);
  assert.deepEqual([d.level, d.requestId, d.ctx], ['debug', 'req-42', { token: '[REDACTED]' }]);
  assert.equal(e.level, 'error');
  assert.match(e.message, /payment failed with key \[REDACTED\]/);
  assert.ok(f.message.includes('[REDACTED]'), f.message);
});

test('winston: placed after the finalising format, it redacts the finished line', () => {
  const printf = winston.format.printf((info) => `${info.level}: ${info.message} ${JSON.stringify({ password: info.password })}`);
  const { log, text } = winstonLogger([printf, redactor.winstonFormat()]);
  log.info(`key ${STRIPE}`, { password: PASSWORD });
  assertClean(text(), ['info: key [REDACTED]']);
  const json = winstonLogger([winston.format.json(), redactor.winstonFormat()]);
  json.log.info('x', { password: PASSWORD, user: 'ann' });
  assert.deepEqual(json.lines()[0], { level: 'info', message: 'x', password: '[REDACTED]', user: 'ann' });
});

test('winston: a record that cannot be redacted becomes a notice, never an exception', () => {
  const { log, lines, text } = winstonLogger([redactor.winstonFormat(), winston.format.json()]);
  const hostile = new Proxy(
    {},
    {
      ownKeys() {
        throw new Error(`no ${PASSWORD}`);
      },
    },
  );
  log.info('hostile', { hostile });
  assertClean(text(), []);
  assert.match(lines()[0].message, /redaction failed/);
});

/** A Console writing to captured stdout and stderr. */
function capturedConsole() {
  const out = sink();
  const err = sink();
  return { target: new Console({ stdout: out.stream, stderr: err.stream }), text: () => out.text() + err.text() };
}

test('wrapConsole: every printing method, every kind of argument; restore puts the originals back', () => {
  const { target, text } = capturedConsole();
  const originalLog = target.log;
  const restore = redactor.wrapConsole(target);
  assert.notEqual(target.log, originalLog);
  target.log('token %s', `Bearer ${BEARER}`);
  target.info({ user: 'ann', password: PASSWORD });
  target.warn(`db ${DB_URL}`, 42, null, undefined, true);
  target.error(new Error(`failed with ${STRIPE}`));
  target.debug(['list', { apiKey: STRIPE }]);
  target.dir({ nested: { authorization: `Bearer ${BEARER}` } });
  target.table([{ name: 'ann', secret: PASSWORD }]);
  target.trace(`trace ${STRIPE}`);
  assertClean(text(), ["user: 'ann'", 'failed with [REDACTED]', 'db postgres://app:[REDACTED]@db.internal', '42 null undefined true', 'ann']);
  restore();
  assert.equal(target.log, originalLog);
  target.log(`after restore ${PASSWORD}`);
  assert.ok(text().includes(`after restore ${PASSWORD}`), 'the original method prints unredacted again');
});

test('wrapConsole: the global console by default; misuse is REDACTION_INVALID_OPTIONS', () => {
  const original = console.log;
  const restore = redactor.wrapConsole();
  try {
    assert.notEqual(console.log, original);
  } finally {
    restore();
  }
  assert.equal(console.log, original);
  assert.throws(() => redactor.wrapConsole('console'), (e) => e instanceof RedactionError && e.code === 'REDACTION_INVALID_OPTIONS');
});

test('adapters drop the report of a reporting redactor', () => {
  const reporting = new Redactor({ report: true });
  const { log, lines } = winstonLogger([reporting.winstonFormat(), winston.format.json()]);
  log.info('x', { password: PASSWORD });
  assert.equal(lines()[0].password, '[REDACTED]');
  const { target, text } = capturedConsole();
  const restore = reporting.wrapConsole(target);
  target.log({ password: PASSWORD });
  restore();
  assertClean(text(), ['[REDACTED]']);
});
