// Network guards, side by side, same run: `IpAllowlist.allows` on 1,000 ranges (native addon
// and WASM) against proxy-addr's compiled trust function on 100 ranges, and `clientIp` on a
// 5-hop X-Forwarded-For chain against `proxyaddr(req, trust)`.
// Run: node bench/node/net.mjs   (after `npm run build` and `npm install` in bindings-node)
// Targets (issue 14): allows ≥ 5× proxy-addr (native); clientIp ≥ 1× proxy-addr.
import { createRequire } from 'node:module';
import { createApi } from '../../bindings-node/lib/api.js';
import { loadNative, loadWasm } from '../../bindings-node/lib/backends.js';
import { race } from './race.mjs';

const require = createRequire(new URL('../../bindings-node/package.json', import.meta.url));
const proxyaddr = require('proxy-addr');
const proxyAddrVersion = require('proxy-addr/package.json').version;

const native = createApi(loadNative());
const wasm = createApi(loadWasm());

// Deterministic ranges: a mix of IPv4 (/8-/32) and IPv6 (/16-/128), as provider lists are.
let seed = 14;
const rand = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const v4 = () => [rand(224) + 1, rand(256), rand(256), rand(256)].join('.');
const v6 = () => `2${rand(0x1000).toString(16).padStart(3, '0')}:${rand(0x10000).toString(16)}:${rand(0x10000).toString(16)}::${rand(0x10000).toString(16)}`;
function ranges(count) {
  const out = [];
  for (let i = 0; i < count; i++) {
    if (rand(4) === 0) out.push(`${v6()}/128`);
    else out.push(`${v4()}/32`);
  }
  return out;
}
const thousand = ranges(1000);
const hundred = thousand.slice(0, 100);
// Probes: a quarter are listed addresses (hits), the rest random (misses), IPv4 and IPv6.
const probes = Array.from({ length: 1024 }, (_, i) => (i % 4 === 0 ? thousand[rand(1000)].split('/')[0] : rand(4) === 0 ? v6() : v4()));

const nativeList = new native.IpAllowlist(thousand);
const wasmList = new wasm.IpAllowlist(thousand);
const trust = proxyaddr.compile(hundred);

let i = 0;
let hits = 0;
const allows = await race({
  [`edgeward native allows, 1,000 ranges`]: () => { hits += nativeList.allows(probes[i++ & 1023]) ? 1 : 0; },
  [`edgeward wasm allows, 1,000 ranges`]: () => { hits += wasmList.allows(probes[i++ & 1023]) ? 1 : 0; },
  [`proxy-addr ${proxyAddrVersion} trust(), 100 ranges`]: () => { hits += trust(probes[i++ & 1023], 0) ? 1 : 0; },
});

// clientIp: peer 10.0.0.1, X-Forwarded-For with 5 entries, 4 of them trusted proxies.
const req = {
  socket: { remoteAddress: '10.0.0.1' },
  connection: { remoteAddress: '10.0.0.1' },
  headers: {
    host: 'api.example.com',
    'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
    'content-type': 'application/json; charset=utf-8',
    'x-forwarded-for': '203.0.113.9, 10.0.0.5, 10.0.0.4, 10.0.0.3, 10.0.0.2',
    'x-forwarded-proto': 'https',
  },
};
const proxyTrust = proxyaddr.compile(['loopback', 'uniquelocal']);
const nativeTrusted = new native.IpAllowlist(['loopback', 'private']);
const wasmTrusted = new wasm.IpAllowlist(['loopback', 'private']);
const answers = new Set();
const chain = await race({
  'edgeward native clientIp, 5 hops': () => answers.add(native.clientIp({ peer: req.socket.remoteAddress, headers: req.headers, trustedProxies: nativeTrusted }).ip),
  'edgeward wasm clientIp, 5 hops': () => answers.add(wasm.clientIp({ peer: req.socket.remoteAddress, headers: req.headers, trustedProxies: wasmTrusted }).ip),
  [`proxy-addr ${proxyAddrVersion} proxyaddr(req, trust), 5 hops`]: () => answers.add(proxyaddr(req, proxyTrust)),
});
if (answers.size !== 1 || !answers.has('203.0.113.9')) throw new Error(`answers differ: ${[...answers]}`);

const table = (best) => {
  for (const [name, us] of Object.entries(best)) console.log(`${name.padEnd(52)} ${(us * 1000).toFixed(0).padStart(6)} ns/call`);
};
console.log(`node ${process.version}, ${hits > 0 ? 'hits seen' : 'no hits'}`);
table(allows);
const [nativeAllows, wasmAllows, proxyAllows] = Object.values(allows);
console.log(`ratio allows: native ${(proxyAllows / nativeAllows).toFixed(1)}x, wasm ${(proxyAllows / wasmAllows).toFixed(1)}x proxy-addr (target native >= 5x)`);
table(chain);
const [nativeChain, wasmChain, proxyChain] = Object.values(chain);
console.log(`ratio clientIp: native ${(proxyChain / nativeChain).toFixed(2)}x, wasm ${(proxyChain / wasmChain).toFixed(2)}x proxy-addr (target >= 1x)`);
