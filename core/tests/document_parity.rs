//! `DocumentValidator` (the WASM build's validator, reading a `Document` where it lies) must
//! answer exactly as `Validator` (the native addon's and Python's, reading a `serde_json::Value`):
//! same verdicts, same issues in the same order, same messages, same parse errors, the same value
//! and the same integers beyond 2^53.
//!
//! Run over every test of the official JSON-Schema-Test-Suite (draft 2020-12 and draft 7,
//! required and `optional/format`), with values in messages off and on, and over the shared
//! vectors (tests/validate/vectors.json), whose options and texts exercise the limits, duplicate
//! keys and big integers.
#![cfg(feature = "validate")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;
use common::{case_options, fill_parts, json_files, read_json, repo_root};
use edgeward_core::Error;
use edgeward_core::validate::{
    Document, DocumentValidator, Draft, JsonLimits, Validator, ValidatorOptions, parse_json,
    unsafe_integers,
};
use serde_json::Value;

/// A comparable rendering of an outcome: the error's code and message, issues included.
fn outcome(result: Result<(), Error>) -> String {
    match result {
        Ok(()) => "ok".to_owned(),
        Err(Error::ValidationFailed { issues }) => format!("failed {issues:?}"),
        Err(e) => format!("{:?}: {e}", e.code()),
    }
}

/// Checks one text against both validators; `what` names it in failure messages.
fn same_answers(
    values: &Validator,
    documents: &DocumentValidator,
    document: &mut Document,
    text: &[u8],
    what: &str,
) {
    let by_value = values.validate_json(text);
    let by_document = documents.validate_json_into(text, document);
    let parsed = by_value.as_ref().ok().cloned();
    assert_eq!(
        outcome(by_value.map(drop)),
        outcome(by_document),
        "validate_json, {what}"
    );
    // The document holds the text whether or not it matched; compare everything read from it.
    let Ok(value) = parse_json(text, values.limits()) else {
        return;
    };
    documents.validate_json_into(text, document).ok();
    let root = document.root();
    assert_eq!(document.to_value(), value, "to_value, {what}");
    if let Some(parsed) = parsed {
        assert_eq!(parsed, value, "{what}");
    }
    assert_eq!(
        values.is_valid(&value),
        documents.is_valid(root),
        "is_valid, {what}"
    );
    assert_eq!(
        values.errors(&value),
        documents.errors(root),
        "errors, {what}"
    );
    assert_eq!(
        unsafe_integers(&value),
        document.unsafe_integers(),
        "unsafe_integers, {what}"
    );
}

