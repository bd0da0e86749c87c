//! `Sealer` and `Fernet` (logic: `edgeward_js::seal`).

use crate::{Result, to_js};
use edgeward_js::seal::{JsFernet, JsSealer};
use napi::bindgen_prelude::Uint8Array;
use napi_derive::napi;
use zeroize::Zeroizing;

/// The sealer behind the JS `Sealer` class.
#[napi(js_name = "Sealer")]
pub struct NativeSealer {
    inner: JsSealer,
}

#[napi]
impl NativeSealer {
    /// Over `ids[i]` / `keys[i]`; the first seals.
    #[napi(constructor)]
    pub fn new(ids: Vec<String>, keys: Vec<String>) -> Result<Self> {
        let keys = Zeroizing::new(keys);
        Ok(NativeSealer {
            inner: JsSealer::new(&ids, &keys).map_err(to_js)?,
        })
    }

    /// The id of the key that seals.
    #[napi(getter)]
    pub fn key_id(&self) -> String {
        self.inner.key_id()
    }

    /// Seals bytes.
    #[napi]
    pub fn seal(&self, plaintext: &[u8], aad: Option<&[u8]>, now: f64) -> Result<String> {
        self.inner.seal(plaintext, aad, now).map_err(to_js)
    }

    /// Opens a sealed token.
    #[napi]
    pub fn open(
        &self,
        token: String,
        aad: Option<&[u8]>,
        max_age_seconds: Option<f64>,
        now: f64,
    ) -> Result<Uint8Array> {
        self.inner
            .open(&token, aad, max_age_seconds, now)
            .map(Uint8Array::new)
            .map_err(to_js)
    }
}

/// The Fernet behind the JS `Fernet` class.
#[napi(js_name = "Fernet")]
pub struct NativeFernet {
    inner: JsFernet,
}

#[napi]
impl NativeFernet {
    /// From a base64url key.
    #[napi(constructor)]
    pub fn new(key: String) -> Result<Self> {
        let key = Zeroizing::new(key);
        Ok(NativeFernet {
            inner: JsFernet::new(&key).map_err(to_js)?,
        })
    }

    /// A new random key.
    #[napi]
    pub fn generate_key() -> Result<String> {
        JsFernet::generate_key().map_err(to_js)
    }

    /// Encrypts bytes.
    #[napi]
    pub fn encrypt(&self, plaintext: &[u8], now: f64) -> Result<String> {
        self.inner.encrypt(plaintext, now).map_err(to_js)
    }

    /// Decrypts a token.
    #[napi]
    pub fn decrypt(&self, token: String, ttl_seconds: Option<f64>, now: f64) -> Result<Uint8Array> {
        self.inner
            .decrypt(&token, ttl_seconds, now)
            .map(Uint8Array::new)
            .map_err(to_js)
    }
}
