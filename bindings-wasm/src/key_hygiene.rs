//! Key hygiene (logic: `edgeward_js::key_hygiene`).

use crate::to_js;
use edgeward_js::key_hygiene;
use js_sys::Array;
use wasm_bindgen::prelude::*;

fn array((a, b, c): key_hygiene::ClassTuple) -> Array {
    Array::of3(&a.into(), &b.into(), &c.into())
}

/// `[provider, kind, mode]` of a key.
#[wasm_bindgen(js_name = classifyKey)]
pub fn classify_key(key: &str) -> Array {
    array(key_hygiene::classify_key(key))
}

/// Refuses a key of the wrong mode for the environment.
#[wasm_bindgen(js_name = assertKeyForEnvironment)]
pub fn assert_key_for_environment(key: &str, environment: &str) -> Result<Array, JsValue> {
    key_hygiene::assert_key_for_environment(key, environment)
        .map(array)
        .map_err(to_js)
}

/// A keyed, short id of a key for logs.
#[wasm_bindgen]
pub fn fingerprint(key: &str, pepper: &[u8]) -> Result<String, JsValue> {
    key_hygiene::fingerprint(key, pepper).map_err(to_js)
}

/// The redactor's mask of a key.
#[wasm_bindgen(js_name = maskKey)]
pub fn mask_key(key: &str) -> String {
    key_hygiene::mask(key)
}

/// The keys of a ring from looked-up values (`undefined` when unset).
#[wasm_bindgen(js_name = keyRing)]
pub fn key_ring(names: Vec<String>, values: Vec<JsValue>) -> Result<Vec<String>, JsValue> {
    let values: Vec<Option<String>> = values.iter().map(JsValue::as_string).collect();
    key_hygiene::key_ring(&names, &values).map_err(to_js)
}
