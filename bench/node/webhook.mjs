// Webhook verification speed, side by side, same payloads, same run:
// edgeward (native addon and WASM) against the official `stripe` SDK, bare node:crypto HMAC
// (the floor) and WebCrypto (what edge code awaits today).
// Run: node bench/node/webhook.mjs   (after `npm run build` in bindings-node)
import { createHmac, randomBytes, timingSafeEqual, webcrypto } from 'node:crypto';
import Stripe from '../../bindings-node/node_modules/stripe/esm/stripe.esm.node.js';
import { createApi } from '../../bindings-node/lib/api.js';
import { loadNative, loadWasm } from '../../bindings-node/lib/backends.js';
import { race, ROUNDS, TURN_MS } from './race.mjs';

const SIZES = [256, 4096, 65536, 1 << 20];
const SECRET = 'whsec_bench_5a7d3f0c1b2e4d6f8a9c0b1d2e3f4a5b';
const native = createApi(loadNative());
const wasm = createApi(loadWasm());
const stripe = new Stripe('sk_test_bench');

const rows = [];
for (const size of SIZES) {
  // ASCII payloads: Stripe's SDK decodes Buffers as UTF-8, so all peers hash the same bytes.
  const payload = Buffer.from(randomBytes(size).toString('base64').slice(0, size));
  const ours = new native.Webhook(SECRET);
  const oursWasm = new wasm.Webhook(SECRET);
  const header = ours.sign(payload);
  const now = Math.floor(Date.now() / 1000);
  const [tPart, vPart] = header.split(',');
  const timestamp = tPart.slice(2);
  const expected = Buffer.from(vPart.slice(3), 'hex');
  const prefix = Buffer.from(`${timestamp}.`);

  const key = await webcrypto.subtle.importKey('raw', Buffer.from(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const signed = Buffer.concat([prefix, payload]);

  const r = {
    size,
    ...(await race({
      native: () => ours.verify(payload, header, { now }),
      wasm: () => oursWasm.verify(payload, header, { now }),
      stripe: () => stripe.webhooks.signature.verifyHeader(payload, header, SECRET, 300),
      crypto: () => {
        const mac = createHmac('sha256', SECRET).update(prefix).update(payload).digest();
        if (!timingSafeEqual(mac, expected)) throw new Error('mismatch');
      },
      webcrypto: async () => {
        if (!(await webcrypto.subtle.verify('HMAC', key, expected, signed))) throw new Error('mismatch');
      },
    })),
  };
  rows.push(r);
}

const fmt = (us) => (us < 10 ? us.toFixed(2) : us < 1000 ? us.toFixed(1) : us.toFixed(0)).padStart(8);
const ratio = (x) => `${x.toFixed(2)}x`.padStart(7);
console.log(`µs per verify, best of ${ROUNDS} turns of ${TURN_MS} ms each, contenders in turn; ratio = peer time / edgeward time (higher is better for edgeward)\n`);
console.log('payload  | native   wasm     stripe   crypto   webcrypto | native/stripe  native/crypto  wasm/webcrypto  wasm/stripe');
for (const r of rows) {
  const label = r.size >= 1 << 20 ? '1 MiB' : r.size >= 1024 ? `${r.size / 1024} KiB` : `${r.size} B`;
  console.log(
    `${label.padEnd(8)} |${fmt(r.native)} ${fmt(r.wasm)} ${fmt(r.stripe)} ${fmt(r.crypto)} ${fmt(r.webcrypto)}  |` +
      `${ratio(r.stripe / r.native).padStart(14)} ${ratio(r.crypto / r.native).padStart(14)} ${ratio(r.webcrypto / r.wasm).padStart(15)} ${ratio(r.stripe / r.wasm).padStart(12)}`,
  );
}
