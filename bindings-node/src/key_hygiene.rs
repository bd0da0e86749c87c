//! Key hygiene (logic: `edgeward_js::key_hygiene`).

use crate::{Result, to_js};
use edgeward_js::key_hygiene::{self, ClassTuple};
use napi_derive::napi;

/// `[provider, kind, mode]` of a key.
#[napi]
pub fn classify_key(key: String) -> ClassTuple {
    key_hygiene::classify_key(&key)
}

/// Refuses a key of the wrong mode for the environment.
#[napi]
pub fn assert_key_for_environment(key: String, environment: String) -> Result<ClassTuple> {
    key_hygiene::assert_key_for_environment(&key, &environment).map_err(to_js)
}

/// A keyed, short id of a key for logs.
#[napi]
pub fn fingerprint(key: String, pepper: &[u8]) -> Result<String> {
    key_hygiene::fingerprint(&key, pepper).map_err(to_js)
}

/// The redactor's mask of a key.
#[napi]
pub fn mask_key(key: String) -> String {
    key_hygiene::mask(&key)
}

/// The keys of a ring from looked-up values.
#[napi]
pub fn key_ring(names: Vec<String>, values: Vec<Option<String>>) -> Result<Vec<String>> {
    key_hygiene::key_ring(&names, &values).map_err(to_js)
}
