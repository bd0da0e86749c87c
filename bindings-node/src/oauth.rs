//! `OAuthState`, PKCE and `needsRefresh` (logic: `edgeward_js::oauth`).

use crate::{Result, to_js};
use edgeward_js::oauth::{self, JsOAuthState, VerifiedTuple};
use napi_derive::napi;
use zeroize::Zeroizing;

/// A new PKCE code verifier.
#[napi]
pub fn generate_code_verifier(length: Option<f64>) -> Result<String> {
    oauth::generate_code_verifier(length).map_err(to_js)
}

/// The `S256` code challenge of a verifier.
#[napi(js_name = "codeChallengeS256")]
pub fn code_challenge_s256(verifier: String) -> Result<String> {
    oauth::code_challenge_s256(&verifier).map_err(to_js)
}

/// The code challenge for a method (only `S256`).
#[napi]
pub fn code_challenge(verifier: String, method: Option<String>) -> Result<String> {
    oauth::code_challenge(&verifier, method.as_deref()).map_err(to_js)
}

/// Whether an access token should be refreshed now.
#[napi]
pub fn needs_refresh(
    expires_at: f64,
    now: f64,
    skew_seconds: Option<f64>,
    issued_at: Option<f64>,
) -> Result<bool> {
    oauth::needs_refresh(expires_at, now, skew_seconds, issued_at).map_err(to_js)
}

/// Throws `STATE_REPLAYED`.
#[napi]
pub fn state_replayed_error() -> Result<()> {
    Err(to_js(oauth::state_replayed_error()))
}

/// The OAuth state issuer behind the JS `OAuthState` class.
#[napi(js_name = "OAuthState")]
pub struct NativeOAuthState {
    inner: JsOAuthState,
}

#[napi]
impl NativeOAuthState {
    /// Over `secrets` (the first issues), tokens living `ttl_seconds`.
    #[napi(constructor)]
    pub fn new(secrets: Vec<String>, ttl_seconds: Option<f64>) -> Result<Self> {
        let secrets = Zeroizing::new(secrets);
        Ok(NativeOAuthState {
            inner: JsOAuthState::new(&secrets, ttl_seconds).map_err(to_js)?,
        })
    }

    /// A new state token.
    #[napi]
    pub fn issue(
        &self,
        session: String,
        verifier: Option<String>,
        return_to: Option<String>,
        now: f64,
    ) -> Result<String> {
        let verifier = verifier.map(Zeroizing::new);
        self.inner
            .issue(
                &session,
                verifier.as_deref().map(String::as_str),
                return_to.as_deref(),
                now,
            )
            .map_err(to_js)
    }

    /// Verifies a state token: `[verifier, returnTo, issuedAt, replayKey, replayTtlSeconds]`.
    #[napi]
    pub fn verify(&self, token: String, session: String, now: f64) -> Result<VerifiedTuple> {
        self.inner.verify(&token, &session, now).map_err(to_js)
    }
}
