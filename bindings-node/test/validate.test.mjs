// JSON Schema validation and path helpers against the shared vectors (tests/validate/), the
// JS-specific value semantics, and hostile input. Runs against whichever build
// EDGEWARD_BACKEND selects (native or wasm); the CI runs it once for each.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as edgeward from 'edgeward';
import { createApi } from '../lib/api.js';
import { loadNative, loadWasm } from '../lib/backends.js';

const { Validator, ValidationError, SchemaError, PathError, EdgewardError, encodePathSegment, buildPath } = edgeward;
const vectors = JSON.parse(readFileSync(new URL('../../tests/validate/vectors.json', import.meta.url), 'utf8'));

// --- the shared vectors ------------------------------------------------------------------------

const LIMIT_NAMES = {
  max_bytes: 'maxBytes',
  max_depth: 'maxDepth',
  max_string_bytes: 'maxStringBytes',
  max_object_keys: 'maxObjectKeys',
  max_array_items: 'maxArrayItems',
  allow_duplicate_keys: 'allowDuplicateKeys',
  allow_lossy_integers: 'allowLossyIntegers',
};

/** A vector's options (snake_case, as every runtime reads them) in the JS API's spelling. */
function optionsOf(c) {
  const given = c.options ?? {};
  const options = {};
  for (const [key, value] of Object.entries(given)) {
    if (key === 'draft') options.draft = value;
    else if (key === 'assert_formats') options.assertFormats = value;
    else if (key === 'unknown_formats') options.unknownFormats = value;
    else if (key === 'formats') options.formats = value;
    else if (key === 'include_values') options.includeValues = value;
    else if (key === 'resources') options.resources = value;
    else if (key === 'limits') {
      options.limits = {};
      for (const [name, limit] of Object.entries(value)) {
        assert.ok(name in LIMIT_NAMES, `unknown limit ${name}`);
        options.limits[LIMIT_NAMES[name]] = limit;
      }
    } else assert.fail(`unknown option ${key}`);
  }
  return options;
}

function fill(parts) {
  return parts.map((p) => ('text' in p ? p.text : p.repeat.repeat(p.times))).join('');
}

function schemaOf(c) {
  return typeof c.schema === 'string' ? vectors.schemas[c.schema] : c.schema;
}

function at(value, pointer) {
  if (pointer === '') return value;
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((node, key) => node[key], value);
}

/** Issues (or a thrown error) as a comparable outcome. */
function outcome(work) {
  try {
    const result = work();
    return { ok: true, result };
  } catch (error) {
    return { ok: false, error };
  }
}

function check(name, expect, got, issuesOrNull, parsed) {
  let messages = '';
  if (!got.ok && !(got.error instanceof ValidationError && got.error.code === 'VALIDATION_FAILED')) {
    assert.ok(expect.error, `${name}: unexpected ${got.error?.stack ?? got.error}`);
    assert.ok(got.error instanceof EdgewardError, `${name}: ${got.error}`);
    assert.equal(got.error.code, expect.error, `${name}: ${got.error.message}`);
    messages += got.error.message;
  } else {
    assert.ok(!expect.error, `${name}: expected ${expect.error}, got ${JSON.stringify(issuesOrNull)}`);
    const issues = issuesOrNull ?? [];
    assert.equal(issues.length === 0, expect.valid, `${name}: ${JSON.stringify(issues)}`);
    if (expect.errors) {
      const key = (e) => JSON.stringify([e.instance_path ?? e.instancePath, e.keyword, e.schema_path ?? e.schemaPath]);
      assert.deepEqual(issues.map(key).sort(), expect.errors.map(key).sort(), name);
    }
    for (const issue of issues) {
      assert.ok(issue.message.length > 0, name);
      messages += `${issue.message}\n`;
    }
    if (!got.ok) messages += got.error.message;
    for (const { pointer, decimal } of expect.exact_integers ?? []) {
      const value = at(parsed, pointer);
      assert.equal(String(value), decimal, name);
      if (!Number.isSafeInteger(Number(decimal))) assert.equal(typeof value, 'bigint', name);
    }
  }
  if (expect.message_includes) assert.ok(messages.includes(expect.message_includes), `${name}: ${messages}`);
  if (expect.message_excludes) assert.ok(!messages.includes(expect.message_excludes), `${name}: ${messages}`);
}

