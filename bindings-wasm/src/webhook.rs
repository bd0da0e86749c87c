//! The webhook verifier: `Webhook` in the JS API.

use crate::to_js;
use edgeward_core::webhook::{tolerance_from_f64, unix_seconds_from_f64};
use edgeward_core::{Webhook, WebhookOptions};
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

fn verified(timestamp: i64, secret_index: usize) -> JsValue {
    let out = Object::new();
    // Unix seconds within any tolerance of a real clock are far below 2^53.
    #[allow(clippy::cast_precision_loss)]
    let timestamp = timestamp as f64;
    let _ = Reflect::set(&out, &"timestamp".into(), &timestamp.into());
    let _ = Reflect::set(&out, &"secretIndex".into(), &(secret_index as f64).into());
    out.into()
}

/// The WASM webhook verifier behind the JS `Webhook` class.
#[wasm_bindgen]
pub struct WasmWebhook {
    inner: Webhook,
}

#[wasm_bindgen]
impl WasmWebhook {
    /// Builds the verifier; `secrets` newest first.
    #[wasm_bindgen(constructor)]
    pub fn new(
        secrets: Vec<String>,
        tolerance_seconds: Option<f64>,
    ) -> Result<WasmWebhook, JsValue> {
        let secrets: Vec<Zeroizing<String>> = secrets.into_iter().map(Zeroizing::new).collect();
        let mut options = WebhookOptions::default();
        if let Some(t) = tolerance_seconds {
            options.tolerance_seconds = tolerance_from_f64(t).map_err(to_js)?;
        }
        let refs: Vec<&[u8]> = secrets.iter().map(|s| s.as_bytes()).collect();
        Webhook::new(&refs, options)
            .map(|inner| WasmWebhook { inner })
            .map_err(to_js)
    }

    /// Verifies a payload given as bytes.
    #[wasm_bindgen(js_name = verifyBytes)]
    pub fn verify_bytes(
        &self,
        payload: &[u8],
        header: Option<String>,
        now: f64,
    ) -> Result<JsValue, JsValue> {
        let now = unix_seconds_from_f64(now).map_err(to_js)?;
        self.inner
            .verify(payload, header.as_deref(), now)
            .map(|v| verified(v.timestamp, v.secret_index))
            .map_err(to_js)
    }

    /// Verifies a payload given as a string (hashed as its UTF-8 bytes).
    #[wasm_bindgen(js_name = verifyString)]
    pub fn verify_string(
        &self,
        payload: &str,
        header: Option<String>,
        now: f64,
    ) -> Result<JsValue, JsValue> {
        self.verify_bytes(payload.as_bytes(), header, now)
    }

    /// Signs a payload given as bytes at `timestamp`, returning the header value.
    #[wasm_bindgen(js_name = signBytes)]
    pub fn sign_bytes(&self, payload: &[u8], timestamp: f64) -> Result<String, JsValue> {
        let timestamp = unix_seconds_from_f64(timestamp).map_err(to_js)?;
        self.inner.sign(payload, timestamp).map_err(to_js)
    }

    /// Signs a payload given as a string.
    #[wasm_bindgen(js_name = signString)]
    pub fn sign_string(&self, payload: &str, timestamp: f64) -> Result<String, JsValue> {
        self.sign_bytes(payload.as_bytes(), timestamp)
    }
}
