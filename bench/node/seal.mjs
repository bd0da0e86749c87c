// Sealed tokens and Fernet, side by side, same run: edgeward (native addon and WASM) against
// node:crypto AES-256-GCM (the same work: nonce, encrypt, tag, base64url) and a node:crypto
// Fernet (AES-128-CBC + HMAC-SHA256).
// Run: node bench/node/seal.mjs   (after `npm run build` in bindings-node)
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createApi } from '../../bindings-node/lib/api.js';
import { loadNative, loadWasm } from '../../bindings-node/lib/backends.js';
import { race, ROUNDS, TURN_MS } from './race.mjs';

const native = createApi(loadNative());
const wasm = createApi(loadWasm());
const keyBytes = randomBytes(32);
const keys = [{ id: 'k1', key: keyBytes.toString('base64url') }];
const plaintext = randomBytes(1024);
const ours = new native.Sealer(keys);
const oursWasm = new wasm.Sealer(keys);
const header = Buffer.concat([Buffer.from([1, 2]), Buffer.from('k1'), Buffer.alloc(8)]);

function cryptoSealOpen() {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyBytes, nonce);
  cipher.setAAD(header);
  const token = Buffer.concat([header, nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]).toString('base64url');
  const bytes = Buffer.from(token, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', keyBytes, bytes.subarray(12, 24));
  decipher.setAAD(bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(24, bytes.length - 16)), decipher.final()]);
}

const fKey = randomBytes(32);
const fernet = new native.Fernet(fKey.toString('base64url'));
const fernetWasm = new wasm.Fernet(fKey.toString('base64url'));
function cryptoFernet() {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-cbc', fKey.subarray(16), iv);
  const body = Buffer.concat([Buffer.from([0x80]), Buffer.alloc(8), iv, cipher.update(plaintext), cipher.final()]);
  const token = Buffer.concat([body, createHmac('sha256', fKey.subarray(0, 16)).update(body).digest()]).toString('base64url');
  const bytes = Buffer.from(token, 'base64url');
  const mac = createHmac('sha256', fKey.subarray(0, 16)).update(bytes.subarray(0, -32)).digest();
  if (!timingSafeEqual(mac, bytes.subarray(-32))) throw new Error('mismatch');
  const decipher = createDecipheriv('aes-128-cbc', fKey.subarray(16), bytes.subarray(9, 25));
  return Buffer.concat([decipher.update(bytes.subarray(25, -32)), decipher.final()]);
}

const seal = await race({
  native: () => ours.open(ours.seal(plaintext)),
  wasm: () => oursWasm.open(oursWasm.seal(plaintext)),
  crypto: cryptoSealOpen,
});
const fern = await race({
  native: () => fernet.decrypt(fernet.encrypt(plaintext)),
  wasm: () => fernetWasm.decrypt(fernetWasm.encrypt(plaintext)),
  crypto: cryptoFernet,
});

const fmt = (us) => us.toFixed(2).padStart(8);
console.log(`µs per seal+open of 1 KiB, best of ${ROUNDS} turns of ${TURN_MS} ms; ratio = edgeward time / node:crypto time (lower is better)\n`);
console.log('             | native   wasm     crypto  | native/crypto  wasm/crypto');
for (const [name, r] of [['AES-256-GCM', seal], ['Fernet', fern]]) {
  console.log(`${name.padEnd(12)} |${fmt(r.native)} ${fmt(r.wasm)} ${fmt(r.crypto)}  | ${`${(r.native / r.crypto).toFixed(2)}x`.padStart(13)} ${`${(r.wasm / r.crypto).toFixed(2)}x`.padStart(12)}`);
}