/** Runs one document through isValid, errors and validate; they must agree. */
function runDocument(validator, document) {
  const errors = outcome(() => validator.errors(document));
  if (!errors.ok) return { got: errors, issues: null };
  const valid = validator.isValid(document);
  assert.equal(valid, errors.result.length === 0);
  const validated = outcome(() => validator.validate(document));
  if (valid) assert.ok(validated.ok);
  else {
    assert.ok(validated.error instanceof ValidationError);
    assert.equal(validated.error.code, 'VALIDATION_FAILED');
    assert.deepEqual(validated.error.errors, errors.result);
  }
  return { got: errors, issues: errors.result };
}

function runText(validator, text) {
  const got = outcome(() => validator.validateJson(text));
  if (got.ok) return { got, issues: [], parsed: got.result };
  if (got.error instanceof ValidationError && got.error.code === 'VALIDATION_FAILED') {
    return { got, issues: got.error.errors };
  }
  return { got, issues: null };
}

for (const c of vectors.validate) {
  test(`validation vector: ${c.name}`, () => {
    let validator;
    try {
      validator = new Validator(schemaOf(c), optionsOf(c));
    } catch (error) {
      check(c.name, c.expect, { ok: false, error }, null);
      return;
    }
    const runs = [];
    if ('document' in c) {
      runs.push(runDocument(validator, c.document));
      // The same document as JSON text gets the same verdict.
      runs.push(runText(validator, JSON.stringify(c.document)));
      runs.push(runText(validator, new TextEncoder().encode(JSON.stringify(c.document))));
    } else if ('document_fill' in c) {
      runs.push(runDocument(validator, fill(c.document_fill)));
    } else if ('text' in c) {
      runs.push(runText(validator, c.text));
      runs.push(runText(validator, new TextEncoder().encode(c.text)));
    } else if ('text_hex' in c) {
      runs.push(runText(validator, Buffer.from(c.text_hex, 'hex')));
    } else if ('text_fill' in c) {
      runs.push(runText(validator, fill(c.text_fill)));
    } else assert.fail(`${c.name}: no input`);
    for (const run of runs) check(c.name, c.expect, run.got, run.issues, run.parsed);
  });
}

test('path vectors', () => {
  let count = 0;
  const expectPath = (c, work) => {
    if ('ok' in c.expect) assert.equal(work(), c.expect.ok, JSON.stringify(c));
    else {
      assert.throws(work, (error) => {
        assert.ok(error instanceof PathError, `${error}`);
        assert.equal(error.code, c.expect.error);
        return true;
      }, JSON.stringify(c));
    }
    count += 1;
  };
  for (const c of vectors.paths.segments) expectPath(c, () => encodePathSegment(c.input));
  for (const c of vectors.paths.templates) {
    expectPath(c, () => buildPath(c.template, c.params));
    expectPath(c, () => buildPath(c.template, new Map(Object.entries(c.params))));
  }
  assert.ok(count > 20);
});

test('native and WASM builds give identical issues and messages on every vector', () => {
  let native;
  try {
    native = createApi(loadNative());
  } catch {
    return; // No native build on this platform: nothing to compare.
  }
  const wasm = createApi(loadWasm());
  let compared = 0;
  for (const c of vectors.validate) {
    const inputs = [];
    if ('document' in c) inputs.push(['value', c.document], ['text', JSON.stringify(c.document)]);
    if ('document_fill' in c) inputs.push(['value', fill(c.document_fill)]);
    if ('text' in c) inputs.push(['text', c.text]);
    if ('text_fill' in c) inputs.push(['text', fill(c.text_fill)]);
    if ('text_hex' in c) inputs.push(['text', Buffer.from(c.text_hex, 'hex')]);
    const results = [native, wasm].map((api) => {
      const built = outcome(() => new api.Validator(schemaOf(c), optionsOf(c)));
      if (!built.ok) return [[built.error.code, built.error.message]];
      return inputs.map(([kind, input]) => {
        const run = outcome(() => (kind === 'value' ? built.result.errors(input) : built.result.validateJson(input)));
        if (run.ok) return kind === 'value' ? run.result : 'ok';
        return [run.error.code, run.error.message, run.error.errors ?? null];
      });
    });
    assert.deepEqual(results[1], results[0], c.name);
    compared += 1;
  }
  assert.equal(compared, vectors.validate.length);
});

