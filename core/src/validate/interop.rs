//! Helpers for bindings whose host language cannot hold every JSON value as the core does.
//!
//! JavaScript numbers are doubles: an integer beyond 2^53 − 1 read by `JSON.parse` silently
//! becomes another integer. [`Validator::validate_json`](super::Validator::validate_json)
//! keeps 64-bit integers exact, so a JavaScript binding asks [`unsafe_integers`] where those
//! are and hands them over exactly (as `BigInt`). (The JavaScript bindings' option readers
//! live in their own crate, `edgeward-js`.)
//!
//! ## Threat model
//! The value is an attacker's document, already parsed under [`JsonLimits`](super::JsonLimits):
//! the walk keeps an explicit stack (no recursion) and does work linear in the value's size.

use super::{JsonLimits, MAX_DEPTH_CEILING};
use serde_json::Value;

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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
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
}
