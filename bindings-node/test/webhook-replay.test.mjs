// Replay protection: the in-memory ReplayGuard (bounded, records only verified deliveries) and
// external stores (`{ seen(key, ttlSeconds) }`, synchronous with `verify`, asynchronous with
// `verifyAsync`). Runs against whichever build EDGEWARD_BACKEND selects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReplayGuard, Webhook, WebhookVerificationError } from 'edgeward';

const STANDARD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OTHER_STANDARD_SECRET = 'whsec_ZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY=';
const SHOPIFY_SECRET = 'shpss_0123456789abcdef0123456789abcdef';
const WEEK = 7 * 24 * 3600;
const GITHUB_SECRET = "It's a Secret to Everybody";
const NOW = 1_700_000_000;
const KEY = /^edgeward:(standard|github|stripe|slack|shopify):[0-9a-f]{32}$/;

const standard = (options = {}) => new Webhook(STANDARD_SECRET, { scheme: 'standard', ...options });
const github = (options = {}) => new Webhook(GITHUB_SECRET, { scheme: 'github', ...options });
const delivery = (id, timestamp = NOW, body = '{"n":1}', secret = STANDARD_SECRET) => ({
  body,
  headers: new Webhook(secret, { scheme: 'standard' }).sign(body, { timestamp, id }),
});

test('ReplayGuard: defaults, limits and refused capacities', () => {
  const guard = new ReplayGuard();
  assert.deepEqual([guard.size, guard.maxEntries, guard.refusedFull], [0, 10_000, 0]);
  assert.equal(new ReplayGuard({ maxEntries: 1 }).maxEntries, 1);
  assert.equal(new ReplayGuard({ maxEntries: 10_000_000 }).maxEntries, 10_000_000);
  assert.equal(new ReplayGuard({}).maxEntries, 10_000);
  assert.equal(new ReplayGuard(null).maxEntries, 10_000);
  for (const options of [1000, 'big', true]) {
    assert.throws(() => new ReplayGuard(options), { code: 'WEBHOOK_INVALID_OPTIONS' }, String(options));
  }
  for (const maxEntries of [0, -1, 1.5, Number.NaN, Infinity, 10_000_001, 2 ** 53, 2 ** 64, '10', null, {}]) {
    assert.throws(
      () => new ReplayGuard({ maxEntries }),
      (error) => error instanceof WebhookVerificationError && error.code === 'WEBHOOK_INVALID_OPTIONS',
      String(maxEntries),
    );
  }
});

test('a duplicate is WEBHOOK_REPLAYED; a different id is not; a retry of the same id is', () => {
  const guard = new ReplayGuard({ maxEntries: 10 });
  const wh = standard({ replayGuard: guard });
  const first = delivery('msg_1');
  assert.deepEqual(wh.verify(first.body, first.headers, { now: NOW }), { timestamp: NOW, secretIndex: 0, id: 'msg_1' });
  assert.throws(
    () => wh.verify(first.body, first.headers, { now: NOW + 1 }),
    (error) => {
      assert.ok(error instanceof WebhookVerificationError);
      assert.equal(error.code, 'WEBHOOK_REPLAYED');
      assert.match(error.message, /same id/);
      return true;
    },
  );
  const second = delivery('msg_2');
  assert.equal(wh.verify(second.body, second.headers, { now: NOW }).id, 'msg_2');
  // The provider's retry of msg_1, re-signed later: the same event.
  const retry = delivery('msg_1', NOW + 60);
  assert.throws(() => wh.verify(retry.body, retry.headers, { now: NOW + 60 }), { code: 'WEBHOOK_REPLAYED' });
  assert.equal(guard.size, 2);
  // After the tolerance window the timestamp check takes over and the entry is freed.
  const late = delivery('msg_1', NOW + 400);
  assert.equal(wh.verify(late.body, late.headers, { now: NOW + 400 }).id, 'msg_1');
  assert.equal(guard.size, 1);
});

test('schemes without an id are identified by their signed content', () => {
  const guard = new ReplayGuard();
  const wh = github({ replayGuard: guard, retentionSeconds: 3600 });
  const header = wh.sign('{"action":"opened"}');
  assert.deepEqual(wh.verify('{"action":"opened"}', header, { now: NOW }), { timestamp: null, secretIndex: 0 });
  assert.throws(() => wh.verify('{"action":"opened"}', header, { now: NOW + 3599 }), (error) => {
    assert.equal(error.code, 'WEBHOOK_REPLAYED');
    assert.match(error.message, /same signature/);
    return true;
  });
  // Remembered for the retention, then forgotten (there is no timestamp to refuse it then).
  assert.deepEqual(wh.verify('{"action":"opened"}', header, { now: NOW + 3600 }), { timestamp: null, secretIndex: 0 });
});

