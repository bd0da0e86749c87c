//! The error contract across runtimes: the TypeScript code unions
//! (`bindings-node/types/errors.d.ts`) and the Python exception classes
//! (`bindings-python/python/edgeward/_errors.py`) hold exactly the codes of
//! [`ErrorCode::ALL`], each in the same family. Read as text, so a code added to the core
//! alone (or to one binding alone) fails here before any binding is built.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use edgeward_core::{ErrorCode, ErrorFamily};

const FAMILIES: &[ErrorFamily] = ErrorFamily::ALL;

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// (code, family) for every code of the core.
fn core_codes() -> BTreeSet<(String, String)> {
    ErrorCode::ALL
        .iter()
        .map(|c| (c.as_str().to_owned(), c.family().as_str().to_owned()))
        .collect()
}

/// `WEBHOOK_SIGNATURE_MISMATCH` → `WebhookSignatureMismatch`.
fn camel(code: &str) -> String {
    code.split('_')
        .map(|word| {
            // A word with its own capitals (the protocol's name) keeps them.
            if word == "OAUTH" {
                return "OAuth".to_owned();
            }
            let lower = word.to_lowercase();
            let mut chars = lower.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// (code, family) of every `export type <Family>ErrorCode = 'A' | 'B';` union.
fn typescript_codes(text: &str) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    for (start, _) in text.match_indices("export type ") {
        let rest = &text[start + "export type ".len()..];
        let Some((name, body)) = rest.split_once('=') else {
            continue;
        };
        let Some(family) = name.trim().strip_suffix("ErrorCode") else {
            continue;
        };
        if family.is_empty() {
            continue; // `ErrorCode`, the union of the family unions
        }
        let body = &body[..body.find(';').expect("a union ends with ;")];
        for literal in body.split('\'').skip(1).step_by(2) {
            // `RateLimitErrorCode` is the family `rate_limit`: compared without underscores.
            found.insert((literal.to_owned(), family.to_lowercase()));
        }
    }
    found
}

/// (code, family) of every class of `_errors.py` that sets `code = "..."`, the family found
/// through the class's bases up to a class of `BY_FAMILY`; also checks the naming rule and
/// that `BY_CODE` lists every such class.
fn python_codes(text: &str) -> BTreeSet<(String, String)> {
    let mut bases = BTreeMap::new();
    let mut codes = BTreeMap::new();
    let mut current = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("class ") {
            let (name, base) = rest.split_once('(').expect("class Name(Base):");
            let base = base.split_once(')').expect("class Name(Base):").0;
            bases.insert(name.to_owned(), base.to_owned());
            current = Some(name.to_owned());
        } else if let Some(code) = line.strip_prefix("    code = \"") {
            let code = code.strip_suffix('"').expect("code = \"...\"");
            codes.insert(
                current.clone().expect("code inside a class"),
                code.to_owned(),
            );
        }
    }
    let family_block = &text[text.find("BY_FAMILY: dict").expect("BY_FAMILY")..];
    let family_block = &family_block[..family_block.find('}').expect("BY_FAMILY ends")];
    let mut family_of_class = BTreeMap::new();
    for &family in FAMILIES {
        let key = format!("\"{}\": ", family.as_str());
        let at = family_block
            .find(&key)
            .unwrap_or_else(|| panic!("BY_FAMILY lacks {key}"));
        let class = family_block[at + key.len()..]
            .split(',')
            .next()
            .unwrap()
            .trim();
        family_of_class.insert(class.to_owned(), family.as_str().to_owned());
    }
    let by_code = &text[text.find("BY_CODE: dict").expect("BY_CODE")..];
    let by_code = &by_code[..by_code.find('}').expect("BY_CODE ends")];
    let listed: BTreeSet<&str> = by_code
        .lines()
        .map(|l| l.trim().trim_end_matches(','))
        .filter(|l| l.ends_with("Error"))
        .collect();

    let mut found = BTreeSet::new();
    for (class, code) in &codes {
        assert_eq!(
            *class,
            format!("{}Error", camel(code)),
            "the Python class of {code} is named after it"
        );
        assert!(listed.contains(class.as_str()), "BY_CODE lacks {class}");
        let mut ancestor = class.clone();
        let family = loop {
            if let Some(family) = family_of_class.get(&ancestor) {
                break family.clone();
            }
            ancestor = bases
                .get(&ancestor)
                .unwrap_or_else(|| panic!("{class} is not under a family class"))
                .clone();
        };
        found.insert((code.clone(), family));
    }
    assert_eq!(
        listed.len(),
        codes.len(),
        "BY_CODE lists a class without a code"
    );
    found
}

#[test]
fn typescript_unions_match_the_core_codes() {
    let declared = typescript_codes(&read("bindings-node/types/errors.d.ts"));
    let core: BTreeSet<(String, String)> = core_codes()
        .into_iter()
        .map(|(code, family)| (code, family.replace('_', "")))
        .collect();
    assert_eq!(declared, core);
}

#[test]
fn python_classes_match_the_core_codes() {
    let declared = python_codes(&read("bindings-python/python/edgeward/_errors.py"));
    assert_eq!(declared, core_codes());
}

#[test]
fn the_parsers_see_a_missing_or_misplaced_code() {
    let ts = "export type WebhookErrorCode =\n  | 'WEBHOOK_A'\n  | 'WEBHOOK_B';\n\
              export type ErrorCode = WebhookErrorCode;\nexport type PathErrorCode = 'PATH_X';\n";
    let expected: BTreeSet<_> = [
        ("WEBHOOK_A", "webhook"),
        ("WEBHOOK_B", "webhook"),
        ("PATH_X", "path"),
    ]
    .iter()
    .map(|(c, f)| ((*c).to_owned(), (*f).to_owned()))
    .collect();
    assert_eq!(typescript_codes(ts), expected);
    assert_ne!(typescript_codes(ts), core_codes());
    assert_eq!(
        camel("WEBHOOK_SIGNATURE_MISMATCH"),
        "WebhookSignatureMismatch"
    );
}

/// `tests/vectors/http_status.json` (read by the Node and Python tests too) holds exactly the
/// core's codes, each with the status of [`ErrorCode::http_status`]; other texts answer 500.
#[test]
fn http_status_vectors_match_the_core() {
    let vectors: serde_json::Value =
        serde_json::from_str(&read("tests/vectors/http_status.json")).unwrap();
    let table = vectors["codes"].as_object().unwrap();
    let listed: BTreeSet<&str> = table.keys().map(String::as_str).collect();
    let core: BTreeSet<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(listed, core, "http_status.json must list every code");
    for code in ErrorCode::ALL {
        let want = u16::try_from(table[code.as_str()].as_u64().unwrap()).unwrap();
        assert_eq!(code.http_status(), want, "{}", code.as_str());
        assert_eq!(edgeward_core::http_status(code.as_str()), want);
        assert!((400..=599).contains(&want));
    }
    for text in vectors["unknown"].as_array().unwrap() {
        assert_eq!(edgeward_core::http_status(text.as_str().unwrap()), 500);
    }
}
