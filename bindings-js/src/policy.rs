//! `AccessPolicy` for JS: the policy and subjects arrive as JSON text (the facade's
//! `JSON.stringify`), decisions leave as `[allowed, rule]` (over `edgeward_core::policy`).

use crate::Result;
use edgeward_core::policy::{AccessPolicy, Subject};

/// `AccessPolicy` for JS.
#[derive(Debug)]
pub struct JsAccessPolicy {
    inner: AccessPolicy,
}

impl JsAccessPolicy {
    /// From `{ roles }` as JSON text; every permission is checked now.
    pub fn new(policy_json: &str) -> Result<JsAccessPolicy> {
        Ok(JsAccessPolicy {
            inner: AccessPolicy::from_json(policy_json)?,
        })
    }

    /// Whether the subject (JSON text) may do `permission`.
    pub fn can(&self, subject_json: &str, permission: &str) -> Result<bool> {
        Ok(self
            .inner
            .can(&Subject::from_json(subject_json)?, permission))
    }

    /// `[allowed, rule]` for the subject (JSON text) and `permission`.
    pub fn explain(&self, subject_json: &str, permission: &str) -> Result<(bool, String)> {
        let d = self
            .inner
            .explain(&Subject::from_json(subject_json)?, permission);
        Ok((d.allowed, d.rule))
    }
}