test('github and shopify deliveries are remembered 7 days by default, not the 300 s tolerance', () => {
  for (const wh of [github({ replayGuard: new ReplayGuard() }),
    new Webhook(SHOPIFY_SECRET, { scheme: 'shopify', replayGuard: new ReplayGuard() })]) {
    const header = wh.sign('{"id":1}');
    wh.verify('{"id":1}', header, { now: NOW });
    for (const later of [NOW + 301, NOW + 86_400, NOW + WEEK - 1]) {
      assert.throws(() => wh.verify('{"id":1}', header, { now: later }), { code: 'WEBHOOK_REPLAYED' }, `${wh.scheme} ${later}`);
    }
    assert.deepEqual(wh.verify('{"id":1}', header, { now: NOW + WEEK }), { timestamp: null, secretIndex: 0 });
  }
  for (const retentionSeconds of [0, -1, 1.5, Number.NaN, Infinity, '3600', null]) {
    assert.throws(() => github({ retentionSeconds }), { code: 'WEBHOOK_INVALID_OPTIONS' }, String(retentionSeconds));
  }
});

test('a full guard refuses with WEBHOOK_REPLAY_GUARD_FULL and never forgets a real delivery', () => {
  const guard = new ReplayGuard({ maxEntries: 3 });
  const wh = github({ replayGuard: guard });
  const real = ['{"real":1}', '{"real":2}', '{"real":3}'];
  for (const body of real) wh.verify(body, wh.sign(body), { now: NOW });
  // Traffic an attacker provokes from the genuine sender (stars, issues on a public repository).
  for (let n = 0; n < 200; n++) {
    const body = `{"provoked":${n}}`;
    assert.throws(() => wh.verify(body, wh.sign(body), { now: NOW + n }), (error) => {
      assert.ok(error instanceof WebhookVerificationError);
      assert.equal(error.code, 'WEBHOOK_REPLAY_GUARD_FULL');
      assert.match(error.message, /full/);
      return true;
    });
  }
  assert.equal(guard.refusedFull, 200);
  assert.equal(guard.size, 3);
  // None of the real deliveries was pushed out: each replay is still refused.
  for (const body of real) {
    assert.throws(() => wh.verify(body, wh.sign(body), { now: NOW + 300 }), { code: 'WEBHOOK_REPLAYED' });
  }
  // Once they expire, the guard takes deliveries again.
  wh.verify('{"provoked":0}', wh.sign('{"provoked":0}'), { now: NOW + WEEK });
  assert.equal(guard.size, 1);
});

test('two standard endpoints sharing a guard each accept the same message id', () => {
  const guard = new ReplayGuard();
  const a = standard({ replayGuard: guard });
  const b = new Webhook(OTHER_STANDARD_SECRET, { scheme: 'standard', replayGuard: guard });
  const toA = delivery('msg_same');
  const toB = delivery('msg_same', NOW, '{"n":1}', OTHER_STANDARD_SECRET);
  assert.equal(a.verify(toA.body, toA.headers, { now: NOW }).id, 'msg_same');
  assert.equal(b.verify(toB.body, toB.headers, { now: NOW }).id, 'msg_same');
  assert.throws(() => a.verify(toA.body, toA.headers, { now: NOW + 1 }), { code: 'WEBHOOK_REPLAYED' });
  assert.throws(() => b.verify(toB.body, toB.headers, { now: NOW + 1 }), { code: 'WEBHOOK_REPLAYED' });
  // External stores see distinct keys too.
  const keys = [];
  const store = { seen: (key) => (keys.push(key), false) };
  standard({ replayGuard: store }).verify(toA.body, toA.headers, { now: NOW });
  new Webhook(OTHER_STANDARD_SECRET, { scheme: 'standard', replayGuard: store }).verify(toB.body, toB.headers, { now: NOW });
  assert.equal(keys.length, 2);
  assert.notEqual(keys[0], keys[1]);
});

test('only deliveries whose signature verified are recorded', () => {
  const guard = new ReplayGuard({ maxEntries: 1 });
  const store = { calls: 0, seen: () => (store.calls++, false) };
  const withGuard = standard({ replayGuard: guard });
  const withStore = standard({ replayGuard: store });
  const genuine = delivery('msg_real');
  const forged = { ...genuine.headers, 'webhook-signature': `v1,${Buffer.alloc(32, 7).toString('base64')}` };
  for (let i = 0; i < 50; i++) {
    for (const wh of [withGuard, withStore]) {
      assert.throws(() => wh.verify(genuine.body, forged, { now: NOW }), { code: 'WEBHOOK_SIGNATURE_MISMATCH' });
      assert.throws(() => wh.verify('tampered', genuine.headers, { now: NOW }), { code: 'WEBHOOK_SIGNATURE_MISMATCH' });
      assert.throws(() => wh.verify(genuine.body, genuine.headers, { now: NOW + 301 }), { code: 'WEBHOOK_TIMESTAMP_TOO_OLD' });
    }
  }
  assert.equal(guard.size, 0);
  assert.equal(store.calls, 0);
  assert.equal(withGuard.verify(genuine.body, genuine.headers, { now: NOW }).id, 'msg_real');
  assert.equal(withStore.verify(genuine.body, genuine.headers, { now: NOW }).id, 'msg_real');
  assert.equal(store.calls, 1);
});

