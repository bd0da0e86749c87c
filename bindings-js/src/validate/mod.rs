//! JSON Schema validation and safe request paths: `Validator`, `encodePathSegment` and
//! `buildPath` of the JS API (`bindings-node/lib/validate.js`).
//!
//! Values cross as JSON text, never as converted JS objects: the facade serialises a JS value
//! with `JSON.stringify` (which refuses cycles and overly deep nesting with a catchable
//! exception), and the core's bounded, non-recursive parser reads the text under the
//! validator's limits, so no input can overflow the native stack or trap the WASM instance.
//! Results cross as JSON text too (issues, and the places of integers beyond 2^53 in a parsed
//! body), which the facade reads with `JSON.parse`.
//!
//! The path helpers are in every build; the validator only with the `validate` feature (the
//! lean WASM build leaves the JSON Schema engine out).

#[cfg(feature = "validate")]
mod options;
#[cfg(feature = "validate")]
mod text;

#[cfg(feature = "validate")]
pub use options::{limit_from_f64, validator_options_from_js};
#[cfg(feature = "validate")]
pub use text::TextValidator;

use crate::Result;
use edgeward_core::Error;
use edgeward_core::validate::build_path as core_build_path;
pub use edgeward_core::validate::encode_path_segment;

/// Fills a path template; `params` is flat as the facade sends it: name, value, name, value,
/// … (a trailing name without a value is ignored; the core then reports it as missing).
pub fn build_path<S: AsRef<str>>(template: &str, params: &[S]) -> Result<String> {
    let pairs: Vec<(&str, &str)> = params
        .chunks_exact(2)
        .filter_map(|pair| match pair {
            [name, value] => Some((name.as_ref(), value.as_ref())),
            _ => None,
        })
        .collect();
    core_build_path(template, &pairs)
}

/// The core's error for a value the facade could not turn into JSON text (a cycle, a
/// `BigInt` it may not write, a value with no JSON form): `code` is `VALIDATION_LIMIT_EXCEEDED`,
/// `SCHEMA_INVALID`, `VALIDATION_INVALID_OPTIONS`, `PATH_INVALID` or, for anything else,
/// `VALIDATION_INVALID_JSON`.
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
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use edgeward_core::ErrorCode;

    #[test]
    fn build_path_pairs_flat_params() {
        let flat = ["id", "a/b", "name", "x y"];
        assert_eq!(
            build_path("/users/{id}/{name}", &flat).unwrap(),
            "/users/a%2Fb/x%20y"
        );
        let err = build_path("/users/{id}", &["id"]).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidPath);
        assert_eq!(encode_path_segment("a b").unwrap(), "a%20b");
    }

    #[test]
    fn input_errors_keep_their_code() {
        for (code, expected) in [
            ("VALIDATION_LIMIT_EXCEEDED", ErrorCode::LimitExceeded),
            ("SCHEMA_INVALID", ErrorCode::SchemaError),
            (
                "VALIDATION_INVALID_OPTIONS",
                ErrorCode::ValidationInvalidOptions,
            ),
            ("PATH_INVALID", ErrorCode::InvalidPath),
            ("anything", ErrorCode::InvalidJson),
        ] {
            let err = input_error(code, "why".to_owned());
            assert_eq!(err.code(), expected);
            assert!(err.to_string().contains("why"));
        }
    }
}
