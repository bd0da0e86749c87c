//! `_AccessPolicy`, the native half of `edgeward.AccessPolicy` (`_policy.py` passes the policy
//! and each subject as JSON text).

use edgeward_core::policy::{AccessPolicy, Subject};
use pyo3::prelude::*;

use crate::errors::to_py;

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeAccessPolicy>()
}

/// The compiled policy.
#[pyclass(frozen, name = "_AccessPolicy", module = "edgeward")]
pub(crate) struct NativeAccessPolicy {
    inner: AccessPolicy,
}

#[pymethods]
impl NativeAccessPolicy {
    #[new]
    fn new(py: Python<'_>, policy_json: &str) -> PyResult<Self> {
        Ok(NativeAccessPolicy {
            inner: AccessPolicy::from_json(policy_json).map_err(|e| to_py(py, &e))?,
        })
    }

    /// Whether the subject (JSON text) may do ``permission``.
    fn can(&self, py: Python<'_>, subject_json: &str, permission: &str) -> PyResult<bool> {
        let subject = Subject::from_json(subject_json).map_err(|e| to_py(py, &e))?;
        Ok(self.inner.can(&subject, permission))
    }

    /// ``(allowed, rule)``.
    fn explain(
        &self,
        py: Python<'_>,
        subject_json: &str,
        permission: &str,
    ) -> PyResult<(bool, String)> {
        let subject = Subject::from_json(subject_json).map_err(|e| to_py(py, &e))?;
        let d = self.inner.explain(&subject, permission);
        Ok((d.allowed, d.rule))
    }
}
