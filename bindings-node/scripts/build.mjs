// Builds the native addon for this platform and the two WASM builds into this package:
// wasm/ (everything) and wasm-lean/ (webhooks and redaction, for `edgeward/webhooks`).
// The entries that load them are lib/entries/ (generated from lib/exports.js by
// scripts/entries.mjs, committed), so this script writes build output only.
// Needs cargo, the wasm32-unknown-unknown target and wasm-bindgen-cli (scripts/setup.sh).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { addonFile, currentPlatform } from '../lib/platforms.js';

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(pkg);
const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const run = (cmd, args, env = {}) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
const only = process.argv[2]; // "native", "wasm" or nothing for both

if (only !== 'wasm') {
  // A development build for this machine, loaded when no platform package is installed (the
  // published addons are built by scripts/build-platform.mjs into npm/<platform>/).
  run('cargo', ['build', '--locked', '--release', '-p', 'edgeward-node']);
  const ext = { darwin: 'dylib', win32: 'dll' }[process.platform] ?? 'so';
  const prefix = process.platform === 'win32' ? '' : 'lib';
  mkdirSync(join(pkg, 'native'), { recursive: true });
  copyFileSync(
    join(target, 'release', `${prefix}edgeward_node.${ext}`),
    join(pkg, 'native', addonFile(currentPlatform() ?? `${process.platform}-${process.arch}`)),
  );
}

function buildWasm(outName, profile, cargoFeatures) {
  // Each build gets its own target dir: the two feature sets would overwrite one artifact.
  const wasmTarget = join(target, outName);
  run('cargo', [
    'build', '--locked', '--profile', profile, '-p', 'edgeward-wasm', '--target', 'wasm32-unknown-unknown', ...cargoFeatures,
  ], {
    CARGO_TARGET_DIR: wasmTarget,
    // WASM SIMD (every engine since 2023: V8/workerd, SpiderMonkey, Safari 16.4): the sha2
    // crate's SHA-256 then schedules its message words four at a time (its wasm32 backend).
    RUSTFLAGS: `${process.env.RUSTFLAGS ?? ''} -C target-feature=+simd128`.trim(),
  });
  const out = join(pkg, outName);
  rmSync(out, { recursive: true, force: true });
  run('wasm-bindgen', [
    '--target', 'web',
    '--remove-name-section',
    '--remove-producers-section',
    '--out-dir', out,
    join(wasmTarget, 'wasm32-unknown-unknown', profile, 'edgeward_wasm.wasm'),
  ]);
  const wasm = readFileSync(join(out, 'edgeward_wasm_bg.wasm'));
  console.log(`${outName}/edgeward_wasm_bg.wasm: ${wasm.length} bytes, ${gzipSync(wasm, { level: 9 }).length} gzipped`);
}

if (only !== 'native') {
  buildWasm('wasm', 'wasm-release', []);
  buildWasm('wasm-lean', 'wasm-lean', ['--no-default-features']);
}

// The main tarball as `npm pack` makes it (the addons are in the platform packages).
const MAX_MAIN_PACKED = 2 * 1024 * 1024;
const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: pkg, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
console.log(`npm pack: ${packed.filename} ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${packed.entryCount} files (limit ${MAX_MAIN_PACKED} packed)`);
if (packed.size >= MAX_MAIN_PACKED) throw new Error(`the main tarball is ${packed.size} bytes, over ${MAX_MAIN_PACKED}`);
