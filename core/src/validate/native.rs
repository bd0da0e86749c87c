//! Validating a binding's own values in place.
//!
//! Converting a host-language document to a `serde_json::Value` allocates every key and
//! string, and often costs more than validating it. The `jsonschema` crate can read other
//! representations through its [`Json`] trait; a binding whose host values have one (the
//! crate's own `Pyo3`, for example) compiles its schema here as well, with the options
//! [`Validator::new`](super::Validator::new) applies, and validates its values where they lie.
//!
//! ## Threat model
//! The representation reads the caller's document as it is: nothing here checks
//! [`JsonLimits`](super::JsonLimits). The binding hands over only documents it has checked
//! against the limits and found to hold nothing but plain JSON values, whose reading by the
//! representation is the value its conversion would have built; everything else takes the
//! converting path, so verdicts and errors stay those of [`Validator`](super::Validator).

use super::{ValidatorOptions, compile};
use crate::error::Error;
use jsonschema::json::Json;
use serde_json::Value;

/// A schema compiled for the representation `F`. Same options, same verdicts as
/// [`Validator`](super::Validator), for the `is_valid` question only: issues and messages come
/// from the converting path.
pub struct NativeValidator<F: Json> {
    inner: jsonschema::Validator<F>,
}

impl<F: Json> core::fmt::Debug for NativeValidator<F> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("NativeValidator").finish_non_exhaustive()
    }
}

impl<F: Json> NativeValidator<F> {
    /// Compiles `schema` exactly as [`Validator::new`](super::Validator::new) does, refusing
    /// what it refuses.
    pub fn new(schema: &Value, options: &ValidatorOptions) -> Result<Self, Error> {
        let (inner, _) = compile::<F>(schema, options)?;
        Ok(NativeValidator { inner })
    }

    /// Whether `instance` matches the schema, stopping at the first issue.
    ///
    /// `instance` must respect the validator's limits (validation recurses once per level) and
    /// hold only values that `F` reads as the JSON value the binding's conversion would build.
    pub fn is_valid(&self, instance: F::Node<'_>) -> bool {
        self.inner.is_valid(instance)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;
    use crate::error::ErrorCode;
    use crate::validate::{Draft, JsonLimits, Validator};
    use jsonschema::json::SerdeJson;
    use serde_json::json;

    #[test]
    fn same_verdicts_and_refusals_as_the_validator() {
        let schema = json!({
            "type": "object",
            "properties": {"email": {"format": "email"}, "n": {"type": "integer"}},
            "required": ["n"]
        });
        let options = ValidatorOptions::default();
        let native = NativeValidator::<SerdeJson>::new(&schema, &options).unwrap();
        let validator = Validator::new(&schema, &options).unwrap();
        for doc in [
            json!({"n": 1}),
            json!({"n": 1.0}),
            json!({"n": true}),
            json!({"email": "nope", "n": 1}),
            json!({}),
        ] {
            assert_eq!(native.is_valid(&doc), validator.is_valid(&doc), "{doc}");
        }
        // Formats off, the draft option, and the limits on the schema apply here too.
        let off = ValidatorOptions {
            assert_formats: false,
            ..ValidatorOptions::default()
        };
        let lax = NativeValidator::<SerdeJson>::new(&json!({"format": "email"}), &off).unwrap();
        assert!(lax.is_valid(&json!("nope")));
        let draft7 = ValidatorOptions {
            draft: Some(Draft::Draft7),
            ..ValidatorOptions::default()
        };
        let tuple =
            NativeValidator::<SerdeJson>::new(&json!({"items": [{"type": "integer"}]}), &draft7)
                .unwrap();
        assert!(tuple.is_valid(&json!([1, "x"])));
        let fetch = json!({"$ref": "https://example.com/amount.json"});
        let err = NativeValidator::<SerdeJson>::new(&fetch, &options).unwrap_err();
        assert_eq!(err.code(), ErrorCode::SchemaError);
        let shallow = ValidatorOptions {
            limits: JsonLimits {
                max_depth: 2,
                ..JsonLimits::default()
            },
            ..ValidatorOptions::default()
        };
        let deep = json!({"items": {"items": {"items": {}}}});
        let err = NativeValidator::<SerdeJson>::new(&deep, &shallow).unwrap_err();
        assert_eq!(err.code(), ErrorCode::SchemaError);
    }
}
