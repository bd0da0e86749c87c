// Key hygiene over a backend (native addon or WASM): classification, environment checks, key
// rings from the environment, fingerprints and masks. Every verdict is the Rust core's.
import { binaryBytes, describe } from './convert.js';
import { text } from './oauth.js';

const encoder = new TextEncoder();

/** `classifyKey`, `assertKeyForEnvironment`, `KeyRing`, `fingerprint`, `mask` over `backend`. */
export function createKeysApi(backend, fail) {
  // The lean WASM build (webhooks and redaction) has no credential helpers.
  if (backend.classifyKey === undefined) return {};

  function call(work) {
    try {
      return work();
    } catch (error) {
      throw fail(error);
    }
  }

  const shape = ([provider, kind, mode]) => ({ provider, kind, mode });

  /** `{ provider, kind, mode }` of a key; an unknown key is `unknown`, never an error. */
  function classifyKey(key) {
    return shape(backend.classifyKey(text(key, 'key')));
  }

  /** Refuses (KEY_WRONG_ENVIRONMENT) a live key outside production and a test key in production. */
  function assertKeyForEnvironment(key, environment) {
    return shape(call(() => backend.assertKeyForEnvironment(text(key, 'key'), text(environment, 'environment'))));
  }

  /** A short, stable, keyed id of `key` for logs (`pepper`: at least 16 bytes, string or bytes). */
  function fingerprint(key, pepper) {
    const bytes = typeof pepper === 'string' ? encoder.encode(pepper) : binaryBytes(pepper);
    if (bytes === undefined || typeof bytes === 'symbol') throw new TypeError(`pepper must be a string or bytes, got ${describe(pepper)}`);
    return call(() => backend.fingerprint(text(key, 'key'), bytes));
  }

  /** `key` as the redactor's mask mode writes it. */
  function mask(key) {
    return backend.maskKey(text(key, 'key'));
  }

  /**
   * The guide's new/old keys: an array of the set values of `names`, in order (new first), so
   * it goes wherever edgeward takes several secrets (`new Webhook(ring)`, `new OAuthState(ring)`).
   */
  class KeyRing extends Array {
    static get [Symbol.species]() {
      return Array;
    }

    /** From environment variables: `env` is a Worker's `env` or, in Node, `process.env` by default. */
    static fromEnv(names, env = globalThis.process?.env) {
      if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
        throw new TypeError(`names must be an array of strings, got ${describe(names)}`);
      }
      if (env === null || typeof env !== 'object') throw new TypeError('env must be an object of environment variables');
      const values = names.map((name) => (typeof env[name] === 'string' ? env[name] : undefined));
      const keys = call(() => backend.keyRing(names, values));
      const ring = new KeyRing();
      ring.push(...keys);
      return Object.freeze(ring);
    }

    /** The key that signs or seals. */
    get current() {
      return this[0];
    }
  }

  return { classifyKey, assertKeyForEnvironment, fingerprint, mask, KeyRing };
}
