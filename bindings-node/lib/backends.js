// Loads one of the two builds of the core for Node.js.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as wasm from '../wasm/edgeward_wasm.js';

const require = createRequire(import.meta.url);

/** The napi-rs addon built for this platform; throws when there is none. */
export function loadNative() {
  const addon = require(`../native/edgeward.${process.platform}-${process.arch}.node`);
  return { name: 'native', Webhook: addon.NativeWebhook, ReplayGuard: addon.NativeReplayGuard, ...addon };
}

/** The WebAssembly build, compiled from the file shipped beside this module. */
export function loadWasm() {
  const bytes = readFileSync(new URL('../wasm/edgeward_wasm_bg.wasm', import.meta.url));
  wasm.initSync({ module: bytes });
  return { name: 'wasm', Webhook: wasm.WasmWebhook, ReplayGuard: wasm.WasmReplayGuard, ...wasm };
}
