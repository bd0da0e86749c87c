// Redaction over a backend (native addon or WASM). Every decision is the Rust core's; this
// module only turns JS values into JSON text and back.
//
// Why JSON text: the core's JSON path is a single streaming pass without recursion, so the
// nesting of a document never becomes native stack depth. Our own walker below builds that
// text from any JS value: it recurses at most `maxDepth + 1` containers (≤ 1001, far below the
// JS stack) and writes the core's too-deep marker below that, turns cycles into the core's
// circular marker ("[Circular]") and host types (Date, BigInt, Buffer, Map, Set, Error, class
// instances) into plain JSON. The caller's value is only read, never written.

import { describe } from './convert.js';

const hexOf = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * The options as JSON text, camelCase as given (the backend reads the names, see
 * bindings-js/src/redact.rs); only what JSON cannot carry is converted here: a `hashKey`
 * given as bytes travels as hex digits (`hashKeyHex`), a RegExp pattern as its source.
 */
function optionsText(options, misuse) {
  if (options === undefined || options === null) return '{}';
  if (typeof options !== 'object') misuse(`Redactor options must be an object, got ${describe(options)}`);
  const out = {};
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (name === 'hashKey' && (value instanceof Uint8Array || value instanceof ArrayBuffer)) {
      out.hashKeyHex = hexOf(new Uint8Array(value));
    } else if (name === 'customPatterns' && Array.isArray(value)) {
      out.customPatterns = value.map((p) => (p instanceof RegExp ? { id: 'custom', pattern: p.source } : p?.pattern instanceof RegExp ? { ...p, pattern: p.pattern.source } : p));
    } else {
      out[name] = value;
    }
  }
  try {
    return JSON.stringify(out);
  } catch (error) {
    // A BigInt or a cycle: no JSON form, so no option the core could read.
    return misuse(`the options have no JSON form: ${error?.message}`);
  }
}

function bytesMarker(value) {
  const name = typeof Buffer !== 'undefined' && Buffer.isBuffer?.(value) ? 'Buffer' : value?.constructor?.name ?? 'Bytes';
  return `[${name} ${value.byteLength} bytes]`;
}

/** Any JS value as JSON text; `maxDepth`, `marker` and `circular` are the redactor's. */
export function toJsonText(root, maxDepth, marker, circular) {
  const ancestors = new Set();
  const circularText = JSON.stringify(circular);
  const limit = maxDepth + 1;

  // Returns JSON text for `value`, or undefined when it is dropped (functions, symbols,
  // undefined), as JSON.stringify does for object members.
  function walk(value, depth, key, holder) {
    if (value !== null && typeof value === 'object' && (ArrayBuffer.isView(value) || value instanceof ArrayBuffer)) {
      return JSON.stringify(bytesMarker(value));
    }
    if (value !== null && typeof value === 'object' && typeof value.toJSON === 'function' && !(value instanceof Date)) {
      try {
        value = value.toJSON(key);
      } catch {
        return JSON.stringify('[toJSON threw]');
      }
    }
    switch (typeof value) {
      case 'string':
        return JSON.stringify(value);
      case 'number':
        return Number.isFinite(value) ? String(value) : 'null';
      case 'boolean':
        return value ? 'true' : 'false';
      case 'bigint':
        return value.toString();
      case 'undefined':
      case 'function':
      case 'symbol':
        return undefined;
      default:
        break;
    }
    if (value === null) return 'null';
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'null' : JSON.stringify(value.toISOString());
    if (value instanceof Number || value instanceof String || value instanceof Boolean) return walk(value.valueOf(), depth, key, holder);
    if (ancestors.has(value)) return circularText;
    if (depth >= limit) return JSON.stringify(marker);
    ancestors.add(value);
    try {
      if (Array.isArray(value) || value instanceof Set) {
        const parts = [];
        let i = 0;
        for (const item of value) {
          const text = walk(item, depth + 1, String(i), value);
          parts.push(text === undefined ? 'null' : text);
          i += 1;
        }
        return `[${parts.join(',')}]`;
      }
      const parts = [];
      const member = (name, item) => {
        const text = walk(item, depth + 1, name, value);
        if (text !== undefined) parts.push(`${JSON.stringify(name)}:${text}`);
      };
      if (value instanceof Map) {
        for (const [k, v] of value) member(typeof k === 'string' ? k : String(k), v);
      } else if (value instanceof Error) {
        const seen = new Set(['name', 'message', 'stack', 'cause']);
        member('name', value.name);
        member('message', value.message);
        member('stack', value.stack);
        if ('cause' in value) member('cause', value.cause);
        if (value instanceof AggregateError) {
          seen.add('errors');
          member('errors', value.errors);
        }
        for (const k of Object.keys(value)) if (!seen.has(k)) member(k, readProperty(value, k));
      } else {
        for (const k of Object.keys(value)) member(k, readProperty(value, k));
      }
      return `{${parts.join(',')}}`;
    } finally {
      ancestors.delete(value);
    }
  }

  const text = walk(root, 0, '', undefined);
  return text === undefined ? 'null' : text;
}

