/** A number of Unix seconds or a Date. */
export type Instant = number | Date;

/** A new PKCE code verifier (43 to 128 characters, default 43) from the OS CSPRNG. */
export function generateCodeVerifier(options?: { length?: number }): string;
/** BASE64URL(SHA-256(verifier)); refuses a verifier of the wrong length or charset (`PKCE_INVALID`). */
export function codeChallengeS256(verifier: string): string;
/** The code challenge for `method`: only `"S256"` (asking for `plain` is `PKCE_INVALID`). */
export function codeChallenge(verifier: string, options?: { method?: 'S256' }): string;
/** Whether a token expiring at `expiresAt` should be refreshed now (`skewSeconds`, default 60, before it). */
export function needsRefresh(
  expiresAt: Instant,
  options?: { now?: Instant; skewSeconds?: number; issuedAt?: Instant },
): boolean;

/** A replay store: returns whether `key` was seen before, and remembers it for `ttlSeconds`. */
export type StateReplayStore =
  | ((key: string, ttlSeconds: number) => boolean)
  | { seen(key: string, ttlSeconds: number): boolean };
/** An asynchronous replay store (Workers KV, Redis). */
export type AsyncStateReplayStore =
  | ((key: string, ttlSeconds: number) => boolean | Promise<boolean>)
  | { seen(key: string, ttlSeconds: number): boolean | Promise<boolean> };

/** What a verified state token carried. */
export interface VerifiedState {
  verifier?: string;
  returnTo?: string;
  issuedAt: number;
}

/** Session-bound, encrypted, expiring OAuth `state` tokens carrying the PKCE verifier. */
export class OAuthState {
  /** `secrets`: the first issues, every one verifies (each at least 32 bytes). */
  constructor(secrets: string | string[], options?: { ttlSeconds?: number });
  issue(options: { session: string; verifier?: string; returnTo?: string; now?: Instant }): string;
  verify(token: string, options: { session: string; now?: Instant; replay?: StateReplayStore }): VerifiedState;
  verifyAsync(
    token: string,
    options: { session: string; now?: Instant; replay?: AsyncStateReplayStore },
  ): Promise<VerifiedState>;
}