test('texts of every size and script, one after another, get the same answers from both builds', () => {
  // The WASM build reads texts as UTF-8 through a buffer reused from call to call (a new one
  // for long texts), parses them into a document whose buffers are reused too, and reads object
  // members in key order: every answer must be the native build's, whatever came before.
  let native;
  try {
    native = createApi(loadNative());
  } catch {
    native = undefined; // No native build on this platform: the expected verdicts still hold.
  }
  const wasm = createApi(loadWasm());
  const schema = {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 2, maxLength: 8 },
      tags: { type: 'array', items: { type: 'string' }, uniqueItems: true },
      n: { type: 'integer' },
    },
    patternProperties: { '^k[0-9]+$': { type: 'integer' } },
    propertyNames: { maxLength: 64 },
    additionalProperties: { type: 'string' },
    required: ['name'],
  };
  const manyKeys = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${39 - i}`, i]));
  const cases = [
    [{ name: 'é\u{1F600}', tags: ['日本', '日本語'], n: 1 }, true],
    [{ name: 'ab', tags: ['x', 'x'] }, false],
    [{ name: '\u{1F600}'.repeat(9) }, false],
    [{ name: 'ok', long: 'é'.repeat(100_000) }, true], // beyond the shared buffer
    [{ name: 'ok', ['k'.repeat(65)]: 'v' }, false],
    [{ name: 'ok', other: 'x'.repeat(2_000_000) }, true], // a document too large to keep
    [{ name: 'ok', ...manyKeys }, true],
    [{ name: 'ok', ...manyKeys, k7: 'seven', zz: 1, aa: 2 }, false],
    [{ name: 'ok', 'a"b\\c\n': 'escaped key' }, true],
    [{ name: 'x' }, false],
    [{ name: 'ok' }, true],
  ];
  const texts = [
    ['{"name":"ok","k1":1,"k1":"dup"}', 'VALIDATION_INVALID_JSON'],
    ['{"name":"\\u00e9\\ud83d\\ude00","n":5}', true],
    ['{"name":"ok","n":9007199254740993}', true],
  ];
  const apis = native ? [native, wasm] : [wasm];
  const lenient = { limits: { allowDuplicateKeys: true, maxStringBytes: 4_000_000 } };
  const results = apis.map((api) => {
    const v = new api.Validator(schema, { limits: { maxStringBytes: 4_000_000, maxBytes: 4_000_000 } });
    const dup = new api.Validator(schema, lenient);
    const answers = [];
    for (let round = 0; round < 2; round++) {
      for (const [document, valid] of cases) {
        assert.equal(v.isValid(document), valid, JSON.stringify(document).slice(0, 80));
        answers.push(v.errors(document));
        const text = JSON.stringify(document);
        const parsed = outcome(() => v.validateJson(text));
        assert.equal(parsed.ok, valid);
        answers.push(parsed.ok ? parsed.result : parsed.error.errors);
        answers.push(outcome(() => v.validateJson(new TextEncoder().encode(text))).ok);
      }
      for (const [text, expected] of texts) {
        const got = outcome(() => v.validateJson(text));
        if (expected === true) assert.ok(got.ok, text);
        else assert.equal(got.error.code, expected, text);
        answers.push(got.ok ? got.result : got.error.message);
      }
      // Duplicates allowed: the last copy wins, for the verdict and the returned value.
      assert.deepEqual(dup.validateJson('{"name":"x","name":"ok","k1":"s","k1":2}'), { name: 'ok', k1: 2 });
      assert.equal(outcome(() => dup.validateJson('{"name":"ok","name":"x"}')).error.code, 'VALIDATION_FAILED');
    }
    assert.equal(v.validateJson('{"name":"ok","n":9007199254740993}').n, 9007199254740993n);
    return answers;
  });
  if (native) assert.deepEqual(results[1], results[0]);
});

test('WASM: where randomness is refused (a Worker\'s global scope), compilation waits for first use', () => {
  const api = createApi(loadWasm()); // a fresh facade: nothing compiled through it yet
  const crypto = globalThis.crypto;
  const real = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(crypto), 'getRandomValues');
  Object.defineProperty(crypto, 'getRandomValues', {
    configurable: true,
    value: () => {
      throw new Error('Disallowed operation called within global scope');
    },
  });
  let deferred;
  let invalid;
  try {
    deferred = new api.Validator({ type: 'integer' });
    invalid = new api.Validator({ type: 'strin' }); // refused at first use instead
  } finally {
    delete crypto.getRandomValues;
    assert.deepEqual(Object.getOwnPropertyDescriptor(Object.getPrototypeOf(crypto), 'getRandomValues'), real);
  }
  assert.ok(deferred.isValid(1));
  assert.ok(!deferred.isValid('1'));
  assert.equal(deferred.draft, 'draft2020-12');
  assert.throws(() => invalid.isValid(1), api.SchemaError);
  assert.throws(() => invalid.validateJson('1'), api.SchemaError);
  assert.throws(() => new api.Validator({ type: 'strin' }), api.SchemaError, 'compiles eagerly again');
});

// --- the JS value semantics --------------------------------------------------------------------

test('native values are validated as JSON.stringify writes them', () => {
  const integer = new Validator({ type: 'integer' });
  assert.ok(integer.isValid(1.0));
  assert.ok(integer.isValid(-0));
  assert.ok(!integer.isValid(1.5));
  assert.ok(!integer.isValid(true));
  assert.ok(integer.isValid(2n ** 63n)); // a BigInt is an exact integer
  assert.ok(integer.isValid(-(2n ** 63n)));
  const dated = new Validator({ type: 'string', format: 'date-time' });
  assert.ok(dated.isValid(new Date(0))); // toJSON: the ISO string
  const closed = new Validator({ type: 'object', additionalProperties: false, properties: { a: { type: 'number' } } });
  assert.ok(closed.isValid({ a: 1, b: undefined, c: () => 1 })); // omitted, as JSON.stringify does
  assert.ok(!closed.isValid({ a: Number.NaN })); // null, not a number
  const max = new Validator({ type: 'integer', maximum: 9007199254740993n }); // exact in the schema too
  assert.ok(max.isValid(9007199254740993n));
  assert.ok(!max.isValid(9007199254740994n), 'BigInts compare exactly, not as doubles');
});

test('strings that imitate the BigInt marks stay strings', () => {
  const v = new Validator({ type: 'object', properties: { s: { type: 'string' }, a: { type: 'integer', minimum: 5 } } });
  const mark = (n, digits) => `\u0000edgeward-bigint-${n}:${digits}`;
  assert.ok(v.isValid({ a: 5n, s: mark(0, 5) }));
  assert.ok(!v.isValid({ a: 4n, s: mark(0, 5) }));
  assert.ok(v.isValid({ a: 5n, s: mark(0, 5), [mark(1, 2)]: 1, t: [mark(2, 3)] }), 'falls back to the next mark');
  const all = { a: 5n, k: [0, 1, 2, 3].map((n) => mark(n, 7)) };
  assert.throws(() => v.isValid(all), { name: 'ValidationError', code: 'VALIDATION_INVALID_JSON' });
  assert.ok(v.isValid({ a: 5, k: [0, 1, 2, 3].map((n) => mark(n, 7)) }), 'no BigInt: plain JSON.stringify');
});

test('BigInts beyond 64 bits are refused unless lossy integers are allowed', () => {
  const v = new Validator({ type: 'integer' });
  assert.throws(() => v.isValid(2n ** 64n), { name: 'ValidationError', code: 'VALIDATION_LIMIT_EXCEEDED' });
  assert.ok(v.isValid(2n ** 64n - 1n));
  const lossy = new Validator({ type: 'integer' }, { limits: { allowLossyIntegers: true } });
  assert.ok(lossy.isValid(2n ** 100n));
});

test('validateJson keeps integers beyond 2^53 exact, as BigInt', () => {
  const v = new Validator({});
  assert.deepEqual(v.validateJson('{"id":9007199254740993,"n":1,"f":1.5}'), { id: 9007199254740993n, n: 1, f: 1.5 });
  assert.equal(v.validateJson('9007199254740991'), 9007199254740991);
  assert.equal(v.validateJson('-9007199254740992'), -9007199254740992n);
  assert.equal(v.validateJson('18446744073709551615'), 18446744073709551615n);
  assert.equal(v.validateJson('"12345678901234567890"'), '12345678901234567890');
  const odd = v.validateJson('{"a/b":{"~c":[0,[12345678901234567890]]},"__proto__":{"x":9223372036854775807}}');
  assert.equal(odd['a/b']['~c'][1][0], 12345678901234567890n);
  assert.equal(Object.getPrototypeOf(odd), Object.prototype, 'no prototype pollution');
  assert.equal(odd.__proto__.x, 9223372036854775807n); // an own property, as JSON.parse makes it
  assert.equal({}.x, undefined);
  // Round trip: what validateJson returns validates again as a value.
  const ids = new Validator({ type: 'object', properties: { id: { type: 'integer', minimum: 9007199254740993n } } });
  assert.ok(ids.isValid(ids.validateJson('{"id":9007199254740993}')));
});

test('validateJson takes strings, Buffers, Uint8Arrays, ArrayBuffers and views', () => {
  const v = new Validator({ type: 'object', required: ['a'] });
  const text = '{"a":"caf\u00e9"}';
  const bytes = new TextEncoder().encode(text);
  for (const body of [text, bytes, Buffer.from(text), bytes.buffer, new DataView(bytes.buffer)]) {
    assert.deepEqual(v.validateJson(body), { a: 'caf\u00e9' });
  }
  for (const body of [{ a: 1 }, null, undefined, 42]) {
    assert.throws(() => v.validateJson(body), { name: 'ValidationError', code: 'VALIDATION_INVALID_JSON' });
  }
  assert.throws(() => v.validateJson('{"a":"\ud800"}'), { code: 'VALIDATION_INVALID_JSON' }, 'a lone surrogate has no UTF-8 form');
  // Shared memory reads like any bytes; a transferred buffer is named, on every backend.
  const shared = new SharedArrayBuffer(bytes.length);
  new Uint8Array(shared).set(bytes);
  assert.deepEqual(v.validateJson(new Uint8Array(shared)), { a: 'caf\u00e9' });
  const moved = bytes.slice();
  structuredClone(moved.buffer, { transfer: [moved.buffer] });
  assert.throws(() => v.validateJson(moved), { code: 'VALIDATION_INVALID_JSON', message: /detached/ });
});

test('options are checked, and misspelt ones refused', () => {
  assert.equal(new Validator({}).draft, 'draft2020-12');
  assert.equal(new Validator({ $schema: 'http://json-schema.org/draft-07/schema#' }).draft, 'draft7');
  assert.equal(new Validator({}, { draft: 'draft7' }).draft, 'draft7');
  for (const options of [
    { draft: 'draft8' },
    { assertFormat: false },
    { assertFormats: 'no' },
    { unknownFormats: 'warn' },
    { unknownFormats: false },
    { unknownFormat: 'ignore' },
    { formats: ['x-sku'] },
    { formats: { 'x-sku': 5 } },
    { formats: { 'x-sku': '[' } },
    { formats: { email: '.+' } },
    { limits: { maxDepth: 0 } },
    { limits: { maxDepth: 1.5 } },
    { limits: { maxDepth: -1 } },
    { limits: { maxDepth: '10' } },
    { limits: { depth: 10 } },
    { limits: { maxDepth: 513 } },
    { resources: [] },
    'strict',
  ]) {
    assert.throws(() => new Validator({}, options), { code: 'VALIDATION_INVALID_OPTIONS' }, JSON.stringify(options));
  }
  assert.ok(new Validator({}, undefined));
  assert.ok(new Validator({}, null));
});

test('invalid schemas fail with SchemaError, naming where', () => {
  assert.throws(() => new Validator({ properties: { a: { minimum: 'zero' } } }), (error) => {
    assert.ok(error instanceof SchemaError);
    assert.equal(error.code, 'SCHEMA_INVALID');
    assert.match(error.message, /\/properties\/a\/minimum/);
    return true;
  });
  assert.throws(() => new Validator({ pattern: '(?<=a)b' }), SchemaError);
  assert.throws(() => new Validator({ $ref: 'https://example.com/s.json' }), /never fetches/);
    const cyclic = {};
  cyclic.items = cyclic;
  assert.throws(() => new Validator(cyclic), SchemaError);
  assert.throws(() => new Validator(undefined), SchemaError);
  assert.ok(new Validator(true).isValid(1));
  assert.ok(!new Validator(false).isValid(1));
});

test('issue messages never echo the value unless includeValues', () => {
  const schema = { type: 'object', properties: { card: { type: 'string', pattern: '^tok_' } }, propertyNames: { maxLength: 8 } };
  const doc = { card: '4242424242424242', sk_live_secret_key: 1 };
  const quiet = new Validator(schema);
  const text = JSON.stringify(quiet.errors(doc)) + outcome(() => quiet.validate(doc)).error.message;
  assert.ok(!text.includes('4242424242424242') && !text.includes('sk_live_secret_key'), text);
  const loud = new Validator(schema, { includeValues: true });
  assert.match(JSON.stringify(loud.errors(doc)), /4242424242424242/);
});

// --- hostile input ---------------------------------------------------------------------------

function nested(depth, make) {
  let value = 1;
  for (let i = 0; i < depth; i++) value = make(value);
  return value;
}

test('100,000 nested arrays and objects: a clean VALIDATION_LIMIT_EXCEEDED, and the instance keeps working', () => {
  const v = new Validator({ type: 'object' });
  const deepArray = nested(100_000, (x) => [x]);
  const deepObject = nested(100_000, (x) => ({ a: x }));
  const hostile = [
    () => v.isValid(deepArray),
    () => v.errors(deepObject),
    () => v.validate(deepArray),
    () => v.validateJson('['.repeat(100_000)),
    () => v.validateJson(`${'['.repeat(100_000)}${']'.repeat(100_000)}`),
    () => v.validateJson(Buffer.from(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`)),
    () => v.isValid(nested(129, (x) => [x])),
    () => v.isValid(nested(5000, (x) => ({ a: x }))),
  ];
  for (const attempt of hostile) {
    assert.throws(attempt, (error) => error instanceof ValidationError && error.code === 'VALIDATION_LIMIT_EXCEEDED');
    // The same instance (and, for WASM, the same WebAssembly instance) still answers.
    assert.ok(v.isValid({ ok: true }));
    assert.deepEqual(v.validateJson('{"ok":true}'), { ok: true });
  }
  assert.ok(v.isValid({ a: nested(127, (x) => [x]) }));
  const deep = new Validator({}, { limits: { maxDepth: 512 } });
  assert.ok(deep.isValid(nested(512, (x) => [x])));
  assert.throws(() => deep.isValid(nested(513, (x) => [x])), { code: 'VALIDATION_LIMIT_EXCEEDED' });
});

