//! `format` names: the custom formats a caller registers, and the refusal of names nothing
//! checks.
//!
//! ## Threat model
//! Formats are asserted by default, so a schema that says `"format": "emial"` reads as a
//! check. Left to the `jsonschema` crate, a name it does not know is an annotation: every
//! value passes, and a typo turns validation off without a word. So, when formats are
//! asserted, every `format` the schema (and every registered resource) holds wherever a
//! subschema may stand — `$defs` and draft 7 `definitions` included, referenced or not — must
//! name a format of the draft or a registered one, else the schema is refused with
//! `SCHEMA_INVALID` naming the format and where. Subschemas that only a `$ref` into some other
//! place reaches are compiled by the crate with unknown formats refused as well.
//!
//! A registered format is a pattern of the `regex` crate (finite automata: matching time is
//! linear in the value) that the whole value must match. The pattern is the developer's; it is
//! compiled alone first, so that a pattern such as `a)|(.*` cannot close our anchoring group,
//! and a built-in format of the draft cannot be replaced.
//!
//! The walk keeps an explicit stack: the schema's depth is checked before it runs.

use super::Draft;
use crate::error::Error;
use serde_json::Value;

/// Every format name some draft defines, to list the draft's own in messages.
const FORMAT_NAMES: &[&str] = &[
    "date",
    "date-time",
    "duration",
    "email",
    "hostname",
    "idn-email",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "iri",
    "iri-reference",
    "json-pointer",
    "regex",
    "relative-json-pointer",
    "time",
    "uri",
    "uri-reference",
    "uri-template",
    "uuid",
];

/// Whether `name` is a built-in format of `draft`.
pub(super) fn is_builtin(draft: Draft, name: &str) -> bool {
    jsonschema::options().is_known_format(draft.to_upstream(), name)
}

/// A registered format's check: the whole value matches the pattern.
pub(super) fn compile_custom(
    name: &str,
    pattern: &str,
    draft: Draft,
) -> Result<regex::Regex, Error> {
    let invalid = |why: String| Error::ValidationInvalidOptions {
        reason: format!("formats[{:?}]: {why}", shown(name)),
    };
    if name.is_empty() {
        return Err(invalid("a format name cannot be empty".to_owned()));
    }
    if is_builtin(draft, name) {
        return Err(invalid(format!(
            "`{name}` is a built-in format of {}; custom formats take other names",
            draft.as_str()
        )));
    }
    // Alone first: only a pattern that parses by itself is wrapped, so it cannot close the
    // group below and escape the anchors.
    regex::Regex::new(pattern).map_err(|e| {
        invalid(format!(
            "not a valid pattern for the linear-time regex engine (no look-around, no \
             back-references): {}",
            error_line(&e.to_string())
        ))
    })?;
    regex::Regex::new(&format!(r"\A(?:{pattern})\z"))
        .map_err(|e| invalid(error_line(&e.to_string()).to_owned()))
}

/// Keywords whose value is one subschema.
const SCHEMA_KEYWORDS: &[&str] = &[
    "additionalItems",
    "additionalProperties",
    "contains",
    "contentSchema",
    "else",
    "if",
    "items",
    "not",
    "propertyNames",
    "then",
    "unevaluatedItems",
    "unevaluatedProperties",
];

/// Keywords whose value is an array of subschemas (`items` too, before draft 2020-12).
const SCHEMA_ARRAY_KEYWORDS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems", "items"];

/// Keywords whose value maps names to subschemas (`dependencies` also to arrays of names).
const SCHEMA_MAP_KEYWORDS: &[&str] = &[
    "$defs",
    "definitions",
    "dependencies",
    "dependentSchemas",
    "patternProperties",
    "properties",
];

