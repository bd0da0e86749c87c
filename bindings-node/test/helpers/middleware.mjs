// Shared by the middleware tests (Express 4 and 5, Fastify, Hono, the web helper): deliveries
// signed as a provider would (genuine, tampered, stale, replayed, oversized, malformed) and
// checks of the replies and of what reached the log.
import assert from 'node:assert/strict';
import { Webhook } from '../../lib/entries/node.js';

export const SECRET = 'whsec_middleware_current_9c4e1a7f0b2d';
export const PREVIOUS = 'whsec_middleware_previous_5d8b3e6a1c0f';
export const SECRETS = [SECRET, PREVIOUS];
/** A marker inside every body: it must never reach a reply or the log. */
export const MARKER = 'body-marker-7f3a91';

const signer = new Webhook(SECRET);
const oldSigner = new Webhook(PREVIOUS);

export const now = () => Math.floor(Date.now() / 1000);

/** A JSON event body of about `size` bytes. */
export function eventBody(size = 200, id = `evt_${Math.random().toString(36).slice(2)}`) {
  const base = { id, type: 'payment_intent.succeeded', note: MARKER, pad: '' };
  const text = JSON.stringify(base);
  base.pad = 'x'.repeat(Math.max(0, size - text.length));
  return JSON.stringify(base);
}

/** `{ body, headers }` of a genuine delivery (stripe scheme), optionally signed differently. */
export function delivery({ body = eventBody(), timestamp = now(), old = false } = {}) {
  const signature = (old ? oldSigner : signer).sign(body, { timestamp });
  return { body, headers: { 'content-type': 'application/json', 'stripe-signature': signature } };
}

/** The deliveries every middleware is sent, with the status and code each must get. */
export function hostileCases() {
  const genuine = delivery();
  const stale = delivery({ timestamp: now() - 3600 });
  const tamperedBody = genuine.body.replace('succeeded', 'failed!!!');
  const notJsonBody = `not json ${MARKER}`;
  return [
    { name: 'tampered', body: tamperedBody, headers: genuine.headers, status: 401, code: 'WEBHOOK_SIGNATURE_MISMATCH' },
    { name: 'stale', ...stale, status: 401, code: 'WEBHOOK_TIMESTAMP_TOO_OLD' },
    { name: 'unsigned', body: genuine.body, headers: { 'content-type': 'application/json' }, status: 401, code: 'WEBHOOK_MISSING_HEADER' },
    { name: 'malformed header', body: genuine.body, headers: { 'content-type': 'application/json', 'stripe-signature': 'garbage' }, status: 400, code: 'WEBHOOK_MALFORMED_HEADER' },
    { name: 'malformed body', ...delivery({ body: notJsonBody }), status: 400, code: 'VALIDATION_INVALID_JSON' },
  ];
}

/** A logger (pino/console-like) keeping what it was given, as text. */
export function memoryLogger() {
  const lines = [];
  const keep = (level) => (record, message) => lines.push({ level, record, message, text: JSON.stringify([record, message]) });
  return { lines, warn: keep('warn'), error: keep('error'), info: keep('info') };
}

/** Asserts `body` (text) is the core's problem JSON for `status`, echoing nothing sensitive. */
export function assertProblem(status, contentType, body, wanted) {
  assert.equal(status, wanted, body);
  assert.match(contentType ?? '', /^application\/problem\+json/);
  const problem = JSON.parse(body);
  assert.equal(problem.status, wanted);
  assert.equal(problem.type, 'about:blank');
  assert.equal(typeof problem.title, 'string');
  assert.match(problem.requestId, /^[A-Za-z0-9._:-]{1,128}$/);
  assertClean(body);
  return problem;
}

/** `text` holds no secret, no signature and nothing of a body. */
export function assertClean(text, signatures = []) {
  for (const secret of SECRETS) assert.ok(!text.includes(secret), 'a secret leaked');
  assert.ok(!text.includes(SECRET.slice(6, 20)), 'part of a secret leaked');
  assert.ok(!text.includes(MARKER), 'the body leaked');
  for (const signature of signatures) {
    for (const part of String(signature).match(/[0-9a-f]{64}/g) ?? []) assert.ok(!text.includes(part), 'a signature leaked');
  }
}

/** Asserts the logger got one refusal with `code`, redacted and clean. */
export function assertLogged(logger, code, signatures = []) {
  assert.equal(logger.lines.length, 1, JSON.stringify(logger.lines));
  const [line] = logger.lines;
  assert.equal(line.record.code, code);
  assert.equal(typeof line.record.requestId, 'string');
  assert.equal(line.level, line.record.status >= 500 ? 'error' : 'warn');
  assertClean(line.text, signatures);
  logger.lines.length = 0;
}
