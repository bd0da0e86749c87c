// Builds the native addon for this platform and the WASM build into this package.
// Needs cargo, the wasm32-unknown-unknown target and wasm-bindgen-cli (scripts/setup.sh).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(pkg);
const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
const only = process.argv[2]; // "native", "wasm" or nothing for both

if (only !== 'wasm') {
  run('cargo', ['build', '--release', '-p', 'edgeward-node']);
  const ext = { darwin: 'dylib', win32: 'dll' }[process.platform] ?? 'so';
  const prefix = process.platform === 'win32' ? '' : 'lib';
  mkdirSync(join(pkg, 'native'), { recursive: true });
  copyFileSync(
    join(target, 'release', `${prefix}edgeward_node.${ext}`),
    join(pkg, 'native', `edgeward.${process.platform}-${process.arch}.node`),
  );
}

if (only !== 'native') {
  run('cargo', ['build', '--release', '-p', 'edgeward-wasm', '--target', 'wasm32-unknown-unknown']);
  const out = join(pkg, 'wasm');
  rmSync(out, { recursive: true, force: true });
  run('wasm-bindgen', [
    '--target', 'web',
    '--out-dir', out,
    join(target, 'wasm32-unknown-unknown', 'release', 'edgeward_wasm.wasm'),
  ]);
  const glue = join(root, 'bindings-wasm', 'js');
  for (const file of readdirSync(glue)) copyFileSync(join(glue, file), join(out, file));
}
