// Redaction speed, side by side, same records, same run: edgeward (native addon and WASM)
// against fast-redact and @pinojs/redact configured for the same fields.
// Run: node bench/node/redact.mjs   (after `npm run build` and `npm install` in bindings-node)
//
// Records: the JSON records of tests/redact/corpus.json (pino-http request logs, axios errors,
// webhook payloads, OAuth callbacks…). The peers get, as explicit paths, every field our key
// and path rules redact in those records (they have no key matching and no value detectors,
// so they do strictly less work: secrets inside strings survive them).
// Rows:
//   object → object   edgeward redact(value)            vs peers with serialize: false (+ restore)
//   object → text     edgeward redactJson(JSON.stringify) vs peers with serialize: JSON.stringify (pino's path)
//   text → text       edgeward redactJson(text)          vs JSON.parse + peer + JSON.stringify
//   NDJSON            edgeward redactNdjson, MB/s
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createApi } from '../../bindings-node/lib/api.js';
import { loadNative, loadWasm } from '../../bindings-node/lib/backends.js';
import { race, ROUNDS, TURN_MS } from './race.mjs';

const require = createRequire(new URL('../../bindings-node/package.json', import.meta.url));
const fastRedact = require('fast-redact');
const pinoRedact = require('@pinojs/redact');

const native = createApi(loadNative());
const wasm = createApi(loadWasm());
const nativeR = new native.Redactor();
const wasmR = new wasm.Redactor();
const corpus = JSON.parse(readFileSync(new URL('../../tests/redact/corpus.json', import.meta.url), 'utf8'));
const records = corpus.records.filter((r) => r.kind === 'json' && !r.options && r.input && typeof r.input === 'object' && !Array.isArray(r.input));
const texts = records.map((r) => JSON.stringify(r.input));
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);

// The same fields for the peers: every key-rule finding path in these records.
const paths = [...new Set(records.flatMap((r) => r.findings.filter((f) => f[0].startsWith('key:')).map((f) => f[1])))];
const fast = fastRedact({ paths, censor: '[REDACTED]' });
const fastObj = fastRedact({ paths, censor: '[REDACTED]', serialize: false });
const pino = pinoRedact({ paths, censor: '[REDACTED]' });
const pinoObj = pinoRedact({ paths, censor: '[REDACTED]', serialize: false });

const each = (f) => () => {
  for (let i = 0; i < records.length; i += 1) f(records[i].input, texts[i]);
};
// Outputs are kept (so no work is optimised away) in a small ring, not an ever-growing
// array whose garbage would slow down whichever contender runs later.
const sink = new Array(1024);
let kept = 0;
const keep = (x) => {
  sink[kept++ & 1023] = x;
};
const rows = [];
// Contenders run in turns (see race.mjs), so load from other processes hits all alike.
const section = async (title, ours, peers) => {
  const times = await race(Object.fromEntries([...ours, ...peers]));
  const results = Object.entries(times).map(([name, us]) => {
    const seconds = us / 1e6; // one call redacts every record once
    return { name, perSec: records.length / seconds, mbps: bytes / 1e6 / seconds };
  });
  const best = results.find((r) => r.name.startsWith('edgeward native'));
  rows.push({ title });
  for (const r of results) rows.push({ ...r, ratio: best.perSec / r.perSec });
};

await section(
  'object → object',
  [
    ['edgeward native redact()', each((o) => keep(nativeR.redact(o)))],
    ['edgeward wasm redact()', each((o) => keep(wasmR.redact(o)))],
  ],
  [
    ['fast-redact (serialize:false, restore)', each((o) => { keep(fastObj(o)); fastObj.restore(o); })],
    ['@pinojs/redact (serialize:false)', each((o) => keep(pinoObj(o)))],
  ],
);
await section(
  'object → JSON text',
  [
    ['edgeward native redactJson(JSON.stringify())', each((o) => keep(nativeR.redactJson(JSON.stringify(o))))],
    ['edgeward wasm redactJson(JSON.stringify())', each((o) => keep(wasmR.redactJson(JSON.stringify(o))))],
  ],
  [
    ['fast-redact (serialize: JSON.stringify)', each((o) => keep(fast(o)))],
    ['@pinojs/redact (serialize: JSON.stringify)', each((o) => keep(pino(o)))],
  ],
);
await section(
  'JSON text → JSON text',
  [
    ['edgeward native redactJson(text)', each((_, t) => keep(nativeR.redactJson(t)))],
    ['edgeward wasm redactJson(text)', each((_, t) => keep(wasmR.redactJson(t)))],
  ],
  [
    ['JSON.parse + fast-redact + JSON.stringify', each((_, t) => keep(fast(JSON.parse(t))))],
    ['JSON.parse + @pinojs/redact + JSON.stringify', each((_, t) => keep(pino(JSON.parse(t))))],
  ],
);
{
  console.log(`node ${process.version}; ${records.length} corpus records, ${bytes} bytes per round; peers redact ${paths.length} explicit paths`);
  console.log(`best of ${ROUNDS} turns of ${TURN_MS} ms, contenders in turn`);
  console.log('rows: records/s; ratio = edgeward native ÷ row (>1: edgeward faster)');
  for (const r of rows) {
    if (r.title) console.log(`\n${r.title}`);
    else console.log(`  ${r.name.padEnd(48)} ${Math.round(r.perSec).toString().padStart(10)} rec/s ${r.mbps.toFixed(1).padStart(7)} MB/s   ${r.ratio.toFixed(2)}×`);
  }
  // NDJSON throughput: the corpus records repeated to ~16 MB, one call.
  const line = texts.join('\n') + '\n';
  const big = line.repeat(Math.max(1, Math.floor(16e6 / line.length)));
  for (const [name, r] of [['native', nativeR], ['wasm', wasmR]]) {
    r.redactNdjson(big);
    const start = process.hrtime.bigint();
    const rounds = 3;
    for (let i = 0; i < rounds; i += 1) keep(r.redactNdjson(big).length);
    const s = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(`\nNDJSON ${name}: ${((Buffer.byteLength(big) * rounds) / 1e6 / s).toFixed(0)} MB/s (${(Buffer.byteLength(big) / 1e6).toFixed(1)} MB per call)`);
  }
  if (sink.length < 0) console.log(sink);
}
