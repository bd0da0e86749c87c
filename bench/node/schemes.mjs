// Webhook verification speed per scheme, side by side, same payloads, same run: edgeward
// (native addon and WASM) against each scheme's official library on its own scheme:
//   standard: `standardwebhooks` and `svix`       github: `@octokit/webhooks-methods`
// Run: node bench/node/schemes.mjs   (after `npm run build` and `npm install` in bindings-node)
//
// Fairness notes. Every verifier reads the system clock, as in production. Payloads are JSON
// strings (what these libraries take). `standardwebhooks` runs with `jsonParse: false` (its
// fastest mode: verification only). `svix` always JSON-parses the payload, so it is compared
// with edgeward + JSON.parse (the same work a user's handler then has). Octokit's `verify` is
// async and is awaited, as users must; edgeward's `verify` is synchronous.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { createApi } from '../../bindings-node/lib/api.js';
import { loadNative, loadWasm } from '../../bindings-node/lib/backends.js';
import { race, ROUNDS, TURN_MS } from './race.mjs';

const require = createRequire(new URL('../../bindings-node/package.json', import.meta.url));
const { Webhook: StandardWebhook } = require('standardwebhooks');
const { Webhook: SvixWebhook } = require('svix');
const octokit = await import('../../bindings-node/node_modules/@octokit/webhooks-methods/dist-node/index.js');

const SIZES = [256, 4096];
const native = createApi(loadNative());
const wasm = createApi(loadWasm());

/** A JSON document of exactly `size` bytes (ASCII), as providers send. */
function jsonPayload(size) {
  const head = '{"id":"evt_bench","data":"';
  const tail = '"}';
  const fill = randomBytes(size).toString('base64').replace(/[+/=]/g, 'x');
  return head + fill.slice(0, size - head.length - tail.length) + tail;
}

function check(condition, what) {
  if (!condition) throw new Error(`benchmark setup: ${what}`);
}

const label = (size) => (size >= 1024 ? `${size / 1024} KiB` : `${size} B`);
const rows = [];
const parses = [];
for (const size of SIZES) {
  const payload = jsonPayload(size);
  check(Buffer.byteLength(payload) === size, 'payload size');

  // standard: Standard Webhooks (and Svix), HMAC v1.
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const ours = new native.Webhook(secret, { scheme: 'standard' });
  const oursWasm = new wasm.Webhook(secret, { scheme: 'standard' });
  const headers = ours.sign(payload, { id: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W' });
  const standard = new StandardWebhook(secret);
  const svix = new SvixWebhook(secret);
  check(ours.verify(payload, headers).id && oursWasm.verify(payload, headers).id, 'edgeward verifies');
  check(standard.verify(payload, headers, { jsonParse: false }) === undefined, 'standardwebhooks verifies');
  check(svix.verify(payload, headers).id === 'evt_bench', 'svix verifies');
  const std = await race({
    native: () => ours.verify(payload, headers),
    wasm: () => oursWasm.verify(payload, headers),
    standardwebhooks: () => standard.verify(payload, headers, { jsonParse: false }),
    parse: () => JSON.parse(payload),
    svix: () => svix.verify(payload, headers),
  });
  const { parse, svix: svixTime } = std;
  parses.push(`${label(size)}: ${parse.toFixed(2)} µs`);
  rows.push({ scheme: 'standard', size, peer: 'standardwebhooks', native: std.native, wasm: std.wasm, theirs: std.standardwebhooks });
  rows.push({
    scheme: 'standard',
    size,
    peer: 'svix (incl. JSON.parse)',
    native: std.native + parse,
    wasm: std.wasm + parse,
    theirs: svixTime,
  });

  // github: HMAC-SHA256 hex, no timestamp.
  const ghSecret = randomBytes(20).toString('hex');
  const gh = new native.Webhook(ghSecret, { scheme: 'github' });
  const ghWasm = new wasm.Webhook(ghSecret, { scheme: 'github' });
  const signature = gh.sign(payload)['x-hub-signature-256'];
  check(signature === (await octokit.sign(ghSecret, payload)), 'same github signature');
  check(await octokit.verify(ghSecret, payload, signature), 'octokit verifies');
  const github = await race({
    native: () => gh.verify(payload, signature),
    wasm: () => ghWasm.verify(payload, signature),
    octokit: () => octokit.verify(ghSecret, payload, signature),
  });
  rows.push({ scheme: 'github', size, peer: '@octokit/webhooks-methods', native: github.native, wasm: github.wasm, theirs: github.octokit });
}

const fmt = (us) => (us < 10 ? us.toFixed(2) : us < 1000 ? us.toFixed(1) : us.toFixed(0)).padStart(9);
const ratio = (x) => `${x.toFixed(2)}x`.padStart(10);
console.log(`node ${process.version}; µs per verify, best of ${ROUNDS} turns of ${TURN_MS} ms each, contenders in turn`);
console.log('ratio = their time / edgeward time (higher is better for edgeward; target >= 3x at 4 KiB)\n');
console.log(`${'scheme'.padEnd(9)}${'payload'.padEnd(9)}${'peer'.padEnd(27)}${'native'.padStart(9)}${'wasm'.padStart(9)}${'theirs'.padStart(9)}${'native'.padStart(10)}${'wasm'.padStart(10)}`);
for (const r of rows) {
  console.log(
    `${r.scheme.padEnd(9)}${label(r.size).padEnd(9)}${r.peer.padEnd(27)}${fmt(r.native)}${fmt(r.wasm)}${fmt(r.theirs)}` +
      `${ratio(r.theirs / r.native)}${ratio(r.theirs / r.wasm)}`,
  );
}
console.log(`\nJSON.parse of the payload (added to edgeward's time in the svix rows): ${parses.join(', ')}`);
