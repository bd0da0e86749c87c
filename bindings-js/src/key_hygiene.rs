//! Key hygiene for JS: classification results as `[provider, kind, mode]`, key rings from
//! looked-up values (over `edgeward_core::key_hygiene`).

use crate::Result;
use edgeward_core::key_hygiene::{self, KeyClass};

/// A classification as `[provider, kind, mode]`.
pub type ClassTuple = (String, String, String);

fn tuple(c: KeyClass) -> ClassTuple {
    (
        c.provider.to_owned(),
        c.kind.to_owned(),
        c.mode.as_str().to_owned(),
    )
}

/// What `key` is.
pub fn classify_key(key: &str) -> ClassTuple {
    tuple(key_hygiene::classify_key(key))
}

/// Refuses a live key outside production and a test key in production.
pub fn assert_key_for_environment(key: &str, environment: &str) -> Result<ClassTuple> {
    key_hygiene::assert_key_for_environment(key, environment).map(tuple)
}

/// A keyed, short id of `key` for logs.
pub fn fingerprint(key: &str, pepper: &[u8]) -> Result<String> {
    key_hygiene::fingerprint(key, pepper)
}

/// The redactor's mask of `key`.
pub fn mask(key: &str) -> String {
    key_hygiene::mask(key)
}

/// The ring's keys from `values[i]` of `names[i]` (`None` when unset), new first.
pub fn key_ring(names: &[String], values: &[Option<String>]) -> Result<Vec<String>> {
    let lookups = names
        .iter()
        .zip(values.iter().chain(std::iter::repeat(&None)))
        .map(|(n, v)| (n.as_str(), v.as_deref()));
    key_hygiene::key_ring(lookups).map(|keys| keys.into_iter().map(str::to_owned).collect())
}