test('one guard shared by several verifiers of one endpoint and by other schemes', () => {
  const guard = new ReplayGuard({ maxEntries: 100 });
  const a = standard({ replayGuard: guard });
  const b = standard({ replayGuard: guard });
  const gh = github({ replayGuard: guard });
  const d = delivery('msg_shared');
  a.verify(d.body, d.headers, { now: NOW });
  assert.throws(() => b.verify(d.body, d.headers, { now: NOW }), { code: 'WEBHOOK_REPLAYED' });
  gh.verify('x', gh.sign('x'), { now: NOW });
  assert.equal(guard.size, 2);
});

test('the guard stays within its cap under 100 000 distinct deliveries, and frees expired ones', () => {
  const guard = new ReplayGuard({ maxEntries: 1000 });
  const sender = new Webhook(SHOPIFY_SECRET, { scheme: 'shopify' });
  const wh = new Webhook(SHOPIFY_SECRET, { scheme: 'shopify', replayGuard: guard, retentionSeconds: 300 });
  let peak = 0;
  let lastAccepted;
  for (let n = 0; n < 100_000; n++) {
    const body = `{"order":${n}}`;
    try {
      wh.verify(body, sender.sign(body), { now: NOW + Math.floor(n / 100) });
      lastAccepted = body;
    } catch (error) {
      assert.equal(error.code, 'WEBHOOK_REPLAY_GUARD_FULL');
    }
    peak = Math.max(peak, guard.size);
  }
  assert.equal(peak, 1000);
  assert.ok(guard.refusedFull > 0, 'a guard kept full by a 300 s window refuses');
  // The most recent accepted delivery is still remembered.
  assert.throws(() => wh.verify(lastAccepted, sender.sign(lastAccepted), { now: NOW + 1000 }), {
    code: 'WEBHOOK_REPLAYED',
  });
  // Everything has expired a day later: the next delivery frees it all.
  wh.verify('{"order":"late"}', sender.sign('{"order":"late"}'), { now: NOW + 86_400 });
  assert.equal(guard.size, 1);
});

test('an external store is asked once, with the key and its time to live', () => {
  const asked = [];
  const store = {
    keys: new Set(),
    seen(key, ttl) {
      asked.push([key, ttl]);
      if (this.keys.has(key)) return true; // `this` is the store
      this.keys.add(key);
      return false;
    },
  };
  const wh = standard({ replayGuard: store });
  const d = delivery('msg_ttl', NOW - 100);
  wh.verify(d.body, d.headers, { now: NOW });
  assert.throws(() => wh.verify(d.body, d.headers, { now: NOW }), { code: 'WEBHOOK_REPLAYED' });
  assert.equal(asked.length, 2);
  const [[key, ttl]] = asked;
  assert.match(key, KEY);
  assert.ok(key.startsWith('edgeward:standard:'));
  assert.equal(ttl, 201, 'remembered until the timestamp leaves the window: -100 + 300 + 1');
  assert.equal(asked[1][0], key);

  // Without a timestamp: remembered for the retention (7 days unless set), not the tolerance.
  const ghAsked = [];
  const seen = (k, t) => (ghAsked.push([k, t]), false);
  const gh = github({ toleranceSeconds: 60, replayGuard: { seen } });
  gh.verify('x', gh.sign('x'), { now: NOW });
  assert.match(ghAsked[0][0], /^edgeward:github:/);
  assert.equal(ghAsked[0][1], WEEK);
  const ghDay = github({ retentionSeconds: 86_400, replayGuard: { seen } });
  ghDay.verify('x', ghDay.sign('x'), { now: NOW });
  assert.equal(ghAsked[1][1], 86_400);
});

