// JSON Schema validation speed, side by side, same schemas and documents, same run:
// edgeward (native addon and WASM; native values and raw JSON text) against ajv (compiled
// with code generation: the fastest, but unavailable on Workers) and @cfworker/json-schema
// (the eval-free validator Workers users run today).
// Run: node bench/node/validate.mjs   (after `npm run build` and `npm install` in bindings-node)
//
// Every contender asserts formats and answers the same question (is the document valid?),
// stopping at the first issue. "text" rows start from the raw body, as a request handler
// does: edgeward's validateJson parses it under its limits, validates it and returns the
// parsed value; the peers run JSON.parse and then validate.
import { createRequire } from 'node:module';
import { createApi } from '../../bindings-node/lib/api.js';
import { loadNative, loadWasm } from '../../bindings-node/lib/backends.js';
import { race, ROUNDS, TURN_MS } from './race.mjs';

const require = createRequire(new URL('../../bindings-node/package.json', import.meta.url));
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;
const { Validator: CfValidator } = require('@cfworker/json-schema');

const native = createApi(loadNative());
const wasm = createApi(loadWasm());

// The guide's example, and a larger webhook-event schema (refs, patterns, enums, formats).
const payment = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    email: { type: 'string', format: 'email' },
    amount: { type: 'number', exclusiveMinimum: 0, maximum: 1000000 },
    metadata: { type: 'object' },
  },
  required: ['email', 'amount'],
};

const order = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $defs: {
    money: {
      type: 'object',
      properties: { amount: { type: 'integer', minimum: 0 }, currency: { type: 'string', pattern: '^[A-Z]{3}$' } },
      required: ['amount', 'currency'],
      additionalProperties: false,
    },
    address: {
      type: 'object',
      properties: {
        line1: { type: 'string', minLength: 1, maxLength: 200 },
        city: { type: 'string', minLength: 1 },
        postal_code: { type: 'string', maxLength: 16 },
        country: { type: 'string', pattern: '^[A-Z]{2}$' },
      },
      required: ['line1', 'city', 'country'],
    },
  },
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    type: { enum: ['order.created', 'order.updated', 'order.cancelled'] },
    created: { type: 'string', format: 'date-time' },
    customer: {
      type: 'object',
      properties: {
        id: { type: 'string', pattern: '^cus_[A-Za-z0-9]{8,}$' },
        email: { type: 'string', format: 'email' },
        name: { type: 'string', maxLength: 100 },
        address: { $ref: '#/$defs/address' },
      },
      required: ['id', 'email'],
    },
    items: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        properties: {
          sku: { type: 'string', pattern: '^[A-Z0-9-]+$' },
          quantity: { type: 'integer', minimum: 1, maximum: 1000 },
          price: { $ref: '#/$defs/money' },
          tags: { type: 'array', items: { type: 'string' }, uniqueItems: true },
        },
        required: ['sku', 'quantity', 'price'],
        additionalProperties: false,
      },
    },
    total: { $ref: '#/$defs/money' },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
  },
  required: ['id', 'type', 'created', 'customer', 'items', 'total'],
};

function orderDocument(items) {
  return {
    id: '3f2c8a1e-9b7d-4c6e-8f0a-1b2c3d4e5f60',
    type: 'order.created',
    created: '2024-05-01T12:30:00Z',
    customer: {
      id: 'cus_A1b2C3d4E5',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      address: { line1: '12 Analytical Row', city: 'London', postal_code: 'N1 9GU', country: 'GB' },
    },
    items: Array.from({ length: items }, (_, i) => ({
      sku: `SKU-${1000 + i}`,
      quantity: 1 + (i % 5),
      price: { amount: 1999 + i, currency: 'EUR' },
      tags: ['gift', `batch-${i % 7}`],
    })),
    total: { amount: 123456, currency: 'EUR' },
    metadata: { channel: 'web', campaign: 'spring' },
  };
}

const workloads = [
  { name: 'payment (guide)', schema: payment, doc: { email: 'ada@example.com', amount: 42.5, metadata: { order: 'A-1' } } },
  { name: 'order, 3 items', schema: order, doc: orderDocument(3) },
  { name: 'order, 50 items', schema: order, doc: orderDocument(50) },
];

