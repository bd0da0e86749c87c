//! Runs the shared validation vectors (tests/validate/vectors.json) through the core.
#![cfg(feature = "validate")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;
use common::{case_options, fill_parts};
use edgeward_core::request_path::{build_path, encode_path_segment};
use edgeward_core::validate::{ValidationIssue, Validator};
use edgeward_core::{Error, ErrorCode};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn vectors() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("tests/validate/vectors.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn from_hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// What one run produced: the issues (empty when valid) and the parsed value, or an error.
type Outcome = Result<(Vec<ValidationIssue>, Option<Value>), Error>;

fn run_document(validator: &Validator, document: &Value) -> Outcome {
    let issues = validator.errors(document);
    assert_eq!(validator.is_valid(document), issues.is_empty());
    match validator.validate(document) {
        Ok(()) => assert!(issues.is_empty()),
        Err(Error::ValidationFailed { issues: carried }) => assert_eq!(carried, issues),
        Err(other) => panic!("validate: unexpected {other:?}"),
    }
    Ok((issues, None))
}

fn run_text(validator: &Validator, text: &[u8]) -> Outcome {
    match validator.validate_json(text) {
        Ok(value) => Ok((Vec::new(), Some(value))),
        Err(Error::ValidationFailed { issues }) => Ok((issues, None)),
        Err(other) => Err(other),
    }
}

fn check(name: &str, expect: &Value, outcome: &Outcome) {
    let mut messages = String::new();
    match outcome {
        Err(error) => {
            let code = expect["error"]
                .as_str()
                .unwrap_or_else(|| panic!("{name}: unexpected error {error:?}"));
            assert_eq!(error.code().as_str(), code, "{name}: {error:?}");
            messages.push_str(&error.to_string());
        }
        Ok((issues, value)) => {
            assert!(
                expect.get("error").is_none(),
                "{name}: expected {}, got issues {issues:?}",
                expect["error"]
            );
            let valid = expect["valid"].as_bool().unwrap();
            assert_eq!(issues.is_empty(), valid, "{name}: {issues:?}");
            if let Some(expected) = expect.get("errors") {
                let want: BTreeSet<(String, String, String)> = expected
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| {
                        (
                            e["instance_path"].as_str().unwrap().to_owned(),
                            e["keyword"].as_str().unwrap().to_owned(),
                            e["schema_path"].as_str().unwrap().to_owned(),
                        )
                    })
                    .collect();
                let got: BTreeSet<(String, String, String)> = issues
                    .iter()
                    .map(|i| {
                        (
                            i.instance_path.clone(),
                            i.keyword.clone(),
                            i.schema_path.clone(),
                        )
                    })
                    .collect();
                assert_eq!(got, want, "{name}: {issues:?}");
                assert_eq!(issues.len(), want.len(), "{name}: {issues:?}");
            }
            for issue in issues {
                assert!(!issue.message.is_empty(), "{name}");
                messages.push_str(&issue.message);
                messages.push('\n');
            }
            if let Some(exact) = expect.get("exact_integers") {
                let value = value
                    .as_ref()
                    .unwrap_or_else(|| panic!("{name}: no parsed value"));
                for item in exact.as_array().unwrap() {
                    let got = value.pointer(item["pointer"].as_str().unwrap()).unwrap();
                    assert_eq!(got.to_string(), item["decimal"].as_str().unwrap(), "{name}");
                }
            }
        }
    }
    if let Some(needle) = expect.get("message_includes") {
        let needle = needle.as_str().unwrap();
        assert!(messages.contains(needle), "{name}: {messages}");
    }
    if let Some(needle) = expect.get("message_excludes") {
        let needle = needle.as_str().unwrap();
        assert!(!messages.contains(needle), "{name}: {messages}");
    }
}

#[test]
fn validation_vectors() {
    let all = vectors();
    let schemas = &all["schemas"];
    let cases = all["validate"].as_array().unwrap();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let expect = &case["expect"];
        let schema = match &case["schema"] {
            Value::String(key) => schemas[key.as_str()].clone(),
            inline => inline.clone(),
        };
        let validator = match case_options(case).and_then(|o| Validator::new(&schema, &o)) {
            Ok(v) => v,
            Err(error) => {
                check(name, expect, &Err(error));
                continue;
            }
        };
        if let Some(document) = case.get("document") {
            check(name, expect, &run_document(&validator, document));
            // The same document as JSON text must get the same verdict.
            let text = serde_json::to_vec(document).unwrap();
            check(name, expect, &run_text(&validator, &text));
        } else if let Some(parts) = case.get("document_fill") {
            let document = Value::String(fill_parts(parts));
            check(name, expect, &run_document(&validator, &document));
        } else if let Some(text) = case.get("text") {
            check(
                name,
                expect,
                &run_text(&validator, text.as_str().unwrap().as_bytes()),
            );
        } else if let Some(hex) = case.get("text_hex") {
            check(
                name,
                expect,
                &run_text(&validator, &from_hex(hex.as_str().unwrap())),
            );
        } else if let Some(parts) = case.get("text_fill") {
            check(
                name,
                expect,
                &run_text(&validator, fill_parts(parts).as_bytes()),
            );
        } else {
            panic!("{name}: no input");
        }
    }
    println!("validation vectors: {} cases passed", cases.len());
}

#[test]
fn path_vectors() {
    let all = vectors();
    let paths = &all["paths"];
    let mut count = 0;
    for case in paths["segments"].as_array().unwrap() {
        let got = encode_path_segment(case["input"].as_str().unwrap());
        check_path(case, got);
        count += 1;
    }
    for case in paths["templates"].as_array().unwrap() {
        let params: Vec<(String, String)> = case["params"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
            .collect();
        let got = build_path(case["template"].as_str().unwrap(), &params);
        check_path(case, got);
        count += 1;
    }
    println!("path vectors: {count} cases passed");
}

fn check_path(case: &Value, got: Result<String, Error>) {
    match (&case["expect"]["ok"], got) {
        (Value::String(want), Ok(path)) => assert_eq!(&path, want, "{case}"),
        (Value::Null, Err(error)) => {
            assert_eq!(error.code(), ErrorCode::InvalidPath, "{case}");
            assert_eq!(
                error.code().as_str(),
                case["expect"]["error"].as_str().unwrap()
            );
        }
        (_, got) => panic!("{case}: got {got:?}"),
    }
}
