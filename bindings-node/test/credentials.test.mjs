// OAuth state and PKCE, sealed tokens and Fernet against the shared vectors
// (tests/vectors/credentials.json, computed with Python's `cryptography`), the Fernet
// specification's vectors, WebCrypto written from the README's format description, and hostile
// input. Runs against whichever build EDGEWARD_BACKEND selects.
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, createHmac, randomBytes, webcrypto } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  EdgewardError,
  Fernet,
  OAuthError,
  OAuthState,
  SealError,
  Sealer,
  codeChallenge,
  codeChallengeS256,
  errorCodes,
  generateCodeVerifier,
  needsRefresh,
} from 'edgeward';
import { loadVectors } from './vectors.mjs';

const v = loadVectors('credentials.json');
const hex = (h) => Buffer.from(h, 'hex');
const b64u = (bytes) => Buffer.from(bytes).toString('base64url');
const codeOf = (work) => {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof EdgewardError, `not an EdgewardError: ${error}`);
    return error.code;
  }
  return 'ok';
};

test('the new codes are in errorCodes', () => {
  for (const code of ['STATE_INVALID', 'STATE_EXPIRED', 'STATE_SESSION_MISMATCH', 'STATE_REPLAYED', 'PKCE_INVALID', 'SEAL_INVALID', 'SEAL_EXPIRED', 'SEAL_INVALID_KEY', 'KEY_WRONG_ENVIRONMENT', 'POLICY_INVALID']) {
    assert.ok(errorCodes.includes(code), code);
  }
});

test('PKCE vectors (RFC 7636 appendix B included)', () => {
  for (const c of v.pkce) {
    const run = () => (c.method ? codeChallenge(c.verifier, { method: c.method }) : codeChallengeS256(c.verifier));
    if (c.error) {
      assert.equal(codeOf(run), c.error, c.name);
      assert.throws(run, OAuthError);
    } else {
      assert.equal(run(), c.challenge, c.name);
    }
  }
  const verifier = generateCodeVerifier();
  assert.match(verifier, /^[A-Za-z0-9._~-]{43}$/);
  assert.notEqual(verifier, generateCodeVerifier());
  assert.equal(generateCodeVerifier({ length: 128 }).length, 128);
  assert.equal(codeOf(() => generateCodeVerifier({ length: 42 })), 'PKCE_INVALID');
  assert.equal(codeOf(() => codeChallenge('A'.repeat(43), { method: 'plain' })), 'PKCE_INVALID');
});

test('OAuth state vectors', () => {
  const issuer = new OAuthState(v.state.secrets, { ttlSeconds: v.state.ttl_seconds });
  for (const c of v.state.verify) {
    const run = () => issuer.verify(c.token, { session: c.session, now: c.now });
    if (c.error) {
      assert.equal(codeOf(run), c.error, c.name);
      assert.throws(run, OAuthError);
      try {
        run();
      } catch (error) {
        if (c.token.length > 8) assert.ok(!error.message.includes(c.token), 'the message names the token');
      }
    } else {
      const got = run();
      assert.equal(got.verifier, c.expect.verifier ?? undefined, c.name);
      assert.equal(got.returnTo, c.expect.return_to ?? undefined, c.name);
      assert.equal(got.issuedAt, c.expect.issued_at, c.name);
    }
  }
});

test('OAuth state: round trip, session binding, single use, options', () => {
  const state = new OAuthState('s'.repeat(32));
  const verifier = generateCodeVerifier();
  const token = state.issue({ session: 'a', verifier, returnTo: '/back' });
  assert.match(token, /^[A-Za-z0-9_-]+$/);
  assert.ok(!token.includes(verifier));
  assert.deepEqual(state.verify(token, { session: 'a' }).verifier, verifier);
  assert.equal(codeOf(() => state.verify(token, { session: 'b' })), 'STATE_SESSION_MISMATCH');
  const seen = new Set();
  const replay = (key, ttl) => {
    assert.ok(ttl > 0 && ttl <= 600);
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  };
  assert.equal(state.verify(token, { session: 'a', replay }).returnTo, '/back');
  assert.equal(codeOf(() => state.verify(token, { session: 'a', replay })), 'STATE_REPLAYED');
  assert.equal(codeOf(() => new OAuthState('short')), 'OAUTH_INVALID_OPTIONS');
  assert.equal(codeOf(() => new OAuthState('s'.repeat(32), { ttlSeconds: 0 })), 'OAUTH_INVALID_OPTIONS');
  assert.equal(codeOf(() => state.issue({ session: '' })), 'OAUTH_INVALID_OPTIONS');
  assert.throws(() => state.issue({}), TypeError);
  assert.throws(() => new OAuthState(42), TypeError);
  const t0 = 1_700_000_000;
  const old = state.issue({ session: 'a', now: new Date(t0 * 1000) });
  assert.equal(codeOf(() => state.verify(old, { session: 'a', now: t0 + 601 })), 'STATE_EXPIRED');
});