test('an asynchronous store works with verifyAsync (and only there)', async () => {
  const keys = new Map();
  const store = {
    async seen(key, ttl) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (keys.has(key)) return true;
      keys.set(key, ttl);
      return false;
    },
  };
  const wh = standard({ replayGuard: store });
  const d = delivery('msg_async');
  const pending = wh.verifyAsync(d.body, d.headers, { now: NOW });
  assert.ok(pending instanceof Promise);
  assert.deepEqual(await pending, { timestamp: NOW, secretIndex: 0, id: 'msg_async' });
  await assert.rejects(wh.verifyAsync(d.body, d.headers, { now: NOW }), (error) => {
    assert.ok(error instanceof WebhookVerificationError);
    assert.equal(error.code, 'WEBHOOK_REPLAYED');
    return true;
  });
  // A Promise from a store given to the synchronous verify is refused, not taken as an answer.
  const other = delivery('msg_sync_misuse');
  assert.throws(() => wh.verify(other.body, other.headers, { now: NOW }), (error) => {
    assert.equal(error.code, 'WEBHOOK_INVALID_OPTIONS');
    assert.match(error.message, /verifyAsync/);
    return true;
  });
  // A synchronous store works with verifyAsync too.
  const sync = standard({ replayGuard: { seen: () => false } });
  assert.equal((await sync.verifyAsync(d.body, d.headers, { now: NOW })).id, 'msg_async');
});

test('verifyAsync reports every failure as a rejection', async () => {
  for (const wh of [standard(), standard({ replayGuard: new ReplayGuard() }), standard({ replayGuard: { seen: () => false } })]) {
    const d = delivery('msg_reject');
    assert.equal((await wh.verifyAsync(d.body, d.headers, { now: NOW })).id, 'msg_reject');
    const pending = wh.verifyAsync('tampered', d.headers, { now: NOW });
    assert.ok(pending instanceof Promise);
    await assert.rejects(pending, { code: 'WEBHOOK_SIGNATURE_MISMATCH' });
    await assert.rejects(wh.verifyAsync({}, d.headers, { now: NOW }), { code: 'WEBHOOK_INVALID_PAYLOAD' });
  }
});

test('a store must answer a real boolean', async () => {
  const d = delivery('msg_bool');
  for (const answer of [undefined, null, 'OK', 1, 0, {}, 'true']) {
    const wh = standard({ replayGuard: { seen: () => answer } });
    assert.throws(() => wh.verify(d.body, d.headers, { now: NOW }), { code: 'WEBHOOK_INVALID_OPTIONS' }, String(answer));
    const asyncWh = standard({ replayGuard: { seen: async () => answer } });
    await assert.rejects(asyncWh.verifyAsync(d.body, d.headers, { now: NOW }), { code: 'WEBHOOK_INVALID_OPTIONS' });
  }
});

test('a failing store fails the delivery with its own error (fail closed)', async () => {
  const d = delivery('msg_down');
  const down = new Error('store unavailable');
  const throwing = standard({ replayGuard: { seen: () => { throw down; } } }); // prettier-ignore
  assert.throws(() => throwing.verify(d.body, d.headers, { now: NOW }), (error) => error === down);
  await assert.rejects(throwing.verifyAsync(d.body, d.headers, { now: NOW }), (error) => error === down);
  const rejecting = standard({ replayGuard: { seen: () => Promise.reject(down) } });
  await assert.rejects(rejecting.verifyAsync(d.body, d.headers, { now: NOW }), (error) => error === down);
  // The synchronous misuse leaves no unhandled rejection behind.
  let unhandled = 0;
  const count = () => unhandled++;
  process.on('unhandledRejection', count);
  try {
    assert.throws(() => rejecting.verify(d.body, d.headers, { now: NOW }), { code: 'WEBHOOK_INVALID_OPTIONS' });
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.off('unhandledRejection', count);
  }
  assert.equal(unhandled, 0);
});

test('replayGuard must be a ReplayGuard or a store', () => {
  for (const replayGuard of [{}, 'guard', 42, true, { seen: 'yes' }, [], () => false]) {
    assert.throws(() => standard({ replayGuard }), { code: 'WEBHOOK_INVALID_OPTIONS' }, String(replayGuard));
  }
  for (const replayGuard of [undefined, null]) {
    const wh = standard({ replayGuard });
    const d = delivery('msg_none');
    wh.verify(d.body, d.headers, { now: NOW });
    assert.equal(wh.verify(d.body, d.headers, { now: NOW }).id, 'msg_none', 'no guard: no replay check');
  }
  // A function with a `seen` method is a store too.
  const fn = Object.assign(() => {}, { seen: () => false });
  assert.ok(standard({ replayGuard: fn }));
});

test('the guard is not exposed through results or inspection', async () => {
  const { inspect } = await import('node:util');
  const wh = standard({ replayGuard: new ReplayGuard() });
  const d = delivery('msg_inspect');
  const result = wh.verify(d.body, d.headers, { now: NOW });
  assert.deepEqual(Object.keys(result), ['timestamp', 'secretIndex', 'id']);
  assert.ok(!inspect(wh, { showHidden: true }).includes('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'));
  assert.equal(inspect(new ReplayGuard({ maxEntries: 3 })), 'ReplayGuard { size: 0, maxEntries: 3, refusedFull: 0 }');
});
