// Interop with the official `stripe` npm package, both directions, randomised: a header made
// by Stripe's signing code verifies with ours, and ours verifies with Stripe's verifier.
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { test } from 'node:test';
import Stripe from 'stripe';
import { Webhook } from 'edgeward';

const stripe = new Stripe('sk_test_interop_only');
const CASES = 300;

// Stripe's Node SDK turns Buffer payloads into strings with UTF-8 decoding before hashing,
// so payloads here are random text (including astral emoji and escapes), not arbitrary bytes.
function randomText() {
  const alphabet = ['a', 'Z', '0', '{', '"', '\\', '\n', '\u00e9', '\u2603', '\u{1F600}', '\u{10FFFF}', ' ', ','];
  let out = '';
  // At least one character: Stripe's verifier refuses an empty payload.
  for (let i = randomInt(1, 2000); i > 0; i--) out += alphabet[randomInt(alphabet.length)];
  return out;
}

function randomSecret() {
  return `whsec_${randomBytes(randomInt(12, 48)).toString('base64')}`;
}

test(`stripe-signed headers verify with edgeward (${CASES} random cases)`, () => {
  for (let i = 0; i < CASES; i++) {
    const payload = randomText();
    const secret = randomSecret();
    const timestamp = 1_600_000_000 + randomInt(0, 100_000_000);
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
    const ours = new Webhook(secret);
    assert.deepEqual(ours.verify(payload, header, { now: timestamp + randomInt(-300, 301) }), {
      timestamp,
      secretIndex: 0,
    });
    assert.deepEqual(ours.verify(Buffer.from(payload), header, { now: timestamp }), { timestamp, secretIndex: 0 });
    assert.throws(() => ours.verify(`${payload}x`, header, { now: timestamp }), { code: 'WEBHOOK_SIGNATURE_MISMATCH' });
  }
});

test(`edgeward-signed headers verify with stripe (${CASES} random cases)`, () => {
  for (let i = 0; i < CASES; i++) {
    const payload = randomText();
    const secret = randomSecret();
    const header = new Webhook(secret).sign(payload);
    assert.equal(stripe.webhooks.signature.verifyHeader(payload, header, secret, 300), true);
    assert.equal(stripe.webhooks.signature.verifyHeader(Buffer.from(payload), header, secret, 300), true);
    assert.throws(() => stripe.webhooks.signature.verifyHeader(payload, header, `${secret}x`, 300));
  }
});

test('rotation: a header signed by the old secret verifies and names it', () => {
  const payload = randomText();
  const oldSecret = randomSecret();
  const timestamp = 1_700_000_000;
  const header = stripe.webhooks.generateTestHeaderString({ payload, secret: oldSecret, timestamp });
  const ours = new Webhook([randomSecret(), oldSecret]);
  assert.deepEqual(ours.verify(payload, header, { now: timestamp }), { timestamp, secretIndex: 1 });
});