test('cycles are refused cleanly', () => {
  const v = new Validator({});
  const a = { name: 'a' };
  a.self = a;
  const list = [1];
  list.push(list);
  for (const value of [a, list, { x: { y: [a] } }]) {
    assert.throws(() => v.isValid(value), { name: 'ValidationError', code: 'VALIDATION_LIMIT_EXCEEDED' });
  }
  assert.ok(v.isValid({ name: 'fine' }));
});

test('huge numbers, duplicate keys and oversized strings', () => {
  const v = new Validator({});
  for (const text of ['1e400', '-1e400', '9'.repeat(100_000), `[${'1'.repeat(30)}]`]) {
    assert.throws(() => v.validateJson(text), { code: 'VALIDATION_LIMIT_EXCEEDED' }, text.slice(0, 20));
  }
  assert.equal(v.validateJson('1e308'), 1e308);
  assert.ok(v.isValid(1e308));
  assert.throws(() => v.validateJson('{"a":1,"a":2}'), { code: 'VALIDATION_INVALID_JSON' });
  const lenient = new Validator({}, { limits: { allowDuplicateKeys: true } });
  assert.deepEqual(lenient.validateJson('{"a":1,"b":0,"a":2}'), { a: 2, b: 0 });
  const small = new Validator({}, { limits: { maxStringBytes: 16, maxArrayItems: 3, maxObjectKeys: 2, maxBytes: 64 } });
  assert.throws(() => small.isValid('x'.repeat(17)), { code: 'VALIDATION_LIMIT_EXCEEDED' });
  assert.throws(() => small.isValid({ ['k'.repeat(17)]: 1 }), { code: 'VALIDATION_LIMIT_EXCEEDED' });
  assert.throws(() => small.isValid([1, 2, 3, 4]), { code: 'VALIDATION_LIMIT_EXCEEDED' });
  assert.throws(() => small.isValid({ a: 1, b: 2, c: 3 }), { code: 'VALIDATION_LIMIT_EXCEEDED' });
  assert.ok(small.isValid(['x'.repeat(16), 'a', 'b']));
  assert.throws(() => small.validateJson(`"${'a'.repeat(70)}"`), { code: 'VALIDATION_LIMIT_EXCEEDED' });
  assert.ok(small.isValid({ a: 'x'.repeat(16), b: [1, 2, 3] }), 'maxBytes does not apply to values');
});

