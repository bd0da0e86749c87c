// `verifyAsync` with WebCrypto computing the MAC (the WASM backend's path for large payloads)
// gives the verdicts of synchronous `verify` on every shared vector: same results, same error
// codes, same replay keys. The size threshold is set to 0 here, so that every vector takes
// that path; on the native backend (no WebCrypto path) the two must agree all the same.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReplayGuard, Webhook, backend } from 'edgeward';
import { loadVectors, payloadOf } from './vectors.mjs';

const THRESHOLD = Symbol.for('edgeward.webhook.webCryptoFromBytes');
const DEFAULT_THRESHOLD = Webhook[THRESHOLD];

/** Counts WebCrypto HMAC computations, to show the path was taken. */
const subtle = globalThis.crypto.subtle;
const realSign = subtle.sign;
let macs = 0;
subtle.sign = function sign(...args) {
  macs += 1;
  return realSign.apply(this, args);
};

function optionsOf(c, extra = {}) {
  const options = { ...extra };
  if (c.scheme !== undefined) options.scheme = c.scheme;
  if (c.tolerance !== undefined) options.toleranceSeconds = c.tolerance;
  if (c.retention !== undefined) options.retentionSeconds = c.retention;
  if (c.secret_format === 'raw') options.secretFormat = 'raw';
  return options;
}

function headersOf(c) {
  if (c.headers === null || c.headers === undefined) {
    return c.header_fill ? c.header_fill.prefix + c.header_fill.repeat.repeat(c.header_fill.times) : (c.header ?? undefined);
  }
  const pairs = Object.entries(c.headers);
  if (c.header_fill) pairs.push([c.header_fill.name, c.header_fill.prefix + c.header_fill.repeat.repeat(c.header_fill.times)]);
  return Object.fromEntries(pairs);
}

const outcome = (error) => ({ ok: false, code: error.code, name: error.constructor.name, message: error.message });

async function bothPaths(c, payload, headers, extra = {}) {
  let wh;
  try {
    wh = new Webhook(c.secrets, optionsOf(c, extra));
  } catch {
    return null; // construction errors do not reach either path
  }
  let sync;
  try {
    sync = { ok: true, ...wh.verify(payload, headers, { now: c.now }) };
  } catch (error) {
    sync = outcome(error);
  }
  Webhook[THRESHOLD] = 0;
  let forced;
  try {
    forced = { ok: true, ...(await wh.verifyAsync(payload, headers, { now: c.now })) };
  } catch (error) {
    forced = outcome(error);
  } finally {
    Webhook[THRESHOLD] = DEFAULT_THRESHOLD;
  }
  return { sync, forced };
}

for (const file of ['webhook_stripe.json', 'webhook_schemes.json']) {
  test(`verifyAsync through WebCrypto gives verify's verdict on every vector of ${file} (${backend})`, async () => {
    const { verify } = loadVectors(file);
    const before = macs;
    let compared = 0;
    for (const c of verify) {
      const payload = payloadOf(c);
      const headers = headersOf(c);
      const both = await bothPaths(c, payload, headers);
      if (both === null) continue;
      assert.deepEqual(both.forced, both.sync, c.name);
      compared += 1;
      // The same payload as a string takes the text path, with the same verdict.
      if (payload instanceof Uint8Array) {
        const text = new TextDecoder('utf-8', { fatal: false }).decode(payload);
        const asText = await bothPaths(c, text, headers);
        assert.deepEqual(asText.forced, asText.sync, `${c.name} (as text)`);
      }
    }
    assert.ok(compared >= 35, `${compared} vectors compared`);
    if (backend === 'wasm') assert.ok(macs - before >= 10, `${macs - before} MACs computed by WebCrypto`);
    else assert.equal(macs - before, 0, 'the native backend hashes in the addon');
  });
}

test(`verifyAsync through WebCrypto records deliveries in a ReplayGuard and hands external stores the same key (${backend})`, async () => {
  const secrets = ['whsec_other_secret_0123456789abcd', 'whsec_new_secret_0123456789abcdef'];
  const sender = new Webhook(secrets[1]);
  const payload = JSON.stringify({ id: 'evt_1', pad: 'x'.repeat(5000) });
  const header = sender.sign(payload, { timestamp: 1000 });
  const asked = [];
  const store = { seen: async (key, ttl) => (asked.push([key, ttl]), asked.length > 2) };
  Webhook[THRESHOLD] = 0;
  try {
    const guarded = new Webhook(secrets, { replayGuard: new ReplayGuard() });
    assert.deepEqual(await guarded.verifyAsync(payload, header, { now: 1000 }), { timestamp: 1000, secretIndex: 1 });
    await assert.rejects(guarded.verifyAsync(payload, header, { now: 1000 }), { code: 'WEBHOOK_REPLAYED' });
    const external = new Webhook(secrets, { replayGuard: store });
    await external.verifyAsync(payload, header, { now: 1000 });
    Webhook[THRESHOLD] = Infinity; // the inline path
    await external.verifyAsync(payload, header, { now: 1000 });
    assert.equal(asked.length, 2);
    assert.deepEqual(asked[0], asked[1]);
    await assert.rejects(external.verifyAsync(payload, header, { now: 1000 }), { code: 'WEBHOOK_REPLAYED' });
    // A wrong signature and a stale timestamp are refused on the WebCrypto path too.
    Webhook[THRESHOLD] = 0;
    await assert.rejects(guarded.verifyAsync(`${payload} `, header, { now: 1000 }), { code: 'WEBHOOK_SIGNATURE_MISMATCH' });
    await assert.rejects(guarded.verifyAsync(payload, header, { now: 5000 }), { code: 'WEBHOOK_TIMESTAMP_TOO_OLD' });
  } finally {
    Webhook[THRESHOLD] = DEFAULT_THRESHOLD;
  }
});
