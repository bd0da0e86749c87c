//! `AccessPolicy` (logic: `edgeward_js::policy`).

use crate::to_js;
use edgeward_js::policy::JsAccessPolicy;
use js_sys::Array;
use wasm_bindgen::prelude::*;

/// The policy behind the JS `AccessPolicy` class.
#[wasm_bindgen(js_name = AccessPolicy)]
pub struct WasmAccessPolicy {
    inner: JsAccessPolicy,
}

#[wasm_bindgen(js_class = AccessPolicy)]
impl WasmAccessPolicy {
    /// From `{ roles }` as JSON text.
    #[wasm_bindgen(constructor)]
    pub fn new(policy_json: &str) -> Result<WasmAccessPolicy, JsValue> {
        Ok(WasmAccessPolicy {
            inner: JsAccessPolicy::new(policy_json).map_err(to_js)?,
        })
    }

    /// Whether the subject (JSON text) may do `permission`.
    pub fn can(&self, subject_json: &str, permission: &str) -> Result<bool, JsValue> {
        self.inner.can(subject_json, permission).map_err(to_js)
    }

    /// `[allowed, rule]`.
    pub fn explain(&self, subject_json: &str, permission: &str) -> Result<Array, JsValue> {
        let (allowed, rule) = self
            .inner
            .explain(subject_json, permission)
            .map_err(to_js)?;
        Ok(Array::of2(
            &JsValue::from_bool(allowed),
            &JsValue::from_str(&rule),
        ))
    }
}
