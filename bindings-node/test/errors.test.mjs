// The error contract (core/src/error.rs): the same misuse gives the same family and code as in
// Python (the shared table tests/vectors/error_misuse.json), structured facts are properties,
// napi-rs conversion errors are mapped, and the `.d.ts` unions hold exactly `errorCodes`.
// Runs against whichever build EDGEWARD_BACKEND selects (native or wasm).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as edgeward from 'edgeward';
import { translateError } from '../lib/errors.js';
import { loadNative, loadWasm } from '../lib/backends.js';
import { loadVectors } from './vectors.mjs';

const {
  Webhook,
  ReplayGuard,
  Redactor,
  Validator,
  encodePathSegment,
  buildPath,
  OAuthState,
  needsRefresh,
  Sealer,
  Fernet,
  EdgewardError,
  WebhookVerificationError,
  ValidationError,
  SchemaError,
  PathError,
  RedactionError,
  RateLimitError,
  OAuthError,
  SealError,
  KeyHygieneError,
  PolicyError,
  NetworkError,
  errorCodes,
  backend,
} = edgeward;
/** The raw backend under test (its errorFamily is the core's). */
const raw = backend === 'wasm' ? loadWasm() : loadNative();

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const BODY = '{"id":"evt_1"}';
const NOW = 1_700_000_000;
const CLASS_OF_FAMILY = {
  webhook: WebhookVerificationError,
  validation: ValidationError,
  schema: SchemaError,
  path: PathError,
  redaction: RedactionError,
  rate_limit: RateLimitError,
  oauth: OAuthError,
  seal: SealError,
  key: KeyHygieneError,
  policy: PolicyError,
  system: EdgewardError,
  network: NetworkError,
};
/** The prefixes of a family's codes (the core's `ErrorFamily::code_prefixes`). */
const PREFIXES = {
  webhook: ['WEBHOOK_'],
  validation: ['VALIDATION_'],
  schema: ['SCHEMA_'],
  path: ['PATH_'],
  redaction: ['REDACTION_'],
  rate_limit: ['RATE_LIMIT_'],
  oauth: ['OAUTH_', 'STATE_', 'PKCE_'],
  seal: ['SEAL_'],
  key: ['KEY_'],
  policy: ['POLICY_'],
  system: ['SYSTEM_', 'RANDOM_'],
  network: ['NETWORK_'],
};
/** The family of a code: every code starts with one of its family's prefixes. */
const familyOf = (code) => Object.keys(PREFIXES).find((family) => PREFIXES[family].some((prefix) => code.startsWith(prefix)));

const stripe = new Webhook(SECRET);
const header = stripe.sign(BODY, { timestamp: NOW });
const standard = new Webhook(SECRET, { scheme: 'standard' });

// How JavaScript spells each call of the shared table.
const OAUTH = new OAuthState('state-secret-for-the-errors-test-0123456789');
const OAUTH_TOKEN = OAUTH.issue({ session: 's1', now: NOW });
const SEALER = new Sealer([{ id: 'k1', key: Buffer.alloc(32, 7).toString('base64url') }]);
const SEALED = SEALER.seal('token', { now: NOW });
const FERNET = new Fernet('cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=');
const FERNET_TOKEN = FERNET.encrypt('token', { now: NOW });

