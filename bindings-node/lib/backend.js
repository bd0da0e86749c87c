// The backend adapter, written once for every entry: the native addon (napi-rs) and the two
// WASM builds (wasm-bindgen, full and lean) are thin shims over one Rust crate
// (bindings-js) and export the same JS names, so adapting one is naming it.
// Web-standard JavaScript only: the workerd and browser entries import it.

/** What the facade (lib/api.js) takes from a backend; the lean WASM build has `LEAN` only. */
export const BACKEND_NEEDS = Object.freeze({
  lean: Object.freeze([
    'Webhook',
    'ReplayGuard',
    'Redactor',
    'payloadError',
    'payloadSurrogateError',
    'secretError',
    'webhookOptionsError',
    'replayedError',
    'errorFamily',
    'errorCodes',
    'httpStatus',
    'encodePathSegment',
    'buildPath',
    'validationInputError',
    'errorFields',
    'misuseError',
    'RateLimiterCore',
    'rateLimitMemory',
    'rateLimitCheck',
    'rateLimitCheckNow',
    'rateLimitLastHandle',
    'rateLimitMemoryStats',
    'rateLimitOptionsError',
    'rateLimitRedisScript',
    'IpAllowlist',
    'netEntriesError',
    'netIpError',
    'netOptionsError',
  ]),
  // In addition to `lean`: validation and the credentials (neither is in the lean build).
  full: Object.freeze([
    'Validator',
    'OAuthState',
    'Sealer',
    'Fernet',
    'AccessPolicy',
    'generateCodeVerifier',
    'codeChallenge',
    'codeChallengeS256',
    'needsRefresh',
    'stateReplayedError',
    'classifyKey',
    'assertKeyForEnvironment',
    'keyRing',
    'fingerprint',
    'maskKey',
    'requestId',
    'safeErrorParts',
  ]),
});

/**
 * `module` (the addon, or an initialised wasm-bindgen module) as the backend `createApi`
 * takes. The one difference between backends: the WASM build takes the validator's texts as
 * UTF-8 bytes (wasm-bindgen copies strings in one character at a time; `encodeInto` is native).
 */
export function adapt(name, module) {
  return { ...module, name, textsAsBytes: name === 'wasm' };
}
