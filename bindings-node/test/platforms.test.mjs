// The native addon's platform packages (issue 17): the table in lib/platforms.js against the
// generated npm/<platform>/ manifests, the loader's choice (platform package, then a local
// build, then WASM with one warning) with the platform facts injected, the real fallback in a
// child process, and the checks scripts/build-platform.mjs runs on each built addon.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SILENCE_ENV, WASM_FALLBACK_WARNING, loadNative, pickNodeBackend, resetWarning } from '../lib/backends.js';
import { PLATFORMS, addonFile, currentPlatform, detectLibc, packageName } from '../lib/platforms.js';
import { GLIBC_FLOOR, binaryKind, buildCommand, compareVersions, muslProblems, newestGlibc } from '../scripts/build-platform.mjs';
import { NPM_DIR, optionalDependencies, stalePlatformFiles } from '../scripts/platform-packages.mjs';
import { manifestText } from '../scripts/prepack.mjs';

const pkgDir = new URL('..', import.meta.url);
const main = JSON.parse(readFileSync(new URL('package.json', pkgDir), 'utf8'));

test('the napi-rs platform names, one package each', () => {
  assert.deepEqual(Object.keys(PLATFORMS), [
    'linux-x64-gnu',
    'linux-x64-musl',
    'linux-arm64-gnu',
    'linux-arm64-musl',
    'darwin-x64',
    'darwin-arm64',
    'win32-x64-msvc',
  ]);
  assert.equal(packageName('darwin-arm64'), 'edgeward-darwin-arm64');
  assert.equal(addonFile('linux-arm64-musl'), 'edgeward.linux-arm64-musl.node');
});

test('npm/<platform>/package.json are generated from the table, at the main version', () => {
  assert.deepEqual(stalePlatformFiles(), [], 'run `node scripts/platform-packages.mjs`');
  for (const [platform, spec] of Object.entries(PLATFORMS)) {
    const manifest = JSON.parse(readFileSync(join(NPM_DIR, platform, 'package.json'), 'utf8'));
    assert.equal(manifest.name, `edgeward-${platform}`);
    assert.equal(manifest.version, main.version);
    assert.deepEqual(manifest.os, [spec.os]);
    assert.deepEqual(manifest.cpu, [spec.cpu]);
    assert.deepEqual(manifest.libc, spec.libc ? [spec.libc] : undefined);
    assert.equal(manifest.main, `edgeward.${platform}.node`);
    assert.deepEqual(manifest.files, [manifest.main, 'LICENSE-MIT', 'LICENSE-APACHE']);
    assert.equal(manifest.license, main.license);
    assert.deepEqual(manifest.repository, main.repository);
  }
  assert.deepEqual(optionalDependencies(main), Object.fromEntries(Object.keys(PLATFORMS).map((p) => [`edgeward-${p}`, main.version])));
});

test('prepack adds the optionalDependencies to package.json and postpack takes them out again', () => {
  // The committed text is what postpack writes (so a pack leaves no diff behind).
  const committed = readFileSync(new URL('package.json', pkgDir), 'utf8');
  assert.equal(manifestText(false, committed), committed);
  assert.equal(main.optionalDependencies, undefined, 'written when packing, not committed (npm ci needs them in the lock)');
  const packed = JSON.parse(manifestText(true, committed));
  assert.deepEqual(packed.optionalDependencies, optionalDependencies(main));
  assert.equal(manifestText(false, manifestText(true, committed)), committed);
});

test('the platform of a process, from its os, cpu and libc', () => {
  const cases = [
    [{ platform: 'linux', arch: 'x64', libc: 'glibc' }, 'linux-x64-gnu'],
    [{ platform: 'linux', arch: 'x64', libc: 'musl' }, 'linux-x64-musl'],
    [{ platform: 'linux', arch: 'arm64', libc: 'glibc' }, 'linux-arm64-gnu'],
    [{ platform: 'linux', arch: 'arm64', libc: 'musl' }, 'linux-arm64-musl'],
    [{ platform: 'darwin', arch: 'x64' }, 'darwin-x64'],
    [{ platform: 'darwin', arch: 'arm64' }, 'darwin-arm64'],
    [{ platform: 'win32', arch: 'x64' }, 'win32-x64-msvc'],
    [{ platform: 'win32', arch: 'arm64' }, undefined],
    [{ platform: 'linux', arch: 'riscv64', libc: 'glibc' }, undefined],
    [{ platform: 'freebsd', arch: 'x64' }, undefined],
  ];
  for (const [facts, want] of cases) assert.equal(currentPlatform(facts), want, JSON.stringify(facts));
  assert.equal(detectLibc(() => ({ header: { glibcVersionRuntime: '2.36' } })), 'glibc');
  assert.equal(detectLibc(() => ({ header: {} })), 'musl');
  // This machine: the tests run on one of the published platforms.
  assert.ok(Object.keys(PLATFORMS).includes(currentPlatform()), currentPlatform());
});

