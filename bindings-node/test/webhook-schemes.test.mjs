// Every webhook scheme against the shared vectors (tests/vectors/webhook_schemes.json, computed
// independently in Python), run the way core/tests/schemes.rs runs them: verify cases through
// every header shape users have, sign and sign-error cases, and replay sequences against
// ReplayGuard and external stores. Runs against whichever build EDGEWARD_BACKEND selects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReplayGuard, Webhook, WebhookVerificationError, EdgewardError } from 'edgeward';
import { loadVectors, payloadOf } from './vectors.mjs';

const vectors = loadVectors('webhook_schemes.json');
const SCHEMES = ['stripe', 'standard', 'github', 'slack', 'shopify'];
const WITHOUT_TIMESTAMP = new Set(['github', 'shopify']);

function optionsOf(c, extra = {}) {
  const options = { scheme: c.scheme, ...extra };
  if (c.tolerance !== undefined) options.toleranceSeconds = c.tolerance;
  if (c.retention !== undefined) options.retentionSeconds = c.retention;
  if (c.secret_format === 'raw') options.secretFormat = 'raw';
  return options;
}

/** The case's headers as [name, value] pairs (header_fill included), or null for a bare string. */
function pairsOf(c) {
  if (c.headers === null || c.headers === undefined) return null;
  const pairs = Object.entries(c.headers);
  if (c.header_fill) {
    const { name, prefix, repeat, times } = c.header_fill;
    pairs.push([name, prefix + repeat.repeat(times)]);
  }
  return pairs;
}

/** Every shape a user may hand `verify` the same headers in. */
function shapesOf(pairs) {
  const shapes = {
    object: Object.fromEntries(pairs),
    map: new Map(pairs),
    pairs,
    // Node's IncomingHttpHeaders: lowercase names, some values as arrays.
    incoming: Object.fromEntries(pairs.map(([k, v], i) => [k.toLowerCase(), i % 2 ? [v] : v])),
  };
  try {
    shapes.fetch = new Headers(pairs);
  } catch {
    // Values fetch refuses (control characters) never reach a server as such.
  }
  return shapes;
}

/** A store that records what it is asked and never reports a replay. */
function recorder() {
  const asked = [];
  return { asked, seen: (key, ttl) => (asked.push([key, ttl]), false) };
}

function checkLeaks(c, error) {
  for (const secret of c.secrets) {
    if (secret.length > 6) {
      assert.ok(!error.message.includes(secret), `${c.name}: message leaks a secret`);
      assert.ok(!String(error.stack).includes(secret), `${c.name}: stack leaks a secret`);
    }
  }
}

function checkError(c, error) {
  assert.ok(error instanceof WebhookVerificationError, `${c.name}: ${error}`);
  assert.ok(error instanceof EdgewardError);
  assert.equal(error.code, c.expect.code, `${c.name}: ${error.message}`);
  checkLeaks(c, error);
  return true;
}

function expected(c) {
  const out = { timestamp: c.expect.timestamp, secretIndex: c.expect.secret_index };
  if (c.scheme === 'standard') out.id = c.expect.id;
  return out;
}

const ran = Object.fromEntries(SCHEMES.map((s) => [s, 0]));
for (const c of vectors.verify) {
  ran[c.scheme] += 1;
  test(`schemes verify vector: ${c.name}`, () => {
    let wh;
    const store = recorder();
    try {
      wh = new Webhook(c.secrets, optionsOf(c, { replayGuard: store }));
    } catch (error) {
      assert.equal(c.expect.ok, false, `${c.name}: construction failed: ${error.message}`);
      return checkError(c, error);
    }
    const payload = payloadOf(c);
    const pairs = pairsOf(c);
    const inputs = pairs === null ? { bare: c.header ?? undefined } : shapesOf(pairs);
    for (const [shape, headers] of Object.entries(inputs)) {
      const label = `${c.name} (${shape})`;
      if (!c.expect.ok) {
        assert.throws(() => wh.verify(payload, headers, { now: c.now }), (error) => checkError(c, error), label);
        continue;
      }
      store.asked.length = 0;
      const result = wh.verify(payload, headers, { now: c.now });
      assert.deepEqual(result, expected(c), label);
      assert.equal('id' in result, c.scheme === 'standard', `${label}: id only where the scheme has one`);
      assert.equal(result.timestamp === null, WITHOUT_TIMESTAMP.has(c.scheme), label);
      // The replay key and its window, exactly as the core computes them, reach the store.
      const ttl = Math.max(1, c.expect.replay_expires_at - c.now);
      assert.deepEqual(store.asked, [[c.expect.replay_key, ttl]], label);
      assert.ok(!('replayKey' in result) && !('replayTtl' in result), `${label}: no replay key in the result`);
    }
  });
}

