//! Runs the official JSON-Schema-Test-Suite (draft 2020-12 and draft 7: the required tests and
//! `optional/format`) through `Validator` with its default options, as users get them
//! (formats asserted, `pattern` on the linear-time `regex` engine).
//!
//! Every failure must be listed, with a reason, in tests/validate/known-failures-<draft>.txt;
//! a failure not listed there fails this test, so regressions are caught. Listed tests that
//! now pass are reported, to be removed from the list. The suite's `remotes/` (all but the
//! other drafts' folders) are registered explicitly as resources under
//! `http://localhost:1234/`: nothing is fetched.
//!
//! Each test is run twice: on the value (`is_valid`, `errors`) and on its JSON text
//! (`validate_json`); both must give the suite's verdict.
//!
//! Two by-design differences are listed as known failures and checked separately: formats
//! are asserted by default (draft 2020-12's `format.json` expects annotations: run again with
//! `assert_formats` off), and an unknown format name is refused at compile time
//! (`optional/format/unknown.json` expects it ignored: run again with `unknown_formats` set
//! to ignore, and checked to be refused by default).
//!
//! Print the counts with `cargo test -p edgeward-core --test validate_suite -- --nocapture`.
//! Set `EDGEWARD_WRITE_KNOWN_FAILURES=1` to rewrite the lists from the current failures
//! (existing reasons are kept; new entries get a generated reason to be reviewed).
#![cfg(feature = "validate")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;
use common::{json_files, read_json, repo_root};
use edgeward_core::Error;
use edgeward_core::validate::{Draft, UnknownFormats, Validator, ValidatorOptions};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const REMOTES_BASE: &str = "http://localhost:1234/";

fn suite_root() -> PathBuf {
    repo_root().join("../shared/conformance/json-schema-test-suite")
}

/// The suite's `remotes/`: everything except the other drafts' folders (which hold schemas
/// without `$schema` that only make sense under their own draft).
fn remotes(root: &Path, folder: &str) -> Vec<(String, Value)> {
    let dir = root.join("remotes");
    let mut files = Vec::new();
    json_files(&dir, true, &mut files);
    files
        .iter()
        .filter_map(|path| {
            let rel = path
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let top = rel.split('/').next().unwrap();
            let other_draft =
                rel.contains('/') && (top.starts_with("draft") || top == "v1") && top != folder;
            (!other_draft).then(|| (format!("{REMOTES_BASE}{rel}"), read_json(path)))
        })
        .collect()
}

/// `test key -> reason` from a known-failures file: `file :: group :: test || reason`.
fn read_known(path: &Path) -> BTreeMap<String, String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return BTreeMap::new();
    };
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            let (key, reason) = line
                .rsplit_once(" || ")
                .unwrap_or_else(|| panic!("{}: no ` || reason` in: {line}", path.display()));
            assert!(!reason.trim().is_empty(), "empty reason: {line}");
            (key.to_owned(), reason.to_owned())
        })
        .collect()
}

fn write_known(path: &Path, draft: &str, failures: &BTreeMap<String, String>) {
    let mut text = format!(
        "# JSON-Schema-Test-Suite tests ({draft}: required + optional/format) that fail with\n\
         # edgeward's default Validator options. One per line: file :: group :: test || reason.\n\
         # core/tests/validate_suite.rs fails on any failure not listed here.\n"
    );
    for (key, reason) in failures {
        text.push_str(&format!("{key} || {reason}\n"));
    }
    std::fs::write(path, text).unwrap();
}

struct Tally {
    passed: usize,
    failures: BTreeMap<String, String>,
}

fn run_draft(root: &Path, folder: &str, draft: Draft) -> Tally {
    let remotes = remotes(root, folder);
    let dir = root.join("tests").join(folder);
    let mut files = Vec::new();
    json_files(&dir, false, &mut files);
    json_files(&dir.join("optional/format"), false, &mut files);
    let mut tally = Tally {
        passed: 0,
        failures: BTreeMap::new(),
    };
    for path in files {
        let file = path
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        for group in read_json(&path).as_array().unwrap() {
            let schema = &group["schema"];
            let has_schema_keyword = schema.get("$schema").is_some();
            let options = ValidatorOptions {
                // As a user would: `$schema` when the schema says, else the folder's draft.
                draft: if has_schema_keyword {
                    None
                } else {
                    Some(draft)
                },
                resources: remotes.to_vec(),
                ..ValidatorOptions::default()
            };
            let built = Validator::new(schema, &options);
            for test in group["tests"].as_array().unwrap() {
                let key = format!(
                    "{file} :: {} :: {}",
                    group["description"].as_str().unwrap(),
                    test["description"].as_str().unwrap()
                );
                let expected = test["valid"].as_bool().unwrap();
                match verdict(&built, &test["data"], expected) {
                    Ok(()) => tally.passed += 1,
                    Err(reason) => {
                        tally.failures.insert(key, reason);
                    }
                }
            }
        }
    }
    tally
}

