//! `OAuthState`, PKCE and `needsRefresh` for JS: number conversions over `edgeward_core::oauth`.

use crate::credentials::{duration, unix_seconds};
use crate::{Error, Result};
use edgeward_core::oauth::{self, IssueOptions, OAuthState, VerifiedState};

fn invalid(reason: String) -> Error {
    Error::OAuthInvalidOptions { reason }
}

/// A new PKCE code verifier; `length` 43 to 128 characters (default 43).
pub fn generate_code_verifier(length: Option<f64>) -> Result<String> {
    match length {
        None => oauth::generate_code_verifier(),
        Some(n) => {
            let n = duration(n, "length", 0, 1000, |_| Error::PkceInvalid {
                reason: "`length` must be a whole number from 43 to 128".to_owned(),
            })?;
            oauth::generate_code_verifier_with_length(usize::try_from(n).unwrap_or(0))
        }
    }
}

/// The `S256` challenge of `verifier`.
pub fn code_challenge_s256(verifier: &str) -> Result<String> {
    oauth::code_challenge_s256(verifier)
}

/// The challenge for `method` (only `S256`; default `S256`).
pub fn code_challenge(verifier: &str, method: Option<&str>) -> Result<String> {
    oauth::code_challenge(verifier, method.unwrap_or("S256"))
}

/// Whether a token expiring at `expires_at` should be refreshed at `now`.
pub fn needs_refresh(
    expires_at: f64,
    now: f64,
    skew_seconds: Option<f64>,
    issued_at: Option<f64>,
) -> Result<bool> {
    let expires_at = unix_seconds(expires_at, |_| {
        invalid("`expiresAt` must be a finite number of Unix seconds (or a Date)".to_owned())
    })?;
    let now = unix_seconds(now, invalid)?;
    let skew = match skew_seconds {
        None => oauth::DEFAULT_REFRESH_SKEW_SECONDS,
        Some(s) if s.is_finite() && s.fract() == 0.0 && s.abs() < 1e15 => {
            #[allow(clippy::cast_possible_truncation)] // bounded
            let whole = s as i64;
            whole
        }
        Some(_) => {
            return Err(invalid(
                "`skewSeconds` must be a whole number of seconds".to_owned(),
            ));
        }
    };
    let issued_at = match issued_at {
        None => None,
        Some(t) => Some(unix_seconds(t, |_| {
            invalid("`issuedAt` must be a finite number of Unix seconds (or a Date)".to_owned())
        })?),
    };
    oauth::needs_refresh(expires_at, now, skew, issued_at)
}

/// The error for a state a replay store has seen before.
pub fn state_replayed_error() -> Error {
    Error::StateReplayed
}

/// A verified state as the facade shapes it: `[verifier, returnTo, issuedAt, replayKey,
/// replayTtlSeconds]`.
pub type VerifiedTuple = (Option<String>, Option<String>, f64, String, f64);

/// `OAuthState` for JS.
#[derive(Debug)]
pub struct JsOAuthState {
    inner: OAuthState,
}

impl JsOAuthState {
    /// Over `secrets` (the first issues), tokens living `ttl_seconds` (default 600).
    pub fn new(secrets: &[String], ttl_seconds: Option<f64>) -> Result<JsOAuthState> {
        let ttl = match ttl_seconds {
            None => oauth::DEFAULT_STATE_TTL_SECONDS,
            Some(t) => duration(t, "ttlSeconds", 1, oauth::MAX_STATE_TTL_SECONDS, invalid)?,
        };
        Ok(JsOAuthState {
            inner: OAuthState::new(secrets, ttl)?,
        })
    }

    /// A new token for `session`.
    pub fn issue(
        &self,
        session: &str,
        verifier: Option<&str>,
        return_to: Option<&str>,
        now: f64,
    ) -> Result<String> {
        let now = unix_seconds(now, invalid)?;
        self.inner.issue(
            &IssueOptions {
                session,
                verifier,
                return_to,
            },
            now,
        )
    }

    /// Verifies `token` for `session` at `now`.
    pub fn verify(&self, token: &str, session: &str, now: f64) -> Result<VerifiedTuple> {
        let now = unix_seconds(now, invalid)?;
        let VerifiedState {
            verifier,
            return_to,
            issued_at,
            replay_key,
            replay_ttl_seconds,
        } = self.inner.verify(token, session, now)?;
        #[allow(clippy::cast_precision_loss)] // Unix seconds and a ttl of at most a day
        Ok((
            verifier,
            return_to,
            issued_at as f64,
            replay_key,
            replay_ttl_seconds as f64,
        ))
    }
}
