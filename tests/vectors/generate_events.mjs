// Generates webhook_events.json: verified-event vectors (verifyEvent / verify_event), signed by
// the providers' official libraries, independent of edgeward: `stripe` (Stripe's
// generateTestHeaderString), `standardwebhooks` (Standard Webhooks), `@octokit/webhooks-methods`
// (GitHub); Slack and Shopify publish no library for signing, so their documented formula
// with node:crypto (as tests/vectors/generate_schemes.py and the interop tests do).
//
// Run from the repository root, after `npm ci` in bindings-node:
//   node tests/vectors/generate_events.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', '..', 'bindings-node', 'package.json'));
const Stripe = require('stripe');
const { Webhook: StandardWebhook } = require('standardwebhooks');
// ESM only: imported by the path of its Node entry (`exports["."].node.import`).
const { sign: octokitSign } = await import(
  pathToFileURL(join(here, '..', '..', 'bindings-node', 'node_modules', '@octokit', 'webhooks-methods', 'dist-node', 'index.js')).href
);

const NOW = 1_700_000_000;
const STRIPE_SECRET = 'whsec_events_5a7d3f0c1b2e4d6f8a9c0b1d';
const STANDARD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const GITHUB_SECRET = "It's a Secret to Everybody";
const SLACK_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const SHOPIFY_SECRET = 'shpss_events_0123456789abcdef0123456789';

const stripe = new Stripe('sk_test_vectors_only');

const signers = {
  stripe: (payload) => ({ 'Stripe-Signature': stripe.webhooks.generateTestHeaderString({ payload, secret: STRIPE_SECRET, timestamp: NOW }) }),
  standard: (payload, id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W') => {
    const signature = new StandardWebhook(STANDARD_SECRET).sign(id, new Date(NOW * 1000), payload);
    return { 'webhook-id': id, 'webhook-timestamp': String(NOW), 'webhook-signature': signature };
  },
  standardSvix: (payload, id = 'msg_svix_2KWPBgLlAfxd') => {
    const signature = new StandardWebhook(STANDARD_SECRET).sign(id, new Date(NOW * 1000), payload);
    return { 'svix-id': id, 'svix-timestamp': String(NOW), 'svix-signature': signature };
  },
  github: async (payload) => ({ 'X-Hub-Signature-256': await octokitSign(GITHUB_SECRET, payload) }),
  // https://api.slack.com/authentication/verifying-requests-from-slack
  slack: (payload) => ({
    'X-Slack-Request-Timestamp': String(NOW),
    'X-Slack-Signature': `v0=${createHmac('sha256', SLACK_SECRET).update(`v0:${NOW}:${payload}`).digest('hex')}`,
  }),
  // https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-2-validate-the-origin-of-your-webhook-to-ensure-its-coming-from-shopify
  shopify: (payload) => ({ 'X-Shopify-Hmac-Sha256': createHmac('sha256', SHOPIFY_SECRET).update(payload).digest('base64') }),
};

const secrets = {
  stripe: STRIPE_SECRET,
  standard: STANDARD_SECRET,
  github: GITHUB_SECRET,
  slack: SLACK_SECRET,
  shopify: SHOPIFY_SECRET,
};

