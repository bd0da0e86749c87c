// The webhook API over a backend: reads the request's headers and converts JS values; every
// decision about webhooks (schemes, signatures, timestamps, replay keys) is made in the Rust
// core. The scheme is the receiver's choice, never guessed from the request.
import { binaryBytes, describe, DETACHED, DETACHED_NAME, restoreBigInts, seconds } from './convert.js';

/**
 * `verifyAsync` hashes payloads of at least this many bytes with WebCrypto when the backend
 * is WASM: WebCrypto's HMAC-SHA256 runs on the CPU's SHA instructions, which WASM cannot
 * reach, but each call costs a fixed overhead. Node's WebCrypto hops to its thread pool:
 * at 4 KiB it costs 36 µs against WASM's 17 µs at best, and 85–105 µs of CPU against 21–35 µs
 * in a steady loop; the two cross between 4 and 16 KiB, and WebCrypto wins 1.6× at 32 KiB and
 * 2.6× at 128 KiB (`node bench/node/webhook_async.mjs`, its crossover table). At the old 4 KiB
 * threshold the Express middleware on a 4 KiB delivery (which awaits `verifyEventAsync`) paid
 * for WebCrypto on every request. workerd runs
 * WebCrypto on the request's thread, so its overhead is a few µs and the crossover lower.
 * Settable for tests through the symbol below.
 */
const WEBCRYPTO_FROM_BYTES = globalThis.navigator?.userAgent === 'Cloudflare-Workers' ? 2048 : 16384;
const WEBCRYPTO_THRESHOLD = Symbol.for('edgeward.webhook.webCryptoFromBytes');
const subtle = globalThis.crypto?.subtle;
const encoder = new TextEncoder();

/** Whether every character of `text` is ASCII (HTTP field names are ASCII tokens). */
const ascii = (text) => !/[^\x00-\x7f]/.test(text); // eslint-disable-line no-control-regex

/**
 * `prefix ‖ body ‖ suffix` as one buffer (WebCrypto hashes one buffer); `body` is a
 * string (encoded as UTF-8) or bytes, used as is when there is nothing around it.
 */
function signedContent(prefix, body, suffix) {
  if (typeof body !== 'string') {
    if (prefix.length === 0 && suffix.length === 0) return body;
    const signed = new Uint8Array(prefix.length + body.length + suffix.length);
    signed.set(prefix);
    signed.set(body, prefix.length);
    signed.set(suffix, prefix.length + body.length);
    return signed;
  }
  // ASCII text (most JSON) encodes to as many bytes as it has characters: one copy.
  const signed = new Uint8Array(prefix.length + body.length + suffix.length);
  signed.set(prefix);
  const { read, written } = encoder.encodeInto(body, signed.subarray(prefix.length, prefix.length + body.length));
  if (read === body.length && written === body.length) {
    signed.set(suffix, prefix.length + body.length);
    return signed;
  }
  return signedContent(prefix, encoder.encode(body), suffix);
}

const eventDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * `Webhook` and `ReplayGuard` over `backend` (native addon or WASM); `fail` maps errors;
 * `Validator` is the validation API's class (for `verifyEvent`'s `schema`; the lean build's
 * refuses to be built, with a message naming the full entry).
 */
