// The cost of a failed verification (error creation, translation to the family's class and
// the structured fields), next to a successful one, on both backends.
// Run: node bench/node/errors.mjs   (after `npm run build` in bindings-node)
import { createApi } from '../../bindings-node/lib/api.js';
import { loadNative, loadWasm } from '../../bindings-node/lib/backends.js';
import { race, ROUNDS, TURN_MS } from './race.mjs';

const SECRET = 'whsec_bench_5a7d3f0c1b2e4d6f8a9c0b1d2e3f4a5b';
const payload = Buffer.from('{"id":"evt_1","type":"payment_intent.succeeded","data":{"object":{"amount":2000}}}');

const rows = [];
for (const [name, api] of [['native', createApi(loadNative())], ['wasm', createApi(loadWasm())]]) {
  const webhook = new api.Webhook(SECRET);
  const now = Math.floor(Date.now() / 1000);
  const header = webhook.sign(payload, { timestamp: now });
  const forged = header.replace(/v1=[0-9a-f]{4}/, 'v1=0000');
  const failing = (h, at) => () => {
    try {
      webhook.verify(payload, h, { now: at });
    } catch (error) {
      return error.code;
    }
    throw new Error('verified');
  };
  rows.push({
    name,
    ...(await race({
      ok: () => webhook.verify(payload, header, { now }),
      mismatch: failing(forged, now),
      stale: failing(header, now + 3600),
      missing: failing(undefined, now),
    })),
  });
}

const fmt = (us) => us.toFixed(2).padStart(9);
console.log(`µs per call, best of ${ROUNDS} turns of ${TURN_MS} ms each (${payload.length}-byte payload)\n`);
console.log('backend |       ok  mismatch     stale   missing');
for (const r of rows) console.log(`${r.name.padEnd(7)} |${fmt(r.ok)} ${fmt(r.mismatch)} ${fmt(r.stale)} ${fmt(r.missing)}`);
