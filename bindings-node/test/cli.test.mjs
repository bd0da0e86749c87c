// `npx edgeward`: the package's bin runs the Rust command line in the native addon. The same
// commands as the binary (crate cli/, tested there in depth); here: that the entry point runs
// them with real standard streams and exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/edgeward.js', import.meta.url));
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const run = (args, input = '', cwd = undefined) =>
  spawnSync(process.execPath, [bin, ...args], { input, cwd, encoding: 'utf8', env: { ...process.env, WH_SECRET: SECRET } });

test('edgeward --help lists every command', () => {
  const out = run(['--help']);
  assert.equal(out.status, 0, out.stderr);
  for (const command of ['sign', 'send', 'verify', 'redact', 'validate', 'scan']) assert.match(out.stdout, new RegExp(`\\b${command}\\b`));
});

test('sign, then verify, with a diagnosis on failure and no secret in any output', () => {
  const body = '{"type":"invoice.paid"}';
  const signed = run(['sign', '--scheme', 'standard', '--secret-env', 'WH_SECRET', '--timestamp', '1700000000', '--id', 'msg_1'], body);
  assert.equal(signed.status, 0, signed.stderr);
  const headers = signed.stdout.trim().split('\n').flatMap((line) => ['--header', line]);
  const ok = run(['verify', '--scheme', 'standard', '--secret-env', 'WH_SECRET', '--now', '1700000010', '--json', ...headers], body);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.equal(JSON.parse(ok.stdout).verified, true);
  const stale = run(['verify', '--scheme', 'standard', '--secret-env', 'WH_SECRET', '--now', '1700009999', '--json', ...headers], body);
  assert.equal(stale.status, 1);
  const verdict = JSON.parse(stale.stdout);
  assert.equal(verdict.code, 'WEBHOOK_TIMESTAMP_TOO_OLD');
  assert.equal(verdict.diagnosis[0].cause, 'clock_skew');
  assert.ok(!(stale.stdout + stale.stderr).includes(SECRET.slice(6)));
});

test('scan finds a planted key, prints it masked, and exits 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgeward-npx-scan-'));
  const key = ['sk_live_', '4eC39HqLyjWDarjtT1zdp7dc'].join('');
  writeFileSync(join(dir, 'config.js'), `export const stripeKey = '${key}';\n`);
  const out = run(['scan', '--json'], '', dir);
  assert.equal(out.status, 1, out.stderr);
  const finding = JSON.parse(out.stdout.trim().split('\n')[0]);
  assert.deepEqual([finding.file, finding.line, finding.rule], ['config.js', 1, 'stripe_key']);
  assert.ok(!out.stdout.includes(key));
});

test('usage errors exit 2', () => {
  assert.equal(run(['sign', '--scheme', 'stripe', '--secret-env', 'EDGEWARD_UNSET_VARIABLE']).status, 2);
  assert.equal(run(['nonsense']).status, 2);
});
