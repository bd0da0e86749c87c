// WebhookRouter: dispatch by the core's event name, unhandled events reported, handler errors
// propagated (wrapped, with their cause), verification errors untouched. Deliveries come from
// the shared vectors (signed by the providers' libraries) and from signHeaders. Runs against
// whichever build EDGEWARD_BACKEND selects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReplayGuard, ValidationError, Webhook, WebhookHandlerError, WebhookRouter, WebhookVerificationError } from 'edgeward';
import { loadVectors } from './vectors.mjs';

const { cases } = loadVectors('webhook_events.json');
const vector = (name) => cases.find((c) => c.name === name);

function routerFor(c, options) {
  return new WebhookRouter(new Webhook(c.secrets, { scheme: c.scheme }), options);
}

test('every genuine vector routes to the handler of its name (Slack: the inner event)', async () => {
  for (const c of cases.filter((k) => k.expect.ok && k.schema === undefined && k.options === undefined)) {
    const name = c.expect.inner_type ?? c.expect.type;
    const calls = [];
    const router = routerFor(c)
      .on('*', (d) => calls.push(['*', d.type]))
      .on('other.event', () => calls.push(['other']));
    if (name !== null) router.on(name, (d) => (calls.push([name, d.id]), `handled ${name}`));
    const result = await router.handle(c.payload_text, c.headers, { now: c.now });
    assert.equal(result.type, name, c.name);
    assert.equal(result.handled, name !== null, c.name);
    assert.deepEqual(result.delivery.event, c.expect.event, c.name);
    if (name === null) {
      assert.deepEqual(calls, [['*', c.expect.type]], c.name);
      assert.deepEqual(result.results, [1], c.name);
    } else {
      // The named handler first, then `*`, in registration order.
      assert.deepEqual(calls, [[name, c.expect.id], ['*', c.expect.type]], c.name);
      assert.deepEqual(result.results, [`handled ${name}`, 2], c.name);
    }
  }
});

test('unhandled events are reported: the flag and onUnhandled', async () => {
  const c = vector('github: push');
  const seen = [];
  const router = routerFor(c, { onUnhandled: (d) => seen.push(d.type) }).on('issues', () => 'no');
  const result = await router.handle(c.payload_text, c.headers, { now: c.now });
  assert.deepEqual([result.handled, result.type, result.results, seen], [false, 'push', [], ['push']]);
  // A `*` handler does not make an event handled.
  const star = routerFor(c).on('*', () => 'logged').onUnhandled(async (d) => seen.push(`async ${d.type}`));
  const again = await star.handle(c.payload_text, c.headers, { now: c.now });
  assert.deepEqual([again.handled, again.results, seen.at(-1)], [false, ['logged'], 'async push']);
});

test('handler errors propagate wrapped, with their cause; later handlers do not run', async () => {
  const c = vector('stripe: payment_intent.succeeded');
  const failure = new Error('database down');
  let later = false;
  const router = routerFor(c)
    .on('payment_intent.succeeded', async () => {
      throw failure;
    })
    .on('*', () => {
      later = true;
    });
  await assert.rejects(router.handle(c.payload_text, c.headers, { now: c.now }), (error) => {
    assert.ok(error instanceof WebhookHandlerError);
    assert.ok(!(error instanceof WebhookVerificationError));
    assert.equal(error.cause, failure);
    assert.equal(error.type, 'payment_intent.succeeded');
    assert.match(error.message, /database down/);
    return true;
  });
  assert.equal(later, false);
  // Synchronous throws and non-Error throws too; onUnhandled's as well.
  const sync = routerFor(c).on('payment_intent.succeeded', () => {
    throw 'a string';
  });
  await assert.rejects(sync.handle(c.payload_text, c.headers, { now: c.now }), (e) => e instanceof WebhookHandlerError && e.cause === 'a string');
  const unhandled = routerFor(c, {
    onUnhandled: () => {
      throw failure;
    },
  });
  await assert.rejects(unhandled.handle(c.payload_text, c.headers, { now: c.now }), (e) => e instanceof WebhookHandlerError && e.cause === failure);
});

test('verification and parsing errors reject unwrapped, before any handler runs', async () => {
  let ran = false;
  const mark = () => {
    ran = true;
  };
  for (const name of ['stripe: a tampered body fails as verify fails, before any parsing', 'stripe: a signed body that is not JSON']) {
    const c = vector(name);
    const router = routerFor(c).on('*', mark);
    await assert.rejects(router.handle(c.payload_text, c.headers, { now: c.now }), (e) => e.code === c.expect.code && !(e instanceof WebhookHandlerError));
  }
  const c = vector('standard: the schema refuses the event');
  const router = routerFor(c).on('*', mark);
  await assert.rejects(router.handle(c.payload_text, c.headers, { now: c.now, schema: c.schema }), (e) => e instanceof ValidationError && e.code === 'VALIDATION_FAILED');
  assert.equal(ran, false);
});

test('replays are refused through the router, and "*" as an event name is no wildcard', async () => {
  const webhook = new Webhook('s', { scheme: 'github', replayGuard: new ReplayGuard() });
  const body = '{"zen":"x"}';
  const headers = { ...webhook.signHeaders(body), 'x-github-event': '*' };
  const router = new WebhookRouter(webhook).on('*', () => 'star');
  const result = await router.handle(body, headers);
  assert.deepEqual([result.handled, result.type, result.results], [false, '*', ['star']]);
  await assert.rejects(router.handle(body, headers), { code: 'WEBHOOK_REPLAYED' });
});

test('misuse is WEBHOOK_INVALID_OPTIONS', () => {
  const webhook = new Webhook('s', { scheme: 'github' });
  const router = new WebhookRouter(webhook);
  for (const misuse of [() => new WebhookRouter({}), () => router.on('', () => {}), () => router.on([], () => {}), () => router.on('push'), () => router.onUnhandled(5)]) {
    assert.throws(misuse, (e) => e instanceof WebhookVerificationError && e.code === 'WEBHOOK_INVALID_OPTIONS');
  }
  assert.equal(router.on(['push', 'ping'], () => {}), router);
});
