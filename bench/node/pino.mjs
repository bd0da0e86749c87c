// Whole-line redaction in pino, side by side, same logging call, same run: pino alone, pino with
// its own `redact` option (the same fields as explicit paths), and pino with
// `redactor.pinoOptions()` (native addon and WASM), all writing to a no-op destination.
// Run: node bench/node/pino.mjs   (after `npm run build` and `npm install` in bindings-node)
//
// The line (about 1 KB): child bindings (request id, service, trace), a request with headers
// (a bearer token and a session cookie among benign ones), a user object, an order, and an
// interpolated message. pino's `redact` gets, as paths, every field our key rules redact on
// this line; it has no value detectors, so it does strictly less (ours scans every string).
// Reported: µs per logging call, the cost each redaction adds to plain pino, and the ratio
// ours ÷ pino's (the target is ≤ 2). The floor rows time `logLine` alone, on the finished line
// and on a 2-byte line (the fixed cost of one call into the backend), without pino around it.
import { createRequire } from 'node:module';
import { createApi } from '../../bindings-node/lib/api.js';
import { loadNative, loadWasm } from '../../bindings-node/lib/backends.js';
import { race, ROUNDS, TURN_MS } from './race.mjs';

const require = createRequire(new URL('../../bindings-node/package.json', import.meta.url));
const pino = require('pino');
const pinoVersion = require('pino/package.json').version;

const native = new (createApi(loadNative()).Redactor)();
const wasm = new (createApi(loadWasm()).Redactor)();

// Outputs are kept (so no work is optimised away) in a small ring.
const sink = new Array(1024);
let kept = 0;
const destination = { write: (s) => { sink[kept++ & 1023] = s; } };

const bindings = { reqId: 'req-7f3a9c2e-41b8-4d0f-9a6e-2c51f08d7b13', service: 'checkout-api', version: '4.12.0', region: 'eu-west-1', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' };
const record = {
  req: {
    method: 'POST',
    url: '/api/v2/orders?expand=items&locale=en-GB',
    remoteAddress: '203.0.113.42',
    headers: {
      host: 'api.shop.example.com',
      'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      accept: 'application/json, text/plain, */*',
      'accept-language': 'en-GB,en;q=0.9',
      'content-type': 'application/json',
      'content-length': '412',
      authorization: 'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c3JfODQyMSIsImlhdCI6MTcxNjIzOTAyMn0.fake0signature0for0the0bench0only00000000',
      cookie: 'sid=s%3AfakeSessionId0123456789.abcdefFAKE; theme=dark',
      'x-request-id': 'req-7f3a9c2e-41b8-4d0f-9a6e-2c51f08d7b13',
    },
  },
  user: { id: 'usr_8421', email: 'ann.lee@example.com', name: 'Ann Lee', plan: 'pro', roles: ['buyer', 'reviewer'], createdAt: '2024-03-18T09:21:44.120Z', locale: 'en-GB' },
  order: { id: 'ord_5521', items: 3, total: 129.9, currency: 'EUR', coupon: 'SPRING24', shipping: 'standard' },
  durationMs: 48.3,
};
const call = (log) => log.info(record, 'order %s created for %s in %d ms', 'ord_5521', 'usr_8421', 48);

// The paths pino's redact gets: where our key rules redact on this line.
const sample = [];
pino({}, { write: (s) => sample.push(s) }).child(bindings).info(record, 'order %s created for %s in %d ms', 'ord_5521', 'usr_8421', 48);
const line = sample[0];
const reporting = new (createApi(loadNative()).Redactor)({ report: true });
const paths = [...new Set(reporting.redactJson(line).report.findings.filter((f) => f.rule.startsWith('key:')).map((f) => f.path))];
if (paths.length === 0) throw new Error('no redacted field on the bench line');

const plain = pino({}, destination).child(bindings);
const pinoRedact = pino({ redact: paths }, destination).child(bindings);
const oursNative = pino({ ...native.pinoOptions() }, destination).child(bindings);
const oursWasm = pino({ ...wasm.pinoOptions() }, destination).child(bindings);
const nativeHook = native.pinoOptions().hooks.streamWrite;
const wasmHook = wasm.pinoOptions().hooks.streamWrite;

// Same output where it matters: both redactions remove the same fields.
for (const [name, log] of [['pino redact', pinoRedact], ['edgeward', oursNative]]) {
  call(log);
  const out = sink[(kept - 1) & 1023];
  if (out.includes('eyJhbGci') || out.includes('fakeSessionId')) throw new Error(`${name} left a secret in the line`);
}

const times = await race({
  'pino, no redaction': () => call(plain),
  [`pino redact: [${paths.length} paths]`]: () => call(pinoRedact),
  'pino + edgeward native pinoOptions()': () => call(oursNative),
  'pino + edgeward wasm pinoOptions()': () => call(oursWasm),
  'floor: native logLine(line) alone': () => { sink[kept++ & 1023] = nativeHook(line); },
  'floor: native logLine("{}\\n")': () => { sink[kept++ & 1023] = nativeHook('{}\n'); },
  'floor: wasm logLine(line) alone': () => { sink[kept++ & 1023] = wasmHook(line); },
  'floor: wasm logLine("{}\\n")': () => { sink[kept++ & 1023] = wasmHook('{}\n'); },
});

const base = times['pino, no redaction'];
const theirs = times[`pino redact: [${paths.length} paths]`] - base;
console.log(`node ${process.version}, pino ${pinoVersion}; one line of ${Buffer.byteLength(line)} bytes (message, ${Object.keys(bindings).length} child bindings, object)`);
console.log(`pino redact paths: ${paths.join(', ')}`);
console.log(`best of ${ROUNDS} turns of ${TURN_MS} ms, contenders in turn; added = row − plain pino; ratio = our added ÷ pino redact's added (target ≤ 2)\n`);
for (const [name, us] of Object.entries(times)) {
  const added = us - base;
  const inPino = !name.startsWith('floor');
  const extra = inPino && name !== 'pino, no redaction' ? `  added ${added.toFixed(2).padStart(5)} µs` : '';
  const ratio = name.startsWith('pino + edgeward') ? `   ratio ${(added / theirs).toFixed(2)}×` : '';
  console.log(`  ${name.padEnd(40)} ${us.toFixed(2).padStart(6)} µs/line${extra}${ratio}`);
}
if (sink.length < 0) console.log(sink);