/// `Ok` when both paths give the expected verdict, else a generated reason.
fn verdict(built: &Result<Validator, Error>, data: &Value, expected: bool) -> Result<(), String> {
    let validator = match built {
        Ok(v) => v,
        Err(e) => return Err(format!("schema refused: {e}")),
    };
    let valid = validator.is_valid(data);
    let issues = validator.errors(data);
    if valid != issues.is_empty() {
        return Err("is_valid and errors disagree".to_owned());
    }
    let text = serde_json::to_vec(data).unwrap();
    let text_valid = match validator.validate_json(&text) {
        Ok(_) => Some(true),
        Err(Error::ValidationFailed { .. }) => Some(false),
        Err(_) => None,
    };
    if text_valid != Some(valid) {
        return Err(format!(
            "validate_json disagrees with is_valid ({text_valid:?} vs {valid})"
        ));
    }
    if valid != expected {
        return Err(if expected {
            "wrongly rejected".to_owned()
        } else {
            "wrongly accepted".to_owned()
        });
    }
    Ok(())
}

#[test]
fn json_schema_test_suite() {
    let root = suite_root();
    if !root.join("tests").is_dir() {
        println!(
            "SKIPPED: JSON-Schema-Test-Suite not found at {} (the conformance data lives in \
             ../shared/conformance relative to the repository root)",
            root.display()
        );
        return;
    }
    let rewrite = std::env::var_os("EDGEWARD_WRITE_KNOWN_FAILURES").is_some();
    let mut problems = Vec::new();
    for (folder, draft) in [
        ("draft2020-12", Draft::Draft202012),
        ("draft7", Draft::Draft7),
    ] {
        let tally = run_draft(&root, folder, draft);
        let list = repo_root().join(format!("tests/validate/known-failures-{folder}.txt"));
        let known = read_known(&list);
        let total = tally.passed + tally.failures.len();
        println!(
            "{folder}: {} of {total} passed, {} known failures",
            tally.passed,
            tally.failures.len()
        );
        let unexpected: Vec<_> = tally
            .failures
            .iter()
            .filter(|(key, _)| !known.contains_key(*key))
            .collect();
        for (key, reason) in known
            .iter()
            .filter(|(k, _)| !tally.failures.contains_key(*k))
        {
            println!(
                "{folder}: NOW PASSING, remove from {}: {key} (was: {reason})",
                list.display()
            );
        }
        if rewrite {
            let merged: BTreeMap<String, String> = tally
                .failures
                .iter()
                .map(|(key, generated)| (key.clone(), known.get(key).unwrap_or(generated).clone()))
                .collect();
            write_known(&list, folder, &merged);
            println!("{folder}: wrote {}", list.display());
        } else {
            for (key, reason) in &unexpected {
                problems.push(format!("{folder}: {key} ({reason})"));
            }
        }
    }
    // The listed format.json failures are by design (formats asserted by default); with
    // assertion off, draft 2020-12's annotation-only behaviour must hold exactly.
    let format_tests = read_json(&root.join("tests/draft2020-12/format.json"));
    let mut annotation_passed = 0;
    for group in format_tests.as_array().unwrap() {
        let options = ValidatorOptions {
            assert_formats: false,
            ..ValidatorOptions::default()
        };
        let built = Validator::new(&group["schema"], &options);
        for test in group["tests"].as_array().unwrap() {
            match verdict(&built, &test["data"], test["valid"].as_bool().unwrap()) {
                Ok(()) => annotation_passed += 1,
                Err(reason) => problems.push(format!(
                    "draft2020-12 format.json with assert_formats off: {} :: {} ({reason})",
                    group["description"], test["description"]
                )),
            }
        }
    }
    println!("draft2020-12 format.json with assert_formats off: {annotation_passed} passed");
    // The listed optional/format/unknown.json failures are by design too (an unknown format
    // name is refused when the schema is compiled); opted out, the suite's verdicts must hold.
    let mut ignored_passed = 0;
    for (folder, draft) in [
        ("draft2020-12", Draft::Draft202012),
        ("draft7", Draft::Draft7),
    ] {
        let path = root.join(format!("tests/{folder}/optional/format/unknown.json"));
        for group in read_json(&path).as_array().unwrap() {
            let options = ValidatorOptions {
                draft: Some(draft),
                unknown_formats: UnknownFormats::Ignore,
                ..ValidatorOptions::default()
            };
            let built = Validator::new(&group["schema"], &options);
            let refused = Validator::new(
                &group["schema"],
                &ValidatorOptions {
                    draft: Some(draft),
                    ..ValidatorOptions::default()
                },
            );
            if !matches!(refused, Err(Error::SchemaError { .. })) {
                problems.push(format!(
                    "{folder} unknown.json: {} is not refused by default",
                    group["description"]
                ));
            }
            for test in group["tests"].as_array().unwrap() {
                match verdict(&built, &test["data"], test["valid"].as_bool().unwrap()) {
                    Ok(()) => ignored_passed += 1,
                    Err(reason) => problems.push(format!(
                        "{folder} unknown.json with unknown_formats ignore: {} :: {} ({reason})",
                        group["description"], test["description"]
                    )),
                }
            }
        }
    }
    println!("optional/format/unknown.json with unknown_formats ignore: {ignored_passed} passed");
    assert!(
        ignored_passed >= 14,
        "only {ignored_passed} unknown-format tests ran"
    );
    assert!(
        problems.is_empty(),
        "{} unexpected failure(s), not in the known-failures lists:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
