// The network guards (IpAllowlist, clientIp) against the shared vectors, in every header
// shape, and differentially against proxy-addr and ipaddr.js. Runs against whichever build
// EDGEWARD_BACKEND selects (native or wasm); the CI runs it once for each.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRequire } from 'node:module';
import * as edgeward from 'edgeward';
import { loadVectors } from './vectors.mjs';

const require = createRequire(import.meta.url);
const proxyaddr = require('proxy-addr');
const ipaddr = require('ipaddr.js');

const { IpAllowlist, clientIp, NetworkError, EdgewardError, errorCodes } = edgeward;

test(`loads the ${process.env.EDGEWARD_BACKEND ?? 'default'} build`, () => {
  assert.equal(edgeward.backend, process.env.EDGEWARD_BACKEND ?? 'native');
});

function assertCode(fn, code) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof NetworkError, `${error}`);
    assert.ok(error instanceof EdgewardError);
    assert.equal(error.code, code, error.message);
    return true;
  });
}

test('error codes are listed', () => {
  for (const code of ['NETWORK_INVALID_IP', 'NETWORK_INVALID_CIDR', 'NETWORK_INVALID_OPTIONS']) assert.ok(errorCodes.includes(code), code);
});

test('net_ip.json: addresses', () => {
  const everything = new IpAllowlist(['0.0.0.0/0', '::/0']);
  const { addresses } = loadVectors('net_ip.json');
  for (const c of addresses) {
    if (c.error) {
      assertCode(() => everything.allows(c.input), c.error);
      assertCode(() => clientIp({ peer: c.input }), c.error);
    } else {
      assert.equal(everything.allows(c.input), true, c.input);
      assert.equal(clientIp({ peer: c.input }).ip, c.ip, c.input);
    }
  }
});

test('net_ip.json: ranges', () => {
  const { ranges } = loadVectors('net_ip.json');
  for (const c of ranges) {
    const make = () => new IpAllowlist([c.input], { allowHostBits: c.allowHostBits === true });
    if (c.error) assertCode(make, c.error);
    else assert.equal(make().size, 1, c.input);
  }
});

test('net_allowlist.json', () => {
  const { cases, invalid } = loadVectors('net_allowlist.json');
  for (const c of cases) {
    const list = new IpAllowlist(c.entries, { allowHostBits: c.allowHostBits === true });
    for (const [ip, expected] of Object.entries(c.allows)) assert.equal(list.allows(ip), expected, `${c.name}: ${ip}`);
    for (const [ip, code] of Object.entries(c.errors ?? {})) assertCode(() => list.allows(ip), code);
  }
  for (const c of invalid) assertCode(() => new IpAllowlist(c.entries), c.error);
});

/** The vector's headers in every shape the API accepts. */
function shapes(headers) {
  const pairs = [];
  const fetchHeaders = new Headers();
  const map = new Map();
  const object = {};
  for (const [name, values] of Object.entries(headers)) {
    for (const value of values) {
      pairs.push([name, value]);
      fetchHeaders.append(name, value);
    }
    map.set(name, values);
    // Case variants of one name are joined too: spread the occurrences over two spellings.
    if (values.length > 1) {
      object[name] = values.slice(0, 1);
      object[name.toUpperCase()] = values.slice(1);
    } else {
      object[name] = values[0];
    }
  }
  return { object, map, pairs, fetchHeaders };
}

function run(c, headers, trustedProxies = c.trusted, explain = false) {
  return clientIp({ peer: c.peer, headers, trustedProxies, ...c.options, explain });
}

test('net_client_ip.json, every header shape, trusted as an array and as an IpAllowlist', () => {
  const { cases } = loadVectors('net_client_ip.json');
  assert.ok(cases.length > 40);
  for (const c of cases) {
    for (const [shape, headers] of Object.entries(shapes(c.headers))) {
      const label = `${c.name} (${shape})`;
      if (c.error) {
        assertCode(() => run(c, headers), c.error);
        continue;
      }
      const found = run(c, headers);
      assert.deepEqual(found, { ip: c.ip, chain: c.chain, reason: c.reason }, label);
      assert.deepEqual(run(c, headers, new IpAllowlist(c.trusted)), found, label);
      const explained = run(c, headers, c.trusted, true);
      assert.equal(typeof explained.explanation, 'string');
      if (c.ip) assert.ok(explained.explanation.includes(c.ip), explained.explanation);
    }
  }
});