const CALLS = {
  'Webhook(secret)': (v) => new Webhook(v),
  'Webhook(scheme)': (v) => new Webhook(SECRET, { scheme: v }),
  'Webhook(tolerance)': (v) => new Webhook(SECRET, { toleranceSeconds: v }),
  'Webhook(retention)': (v) => new Webhook(SECRET, { retentionSeconds: v }),
  'Webhook(secretFormat)': (v) => new Webhook(SECRET, { secretFormat: v }),
  'Webhook(replayGuard)': (v) => new Webhook(SECRET, { replayGuard: v }),
  'ReplayGuard(maxEntries)': (v) => new ReplayGuard({ maxEntries: v }),
  'verify(payload)': (v) => stripe.verify(v, header, { now: NOW }),
  'verify(headers)': (v) => stripe.verify(BODY, v, { now: NOW }),
  'verify(now)': (v) => stripe.verify(BODY, header, { now: v }),
  'signHeaders(timestamp)': (v) => standard.signHeaders(BODY, { timestamp: v }),
  'signHeaders(id)': (v) => standard.signHeaders(BODY, { timestamp: NOW, id: v }),
  'Redactor(maxDepth)': (v) => new Redactor({ maxDepth: v }),
  'Redactor(keys)': (v) => new Redactor({ keys: v }),
  'Redactor(mode)': (v) => new Redactor({ mode: v }),
  'redactJson(text)': (v) => new Redactor().redactJson(v),
  'redactNdjson(text)': (v) => new Redactor().redactNdjson(v),
  'redactText(text)': (v) => new Redactor().redactText(v),
  'Validator(schema)': (v) => new Validator(v).isValid(1),
  'Validator(draft)': (v) => new Validator({}, { draft: v }).isValid(1),
  'Validator(maxDepth)': (v) => new Validator({}, { limits: { maxDepth: v } }).isValid(1),
  'Validator(allowDuplicateKeys)': (v) => new Validator({}, { limits: { allowDuplicateKeys: v } }).isValid(1),
  'validateJson(body)': (v) => new Validator({}).validateJson(v),
  'encodePathSegment(segment)': (v) => encodePathSegment(v),
  'buildPath(template)': (v) => buildPath(v, {}),
  'buildPath(params)': (v) => buildPath('/events/{id}', v),
  'OAuthState.verify(now)': (v) => OAUTH.verify(OAUTH_TOKEN, { session: 's1', now: v }),
  'needsRefresh(now)': (v) => needsRefresh(NOW + 3600, { now: v }),
  'Sealer.open(now)': (v) => SEALER.open(SEALED, { now: v }),
  'Fernet.decrypt(now)': (v) => FERNET.decrypt(FERNET_TOKEN, { now: v }),
};

const table = loadVectors('error_misuse.json');

test('every call of the misuse table has a JavaScript spelling, and vice versa', () => {
  assert.deepEqual(new Set(table.cases.map((c) => c.call)), new Set(Object.keys(CALLS)));
});

for (const c of table.cases) {
  test(`misuse ${c.call} with ${JSON.stringify(c.value)}: ${c.code}`, () => {
    const family = familyOf(c.code);
    assert.ok(family, c.code);
    assert.throws(
      () => CALLS[c.call](c.value),
      (error) => {
        assert.equal(error.code, c.code, error.message);
        assert.ok(error instanceof CLASS_OF_FAMILY[family], `${error.name} is not the ${family} class`);
        assert.ok(error instanceof EdgewardError);
        assert.ok(!(error instanceof TypeError));
        return true;
      },
    );
  });
}

test('the structured facts of an error are properties', () => {
  const old = () => stripe.verify(BODY, header, { now: NOW + 4000 });
  assert.throws(old, (error) => {
    assert.equal(error.code, 'WEBHOOK_TIMESTAMP_TOO_OLD');
    assert.equal(error.ageSeconds, 4000);
    assert.equal(error.toleranceSeconds, 300);
    return true;
  });
  assert.throws(() => stripe.verify(BODY, header, { now: NOW - 901 }), (error) => {
    assert.equal(error.code, 'WEBHOOK_TIMESTAMP_TOO_NEW');
    assert.equal(error.aheadSeconds, 901);
    assert.equal(error.toleranceSeconds, 300);
    return true;
  });
  assert.throws(() => stripe.verify(BODY, {}, { now: NOW }), (error) => {
    assert.equal(error.code, 'WEBHOOK_MISSING_HEADER');
    assert.equal(error.header, 'stripe-signature');
    return true;
  });
  const twoSecrets = new Webhook([SECRET, 'whsec_second_secret_for_errors_test']);
  assert.throws(() => twoSecrets.verify('{"tampered":1}', header, { now: NOW }), (error) => {
    assert.equal(error.code, 'WEBHOOK_SIGNATURE_MISMATCH');
    assert.equal(error.secretCount, 2);
    assert.equal(error.signatureCount, 1);
    return true;
  });
  const guarded = new Webhook(SECRET, { scheme: 'standard', replayGuard: new ReplayGuard({ maxEntries: 1 }) });
  const first = guarded.signHeaders(BODY, { timestamp: NOW, id: 'msg_1' });
  guarded.verify(BODY, first, { now: NOW });
  assert.throws(() => guarded.verify(BODY, first, { now: NOW }), (error) => {
    assert.equal(error.code, 'WEBHOOK_REPLAYED');
    assert.equal(error.by, 'id');
    return true;
  });
  assert.throws(() => guarded.verify(BODY, guarded.signHeaders(BODY, { timestamp: NOW, id: 'msg_2' }), { now: NOW }), (error) => {
    assert.equal(error.code, 'WEBHOOK_REPLAY_GUARD_FULL');
    assert.equal(error.maxEntries, 1);
    return true;
  });
  // Errors without facts get none, even right after one with facts.
  assert.throws(old, WebhookVerificationError);
  assert.throws(() => new Webhook(SECRET, { toleranceSeconds: 0 }), (error) => {
    assert.equal(error.code, 'WEBHOOK_INVALID_OPTIONS');
    assert.equal(error.ageSeconds, undefined);
    return true;
  });
});