/** A fake `require` that loads only `present`, recording every attempt. */
function loader(present = []) {
  const tried = [];
  const load = (specifier) => {
    tried.push(specifier);
    if (present.includes(specifier)) return { Webhook: specifier };
    throw Object.assign(new Error(`Cannot find module '${specifier}'`), { code: 'MODULE_NOT_FOUND' });
  };
  return { load, tried };
}

function pick({ facts = { platform: 'linux', arch: 'arm64', libc: 'musl' }, present, env = {} } = {}) {
  const { load, tried } = loader(present);
  const warnings = [];
  const backend = pickNodeBackend({
    env,
    facts,
    load,
    wasmLoader: () => ({ name: 'wasm' }),
    emitWarning: (message, options) => warnings.push({ message, ...options }),
  });
  return { backend, tried, warnings };
}

test('the loader takes the platform package first', () => {
  resetWarning();
  const { backend, tried, warnings } = pick({ present: ['edgeward-linux-arm64-musl', '../native/edgeward.linux-arm64-musl.node'] });
  assert.equal(backend.name, 'native');
  assert.equal(backend.Webhook, 'edgeward-linux-arm64-musl');
  assert.deepEqual(tried, ['edgeward-linux-arm64-musl']);
  assert.deepEqual(warnings, []);
});

test('then the local build in native/ (a checkout)', () => {
  resetWarning();
  const { backend, tried, warnings } = pick({ facts: { platform: 'darwin', arch: 'arm64' }, present: ['../native/edgeward.darwin-arm64.node'] });
  assert.equal(backend.Webhook, '../native/edgeward.darwin-arm64.node');
  assert.deepEqual(tried, ['edgeward-darwin-arm64', '../native/edgeward.darwin-arm64.node']);
  assert.deepEqual(warnings, []);
});

test('then WASM, warning once with a code', () => {
  resetWarning();
  const first = pick();
  assert.equal(first.backend.name, 'wasm');
  assert.deepEqual(first.tried, ['edgeward-linux-arm64-musl', '../native/edgeward.linux-arm64-musl.node']);
  assert.equal(first.warnings.length, 1);
  const [warning] = first.warnings;
  assert.equal(warning.code, WASM_FALLBACK_WARNING);
  assert.match(warning.message, /linux-arm64-musl.*MODULE_NOT_FOUND.*edgeward-linux-arm64-musl.*WebAssembly/);
  assert.match(warning.detail, new RegExp(SILENCE_ENV));
  assert.deepEqual(pick().warnings, [], 'once per process');
});

test('a platform nothing is published for goes to WASM without trying a require', () => {
  resetWarning();
  const { backend, tried, warnings } = pick({ facts: { platform: 'freebsd', arch: 'x64' } });
  assert.equal(backend.name, 'wasm');
  assert.deepEqual(tried, []);
  assert.match(warnings[0].message, /no native addon is published for freebsd-x64/);
});

test('the warning is silenced by EDGEWARD_SILENCE_WASM_WARNING=1 and not given when WASM is chosen', () => {
  resetWarning();
  assert.deepEqual(pick({ env: { [SILENCE_ENV]: '1' } }).warnings, []);
  const chosen = pick({ env: { EDGEWARD_BACKEND: 'wasm' }, present: ['edgeward-linux-arm64-musl'] });
  assert.equal(chosen.backend.name, 'wasm');
  assert.deepEqual(chosen.tried, [], 'the addon is not even loaded');
  assert.deepEqual(chosen.warnings, []);
});

test('EDGEWARD_BACKEND=native fails closed when no addon loads, naming the package', () => {
  resetWarning();
  assert.throws(() => pick({ env: { EDGEWARD_BACKEND: 'native' } }), (error) => {
    assert.equal(error.code, 'EDGEWARD_NATIVE_UNAVAILABLE');
    assert.match(error.message, /edgeward-linux-arm64-musl/);
    assert.equal(error.cause.errors.length, 2);
    return true;
  });
  assert.throws(() => pick({ env: { EDGEWARD_BACKEND: 'fast' } }), /must be "native" or "wasm"/);
  assert.throws(() => loadNative({ facts: { platform: 'sunos', arch: 'x64' } }), { code: 'EDGEWARD_NATIVE_UNAVAILABLE' });
});

