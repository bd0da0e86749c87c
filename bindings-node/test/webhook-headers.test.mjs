// The shared header-shape vectors (tests/vectors/webhook_headers.json): repeated headers,
// case-variant names, list-valued headers, empty values, oversized joined values and both
// Standard Webhooks name sets, through the public API `new Webhook(...).verify(payload, headers)`
// with the headers in every shape JS users pass: plain objects (case variants as distinct keys,
// array values), arrays of pairs, Map and fetch `Headers`. The core owns the rule (every
// occurrence joined with ", ", the joined value capped); every shape must give the verdict the
// vectors state, as in Rust, Python and workerd. Runs against whichever build EDGEWARD_BACKEND
// selects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Webhook, WebhookVerificationError } from 'edgeward';
import { loadVectors } from './vectors.mjs';

const { cases, max_header_bytes: maxHeaderBytes } = loadVectors('webhook_headers.json');

const text = (v) => (typeof v === 'string' ? v : v.prefix + v.repeat.repeat(v.times) + v.suffix);

/** The case's headers as [exact name, occurrences] groups, in order (pairs of one exact name
 * are contiguous in the vectors, so grouping keeps the order of occurrences). */
function groupsOf(c) {
  let pairs = c.headers;
  if (c.repeat_pair) {
    const { index, times } = c.repeat_pair;
    pairs = [...pairs.slice(0, index), ...Array(times).fill(pairs[index]), ...pairs.slice(index + 1)];
  }
  const groups = [];
  for (const [name, value] of pairs) {
    const values = Array.isArray(value) ? value.map(text) : [text(value)];
    const last = groups.at(-1);
    if (last && last[0] === name) last[1].push(...values);
    else groups.push([name, values]);
  }
  return groups;
}

/** Every JS shape of the case's headers; fetch `Headers` only where it takes them. */
function shapesOf(c) {
  const groups = groupsOf(c);
  const pairs = groups.flatMap(([name, values]) => values.map((value) => [name, value]));
  const shapes = {
    pairs,
    'pairs with array values': groups.map(([name, values]) => [name, values]),
    object: Object.fromEntries(groups.map(([name, values]) => [name, values.length === 1 ? values[0] : values])),
    'object of arrays': Object.fromEntries(groups),
    map: new Map(groups.map(([name, values]) => [name, values.length === 1 ? values[0] : values])),
  };
  let fetchHeaders;
  try {
    fetchHeaders = new Headers();
    for (const [name, value] of pairs) fetchHeaders.append(name, value);
  } catch (error) {
    // fetch may refuse non-ASCII names and values above U+00FF: the vectors say where.
    assert.equal(c.fetch_refuses, true, `${c.name}: fetch Headers refused: ${error}`);
    fetchHeaders = undefined;
  }
  if (fetchHeaders !== undefined) shapes['fetch Headers'] = fetchHeaders;
  return shapes;
}

function verdict(c, headers) {
  const wh = new Webhook(c.secrets, { scheme: c.scheme });
  try {
    const v = wh.verify(c.payload_text, headers, { now: c.now });
    return { ok: true, timestamp: v.timestamp, secret_index: v.secretIndex, ...(v.id === undefined ? {} : { id: v.id }) };
  } catch (error) {
    assert.ok(error instanceof WebhookVerificationError, `${c.name}: ${error}`);
    return { ok: false, code: error.code };
  }
}

function expected(c) {
  const { expect } = c;
  if (!expect.ok) return { ok: false, code: expect.code };
  return { ok: true, timestamp: expect.timestamp, secret_index: expect.secret_index, ...(expect.id ? { id: expect.id } : {}) };
}

// Today's JS reader (bindings-node/lib/webhook.js) still joins occurrences itself before the
// core sees one value; on these vectors it gives the core's verdict in every shape (checked on
// both backends), so no case is marked as differing. Once it hands every occurrence to
// `verify_occurrences`, the core alone decides.

test('the vectors cover every scheme and shape', () => {
  assert.ok(cases.length >= 60, `${cases.length} cases`);
  assert.deepEqual(new Set(cases.map((c) => c.scheme)), new Set(['stripe', 'standard', 'github', 'slack', 'shopify']));
  assert.equal(maxHeaderBytes, 8192); // the default: the cases build values around it
  const refused = cases.filter((c) => c.fetch_refuses).length;
  assert.ok(refused > 0 && refused <= 3, `${refused} cases fetch refuses`);
});

for (const c of cases) {
  test(`header shapes: ${c.name}`, () => {
    const want = expected(c);
    for (const [shape, headers] of Object.entries(shapesOf(c))) {
      assert.deepEqual(verdict(c, headers), want, `${c.name} (${shape})`);
    }
  });
}