test('every scheme has at least 3 verify vectors', () => {
  for (const scheme of SCHEMES) assert.ok(ran[scheme] >= 3, `${scheme}: ${ran[scheme]}`);
});

for (const c of vectors.sign) {
  test(`schemes sign vector: ${c.name}`, () => {
    const wh = new Webhook(c.secrets, optionsOf(c));
    const payload = payloadOf(c);
    const options = { timestamp: c.timestamp, id: c.id };
    const headers = wh.signHeaders(payload, options);
    // Same names, values and order as the core returns them.
    assert.deepEqual(Object.entries(headers), Object.entries(c.headers), c.name);
    const signed = wh.sign(payload, options);
    if (c.scheme === 'stripe') assert.equal(signed, c.headers['stripe-signature']);
    else assert.deepEqual(signed, c.headers);
    // What was signed verifies, whatever the clock for schemes without a timestamp.
    const now = WITHOUT_TIMESTAMP.has(c.scheme) ? 0 : c.timestamp;
    assert.equal(wh.verify(payload, headers, { now }).secretIndex, 0);
  });
}

for (const c of vectors.sign_errors) {
  test(`schemes sign error vector: ${c.name}`, () => {
    const wh = new Webhook(c.secrets, optionsOf(c));
    const options = { timestamp: c.timestamp, id: c.id };
    assert.throws(() => wh.signHeaders(payloadOf(c), options), (error) => checkError(c, error));
    assert.throws(() => wh.sign(payloadOf(c), options), (error) => checkError(c, error));
  });
}

/** An unbounded external store with the core guard's semantics, on a test clock. */
function clockStore(clock, { async = false } = {}) {
  const expiries = new Map();
  const seen = (key, ttl) => {
    const now = clock();
    const expires = expiries.get(key);
    if (expires !== undefined && expires > now) return true;
    expiries.set(key, now + ttl);
    return false;
  };
  return { expiries, seen: async ? async (key, ttl) => seen(key, ttl) : seen };
}

/**
 * Runs a replay vector's steps in order; `make(secrets)` builds a verifier sharing the case's
 * guard or store (a step with its own secrets is another endpoint).
 */
function runSteps(c, make, verify, after = () => {}) {
  const endpoints = new Map();
  const endpoint = (secrets) => {
    const name = JSON.stringify(secrets);
    if (!endpoints.has(name)) endpoints.set(name, make(secrets));
    return endpoints.get(name);
  };
  return c.steps.reduce(async (previous, step, index) => {
    await previous;
    const label = `${c.name} step ${index}`;
    const run = () => verify(endpoint(step.secrets ?? c.secrets), step);
    if (step.expect.ok) await run();
    else await assert.rejects(async () => run(), { code: step.expect.code }, label);
    after(step);
  }, Promise.resolve());
}

for (const c of vectors.replay) {
  const recorded = c.steps.filter((s) => s.expect.ok).length;

  test(`replay vector with ReplayGuard: ${c.name}`, async () => {
    const guard = new ReplayGuard({ maxEntries: c.max_entries });
    await runSteps(
      c,
      (secrets) => new Webhook(secrets, optionsOf(c, { replayGuard: guard })),
      (w, step) => w.verify(payloadOf(step), Object.fromEntries(pairsOf(step)), { now: step.now }),
      () => assert.ok(guard.size <= c.max_entries),
    );
    assert.equal(guard.maxEntries, c.max_entries);
  });

  // An unbounded store agrees wherever the guard never filled up.
  if (recorded <= c.max_entries) {
    for (const mode of ['sync', 'async']) {
      test(`replay vector with an external ${mode} store: ${c.name}`, async () => {
        let now = 0;
        const store = clockStore(() => now, { async: mode === 'async' });
        const make = (secrets) => new Webhook(secrets, optionsOf(c, { replayGuard: store }));
        await runSteps(c, make, (w, step) => {
          now = step.now;
          const headers = new Headers(pairsOf(step));
          return mode === 'sync'
            ? w.verify(payloadOf(step), headers, { now: step.now })
            : w.verifyAsync(payloadOf(step), headers, { now: step.now });
        });
        assert.ok(store.expiries.size <= recorded);
      });
    }
  }
}
