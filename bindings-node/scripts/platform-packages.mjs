// The npm packages of the native addon, one per platform of lib/platforms.js (the napi-rs
// convention): npm/<platform>/package.json and README.md, generated from that table and the
// main package.json (version, licence, repository), so they cannot drift; and the
// `optionalDependencies` that `scripts/prepack.mjs` writes into the main package when it is
// packed (committed, they would break `npm ci` of this repository until every platform
// package is published: npm requires each optional dependency in the lock file).
//   node scripts/platform-packages.mjs          write npm/*/package.json and README.md
//   node scripts/platform-packages.mjs --check  exit 1 when a committed file differs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLATFORMS, addonFile, packageName } from '../lib/platforms.js';

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
export const NPM_DIR = join(pkg, 'npm');
/** The licence texts every tarball carries, copied from the repository root when packing. */
export const LICENSE_FILES = ['LICENSE-MIT', 'LICENSE-APACHE'];

export const mainManifest = () => JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));

/** The package.json of one platform package. */
export function platformManifest(platform, main = mainManifest()) {
  const spec = PLATFORMS[platform];
  return {
    name: packageName(platform),
    version: main.version,
    description: `The ${spec.rustTarget} native addon of edgeward (installed by npm as an optional dependency of edgeward; do not depend on it directly).`,
    license: main.license,
    repository: main.repository,
    homepage: main.homepage,
    bugs: main.bugs,
    os: [spec.os],
    cpu: [spec.cpu],
    ...(spec.libc ? { libc: [spec.libc] } : {}),
    main: addonFile(platform),
    files: [addonFile(platform), ...LICENSE_FILES],
    engines: main.engines,
  };
}

/** What the main package lists as optional dependencies: every platform, the same version. */
export function optionalDependencies(main = mainManifest()) {
  return Object.fromEntries(Object.keys(PLATFORMS).map((p) => [packageName(p), main.version]));
}

const readme = (platform) => `# ${packageName(platform)}

The \`${PLATFORMS[platform].rustTarget}\` build of the native addon of
[edgeward](https://www.npmjs.com/package/edgeward). npm installs it by itself, as an optional
dependency of \`edgeward\`, on matching machines: install \`edgeward\`, not this package.
`;

/** Each generated file (relative to npm/) and its text. */
export function platformFiles(main = mainManifest()) {
  return Object.fromEntries(
    Object.keys(PLATFORMS).flatMap((platform) => [
      [join(platform, 'package.json'), `${JSON.stringify(platformManifest(platform, main), null, 2)}\n`],
      [join(platform, 'README.md'), readme(platform)],
    ]),
  );
}

/** The generated files whose committed text differs. */
export function stalePlatformFiles() {
  return Object.entries(platformFiles())
    .filter(([file, text]) => {
      try {
        return readFileSync(join(NPM_DIR, file), 'utf8') !== text;
      } catch {
        return true;
      }
    })
    .map(([file]) => file);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const stale = stalePlatformFiles();
    if (stale.length > 0) {
      console.error(`stale platform packages (run \`node scripts/platform-packages.mjs\`): ${stale.join(', ')}`);
      process.exit(1);
    }
  } else {
    for (const [file, text] of Object.entries(platformFiles())) {
      mkdirSync(dirname(join(NPM_DIR, file)), { recursive: true });
      writeFileSync(join(NPM_DIR, file), text);
    }
  }
}
