// Builds the native addon for ONE platform of lib/platforms.js and places it into its npm
// package, npm/<platform>/edgeward.<platform>.node; then checks the file (format and CPU from
// its header, `file` where installed, the newest glibc symbol it links, its packed size).
// The release workflow runs it once per platform, on a runner of that OS:
//   node scripts/build-platform.mjs linux-arm64-gnu [--zig] [--no-check]
// Linux targets are always linked by zig (cargo-zigbuild): against glibc 2.17 (CentOS/RHEL 7,
// the oldest the napi-rs packages and manylinux2014 support) for -gnu, against musl otherwise,
// from any Linux host. macOS targets build with plain cargo on a macOS runner, or through zig
// elsewhere with --zig; Windows (MSVC) needs the Windows SDK: a Windows runner.
// Zig and cargo-zigbuild come from PyPI: pip install -r bindings-node/scripts/requirements-cross.txt.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { PLATFORMS, addonFile } from '../lib/platforms.js';
import { copyLicenses } from './prepack.mjs';

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(pkg);

/** The oldest glibc the -gnu addons may need (symbol versions newer than this fail the build). */
export const GLIBC_FLOOR = '2.17';
/**
 * The cargo profile of the release artefacts (Cargo.toml [profile.dist]): release without
 * symbols, size-optimised where no request or document runs.
 */
export const PROFILE = 'dist';
/** Each platform package must pack to less than this (issue 17). */
export const MAX_PACKED_BYTES = 3 * 1024 * 1024;

/**
 * The oldest macOS each darwin addon may need (Node 20 supports macOS 10.15 on x64, Apple
 * silicon starts at 11). Set explicitly: zig otherwise targets its own default (a zig-linked
 * build here came out as `minos 15.0`, which older macOS refuses to load).
 */
export const MACOS_FLOOR = { x64: '10.15', arm64: '11.0' };

const ELF_MACHINES = { 0x3e: 'x64', 0xb7: 'arm64' };
const MACHO_CPUS = { 0x01000007: 'x64', 0x0100000c: 'arm64' };
const PE_MACHINES = { 0x8664: 'x64', 0xaa64: 'arm64' };

/** The format ('elf', 'macho', 'pe') and CPU of a shared library, read from its header. */
export function binaryKind(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 20 && view.getUint32(0) === 0x7f454c46) {
    const little = bytes[5] === 1;
    const type = view.getUint16(16, little); // 3: ET_DYN (a shared object)
    return { format: 'elf', cpu: ELF_MACHINES[view.getUint16(18, little)], shared: type === 3 };
  }
  if (bytes.length >= 16 && view.getUint32(0, true) === 0xfeedfacf) {
    return { format: 'macho', cpu: MACHO_CPUS[view.getUint32(4, true)], shared: view.getUint32(12, true) === 6, ...machoMinOs(view) }; // MH_DYLIB
  }
  if (bytes.length >= 64 && bytes[0] === 0x4d && bytes[1] === 0x5a) {
    const pe = view.getUint32(0x3c, true);
    if (pe + 24 <= bytes.length && view.getUint32(pe) === 0x50450000) {
      const characteristics = view.getUint16(pe + 22, true);
      return { format: 'pe', cpu: PE_MACHINES[view.getUint16(pe + 4, true)], shared: (characteristics & 0x2000) !== 0 };
    }
  }
  return { format: 'unknown' };
}

/** The `minos` of a Mach-O file's LC_BUILD_VERSION load command (`{}` when it has none). */
function machoMinOs(view) {
  const count = view.getUint32(16, true);
  let offset = 32;
  for (let i = 0; i < count && offset + 16 <= view.byteLength; i++) {
    const cmd = view.getUint32(offset, true);
    const size = view.getUint32(offset + 4, true);
    if (cmd === 0x32) {
      const v = view.getUint32(offset + 12, true);
      return { minos: `${v >>> 16}.${(v >>> 8) & 0xff}` };
    }
    if (size === 0) break;
    offset += size;
  }
  return {};
}

/** The newest `GLIBC_x.y[.z]` version among `objdump -T` lines, or undefined. */
export function newestGlibc(objdumpText) {
  const versions = [...objdumpText.matchAll(/GLIBC_(\d+(?:\.\d+)+)/g)].map((m) => m[1]);
  return versions.sort(compareVersions).at(-1);
}

/**
 * What keeps a musl addon from loading, from its `objdump -p` text: glibc linked in, or
 * initial-exec thread-locals (the STATIC_TLS flag), which musl's loader refuses in a library
 * loaded at run time ("initial-exec TLS resolves to dynamic definition"); see
 * bindings-node/Cargo.toml, mimalloc's `local_dynamic_tls` on musl.
 */
export function muslProblems(objdumpText) {
  const problems = [];
  if (/NEEDED\s+libc\.so\.6/.test(objdumpText)) problems.push('links glibc (libc.so.6), not musl');
  // GNU objdump prints DT_FLAGS as a number (DF_STATIC_TLS = 0x10), LLVM's by name.
  const flags = objdumpText.match(/^\s*FLAGS\s+(.*)$/m)?.[1] ?? '';
  const staticTls = /^0x[0-9a-f]+$/i.test(flags.trim()) ? (Number.parseInt(flags, 16) & 0x10) !== 0 : /\bSTATIC_TLS\b/.test(flags);
  if (staticTls) problems.push('initial-exec thread-locals (STATIC_TLS): musl will not load it');
  return problems;
}

export function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const OS_FORMAT = { linux: 'elf', darwin: 'macho', win32: 'pe' };

