// The core's table from error code to HTTP status (tests/vectors/http_status.json, shared with
// the core and Python): what every middleware answers with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook, errorCodes, httpStatus } from '../lib/entries/node.js';
import { loadVectors } from './vectors.mjs';

const vectors = loadVectors('http_status.json');

test('every code has the table status', () => {
  assert.deepEqual(Object.keys(vectors.codes).sort(), [...errorCodes].sort());
  for (const [code, status] of Object.entries(vectors.codes)) {
    assert.equal(httpStatus(code), status, code);
    assert.equal(httpStatus({ code }), status, code);
  }
});

test('anything that is not an edgeward code answers 500', () => {
  for (const text of vectors.unknown) assert.equal(httpStatus(text), 500);
  for (const value of [undefined, null, 42, {}, new Error('boom'), { code: 7 }]) assert.equal(httpStatus(value), 500);
});

test('a thrown verification error maps through its code', () => {
  const webhook = new Webhook('whsec_' + Buffer.alloc(32, 1).toString('base64'));
  assert.throws(
    () => webhook.verify('{}', 't=1,v1=' + '0'.repeat(64), { now: 1 }),
    (error) => httpStatus(error) === 401,
  );
});
