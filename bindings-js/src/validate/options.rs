//! The JS API's validator options: `JSON.stringify` of the options object, camelCase names
//! and numbers as doubles. One reader for both backends (native and WASM), so they accept
//! exactly the same options; unknown names are refused, so that a misspelt option does not
//! leave a default in force in silence.

use edgeward_core::Error;
use edgeward_core::validate::{Draft, MAX_SAFE_INTEGER, UnknownFormats, ValidatorOptions};
use serde_json::{Map, Value};

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

/// Reads the JS API's validator options, `{ draft, assertFormats, unknownFormats,
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use edgeward_core::ErrorCode;
    use serde_json::json;

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
