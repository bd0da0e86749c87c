//! Helpers for bindings whose host language cannot hold every JSON value as the core does.
//!
//! JavaScript numbers are doubles: an integer beyond 2^53 − 1 read by `JSON.parse` silently
//! becomes another integer. [`Validator::validate_json`](super::Validator::validate_json)
//! keeps 64-bit integers exact, so a JavaScript binding asks [`unsafe_integers`] where those
//! are and hands them over exactly (as `BigInt`). Option values arrive as doubles too;
//! [`limit_from_f64`] turns one into a limit, refusing what is not a whole number, and
//! [`validator_options_from_js`] reads the JavaScript options object, so that the native and
//! the WASM bindings accept exactly the same options.
//!
//! ## Threat model
//! The value is an attacker's document, already parsed under [`JsonLimits`](super::JsonLimits):
//! the walk keeps an explicit stack (no recursion) and does work linear in the value's size.

use super::{Draft, JsonLimits, MAX_DEPTH_CEILING, UnknownFormats, ValidatorOptions};
use crate::error::Error;
use serde_json::{Map, Value};

/// The largest integer a JavaScript number holds exactly: 2^53 − 1 (`Number.MAX_SAFE_INTEGER`).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Every integer of `value` whose magnitude exceeds [`MAX_SAFE_INTEGER`], as
/// `(JSON Pointer, decimal)` pairs, objects visited in key order. Empty for almost every document.
pub fn unsafe_integers(value: &Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    if let Some(decimal) = unsafe_decimal(value) {
        found.push((String::new(), decimal));
    }
    // Open containers, each with its remaining children; `path` holds one segment per open
    // container below the root.
    let mut stack: Vec<Children<'_>> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    if let Some(children) = Children::of(value) {
        stack.push(children);
    }
    while let Some(top) = stack.last_mut() {
        let Some((segment, child)) = top.next() else {
            stack.pop();
            path.pop();
            continue;
        };
        if let Some(decimal) = unsafe_decimal(child) {
            let mut pointer = String::new();
            for part in path.iter().chain(core::iter::once(&segment)) {
                pointer.push('/');
                pointer.push_str(&part.replace('~', "~0").replace('/', "~1"));
            }
            found.push((pointer, decimal));
        }
        if let Some(children) = Children::of(child) {
            stack.push(children);
            path.push(segment);
        }
    }
    found
}

