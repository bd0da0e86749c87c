// The platforms the native addon is published for, in the napi-rs convention: one npm package
// per platform (`edgeward-<platform>`, an optional dependency of `edgeward` that npm installs
// only where its `os`/`cpu`/`libc` match), holding one file, `edgeward.<platform>.node`.
// The one table for the loader (lib/backends.js), the build script
// (scripts/build-platform.mjs) and the packages' manifests (npm/<platform>/package.json,
// checked against it by test/platforms.test.mjs).

/** platform name → its Rust target, Node's `process.platform`/`process.arch`, and libc. */
export const PLATFORMS = Object.freeze({
  'linux-x64-gnu': { rustTarget: 'x86_64-unknown-linux-gnu', os: 'linux', cpu: 'x64', libc: 'glibc' },
  'linux-x64-musl': { rustTarget: 'x86_64-unknown-linux-musl', os: 'linux', cpu: 'x64', libc: 'musl' },
  'linux-arm64-gnu': { rustTarget: 'aarch64-unknown-linux-gnu', os: 'linux', cpu: 'arm64', libc: 'glibc' },
  'linux-arm64-musl': { rustTarget: 'aarch64-unknown-linux-musl', os: 'linux', cpu: 'arm64', libc: 'musl' },
  'darwin-x64': { rustTarget: 'x86_64-apple-darwin', os: 'darwin', cpu: 'x64' },
  'darwin-arm64': { rustTarget: 'aarch64-apple-darwin', os: 'darwin', cpu: 'arm64' },
  'win32-x64-msvc': { rustTarget: 'x86_64-pc-windows-msvc', os: 'win32', cpu: 'x64' },
});

/** The npm package and the addon's file name of a platform. */
export const packageName = (platform) => `edgeward-${platform}`;
export const addonFile = (platform) => `edgeward.${platform}.node`;

/**
 * Which libc this Linux process runs on: Node's own diagnostic report names the glibc it was
 * built against and runs with (`glibcVersionRuntime`), and has no such field on musl.
 * `report` is injectable for tests.
 */
export function detectLibc(report = () => process.report?.getReport?.()) {
  try {
    return report()?.header?.glibcVersionRuntime ? 'glibc' : 'musl';
  } catch {
    return 'glibc';
  }
}

/**
 * The platform this process runs on (`linux-x64-gnu`, …), or undefined when no package is
 * published for it. `facts` ({ platform, arch, libc }) is injectable for tests.
 */
export function currentPlatform(facts = {}) {
  const os = facts.platform ?? process.platform;
  const cpu = facts.arch ?? process.arch;
  const libc = os === 'linux' ? (facts.libc ?? detectLibc()) : undefined;
  return Object.keys(PLATFORMS).find((name) => {
    const p = PLATFORMS[name];
    return p.os === os && p.cpu === cpu && p.libc === libc;
  });
}
