// Native verification of a string body (what `await request.text()` and Express text parsers
// give), issue #12: edgeward native `verify(string)` against bare node:crypto HMAC over the
// same string (createHmac().update(prefix).update(string) + timingSafeEqual), same run.
// Targets: ratio ≥ 0.9 at 1 MiB, ≥ 1.1 at 4 KiB. ASCII (JSON) and non-ASCII text.
// Run: node bench/node/webhook_string.mjs   (after `npm run build` in bindings-node)
//      BASE=/path/to/other/checkout …: also that build's verify(string), in the same race.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createApi } from '../../bindings-node/lib/api.js';
import { loadNative } from '../../bindings-node/lib/backends.js';
import { race, ROUNDS, TURN_MS } from './race.mjs';

const SECRET = 'whsec_bench_5a7d3f0c1b2e4d6f8a9c0b1d2e3f4a5b';
const native = createApi(loadNative());
let base;
if (process.env.BASE) {
  const api = await import(`${process.env.BASE}/bindings-node/lib/api.js`);
  const backends = await import(`${process.env.BASE}/bindings-node/lib/backends.js`);
  base = api.createApi(backends.loadNative());
}

const rows = [];
for (const [kind, size] of [['ascii', 4096], ['ascii', 1 << 20], ['utf-8', 4096], ['utf-8', 1 << 20]]) {
  let payload = randomBytes(size).toString('base64').slice(0, size);
  if (kind === 'utf-8') payload = `{"name":"Zoë Łukasiewicz — 東京 ✓","note":"${payload.slice(60)}"}`.slice(0, size);
  const wh = new native.Webhook(SECRET);
  const baseWh = base && new base.Webhook(SECRET);
  const header = wh.sign(payload);
  const now = Math.floor(Date.now() / 1000);
  const [t, v] = header.split(',');
  const prefix = `${t.slice(2)}.`;
  const expected = Buffer.from(v.slice(3), 'hex');
  const contenders = {
    edgeward: () => wh.verify(payload, header, { now }),
    'node:crypto': () => {
      const mac = createHmac('sha256', SECRET).update(prefix).update(payload).digest();
      if (!timingSafeEqual(mac, expected)) throw new Error('mismatch');
    },
  };
  if (baseWh) contenders.base = () => baseWh.verify(payload, header, { now });
  rows.push({ kind, size, ...(await race(contenders)) });
}
console.log(`node ${process.version}; µs per verify of a string body, best of ${ROUNDS} turns of ${TURN_MS} ms; ratio = node:crypto ÷ edgeward`);
console.log(`text    payload  | edgeward   node:crypto | ratio${base ? ' | base     base÷new' : ''}`);
for (const r of rows) {
  const label = r.size >= 1 << 20 ? '1 MiB' : `${r.size / 1024} KiB`;
  let line = `${r.kind.padEnd(7)} ${label.padEnd(8)} | ${r.edgeward.toFixed(2).padStart(8)} ${r['node:crypto'].toFixed(2).padStart(10)}  | ${(r['node:crypto'] / r.edgeward).toFixed(2)}x`;
  if (base) line += ` | ${r.base.toFixed(2).padStart(8)} ${(r.base / r.edgeward).toFixed(2)}x`;
  console.log(line);
}
