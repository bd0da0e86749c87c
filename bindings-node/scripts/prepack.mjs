// `npm pack` / `npm publish` of the main package (the `prepack` and `postpack` scripts):
//   prepack   copies the licence texts from the repository root (their one source) and adds the
//             platform packages as optionalDependencies, at this package's version;
//   postpack  puts package.json back as committed.
// Also run by scripts/build-platform.mjs for the licences of a platform package.
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LICENSE_FILES, optionalDependencies } from './platform-packages.mjs';

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(pkg);
const manifest = join(pkg, 'package.json');
const committed = join(pkg, '.package.json.prepack');

/** Copies the repository's licence texts into `dir` (a package about to be packed). */
export function copyLicenses(dir) {
  for (const file of LICENSE_FILES) copyFileSync(join(root, file), join(dir, file));
}

function restore() {
  if (existsSync(committed)) renameSync(committed, manifest);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === 'postpack') {
    restore();
  } else {
    restore(); // an interrupted pack left its edit behind
    const text = readFileSync(manifest, 'utf8');
    const main = JSON.parse(text);
    writeFileSync(committed, text);
    writeFileSync(manifest, `${JSON.stringify({ ...main, optionalDependencies: optionalDependencies(main) }, null, 2)}\n`);
    copyLicenses(pkg);
  }
}
