// Workers-style verification on the WASM backend (issue #12): `verifyAsync` against its two
// peers, same payloads, same run: synchronous WASM verification awaited as a promise, and
// WebCrypto awaited, doing what a hand-written Worker does (build `t.payload`, HMAC it,
// compare). Then the crossover table: `verifyAsync` forced to hash in WASM and forced to use
// WebCrypto at each size, which `WEBCRYPTO_FROM_BYTES` in lib/webhook.js is chosen from.
// Run: node bench/node/webhook_async.mjs   (after `npm run build` in bindings-node)
//      BASE=/path/to/other/checkout node bench/node/webhook_async.mjs: also the `verifyAsync` of
//      another build (e.g. the code before this change), in the same race.
import { randomBytes, timingSafeEqual, webcrypto } from 'node:crypto';
import { createApi } from '../../bindings-node/lib/api.js';
import { loadWasm } from '../../bindings-node/lib/backends.js';
import { race, ROUNDS, TURN_MS } from './race.mjs';

const SIZES = [256, 1024, 4096, 16384, 32768, 65536, 131072, 1 << 20];
const SECRET = 'whsec_bench_5a7d3f0c1b2e4d6f8a9c0b1d2e3f4a5b';
const wasm = createApi(loadWasm());
const THRESHOLD = Symbol.for('edgeward.webhook.webCryptoFromBytes');
const defaultThreshold = wasm.Webhook[THRESHOLD];
let base;
if (process.env.BASE) {
  const api = await import(`${process.env.BASE}/bindings-node/lib/api.js`);
  const backends = await import(`${process.env.BASE}/bindings-node/lib/backends.js`);
  base = api.createApi(backends.loadWasm());
}
const encoder = new TextEncoder();

const rows = [];
for (const size of SIZES) {
  const payload = Buffer.from(randomBytes(size).toString('base64').slice(0, size));
  const wh = new wasm.Webhook(SECRET);
  const baseWh = base && new base.Webhook(SECRET);
  const header = wh.sign(payload);
  const now = Math.floor(Date.now() / 1000);
  const key = await webcrypto.subtle.importKey('raw', encoder.encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const contenders = {
    verifyAsync: () => wh.verifyAsync(payload, header, { now }),
    'sync wasm awaited': async () => wh.verify(payload, header, { now }),
    'webcrypto awaited': async () => {
      const [t, v] = header.split(',');
      const timestamp = t.slice(2);
      const prefix = encoder.encode(`${timestamp}.`);
      const signed = new Uint8Array(prefix.length + payload.length);
      signed.set(prefix);
      signed.set(payload, prefix.length);
      const mac = new Uint8Array(await webcrypto.subtle.sign('HMAC', key, signed));
      if (!timingSafeEqual(mac, Buffer.from(v.slice(3), 'hex'))) throw new Error('mismatch');
      if (Math.abs(now - Number(timestamp)) > 300) throw new Error('too old');
    },
    'forced wasm': async () => {
      wasm.Webhook[THRESHOLD] = Infinity;
      const p = wh.verifyAsync(payload, header, { now });
      wasm.Webhook[THRESHOLD] = defaultThreshold;
      return p;
    },
    'forced webcrypto': () => {
      wasm.Webhook[THRESHOLD] = 0;
      const p = wh.verifyAsync(payload, header, { now });
      wasm.Webhook[THRESHOLD] = defaultThreshold;
      return p;
    },
  };
  if (baseWh) contenders['base verifyAsync'] = () => baseWh.verifyAsync(payload, header, { now });
  rows.push({ size, ...(await race(contenders)) });
}

const fmt = (us) => (us < 10 ? us.toFixed(2) : us < 1000 ? us.toFixed(1) : us.toFixed(0)).padStart(9);
const label = (size) => (size >= 1 << 20 ? '1 MiB' : size >= 1024 ? `${size / 1024} KiB` : `${size} B`);
console.log(`node ${process.version}; WASM backend; µs per verification, best of ${ROUNDS} turns of ${TURN_MS} ms, contenders in turn`);
console.log(`verifyAsync uses WebCrypto from ${defaultThreshold} bytes; cost = verifyAsync ÷ the faster peer (target ≤ 1.10)\n`);
console.log(`payload  | verifyAsync  sync-wasm webcrypto |   cost | forced-wasm forced-webcrypto${base ? ' | base-verifyAsync  base÷new' : ''}`);
for (const r of rows) {
  const peer = Math.min(r['sync wasm awaited'], r['webcrypto awaited']);
  let line =
    `${label(r.size).padEnd(8)} |${fmt(r.verifyAsync)}  ${fmt(r['sync wasm awaited'])} ${fmt(r['webcrypto awaited'])} |` +
    ` ${(r.verifyAsync / peer).toFixed(2)}x |  ${fmt(r['forced wasm'])}  ${fmt(r['forced webcrypto'])}`;
  if (base) line += `      | ${fmt(r['base verifyAsync'])}  ${(r['base verifyAsync'] / r.verifyAsync).toFixed(2)}x`;
  console.log(line);
}
