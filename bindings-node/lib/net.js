// Network guards over a backend: `IpAllowlist` and `clientIp`. This module reads JS values
// (the request's headers in any of the accepted shapes) and shapes results; every decision
// (parsing, membership, which hop is the client, the header rules) is made in the Rust core.
import { describe } from './convert.js';

/** The headers clientIp reads, in the order the backend takes them. */
const WANTED = ['x-forwarded-for', 'forwarded', 'cf-connecting-ip'];
const LENGTHS = new Set(WANTED.map((name) => name.length));

/** Whether every character of `text` is ASCII (HTTP field names are ASCII tokens). */
const ascii = (text) => !/[^\x00-\x7f]/.test(text); // eslint-disable-line no-control-regex

/** `IpAllowlist` and `clientIp` over `backend` (native addon or WASM); `fail` maps errors. */
export function createNetApi(backend, fail) {
  const Inner = backend.IpAllowlist;

  /** Throws the core's NETWORK_INVALID_OPTIONS error with `reason`. */
  const invalid = (reason) => backend.netOptionsError(reason);

  function checkOptions(options, example) {
    if (options !== undefined && options !== null && typeof options !== 'object') {
      invalid(`options must be an object such as ${example}, got ${describe(options)}`);
    }
  }

  function checkNumber(value, name) {
    if (value !== undefined && typeof value !== 'number') {
      invalid(`${name} must be a whole number, got ${describe(value)}`);
    }
  }

  function compile(entries, options) {
    if (!Array.isArray(entries) || !entries.every((entry) => typeof entry === 'string')) {
      backend.netEntriesError(describe(entries));
    }
    checkOptions(options, '{ allowHostBits: true }');
    const allowHostBits = options?.allowHostBits;
    if (allowHostBits !== undefined && typeof allowHostBits !== 'boolean') {
      invalid(`allowHostBits must be a boolean, got ${describe(allowHostBits)}`);
    }
    checkNumber(options?.maxEntries, 'maxEntries');
    return new Inner(entries, allowHostBits === true, options?.maxEntries ?? undefined);
  }

  let innerOf; // the backend list inside an IpAllowlist, or undefined for anything else

  /**
   * IPv4 and IPv6 ranges (CIDR, single addresses, presets `loopback`, `linklocal`, `private`,
   * `cloudflare`), parsed strictly and merged once; `allows(ip)` is a binary search.
   */
  class IpAllowlist {
    #inner;

    static {
      innerOf = (value) => (typeof value === 'object' && value !== null && #inner in value ? value.#inner : undefined);
    }

    constructor(entries, options = {}) {
      try {
        this.#inner = compile(entries, options);
      } catch (error) {
        throw fail(error);
      }
    }

    /** Whether `ip` lies in one of the ranges; throws NETWORK_INVALID_IP when it is not an address. */
    allows(ip) {
      try {
        if (typeof ip !== 'string') backend.netIpError('the address', describe(ip));
        return this.#inner.allows(ip);
      } catch (error) {
        throw fail(error);
      }
    }

    /** The number of ranges as listed (presets count their ranges). */
    get size() {
      return this.#inner.size;
    }
  }

  /**
   * Every value of the wanted headers, one element per occurrence, from a fetch `Headers` (or
   * any object with `get`), a `Map`, an array of [name, value] pairs or a plain object (names
   * in any case, values strings or arrays of strings). The core joins and limits them.
   */
  function readHeaders(headers) {
    const values = [[], [], []];
    if (headers === undefined || headers === null) return values;
    if (typeof headers !== 'object') invalid(`headers must be the request's headers, got ${describe(headers)}`);
    const named = (name, value) => {
      // Most headers are not wanted: compare lengths before lowercasing.
      if (typeof name !== 'string' || !LENGTHS.has(name.length)) return;
      const lower = name.toLowerCase();
      const index = WANTED.indexOf(lower);
      // ASCII only: Unicode case folding would let `K` (Kelvin sign) stand for `k`.
      if (index !== -1 && (lower === name || ascii(name))) add(index, value);
    };
    const add = (index, value) => {
      if (value === undefined || value === null) return;
      if (typeof value === 'string') {
        values[index].push(value);
      } else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
        values[index].push(...value);
      } else {
        invalid(`the value of the \`${WANTED[index]}\` header must be a string or an array of strings, got ${describe(value)}`);
      }
    };
    if (headers instanceof Map) {
      for (const [name, value] of headers) named(name, value);
    } else if (typeof headers.get === 'function') {
      for (let i = 0; i < WANTED.length; i++) add(i, headers.get(WANTED[i]));
    } else if (Array.isArray(headers)) {
      for (const pair of headers) {
        if (!Array.isArray(pair) || pair.length !== 2) {
          invalid(`an array of headers must hold [name, value] pairs, got an element of type ${describe(pair)}`);
        }
        named(pair[0], pair[1]);
      }
    } else {
      for (const name of Object.keys(headers)) named(name, headers[name]);
    }
    return values;
  }

  /**
   * The client's address behind `trustedProxies` (an IpAllowlist, or an array of ranges
   * compiled for this call): `{ ip, chain, reason }`, `ip` null when it cannot be known, plus
   * `explanation` (one line per step) when `explain` is true.
   */
  function clientIp(request) {
    try {
      if (typeof request !== 'object' || request === null) {
        invalid(`clientIp takes an object such as { peer, headers, trustedProxies }, got ${describe(request)}`);
      }
      const { peer, headers, trustedProxies, header, maxHops, maxHeaderBytes, explain } = request;
      if (typeof peer !== 'string') backend.netIpError('peer (the socket\'s remote address)', describe(peer));
      if (header !== undefined && typeof header !== 'string') invalid(`header must be "x-forwarded-for" or "forwarded", got ${describe(header)}`);
      checkNumber(maxHops, 'maxHops');
      checkNumber(maxHeaderBytes, 'maxHeaderBytes');
      if (explain !== undefined && typeof explain !== 'boolean') invalid(`explain must be a boolean, got ${describe(explain)}`);
      const trusted = innerOf(trustedProxies) ?? compile(trustedProxies ?? [], undefined);
      const [forwardedFor, forwarded, cfConnectingIp] = readHeaders(headers);
      const flat = trusted.clientIp(peer, forwardedFor, forwarded, cfConnectingIp, header, maxHops, maxHeaderBytes, explain === true);
      const result = { ip: flat[1] === '' ? null : flat[1], chain: flat.slice(3), reason: flat[0] };
      if (explain === true) result.explanation = flat[2];
      return result;
    } catch (error) {
      throw fail(error);
    }
  }

  return { IpAllowlist, clientIp };
}
