// The shared redaction corpus (tests/redact/corpus.json) through the JS API: every record
// as a native value (`redact`) and as JSON text (`redactJson`), NDJSON and free text, with
// outputs and reports identical to the corpus (and so to Rust). Zero planted secrets survive,
// every look-alike does. Runs against whichever build EDGEWARD_BACKEND selects.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Redactor } from 'edgeward';

const corpus = JSON.parse(readFileSync(new URL('../../tests/redact/corpus.json', import.meta.url), 'utf8'));

const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const fromHex = (hex) => Uint8Array.from(hex.match(/../g), (b) => parseInt(b, 16));

/** The corpus' snake_case options as the JS API's camelCase options, report on. */
export function jsOptions(options = {}) {
  const out = { report: true };
  for (const [name, value] of Object.entries(options)) {
    if (name === 'hash_key_hex') out.hashKey = fromHex(value);
    else out[camel(name)] = value;
  }
  return out;
}

const findings = (report) => report.findings.map((f) => [f.rule, f.path, f.detector, f.confidence, f.line]);

function check(record, output) {
  const text = typeof output === 'string' ? output : JSON.stringify(output);
  for (const secret of record.planted ?? []) assert.ok(!text.includes(secret), `${record.name}: planted secret survived`);
  for (const lookalike of record.lookalikes ?? []) assert.ok(text.includes(lookalike), `${record.name}: look-alike ${lookalike} was redacted`);
}

for (const record of corpus.records) {
  test(`corpus: ${record.name} (${record.kind})`, () => {
    const r = new Redactor(jsOptions(record.options));
    const expectedFindings = record.findings;
    switch (record.kind) {
      case 'json': {
        const input = structuredClone(record.input);
        const { value, report } = r.redact(input);
        assert.deepEqual(input, record.input, 'the caller object is untouched');
        assert.deepEqual(value, record.expected);
        assert.deepEqual(findings(report), expectedFindings);
        const text = r.redactJson(JSON.stringify(record.input));
        assert.deepEqual(JSON.parse(text.value), record.expected);
        assert.deepEqual(findings(text.report), expectedFindings);
        check(record, value);
        check(record, text.value);
        break;
      }
      case 'json_text': {
        const { value, report } = r.redactJson(record.input);
        assert.equal(value, record.expected);
        assert.deepEqual(findings(report), expectedFindings);
        check(record, value);
        break;
      }
      case 'ndjson': {
        const { value, report } = r.redactNdjson(record.input);
        assert.equal(value, record.expected);
        assert.deepEqual(findings(report), expectedFindings);
        check(record, value);
        break;
      }
      case 'text': {
        const { value, report } = r.redactText(record.input);
        assert.equal(value, record.expected);
        assert.deepEqual(findings(report), expectedFindings);
        check(record, value);
        break;
      }
      default:
        assert.fail(`unknown kind ${record.kind}`);
    }
  });
}

test('corpus: without report, methods return the bare result', () => {
  const r = new Redactor();
  const record = corpus.records.find((x) => x.kind === 'json');
  assert.deepEqual(r.redact(record.input), record.expected);
  assert.deepEqual(JSON.parse(r.redactJson(JSON.stringify(record.input))), record.expected);
});
