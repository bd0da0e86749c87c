// The public API of the npm package: ONE list of exported names for every entry (Node,
// workerd, browsers; full and lean). `lean` names are also exported by `edgeward/webhooks`,
// the entry built without JSON Schema validation. The entries in lib/entries/ are generated
// from this list by scripts/entries.mjs (test/entries.test.mjs fails when they are stale).
export const EXPORTS = Object.freeze([
  { name: 'Webhook', lean: true },
  { name: 'ReplayGuard', lean: true },
  { name: 'EdgewardError', lean: true },
  { name: 'WebhookVerificationError', lean: true },
  { name: 'ValidationError', lean: false },
  { name: 'SchemaError', lean: false },
  { name: 'PathError', lean: false },
  { name: 'RedactionError', lean: true },
  { name: 'Redactor', lean: true },
  { name: 'Validator', lean: false },
  { name: 'encodePathSegment', lean: false },
  { name: 'buildPath', lean: false },
  { name: 'RateLimiter', lean: false },
  { name: 'RateLimitError', lean: false },
  { name: 'redisStore', lean: false },
  { name: 'RateLimitStoreObject', lean: false },
  { name: 'durableObjectStore', lean: false },
  { name: 'OAuthError', lean: false },
  { name: 'SealError', lean: false },
  { name: 'KeyHygieneError', lean: false },
  { name: 'PolicyError', lean: false },
  { name: 'OAuthState', lean: false },
  { name: 'generateCodeVerifier', lean: false },
  { name: 'codeChallengeS256', lean: false },
  { name: 'codeChallenge', lean: false },
  { name: 'needsRefresh', lean: false },
  { name: 'Sealer', lean: false },
  { name: 'Fernet', lean: false },
  { name: 'classifyKey', lean: false },
  { name: 'assertKeyForEnvironment', lean: false },
  { name: 'fingerprint', lean: false },
  { name: 'mask', lean: false },
  { name: 'KeyRing', lean: false },
  { name: 'AccessPolicy', lean: false },
  { name: 'safeErrorResponse', lean: false },
  { name: 'requestId', lean: false },
  { name: 'errorCodes', lean: true },
  { name: 'backend', lean: true },
]);

/** The names of the full entry (`edgeward`). */
export const FULL = Object.freeze(EXPORTS.map((e) => e.name));
/** The names of the lean entry (`edgeward/webhooks`). */
export const LEAN = Object.freeze(EXPORTS.filter((e) => e.lean).map((e) => e.name));
