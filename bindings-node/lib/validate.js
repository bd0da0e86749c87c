// JSON Schema validation and safe request paths over a backend (native addon or WASM).
// Every verdict is the Rust core's; this module only turns JS values into JSON text and back.
//
// Why JSON text: a recursive conversion of a JS object into Rust values would turn the
// document's nesting into native stack depth (100,000 nested arrays would crash Node or trap
// the WASM instance). `JSON.stringify` refuses overly deep values and cycles with a catchable
// exception, and the core's parser reads the text without recursion, under the limits.
import { ValidationError } from './errors.js';
import { binaryBytes, describe, DETACHED, DETACHED_NAME, restoreBigInts } from './convert.js';

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

// The WASM build reads texts as UTF-8 bytes: wasm-bindgen would copy a string into WASM memory
// one character at a time, in JS, which took longer than validating a 5 KB document;
// `encodeInto` a reused buffer is native and allocates nothing. Texts too long for the buffer
// (it holds at most SCRATCH_BYTES, so one huge value does not stay in memory) get their own.
const SCRATCH_BYTES = 256 * 1024;
let scratch = new Uint8Array(0);

/** `text` as UTF-8, in the shared buffer when it fits: valid until the next call. */
function utf8(text) {
  // Three bytes per UTF-16 unit at most: the buffer always takes the whole text.
  const most = text.length * 3;
  if (most > SCRATCH_BYTES) return encoder.encode(text);
  if (scratch.length < most) scratch = new Uint8Array(Math.min(SCRATCH_BYTES, Math.max(most, 2 * scratch.length, 1024)));
  return scratch.subarray(0, encoder.encodeInto(text, scratch).written);
}

// BigInts are serialised as marked strings, then the marks are removed. A document's own
// strings could imitate a mark, so the marks are counted: if more are found than BigInts were
// written, another mark is tried. (No random mark: Workers refuse randomness in global scope,
// where validators are typically built.)
const BIGINT_MARKS = [0, 1, 2, 3].map((n) => {
  const tag = `\u0000edgeward-bigint-${n}:`;
  const escaped = JSON.stringify(tag).slice(1, -1).replace(/\\/g, '\\\\');
  return { tag, token: new RegExp(`"${escaped}(-?\\d+)"`, 'g') };
});
const MIN_I64 = -(2n ** 63n);
const MAX_U64 = 2n ** 64n - 1n;

