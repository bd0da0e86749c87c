// Interop with the providers' official libraries, both directions, randomised: their sign ->
// our verify, and our sign -> their verify. `standardwebhooks` and `svix` (scheme `standard`),
// `@octokit/webhooks-methods` (`github`); for Slack and Shopify, the documented formula with
// node:crypto. Runs against whichever build EDGEWARD_BACKEND selects. The seed is random per
// run and printed; EDGEWARD_SEED=<n> replays a run.
import assert from 'node:assert/strict';
import { createHmac, randomInt } from 'node:crypto';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook } from 'edgeward';

const require = createRequire(import.meta.url);
const { Webhook: SvixWebhook } = require('svix');

const CASES = 300; // per library and direction
const SEED = Number(process.env.EDGEWARD_SEED ?? randomInt(1, 2 ** 31));
console.log(`# interop seed: EDGEWARD_SEED=${SEED}`);

/** A deterministic generator (xorshift32) from SEED and a label, so each test replays alone. */
function rng(label) {
  let x = SEED;
  for (const ch of label) x = (Math.imul(x ^ ch.charCodeAt(0), 0x9e3779b1) >>> 0) || 1;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  const int = (max) => next() % max; // 0 <= n < max
  const bytes = (n) => Buffer.from(Array.from({ length: n }, () => int(256)));
  const pick = (items) => items[int(items.length)];
  const ALPHABET = ['a', 'Z', '0', ' ', '"', '\\', '\n', '\t', 'é', 'ß', '中', '\u{1F600}', '\u2028', '<', '&', '%', '+'];
  const text = (max) => Array.from({ length: int(max + 1) }, () => pick(ALPHABET)).join('');
  const token = (min, max) => {
    const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-';
    return Array.from({ length: min + int(max - min + 1) }, () => pick([...chars])).join('');
  };
  const json = () => JSON.stringify({ id: `evt_${token(4, 20)}`, n: int(1e9), text: text(int(4) === 0 ? 3000 : 200), ok: int(2) === 1 });
  return { int, bytes, pick, text, token, json };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
/** A timestamp their verifiers (which read the system clock, 5 min tolerance) accept. */
const nearNow = (r) => nowSeconds() - 250 + r.int(500);
const randomCase = (name) => name.replace(/[a-z]/g, (c, i) => (i % 3 ? c : c.toUpperCase()));

/** A Standard Webhooks secret as providers show it, with or without `whsec_`, or a raw one. */
function standardSecret(r) {
  const kind = r.int(4);
  if (kind === 0) return { secret: `raw-${r.token(12, 40)}`, raw: true };
  const key = r.bytes(16 + r.int(49)).toString('base64');
  return { secret: kind === 1 ? key : `whsec_${key}`, raw: false };
}

function assertMismatch(fn, label) {
  assert.throws(fn, { code: 'WEBHOOK_SIGNATURE_MISMATCH' }, label);
}

test(`standardwebhooks sign -> edgeward verify (${CASES} random cases)`, () => {
  const r = rng('std->ours');
  for (let i = 0; i < CASES; i++) {
    const { secret, raw } = standardSecret(r);
    const theirs = new StandardWebhook(secret, raw ? { format: 'raw' } : undefined);
    const id = `msg_${r.token(1, 40)}`;
    const timestamp = nearNow(r);
    const payload = r.json();
    const signature = theirs.sign(id, new Date(timestamp * 1000), payload);
    const rotated = r.int(3) === 0;
    const previous = raw ? `raw-${r.token(12, 40)}` : `whsec_${r.bytes(32).toString('base64')}`;
    const ours = new Webhook(rotated ? [previous, secret] : secret, {
      scheme: 'standard',
      ...(raw ? { secretFormat: 'raw' } : {}),
    });
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
    const label = `seed ${SEED} case ${i}`;
    const asBytes = r.int(2) === 1;
    const result = ours.verify(asBytes ? Buffer.from(payload) : payload, headers, { now: nowSeconds() });
    assert.deepEqual(result, { timestamp, secretIndex: rotated ? 1 : 0, id }, label);
    if (i % 10 === 0) assertMismatch(() => ours.verify(`${payload} `, headers, { now: nowSeconds() }), label);
  }
});

test(`edgeward sign -> standardwebhooks verify (${CASES} random cases)`, () => {
  const r = rng('ours->std');
  for (let i = 0; i < CASES; i++) {
    const { secret, raw } = standardSecret(r);
    const ours = new Webhook(secret, { scheme: 'standard', ...(raw ? { secretFormat: 'raw' } : {}) });
    const theirs = new StandardWebhook(secret, raw ? { format: 'raw' } : undefined);
    const payload = r.json();
    const id = `msg_${r.token(1, 40)}`;
    const headers = ours.sign(payload, { timestamp: nearNow(r), id });
    const label = `seed ${SEED} case ${i}`;
    assert.deepEqual(theirs.verify(payload, headers), JSON.parse(payload), label);
    if (i % 10 === 0) {
      assert.throws(() => theirs.verify(payload, { ...headers, 'webhook-id': `${id}x` }), /signature/i, label);
    }
  }
});

test(`svix sign -> edgeward verify, svix-* headers (${CASES} random cases)`, () => {
  const r = rng('svix->ours');
  for (let i = 0; i < CASES; i++) {
    const key = r.bytes(16 + r.int(49)).toString('base64');
    const secret = r.int(2) ? `whsec_${key}` : key;
    const theirs = new SvixWebhook(secret);
    const id = `msg_${r.token(1, 40)}`;
    const timestamp = nearNow(r);
    const payload = r.json();
    const signature = theirs.sign(id, new Date(timestamp * 1000), payload);
    const ours = new Webhook(secret, { scheme: 'standard' });
    const headers = new Headers([
      [randomCase('svix-id'), id],
      ['Svix-Timestamp', String(timestamp)],
      ['svix-signature', signature],
    ]);
    const label = `seed ${SEED} case ${i}`;
    assert.deepEqual(ours.verify(payload, headers, { now: nowSeconds() }), { timestamp, secretIndex: 0, id }, label);
    if (i % 10 === 0) assertMismatch(() => ours.verify(payload.slice(1), headers, { now: nowSeconds() }), label);
  }
});

test(`edgeward sign -> svix verify, both header namings (${CASES} random cases)`, () => {
  const r = rng('ours->svix');
  for (let i = 0; i < CASES; i++) {
    const secret = `whsec_${r.bytes(16 + r.int(49)).toString('base64')}`;
    const ours = new Webhook(secret, { scheme: 'standard' });
    const theirs = new SvixWebhook(secret);
    const payload = r.json();
    const headers = ours.sign(payload, { timestamp: nearNow(r), id: `msg_${r.token(1, 40)}` });
    const svixNamed = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.replace('webhook-', 'svix-'), v]));
    const label = `seed ${SEED} case ${i}`;
    assert.deepEqual(theirs.verify(payload, r.int(2) ? headers : svixNamed), JSON.parse(payload), label);
  }
});

