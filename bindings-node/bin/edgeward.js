#!/usr/bin/env node
// `npx edgeward …`: the Rust command line (crate `cli/`), run inside the native addon with
// this process's standard streams. The WASM build has no file system or process access, so
// without the addon for this platform the command says so and exits with 2 (usage error).
import { loadNative } from '../lib/backends.js';

let native;
try {
  native = loadNative();
} catch (error) {
  process.stderr.write(
    `edgeward: the command line needs the native addon, which is not available for ${process.platform}-${process.arch}` +
      ` (${error?.code ?? 'load error'}); install the Rust binary instead: cargo install --path cli\n`,
  );
  process.exit(2);
}
process.exitCode = native.runCli(process.argv.slice(2));
