// The one export list (lib/exports.js) against the generated entries (lib/entries/) and the
// backends: an entry that is stale or exports other names than the list fails here, and so
// does a backend (native addon, WASM, lean WASM) missing something the facade takes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createApi } from '../lib/api.js';
import { BACKEND_NEEDS } from '../lib/backend.js';
import { loadNative, loadWasm, loadWasmLean } from '../lib/backends.js';
import { FULL, LEAN } from '../lib/exports.js';
import { ENTRIES_DIR, ENTRY_NAMES, entries, staleEntries } from '../scripts/entries.mjs';

/** The names an entry's text exports (`export const { … } =` or `export { … } from`). */
function exportedNames(text) {
  const block = text.match(/export (?:const )?\{([^}]*)\}/);
  assert.ok(block, 'an export list');
  return block[1].split(',').map((n) => n.trim()).filter(Boolean);
}

test('the committed entries are what scripts/entries.mjs generates', () => {
  assert.deepEqual(staleEntries(), [], 'run `node scripts/entries.mjs`');
  assert.deepEqual(Object.keys(entries()).sort(), Object.keys(ENTRY_NAMES).sort());
});

test('every entry exports exactly the names of the list', async () => {
  assert.ok(LEAN.every((n) => FULL.includes(n)), 'the lean list is a subset');
  for (const [file, names] of Object.entries(ENTRY_NAMES)) {
    const text = readFileSync(join(ENTRIES_DIR, file), 'utf8');
    assert.deepEqual(exportedNames(text), [...names], file);
  }
  // The Node entries, loaded (the WASM ones need a bundler or a fetch: the package test).
  for (const [specifier, names] of [['edgeward', FULL], ['edgeward/webhooks', LEAN]]) {
    const module = await import(specifier);
    assert.deepEqual(Object.keys(module).sort(), [...names].sort(), specifier);
    for (const name of names) assert.notEqual(module[name], undefined, `${specifier}: ${name}`);
  }
});

test('package.json maps every entry to a generated file', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const targets = Object.values(pkg.exports).flatMap((e) => (typeof e === 'string' ? [] : Object.values(e)));
  const files = targets.filter((t) => t.startsWith('./lib/entries/')).map((t) => t.slice('./lib/entries/'.length));
  assert.deepEqual([...new Set(files)].sort(), Object.keys(ENTRY_NAMES).sort());
});

for (const [name, load, needs, names] of [
  ['native', loadNative, [...BACKEND_NEEDS.lean, ...BACKEND_NEEDS.full], FULL],
  ['wasm', loadWasm, [...BACKEND_NEEDS.lean, ...BACKEND_NEEDS.full], FULL],
  ['wasm lean', loadWasmLean, BACKEND_NEEDS.lean, LEAN],
]) {
  test(`the ${name} backend provides what the facade takes, under the same names`, async () => {
    const backend = await load();
    for (const need of needs) assert.equal(typeof backend[need], 'function', `${name}: ${need}`);
    if (name === 'wasm lean') assert.equal(backend.Validator, undefined, 'the lean build has no validator');
    // The facade over it provides every name of its entries.
    const api = createApi(backend);
    for (const exported of names) assert.notEqual(api[exported], undefined, `${name}: ${exported}`);
    // The classes answer to the same methods in every backend.
    const wh = new backend.Webhook(['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], undefined, undefined, undefined, undefined);
    for (const method of ['verifyBytes', 'verifyString', 'signBytes', 'signString', 'signHeadersBytes', 'signHeadersString', 'setReplayGuard']) {
      assert.equal(typeof wh[method], 'function', `${name}: Webhook.${method}`);
    }
    for (const getter of ['scheme', 'headerNames', 'signatureHeader', 'signsOneValue']) assert.notEqual(wh[getter], undefined, `${name}: Webhook.${getter}`);
    const redactor = new backend.Redactor('{}');
    for (const method of ['json', 'logLine', 'ndjson', 'text']) assert.equal(typeof redactor[method], 'function', `${name}: Redactor.${method}`);
    assert.equal(redactor.circularMarker, '[Circular]', `${name}: Redactor.circularMarker`);
    assert.equal(redactor.maxDepth, 64, `${name}: Redactor.maxDepth`);
  });
}