test(`@octokit/webhooks-methods sign -> edgeward verify (${CASES} random cases)`, async () => {
  const r = rng('octokit->ours');
  for (let i = 0; i < CASES; i++) {
    const secret = r.int(2) ? r.token(1, 64) : `${r.text(20)}x`;
    const payload = r.int(2) ? r.json() : `${r.text(2000)}.`;
    const signature = await octokitSign(secret, payload);
    const rotated = r.int(3) === 0;
    const ours = new Webhook(rotated ? ['previous-secret', secret] : secret, { scheme: 'github' });
    const label = `seed ${SEED} case ${i}`;
    const headers = r.int(2) ? signature : { 'X-Hub-Signature-256': signature, 'x-github-event': 'push' };
    const now = r.int(2 ** 31); // no timestamp: any clock
    assert.deepEqual(ours.verify(payload, headers, { now }), { timestamp: null, secretIndex: rotated ? 1 : 0 }, label);
    if (i % 10 === 0) assertMismatch(() => ours.verify(`${payload}!`, headers, { now }), label);
  }
});

test(`edgeward sign -> @octokit/webhooks-methods verify (${CASES} random cases)`, async () => {
  const r = rng('ours->octokit');
  for (let i = 0; i < CASES; i++) {
    const secret = r.int(2) ? r.token(1, 64) : `${r.text(20)}x`;
    const payload = r.int(2) ? r.json() : `${r.text(2000)}.`;
    const headers = new Webhook(secret, { scheme: 'github' }).sign(payload);
    const label = `seed ${SEED} case ${i}`;
    assert.deepEqual(Object.keys(headers), ['x-hub-signature-256'], label);
    assert.equal(await octokitVerify(secret, payload, headers['x-hub-signature-256']), true, label);
    if (i % 10 === 0) assert.equal(await octokitVerify(`${secret}x`, payload, headers['x-hub-signature-256']), false);
  }
});

/** Slack's documented formula: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>`. */
const slackSignature = (secret, timestamp, body) =>
  `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`;

test(`Slack's formula (node:crypto) <-> edgeward, both directions (${CASES} random cases each)`, () => {
  const r = rng('slack');
  for (let i = 0; i < CASES; i++) {
    const secret = r.bytes(16).toString('hex');
    const timestamp = 1_500_000_000 + r.int(500_000_000);
    const body = r.int(3) === 0 ? r.bytes(r.int(3000)) : `token=x&text=${encodeURIComponent(r.text(300))}`;
    const ours = new Webhook(secret, { scheme: 'slack' });
    const label = `seed ${SEED} case ${i}`;
    // Theirs -> ours.
    const headers = {
      'X-Slack-Request-Timestamp': String(timestamp),
      'X-Slack-Signature': slackSignature(secret, timestamp, body),
    };
    assert.deepEqual(ours.verify(body, headers, { now: timestamp + r.int(300) }), { timestamp, secretIndex: 0 }, label);
    // Ours -> theirs: exactly the documented headers.
    assert.deepEqual(
      ours.sign(body, { timestamp }),
      { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(secret, timestamp, body) },
      label,
    );
  }
});

/** Shopify's documented formula: base64 HMAC-SHA256 of the raw body. */
const shopifySignature = (secret, body) => createHmac('sha256', secret).update(body).digest('base64');

test(`Shopify's formula (node:crypto) <-> edgeward, both directions (${CASES} random cases each)`, () => {
  const r = rng('shopify');
  for (let i = 0; i < CASES; i++) {
    const secret = r.int(2) ? `shpss_${r.bytes(16).toString('hex')}` : r.token(16, 64);
    const body = r.int(2) ? r.bytes(r.int(4000)) : r.json();
    const ours = new Webhook(secret, { scheme: 'shopify' });
    const label = `seed ${SEED} case ${i}`;
    const signature = shopifySignature(secret, body);
    const headers = r.int(2) ? signature : { 'X-Shopify-Hmac-Sha256': signature, 'X-Shopify-Topic': 'orders/create' };
    assert.deepEqual(ours.verify(body, headers, { now: 0 }), { timestamp: null, secretIndex: 0 }, label);
    assert.deepEqual(ours.sign(body), { 'x-shopify-hmac-sha256': signature }, label);
  }
});