/// Whether JSON `text` may hold an integer beyond [`MAX_SAFE_INTEGER`]: such an integer has at
/// least 16 digits in a row. A cheap test that spares [`unsafe_integers`]'s walk for almost
/// every document; digits inside strings give false positives, never false negatives.
pub fn may_hold_unsafe_integers(text: &[u8]) -> bool {
    let mut run = 0usize;
    for &byte in text {
        if byte.is_ascii_digit() {
            run += 1;
            if run >= 16 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

fn unsafe_decimal(value: &Value) -> Option<String> {
    let Value::Number(number) = value else {
        return None;
    };
    unsafe_number(number)
}

/// The decimal of `number` when it is an integer beyond [`MAX_SAFE_INTEGER`] in magnitude.
pub(super) fn unsafe_number(number: &serde_json::Number) -> Option<String> {
    let beyond = match (number.as_u64(), number.as_i64()) {
        (Some(n), _) => n > MAX_SAFE_INTEGER,
        (None, Some(n)) => n.unsigned_abs() > MAX_SAFE_INTEGER,
        (None, None) => false,
    };
    beyond.then(|| number.to_string())
}

/// The remaining children of an open container, with their path segments.
enum Children<'a> {
    Array(core::iter::Enumerate<core::slice::Iter<'a, Value>>),
    Object(serde_json::map::Iter<'a>),
}

impl<'a> Children<'a> {
    fn of(value: &'a Value) -> Option<Children<'a>> {
        match value {
            Value::Array(items) if !items.is_empty() => {
                Some(Children::Array(items.iter().enumerate()))
            }
            Value::Object(map) if !map.is_empty() => Some(Children::Object(map.iter())),
            _ => None,
        }
    }

    fn next(&mut self) -> Option<(String, &'a Value)> {
        match self {
            Children::Array(items) => items.next().map(|(i, v)| (i.to_string(), v)),
            Children::Object(entries) => entries.next().map(|(k, v)| (k.clone(), v)),
        }
    }
}

/// A limit option given as a double (JavaScript numbers): a whole number from 0 to 2^53,
/// saturating at `usize::MAX` on 32-bit targets. `name` is the option as the caller spells it.
pub fn limit_from_f64(name: &str, value: f64) -> Result<usize, Error> {
    #[allow(clippy::cast_precision_loss)]
    let ceiling = (MAX_SAFE_INTEGER + 1) as f64;
    if !(value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= ceiling) {
        return Err(Error::ValidationInvalidOptions {
            reason: format!("{name} must be a whole number between 0 and 2^53"),
        });
    }
    // In range and whole: the cast is exact, saturating only above `usize::MAX` (32-bit).
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(value as usize)
}

/// Limits for JSON text a binding made with `JSON.stringify` from a native value, validated
/// under `limits`: no byte limit (there was no body to bound), and integers beyond 64 bits
/// accepted as doubles (they were doubles already, so nothing is lost).
pub fn value_limits(limits: &JsonLimits) -> JsonLimits {
    JsonLimits {
        max_bytes: usize::MAX,
        allow_lossy_integers: true,
        ..limits.clone()
    }
}

/// Limits for the developer's own JSON text (a schema, options): only the depth ceiling, which
/// keeps compiling and dropping the value within the stack. Schemas are depth-checked again
/// against the configured `max_depth` when compiled.
pub fn developer_limits() -> JsonLimits {
    JsonLimits {
        max_bytes: usize::MAX,
        max_depth: MAX_DEPTH_CEILING,
        max_string_bytes: usize::MAX,
        max_object_keys: usize::MAX,
        max_array_items: usize::MAX,
        allow_duplicate_keys: true,
        allow_lossy_integers: true,
    }
}

/// Reads the JavaScript API's validator options, `{ draft, assertFormats, unknownFormats,
/// formats: { name: pattern }, includeValues, resources: { uri: schema }, limits: { maxBytes, maxDepth, maxStringBytes, maxObjectKeys,
/// maxArrayItems, allowDuplicateKeys, allowLossyIntegers } }`, as parsed from
/// `JSON.stringify(options)`. One reader for both JavaScript bindings (native and WASM), so
/// they accept exactly the same options. Unknown names are refused: a misspelt option must not
/// silently leave a default in force.
pub fn validator_options_from_js(options: &Value) -> Result<ValidatorOptions, Error> {
    let mut out = ValidatorOptions::default();
    for (name, value) in object_of(options, "the options")? {
        match name.as_str() {
            "draft" => {
                out.draft = match value {
                    Value::Null => None,
                    Value::String(draft) => Some(Draft::from_name(draft).ok_or_else(|| {
                        invalid(format!(
                            "unknown draft: use one of {}",
                            Draft::ALL
                                .iter()
                                .map(|d| format!("\"{}\"", d.as_str()))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ))
                    })?),
                    _ => return Err(invalid("draft must be a string".to_owned())),
                };
            }
            "assertFormats" => out.assert_formats = boolean(value, "assertFormats")?,
            "unknownFormats" => {
                out.unknown_formats = match value {
                    Value::String(name) => UnknownFormats::from_option("unknownFormats", name)?,
                    _ => return Err(invalid("unknownFormats must be a string".to_owned())),
                };
            }
            "formats" => {
                out.formats = object_of(value, "formats")?
                    .map(|(name, pattern)| match pattern {
                        Value::String(pattern) => Ok((name.clone(), pattern.clone())),
                        _ => Err(invalid(format!(
                            "formats[{:?}] must be a pattern string",
                            name.chars().take(64).collect::<String>()
                        ))),
                    })
                    .collect::<Result<_, _>>()?;
            }
            "includeValues" => out.include_values = boolean(value, "includeValues")?,
            "resources" => {
                out.resources = object_of(value, "resources")?
                    .map(|(uri, schema)| (uri.clone(), schema.clone()))
                    .collect();
            }
            "limits" => {
                for (name, value) in object_of(value, "limits")? {
                    let limits = &mut out.limits;
                    match name.as_str() {
                        "maxBytes" => limits.max_bytes = count(value, "limits.maxBytes")?,
                        "maxDepth" => limits.max_depth = count(value, "limits.maxDepth")?,
                        "maxStringBytes" => {
                            limits.max_string_bytes = count(value, "limits.maxStringBytes")?;
                        }
                        "maxObjectKeys" => {
                            limits.max_object_keys = count(value, "limits.maxObjectKeys")?;
                        }
                        "maxArrayItems" => {
                            limits.max_array_items = count(value, "limits.maxArrayItems")?;
                        }
                        "allowDuplicateKeys" => {
                            limits.allow_duplicate_keys =
                                boolean(value, "limits.allowDuplicateKeys")?;
                        }
                        "allowLossyIntegers" => {
                            limits.allow_lossy_integers =
                                boolean(value, "limits.allowLossyIntegers")?;
                        }
                        other => return Err(unknown(&format!("limits.{other}"))),
                    }
                }
            }
            other => return Err(unknown(other)),
        }
    }
    Ok(out)
}

fn invalid(reason: String) -> Error {
    Error::ValidationInvalidOptions { reason }
}

fn unknown(name: &str) -> Error {
    let shown: String = name.chars().take(64).collect();
    invalid(format!(
        "unknown option {shown:?}: the options are draft, assertFormats, unknownFormats, \
         formats, includeValues, resources and limits (maxBytes, maxDepth, maxStringBytes, maxObjectKeys, \
         maxArrayItems, allowDuplicateKeys, allowLossyIntegers)"
    ))
}

/// The entries of an object option; `null` (JavaScript `null`) has none.
fn object_of<'a>(
    value: &'a Value,
    name: &str,
) -> Result<impl Iterator<Item = (&'a String, &'a Value)>, Error> {
    match value {
        Value::Object(map) => Ok(Some(map).into_iter().flat_map(Map::iter)),
        Value::Null => Ok(None.into_iter().flat_map(Map::iter)),
        _ => Err(invalid(format!("{name} must be an object"))),
    }
}

fn boolean(value: &Value, name: &str) -> Result<bool, Error> {
    value
        .as_bool()
        .ok_or_else(|| invalid(format!("{name} must be true or false")))
}

fn count(value: &Value, name: &str) -> Result<usize, Error> {
    match value.as_f64() {
        Some(number) => limit_from_f64(name, number),
        None => Err(invalid(format!("{name} must be a number"))),
    }
}

/// The error a JavaScript facade raises for a value it could not turn into JSON text (a
/// cycle, a `BigInt` it may not write, a value with no JSON form): `code` is
/// `VALIDATION_LIMIT_EXCEEDED`, `SCHEMA_INVALID`, `VALIDATION_INVALID_OPTIONS`, `PATH_INVALID` or, for
/// anything else, `VALIDATION_INVALID_JSON`. One mapping for both JavaScript bindings.
pub fn input_error(code: &str, reason: String) -> Error {
    match code {
        "VALIDATION_LIMIT_EXCEEDED" => Error::LimitExceeded { reason },
        "SCHEMA_INVALID" => Error::SchemaError { reason },
        "VALIDATION_INVALID_OPTIONS" => Error::ValidationInvalidOptions { reason },
        "PATH_INVALID" => Error::InvalidPath { reason },
        _ => Error::InvalidJson { reason },
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::error::ErrorCode;
    use serde_json::json;

    #[test]
    fn finds_unsafe_integers_with_pointers() {
        let value = json!({
            "id": 9_007_199_254_740_993_u64,
            "safe": 9_007_199_254_740_991_u64,
            "neg": -9_007_199_254_740_992_i64,
            "a/b": [1, {"~k": u64::MAX}],
            "f": 1e300,
        });
        // In map order (keys sorted): the facade restores each by its pointer.
        assert_eq!(
            unsafe_integers(&value),
            vec![
                ("/a~1b/1/~0k".to_owned(), "18446744073709551615".to_owned()),
                ("/id".to_owned(), "9007199254740993".to_owned()),
                ("/neg".to_owned(), "-9007199254740992".to_owned()),
            ]
        );
        assert_eq!(
            unsafe_integers(&json!(i64::MIN)),
            vec![(String::new(), "-9223372036854775808".to_owned())]
        );
        assert!(unsafe_integers(&json!([[], {}, [[1]], "9007199254740993"])).is_empty());
        assert!(may_hold_unsafe_integers(b"[1,9007199254740993]"));
        assert!(!may_hold_unsafe_integers(b"[900719925474099,1.5]"));
    }

    #[test]
    fn deep_values_do_not_recurse() {
        let mut value = json!(u64::MAX);
        for _ in 0..100_000 {
            value = Value::Array(vec![value]);
        }
        let found = unsafe_integers(&value);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0.len(), 2 * 100_000);
        // Drop iteratively too: a recursive drop of 100,000 levels would overflow the stack.
        let mut current = value;
        while let Value::Array(mut items) = current {
            current = items.pop().unwrap_or(Value::Null);
        }
    }

    #[test]
    fn js_options() {
        let options = validator_options_from_js(&json!({
            "draft": "draft7",
            "assertFormats": false,
            "unknownFormats": "ignore",
            "formats": {"x-sku": "[A-Z]+"},
            "includeValues": true,
            "resources": {"https://x.test/a": {"type": "string"}},
            "limits": {"maxDepth": 10, "maxBytes": 100, "allowDuplicateKeys": true},
        }))
        .unwrap();
        assert_eq!(options.draft, Some(Draft::Draft7));
        assert!(!options.assert_formats && options.include_values);
        assert_eq!(options.unknown_formats, UnknownFormats::Ignore);
        assert_eq!(
            options.formats,
            vec![("x-sku".to_owned(), "[A-Z]+".to_owned())]
        );
        assert_eq!(options.resources.len(), 1);
        assert_eq!(options.limits.max_depth, 10);
        assert_eq!(options.limits.max_bytes, 100);
        assert!(options.limits.allow_duplicate_keys);
        assert_eq!(
            validator_options_from_js(&json!({})).unwrap(),
            ValidatorOptions::default()
        );
        assert_eq!(
            validator_options_from_js(&Value::Null).unwrap(),
            ValidatorOptions::default()
        );
        for bad in [
            json!({"draft": "draft8"}),
            json!({"draft": 7}),
            json!({"assertFormat": true}),
            json!({"unknownFormats": "warn"}),
            json!({"unknownFormats": false}),
            json!({"formats": ["x-sku"]}),
            json!({"formats": {"x-sku": 5}}),
            json!({"limits": {"maxDepth": -1}}),
            json!({"limits": {"maxDepth": "10"}}),
            json!({"limits": {"depth": 10}}),
            json!({"resources": []}),
            json!([]),
        ] {
            let err = validator_options_from_js(&bad).unwrap_err();
            assert_eq!(err.code(), ErrorCode::ValidationInvalidOptions, "{bad}");
        }
    }

    #[test]
    fn limits_from_doubles() {
        assert_eq!(limit_from_f64("maxDepth", 128.0).unwrap(), 128);
        assert_eq!(limit_from_f64("maxDepth", 0.0).unwrap(), 0);
        for bad in [-1.0, 1.5, f64::NAN, f64::INFINITY, 1e300] {
            let err = limit_from_f64("maxDepth", bad).unwrap_err();
            assert_eq!(err.code(), ErrorCode::ValidationInvalidOptions);
            assert!(err.to_string().contains("maxDepth"));
        }
    }
}