/// Refuses the first `format` in `schema` (where a subschema may stand) that is not a string,
/// or that names neither a format of the draft in force there nor one `registered`. `what`
/// names the schema in the message (`the schema`, `resource <uri>`).
pub(super) fn check_names(
    schema: &Value,
    what: &str,
    draft: Draft,
    registered: &[(String, regex::Regex)],
) -> Result<(), Error> {
    // (subschema, its JSON Pointer, the draft in force)
    let mut pending: Vec<(&Value, String, Draft)> = vec![(schema, String::new(), draft)];
    while let Some((value, pointer, draft)) = pending.pop() {
        let Value::Object(map) = value else {
            continue;
        };
        let draft = Draft::from_upstream(draft.to_upstream().detect(value)).unwrap_or(draft);
        if let Some(format) = map.get("format") {
            let Value::String(name) = format else {
                return Err(Error::SchemaError {
                    reason: format!("{what} at {pointer}/format: `format` must be a string"),
                });
            };
            if !is_builtin(draft, name) && !registered.iter().any(|(known, _)| known == name) {
                return Err(unknown_format(what, &pointer, name, draft, registered));
            }
        }
        // Pushed in reverse, so the first unknown format in document order is reported.
        let mut children: Vec<(&Value, String)> = Vec::new();
        for (keyword, child) in map {
            let at = format!("{pointer}/{}", escape(keyword));
            let keyword = keyword.as_str();
            match child {
                Value::Object(_) | Value::Bool(_) if SCHEMA_KEYWORDS.contains(&keyword) => {
                    children.push((child, at));
                }
                Value::Array(items) if SCHEMA_ARRAY_KEYWORDS.contains(&keyword) => {
                    children.extend(
                        items
                            .iter()
                            .enumerate()
                            .map(|(i, item)| (item, format!("{at}/{i}"))),
                    );
                }
                Value::Object(members) if SCHEMA_MAP_KEYWORDS.contains(&keyword) => {
                    children.extend(
                        members
                            .iter()
                            .map(|(name, member)| (member, format!("{at}/{}", escape(name)))),
                    );
                }
                _ => {}
            }
        }
        pending.extend(children.into_iter().rev().map(|(v, p)| (v, p, draft)));
    }
    Ok(())
}

fn unknown_format(
    what: &str,
    pointer: &str,
    name: &str,
    draft: Draft,
    registered: &[(String, regex::Regex)],
) -> Error {
    let mut known: Vec<&str> = FORMAT_NAMES
        .iter()
        .copied()
        .filter(|n| is_builtin(draft, n))
        .collect();
    known.extend(registered.iter().map(|(n, _)| n.as_str()));
    let newer = if is_builtin(Draft::Draft202012, name) {
        format!(" (a format of draft 2020-12, not of {})", draft.as_str())
    } else {
        String::new()
    };
    Error::SchemaError {
        reason: format!(
            "{what}: unknown format `{}` at {pointer}/format{newer}, which would check \
             nothing. Formats of {}: {}. Correct the name, register a pattern for it in \
             formats, or set unknown_formats to \"ignore\" (unknownFormats in JavaScript)",
            shown(name),
            draft.as_str(),
            known.join(", ")
        ),
    }
}