test('a real Node process without any addon runs on WASM and warns exactly once', () => {
  // The package without native/ and without a platform package: as on an unpublished platform.
  const dir = mkdtempSync(join(tmpdir(), 'edgeward-fallback-'));
  try {
    for (const part of ['lib', 'wasm', 'wasm-lean', 'package.json']) cpSync(new URL(part, pkgDir), join(dir, part), { recursive: true });
    const script = `
      const full = await import('./lib/entries/node.js');
      const lean = await import('./lib/entries/node-webhooks.js');
      const wh = new lean.Webhook('whsec_fallback_0123456789');
      console.log(JSON.stringify([full.backend, wh.verify('x', wh.sign('x', { timestamp: 5 }), { now: 5 })]));`;
    const run = (env, args = []) =>
      spawnSync(process.execPath, [...args, '--input-type=module', '-e', script], {
        cwd: dir,
        env: { ...process.env, EDGEWARD_BACKEND: '', [SILENCE_ENV]: '', ...env },
        encoding: 'utf8',
      });
    const loud = run({});
    assert.equal(loud.status, 0, loud.stderr);
    assert.deepEqual(JSON.parse(loud.stdout), ['wasm', { timestamp: 5, secretIndex: 0 }]);
    assert.equal(loud.stderr.match(/\[EDGEWARD_WASM_FALLBACK\] EdgewardWarning/g)?.length, 1, loud.stderr);
    assert.match(loud.stderr, /edgeward-linux-|edgeward-darwin-|edgeward-win32-/);
    for (const [env, args] of [[{ [SILENCE_ENV]: '1' }, []], [{}, ['--disable-warning=EDGEWARD_WASM_FALLBACK']], [{ EDGEWARD_BACKEND: 'wasm' }, []]]) {
      const quiet = run(env, args);
      assert.equal(quiet.status, 0, quiet.stderr);
      assert.equal(JSON.parse(quiet.stdout)[0], 'wasm');
      assert.equal(quiet.stderr, '', JSON.stringify({ env, args }));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('build-platform: the format and CPU of a library, read from its header', () => {
  const elf = new Uint8Array(64);
  elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1]);
  elf.set([3, 0, 0xb7, 0], 16); // ET_DYN, EM_AARCH64
  assert.deepEqual(binaryKind(elf), { format: 'elf', cpu: 'arm64', shared: true });
  const macho = new Uint8Array(32);
  const mv = new DataView(macho.buffer);
  mv.setUint32(0, 0xfeedfacf, true);
  mv.setUint32(4, 0x01000007, true);
  mv.setUint32(12, 6, true); // MH_DYLIB
  assert.deepEqual(binaryKind(macho), { format: 'macho', cpu: 'x64', shared: true });
  // With an LC_BUILD_VERSION load command: its minimum macOS.
  const withVersion = new Uint8Array(64);
  const wv = new DataView(withVersion.buffer);
  wv.setUint32(0, 0xfeedfacf, true);
  wv.setUint32(4, 0x0100000c, true);
  wv.setUint32(12, 6, true);
  wv.setUint32(16, 1, true); // one load command
  wv.setUint32(32, 0x32, true); // LC_BUILD_VERSION
  wv.setUint32(36, 24, true);
  wv.setUint32(40, 1, true); // platform macOS
  wv.setUint32(44, (15 << 16) | (0 << 8), true); // minos 15.0
  assert.deepEqual(binaryKind(withVersion), { format: 'macho', cpu: 'arm64', shared: true, minos: '15.0' });
  const pe = new Uint8Array(256);
  const pv = new DataView(pe.buffer);
  pe.set([0x4d, 0x5a]);
  pv.setUint32(0x3c, 0x80, true);
  pv.setUint32(0x80, 0x50450000);
  pv.setUint16(0x84, 0x8664, true);
  pv.setUint16(0x80 + 22, 0x2000, true); // IMAGE_FILE_DLL
  assert.deepEqual(binaryKind(pe), { format: 'pe', cpu: 'x64', shared: true });
  assert.deepEqual(binaryKind(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])), { format: 'unknown' });
  // The addon the tests load here.
  const local = readFileSync(new URL(`native/${addonFile(currentPlatform())}`, pkgDir));
  assert.equal(binaryKind(local).cpu, PLATFORMS[currentPlatform()].cpu);
  assert.equal(binaryKind(local).shared, true);
});

