// The official JSON-Schema-Test-Suite (draft 2020-12 and draft 7: the required tests and
// `optional/format`) through `Validator` with its default options, as in the Rust runner
// (core/tests/validate_suite.rs). Every failure must be listed, with a reason, in
// tests/validate/known-failures-<draft>.txt; a failure not listed fails this test. The suite's
// `remotes/` are registered as resources under http://localhost:1234/: nothing is fetched.
// Each test runs on the value (isValid, errors) and on its JSON text (validateJson).
// Runs against whichever build EDGEWARD_BACKEND selects.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { test } from 'node:test';
import { Validator, ValidationError, backend } from 'edgeward';

const repo = new URL('../../', import.meta.url);
const suite = new URL('../shared/conformance/json-schema-test-suite/', repo);
const REMOTES_BASE = 'http://localhost:1234/';

const readJson = (url) => JSON.parse(readFileSync(url, 'utf8'));

function jsonFiles(dir, recursive) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const url = new URL(name, dir);
    if (statSync(url).isDirectory()) {
      if (recursive) out.push(...jsonFiles(new URL(`${name}/`, dir), true));
    } else if (name.endsWith('.json')) out.push(url);
  }
  return out;
}

/** The suite's remotes, less the other drafts' folders (schemas meant for their own draft). */
function remotes(folder) {
  const dir = new URL('remotes/', suite);
  const resources = {};
  for (const url of jsonFiles(dir, true)) {
    const rel = url.href.slice(dir.href.length);
    const top = rel.split('/')[0];
    const otherDraft = rel.includes('/') && (top.startsWith('draft') || top === 'v1') && top !== folder;
    if (!otherDraft) resources[`${REMOTES_BASE}${rel}`] = readJson(url);
  }
  return resources;
}

/** `file :: group :: test` -> reason. */
function readKnown(folder) {
  const url = new URL(`tests/validate/known-failures-${folder}.txt`, repo);
  const known = new Map();
  if (!existsSync(url)) return known;
  for (const line of readFileSync(url, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' || ');
    assert.ok(at > 0, `no \` || reason\` in: ${line}`);
    known.set(line.slice(0, at), line.slice(at + 4));
  }
  return known;
}

/** `undefined` when both paths give the expected verdict, else a reason. */
function verdict(validator, data, expected) {
  if (validator instanceof Error) return `schema refused: ${validator.message}`;
  const valid = validator.isValid(data);
  if (valid !== (validator.errors(data).length === 0)) return 'isValid and errors disagree';
  let textValid;
  try {
    validator.validateJson(JSON.stringify(data));
    textValid = true;
  } catch (error) {
    if (!(error instanceof ValidationError && error.code === 'VALIDATION_FAILED')) return `validateJson: ${error.message}`;
    textValid = false;
  }
  if (textValid !== valid) return `validateJson disagrees with isValid (${textValid} vs ${valid})`;
  if (valid !== expected) return expected ? 'wrongly rejected' : 'wrongly accepted';
  return undefined;
}

function build(schema, options) {
  try {
    return new Validator(schema, options);
  } catch (error) {
    return error;
  }
}

function runDraft(folder, draft) {
  const resources = remotes(folder);
  const dir = new URL(`tests/${folder}/`, suite);
  const files = [...jsonFiles(dir, false), ...jsonFiles(new URL('optional/format/', dir), false)];
  let passed = 0;
  const failures = new Map();
  for (const url of files) {
    const file = url.href.slice(dir.href.length);
    for (const group of readJson(url)) {
      const hasSchemaKeyword = group.schema !== null && typeof group.schema === 'object' && '$schema' in group.schema;
      const validator = build(group.schema, { draft: hasSchemaKeyword ? undefined : draft, resources });
      for (const t of group.tests) {
        const reason = verdict(validator, t.data, t.valid);
        if (reason === undefined) passed += 1;
        else failures.set(`${file} :: ${group.description} :: ${t.description}`, reason);
      }
    }
  }
  return { passed, failures };
}

const present = existsSync(new URL('tests/', suite));

for (const [folder, draft] of [['draft2020-12', 'draft2020-12'], ['draft7', 'draft7']]) {
  test(`JSON-Schema-Test-Suite ${folder} (${backend})`, () => {
    if (!present) {
      console.log(`SKIPPED: JSON-Schema-Test-Suite not found at ${suite.pathname} (the conformance data lives in ../shared/conformance relative to the repository root)`);
      return;
    }
    const { passed, failures } = runDraft(folder, draft);
    const known = readKnown(folder);
    console.log(`${folder} (${backend}): ${passed} of ${passed + failures.size} passed, ${failures.size} known failures`);
    for (const key of known.keys()) {
      if (!failures.has(key)) console.log(`${folder} (${backend}): NOW PASSING, remove from the known-failures list: ${key}`);
    }
    const unexpected = [...failures].filter(([key]) => !known.has(key)).map(([key, reason]) => `${key} (${reason})`);
    assert.deepEqual(unexpected, [], `${unexpected.length} unexpected failure(s), not in known-failures-${folder}.txt`);
    assert.ok(passed > 1000, `only ${passed} tests ran`);
  });
}

test(`draft 2020-12 format.json with assertFormats off is annotation-only (${backend})`, () => {
  if (!present) {
    console.log('SKIPPED: JSON-Schema-Test-Suite not found (../shared/conformance)');
    return;
  }
  let passed = 0;
  const problems = [];
  for (const group of readJson(new URL('tests/draft2020-12/format.json', suite))) {
    const validator = build(group.schema, { assertFormats: false });
    for (const t of group.tests) {
      const reason = verdict(validator, t.data, t.valid);
      if (reason === undefined) passed += 1;
      else problems.push(`${group.description} :: ${t.description} (${reason})`);
    }
  }
  console.log(`draft2020-12 format.json with assertFormats off (${backend}): ${passed} passed`);
  assert.deepEqual(problems, []);
  assert.ok(passed > 100);
});

// Refused by design with the default options (listed as known failures): an unknown format
// name is a schema error. Opted out with `unknownFormats: 'ignore'`, the suite's verdicts hold.
test(`optional/format/unknown.json: refused by default, passes with unknownFormats ignore (${backend})`, () => {
  if (!present) {
    console.log('SKIPPED: JSON-Schema-Test-Suite not found (../shared/conformance)');
    return;
  }
  let passed = 0;
  const problems = [];
  for (const folder of ['draft2020-12', 'draft7']) {
    for (const group of readJson(new URL(`tests/${folder}/optional/format/unknown.json`, suite))) {
      const refused = build(group.schema, { draft: folder });
      if (!(refused instanceof Error && refused.code === 'SCHEMA_INVALID')) problems.push(`${folder} ${group.description}: not refused by default`);
      const validator = build(group.schema, { draft: folder, unknownFormats: 'ignore' });
      for (const t of group.tests) {
        const reason = verdict(validator, t.data, t.valid);
        if (reason === undefined) passed += 1;
        else problems.push(`${folder} ${group.description} :: ${t.description} (${reason})`);
      }
    }
  }
  console.log(`optional/format/unknown.json with unknownFormats ignore (${backend}): ${passed} passed`);
  assert.deepEqual(problems, []);
  assert.ok(passed >= 14);
});
