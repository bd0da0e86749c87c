// Runs a built platform package for real: packs the main package and npm/<platform>/ (its addon
// from scripts/build-platform.mjs), installs both into a fresh project as npm would on that
// platform (--force: npm would refuse another os/cpu), and runs the package test's check
// (verify, refuse a tampered delivery, redact, validate; `import` and `require()`) with the
// given Node binary; fails unless that Node loaded the native addon and got every answer.
//   node scripts/try-platform.mjs linux-arm64-gnu                      on an arm64 runner
//   node scripts/try-platform.mjs linux-arm64-gnu --node ./node-arm64/bin/node \
//     --qemu qemu-aarch64 --sysroot /usr/aarch64-linux-gnu              here, under qemu-user
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { addonFile } from '../lib/platforms.js';
import { EXPECTED } from '../test/package/runtimes/check-lib.js';
import { freshProject } from './worker.mjs';

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { node: { type: 'string' }, qemu: { type: 'string' }, sysroot: { type: 'string' } },
});
const [platform] = positionals;
if (!platform) {
  console.error('usage: node scripts/try-platform.mjs PLATFORM [--node PATH] [--qemu qemu-aarch64 --sysroot DIR]');
  process.exit(2);
}
const addon = join(pkg, 'npm', platform, addonFile(platform));
const { project } = freshProject({ from: join(pkg, 'test', 'package', 'runtimes'), platform: [platform, addon] });
const node = values.node ?? process.execPath;
const [cmd, prefix] = values.qemu ? [values.qemu, ['-L', values.sysroot ?? '/']] : [node, []];
for (const script of ['check.mjs', 'check.cjs']) {
  const args = values.qemu ? [...prefix, node, script] : [script];
  const env = { ...process.env, EDGEWARD_BACKEND: 'native' };
  const out = JSON.parse(execFileSync(cmd, args, { cwd: project, encoding: 'utf8', env }));
  assert.deepEqual(out, { backend: 'native', ...EXPECTED }, script);
  const arch = execFileSync(cmd, values.qemu ? [...prefix, node, '-p', 'process.platform + "-" + process.arch'] : ['-p', 'process.platform + "-" + process.arch'], { encoding: 'utf8' }).trim();
  console.log(`${platform}: ${script} on ${arch} node: native addon, every answer as expected`);
}