#[test]
fn same_answers_on_the_official_suite() {
    let root = repo_root().join("../shared/conformance/json-schema-test-suite");
    if !root.join("tests").is_dir() {
        println!(
            "SKIPPED: JSON-Schema-Test-Suite not found at {}",
            root.display()
        );
        return;
    }
    let mut document = Document::new();
    let mut checked = 0;
    for (folder, draft) in [
        ("draft2020-12", Draft::Draft202012),
        ("draft7", Draft::Draft7),
    ] {
        let remotes_dir = root.join("remotes");
        let mut remote_files = Vec::new();
        json_files(&remotes_dir, true, &mut remote_files);
        let remotes: Vec<(String, Value)> = remote_files
            .iter()
            .filter_map(|path| {
                let rel = path
                    .strip_prefix(&remotes_dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                let top = rel.split('/').next().unwrap();
                let other_draft =
                    rel.contains('/') && (top.starts_with("draft") || top == "v1") && top != folder;
                (!other_draft).then(|| (format!("http://localhost:1234/{rel}"), read_json(path)))
            })
            .collect();
        let dir = root.join("tests").join(folder);
        let mut files = Vec::new();
        json_files(&dir, false, &mut files);
        json_files(&dir.join("optional/format"), false, &mut files);
        for path in files {
            for group in read_json(&path).as_array().unwrap() {
                let schema = &group["schema"];
                for include_values in [false, true] {
                    let options = ValidatorOptions {
                        draft: schema.get("$schema").is_none().then_some(draft),
                        resources: remotes.clone(),
                        include_values,
                        ..ValidatorOptions::default()
                    };
                    let (Ok(values), Ok(documents)) = (
                        Validator::new(schema, &options),
                        DocumentValidator::new(schema, &options),
                    ) else {
                        assert_eq!(
                            Validator::new(schema, &options)
                                .map(drop)
                                .map_err(|e| e.to_string()),
                            DocumentValidator::new(schema, &options)
                                .map(drop)
                                .map_err(|e| e.to_string()),
                        );
                        continue;
                    };
                    for test in group["tests"].as_array().unwrap() {
                        let what = format!(
                            "{} :: {} :: {} (values in messages: {include_values})",
                            path.display(),
                            group["description"],
                            test["description"]
                        );
                        let text = serde_json::to_vec(&test["data"]).unwrap();
                        same_answers(&values, &documents, &mut document, &text, &what);
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 5000, "only {checked} tests checked");
}

#[test]
fn same_answers_on_the_shared_vectors() {
    let vectors = read_json(&repo_root().join("tests/validate/vectors.json"));
    let schemas = &vectors["schemas"];
    let mut document = Document::new();
    let mut checked = 0;
    for case in vectors["validate"].as_array().unwrap() {
        let schema = match &case["schema"] {
            Value::String(name) => &schemas[name.as_str()],
            inline => inline,
        };
        let Ok(options) = case_options(case) else {
            continue;
        };
        let (Ok(values), Ok(documents)) = (
            Validator::new(schema, &options),
            DocumentValidator::new(schema, &options),
        ) else {
            continue;
        };
        let text = if let Some(document) = case.get("document") {
            serde_json::to_vec(document).unwrap()
        } else if let Some(parts) = case.get("document_fill") {
            serde_json::to_vec(&Value::String(fill_parts(parts))).unwrap()
        } else if let Some(text) = case["text"].as_str() {
            text.as_bytes().to_vec()
        } else if let Some(hex) = case["text_hex"].as_str() {
            (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect()
        } else if let Some(parts) = case.get("text_fill") {
            fill_parts(parts).into_bytes()
        } else {
            continue;
        };
        let what = format!("vector {}", case["name"]);
        same_answers(&values, &documents, &mut document, &text, &what);
        checked += 1;
    }
    assert!(checked > 60, "only {checked} vectors checked");
}

/// Documents built to reach every reading path: many-keyed objects (the ordered index),
/// repeated keys (last copy wins), escapes, `uniqueItems` over strings, numbers and containers,
/// `propertyNames`, `const`/`enum` on containers, and big integers at escaped pointers.
#[test]
fn same_answers_on_built_documents() {
    let schema = serde_json::json!({
        "type": "object",
        "properties": {
            "tags": {"type": "array", "uniqueItems": true},
            "nested": {"const": {"a": [1, 2.0, {"b": null}]}},
            "pick": {"enum": [[1, 2], {"x": "y"}, "s", 3]},
            "n": {"type": "integer", "maximum": 100}
        },
        "propertyNames": {"maxLength": 12},
        "patternProperties": {"^k[0-9]+$": {"type": "integer"}},
        "additionalProperties": {"not": {"type": "boolean"}}
    });
    let many_keys: String = (0..40).rev().map(|i| format!("\"k{i}\":{i},")).collect();
    let long_unique: String = (0..30).map(|i| format!("\"t{i}\",")).collect();
    let long_numbers: String = (0..30).map(|i| format!("{i}.0,")).collect();
    let texts = [
        format!("{{{many_keys}\"n\":1}}"),
        format!("{{{many_keys}\"k3\":\"x\"}}"),
        format!("{{\"tags\":[{long_unique}\"t0\"]}}"),
        format!("{{\"tags\":[{long_unique}\"u\"]}}"),
        format!("{{\"tags\":[{long_numbers}1]}}"),
        format!("{{\"tags\":[{long_numbers}30]}}"),
        r#"{"tags":[1,1.0]}"#.to_owned(),
        r#"{"tags":[[1,{"a":1}],[1,{"a":1.0}]]}"#.to_owned(),
        r#"{"tags":[{"a":1,"b":2},{"b":2,"a":1}, "x"]}"#.to_owned(),
        r#"{"tags":[{"a":1},{"a":2}]}"#.to_owned(),
        r#"{"nested":{"a":[1,2,{"b":null}]}}"#.to_owned(),
        r#"{"nested":{"a":[1,2,{"b":false}]}}"#.to_owned(),
        r#"{"pick":{"x":"y"}}"#.to_owned(),
        r#"{"pick":[1,2.0]}"#.to_owned(),
        r#"{"pick":[2,1]}"#.to_owned(),
        r#"{"a very long property name":1,"b":true,"c\u00e9\n":"\ud83d\ude00"}"#.to_owned(),
        r#"{"z":{"~/":{"a/b":[9007199254740993,-9223372036854775808]}},"a":18446744073709551615}"#
            .to_owned(),
        r#"{"n":100.5,"k1":1.5}"#.to_owned(),
        r#"[{"b":1,"a":2},{}, [], [[]], "x", 1e3, -0, true, null]"#.to_owned(),
        r#"{"n":1,"n":2}"#.to_owned(),
        r#"{"b":{"x":1,"x":[true]},"a":1,"b":{"y":false}}"#.to_owned(),
        format!("{{{many_keys}\"k7\":\"last\",\"k7\":7}}"),
    ];
    for allow_duplicate_keys in [false, true] {
        for include_values in [false, true] {
            let options = ValidatorOptions {
                include_values,
                limits: JsonLimits {
                    allow_duplicate_keys,
                    max_object_keys: 41,
                    ..JsonLimits::default()
                },
                ..ValidatorOptions::default()
            };
            let values = Validator::new(&schema, &options).unwrap();
            let documents = DocumentValidator::new(&schema, &options).unwrap();
            let mut document = Document::new();
            for text in &texts {
                let what = format!(
                    "{text} (duplicates allowed: {allow_duplicate_keys}, values: {include_values})"
                );
                same_answers(&values, &documents, &mut document, text.as_bytes(), &what);
            }
        }
    }
}

/// Mutated texts (a fixed pseudo-random sequence: the same cases every run) are accepted or
/// refused alike, with the same error, and read alike when accepted.
#[test]
fn same_parse_outcomes_on_mutated_texts() {
    const PIECES: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\\",
        "\\u",
        "\\ud83d",
        "\\ude00",
        "a",
        "é",
        "0",
        "-",
        "1e9",
        ".5",
        "true",
        "nul",
        " ",
        "\n",
        "\u{1}",
        "\"k\":",
        "\"k\":1,",
        "99999999999999999999",
    ];
    let seeds = [
        r#"{"a":[1,2,{"b":null,"c":"x\u00e9y"}],"d":-0.5e3,"e":true,"a2":{}}"#,
        r#"[{"k":1,"j":2},{"k":3},[],"\ud83d\ude00",18446744073709551615]"#,
        r#"{"z":{"y":{"x":[[[1]]]}},"k":"v","k2":"v2","k3":"v3"}"#,
    ];
    let limits = [
        JsonLimits::default(),
        JsonLimits {
            max_depth: 4,
            max_string_bytes: 6,
            max_object_keys: 3,
            max_array_items: 4,
            allow_duplicate_keys: true,
            ..JsonLimits::default()
        },
    ];
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % below as u64).unwrap()
    };
    let mut document = Document::new();
    for round in 0..4000 {
        let mut text = seeds[round % seeds.len()].as_bytes().to_vec();
        for _ in 0..=next(3) {
            let at = next(text.len() + 1);
            let piece = PIECES[next(PIECES.len())].as_bytes();
            match next(3) {
                0 => {
                    text.splice(at..at, piece.iter().copied());
                }
                1 => {
                    let end = (at + 1 + next(4)).min(text.len());
                    text.splice(at.min(end)..end, core::iter::empty());
                }
                _ => {
                    let end = (at + piece.len()).min(text.len());
                    text.splice(at.min(end)..end, piece.iter().copied());
                }
            }
        }
        for limits in &limits {
            let by_value = parse_json(&text, limits);
            let by_document = document.parse(&text, limits);
            let shown = String::from_utf8_lossy(&text);
            match (by_value, by_document) {
                (Ok(value), Ok(())) => {
                    assert_eq!(document.to_value(), value, "{shown}");
                    assert_eq!(
                        document.unsafe_integers(),
                        unsafe_integers(&value),
                        "{shown}"
                    );
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{shown}"),
                (a, b) => panic!("{shown}: {a:?} vs {b:?}"),
            }
        }
    }
}