function tryRun(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch {
    return undefined;
  }
}

/** Checks the built addon of `platform` at `path`; throws on a wrong format, CPU or glibc. */
export function checkAddon(platform, path) {
  const spec = PLATFORMS[platform];
  const bytes = readFileSync(path);
  const kind = binaryKind(bytes);
  const problems = [];
  if (kind.format !== OS_FORMAT[spec.os]) problems.push(`format ${kind.format}, not ${OS_FORMAT[spec.os]}`);
  if (kind.cpu !== spec.cpu) problems.push(`cpu ${kind.cpu}, not ${spec.cpu}`);
  if (!kind.shared) problems.push('not a shared library');
  const described = tryRun('file', ['-b', path]);
  if (described) console.log(`  file: ${described.trim()}`);
  if (spec.libc === 'glibc') {
    const symbols = tryRun('objdump', ['-T', path]);
    if (symbols === undefined) {
      console.log('  glibc: objdump not installed, not checked');
    } else {
      const newest = newestGlibc(symbols);
      console.log(`  newest glibc symbol: GLIBC_${newest} (floor ${GLIBC_FLOOR})`);
      if (newest && compareVersions(newest, GLIBC_FLOOR) > 0) problems.push(`needs GLIBC_${newest}, newer than ${GLIBC_FLOOR}`);
    }
  }
  if (spec.os === 'darwin') {
    console.log(`  minimum macOS: ${kind.minos} (floor ${MACOS_FLOOR[spec.cpu]})`);
    if (kind.minos === undefined || compareVersions(kind.minos, MACOS_FLOOR[spec.cpu]) > 0) problems.push(`needs macOS ${kind.minos}, newer than ${MACOS_FLOOR[spec.cpu]}`);
  }
  if (spec.libc === 'musl') {
    const dynamic = tryRun('objdump', ['-p', path]);
    if (dynamic !== undefined) problems.push(...muslProblems(dynamic));
  }
  const packed = gzipSync(bytes, { level: 9 }).length;
  console.log(`  ${addonFile(platform)}: ${bytes.length} bytes, ${packed} gzipped (limit ${MAX_PACKED_BYTES} packed)`);
  if (packed >= MAX_PACKED_BYTES) problems.push(`${packed} bytes gzipped, over ${MAX_PACKED_BYTES}`);
  if (problems.length > 0) throw new Error(`${platform}: ${problems.join('; ')}`);
  return { ...kind, bytes: bytes.length, packed };
}

/** The cargo invocation that builds `platform` on this host. */
export function buildCommand(platform, { zig = false, host = process.platform } = {}) {
  const spec = PLATFORMS[platform];
  const useZig = spec.os === 'linux' || (zig && spec.os === 'darwin');
  if (spec.os === 'win32' && host !== 'win32') {
    throw new Error(`${platform}: the MSVC target links against the Windows SDK, which only a Windows runner has`);
  }
  if (spec.os === 'darwin' && host !== 'darwin' && !zig) {
    throw new Error(`${platform}: build on a macOS runner, or pass --zig to link through zig`);
  }
  // zig links -gnu targets against the glibc version named after the target.
  const zigTarget = spec.libc === 'glibc' ? `${spec.rustTarget}.${GLIBC_FLOOR}` : spec.rustTarget;
  const env = {};
  if (spec.os === 'darwin') env.MACOSX_DEPLOYMENT_TARGET = MACOS_FLOOR[spec.cpu];
  if (spec.libc === 'musl') {
    // Rust links musl statically by default, and a static C runtime cannot be a shared library
    // loaded by Node (itself linked against the system's musl).
    env[`CARGO_TARGET_${spec.rustTarget.toUpperCase().replaceAll('-', '_')}_RUSTFLAGS`] = '-C target-feature=-crt-static';
  }
  const args = useZig ? ['zigbuild', '--target', zigTarget] : ['build', '--target', spec.rustTarget];
  return { cmd: 'cargo', args: [...args, '--locked', '--profile', PROFILE, '-p', 'edgeward-node'], env };
}

const LIBRARY = { linux: (n) => `lib${n}.so`, darwin: (n) => `lib${n}.dylib`, win32: (n) => `${n}.dll` };

/** Builds `platform`, copies the addon into npm/<platform>/ and checks it; returns its path. */
export function buildPlatform(platform, options = {}) {
  const spec = PLATFORMS[platform];
  if (!spec) throw new Error(`unknown platform "${platform}"; one of ${Object.keys(PLATFORMS).join(', ')}`);
  const { cmd, args, env } = buildCommand(platform, options);
  console.log(`${platform}: ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
  const built = join(target, spec.rustTarget, PROFILE, LIBRARY[spec.os]('edgeward_node'));
  const dir = join(pkg, 'npm', platform);
  mkdirSync(dir, { recursive: true });
  const out = join(dir, addonFile(platform));
  copyFileSync(built, out);
  copyLicenses(dir);
  console.log(`${platform}: ${out} (${statSync(out).size} bytes)`);
  if (!options.noCheck) checkAddon(platform, out);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const platforms = args.filter((a) => !a.startsWith('--'));
  if (platforms.length === 0) {
    console.error(`usage: node scripts/build-platform.mjs PLATFORM... [--zig] [--no-check]\nplatforms: ${Object.keys(PLATFORMS).join(', ')}`);
    process.exit(2);
  }
  for (const platform of platforms) {
    buildPlatform(platform, { zig: args.includes('--zig'), noCheck: args.includes('--no-check') });
  }
}
