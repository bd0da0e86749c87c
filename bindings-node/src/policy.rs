//! `AccessPolicy` (logic: `edgeward_js::policy`).

use crate::{Result, to_js};
use edgeward_js::policy::JsAccessPolicy;
use napi_derive::napi;

/// The policy behind the JS `AccessPolicy` class.
#[napi(js_name = "AccessPolicy")]
pub struct NativeAccessPolicy {
    inner: JsAccessPolicy,
}

#[napi]
impl NativeAccessPolicy {
    /// From `{ roles }` as JSON text.
    #[napi(constructor)]
    pub fn new(policy_json: String) -> Result<Self> {
        Ok(NativeAccessPolicy {
            inner: JsAccessPolicy::new(&policy_json).map_err(to_js)?,
        })
    }

    /// Whether the subject (JSON text) may do `permission`.
    #[napi]
    pub fn can(&self, subject_json: String, permission: String) -> Result<bool> {
        self.inner.can(&subject_json, &permission).map_err(to_js)
    }

    /// `[allowed, rule]`.
    #[napi]
    pub fn explain(&self, subject_json: String, permission: String) -> Result<(bool, String)> {
        self.inner
            .explain(&subject_json, &permission)
            .map_err(to_js)
    }
}