const STRIPE_EVENT = JSON.stringify({
  id: 'evt_1NG8Du2eZvKYlo2CUI79vXWy',
  object: 'event',
  api_version: '2023-10-16',
  created: NOW,
  data: { object: { id: 'pi_3NG8Du2eZvKYlo2C0Yb1', object: 'payment_intent', amount: 2000, currency: 'usd', status: 'succeeded' } },
  livemode: false,
  pending_webhooks: 1,
  request: { id: null, idempotency_key: null },
  type: 'payment_intent.succeeded',
});
const STANDARD_EVENT = JSON.stringify({ type: 'invoice.paid', timestamp: '2023-11-14T22:13:20Z', data: { invoice: 'in_1', amount: 4200 } });
const GITHUB_PUSH = JSON.stringify({
  ref: 'refs/heads/main',
  before: '0000000000000000000000000000000000000000',
  after: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
  repository: { id: 1296269, full_name: 'octocat/Hello-World' },
  pusher: { name: 'octocat' },
});
const GITHUB_PING = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 123456 });
const SLACK_EVENT = JSON.stringify({
  token: 'XXYYZZ',
  team_id: 'T123ABC456',
  api_app_id: 'A123ABC456',
  event: { type: 'app_mention', user: 'U123ABC456', text: '<@U0LAN0Z89> is it everything a river should be?', ts: '1515449522.000016', channel: 'C123ABC456' },
  type: 'event_callback',
  event_id: 'Ev123ABC456',
  event_time: 1515449522,
});
const SLACK_CHALLENGE = JSON.stringify({ token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' });
const SHOPIFY_ORDER = JSON.stringify({ id: 450789469, email: 'jon@example.com', total_price: '403.00', currency: 'USD' });

const cases = [];
async function ok(name, scheme, payload, extraHeaders, expect, { signer = scheme, schema, options } = {}) {
  const headers = { ...(await signers[signer](payload)), ...extraHeaders };
  const base = signer.startsWith('standard') ? 'standard' : signer;
  const c = { name, scheme: base, secrets: [secrets[base]], payload_text: payload, headers, now: NOW };
  if (schema !== undefined) c.schema = schema;
  if (options !== undefined) c.options = options;
  c.expect = { ok: true, event: JSON.parse(payload), ...expect };
  cases.push(c);
}
async function err(name, scheme, payload, extraHeaders, code, { signedPayload = payload, schema, options, now = NOW } = {}) {
  const headers = { ...(await signers[scheme](signedPayload)), ...extraHeaders };
  // A body that is not UTF-8 cannot be a JSON string: it travels as base64 of its bytes.
  const body = typeof payload === 'string' ? { payload_text: payload } : { payload_base64: Buffer.from(payload).toString('base64') };
  const c = { name, scheme, secrets: [secrets[scheme]], ...body, headers, now };
  if (schema !== undefined) c.schema = schema;
  if (options !== undefined) c.options = options;
  c.expect = { ok: false, code };
  cases.push(c);
}

const stamped = { timestamp: NOW, secret_index: 0, inner_type: null };
const unstamped = { timestamp: null, secret_index: 0, inner_type: null };

await ok('stripe: payment_intent.succeeded', 'stripe', STRIPE_EVENT, {}, { ...stamped, type: 'payment_intent.succeeded', id: 'evt_1NG8Du2eZvKYlo2CUI79vXWy' });
await ok('standard: invoice.paid, webhook-* headers', 'standard', STANDARD_EVENT, {}, { ...stamped, type: 'invoice.paid', id: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W' });
await ok('standard: svix-* headers', 'standard', STANDARD_EVENT, {}, { ...stamped, type: 'invoice.paid', id: 'msg_svix_2KWPBgLlAfxd' }, { signer: 'standardSvix' });
await ok('github: push', 'github', GITHUB_PUSH, { 'X-GitHub-Event': 'push', 'X-GitHub-Delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958' }, { ...unstamped, type: 'push', id: '72d3162e-cc78-11e3-81ab-4c9367dc0958' });
await ok('github: ping, lowercase header names', 'github', GITHUB_PING, { 'x-github-event': 'ping', 'x-github-delivery': 'a1b2c3d4-0000-11e3-81ab-4c9367dc0958' }, { ...unstamped, type: 'ping', id: 'a1b2c3d4-0000-11e3-81ab-4c9367dc0958' });
await ok('github: no event header, no name', 'github', GITHUB_PING, {}, { ...unstamped, type: null, id: null });
await ok('github: repeated event header joins, naming no event', 'github', GITHUB_PING, { 'X-GitHub-Event': ['push', 'issues'] }, { ...unstamped, type: 'push, issues', id: null });
await ok('slack: event_callback with its inner event', 'slack', SLACK_EVENT, {}, { ...stamped, type: 'event_callback', id: 'Ev123ABC456', inner_type: 'app_mention' });
await ok('slack: url_verification', 'slack', SLACK_CHALLENGE, {}, { ...stamped, type: 'url_verification', id: null });
await ok('shopify: orders/create, webhook id preferred', 'shopify', SHOPIFY_ORDER, {
  'X-Shopify-Topic': 'orders/create',
  'X-Shopify-Webhook-Id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
  'X-Shopify-Event-Id': '98880550-7158-44d4-b7cd-2c97c8a091b5',
  'X-Shopify-Shop-Domain': 'example.myshopify.com',
}, { ...unstamped, type: 'orders/create', id: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043' });
await ok('shopify: event id when no webhook id', 'shopify', SHOPIFY_ORDER, { 'X-Shopify-Topic': 'orders/paid', 'X-Shopify-Event-Id': '98880550-7158-44d4-b7cd-2c97c8a091b5' }, { ...unstamped, type: 'orders/paid', id: '98880550-7158-44d4-b7cd-2c97c8a091b5' });
await ok('stripe: a body that is not an object has no name', 'stripe', '[1,2,3]', {}, { ...stamped, type: null, id: null });
await ok('stripe: a type that is not a string is no name', 'stripe', '{"id":7,"type":["a"]}', {}, { ...stamped, type: null, id: null });
const INVOICE_SCHEMA = { type: 'object', required: ['type', 'data'], properties: { type: { const: 'invoice.paid' }, data: { type: 'object', required: ['amount'], properties: { amount: { type: 'integer', minimum: 1 } } } } };
await ok('standard: the schema accepts the event', 'standard', STANDARD_EVENT, {}, { ...stamped, type: 'invoice.paid', id: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W' }, { schema: INVOICE_SCHEMA });
await ok('stripe: max_bytes raises the size limit', 'stripe', STRIPE_EVENT, {}, { ...stamped, type: 'payment_intent.succeeded', id: 'evt_1NG8Du2eZvKYlo2CUI79vXWy' }, { options: { max_bytes: 2 * 1024 * 1024 } });

await err('stripe: a signed empty body is not JSON', 'stripe', '', {}, 'VALIDATION_INVALID_JSON');
await err('stripe: a signed body that is not JSON', 'stripe', 'amount=2000&currency=usd', {}, 'VALIDATION_INVALID_JSON');
await err('slack: a signed form-encoded body (slash command) is not JSON', 'slack', 'token=x&team_id=T1&command=%2Fweather&text=94070', {}, 'VALIDATION_INVALID_JSON');
await err('github: a signed body nested too deeply', 'github', `${'['.repeat(200)}${']'.repeat(200)}`, { 'X-GitHub-Event': 'push' }, 'VALIDATION_LIMIT_EXCEEDED');
await err('stripe: a signed body repeating a key', 'stripe', '{"type":"a","type":"b"}', {}, 'VALIDATION_INVALID_JSON');
// Bytes (payload_base64): invalid UTF-8 inside a string and inside a key of a signed body
// (Shopify's formula signs the bytes as they are).
const notUtf8 = (before, after) => Buffer.concat([Buffer.from(before), Buffer.from([0xff, 0xfe]), Buffer.from(after)]);
await err('shopify: a signed body with invalid UTF-8 in a string', 'shopify', notUtf8('{"id":1,"note":"', '"}'), { 'X-Shopify-Topic': 'orders/create' }, 'VALIDATION_INVALID_JSON');
await err('shopify: a signed body with invalid UTF-8 in a nested key', 'shopify', notUtf8('{"id":1,"data":{"', '":2}}'), { 'X-Shopify-Topic': 'orders/create' }, 'VALIDATION_INVALID_JSON');
await err('stripe: a body over max_bytes', 'stripe', STRIPE_EVENT, {}, 'VALIDATION_LIMIT_EXCEEDED', { options: { max_bytes: 64 } });
await err('standard: the schema refuses the event', 'standard', JSON.stringify({ type: 'invoice.paid', data: { amount: 0 } }), {}, 'VALIDATION_FAILED', { schema: INVOICE_SCHEMA });
await err('stripe: a tampered body fails as verify fails, before any parsing', 'stripe', 'not json at all', {}, 'WEBHOOK_SIGNATURE_MISMATCH', { signedPayload: STRIPE_EVENT });
await err('stripe: a stale delivery fails as verify fails', 'stripe', STRIPE_EVENT, {}, 'WEBHOOK_TIMESTAMP_TOO_OLD', { now: NOW + 301 });
await err('github: missing signature', 'github', GITHUB_PUSH, { 'X-Hub-Signature-256': undefined }, 'WEBHOOK_MISSING_HEADER');
await err('github: an event header over the header limit', 'github', GITHUB_PUSH, { 'X-GitHub-Event': 'x'.repeat(8193) }, 'WEBHOOK_MALFORMED_HEADER');

for (const c of cases) {
  for (const [name, value] of Object.entries(c.headers)) if (value === undefined) delete c.headers[name];
}

const out = {
  description:
    'verifyEvent / verify_event vectors: signatures made by the providers\' official libraries (stripe, standardwebhooks, @octokit/webhooks-methods) or, for Slack and Shopify, their documented formula with node:crypto; generated by generate_events.mjs. The body is payload_text (UTF-8 text) or payload_base64 (bytes that are not UTF-8, base64). headers: name -> value, or -> list of values (every occurrence, in order). schema (when given): a JSON Schema the event must match (passed as the schema option). options.max_bytes: the size limit of the body parse. expect.ok: the event (the parsed body), type, id, inner_type (Slack), timestamp (null for schemes without one) and secret_index; else code.',
  now: NOW,
  cases,
};
writeFileSync(join(here, 'webhook_events.json'), `${JSON.stringify(out, null, 1)}\n`);
console.log(`${cases.length} cases`);