/** What `plainJson` finds. */
const NOT_PLAIN = 0;
const PLAIN = 1;
const PLAIN_WITH_LARGE_INTEGERS = 2; // numbers of 2^53 or more, which come back as BigInts

/**
 * Whether `root` is plain JSON data, which `JSON.stringify` (native, several times faster than
 * the walker above) writes exactly as `toJsonText` would: strings, booleans, numbers, `null`,
 * arrays and objects whose prototype is `Array.prototype`, `Object.prototype` or `null`, with
 * no `toJSON`, no holes, no cycle and no container at `limit` levels or deeper. Anything else
 * (BigInt, Date, Map, Set, class instances, buffers, errors, boxed primitives, `undefined`,
 * functions, symbols, cycles, too-deep containers) takes the walker and its rules. Also tells
 * whether a number is 2^53 or more in size, the only numbers `parseExact` turns into BigInts
 * (the core only ever replaces values by strings, never writes a number).
 */
function plainJson(root, limit) {
  const open = []; // the containers on the path from the root, for cycles
  let large = false;
  function plain(value, depth) {
    const type = typeof value;
    if (type === 'string' || type === 'boolean') return true;
    if (type === 'number') {
      if (value >= 9007199254740992 || value <= -9007199254740992) large = true;
      return true;
    }
    if (type !== 'object') return false;
    if (value === null) return true;
    if (depth >= limit || open.includes(value)) return false;
    if (Array.isArray(value)) {
      if (Object.getPrototypeOf(value) !== Array.prototype || typeof value.toJSON === 'function') return false;
      open.push(value);
      for (let i = 0; i < value.length; i++) {
        if (!(i in value) || !plain(value[i], depth + 1)) return false;
      }
    } else {
      const proto = Object.getPrototypeOf(value);
      if ((proto !== Object.prototype && proto !== null) || typeof value.toJSON === 'function') return false;
      open.push(value);
      // for-in is the fastest walk over own keys; it also visits inherited enumerable ones
      // (none on Object.prototype unless it was polluted), which only makes the check stricter.
      for (const key in value) {
        if (!plain(value[key], depth + 1)) return false;
      }
    }
    open.pop();
    return true;
  }
  try {
    if (!plain(root, 0)) return NOT_PLAIN;
  } catch {
    return NOT_PLAIN; // a throwing getter or Proxy trap: the walker has the rule for it
  }
  return large ? PLAIN_WITH_LARGE_INTEGERS : PLAIN;
}

// A getter that throws must not lose the whole log record.
function readProperty(object, key) {
  try {
    return object[key];
  } catch {
    return '[getter threw]';
  }
}

// Integers beyond 2^53 come back as exact BigInts. Revivers see a number's source text on
// current runtimes (Node 22+, Workers); elsewhere (Node 20) such numbers are first rewritten
// as marked strings, the mark chosen to appear nowhere in the text.
const REVIVER_SEES_SOURCE = (() => {
  let seen = false;
  JSON.parse('1', (_key, value, context) => {
    seen = typeof context?.source === 'string';
    return value;
  });
  return seen;
})();

function reviver(_key, value, context) {
  if (typeof value === 'number' && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source)) {
    return BigInt(context.source);
  }
  return value;
}

// A JSON string (skipped whole), or an integer of 16+ digits that is no part of a fraction
// or exponent.
const STRING_OR_LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![.eE\d])/g;

const SIXTEEN_DIGITS = /\d{16}/;

/** JSON text to a value, integers beyond 2^53 as exact BigInts. */
function parseExact(text) {
  // An integer beyond 2^53 has at least 16 digits: without such a run, plain JSON.parse.
  if (!SIXTEEN_DIGITS.test(text)) return JSON.parse(text);
  if (REVIVER_SEES_SOURCE) return JSON.parse(text, reviver);
  let n = 0;
  while (text.includes(`edgeward-bigint-${n}:`)) n += 1;
  const mark = `\u0000edgeward-bigint-${n}:`;
  let marked = false;
  const rewritten = text.replace(STRING_OR_LONG_INTEGER, (token) => {
    if (token.startsWith('"') || Number.isSafeInteger(Number(token))) return token;
    marked = true;
    return JSON.stringify(mark + token);
  });
  if (!marked) return JSON.parse(text);
  return JSON.parse(rewritten, (_key, value) =>
    typeof value === 'string' && value.startsWith(mark) ? BigInt(value.slice(mark.length)) : value);
}

