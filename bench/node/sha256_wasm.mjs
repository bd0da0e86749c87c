// SHA-256 in WebAssembly (issue #12): edgeward's WASM HMAC-SHA256 against hash-wasm's
// hand-tuned one (npm `hash-wasm`, C compiled with clang), side by side, same payloads, same
// run, both in Node's V8 (workerd runs the same engine). edgeward is measured through
// `verify` of the `github` scheme, whose signed content is the payload alone: one HMAC plus
// a constant-time compare of 32 bytes and the header's hex decoding, i.e. what a Worker pays.
// Run: node bench/node/sha256_wasm.mjs   (after `npm run build` and `npm install` in bindings-node)
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { createApi } from '../../bindings-node/lib/api.js';
import { loadWasm } from '../../bindings-node/lib/backends.js';
import { race, ROUNDS, TURN_MS } from './race.mjs';

const require = createRequire(new URL('../../bindings-node/package.json', import.meta.url));
const { createHMAC, createSHA256 } = require('hash-wasm');

const SIZES = [4096, 65536, 1 << 20];
const SECRET = 'bench-github-secret-0123456789abcdef';
const wasm = createApi(loadWasm());
const hmac = await createHMAC(createSHA256(), SECRET);

const rows = [];
for (const size of SIZES) {
  const payload = randomBytes(size);
  const wh = new wasm.Webhook(SECRET, { scheme: 'github' });
  const header = wh.sign(payload);
  rows.push({
    size,
    ...(await race({
      edgeward: () => wh.verify(payload, header),
      'hash-wasm': () => {
        hmac.init();
        hmac.update(payload);
        return hmac.digest('binary');
      },
    })),
  });
}
console.log(`node ${process.version}; µs per HMAC-SHA256, best of ${ROUNDS} turns of ${TURN_MS} ms; ratio = hash-wasm ÷ edgeward (≥ 1: edgeward at least as fast)\n`);
console.log('payload  | edgeward (MB/s)      hash-wasm (MB/s)    | ratio');
for (const r of rows) {
  const mbps = (us) => (r.size / us).toFixed(0).padStart(5);
  const label = r.size >= 1 << 20 ? '1 MiB' : `${r.size / 1024} KiB`;
  console.log(
    `${label.padEnd(8)} | ${r.edgeward.toFixed(1).padStart(8)} µs (${mbps(r.edgeward)})  ${r['hash-wasm'].toFixed(1).padStart(8)} µs (${mbps(r['hash-wasm'])}) | ${(r['hash-wasm'] / r.edgeward).toFixed(2)}x`,
  );
}