export function createWebhookApi(backend, fail, Validator) {
  function bytesOf(payload) {
    const bytes = binaryBytes(payload);
    if (bytes === undefined) return backend.payloadError(describe(payload)); // throws WEBHOOK_INVALID_PAYLOAD
    if (bytes === DETACHED) return backend.payloadError(DETACHED_NAME);
    return bytes;
  }

  /**
   * A string payload, refused (WEBHOOK_INVALID_PAYLOAD) when it holds an unpaired surrogate: it has
   * no UTF-8 form, and both backends would otherwise hash U+FFFD in its place, verifying
   * other bytes than the caller holds. Python refuses such a `str` the same way.
   */
  function textOf(payload) {
    if (!payload.isWellFormed()) backend.payloadSurrogateError(); // throws WEBHOOK_INVALID_PAYLOAD
    return payload;
  }

  /** Refuses an options argument that is not an object (e.g. `new Webhook(s, 'github')`). */
  function checkOptions(options, example) {
    if (options !== undefined && options !== null && typeof options !== 'object') {
      backend.webhookOptionsError(`options must be an object such as ${example}, got ${describe(options)}`);
    }
  }

  /** Throws the core's WEBHOOK_INVALID_OPTIONS error, as the family's class. */
  function invalid(reason) {
    try {
      backend.webhookOptionsError(reason);
    } catch (error) {
      throw fail(error);
    }
  }

  /**
   * Reads the values of one scheme's header `names` (lowercase, the core's order) from the
   * request's headers: a fetch `Headers` (or any object with a case-insensitive `get`), a
   * `Map`, an array of [name, value] pairs, or a plain object such as Node's
   * `IncomingHttpHeaders`, whose names may be in any case. Only these names are looked up.
   * Nothing is joined or chosen here: every value found is handed to the core in the order
   * received (array values flattened, case-variant keys in key order, `get` values as given),
   * and the core decides what a repeated header means. Per name the result holds `undefined`
   * (absent), a string (one value: the common case) or an array of strings.
   */
  class HeaderReader {
    constructor(names) {
      this.names = names;
      this.lengths = new Set(names.map((name) => name.length));
    }

    read(headers) {
      const values = new Array(this.names.length).fill(undefined);
      if (headers instanceof Map) {
        for (const [name, value] of headers) this.named(values, name, value);
      } else if (typeof headers.get === 'function') {
        for (let i = 0; i < this.names.length; i++) this.add(values, i, headers.get(this.names[i]));
      } else if (Array.isArray(headers)) {
        for (const pair of headers) {
          if (!Array.isArray(pair) || pair.length !== 2) {
            invalid(`an array of headers must hold [name, value] pairs, got an element of type ${describe(pair)}`);
          }
          this.named(values, pair[0], pair[1]);
        }
      } else {
        for (const name of Object.keys(headers)) this.named(values, name, headers[name]);
      }
      return values;
    }

    named(values, name, value) {
      // Most headers are not wanted: compare lengths before lowercasing.
      if (typeof name !== 'string' || !this.lengths.has(name.length)) return;
      const lower = name.toLowerCase();
      const index = this.names.indexOf(lower);
      // ASCII only: Unicode case folding would let `K` (Kelvin sign) stand for `k`.
      if (index !== -1 && (lower === name || ascii(name))) this.add(values, index, value);
    }

    add(values, index, value) {
      if (value === undefined || value === null) return;
      if (typeof value === 'string') {
        const had = values[index];
        if (had === undefined) values[index] = value;
        else if (typeof had === 'string') values[index] = [had, value];
        else had.push(value);
        return;
      }
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
        invalid(
          `the value of the \`${this.names[index]}\` header must be a string or an array of strings, ` +
            `got ${describe(value)}`,
        );
      }
      for (const one of value) this.add(values, index, one);
    }
  }

  let guardOf; // the backend guard inside a ReplayGuard, or undefined for anything else

  /** A bounded in-memory store of accepted deliveries, for one process or isolate. */
  class ReplayGuard {
    #inner;

    static {
      guardOf = (value) => (typeof value === 'object' && value !== null && #inner in value ? value.#inner : undefined);
    }

    constructor(options = {}) {
      const maxEntries = options?.maxEntries;
      try {
        checkOptions(options, '{ maxEntries: 10000 }');
        if (maxEntries !== undefined && typeof maxEntries !== 'number') {
          backend.webhookOptionsError(`maxEntries must be a whole number, got ${describe(maxEntries)}`);
        }
        this.#inner = new backend.ReplayGuard(maxEntries);
      } catch (error) {
        throw fail(error);
      }
    }

    /** How many deliveries are remembered. */
    get size() {
      return this.#inner.size;
    }

    /** The most deliveries remembered at once. */
    get maxEntries() {
      return this.#inner.maxEntries;
    }

    /** How many deliveries were refused with WEBHOOK_REPLAY_GUARD_FULL (a full guard never evicts). */
    get refusedFull() {
      return this.#inner.refusedFull;
    }

    [Symbol.for('nodejs.util.inspect.custom')]() {
      return `ReplayGuard { size: ${this.size}, maxEntries: ${this.maxEntries}, refusedFull: ${this.refusedFull} }`;
    }
  }

  class Webhook {
    static [WEBCRYPTO_THRESHOLD] = WEBCRYPTO_FROM_BYTES;
    #inner;
    #secretCount;
    #cryptoKeys; // a Promise of the secrets' WebCrypto keys, imported on first use
    #cryptoKeysReady; // the keys, once imported
    #scheme;
    #names;
    #reader;
    #signatureIndex;
    #signsOneValue;
    #store; // an external store: an object with seen(key, ttlSeconds)
    #eventReader; // reads the headers that name an event (github, shopify), or undefined
    #validators = new WeakMap(); // schema object -> its Validator, compiled once

    constructor(secret, options = {}) {
      const secrets = Array.isArray(secret) ? secret : [secret];
      const { scheme, toleranceSeconds: tolerance, retentionSeconds: retention, secretFormat, replayGuard } =
        options ?? {};
      try {
        checkOptions(options, "{ scheme: 'standard' }");
        const wrong = secrets.findIndex((s) => typeof s !== 'string');
        if (wrong !== -1) backend.secretError(describe(secrets[wrong])); // throws WEBHOOK_INVALID_SECRET
        for (const [option, value] of [['scheme', scheme], ['secretFormat', secretFormat]]) {
          if (value !== undefined && typeof value !== 'string') {
            backend.webhookOptionsError(`${option} must be a string, got ${describe(value)}`);
          }
        }
        this.#secretCount = secrets.length;
        this.#inner = new backend.Webhook(
          secrets,
          scheme,
          tolerance === undefined ? undefined : seconds(tolerance),
          secretFormat,
          retention === undefined ? undefined : seconds(retention),
        );
        if (replayGuard !== undefined && replayGuard !== null) {
          const guard = guardOf(replayGuard);
          if (guard !== undefined) {
            this.#inner.setReplayGuard(guard);
          } else if (typeof replayGuard?.seen === 'function') {
            this.#store = replayGuard;
          } else {
            backend.webhookOptionsError(
              'replayGuard must be a ReplayGuard, or a store with a seen(key, ttlSeconds) method ' +
                `answering true or false (or a Promise of it), got ${describe(replayGuard)}`,
            );
          }
        }
      } catch (error) {
        throw fail(error);
      }
      this.#scheme = this.#inner.scheme;
      this.#names = Object.freeze([...this.#inner.headerNames]);
      this.#reader = new HeaderReader(this.#names);
      this.#signatureIndex = this.#names.indexOf(this.#inner.signatureHeader);
      this.#signsOneValue = this.#inner.signsOneValue;
      const eventNames = [...this.#inner.eventHeaderNames];
      if (eventNames.length > 0) this.#eventReader = new HeaderReader(eventNames);
    }

    /** The scheme's name ("stripe", "standard", "github", "slack" or "shopify"). */
    get scheme() {
      return this.#scheme;
    }

    /** The headers this scheme reads, lowercase. */
    get headerNames() {
      return this.#names;
    }

    #values(headers) {
      if (headers === undefined || headers === null || typeof headers === 'string') {
        const values = new Array(this.#names.length).fill(undefined);
        if (typeof headers === 'string') values[this.#signatureIndex] = headers;
        return values;
      }
      if (typeof headers !== 'object') {
        invalid(
          'headers must be the request\'s headers (a fetch Headers, Node\'s req.headers, a plain ' +
            `object or a Map) or the signature header's value as a string, got ${describe(headers)}`,
        );
      }
      return this.#reader.read(headers);
    }

    #verify(payload, headers, options, withKey) {
      const now = options?.now === undefined ? Date.now() / 1000 : seconds(options.now);
      // A scheme reading one header gets its value as a plain string: no array to read
      // across the boundary.
      let values = this.#values(headers);
      if (values.length === 1 && typeof values[0] === 'string') values = values[0];
      let d;
      try {
        d = typeof payload === 'string'
          ? this.#inner.verifyString(textOf(payload), values, now, withKey)
          : this.#inner.verifyBytes(bytesOf(payload), values, now, withKey);
      } catch (error) {
        throw fail(error);
      }
      return this.#delivery(d, withKey);
    }

    /** The result object from what the backend answered. */
    #delivery(d, withKey) {
      // The native addon packs the common case as timestamp * 32 + secretIndex; otherwise
      // both backends answer [timestamp, secretIndex, id, replayKey, replayTtl].
      if (typeof d === 'number') return { timestamp: Math.floor(d / 32), secretIndex: d % 32 };
      const result = { timestamp: d[0], secretIndex: d[1] };
      if (d[2] != null) result.id = d[2];
      if (withKey) {
        result.replayKey = d[3];
        result.replayTtl = d[4];
      }
      return result;
    }

    /** The secrets as WebCrypto HMAC keys (non-extractable), imported once. */
    #webCryptoKeys() {
      if (this.#cryptoKeys === undefined) {
        const imports = [];
        for (let index = 0; index < this.#secretCount; index++) {
          const raw = this.#inner.hmacKey(index);
          if (raw === undefined) {
            imports.push(undefined);
            continue;
          }
          const key = subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
          imports.push(key.finally(() => raw.fill(0)));
        }
        this.#cryptoKeys = Promise.all(imports);
        this.#cryptoKeys.then(
          (keys) => {
            this.#cryptoKeysReady = keys; // later calls skip the await
          },
          () => {
            this.#cryptoKeys = undefined; // retried by the next call; this one fails
          },
        );
      }
      return this.#cryptoKeys;
    }

    /** Whether `verifyAsync` should hash `payload` with WebCrypto (large, and a WASM backend). */
    #webCryptoPays(payload) {
      if (subtle === undefined || typeof this.#inner.prepareMac !== 'function') return false;
      if (typeof payload === 'string') return payload.length >= Webhook[WEBCRYPTO_THRESHOLD];
      if (!(payload instanceof Uint8Array) && !(payload instanceof ArrayBuffer)) return false;
      return payload.byteLength >= Webhook[WEBCRYPTO_THRESHOLD];
    }

    /**
     * `verify` with the MAC computed by WebCrypto, for large payloads on the WASM backend
     * (`#webCryptoPays`); `undefined` when the endpoint has an Ed25519 key (then `#verify`
     * runs inline). The core reads the headers and hands back
     * the signed content's parts around the payload and which secret's MAC it needs; it
     * compares each MAC and gives the verdict. Errors are `#verify`'s, in the same order.
     */
    async #verifyWebCrypto(payload, headers, options, withKey) {
      const inner = this.#inner;
      const text = typeof payload === 'string';
      const now = options?.now === undefined ? Date.now() / 1000 : seconds(options.now);
      let values = this.#values(headers);
      if (values.length === 1 && typeof values[0] === 'string') values = values[0];
      let pending;
      let body;
      try {
        body = text ? textOf(payload) : bytesOf(payload);
        pending = inner.prepareMac(values, now);
      } catch (error) {
        throw fail(error);
      }
      if (pending === undefined) return undefined;
      try {
        const signed = signedContent(pending.prefix, body, pending.suffix);
        const keys = this.#cryptoKeysReady ?? (await this.#webCryptoKeys());
        for (let index = pending.nextKey; index !== undefined; index = pending.nextKey) {
          const tag = new Uint8Array(await subtle.sign('HMAC', keys[index], signed));
          const d = inner.finishMac(pending, index, tag, withKey);
          if (d !== undefined) return this.#delivery(d, withKey);
        }
        return backend.webhookOptionsError('the core gave no verdict (a bug in edgeward: please report it)');
      } catch (error) {
        throw fail(error);
      } finally {
        pending.free();
      }
    }

    /** The external store's answer for a verified delivery: the result, or WEBHOOK_REPLAYED. */
    #settle(verified, seen) {
      const { replayKey, replayTtl, ...result } = verified; // eslint-disable-line no-unused-vars
      if (seen === true) {
        try {
          backend.replayedError(result.id !== undefined);
        } catch (error) {
          throw fail(error);
        }
      }
      if (seen !== false) {
        invalid(`replayGuard.seen() must answer true (seen before) or false, got ${describe(seen)}`);
      }
      return result;
    }

    verify(payload, headers, options) {
      const store = this.#store;
      if (store === undefined) return this.#verify(payload, headers, options, false);
      const verified = this.#verify(payload, headers, options, true);
      const seen = store.seen(verified.replayKey, verified.replayTtl);
      if (typeof seen?.then === 'function') {
        Promise.resolve(seen).catch(() => {}); // the caller learns of it from the error below
        invalid('replayGuard.seen() returned a Promise: use verifyAsync() with an asynchronous store');
      }
      return this.#settle(verified, seen);
    }

    async verifyAsync(payload, headers, options) {
      const store = this.#store;
      const withKey = store !== undefined;
      const verified = this.#webCryptoPays(payload)
        ? ((await this.#verifyWebCrypto(payload, headers, options, withKey)) ?? this.#verify(payload, headers, options, withKey))
        : this.#verify(payload, headers, options, withKey);
      if (store === undefined) return verified;
      return this.#settle(verified, await store.seen(verified.replayKey, verified.replayTtl));
    }

    /**
     * `verify`, then the body as JSON (the core's bounded parser, the validator's limits;
     * `maxBytes` raises the 1 MiB default), named by the core's per-scheme rule, and, with
     * `schema` (a Validator, or a JSON Schema compiled once per object), validated.
     */
    verifyEvent(payload, headers, options) {
      const verified = this.verify(payload, headers, options);
      return this.#event(payload, headers, options, verified);
    }

    /** `verifyEvent` for asynchronous replay stores (and WebCrypto hashing), as `verifyAsync`. */
    async verifyEventAsync(payload, headers, options) {
      const verified = await this.verifyAsync(payload, headers, options);
      return this.#event(payload, headers, options, verified);
    }

    /** The event of a payload `verify` accepted: the core names it, JSON.parse reads it. */
    #event(payload, headers, options, verified) {
      const maxBytes = options?.maxBytes;
      if (maxBytes !== undefined && typeof maxBytes !== 'number') invalid(`maxBytes must be a number, got ${describe(maxBytes)}`);
      const values =
        this.#eventReader === undefined || headers === undefined || headers === null || typeof headers === 'string'
          ? new Array(this.#inner.eventHeaderNames.length).fill(undefined)
          : this.#eventReader.read(headers);
      const text = typeof payload === 'string';
      let facts;
      try {
        facts = text
          ? this.#inner.readEventString(payload, values, verified.id, maxBytes)
          : this.#inner.readEventBytes(bytesOf(payload), values, verified.id, maxBytes);
      } catch (error) {
        throw fail(error);
      }
      const [type, id, innerType, bigints] = facts;
      // The core accepted the text, so JSON.parse reads the same value (duplicate keys were
      // refused); only integers beyond 2^53 need restoring.
      let event = JSON.parse(text ? payload : eventDecoder.decode(bytesOf(payload)));
      if (bigints != null) event = restoreBigInts(event, JSON.parse(bigints));
      const schema = options?.schema;
      if (schema !== undefined && schema !== null) this.#validatorFor(schema).validate(event);
      return {
        event,
        timestamp: verified.timestamp,
        secretIndex: verified.secretIndex,
        id: id ?? null,
        type: type ?? null,
        innerType: innerType ?? null,
      };
    }

    #validatorFor(schema) {
      if (schema instanceof Validator) return schema;
      if (typeof schema !== 'object') return new Validator(schema);
      let validator = this.#validators.get(schema);
      if (validator === undefined) {
        validator = new Validator(schema);
        this.#validators.set(schema, validator);
      }
      return validator;
    }

    sign(payload, options) {
      if (!this.#signsOneValue) return this.signHeaders(payload, options);
      const timestamp = options?.timestamp === undefined ? Math.floor(Date.now() / 1000) : seconds(options.timestamp);
      try {
        if (typeof payload === 'string') return this.#inner.signString(textOf(payload), timestamp);
        return this.#inner.signBytes(bytesOf(payload), timestamp);
      } catch (error) {
        throw fail(error);
      }
    }

    signHeaders(payload, options) {
      const timestamp = options?.timestamp === undefined ? Math.floor(Date.now() / 1000) : seconds(options.timestamp);
      const id = options?.id ?? undefined;
      if (id !== undefined && typeof id !== 'string') invalid(`id must be a string, got ${describe(id)}`);
      let flat;
      try {
        if (typeof payload === 'string') flat = this.#inner.signHeadersString(textOf(payload), timestamp, id);
        else flat = this.#inner.signHeadersBytes(bytesOf(payload), timestamp, id);
      } catch (error) {
        throw fail(error);
      }
      const headers = {};
      for (let i = 0; i + 1 < flat.length; i += 2) headers[flat[i]] = flat[i + 1];
      return headers;
    }
  }

  return { Webhook, ReplayGuard };
}