test('OAuth state: asynchronous replay store', async () => {
  const state = new OAuthState('s'.repeat(32));
  const token = state.issue({ session: 'a' });
  const kv = new Map();
  const replay = { seen: async (key) => (kv.has(key) ? true : (kv.set(key, 1), false)) };
  assert.equal((await state.verifyAsync(token, { session: 'a', replay })).verifier, undefined);
  await assert.rejects(state.verifyAsync(token, { session: 'a', replay }), (e) => e.code === 'STATE_REPLAYED');
  assert.throws(() => state.verify(token, { session: 'a', replay }), TypeError);
});

test('needsRefresh vectors', () => {
  for (const c of v.refresh) {
    const run = () => needsRefresh(c.expires_at, { now: c.now, skewSeconds: c.skew_seconds, issuedAt: c.issued_at });
    if (c.error) assert.equal(codeOf(run), c.error, c.name);
    else assert.equal(run(), c.expect, c.name);
  }
});

const sealer = () => new Sealer(v.seal.keys);

test('sealed token vectors', () => {
  const s = sealer();
  assert.equal(s.keyId, 'k2');
  for (const c of v.seal.open) {
    const run = () => s.open(c.token, { aad: hex(c.aad_hex), now: c.now, maxAgeSeconds: c.max_age_seconds });
    if (c.error) {
      assert.equal(codeOf(run), c.error, c.name);
      assert.throws(run, SealError);
    } else {
      const opened = run();
      assert.ok(opened instanceof Uint8Array);
      assert.deepEqual(Buffer.from(opened), hex(c.expect_hex), c.name);
    }
  }
  for (const c of v.seal.bad_keys) assert.equal(codeOf(() => new Sealer(c.keys)), c.error, c.name);
});

test('sealed tokens: round trip, text, aad, rotation', () => {
  const s = sealer();
  const token = s.seal('héllo', { aad: 'user:1' });
  assert.equal(s.openText(token, { aad: 'user:1' }), 'héllo');
  assert.equal(codeOf(() => s.open(token, { aad: 'user:2' })), 'SEAL_INVALID');
  assert.notEqual(s.seal('x'), s.seal('x'));
  const onlyOld = new Sealer([v.seal.keys[1]]);
  assert.equal(codeOf(() => onlyOld.open(token, { aad: 'user:1' })), 'SEAL_INVALID');
  const rotated = new Sealer([{ id: 'k3', key: b64u(randomBytes(32)) }, ...v.seal.keys]);
  assert.equal(rotated.openText(token, { aad: 'user:1' }), 'héllo');
  assert.throws(() => s.seal(42), TypeError);
  assert.throws(() => s.seal('\ud800'), TypeError);
});

/** Seals with WebCrypto alone, following the format in the README. */
async function webCryptoSeal(id, keyB64u, plaintext, aad, sealedAt) {
  const key = await webcrypto.subtle.importKey('raw', Buffer.from(keyB64u, 'base64url'), 'AES-GCM', false, ['encrypt']);
  const header = new Uint8Array(2 + id.length + 8);
  header[0] = 1;
  header[1] = id.length;
  header.set(new TextEncoder().encode(id), 2);
  new DataView(header.buffer).setBigInt64(2 + id.length, BigInt(sealedAt));
  const nonce = webcrypto.getRandomValues(new Uint8Array(12));
  const additionalData = Buffer.concat([header, aad]);
  const sealed = new Uint8Array(await webcrypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData }, key, plaintext));
  return b64u(Buffer.concat([header, nonce, sealed]));
}

/** Opens with WebCrypto alone, following the format in the README. */
async function webCryptoOpen(keyB64u, token, aad) {
  const bytes = Buffer.from(token, 'base64url');
  const idLength = bytes[1];
  const headerLength = 2 + idLength + 8;
  const key = await webcrypto.subtle.importKey('raw', Buffer.from(keyB64u, 'base64url'), 'AES-GCM', false, ['decrypt']);
  const additionalData = Buffer.concat([bytes.subarray(0, headerLength), aad]);
  const iv = bytes.subarray(headerLength, headerLength + 12);
  return Buffer.from(await webcrypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData }, key, bytes.subarray(headerLength + 12)));
}