test('catastrophic-backtracking patterns run in linear time', () => {
  const v = new Validator({ type: 'string', pattern: '^(a+)+$' });
  const evil = `${'a'.repeat(100_000)}!`;
  const start = performance.now();
  assert.ok(!v.isValid(evil));
  assert.equal(v.errors(evil)[0].keyword, 'pattern');
  assert.throws(() => v.validateJson(JSON.stringify(evil)), { code: 'VALIDATION_FAILED' });
  const elapsed = performance.now() - start;
  assert.ok(elapsed < 5000, `took ${elapsed} ms`);
});

test('values without a JSON form, and errors thrown by toJSON', () => {
  const v = new Validator({});
  for (const value of [undefined, () => 1, Symbol('s')]) {
    assert.throws(() => v.isValid(value), { name: 'ValidationError', code: 'VALIDATION_INVALID_JSON' });
  }
  const boom = new Error('boom');
  assert.throws(() => v.isValid({ toJSON: () => { throw boom; } }), (error) => error === boom);
  assert.throws(() => v.isValid({ a: { toJSON: () => { throw new TypeError('mine'); } } }), /mine/);
});

test('path helpers refuse what they cannot encode safely', () => {
  assert.equal(encodePathSegment(42), '42');
  assert.equal(encodePathSegment(2n ** 70n), '1180591620717411303424');
  assert.equal(buildPath('/r/{id}', { id: 7 }), '/r/7');
  for (const bad of [1.5, null, undefined, {}, ['a']]) {
    assert.throws(() => encodePathSegment(bad), { name: 'PathError', code: 'PATH_INVALID' });
    assert.throws(() => buildPath('/r/{id}', { id: bad }), { name: 'PathError', code: 'PATH_INVALID' });
  }
  assert.throws(() => buildPath(1, {}), PathError);
  assert.throws(() => buildPath('/r', 'id'), PathError);
  assert.throws(() => buildPath('/r/{id}', { id: '../admin/x', extra: 'y' }), /`extra`/);
  const error = outcome(() => buildPath('/r/{id}', { id: '..' })).error;
  assert.ok(!error.message.includes('".."'));
  assert.equal(buildPath('/static'), '/static');
});