test('facts are only handed to the error they belong to', () => {
  const backend = { errorFamily: (code) => familyOf(code), errorFields: () => '{"ageSeconds":1}' };
  // The facade asks with the error's own code and message; the backends answer only a match
  // (bindings-js/src/errors.rs tests the matching).
  const seen = [];
  const asking = { ...backend, errorFields: (code, message) => (seen.push([code, message]), undefined) };
  const translated = translateError(Object.assign(new Error('m'), { code: 'WEBHOOK_REPLAYED' }), asking);
  assert.deepEqual(seen, [['WEBHOOK_REPLAYED', 'm']]);
  assert.equal(translated.ageSeconds, undefined);
  assert.equal(translateError(Object.assign(new Error('m'), { code: 'WEBHOOK_REPLAYED' }), backend).ageSeconds, 1);
});

test('napi-rs conversion errors become the family class with the misuse code', () => {
  const native = loadNative();
  const caught = [];
  for (const misuse of [() => new native.Redactor(42), () => native.errorFamily(42), () => native.buildPath(1, 2)]) {
    try {
      misuse();
    } catch (error) {
      caught.push(error);
    }
  }
  assert.equal(caught.length, 3);
  for (const error of caught) {
    assert.equal(typeof error.code, 'string');
    assert.equal(native.errorFamily(error.code), null, `${error.code} is napi's own`);
    const translated = translateError(error, native, 'REDACTION_INVALID_OPTIONS');
    assert.ok(translated instanceof RedactionError, `${error.code}: ${error.message}`);
    assert.equal(translated.code, 'REDACTION_INVALID_OPTIONS');
    assert.match(translated.message, /wrong type/);
  }
  // Without a misuse code (or for other errors) nothing is rewritten.
  assert.equal(translateError(caught[0], native), caught[0]);
  const plain = new Error('x');
  assert.equal(translateError(plain, native, 'REDACTION_INVALID_OPTIONS'), plain);
});

test('the .d.ts code unions hold exactly errorCodes, in the same families', () => {
  const text = readFileSync(new URL('../types/errors.d.ts', import.meta.url), 'utf8');
  const declared = new Map();
  for (const [, family, body] of text.matchAll(/export type (\w+)ErrorCode =([^;]*);/g)) {
    // `RateLimitErrorCode` is the family `rate_limit`.
    const name = family.replace(/(?<=[a-z])([A-Z])/g, '_$1').toLowerCase().replace('o_auth', 'oauth');
    for (const [, code] of body.matchAll(/'([A-Z_]+)'/g)) declared.set(code, name);
  }
  assert.deepEqual(new Set(declared.keys()), new Set(errorCodes));
  for (const code of errorCodes) {
    const family = raw.errorFamily(code);
    assert.equal(declared.get(code), family, code);
    assert.equal(familyOf(code), family, `${code} starts with its family's name`);
    const translated = translateError(Object.assign(new Error('x'), { code }), raw);
    assert.ok(translated instanceof CLASS_OF_FAMILY[family]);
    assert.equal(translated.code, code);
  }
  // The lean entry's declarations re-export the families it can throw.
  const lean = readFileSync(new URL('../webhooks.d.ts', import.meta.url), 'utf8');
  for (const name of ['EdgewardError', 'WebhookVerificationError', 'RedactionError']) assert.match(lean, new RegExp(`\\b${name}\\b`));
});