test('sealed tokens interoperate with WebCrypto written from the README', async () => {
  const s = sealer();
  const [k2] = v.seal.keys;
  const aad = Buffer.from('user:7');
  const mine = await webCryptoSeal('k2', k2.key, Buffer.from('from webcrypto'), aad, 1_700_000_000);
  assert.equal(s.openText(mine, { aad, now: 1_700_000_030, maxAgeSeconds: 60 }), 'from webcrypto');
  const ours = s.seal('from edgeward', { aad });
  assert.equal((await webCryptoOpen(k2.key, ours, aad)).toString(), 'from edgeward');
});

test('Fernet vectors (cryptography.fernet tokens)', () => {
  const f = new Fernet(v.fernet.key);
  for (const c of v.fernet.decrypt) {
    const run = () => f.decrypt(c.token, { ttlSeconds: c.ttl_seconds, now: c.now });
    if (c.error) assert.equal(codeOf(run), c.error, c.name);
    else assert.deepEqual(Buffer.from(run()), hex(c.expect_hex), c.name);
  }
  for (const c of v.fernet.bad_keys) assert.equal(codeOf(() => new Fernet(c.key)), c.error, c.name);
});

const specDir = new URL('../../../shared/conformance/fernet/', import.meta.url);

test('Fernet specification vectors', () => {
  assert.ok(existsSync(specDir), `the Fernet spec vectors are at ${specDir.pathname}`);
  const read = (name) => JSON.parse(readFileSync(new URL(name, specDir), 'utf8'));
  const at = (iso) => Date.parse(iso) / 1000;
  for (const c of read('verify.json')) {
    assert.equal(new Fernet(c.secret).decryptText(c.token, { ttlSeconds: c.ttl_sec, now: at(c.now) }), c.src);
  }
  const invalid = read('invalid.json');
  assert.ok(invalid.length >= 8);
  for (const c of invalid) {
    assert.ok(['SEAL_INVALID', 'SEAL_EXPIRED'].includes(codeOf(() => new Fernet(c.secret).decrypt(c.token, { ttlSeconds: c.ttl_sec, now: at(c.now) }))), c.desc);
  }
  // generate.json fixes the IV, which the API draws at random: check the token's other parts.
  for (const c of read('generate.json')) {
    const f = new Fernet(c.secret);
    const token = f.encrypt(c.src, { now: at(c.now) });
    assert.equal(f.decryptText(token), c.src);
    assert.deepEqual(Buffer.from(token, 'base64url').subarray(0, 9), Buffer.from(c.token, 'base64url').subarray(0, 9));
  }
});

test('Fernet interoperates with an implementation on node:crypto', () => {
  const keyBytes = randomBytes(32);
  const key = b64u(keyBytes);
  const f = new Fernet(Buffer.from(keyBytes).toString('base64url') + '=');
  // node:crypto Fernet, from the spec.
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-cbc', keyBytes.subarray(16), iv);
  const body = Buffer.concat([Buffer.from([0x80]), Buffer.alloc(8), iv, cipher.update('from node'), cipher.final()]);
  body.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000)), 1);
  const token = Buffer.concat([body, createHmac('sha256', keyBytes.subarray(0, 16)).update(body).digest()]).toString('base64url');
  assert.equal(f.decryptText(token, { ttlSeconds: 60 }), 'from node');
  const ours = Buffer.from(new Fernet(key).encrypt('from edgeward'), 'base64url');
  const mac = createHmac('sha256', keyBytes.subarray(0, 16)).update(ours.subarray(0, -32)).digest();
  assert.deepEqual(mac, ours.subarray(-32));
  const decipher = createDecipheriv('aes-128-cbc', keyBytes.subarray(16), ours.subarray(9, 25));
  assert.equal(Buffer.concat([decipher.update(ours.subarray(25, -32)), decipher.final()]).toString(), 'from edgeward');
  assert.match(Fernet.generateKey(), /^[A-Za-z0-9_-]{43}=$/);
});

/** A small deterministic generator, so failures reproduce. */
function* hostile(seed, count) {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31);
  const alphabet = 'AZaz09-_=+/.%~:*ar \n\u0000é\ud83d\ude00';
  for (let i = 0; i < count; i++) {
    const length = next() % 300;
    let s = '';
    for (let j = 0; j < length; j++) s += alphabet[next() % alphabet.length];
    yield s;
  }
}

