// Node.js entry: the native addon when it loads, the WASM build otherwise.
// EDGEWARD_BACKEND=native|wasm forces one (tests run the same suite against both).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as wasm from '../wasm/edgeward_wasm.js';
import { createApi } from './api.js';

const require = createRequire(import.meta.url);

function loadNative() {
  const addon = require(`../native/edgeward.${process.platform}-${process.arch}.node`);
  return { name: 'native', Webhook: addon.NativeWebhook, ...addon };
}

function loadWasm() {
  const bytes = readFileSync(new URL('../wasm/edgeward_wasm_bg.wasm', import.meta.url));
  wasm.initSync({ module: bytes });
  return { name: 'wasm', Webhook: wasm.WasmWebhook, ...wasm };
}

function pick() {
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

export const { Webhook, EdgewardError, WebhookVerificationError, errorCodes, backend } = createApi(pick());
