// Two builds of the native addon, side by side in one process, on the hot paths: webhook
// verification, redaction (object and text) and validation (object and text). For build
// settings that trade speed for size (scripts: build-platform.mjs, Cargo.toml [profile.dist]):
// a change whose rows are slower by more than the noise is a cost to report.
// Run: node bench/node/addons.mjs A.node B.node   (ONLY=regex of row names,
// BENCH_ROUNDS turns of BENCH_MS of CPU time each)
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApi } from '../../bindings-node/lib/api.js';
import { loadNative } from '../../bindings-node/lib/backends.js';

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
const invalid = { ...doc, items: [...doc.items, { sku: 'bad sku', quantity: 0, price: { amount: -1, currency: 'eur' } }] };
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
  const small = new api.Validator({ type: 'object', properties: { email: { type: 'string', format: 'email' }, amount: { type: 'number', exclusiveMinimum: 0 } }, required: ['email', 'amount'] });
  const smallDoc = { email: 'ada@example.com', amount: 42.5, metadata: { order: 'A-1' } };
  if (!small.isValid(smallDoc)) throw new Error('validator refused the small document');
  contenders[`isValid small ${tag}`] = () => small.isValid(smallDoc);
  contenders[`isValid object ${tag}`] = () => validator.isValid(doc);
  contenders[`isValid, invalid ${tag}`] = () => validator.isValid(invalid);
  contenders[`validateJson text ${tag}`] = () => validator.validateJson(docText);
});

// ONLY=regex keeps the matching rows (e.g. ONLY=valid).
const only = new RegExp(process.env.ONLY ?? '');
const names = Object.keys(contenders).filter((name) => name.endsWith('#1') && only.test(name)).map((name) => name.slice(0, -3));

// On a shared machine, wall time measures the other processes too: each turn is timed in CPU
// time of this process (process.cpuUsage), A and B alternate, and the median turn is kept
// (the ratio is the median of the per-turn ratios, so slow phases of the machine cancel out).
const TURNS = Number(process.env.BENCH_ROUNDS ?? 21);
const TURN_CPU_US = Number(process.env.BENCH_MS ?? 100) * 1000;
function cpuTurn(fn) {
  const start = process.cpuUsage();
  let ops = 0;
  let used = 0;
  while (used < TURN_CPU_US) {
    for (let i = 0; i < 8; i++) fn();
    ops += 8;
    const now = process.cpuUsage(start);
    used = now.user + now.system;
  }
  return used / ops;
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
console.log(`µs of CPU per call, median of ${TURNS} alternating turns of ${TURN_CPU_US / 1000} ms; #1 ${files[0]}, #2 ${files[1]}`);
for (const name of names) {
  const [a, b] = [contenders[`${name} #1`], contenders[`${name} #2`]];
  cpuTurn(a);
  cpuTurn(b);
  const times = { a: [], b: [], ratio: [] };
  for (let turn = 0; turn < TURNS; turn++) {
    let ta;
    let tb;
    if (turn % 2 === 0) {
      ta = cpuTurn(a);
      tb = cpuTurn(b);
    } else {
      tb = cpuTurn(b);
      ta = cpuTurn(a);
    }
    times.a.push(ta);
    times.b.push(tb);
    times.ratio.push(tb / ta);
  }
  console.log(`${name.padEnd(20)} ${median(times.a).toFixed(2).padStart(9)} ${median(times.b).toFixed(2).padStart(9)}  #2/#1 ${median(times.ratio).toFixed(3)}`);
}
