//! `Sealer` and `Fernet` (logic: `edgeward_js::seal`).

use crate::to_js;
use edgeward_js::seal::{JsFernet, JsSealer};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

/// The sealer behind the JS `Sealer` class.
#[wasm_bindgen(js_name = Sealer)]
pub struct WasmSealer {
    inner: JsSealer,
}

#[wasm_bindgen(js_class = Sealer)]
impl WasmSealer {
    /// Over `ids[i]` / `keys[i]`; the first seals.
    #[wasm_bindgen(constructor)]
    pub fn new(ids: Vec<String>, keys: Vec<String>) -> Result<WasmSealer, JsValue> {
        let keys = Zeroizing::new(keys);
        Ok(WasmSealer {
            inner: JsSealer::new(&ids, &keys).map_err(to_js)?,
        })
    }

    /// The id of the key that seals.
    #[wasm_bindgen(getter, js_name = keyId)]
    pub fn key_id(&self) -> String {
        self.inner.key_id()
    }

    /// Seals bytes.
    pub fn seal(
        &self,
        plaintext: &[u8],
        aad: Option<Vec<u8>>,
        now: f64,
    ) -> Result<String, JsValue> {
        self.inner
            .seal(plaintext, aad.as_deref(), now)
            .map_err(to_js)
    }

    /// Opens a sealed token.
    pub fn open(
        &self,
        token: &str,
        aad: Option<Vec<u8>>,
        max_age_seconds: Option<f64>,
        now: f64,
    ) -> Result<Vec<u8>, JsValue> {
        self.inner
            .open(token, aad.as_deref(), max_age_seconds, now)
            .map_err(to_js)
    }
}

/// The Fernet behind the JS `Fernet` class.
#[wasm_bindgen(js_name = Fernet)]
pub struct WasmFernet {
    inner: JsFernet,
}

#[wasm_bindgen(js_class = Fernet)]
impl WasmFernet {
    /// From a base64url key.
    #[wasm_bindgen(constructor)]
    pub fn new(key: String) -> Result<WasmFernet, JsValue> {
        let key = Zeroizing::new(key);
        Ok(WasmFernet {
            inner: JsFernet::new(&key).map_err(to_js)?,
        })
    }

    /// A new random key.
    #[wasm_bindgen(js_name = generateKey)]
    pub fn generate_key() -> Result<String, JsValue> {
        JsFernet::generate_key().map_err(to_js)
    }

    /// Encrypts bytes.
    pub fn encrypt(&self, plaintext: &[u8], now: f64) -> Result<String, JsValue> {
        self.inner.encrypt(plaintext, now).map_err(to_js)
    }

    /// Decrypts a token.
    pub fn decrypt(
        &self,
        token: &str,
        ttl_seconds: Option<f64>,
        now: f64,
    ) -> Result<Vec<u8>, JsValue> {
        self.inner.decrypt(token, ttl_seconds, now).map_err(to_js)
    }
}
