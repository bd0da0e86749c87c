// Loads one of the builds of the core for Node.js.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as wasm from '../wasm/edgeward_wasm.js';
import { adapt } from './backend.js';

const require = createRequire(import.meta.url);

/** The napi-rs addon built for this platform; throws when there is none. */
export function loadNative() {
  return adapt('native', require(`../native/edgeward.${process.platform}-${process.arch}.node`));
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

/**
 * The backend of the Node entries: the native addon when it loads, the WASM build
 * otherwise. EDGEWARD_BACKEND=native|wasm forces one (tests run the same suite against both).
 */
export function pickNodeBackend() {
  const wanted = process.env.EDGEWARD_BACKEND;
  if (wanted === 'wasm') return loadWasm();
  if (wanted === 'native') return loadNative();
  if (wanted) throw new Error(`EDGEWARD_BACKEND must be "native" or "wasm", not "${wanted}"`);
  try {
    return loadNative();
  } catch {
    return loadWasm();
  }
}
