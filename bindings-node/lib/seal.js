// Sealed tokens (AES-256-GCM) and Fernet over a backend (native addon or WASM). Every verdict
// is the Rust core's; this module converts JS values.
import { binaryBytes, describe, DETACHED } from './convert.js';
import { nowSeconds, text } from './oauth.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** `value` (a string, or bytes in any binary form) as a Uint8Array. */
function bytes(value, name) {
  if (typeof value === 'string') {
    if (!value.isWellFormed()) throw new TypeError(`${name} holds an unpaired UTF-16 surrogate, which has no UTF-8 form`);
    return encoder.encode(value);
  }
  const view = binaryBytes(value);
  if (view === undefined || view === DETACHED) {
    throw new TypeError(`${name} must be a string or bytes (Uint8Array, ArrayBuffer), got ${view === DETACHED ? 'a detached buffer' : describe(value)}`);
  }
  return view;
}

const optionalBytes = (value, name) => (value === undefined || value === null ? undefined : bytes(value, name));

/** `Sealer` and `Fernet` over `backend`; `fail` maps backend errors. */
export function createSealApi(backend, fail) {
  const InnerSealer = backend.Sealer;
  const InnerFernet = backend.Fernet;
  // The lean WASM build (webhooks and redaction) has no credential helpers.
  if (InnerSealer === undefined) return {};

  function call(work) {
    try {
      return work();
    } catch (error) {
      throw fail(error);
    }
  }

  /** UTF-8 text of opened bytes; bytes that are not UTF-8 were not sealed as text. */
  function textOf(opened) {
    try {
      return decoder.decode(opened);
    } catch {
      throw new TypeError('the opened plaintext is not UTF-8 text: use open() for bytes');
    }
  }

  /**
   * Seals data for storage with AES-256-GCM: `[{ id, key }]` with each key base64url of 32
   * random bytes; the first key seals, every key opens.
   */
  class Sealer {
    #inner;

    constructor(keys) {
      if (!Array.isArray(keys)) throw new TypeError(`keys must be an array of { id, key }, got ${describe(keys)}`);
      const ids = [];
      const secrets = [];
      for (const entry of keys) {
        if (entry === null || typeof entry !== 'object') throw new TypeError('keys must be an array of { id, key }');
        ids.push(text(entry.id, 'a key id'));
        secrets.push(text(entry.key, 'a key'));
      }
      this.#inner = call(() => new InnerSealer(ids, secrets));
    }

    /** The id of the key that seals. */
    get keyId() {
      return this.#inner.keyId;
    }

    /** A URL-safe token of `plaintext` (a string or bytes), bound to `aad` if given. */
    seal(plaintext, { aad, now } = {}) {
      return call(() => this.#inner.seal(bytes(plaintext, 'plaintext'), optionalBytes(aad, 'aad'), nowSeconds(now)));
    }

    /** The bytes sealed in `token`; refuses one older than `maxAgeSeconds`. */
    open(token, { aad, maxAgeSeconds, now } = {}) {
      return call(() => this.#inner.open(text(token, 'token'), optionalBytes(aad, 'aad'), maxAgeSeconds, nowSeconds(now)));
    }

    /** The text sealed in `token`. */
    openText(token, options) {
      return textOf(this.open(token, options));
    }
  }

  /** Fernet tokens, compatible with Python's `cryptography.fernet` in both directions. */
  class Fernet {
    #inner;

    constructor(key) {
      this.#inner = call(() => new InnerFernet(text(key, 'key')));
    }

    /** A new random key (base64url of 32 bytes, as `Fernet.generate_key()`). */
    static generateKey() {
      return call(() => InnerFernet.generateKey());
    }

    /** A Fernet token of `data` (a string or bytes). */
    encrypt(data, { now } = {}) {
      return call(() => this.#inner.encrypt(bytes(data, 'data'), nowSeconds(now)));
    }

    /** The bytes in `token`; refuses one older than `ttlSeconds`. */
    decrypt(token, { ttlSeconds, now } = {}) {
      return call(() => this.#inner.decrypt(text(token, 'token'), ttlSeconds, nowSeconds(now)));
    }

    /** The text in `token`. */
    decryptText(token, options) {
      return textOf(this.decrypt(token, options));
    }
  }

  return { Sealer, Fernet };
}
