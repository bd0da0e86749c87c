// `redact(object)` on one realistic ~1 KB API log record (issue #12): nested request
// headers with a bearer token, a user object, a long description holding a card number,
// mostly benign strings. Against the text round trip
// `JSON.parse(redactJson(JSON.stringify(record)))` (target: redact(object) at least as fast)
// and, for scale, JSON.stringify + JSON.parse alone. Native addon and WASM, same run.
// Run: node bench/node/redact_record.mjs   (after `npm run build` in bindings-node)
//      BASE=/path/to/other/checkout …: also that build's redact(object), in the same race.
import { createApi } from '../../bindings-node/lib/api.js';
import { loadNative, loadWasm } from '../../bindings-node/lib/backends.js';
import { race, ROUNDS, TURN_MS } from './race.mjs';

export const RECORD = {
  level: 30,
  time: 1765000000123,
  pid: 4242,
  hostname: 'api-7f9c6d5b8-x2k4q',
  reqId: 'req-3f2a9c1e-5b7d-4e0a-9c3b-1d2e3f4a5b6c',
  req: {
    method: 'POST',
    url: '/v1/orders?expand=items&limit=20',
    remoteAddress: '203.0.113.42',
    remotePort: 51234,
    headers: {
      host: 'api.example.com',
      'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      accept: 'application/json',
      'accept-language': 'en-GB,en;q=0.9',
      'content-type': 'application/json',
      'content-length': '512',
      authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c3JfODgyMSJ9.c2lnbmF0dXJlLXBsYWNlaG9sZGVy',
      'x-request-id': '3f2a9c1e-5b7d-4e0a-9c3b-1d2e3f4a5b6c',
    },
  },
  user: { id: 'usr_8821', email: 'ada@example.com', name: 'Ada Lovelace', plan: 'business', roles: ['admin', 'billing'] },
  order: { id: 'ord_5521', items: 3, total: 129.5, currency: 'EUR', coupon: null, gift: false },
  description:
    'Customer called support about a failed renewal of the annual business plan; they asked us to retry with the card ' +
    '4242 4242 4242 4242 on file and to send the invoice to the billing contact. Agent confirmed the address, ' +
    'updated the shipping notes and scheduled a follow-up for next Tuesday morning.',
  res: { statusCode: 201, responseTime: 42.7 },
  msg: 'request completed',
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const native = new (createApi(loadNative()).Redactor)();
  const wasm = new (createApi(loadWasm()).Redactor)();
  let base;
  if (process.env.BASE) {
    const api = await import(`${process.env.BASE}/bindings-node/lib/api.js`);
    const backends = await import(`${process.env.BASE}/bindings-node/lib/backends.js`);
    base = new (api.createApi(backends.loadNative()).Redactor)();
  }
  const sink = new Array(256);
  let kept = 0;
  const keep = (x) => {
    sink[kept++ & 255] = x;
  };
  const contenders = {
    'native redact(object)': () => keep(native.redact(RECORD)),
    'native JSON.parse(redactJson(JSON.stringify))': () => keep(JSON.parse(native.redactJson(JSON.stringify(RECORD)))),
    'wasm redact(object)': () => keep(wasm.redact(RECORD)),
    'wasm JSON.parse(redactJson(JSON.stringify))': () => keep(JSON.parse(wasm.redactJson(JSON.stringify(RECORD)))),
    'JSON.parse(JSON.stringify) alone': () => keep(JSON.parse(JSON.stringify(RECORD))),
  };
  if (base) contenders['base native redact(object)'] = () => keep(base.redact(RECORD));
  const times = await race(contenders);
  console.log(`node ${process.version}; one ${JSON.stringify(RECORD).length}-byte record; µs per call, best of ${ROUNDS} turns of ${TURN_MS} ms`);
  for (const [name, us] of Object.entries(times)) console.log(`  ${name.padEnd(48)} ${us.toFixed(2).padStart(7)} µs`);
  const ratio = (a, b) => (times[b] / times[a]).toFixed(2);
  console.log(`native: text round trip ÷ redact(object) = ${ratio('native redact(object)', 'native JSON.parse(redactJson(JSON.stringify))')}x (target ≥ 1.00)`);
  console.log(`wasm:   text round trip ÷ redact(object) = ${ratio('wasm redact(object)', 'wasm JSON.parse(redactJson(JSON.stringify))')}x`);
  if (base) console.log(`native: base ÷ new redact(object) = ${ratio('native redact(object)', 'base native redact(object)')}x`);
  if (sink.length < 0) console.log(sink);
}