const rows = [];
for (const { name, schema, doc } of workloads) {
  const text = JSON.stringify(doc);
  const ours = new native.Validator(schema);
  const oursWasm = new wasm.Validator(schema);
  const ajv = new Ajv2020({ strict: false });
  addFormats(ajv);
  const ajvValidate = ajv.compile(schema);
  const cf = new CfValidator(schema, '2020-12', true);

  // Every contender must accept the document before it is timed (and refuse a broken one).
  const broken = { ...doc, email: 'not-an-email', customer: { ...doc.customer, email: 'nope' } };
  const verdicts = [ours.isValid(doc), oursWasm.isValid(doc), ajvValidate(doc), cf.validate(doc).valid];
  const refusals = [ours.isValid(broken), oursWasm.isValid(broken), ajvValidate(broken), cf.validate(broken).valid];
  if (verdicts.some((v) => v !== true) || refusals.some((v) => v !== false)) {
    throw new Error(`${name}: contenders disagree: ${verdicts} / ${refusals}`);
  }
  ours.validateJson(text);
  oursWasm.validateJson(text);

  rows.push({
    name,
    bytes: text.length,
    ...(await race({
      nativeObject: () => ours.isValid(doc),
      nativeText: () => ours.validateJson(text),
      wasmObject: () => oursWasm.isValid(doc),
      wasmText: () => oursWasm.validateJson(text),
      ajvObject: () => ajvValidate(doc),
      ajvText: () => ajvValidate(JSON.parse(text)),
      cfObject: () => cf.validate(doc).valid,
      cfText: () => cf.validate(JSON.parse(text)).valid,
    })),
  });
}

const fmt = (us) => (us < 10 ? us.toFixed(2) : us < 1000 ? us.toFixed(1) : us.toFixed(0)).padStart(8);
const ratio = (x) => `${x.toFixed(1)}x`.padStart(7);
console.log(`Node ${process.version}; µs per call, best of ${ROUNDS} turns of ${TURN_MS} ms, contenders in turn. ratio = peer time / edgeward time (higher is better for edgeward)\n`);
for (const kind of ['Object', 'Text']) {
  console.log(kind === 'Object' ? 'native value (isValid)' : 'raw JSON text (validateJson; peers: JSON.parse + validate)');
  console.log('workload          bytes | native     wasm      ajv  cfworker | wasm vs cfworker  native vs cfworker  native vs ajv  wasm vs ajv');
  for (const r of rows) {
    const n = r[`native${kind}`];
    const w = r[`wasm${kind}`];
    const a = r[`ajv${kind}`];
    const c = r[`cf${kind}`];
    console.log(
      `${r.name.padEnd(16)} ${String(r.bytes).padStart(6)} |${fmt(n)} ${fmt(w)} ${fmt(a)} ${fmt(c)}  |` +
        `${ratio(c / w).padStart(17)} ${ratio(c / n).padStart(19)} ${ratio(a / n).padStart(14)} ${ratio(a / w).padStart(12)}`,
    );
  }
  console.log('');
}

// Fixed costs a call pays whatever the schema: the floor under the small-document rows.
const guide = workloads[0].doc;
const guideText = JSON.stringify(guide);
const fixed = await race({
  stringify: () => JSON.stringify(guide),
  parse: () => JSON.parse(guideText),
  emptyWasmCall: () => wasm.encodePathSegment('a'),
  emptySchemaWasm: (() => {
    const anything = new wasm.Validator({});
    return () => anything.isValid(guide);
  })(),
});
console.log(
  `fixed costs (guide document, ${guideText.length} B): JSON.stringify ${fixed.stringify.toFixed(2)} µs, ` +
    `JSON.parse ${fixed.parse.toFixed(2)} µs, an empty call into WASM ${fixed.emptyWasmCall.toFixed(2)} µs, ` +
    `WASM isValid against the empty schema ${fixed.emptySchemaWasm.toFixed(2)} µs`,
);
