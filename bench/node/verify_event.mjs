// verifyEvent against what it replaces, on a 4 KiB Stripe-style delivery: `verify` then
// `JSON.parse` (what users wrote by hand), `verify` alone, and `verifyEvent`. Runs against
// whichever build EDGEWARD_BACKEND selects; contenders in turn, the median of 7 rounds.
//   EDGEWARD_BACKEND=native node bench/node/verify_event.mjs
import { backend, Webhook } from '../../bindings-node/lib/entries/node.js';

const secret = 'whsec_bench_0123456789abcdef0123';
const webhook = new Webhook(secret);
const now = 1_700_000_000;
const items = Array.from({ length: 40 }, (_, i) => ({ id: `ii_${i}`, amount: 1000 + i, currency: 'usd', description: `line item ${i}` }));
let body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'invoice.paid', data: { object: { id: 'in_1', lines: items } } });
body = body.slice(0, -1) + `,"pad":"${'x'.repeat(Math.max(0, 4096 - body.length - 10))}"}`;
const bytes = new TextEncoder().encode(body);
const header = webhook.sign(body, { timestamp: now });
const options = { now };

const contenders = {
  'verify': () => webhook.verify(bytes, header, options),
  'verify + JSON.parse': () => {
    webhook.verify(bytes, header, options);
    return JSON.parse(new TextDecoder().decode(bytes));
  },
  'verifyEvent': () => webhook.verifyEvent(bytes, header, options),
};

const N = 20_000;
const rounds = {};
for (let round = 0; round < 7; round++) {
  for (const [name, run] of Object.entries(contenders)) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < N; i++) run();
    (rounds[name] ??= []).push(Number(process.hrtime.bigint() - start) / N / 1000);
  }
}
console.log(`${backend}, ${bytes.length}-byte delivery, µs per call (median of 7 rounds of ${N}):`);
for (const [name, times] of Object.entries(rounds)) {
  times.sort((a, b) => a - b);
  console.log(`  ${name.padEnd(22)} ${times[3].toFixed(2)}`);
}