test('hostile tokens: only the documented codes, never another error', () => {
  const state = new OAuthState(v.state.secrets);
  const s = sealer();
  const f = new Fernet(v.fernet.key);
  const good = v.state.verify[0].token;
  const inputs = [...hostile(7, 400)];
  // Single-character edits of valid tokens.
  for (let i = 0; i < good.length; i += 3) inputs.push(good.slice(0, i) + (good[i] === 'A' ? 'B' : 'A') + good.slice(i + 1));
  for (const input of inputs) {
    assert.ok(['STATE_INVALID', 'STATE_SESSION_MISMATCH', 'STATE_EXPIRED'].includes(codeOf(() => state.verify(input, { session: 'session-1', now: 1_700_000_000 }))));
    assert.equal(codeOf(() => s.open(input)), 'SEAL_INVALID');
    assert.equal(codeOf(() => f.decrypt(input)), 'SEAL_INVALID');
    const pkce = codeOf(() => codeChallengeS256(input));
    assert.ok(pkce === 'PKCE_INVALID' || /^[A-Za-z0-9._~-]{43,128}$/.test(input));
  }
});

test('key hygiene vectors', async () => {
  const { classifyKey, assertKeyForEnvironment, fingerprint, mask, KeyRing, KeyHygieneError } = await import('edgeward');
  for (const c of v.keys.classify) assert.deepEqual(classifyKey(c.key), { provider: c.provider, kind: c.kind, mode: c.mode }, c.key);
  for (const c of v.keys.environment) {
    const run = () => assertKeyForEnvironment(c.key, c.environment);
    assert.equal(codeOf(run), c.error ?? 'ok', `${c.key} in ${c.environment}`);
    if (c.error) assert.throws(run, KeyHygieneError);
    if (c.error === 'KEY_WRONG_ENVIRONMENT') {
      try {
        run();
      } catch (error) {
        assert.ok(!error.message.includes(c.key), 'the message names the key');
      }
    }
  }
  for (const c of v.keys.fingerprint) {
    if (c.error) assert.equal(codeOf(() => fingerprint(c.key, c.pepper)), c.error);
    else assert.equal(fingerprint(c.key, c.pepper), c.fingerprint);
  }
  for (const c of v.keys.mask) assert.equal(mask(c.key), c.mask);
  const ring = KeyRing.fromEnv(['X_API_KEY_NEW', 'X_API_KEY_OLD', 'X_API_KEY_GONE'], { X_API_KEY_NEW: 'new-key', X_API_KEY_OLD: 'old-key', X_API_KEY_GONE: '' });
  assert.deepEqual([...ring], ['new-key', 'old-key']);
  assert.equal(ring.current, 'new-key');
  assert.ok(Array.isArray(ring));
  assert.equal(codeOf(() => KeyRing.fromEnv(['NOPE_1', 'NOPE_2'], {})), 'KEY_RING_EMPTY');
  // A ring goes wherever several secrets go.
  const state = new OAuthState(KeyRing.fromEnv(['S'], { S: 's'.repeat(32) }));
  assert.equal(state.verify(state.issue({ session: 'a' }), { session: 'a' }).verifier, undefined);
  for (const input of hostile(11, 300)) {
    const c = classifyKey(input);
    assert.ok(['live', 'test', 'unknown'].includes(c.mode));
  }
});

test('access policy vectors', async () => {
  const { AccessPolicy, PolicyError } = await import('edgeward');
  const p = v.policy;
  const policy = new AccessPolicy({ roles: p.roles });
  for (const c of p.cases) {
    const d = policy.explain(c.subject, c.permission);
    assert.equal(d.allowed, c.allowed, JSON.stringify(c));
    assert.equal(policy.can(c.subject, c.permission), c.allowed);
    if (c.rule) assert.equal(d.rule, c.rule);
  }
  for (const bad of p.bad_policies) assert.throws(() => new AccessPolicy(bad), (e) => e instanceof PolicyError && e.code === 'POLICY_INVALID', JSON.stringify(bad));
  for (const bad of p.bad_subjects) assert.equal(codeOf(() => policy.can(bad, 'a:read')), 'POLICY_INVALID', JSON.stringify(bad));
  assert.throws(() => policy.can('admin', 'a:read'), TypeError);
  assert.equal(new AccessPolicy().can({ roles: ['viewer'] }, 'x:read'), true);
  for (const input of hostile(13, 300)) {
    assert.equal(policy.can({ roles: ['admin'], key: { permissions: ['a:read'] } }, input), input === 'a:read');
    assert.equal(codeOf(() => new AccessPolicy({ roles: { r: [input] } })) === 'ok', /^([A-Za-z0-9_.-]{1,128}|\*):([A-Za-z0-9_.-]{1,128}|\*)$/.test(input));
  }
});

