//! `OAuthState`, PKCE and `needsRefresh` (logic: `edgeward_js::oauth`).

use crate::to_js;
use edgeward_js::oauth::{self, JsOAuthState};
use js_sys::Array;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

/// A new PKCE code verifier.
#[wasm_bindgen(js_name = generateCodeVerifier)]
pub fn generate_code_verifier(length: Option<f64>) -> Result<String, JsValue> {
    oauth::generate_code_verifier(length).map_err(to_js)
}

/// The `S256` code challenge of a verifier.
#[wasm_bindgen(js_name = codeChallengeS256)]
pub fn code_challenge_s256(verifier: &str) -> Result<String, JsValue> {
    oauth::code_challenge_s256(verifier).map_err(to_js)
}

/// The code challenge for a method (only `S256`).
#[wasm_bindgen(js_name = codeChallenge)]
pub fn code_challenge(verifier: &str, method: Option<String>) -> Result<String, JsValue> {
    oauth::code_challenge(verifier, method.as_deref()).map_err(to_js)
}

/// Whether an access token should be refreshed now.
#[wasm_bindgen(js_name = needsRefresh)]
pub fn needs_refresh(
    expires_at: f64,
    now: f64,
    skew_seconds: Option<f64>,
    issued_at: Option<f64>,
) -> Result<bool, JsValue> {
    oauth::needs_refresh(expires_at, now, skew_seconds, issued_at).map_err(to_js)
}

/// Throws `STATE_REPLAYED`.
#[wasm_bindgen(js_name = stateReplayedError)]
pub fn state_replayed_error() -> Result<(), JsValue> {
    Err(to_js(oauth::state_replayed_error()))
}

/// The OAuth state issuer behind the JS `OAuthState` class.
#[wasm_bindgen(js_name = OAuthState)]
pub struct WasmOAuthState {
    inner: JsOAuthState,
}

#[wasm_bindgen(js_class = OAuthState)]
impl WasmOAuthState {
    /// Over `secrets` (the first issues), tokens living `ttl_seconds`.
    #[wasm_bindgen(constructor)]
    pub fn new(secrets: Vec<String>, ttl_seconds: Option<f64>) -> Result<WasmOAuthState, JsValue> {
        let secrets = Zeroizing::new(secrets);
        Ok(WasmOAuthState {
            inner: JsOAuthState::new(&secrets, ttl_seconds).map_err(to_js)?,
        })
    }

    /// A new state token.
    pub fn issue(
        &self,
        session: &str,
        verifier: Option<String>,
        return_to: Option<String>,
        now: f64,
    ) -> Result<String, JsValue> {
        let verifier = verifier.map(Zeroizing::new);
        self.inner
            .issue(
                session,
                verifier.as_deref().map(String::as_str),
                return_to.as_deref(),
                now,
            )
            .map_err(to_js)
    }

    /// Verifies a state token: `[verifier, returnTo, issuedAt, replayKey, replayTtlSeconds]`.
    pub fn verify(&self, token: &str, session: &str, now: f64) -> Result<Array, JsValue> {
        let (verifier, return_to, issued_at, key, ttl) =
            self.inner.verify(token, session, now).map_err(to_js)?;
        let out = Array::new();
        out.push(&verifier.map_or(JsValue::NULL, |v| JsValue::from_str(&v)));
        out.push(&return_to.map_or(JsValue::NULL, |v| JsValue::from_str(&v)));
        out.push(&JsValue::from_f64(issued_at));
        out.push(&JsValue::from_str(&key));
        out.push(&JsValue::from_f64(ttl));
        Ok(out)
    }
}
