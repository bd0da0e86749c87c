// `npm pack` / `npm publish` of the main package (the `prepack` and `postpack` scripts):
//   prepack   copies the licence texts from the repository root (their one source) and adds the
//             platform packages as optionalDependencies, at this package's version;
//   postpack  writes package.json back as committed (without them).
// Packs of this directory can run at once (the package tests pack in parallel processes), so
// prepack takes a lock file that postpack releases: one pack at a time edits package.json.
// Also imported by scripts/build-platform.mjs for the licences of a platform package.
import { copyFileSync, openSync, closeSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LICENSE_FILES, optionalDependencies } from './platform-packages.mjs';

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(pkg);
const manifest = join(pkg, 'package.json');
const lock = join(pkg, '.pack.lock');
/** A lock older than this was left by a pack that died. */
const STALE_MS = 2 * 60 * 1000;

/** Copies the repository's licence texts into `dir` (a package about to be packed). */
export function copyLicenses(dir) {
  for (const file of LICENSE_FILES) copyFileSync(join(root, file), join(dir, file));
}

/** package.json as committed (canonical JSON, no optionalDependencies) or as packed. */
export function manifestText(packed, text = readFileSync(manifest, 'utf8')) {
  const main = JSON.parse(text);
  delete main.optionalDependencies;
  return `${JSON.stringify(packed ? { ...main, optionalDependencies: optionalDependencies(main) } : main, null, 2)}\n`;
}

function acquire() {
  const deadline = Date.now() + 2 * STALE_MS;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_MS) rmSync(lock, { force: true });
      } catch {
        // released meanwhile
      }
      if (Date.now() > deadline) throw new Error(`${lock} is held by another pack`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === 'postpack') {
    writeFileSync(manifest, manifestText(false));
    rmSync(lock, { force: true });
  } else {
    acquire();
    try {
      writeFileSync(manifest, manifestText(true));
      copyLicenses(pkg);
    } catch (error) {
      writeFileSync(manifest, manifestText(false));
      rmSync(lock, { force: true });
      throw error;
    }
  }
}
