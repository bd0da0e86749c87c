//! Helpers shared by the core's integration tests (each test file is its own crate and uses
//! only some of them).
#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use edgeward_core::Error;
use edgeward_core::validate::{Draft, JsonLimits, UnknownFormats, ValidatorOptions};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Proptest settings for `cases` cases: failures are shrunk and printed, and become named
/// regression tests instead of files nobody reads.
pub fn proptest_config(cases: u32) -> proptest::prelude::ProptestConfig {
    proptest::prelude::ProptestConfig {
        cases,
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    }
}

/// The repository root (the core's parent folder).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A JSON file, parsed; panics naming the file.
pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `.json` files in `dir` (and below it when `recursive`), sorted.
pub fn json_files(dir: &Path, recursive: bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if recursive {
                json_files(&path, true, out);
            }
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// The validator options of a shared vector (`tests/validate/vectors.json`), or the error
/// the core's option readers give for them (`VALIDATION_INVALID_OPTIONS`).
pub fn case_options(case: &Value) -> Result<ValidatorOptions, Error> {
    let mut options = ValidatorOptions::default();
    let Some(given) = case.get("options") else {
        return Ok(options);
    };
    for (key, value) in given.as_object().unwrap() {
        match key.as_str() {
            "draft" => options.draft = Some(Draft::from_name(value.as_str().unwrap()).unwrap()),
            "assert_formats" => options.assert_formats = value.as_bool().unwrap(),
            // Read by the core's own option readers, so that a value the bindings refuse
            // (an unknown choice, a pattern that is not a string) is refused here alike.
            "unknown_formats" => {
                options.unknown_formats =
                    UnknownFormats::from_option("unknown_formats", value.as_str().unwrap())?;
            }
            // A pattern that is not a string is refused as every binding's reader refuses it.
            "formats" => {
                options.formats = value
                    .as_object()
                    .unwrap()
                    .iter()
                    .map(|(name, pattern)| match pattern {
                        Value::String(pattern) => Ok((name.clone(), pattern.clone())),
                        _ => Err(Error::ValidationInvalidOptions {
                            reason: format!("formats[{name:?}] must be a pattern string"),
                        }),
                    })
                    .collect::<Result<_, _>>()?;
            }
            "include_values" => options.include_values = value.as_bool().unwrap(),
            "resources" => {
                options.resources = value
                    .as_object()
                    .unwrap()
                    .iter()
                    .map(|(uri, schema)| (uri.clone(), schema.clone()))
                    .collect();
            }
            "limits" => options.limits = limits(value),
            other => panic!("unknown option {other}"),
        }
    }
    Ok(options)
}

/// The JSON limits of a shared vector's options.
pub fn limits(given: &Value) -> JsonLimits {
    let mut limits = JsonLimits::default();
    for (key, value) in given.as_object().unwrap() {
        let n = || usize::try_from(value.as_u64().unwrap()).unwrap();
        match key.as_str() {
            "max_bytes" => limits.max_bytes = n(),
            "max_depth" => limits.max_depth = n(),
            "max_string_bytes" => limits.max_string_bytes = n(),
            "max_object_keys" => limits.max_object_keys = n(),
            "max_array_items" => limits.max_array_items = n(),
            "allow_duplicate_keys" => limits.allow_duplicate_keys = value.as_bool().unwrap(),
            "allow_lossy_integers" => limits.allow_lossy_integers = value.as_bool().unwrap(),
            other => panic!("unknown limit {other}"),
        }
    }
    limits
}

/// A long document of the validation vectors, written as `[{"text": ...} | {"repeat": ..., "times": n}]`.
pub fn fill_parts(parts: &Value) -> String {
    parts
        .as_array()
        .unwrap()
        .iter()
        .map(|part| match part.get("text") {
            Some(text) => text.as_str().unwrap().to_owned(),
            None => part["repeat"]
                .as_str()
                .unwrap()
                .repeat(usize::try_from(part["times"].as_u64().unwrap()).unwrap()),
        })
        .collect()
}