/** proxy-addr's names for our presets; cases with other presets are not compared. */
const proxyAddrNames = { loopback: 'loopback', linklocal: 'linklocal', private: 'uniquelocal' };

function proxyAddrAnswer(c) {
  const trust = proxyaddr.compile(c.trusted.map((entry) => proxyAddrNames[entry] ?? entry));
  const headers = {};
  if (c.headers['x-forwarded-for']) headers['x-forwarded-for'] = c.headers['x-forwarded-for'].join(', ');
  const answer = proxyaddr({ socket: { remoteAddress: c.peer }, connection: { remoteAddress: c.peer }, headers }, trust);
  return ipaddr.process(answer).toString();
}

test('proxy-addr gives the same client on every case the vectors share with it', () => {
  const { cases } = loadVectors('net_client_ip.json');
  let compared = 0;
  for (const c of cases) {
    if (c.proxyAddr || c.error || c.trusted.includes('cloudflare')) continue;
    assert.equal(proxyAddrAnswer(c), c.ip, c.name);
    compared++;
  }
  assert.ok(compared >= 12, `${compared}`);
});

// Deterministic pseudo-random generation (mulberry32), so a failure reproduces.
function generator(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (items) => items[int(items.length)];
  return { int, pick };
}

function randomAddress(g) {
  switch (g.int(4)) {
    case 0:
      return [g.int(256), g.int(256), g.int(256), g.int(256)].join('.');
    case 1:
      return `10.0.${g.int(16)}.${g.int(256)}`; // dense, so that ranges overlap
    case 2:
      return `::ffff:${g.int(256)}.${g.int(256)}.${g.int(256)}.${g.int(256)}`;
    default: {
      const groups = Array.from({ length: 8 }, () => g.int(4) === 0 ? '0' : g.int(65536).toString(16));
      return ipaddr.parse(groups.join(':')).toString(); // compressed form
    }
  }
}

function randomRange(g) {
  const address = ipaddr.parse(randomAddress(g));
  const bits = address.kind() === 'ipv4' ? 32 : 128;
  const prefix = 1 + g.int(bits); // proxy-addr refuses /0
  return `${networkOf(address, prefix)}/${prefix}`;
}

function networkOf(address, prefix) {
  return address.kind() === 'ipv4'
    ? ipaddr.IPv4.networkAddressFromCIDR(`${address}/${prefix}`).toString()
    : ipaddr.IPv6.networkAddressFromCIDR(`${address}/${prefix}`).toString();
}

test('membership: the same answers as proxy-addr compiled trust (differential, 3000 lists)', () => {
  const g = generator(14);
  for (let round = 0; round < 3000; round++) {
    const ranges = Array.from({ length: 1 + g.int(12) }, () => randomRange(g));
    const list = new IpAllowlist(ranges);
    const oracle = proxyaddr.compile(ranges);
    for (let probe = 0; probe < 8; probe++) {
      const ip = randomAddress(g);
      assert.equal(list.allows(ip), oracle(ip, 0), `${ip} in ${ranges}`);
    }
  }
});

/** ipaddr.js's answer, narrowed to edgeward's documented strictness. */
function strictOracle(text) {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return true;
  if (!ipaddr.IPv6.isValid(text) || text.includes('%')) return false;
  if (text.includes('.')) {
    // The dotted tail must itself be strict, and `::a.b.c.d` (IPv4-compatible) is refused,
    // which ipaddr.js 2.x reads as the IPv4-mapped `::ffff:a.b.c.d`: tell them apart by
    // what precedes the tail.
    const colon = text.lastIndexOf(':');
    if (!ipaddr.IPv4.isValidFourPartDecimal(text.slice(colon + 1))) return false;
    const head = ipaddr.IPv6.parse(`${text.slice(0, colon + 1)}0:0`);
    if (head.parts.every((part) => part === 0)) return false;
  }
  return true;
}

