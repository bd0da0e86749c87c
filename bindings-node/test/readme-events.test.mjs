// The README's "Verified events and routing" and "Loggers" examples, run as written (extracted
// from README.md, so they cannot rot): each JavaScript block is written into this package (so
// that `edgeward` resolves to it) and run with node; what it prints is checked.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const dir = mkdtempSync(join(pkg, '.readme-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The ```js blocks of the README section titled `title`. */
function blocks(title) {
  const start = readme.indexOf(`\n## ${title}\n`);
  assert.ok(start !== -1, `README section ${title}`);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
}

function run(code, name) {
  const file = join(dir, name);
  writeFileSync(file, code);
  return execFileSync(process.execPath, [file], { encoding: 'utf8', env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

test('Verified events and routing: the examples run and print what they say', () => {
  const [events, router] = blocks('Verified events and routing');
  assert.equal(run(events, 'events.mjs'), 'invoice.paid msg_1 4200\n');
  assert.equal(run(router, 'router.mjs'), "true push [ 'pushed to refs/heads/main' ]\n");
});

test('Loggers: the example runs and prints no secret', () => {
  const [loggers] = blocks('Loggers');
  const out = run(loggers, 'loggers.mjs');
  const [winstonLine, consoleLine] = out.trim().split('\n');
  assert.deepEqual(JSON.parse(winstonLine), { level: 'info', message: 'token Bearer [REDACTED]', password: '[REDACTED]', user: 'ann' });
  assert.equal(consoleLine, "{ apiKey: '[REDACTED]', user: 'ann' }");
});
