//! OAuth 2.0 client helpers: PKCE (RFC 7636), a stateless `state` parameter bound to the
//! caller's session, and the refresh-before-expiry rule.
//!
//! ## Threat model
//! - **Login CSRF and account takeover through `state`.** The attacker starts an authorization
//!   with their own account and makes the victim's browser finish it. The state token is
//!   bound to the caller's session id (a keyed tag of it, inside the authenticated header), so
//!   a state issued for one session fails for every other one with `STATE_SESSION_MISMATCH`
//!   (Authlib's CVE-2025-68158 was state not bound to the session).
//! - **Code interception.** The PKCE verifier travels inside the state token, so no server-side
//!   store is needed; the state appears in URLs (browser history, logs of the authorization
//!   server, `Referer`), so the verifier and the return address are *encrypted* (AES-256-GCM)
//!   and not merely signed: whoever sees the redirect learns neither.
//! - **Forgery and tampering.** Every byte of the token is authenticated; a wrong, truncated or
//!   altered token, or one made with another secret, is `STATE_INVALID` with no more detail
//!   (no oracle), and the message never contains the token.
//! - **Replay.** Tokens expire (`ttl_seconds`, default 600) and, given a replay store, are
//!   single-use (`STATE_REPLAYED`).
//! - **PKCE downgrade** (RFC 9700 §4.8.2): there is no `plain` method; asking for one is an
//!   error.
//! - **Refresh forever:** a skew not smaller than the token's lifetime would refresh on every
//!   request; it is refused.

mod pkce;
mod refresh;
mod state;

pub use pkce::{
    DEFAULT_VERIFIER_LENGTH, MAX_VERIFIER_LENGTH, MIN_VERIFIER_LENGTH, code_challenge,
    code_challenge_s256, generate_code_verifier, generate_code_verifier_with_length,
};
pub use refresh::{DEFAULT_REFRESH_SKEW_SECONDS, needs_refresh};
pub use state::{
    DEFAULT_STATE_TTL_SECONDS, IssueOptions, MAX_RETURN_TO_BYTES, MAX_SESSION_BYTES,
    MAX_STATE_TTL_SECONDS, MIN_STATE_SECRET_BYTES, OAuthState, VerifiedState,
};
