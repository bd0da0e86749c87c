//! `Sealer` and `Fernet` for JS: number conversions over `edgeward_core::{seal, fernet}`.

use crate::credentials::{duration, unix_seconds};
use crate::{Error, Result};
use edgeward_core::fernet::Fernet;
use edgeward_core::seal::Sealer;

fn invalid(reason: String) -> Error {
    Error::SealInvalidOptions { reason }
}

/// Largest `maxAgeSeconds` / `ttlSeconds`: about 100 years.
const MAX_AGE: u64 = 100 * 366 * 86_400;

/// `Sealer` for JS.
#[derive(Debug)]
pub struct JsSealer {
    inner: Sealer,
}

impl JsSealer {
    /// Over `ids[i]` / `keys[i]` pairs; the first seals.
    pub fn new(ids: &[String], keys: &[String]) -> Result<JsSealer> {
        if ids.len() != keys.len() {
            return Err(Error::SealInvalidKey {
                reason: "every key needs an id and a key".to_owned(),
            });
        }
        let pairs: Vec<(&str, &str)> = ids
            .iter()
            .zip(keys)
            .map(|(i, k)| (i.as_str(), k.as_str()))
            .collect();
        Ok(JsSealer {
            inner: Sealer::new(&pairs)?,
        })
    }

    /// The id of the key that seals.
    pub fn key_id(&self) -> String {
        self.inner.current_key_id().to_owned()
    }

    /// Seals `plaintext` with `aad` at `now`.
    pub fn seal(&self, plaintext: &[u8], aad: Option<&[u8]>, now: f64) -> Result<String> {
        let now = unix_seconds(now, invalid)?;
        self.inner.seal(plaintext, aad.unwrap_or(&[]), now)
    }

    /// Opens `token`.
    pub fn open(
        &self,
        token: &str,
        aad: Option<&[u8]>,
        max_age_seconds: Option<f64>,
        now: f64,
    ) -> Result<Vec<u8>> {
        let now = unix_seconds(now, invalid)?;
        let max_age = match max_age_seconds {
            None => None,
            Some(m) => Some(duration(m, "maxAgeSeconds", 0, MAX_AGE, invalid)?),
        };
        self.inner.open(token, aad.unwrap_or(&[]), max_age, now)
    }
}

/// `Fernet` for JS.
#[derive(Debug)]
pub struct JsFernet {
    inner: Fernet,
}

impl JsFernet {
    /// From a base64url key.
    pub fn new(key: &str) -> Result<JsFernet> {
        Ok(JsFernet {
            inner: Fernet::new(key)?,
        })
    }

    /// A new random key.
    pub fn generate_key() -> Result<String> {
        Fernet::generate_key()
    }

    /// Encrypts at `now`.
    pub fn encrypt(&self, plaintext: &[u8], now: f64) -> Result<String> {
        self.inner.encrypt(plaintext, unix_seconds(now, invalid)?)
    }

    /// Decrypts, with an optional ttl.
    pub fn decrypt(&self, token: &str, ttl_seconds: Option<f64>, now: f64) -> Result<Vec<u8>> {
        let now = unix_seconds(now, invalid)?;
        let ttl = match ttl_seconds {
            None => None,
            Some(t) => Some(duration(t, "ttlSeconds", 0, MAX_AGE, invalid)?),
        };
        self.inner.decrypt(token, ttl, now)
    }
}
