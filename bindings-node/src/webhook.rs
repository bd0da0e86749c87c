//! The webhook verifier: `Webhook` in the JS API.

use crate::{Result, to_js};
use edgeward_core::webhook::{tolerance_from_f64, unix_seconds_from_f64};
use edgeward_core::{Verified, Webhook, WebhookOptions};
use napi_derive::napi;
use zeroize::Zeroizing;

/// The outcome of a successful verification.
#[napi(object)]
pub struct VerifiedDelivery {
    /// The signed timestamp, Unix seconds.
    pub timestamp: i64,
    /// Index of the secret that matched.
    pub secret_index: u32,
}

impl From<Verified> for VerifiedDelivery {
    fn from(v: Verified) -> Self {
        VerifiedDelivery {
            timestamp: v.timestamp,
            secret_index: u32::try_from(v.secret_index).unwrap_or(u32::MAX),
        }
    }
}

/// The native webhook verifier behind the JS `Webhook` class.
#[napi]
pub struct NativeWebhook {
    inner: Webhook,
}

#[napi]
impl NativeWebhook {
    /// Builds the verifier; `secrets` newest first.
    #[napi(constructor)]
    pub fn new(secrets: Vec<String>, tolerance_seconds: Option<f64>) -> Result<Self> {
        let secrets: Vec<Zeroizing<String>> = secrets.into_iter().map(Zeroizing::new).collect();
        let mut options = WebhookOptions::default();
        if let Some(t) = tolerance_seconds {
            options.tolerance_seconds = tolerance_from_f64(t).map_err(to_js)?;
        }
        let refs: Vec<&[u8]> = secrets.iter().map(|s| s.as_bytes()).collect();
        Webhook::new(&refs, options)
            .map(|inner| NativeWebhook { inner })
            .map_err(to_js)
    }

    /// Verifies a payload given as bytes (Buffer or any Uint8Array, not copied).
    #[napi]
    pub fn verify_bytes(
        &self,
        payload: &[u8],
        header: Option<String>,
        now: f64,
    ) -> Result<VerifiedDelivery> {
        let now = unix_seconds_from_f64(now).map_err(to_js)?;
        self.inner
            .verify(payload, header.as_deref(), now)
            .map(VerifiedDelivery::from)
            .map_err(to_js)
    }

    /// Verifies a payload given as a string (hashed as its UTF-8 bytes).
    #[napi]
    pub fn verify_string(
        &self,
        payload: String,
        header: Option<String>,
        now: f64,
    ) -> Result<VerifiedDelivery> {
        self.verify_bytes(payload.as_bytes(), header, now)
    }

    /// Signs a payload given as bytes at `timestamp`, returning the header value.
    #[napi]
    pub fn sign_bytes(&self, payload: &[u8], timestamp: f64) -> Result<String> {
        let timestamp = unix_seconds_from_f64(timestamp).map_err(to_js)?;
        self.inner.sign(payload, timestamp).map_err(to_js)
    }

    /// Signs a payload given as a string.
    #[napi]
    pub fn sign_string(&self, payload: String, timestamp: f64) -> Result<String> {
        self.sign_bytes(payload.as_bytes(), timestamp)
    }
}
