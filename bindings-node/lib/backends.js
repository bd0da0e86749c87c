// Loads one of the builds of the core for Node.js (and Bun). The native addon comes from the
// platform package npm installed beside this one (`edgeward-linux-x64-gnu`, …: see
// lib/platforms.js), else from a local build in native/ (a checkout: `npm run build native`);
// without either, the WASM build runs, and says so once.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as wasm from '../wasm/edgeward_wasm.js';
import { adapt } from './backend.js';
import { addonFile, currentPlatform, packageName } from './platforms.js';

const require = createRequire(import.meta.url);

/** The warning's code: `node --disable-warning=EDGEWARD_WASM_FALLBACK` silences it too. */
export const WASM_FALLBACK_WARNING = 'EDGEWARD_WASM_FALLBACK';
/** Set to 1 to run on WASM without the warning. */
export const SILENCE_ENV = 'EDGEWARD_SILENCE_WASM_WARNING';

/** Where the addon of `platform` is looked for, in order: the platform package, then native/. */
export function nativeCandidates(platform) {
  return [packageName(platform), `../native/${addonFile(platform)}`];
}

/**
 * The napi-rs addon built for this platform; throws (code EDGEWARD_NATIVE_UNAVAILABLE, each
 * attempt's error as `cause`) when none loads. `facts` ({ platform, arch, libc }) and `load`
 * (require) are injectable for tests.
 */
export function loadNative({ facts, load = require } = {}) {
  const platform = currentPlatform(facts);
  const errors = [];
  if (platform !== undefined) {
    for (const candidate of nativeCandidates(platform)) {
      try {
        return adapt('native', load(candidate));
      } catch (error) {
        errors.push(error);
      }
    }
  }
  const where = platform ?? `${facts?.platform ?? process.platform}-${facts?.arch ?? process.arch}`;
  const reasons = errors.map((e) => e?.code ?? e?.message).join(', ');
  const error = new Error(
    platform === undefined
      ? `edgeward: no native addon is published for ${where}`
      : `edgeward: the native addon for ${where} did not load (${reasons}); install the optional dependency ${packageName(platform)}`,
    { cause: errors.length > 0 ? new AggregateError(errors, 'attempts') : undefined },
  );
  error.code = 'EDGEWARD_NATIVE_UNAVAILABLE';
  error.platform = where;
  throw error;
}

/** The WebAssembly build, compiled from the file shipped beside this module. */
export function loadWasm() {
  const bytes = readFileSync(new URL('../wasm/edgeward_wasm_bg.wasm', import.meta.url));
  wasm.initSync({ module: bytes });
  return adapt('wasm', wasm);
}

/** The lean WebAssembly build (no validation; what `edgeward/webhooks` loads on workerd and in browsers). */
export async function loadWasmLean() {
  const lean = await import('../wasm-lean/edgeward_wasm.js');
  lean.initSync({ module: readFileSync(new URL('../wasm-lean/edgeward_wasm_bg.wasm', import.meta.url)) });
  return adapt('wasm', lean);
}

let warned = false;

/**
 * The backend of the Node entries: the native addon when it loads, the WASM build otherwise,
 * with one warning per process (WASM verifies several times slower; the user should know, and
 * can say it is fine: EDGEWARD_SILENCE_WASM_WARNING=1). EDGEWARD_BACKEND=native|wasm forces one
 * (no warning: chosen). Everything is injectable for tests.
 */
export function pickNodeBackend({
  env = process.env,
  facts,
  load = require,
  wasmLoader = loadWasm,
  emitWarning = process.emitWarning.bind(process),
} = {}) {
  const wanted = env.EDGEWARD_BACKEND;
  if (wanted === 'wasm') return wasmLoader();
  if (wanted === 'native') return loadNative({ facts, load });
  if (wanted) throw new Error(`EDGEWARD_BACKEND must be "native" or "wasm", not "${wanted}"`);
  try {
    return loadNative({ facts, load });
  } catch (error) {
    const backend = wasmLoader();
    if (!warned && env[SILENCE_ENV] !== '1') {
      warned = true;
      emitWarning(`${error.message}. Running on the WebAssembly build, which verifies several times slower.`, {
        type: 'EdgewardWarning',
        code: WASM_FALLBACK_WARNING,
        detail: `Set ${SILENCE_ENV}=1 (or EDGEWARD_BACKEND=wasm) to choose WebAssembly without this warning.`,
      });
    }
    return backend;
  }
}

/** Test hook: the next fallback warns again. */
export function resetWarning() {
  warned = false;
}