/// A JSON Pointer segment.
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// At most 64 characters of a developer-given name, for messages.
fn shown(text: &str) -> String {
    let mut out: String = text.chars().take(64).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

fn error_line(text: &str) -> &str {
    text.lines().last().unwrap_or(text)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::super::{Validator, ValidatorOptions};
    use super::*;
    use crate::error::ErrorCode;
    use serde_json::json;

    fn refused_at(schema: &Value) -> String {
        let err = Validator::new(schema, &ValidatorOptions::default()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::SchemaError, "{schema}");
        err.to_string()
    }

    #[test]
    fn every_place_a_subschema_stands_is_walked() {
        let bad = json!({"format": "nope"});
        let places = [
            (
                "/additionalProperties",
                json!({"additionalProperties": bad}),
            ),
            ("/contains", json!({"contains": bad})),
            ("/not", json!({"not": bad})),
            ("/if", json!({"if": bad})),
            ("/else", json!({"else": bad})),
            ("/propertyNames", json!({"propertyNames": bad})),
            (
                "/unevaluatedProperties",
                json!({"unevaluatedProperties": bad}),
            ),
            ("/unevaluatedItems", json!({"unevaluatedItems": bad})),
            ("/contentSchema", json!({"contentSchema": bad})),
            ("/prefixItems/1", json!({"prefixItems": [true, bad]})),
            ("/oneOf/0", json!({"oneOf": [bad]})),
            ("/allOf/0/allOf/0", json!({"allOf": [{"allOf": [bad]}]})),
            (
                "/dependentSchemas/a",
                json!({"dependentSchemas": {"a": bad}}),
            ),
            ("/properties/a~1b~0c", json!({"properties": {"a/b~c": bad}})),
            ("/$defs/x/items", json!({"$defs": {"x": {"items": bad}}})),
            ("/definitions/x", json!({"definitions": {"x": bad}})),
        ];
        for (pointer, schema) in places {
            let message = refused_at(&schema);
            assert!(
                message.contains(&format!("`nope` at {pointer}/format")),
                "{message}"
            );
        }
        // Draft 7 only: `items` as an array, `additionalItems`, `dependencies`.
        let d7 = "http://json-schema.org/draft-07/schema#";
        for (pointer, schema) in [
            ("/items/0", json!({"$schema": d7, "items": [bad]})),
            (
                "/additionalItems",
                json!({"$schema": d7, "additionalItems": bad}),
            ),
            (
                "/dependencies/a",
                json!({"$schema": d7, "dependencies": {"a": bad, "b": ["c"]}}),
            ),
        ] {
            let message = refused_at(&schema);
            assert!(
                message.contains(&format!("at {pointer}/format")),
                "{message}"
            );
        }
    }

    #[test]
    fn values_that_are_not_schemas_are_not_walked() {
        let schema = json!({
            "properties": {"format": {"type": "string"}},
            "const": {"format": "nope"},
            "enum": [{"format": "nope"}],
            "default": {"format": "nope"},
            "examples": [{"format": "nope"}],
            "dependentRequired": {"format": ["a"]},
            "x-vendor": {"format": "nope"},
        });
        assert!(Validator::new(&schema, &ValidatorOptions::default()).is_ok());
    }

    #[test]
    fn the_first_unknown_name_in_document_order_is_named() {
        let message = refused_at(&json!({
            "properties": {"a": {"format": "first"}, "b": {"format": "second"}}
        }));
        assert!(message.contains("`first`"), "{message}");
        assert!(
            message.contains("Formats of draft2020-12: date,"),
            "{message}"
        );
    }

    #[test]
    fn names_are_those_of_the_draft_in_force() {
        let d7 = "http://json-schema.org/draft-07/schema#";
        let message = refused_at(&json!({"$schema": d7, "format": "duration"}));
        assert!(
            message.contains("a format of draft 2020-12, not of draft7"),
            "{message}"
        );
        for name in ["idn-email", "idn-hostname", "iri", "relative-json-pointer"] {
            let schema = json!({"$schema": d7, "format": name});
            assert!(
                Validator::new(&schema, &ValidatorOptions::default()).is_ok(),
                "{name}"
            );
        }
        // A nested resource with its own `$schema` is read under that draft.
        let nested = json!({"$schema": d7, "definitions": {"a": {
            "$id": "https://example.com/a",
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "format": "uuid"
        }}});
        assert!(Validator::new(&nested, &ValidatorOptions::default()).is_ok());
    }

    #[test]
    fn custom_formats_are_anchored_and_checked() {
        let check = compile_custom("x-sku", "A|B", Draft::Draft202012).unwrap();
        assert!(check.is_match("A") && check.is_match("B"));
        assert!(!check.is_match("AB") && !check.is_match("xA") && !check.is_match(""));
        for (name, pattern) in [("x", "a)|(.*"), ("x", "(?=a)"), ("x", "\\1"), ("", "a")] {
            let err = compile_custom(name, pattern, Draft::Draft202012).unwrap_err();
            assert_eq!(err.code(), ErrorCode::ValidationInvalidOptions, "{pattern}");
        }
        let err = compile_custom("email", ".*", Draft::Draft7).unwrap_err();
        assert!(
            err.to_string().contains("built-in format of draft7"),
            "{err}"
        );
        assert!(compile_custom("uuid", "[0-9a-f-]{36}", Draft::Draft7).is_ok());
    }
}