test('safe error replies and request ids', async () => {
  const { safeErrorResponse, requestId } = await import('edgeward');
  const inner = new Error('db at 10.0.0.5 refused password=hunter2hunter2');
  const error = new Error('token sk_live_51H8abcdefghijklmnopqrstuvwxyz leaked', { cause: inner });
  const r = safeErrorResponse(error, { requestId: 'req-42' });
  assert.equal(r.status, 500);
  assert.deepEqual(JSON.parse(r.body), { type: 'about:blank', title: 'Internal Server Error', status: 500, requestId: 'req-42' });
  assert.equal(r.headers['content-type'], 'application/problem+json');
  assert.equal(r.headers['x-request-id'], 'req-42');
  assert.ok(!JSON.stringify(r.log).includes('sk_live_51H8abcdefghijklmnopqrstuvwxyz'));
  assert.match(r.log.stack, /credentials\.test\.mjs/);
  assert.match(r.log.causes[0], /^Error: db at/);
  const client = safeErrorResponse(Object.assign(new Error('email is required'), { status: 422 }), { expose: true, requestId: 'a\nb' });
  assert.equal(client.status, 422);
  assert.equal(JSON.parse(client.body).detail, 'email is required');
  assert.notEqual(client.requestId, 'a\nb');
  assert.equal(client.requestId.length, 22);
  assert.equal(JSON.parse(safeErrorResponse(new Error('x'), { status: 503, expose: true }).body).detail, undefined);
  const cyclic = new Error('a');
  cyclic.cause = cyclic;
  assert.equal(safeErrorResponse(cyclic).status, 500);
  assert.equal(safeErrorResponse('a string').status, 500);
  assert.equal(requestId('abc-123'), 'abc-123');
  assert.notEqual(requestId('bad id\r\n'), 'bad id\r\n');
  assert.match(requestId(), /^[A-Za-z0-9_-]{22}$/);
});

// Python (the installed `edgeward` package of the repository's venv) and this runtime: state,
// sealed and Fernet tokens made on one side are checked on the other.
const python = new URL('../../.venv/bin/python', import.meta.url).pathname;
const hasPython = existsSync(python) && spawnSync(python, ['-c', 'import edgeward; edgeward.Sealer'], { encoding: 'utf8' }).status === 0;

test('Python and this runtime: tokens cross in both directions', { skip: hasPython ? false : `no venv with edgeward at ${python}` }, () => {
  const secrets = v.state.secrets;
  const now = Math.floor(Date.now() / 1000);
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  const ours = {
    state: new OAuthState(secrets).issue({ session: 'py', verifier, returnTo: '/js', now }),
    sealed: sealer().seal('from js', { aad: 'ctx' }),
    fernet: new Fernet(v.fernet.key).encrypt('from js'),
  };
  const script = `
import json, sys
from edgeward import Fernet, OAuthState, Sealer
v = json.loads(sys.argv[1]); ours = json.loads(sys.argv[2])
state = OAuthState(v["state"]["secrets"])
got = state.verify(ours["state"], session="py")
sealer = Sealer(v["seal"]["keys"])
fernet = Fernet(v["fernet"]["key"])
print(json.dumps({
  "verified": [got.verifier, got.return_to],
  "opened": sealer.open_text(ours["sealed"], aad="ctx"),
  "fernet": fernet.decrypt(ours["fernet"]).decode(),
  "state": state.issue(session="js", verifier="${verifier}", return_to="/py"),
  "sealed": sealer.seal("from python", aad="ctx"),
  "fernet_token": fernet.encrypt(b"from python"),
}))`;
  const run = spawnSync(python, ['-c', script, JSON.stringify(v), JSON.stringify(ours)], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const theirs = JSON.parse(run.stdout);
  assert.deepEqual(theirs.verified, [verifier, '/js']);
  assert.equal(theirs.opened, 'from js');
  assert.equal(theirs.fernet, 'from js');
  assert.deepEqual(new OAuthState(secrets).verify(theirs.state, { session: 'js' }).returnTo, '/py');
  assert.equal(sealer().openText(theirs.sealed, { aad: 'ctx' }), 'from python');
  assert.equal(new Fernet(v.fernet.key).decryptText(theirs.fernet_token), 'from python');
});