test('parsing: accepted exactly when ipaddr.js accepts a strict form (differential, 20000 strings)', () => {
  const g = generator(7);
  const pieces = ['0', '1', '00', '01', '10', '255', '256', '0x1', 'ff', 'ffff', 'fffff', '.', ':', '::', '%', '%eth0', 'a', ' ', '1.2.3.4', '::ffff:'];
  let accepted = 0;
  for (let round = 0; round < 20000; round++) {
    const text = g.int(3) === 0 ? randomAddress(g) : Array.from({ length: 1 + g.int(8) }, () => g.pick(pieces)).join('');
    const oracle = strictOracle(text);
    let ours;
    try {
      new IpAllowlist([]).allows(text);
      ours = true;
    } catch (error) {
      assert.equal(error.code, 'NETWORK_INVALID_IP');
      ours = false;
    }
    assert.equal(ours, oracle, JSON.stringify(text));
    if (ours) {
      accepted++;
      // The same address: ours canonicalises IPv4-mapped to IPv4, as ipaddr.process does.
      assert.equal(clientIp({ peer: text }).ip, ipaddr.process(text).toString(), text);
    }
  }
  assert.ok(accepted > 5000, `${accepted}`);
});

test('argument types are refused with NetworkError', () => {
  assertCode(() => new IpAllowlist('10.0.0.0/8'), 'NETWORK_INVALID_OPTIONS');
  assertCode(() => new IpAllowlist([10]), 'NETWORK_INVALID_OPTIONS');
  assertCode(() => new IpAllowlist([], { allowHostBits: 'yes' }), 'NETWORK_INVALID_OPTIONS');
  assertCode(() => new IpAllowlist([], { maxEntries: 0 }), 'NETWORK_INVALID_OPTIONS');
  assertCode(() => new IpAllowlist(['private'], { maxEntries: 2 }), 'NETWORK_INVALID_CIDR');
  assertCode(() => new IpAllowlist([]).allows(undefined), 'NETWORK_INVALID_IP');
  assertCode(() => clientIp(), 'NETWORK_INVALID_OPTIONS');
  assertCode(() => clientIp({ headers: {} }), 'NETWORK_INVALID_IP');
  assertCode(() => clientIp({ peer: '127.0.0.1', headers: 'x' }), 'NETWORK_INVALID_OPTIONS');
  assertCode(() => clientIp({ peer: '127.0.0.1', trustedProxies: 'loopback' }), 'NETWORK_INVALID_OPTIONS');
  assertCode(() => clientIp({ peer: '127.0.0.1', headers: { 'x-forwarded-for': 5 } }), 'NETWORK_INVALID_OPTIONS');
  assertCode(() => clientIp({ peer: '127.0.0.1', headers: [['x-forwarded-for']] }), 'NETWORK_INVALID_OPTIONS');
  assertCode(() => clientIp({ peer: '127.0.0.1', maxHops: '3' }), 'NETWORK_INVALID_OPTIONS');
  assertCode(() => clientIp({ peer: '127.0.0.1', maxHops: 1.5 }), 'NETWORK_INVALID_OPTIONS');
  assertCode(() => clientIp({ peer: '127.0.0.1', header: 'x-real-ip' }), 'NETWORK_INVALID_OPTIONS');
  assertCode(() => clientIp({ peer: '127.0.0.1', explain: 1 }), 'NETWORK_INVALID_OPTIONS');
});

test('absurd header lengths: the documented cap, not the host\'s memory', () => {
  const trustedProxies = new IpAllowlist(['loopback']);
  const long = `${'198.51.100.1, '.repeat(2000)}203.0.113.9`;
  assert.deepEqual(clientIp({ peer: '127.0.0.1', headers: { 'x-forwarded-for': long }, trustedProxies }), {
    ip: null,
    chain: ['127.0.0.1'],
    reason: 'header-too-long',
  });
  // Many repeats count joined.
  const repeats = Array.from({ length: 3000 }, () => '198.51.100.1');
  assert.equal(clientIp({ peer: '127.0.0.1', headers: { 'x-forwarded-for': repeats }, trustedProxies }).reason, 'header-too-long');
  // Raised on purpose, the walk reads from the right and stops at the client.
  assert.equal(clientIp({ peer: '127.0.0.1', headers: { 'x-forwarded-for': long }, trustedProxies, maxHeaderBytes: 1 << 20 }).ip, '203.0.113.9');
});