// What `pinoOptions()` writes when the backend itself failed (the core writes its own notice
// for lines it cannot redact, in the same shape): never the line, which may hold the secret.
const noticeLine = (cause) => `{"level":50,"msg":${JSON.stringify(`[log line not written: redaction failed (${cause})]`)}}\n`;

// winston's (triple-beam's) keys on a log record: the level as configured, the interpolation
// arguments `format.splat()` reads, and the finished line a finalising format writes.
const WINSTON_LEVEL = Symbol.for('level');
const WINSTON_SPLAT = Symbol.for('splat');
const WINSTON_MESSAGE = Symbol.for('message');
// The console methods that print their arguments (`console.table`, `dir` print structures of
// their own and are wrapped too; `assert` prints from its second argument on).
const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table'];

/** `Redactor` over `backend`; `fail` maps backend errors to the family's class. */
export function createRedactApi(backend, fail) {
  const Inner = backend.Redactor;

  function call(work) {
    try {
      return work();
    } catch (error) {
      throw fail(error);
    }
  }

  /** Throws the core's error of `code` (a redaction code) with `reason`, as RedactionError. */
  function misuse(code, reason) {
    call(() => backend.misuseError(code, reason));
  }

  const optionsMisuse = (reason) => misuse('REDACTION_INVALID_OPTIONS', reason);

  /** `value` if it is a string; else REDACTION_INVALID_JSON for JSON inputs, else the options code. */
  function text(value, what, code) {
    if (typeof value !== 'string') misuse(code, `${what} expects a string, got ${describe(value)}`);
    return value;
  }

  class Redactor {
    #inner;
    #report;
    #maxDepth;
    #marker;
    #circular;

    constructor(options = undefined) {
      const json = optionsText(options, optionsMisuse);
      this.#inner = call(() => new Inner(json));
      this.#report = options?.report === true;
      this.#maxDepth = this.#inner.maxDepth;
      this.#marker = this.#inner.tooDeepMarker;
      this.#circular = this.#inner.circularMarker;
    }

    #finish(pair, parse) {
      const out = parse ? parse(pair[0]) : pair[0];
      return this.#report ? { value: out, report: JSON.parse(pair[1]) } : out;
    }

    /** A redacted copy of any JS value (the argument is never modified). */
    redact(value) {
      const plain = plainJson(value, this.#maxDepth + 1);
      if (plain === NOT_PLAIN) {
        const json = toJsonText(value, this.#maxDepth, this.#marker, this.#circular);
        return this.#finish(call(() => this.#inner.json(json)), parseExact);
      }
      const json = JSON.stringify(value);
      return this.#finish(call(() => this.#inner.json(json)), plain === PLAIN ? JSON.parse : parseExact);
    }

    /** JSON text in, JSON text out; untouched bytes are kept verbatim. */
    redactJson(json) {
      const input = text(json, 'redactJson', 'REDACTION_INVALID_JSON');
      return this.#finish(call(() => this.#inner.json(input)));
    }

    /** NDJSON in, NDJSON out, line by line. */
    redactNdjson(ndjson) {
      const input = text(ndjson, 'redactNdjson', 'REDACTION_INVALID_JSON');
      return this.#finish(call(() => this.#inner.ndjson(input)));
    }

    /** Free text in, free text out (value detectors only). */
    redactText(line) {
      const input = text(line, 'redactText', 'REDACTION_INVALID_OPTIONS');
      return this.#finish(call(() => this.#inner.text(input)));
    }

    /** Containers nested deeper than this become the too-deep marker. */
    get maxDepth() {
      return this.#maxDepth;
    }

    /**
     * pino options that redact every finished line before any destination sees it:
     * `pino({ ...redactor.pinoOptions() })`, or `pino(redactor.pinoOptions(yourOptions))`
     * to merge with your own options (your `hooks.streamWrite`, if any, runs first and its
     * output is redacted). The hook gets the serialised line, so the message (interpolated,
     * with `msgPrefix`), child bindings, `base`, `mixin` output, serialised errors and the
     * merged object are all redacted, in one pass of the core's JSON text path. Never throws
     * into the logging call: a line that cannot be redacted is replaced by a notice line
     * (the core's; here too for a hook that returned no string). Reports are not kept.
     */
    pinoOptions(options = undefined) {
      if (options !== undefined && (options === null || typeof options !== 'object')) {
        optionsMisuse(`pinoOptions expects pino options (an object) or nothing, got ${describe(options)}`);
      }
      const theirs = options?.hooks?.streamWrite;
      if (theirs !== undefined && typeof theirs !== 'function') {
        optionsMisuse(`hooks.streamWrite must be a function, got ${describe(theirs)}`);
      }
      const inner = this.#inner;
      const redactLine = (line) => {
        if (typeof line !== 'string') return noticeLine('TypeError');
        try {
          return inner.logLine(line);
        } catch (error) {
          return noticeLine(error?.name ?? typeof error);
        }
      };
      const streamWrite = theirs === undefined ? redactLine : (line) => redactLine(theirs(line));
      return { ...options, hooks: { ...options?.hooks, streamWrite } };
    }

    /** `redact` without the report (for the logger adapters). */
    #plain(value) {
      const out = this.redact(value);
      return this.#report ? out.value : out;
    }

    /** `redactText` without the report; the core redacts text that is JSON as JSON. */
    #plainText(text) {
      const out = this.redactText(text);
      return this.#report ? out.value : out;
    }

    /**
     * A winston format redacting each record: its fields (the message, metadata, child
     * logger defaults, `format.errors()` stacks; `level` aside) as a structure, the
     * `format.splat()` arguments, and the finished line if a finalising format (`json`,
     * `printf`, `simple`) already wrote one. Put it first:
     * `format.combine(redactor.winstonFormat(), format.splat(), format.json())`. Never throws
     * into the logging call: a record that cannot be redacted is logged as a notice naming
     * the error type, without its contents. Needs no winston import (a format is an object
     * with `transform`).
     */
    winstonFormat() {
      return {
        options: {},
        transform: (info) => {
          try {
            const fields = {};
            for (const key of Object.keys(info)) if (key !== 'level') fields[key] = info[key];
            const redacted = this.#plain(fields);
            for (const key of Object.keys(fields)) delete info[key];
            Object.assign(info, redacted);
            // `logger.error(error)` hands over the Error itself, whose message and stack are
            // not enumerable (format.errors() reads them later).
            for (const key of ['message', 'stack']) {
              if (!(key in fields) && typeof info[key] === 'string') info[key] = this.#plainText(info[key]);
            }
            if (Array.isArray(info[WINSTON_SPLAT])) info[WINSTON_SPLAT] = this.#plain(info[WINSTON_SPLAT]);
            if (typeof info[WINSTON_MESSAGE] === 'string') info[WINSTON_MESSAGE] = this.#plainText(info[WINSTON_MESSAGE]);
            return info;
          } catch (error) {
            const notice = `[record not logged: redaction failed (${error?.name ?? typeof error})]`;
            const out = { level: info.level, message: notice, [WINSTON_LEVEL]: info[WINSTON_LEVEL] };
            if (info[WINSTON_MESSAGE] !== undefined) out[WINSTON_MESSAGE] = notice;
            return out;
          }
        },
      };
    }

    /**
     * Opt-in: redacts every argument of `console.log`, `info`, `warn`, `error`, `debug`,
     * `trace`, `dir` and `table` (of `target`, default `globalThis.console`) before the
     * original method prints it: strings as free text, errors as their stack text, other
     * values as structures. For Workers, whose logs are whatever the code prints. Returns a
     * function that puts the original methods back. A `%s` argument is redacted on its own,
     * so a bare password after `password=%s` is not recognised: log objects (`{ password }`)
     * instead. Never throws into the logging call.
     */
    wrapConsole(target = globalThis.console) {
      if (target === null || typeof target !== 'object') {
        optionsMisuse(`wrapConsole expects a console object or nothing, got ${describe(target)}`);
      }
      const originals = new Map();
      const argument = (value) => {
        if (typeof value === 'string') return this.#plainText(value);
        if (value instanceof Error) return this.#plainText(value.stack ?? String(value));
        if (value === null || typeof value !== 'object') return value; // functions print their name
        return this.#plain(value);
      };
      for (const name of CONSOLE_METHODS) {
        const original = target[name];
        if (typeof original !== 'function') continue;
        originals.set(name, original);
        target[name] = function redactedConsole(...args) {
          let safe;
          try {
            safe = args.map(argument);
          } catch (error) {
            safe = [`[console.${name} not written: redaction failed (${error?.name ?? typeof error})]`];
          }
          return original.apply(this, safe);
        };
      }
      return () => {
        for (const [name, original] of originals) target[name] = original;
      };
    }

    /**
     * A pino `formatters.log` function, for the merging object only (the message and child
     * bindings never pass through it: use `pinoOptions()` for whole lines).
     * (With `report: true` the report is dropped here.) Never throws into the logging call:
     * an object that cannot be redacted (a Proxy whose traps throw, say) is logged as a
     * notice naming the error type, without its contents.
     */
    pinoFormatter() {
      return (object) => {
        try {
          const out = this.redact(object);
          return this.#report ? out.value : out;
        } catch (error) {
          return { edgeward: `[record not logged: redaction failed (${error?.name ?? typeof error})]` };
        }
      };
    }
  }

  return { Redactor };
}
