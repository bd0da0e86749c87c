// verifyEvent / verifyEventAsync against the shared vectors (tests/vectors/webhook_events.json,
// signed by the providers' own libraries), the way core/tests/events.rs and pytest run them,
// plus what only JavaScript has (BigInts, header shapes, replay stores, the schema cache).
// Runs against whichever build EDGEWARD_BACKEND selects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EdgewardError, ReplayGuard, ValidationError, Validator, Webhook, WebhookVerificationError } from 'edgeward';
import { loadVectors } from './vectors.mjs';

const vectors = loadVectors('webhook_events.json');

function optionsOf(c) {
  const options = { now: c.now };
  if (c.schema !== undefined) options.schema = c.schema;
  if (c.options?.max_bytes !== undefined) options.maxBytes = c.options.max_bytes;
  return options;
}

/** The vector's headers in the shapes users hand over: a plain object, a fetch Headers, pairs. */
function headerShapes(c) {
  const pairs = [];
  for (const [name, value] of Object.entries(c.headers)) {
    for (const one of Array.isArray(value) ? value : [value]) pairs.push([name, one]);
  }
  const fetchHeaders = new Headers();
  for (const [name, value] of pairs) fetchHeaders.append(name, value);
  return { object: c.headers, fetch: fetchHeaders, pairs };
}

function check(c, shape, result) {
  const expect = c.expect;
  assert.ok(expect.ok, `${c.name} (${shape}): accepted`);
  assert.deepEqual(result.event, expect.event, `${c.name} (${shape}): event`);
  assert.equal(result.type, expect.type, `${c.name} (${shape}): type`);
  assert.equal(result.id, expect.id, `${c.name} (${shape}): id`);
  assert.equal(result.innerType, expect.inner_type, `${c.name} (${shape}): innerType`);
  assert.equal(result.timestamp, expect.timestamp, `${c.name} (${shape}): timestamp`);
  assert.equal(result.secretIndex, expect.secret_index, `${c.name} (${shape}): secretIndex`);
}

function checkError(c, shape, error) {
  assert.ok(!c.expect.ok, `${c.name} (${shape}): refused with ${error?.code}: ${error?.message}`);
  assert.ok(error instanceof EdgewardError, `${c.name}: ${error}`);
  assert.equal(error.code, c.expect.code, `${c.name} (${shape})`);
  const family = error.code.startsWith('WEBHOOK_') ? WebhookVerificationError : ValidationError;
  assert.ok(error instanceof family, `${c.name}: ${error.constructor.name}`);
}

test('event vectors: every header shape, string and bytes bodies, sync and async', async () => {
  assert.ok(vectors.cases.length >= 20);
  for (const c of vectors.cases) {
    const webhook = new Webhook(c.secrets, { scheme: c.scheme });
    for (const [shape, headers] of Object.entries(headerShapes(c))) {
      // A body that is not UTF-8 (payload_base64) exists as bytes only.
      const bodies = 'payload_base64' in c ? [new Uint8Array(Buffer.from(c.payload_base64, 'base64'))] : [c.payload_text, new TextEncoder().encode(c.payload_text)];
      for (const body of bodies) {
        const label = `${shape}, ${typeof body}`;
        try {
          check(c, label, webhook.verifyEvent(body, headers, optionsOf(c)));
        } catch (error) {
          if (error instanceof assert.AssertionError) throw error;
          checkError(c, label, error);
        }
        try {
          check(c, `${label}, async`, await webhook.verifyEventAsync(body, headers, optionsOf(c)));
        } catch (error) {
          if (error instanceof assert.AssertionError) throw error;
          checkError(c, `${label}, async`, error);
        }
      }
    }
  }
});

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const NOW = 1_700_000_000;

function standardDelivery(webhook, body, id = 'msg_1') {
  return webhook.signHeaders(body, { timestamp: NOW, id });
}

test('integers beyond 2^53 come back exact, as BigInts', () => {
  const webhook = new Webhook(SECRET, { scheme: 'standard' });
  const body = '{"type":"a","n":18446744073709551615,"list":[9007199254740993,1]}';
  const result = webhook.verifyEvent(body, standardDelivery(webhook, body), { now: NOW });
  assert.equal(result.event.n, 18446744073709551615n);
  assert.deepEqual(result.event.list, [9007199254740993n, 1]);
});

test('the replay guard records as verify does: a second delivery is refused', async () => {
  const guard = new ReplayGuard();
  const webhook = new Webhook(SECRET, { scheme: 'standard', replayGuard: guard });
  const body = '{"type":"a"}';
  const headers = standardDelivery(webhook, body);
  assert.equal(webhook.verifyEvent(body, headers, { now: NOW }).id, 'msg_1');
  assert.throws(() => webhook.verifyEvent(body, headers, { now: NOW }), { code: 'WEBHOOK_REPLAYED' });
  // An asynchronous store goes through verifyEventAsync, as through verifyAsync.
  const seen = new Set();
  const store = { seen: async (key) => seen.has(key) || (seen.add(key), false) };
  const kv = new Webhook(SECRET, { scheme: 'standard', replayGuard: store });
  assert.equal((await kv.verifyEventAsync(body, headers, { now: NOW })).type, 'a');
  await assert.rejects(kv.verifyEventAsync(body, headers, { now: NOW }), { code: 'WEBHOOK_REPLAYED' });
  assert.throws(() => kv.verifyEvent(body, headers, { now: NOW }), { code: 'WEBHOOK_INVALID_OPTIONS' });
});

test('schema: a Validator, or a schema object compiled once', () => {
  const webhook = new Webhook(SECRET, { scheme: 'standard' });
  const body = '{"type":"a","amount":5}';
  const headers = standardDelivery(webhook, body);
  const schema = { type: 'object', required: ['amount'] };
  assert.equal(webhook.verifyEvent(body, headers, { now: NOW, schema: new Validator(schema) }).event.amount, 5);
  assert.equal(webhook.verifyEvent(body, headers, { now: NOW, schema }).event.amount, 5);
  const refused = { type: 'object', required: ['missing'] };
  assert.throws(
    () => webhook.verifyEvent(body, headers, { now: NOW, schema: refused }),
    (error) => error instanceof ValidationError && error.code === 'VALIDATION_FAILED' && error.errors.length === 1,
  );
  assert.throws(() => webhook.verifyEvent(body, headers, { now: NOW, schema: false }), { code: 'VALIDATION_FAILED' });
  assert.throws(() => webhook.verifyEvent(body, headers, { now: NOW, schema: 'not a schema' }), { code: 'SCHEMA_INVALID' });
});

test('maxBytes must be a count; headers given as the signature string name no event', () => {
  const github = new Webhook('s', { scheme: 'github' });
  const body = '{"zen":"x"}';
  const signature = github.signHeaders(body)['x-hub-signature-256'];
  for (const maxBytes of ['1', 0, -1, 1.5, Number.NaN]) {
    assert.throws(() => github.verifyEvent(body, signature, { maxBytes }), { code: 'WEBHOOK_INVALID_OPTIONS' }, String(maxBytes));
  }
  const bare = github.verifyEvent(body, signature);
  assert.deepEqual([bare.type, bare.id, bare.timestamp], [null, null, null]);
  const named = github.verifyEvent(body, new Map([['X-Hub-Signature-256', signature], ['X-GitHub-Event', 'ping']]));
  assert.equal(named.type, 'ping');
  assert.throws(() => github.verifyEvent(body, { 'x-hub-signature-256': signature, 'x-github-event': 5 }), {
    code: 'WEBHOOK_INVALID_OPTIONS',
  });
});