test('build-platform: the newest glibc symbol version of objdump -T output', () => {
  const text = [
    '0000000000000000      DF *UND*  0000000000000000 (GLIBC_2.2.5) memcpy',
    '0000000000000000      DF *UND*  0000000000000000 (GLIBC_2.17) clock_gettime',
    '0000000000000000      DF *UND*  0000000000000000 (GLIBC_2.3.4) __memcpy_chk',
    '0000000000000000  w   DF *UND*  0000000000000000 (GLIBC_2.9) pipe2',
  ].join('\n');
  assert.equal(newestGlibc(text), '2.17');
  assert.equal(newestGlibc('no versions'), undefined);
  assert.ok(compareVersions('2.28', GLIBC_FLOOR) > 0);
  assert.ok(compareVersions('2.3.4', '2.17') < 0);
  assert.equal(compareVersions('2.17', '2.17.0'), 0);
});

test('build-platform: a musl addon must not link glibc nor use initial-exec thread-locals', () => {
  // objdump -p of the zig-linked musl addon, before and after mimalloc's local_dynamic_tls.
  const dynamic = (flags) => `Dynamic Section:\n  NEEDED               libc.so\n  SONAME               edgeward.node\n  FLAGS                ${flags}\n  FLAGS_1              NOW\n`;
  assert.deepEqual(muslProblems(dynamic('BIND_NOW')), []);
  assert.deepEqual(muslProblems(dynamic('BIND_NOW STATIC_TLS')), ['initial-exec thread-locals (STATIC_TLS): musl will not load it']);
  assert.deepEqual(muslProblems('  NEEDED               libc.so.6\n'), ['links glibc (libc.so.6), not musl']);
  // GNU objdump prints the flags as a number: 0x18 is BIND_NOW | STATIC_TLS.
  assert.deepEqual(muslProblems(dynamic('0x0000000000000018')), ['initial-exec thread-locals (STATIC_TLS): musl will not load it']);
  assert.deepEqual(muslProblems(dynamic('0x0000000000000008')), []);
});

test('build-platform: zig links every Linux target, -gnu ones against glibc 2.17', () => {
  const gnu = buildCommand('linux-arm64-gnu', { host: 'linux' });
  assert.deepEqual(gnu.args.slice(0, 3), ['zigbuild', '--target', 'aarch64-unknown-linux-gnu.2.17']);
  // Cargo.toml [profile.dist]: release without symbols, size-optimised where no request runs.
  assert.deepEqual(gnu.args.slice(3), ['--locked', '--profile', 'dist', '-p', 'edgeward-node']);
  const musl = buildCommand('linux-x64-musl', { host: 'darwin' });
  assert.deepEqual(musl.args.slice(0, 3), ['zigbuild', '--target', 'x86_64-unknown-linux-musl']);
  assert.equal(musl.env.CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_RUSTFLAGS, '-C target-feature=-crt-static');
  assert.deepEqual(buildCommand('darwin-arm64', { host: 'darwin' }).args.slice(0, 3), ['build', '--target', 'aarch64-apple-darwin']);
  const darwin = buildCommand('darwin-x64', { host: 'linux', zig: true });
  assert.deepEqual(darwin.args.slice(0, 3), ['zigbuild', '--target', 'x86_64-apple-darwin']);
  assert.equal(darwin.env.MACOSX_DEPLOYMENT_TARGET, '10.15');
  assert.equal(buildCommand('darwin-arm64', { host: 'darwin' }).env.MACOSX_DEPLOYMENT_TARGET, '11.0');
  assert.throws(() => buildCommand('darwin-x64', { host: 'linux' }), /macOS runner/);
  assert.throws(() => buildCommand('win32-x64-msvc', { host: 'linux' }), /Windows SDK/);
  assert.deepEqual(buildCommand('win32-x64-msvc', { host: 'win32' }).args.slice(0, 3), ['build', '--target', 'x86_64-pc-windows-msvc']);
});

test('build-platform prints its usage without a platform', () => {
  const script = new URL('scripts/build-platform.mjs', pkgDir);
  const out = spawnSync(process.execPath, [script.pathname], { encoding: 'utf8' });
  assert.equal(out.status, 2);
  assert.match(out.stderr, /linux-x64-gnu, linux-x64-musl/);
  assert.throws(() => execFileSync(process.execPath, [script.pathname, 'linux-sparc-gnu'], { stdio: 'pipe' }), /unknown platform/);
});
