// OAuth helpers over a backend (native addon or WASM): PKCE, the session-bound state token and
// the refresh rule. Every verdict is the Rust core's; this module converts JS values and calls
// the caller's replay store.
import { describe, seconds } from './convert.js';

/** `now` in Unix seconds: the caller's (a number or a Date) or the clock's. */
export function nowSeconds(now) {
  return now === undefined || now === null ? Date.now() / 1000 : seconds(now);
}

/** `value` if it is a string, else a TypeError naming `name`. */
export function text(value, name) {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string, got ${describe(value)}`);
  return value;
}

const optional = (value, name) => (value === undefined || value === null ? undefined : text(value, name));

/** PKCE, `OAuthState` and `needsRefresh` over `backend`; `fail` maps backend errors. */
export function createOAuthApi(backend, fail) {
  const Inner = backend.OAuthState;
  // The lean WASM build (webhooks and redaction) has no credential helpers.
  if (Inner === undefined) return {};

  function call(work) {
    try {
      return work();
    } catch (error) {
      throw fail(error);
    }
  }

  /** A new PKCE code verifier: `length` (43 to 128, default 43) characters from the OS CSPRNG. */
  function generateCodeVerifier({ length } = {}) {
    return call(() => backend.generateCodeVerifier(length));
  }

  /** The S256 code challenge of `verifier`; refuses a verifier of the wrong length or charset. */
  function codeChallengeS256(verifier) {
    return call(() => backend.codeChallengeS256(text(verifier, 'verifier')));
  }

  /** The code challenge for `method`: only "S256" exists (`plain` is refused: a downgrade). */
  function codeChallenge(verifier, { method } = {}) {
    return call(() => backend.codeChallenge(text(verifier, 'verifier'), optional(method, 'method')));
  }

  /** Whether a token expiring at `expiresAt` should be refreshed now (`skewSeconds` before it). */
  function needsRefresh(expiresAt, { now, skewSeconds, issuedAt } = {}) {
    const issued = issuedAt === undefined || issuedAt === null ? undefined : seconds(issuedAt);
    return call(() => backend.needsRefresh(seconds(expiresAt), nowSeconds(now), skewSeconds, issued));
  }

  function shape([verifier, returnTo, issuedAt]) {
    return { verifier: verifier ?? undefined, returnTo: returnTo ?? undefined, issuedAt };
  }

  function storeOf(replay) {
    if (typeof replay === 'function') return replay;
    if (replay !== null && typeof replay === 'object' && typeof replay.seen === 'function') {
      return (key, ttl) => replay.seen(key, ttl);
    }
    throw new TypeError(`replay must be a function (key, ttlSeconds) => seenBefore or an object with seen(), got ${describe(replay)}`);
  }

  /**
   * Issues and verifies OAuth `state` tokens: encrypted (the PKCE verifier and the return
   * address stay secret in URLs), bound to the caller's session, expiring, single-use with a
   * replay store.
   */
  class OAuthState {
    #inner;

    constructor(secrets, { ttlSeconds } = {}) {
      const list = typeof secrets === 'string' ? [secrets] : secrets;
      if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) {
        throw new TypeError(`secrets must be a string or an array of strings, got ${describe(secrets)}`);
      }
      this.#inner = call(() => new Inner(list, ttlSeconds));
    }

    /** A new state token for `session`, carrying `verifier` and `returnTo`. */
    issue({ session, verifier, returnTo, now } = {}) {
      text(session, 'session');
      return call(() =>
        this.#inner.issue(session, optional(verifier, 'verifier'), optional(returnTo, 'returnTo'), nowSeconds(now)),
      );
    }

    #verified(token, session, now) {
      return call(() => this.#inner.verify(text(token, 'token'), text(session, 'session'), nowSeconds(now)));
    }

    /**
     * `{ verifier, returnTo, issuedAt }` of a valid token for `session`. With `replay` (a
     * function `(key, ttlSeconds) => seenBefore` that remembers `key`), a second use is refused.
     */
    verify(token, { session, now, replay } = {}) {
      const result = this.#verified(token, session, now);
      if (replay !== undefined && replay !== null) {
        const seen = storeOf(replay)(result[3], result[4]);
        if (seen !== null && typeof seen === 'object' && typeof seen.then === 'function') {
          throw new TypeError('the replay store returned a promise: use verifyAsync');
        }
        if (seen) call(() => backend.stateReplayedError());
      }
      return shape(result);
    }

    /** `verify` with an asynchronous replay store (Workers KV, Redis). */
    async verifyAsync(token, { session, now, replay } = {}) {
      const result = this.#verified(token, session, now);
      if (replay !== undefined && replay !== null) {
        if (await storeOf(replay)(result[3], result[4])) call(() => backend.stateReplayedError());
      }
      return shape(result);
    }
  }

  return { generateCodeVerifier, codeChallengeS256, codeChallenge, needsRefresh, OAuthState };
}