/** `Validator`, `encodePathSegment` and `buildPath` over `backend`; `fail` maps backend errors. */
export function createValidateApi(backend, fail) {
  // The lean WASM build (webhooks and redaction) has no validator; the path helpers remain.
  const Inner = backend.Validator;
  // The native addon takes strings as they are; the WASM build takes UTF-8 bytes (see utf8).
  const forInner = backend.textsAsBytes ? utf8 : (text) => text;

  /** The core's error for `code`, as the class of its family. */
  function coreError(code, reason) {
    try {
      backend.validationInputError(code, reason);
    } catch (error) {
      return fail(error);
    }
    return new Error(reason);
  }

  function call(work) {
    try {
      return work();
    } catch (error) {
      throw fail(error);
    }
  }

  /** A value as JSON text for the core, or the core's error for a value without one. */
  function valueText(value, lossyIntegers) {
    let text;
    try {
      text = JSON.stringify(value);
    } catch (error) {
      if (!(error instanceof TypeError && /bigint/i.test(error.message))) throw serialisationError(error);
      try {
        text = withBigInts(value, lossyIntegers);
      } catch (inner) {
        throw serialisationError(inner);
      }
    }
    if (text === undefined) {
      throw coreError('VALIDATION_INVALID_JSON', `a value of type ${describe(value)} has no JSON form: pass an object, array, string, number, boolean or null`);
    }
    return text;
  }

  function serialisationError(error) {
    if (error instanceof RangeError) {
      return coreError('VALIDATION_LIMIT_EXCEEDED', 'the value nests too deeply to serialise as JSON, far beyond max_depth (maxDepth in JavaScript): refuse it, or validate the raw body with validateJson');
    }
    if (error instanceof TypeError && /circular|cyclic/i.test(error.message)) {
      return coreError('VALIDATION_LIMIT_EXCEEDED', 'the value contains a reference cycle, so it nests without end and has no JSON form');
    }
    return error?.edgewardCode ? coreError(error.edgewardCode, error.message) : error;
  }

  /** `JSON.stringify` with BigInts written as exact JSON integers. */
  function withBigInts(value, lossyIntegers) {
    for (const { tag, token } of BIGINT_MARKS) {
      let written = 0;
      const text = JSON.stringify(value, (_key, item) => {
        if (typeof item !== 'bigint') return item;
        if (!lossyIntegers && (item < MIN_I64 || item > MAX_U64)) {
          const error = new Error('a BigInt is beyond the 64-bit range, where it would lose precision: set limits.allowLossyIntegers to accept it as a double');
          error.edgewardCode = 'VALIDATION_LIMIT_EXCEEDED';
          throw error;
        }
        written += 1;
        return tag + item.toString();
      });
      if (text === undefined || written === 0) return text;
      let found = 0;
      const exact = text.replace(token, (_match, digits) => {
        found += 1;
        return digits;
      });
      if (found === written) return exact;
    }
    const error = new Error('the value holds strings that imitate the marks used to serialise BigInts exactly');
    error.edgewardCode = 'VALIDATION_INVALID_JSON';
    throw error;
  }

  /** Developer input (the schema, the options) as JSON text; failures carry `code`. */
  function developerText(value, code, what) {
    try {
      const text = withBigInts(value, true);
      if (text !== undefined) return text;
    } catch (error) {
      throw coreError(code, `${what} cannot be serialised as JSON: ${error.message}`);
    }
    throw coreError(code, `${what} must be a JSON value, not ${describe(value)}`);
  }

  function failure(json) {
    const { message, errors } = JSON.parse(json);
    return new ValidationError(message, 'VALIDATION_FAILED', errors);
  }

  function bytesOf(body) {
    const bytes = binaryBytes(body);
    if (bytes !== undefined && bytes !== DETACHED) return bytes;
    const given = bytes === DETACHED ? DETACHED_NAME : describe(body);
    throw coreError('VALIDATION_INVALID_JSON', `validateJson takes the raw body as a string or bytes, not ${given}: use validate() for parsed values`);
  }

  // The schema compiler's hash maps take their seed from `crypto.getRandomValues` the first
  // time one is built. The Workers runtime refuses randomness in the global scope, where
  // validators are typically built, and a refused seed would trap the WASM instance. So until
  // a compilation has succeeded, a WASM build checks that randomness is available and, where
  // it is not, compiles on first use instead (inside a handler).
  let seeded = backend.name !== 'wasm';
  function mayCompileNow() {
    if (seeded) return true;
    try {
      globalThis.crypto.getRandomValues(new Uint8Array(1));
      return true;
    } catch {
      return false;
    }
  }

  class Validator {
    #inner;
    #pending;
    #lossyIntegers;

    constructor(schema, options = {}) {
      if (Inner === undefined) {
        throw new Error('this build of edgeward has no JSON Schema validation (edgeward/webhooks): import Validator from "edgeward"');
      }
      const schemaText = developerText(schema, 'SCHEMA_INVALID', 'the schema');
      const optionsText = developerText(options ?? {}, 'VALIDATION_INVALID_OPTIONS', 'the options');
      this.#lossyIntegers = options?.limits?.allowLossyIntegers === true;
      this.#pending = [schemaText, optionsText];
      if (mayCompileNow()) this.#compiled();
    }

    #compiled() {
      if (this.#inner === undefined) {
        const [schemaText, optionsText] = this.#pending;
        this.#inner = call(() => new Inner(schemaText, optionsText));
        this.#pending = undefined;
        seeded = true;
      }
      return this.#inner;
    }

    /** The draft the schema is interpreted under: "draft2020-12", "draft7", … */
    get draft() {
      return this.#compiled().draft;
    }

    isValid(value) {
      const text = valueText(value, this.#lossyIntegers);
      const inner = this.#compiled();
      return call(() => inner.isValidValue(forInner(text)));
    }

    errors(value) {
      const text = valueText(value, this.#lossyIntegers);
      const inner = this.#compiled();
      return JSON.parse(call(() => inner.errorsValue(forInner(text))));
    }

    validate(value) {
      const text = valueText(value, this.#lossyIntegers);
      const inner = this.#compiled();
      const failed = call(() => inner.validateValue(forInner(text)));
      if (failed != null) throw failure(failed);
    }

    validateJson(body) {
      let outcome;
      let text;
      if (typeof body === 'string') {
        // Lone surrogates have no UTF-8 form: passing them on would validate another text.
        if (typeof body.isWellFormed === 'function' && !body.isWellFormed()) {
          throw coreError('VALIDATION_INVALID_JSON', 'the text holds unpaired UTF-16 surrogates, which have no UTF-8 form: pass the body as received, as bytes');
        }
        const inner = this.#compiled();
        outcome = call(() => (forInner === utf8 ? inner.validateJsonBytes(utf8(body)) : inner.validateJsonString(body)));
        text = body;
      } else {
        const bytes = bytesOf(body);
        const inner = this.#compiled();
        outcome = call(() => inner.validateJsonBytes(bytes));
        text = decoder.decode(bytes);
      }
      // The core accepted the text, so JSON.parse reads the same value (both keep the last
      // of duplicate keys where allowed); only integers beyond 2^53 need restoring.
      if (outcome == null) return JSON.parse(text);
      const extra = JSON.parse(outcome);
      if (extra.errors) throw new ValidationError(extra.message, 'VALIDATION_FAILED', extra.errors);
      return restoreBigInts(JSON.parse(text), extra.bigints);
    }
  }

  function segmentOf(value, name) {
    if (typeof value === 'string') return value;
    if (typeof value === 'bigint' || Number.isSafeInteger(value)) return String(value);
    throw coreError('PATH_INVALID', `${name} must be a string or an integer, not ${describe(value)}`);
  }

  function encodePathSegment(segment) {
    const text = segmentOf(segment, 'the path segment');
    return call(() => backend.encodePathSegment(text));
  }

  function buildPath(template, params = {}) {
    if (typeof template !== 'string') throw coreError('PATH_INVALID', `the template must be a string, not ${describe(template)}`);
    if (params === null || typeof params !== 'object') throw coreError('PATH_INVALID', `params must be an object, not ${describe(params)}`);
    const entries = params instanceof Map ? [...params] : Object.entries(params);
    const flat = [];
    for (const [name, value] of entries) {
      if (typeof name !== 'string') throw coreError('PATH_INVALID', `parameter names must be strings, not ${describe(name)}`);
      flat.push(name, segmentOf(value, `parameter \`${name.slice(0, 64)}\``));
    }
    return call(() => backend.buildPath(template, flat));
  }

  return { Validator, encodePathSegment, buildPath };
}
