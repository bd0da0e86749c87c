// Validation inside workerd, from the packed tarball: a Worker that builds validators both
// inside a request and in the global scope (where Workers refuse randomness and I/O, so the
// facade compiles there on first use), validates request bodies with validateJson and parsed
// values with isValid, and keeps serving after hostile input.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { bundleWorker, freshProject, serveWorker } from '../../scripts/worker.mjs';

const WORKER = `
import { Validator, ValidationError, buildPath, backend } from 'edgeward';

// Built on first use, inside a request: Workers forbid randomness at global scope, and the
// jsonschema crate seeds its hash maps from crypto.getRandomValues.
let cached;
const validator = () => (cached ??= new Validator({
  type: 'object',
  properties: {
    email: { type: 'string', format: 'email' },
    amount: { type: 'number', exclusiveMinimum: 0, maximum: 1000000 },
    id: { type: 'integer' },
    metadata: { type: 'object' },
  },
  required: ['email', 'amount'],
}));

// Built in the global scope, as users often write it: the facade sees that randomness is
// refused there and compiles on first use (an invalid schema fails at that first use).
const ids = new Validator({ type: 'integer', minimum: 1 });
const broken = new Validator({ type: 'strin' });

const json = (body, status = 200) =>
  new Response(JSON.stringify(body, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)), {
    status,
    headers: { 'content-type': 'application/json' },
  });

function refused(error) {
  if (!(error instanceof ValidationError)) throw error;
  return json({ code: error.code, errors: error.errors }, 422);
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    try {
      if (url.pathname === '/global') {
        const id = JSON.parse(url.searchParams.get('id'));
        let schemaError;
        try {
          broken.isValid(1);
        } catch (error) {
          schemaError = error.name + ' ' + error.code;
        }
        return json({ draft: ids.draft, valid: ids.isValid(id), schemaError });
      }
      const payments = validator();
      if (url.pathname === '/payments') {
        const payment = payments.validateJson(new Uint8Array(await request.arrayBuffer()));
        return json({ backend, payment, idType: typeof payment.id });
      }
      if (url.pathname === '/object') {
        const value = JSON.parse(await request.text());
        return json({ valid: payments.isValid(value), errors: payments.errors(value) });
      }
      if (url.pathname === '/deep') {
        let value = 1;
        for (let i = 0; i < 100000; i++) value = [value];
        return json({ valid: payments.isValid(value) });
      }
      if (url.pathname === '/path') {
        return json({ path: buildPath('/resources/{id}', { id: url.searchParams.get('id') }) });
      }
      return new Response('not found', { status: 404 });
    } catch (error) {
      return refused(error);
    }
  },
};
`;

let worker;

before(async () => {
  const { project } = freshProject();
  writeFileSync(join(project, 'src', 'index.js'), WORKER);
  worker = await serveWorker(bundleWorker(project).outdir);
});

after(async () => worker?.dispose());

const post = (path, body) => fetch(`${worker.url}${path}`, { method: 'POST', body });

test('workerd validates request bodies, keeping big integers exact', async () => {
  const ok = await post('/payments', '{"email":"ada@example.com","amount":42,"id":9007199254740993}');
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), {
    backend: 'wasm',
    payment: { email: 'ada@example.com', amount: 42, id: '9007199254740993' },
    idType: 'bigint',
  });
  const bad = await post('/payments', '{"email":"sk_live_secret","amount":0}');
  assert.equal(bad.status, 422);
  const refusal = await bad.json();
  assert.equal(refusal.code, 'VALIDATION_FAILED');
  assert.deepEqual(refusal.errors.map((e) => e.instancePath).sort(), ['/amount', '/email']);
  assert.ok(!JSON.stringify(refusal).includes('sk_live_secret'));
  const dup = await post('/payments', '{"email":"ada@example.com","amount":1,"amount":-1}');
  assert.equal((await dup.json()).code, 'VALIDATION_INVALID_JSON');
});

test('workerd survives 100,000 nested arrays, as text and as a value, and keeps validating', async () => {
  for (let round = 0; round < 3; round++) {
    const text = await post('/payments', '['.repeat(100_000));
    assert.equal((await text.json()).code, 'VALIDATION_LIMIT_EXCEEDED');
    const value = await fetch(`${worker.url}/deep`);
    assert.equal((await value.json()).code, 'VALIDATION_LIMIT_EXCEEDED');
    const ok = await post('/object', '{"email":"ada@example.com","amount":1}');
    assert.deepEqual(await ok.json(), { valid: true, errors: [] });
  }
});

test('workerd: validators built in the global scope compile on first use', async () => {
  const ok = await fetch(`${worker.url}/global?id=7`);
  assert.deepEqual(await ok.json(), { draft: 'draft2020-12', valid: true, schemaError: 'SchemaError SCHEMA_INVALID' });
  const bad = await fetch(`${worker.url}/global?id=0`);
  assert.equal((await bad.json()).valid, false);
});

test('workerd builds safe paths', async () => {
  const res = await fetch(`${worker.url}/path?id=${encodeURIComponent('../admin')}`);
  assert.deepEqual(await res.json(), { path: '/resources/..%2Fadmin' });
  const dots = await fetch(`${worker.url}/path?id=..`);
  assert.equal(dots.status, 500); // a PathError is not a ValidationError: the Worker rethrows it
});
