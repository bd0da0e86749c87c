// Two builds of the native addon, side by side in one process, on the hot paths: webhook
// verification, redaction (object and text) and validation (object and text). For build
// settings that trade speed for size (scripts: build-platform.mjs, Cargo.toml [profile.dist]):
// a change whose rows are slower by more than the noise is a cost to report.
// Run: node bench/node/addons.mjs A.node B.node   (contenders in turn, see race.mjs)
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApi } from '../../bindings-node/lib/api.js';
import { loadNative } from '../../bindings-node/lib/backends.js';
import { race, ROUNDS, TURN_MS } from './race.mjs';

const require = createRequire(import.meta.url);
const files = process.argv.slice(2);
if (files.length !== 2) {
  console.error('usage: node bench/node/addons.mjs A.node B.node');
  process.exit(2);
}
const apis = files.map((file) => createApi(loadNative({ load: () => require(resolve(file)) })));

const SECRET = 'whsec_bench_5a7d3f0c1b2e4d6f8a9c0b1d2e3f4a5b';
const corpus = JSON.parse(readFileSync(new URL('../../tests/redact/corpus.json', import.meta.url), 'utf8'));
const records = corpus.records.filter((r) => r.kind === 'json' && !r.options && r.input && typeof r.input === 'object' && !Array.isArray(r.input));
const texts = records.map((r) => JSON.stringify(r.input));
const order = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $defs: { money: { type: 'object', properties: { amount: { type: 'integer', minimum: 0 }, currency: { type: 'string', pattern: '^[A-Z]{3}$' } }, required: ['amount', 'currency'], additionalProperties: false } },
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    type: { enum: ['order.created', 'order.updated'] },
    created: { type: 'string', format: 'date-time' },
    email: { type: 'string', format: 'email' },
    site: { type: 'string', format: 'uri' },
    items: {
      type: 'array',
      items: { type: 'object', properties: { sku: { type: 'string', pattern: '^[A-Z0-9-]+$' }, quantity: { type: 'integer', minimum: 1 }, price: { $ref: '#/$defs/money' }, tags: { type: 'array', items: { type: 'string' }, uniqueItems: true } }, required: ['sku', 'quantity', 'price'], additionalProperties: false },
    },
    total: { $ref: '#/$defs/money' },
  },
  required: ['id', 'type', 'created', 'items', 'total'],
};
const doc = {
  id: '3f2c8a1e-9b7d-4c6e-8f0a-1b2c3d4e5f60',
  type: 'order.created',
  created: '2024-05-01T12:30:00Z',
  email: 'ada@example.com',
  site: 'https://example.com/shop?x=1',
  items: Array.from({ length: 20 }, (_, i) => ({ sku: `SKU-${1000 + i}`, quantity: 1 + (i % 5), price: { amount: 1999 + i, currency: 'EUR' }, tags: ['gift', `batch-${i % 7}`] })),
  total: { amount: 123456, currency: 'EUR' },
};
const docText = JSON.stringify(doc);
const payload = Buffer.from(randomBytes(4096).toString('base64').slice(0, 4096));

const contenders = {};
apis.forEach((api, i) => {
  const webhook = new api.Webhook(SECRET);
  const header = webhook.sign(payload);
  const now = Math.floor(Date.now() / 1000);
  const redactor = new api.Redactor();
  const validator = new api.Validator(order);
  if (!validator.isValid(doc) || validator.validateJson(docText) === undefined) throw new Error('validator refused the document');
  const tag = `#${i + 1}`;
  contenders[`verify 4 KiB ${tag}`] = () => webhook.verify(payload, header, { now });
  contenders[`redact objects ${tag}`] = () => records.forEach((r) => redactor.redact(r.input));
  contenders[`redactJson text ${tag}`] = () => texts.forEach((t) => redactor.redactJson(t));
  contenders[`isValid object ${tag}`] = () => validator.isValid(doc);
  contenders[`validateJson text ${tag}`] = () => validator.validateJson(docText);
});

const best = await race(contenders);
console.log(`µs per call, best of ${ROUNDS} turns of ${TURN_MS} ms; #1 ${files[0]}, #2 ${files[1]}`);
for (const name of Object.keys(best).filter((n) => n.endsWith('#1'))) {
  const a = best[name];
  const b = best[name.replace('#1', '#2')];
  console.log(`${name.slice(0, -3).padEnd(20)} ${a.toFixed(2).padStart(9)} ${b.toFixed(2).padStart(9)}  #2/#1 ${(b / a).toFixed(3)}`);
}
