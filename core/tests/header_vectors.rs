//! The shared header-shape vectors (tests/vectors/webhook_headers.json): repeated headers,
//! case-variant names, list-valued headers, empty values, oversized joined values and both
//! Standard Webhooks name sets, through every way the Rust API takes headers. Every runtime
//! runs the same file and must give the same verdicts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use common::{read_json, repo_root};
use edgeward_core::webhook::{Headers, Scheme, Webhook, WebhookOptions};
use edgeward_core::{Error, ErrorCode};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

mod common;

fn vectors() -> Value {
    read_json(&repo_root().join("tests/vectors/webhook_headers.json"))
}

/// One value of the vectors: a string, or a fill spelled out.
fn text(value: &Value) -> String {
    if let Some(text) = value.as_str() {
        return text.to_owned();
    }
    let part = |key: &str| value[key].as_str().unwrap().to_owned();
    let times = usize::try_from(value["times"].as_u64().unwrap()).unwrap();
    format!(
        "{}{}{}",
        part("prefix"),
        part("repeat").repeat(times),
        part("suffix")
    )
}

/// A case's headers as (exact name, occurrences) groups, in order: each pair's value is one
/// occurrence, or a list of them.
fn groups(case: &Value) -> Vec<(String, Vec<String>)> {
    let mut pairs: Vec<&Value> = case["headers"].as_array().unwrap().iter().collect();
    if let Some(repeat) = case.get("repeat_pair") {
        let index = usize::try_from(repeat["index"].as_u64().unwrap()).unwrap();
        let times = usize::try_from(repeat["times"].as_u64().unwrap()).unwrap();
        let pair = pairs[index];
        pairs.splice(index..=index, std::iter::repeat_n(pair, times));
    }
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for pair in pairs {
        let name = pair[0].as_str().unwrap().to_owned();
        let values: Vec<String> = match pair[1].as_array() {
            Some(list) => list.iter().map(text).collect(),
            None => vec![text(&pair[1])],
        };
        match out.last_mut() {
            Some((last, existing)) if *last == name => existing.extend(values),
            _ => out.push((name, values)),
        }
    }
    out
}

fn check(
    name: &str,
    form: &str,
    case: &Value,
    result: &Result<(i64, usize, Option<String>), Error>,
) {
    let expect = &case["expect"];
    if expect["ok"].as_bool().unwrap() {
        let (timestamp, secret_index, id) = result
            .as_ref()
            .unwrap_or_else(|e| panic!("{name} ({form}): expected success, got {e}"));
        assert_eq!(
            *timestamp,
            expect["timestamp"].as_i64().unwrap_or(0),
            "{name} ({form})"
        );
        assert_eq!(
            *secret_index as u64,
            expect["secret_index"].as_u64().unwrap(),
            "{name}"
        );
        assert_eq!(id.as_deref(), expect["id"].as_str(), "{name} ({form})");
    } else {
        let err = result
            .as_ref()
            .map(|_| ())
            .expect_err(&format!("{name} ({form}): expected {}", expect["code"]));
        assert_eq!(
            err.code().as_str(),
            expect["code"].as_str().unwrap(),
            "{name} ({form}): {err}"
        );
        assert_eq!(
            err.code().family(),
            edgeward_core::ErrorFamily::Webhook,
            "{name}"
        );
    }
}

#[test]
fn header_shape_vectors() {
    let vectors = vectors();
    let max = usize::try_from(vectors["max_header_bytes"].as_u64().unwrap()).unwrap();
    let mut forms_run = HashMap::<&str, usize>::new();
    let cases = vectors["cases"].as_array().unwrap();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let scheme = Scheme::from_name(case["scheme"].as_str().unwrap()).unwrap();
        let secrets: Vec<&str> = case["secrets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        let options = WebhookOptions {
            scheme,
            max_header_bytes: max,
            ..WebhookOptions::default()
        };
        let wh = Webhook::new(&secrets, options).unwrap();
        let payload = case["payload_text"].as_str().unwrap().as_bytes();
        let now = case["now"].as_i64().unwrap();
        let groups = groups(case);
        let flat = |r: Result<edgeward_core::webhook::Verified, Error>| {
            r.map(|v| (v.timestamp, v.secret_index, v.id))
        };
        let mut run = |form: &'static str, result: Result<_, Error>| {
            check(name, form, case, &flat(result));
            *forms_run.entry(form).or_default() += 1;
        };

        // Pairs (as received), through the Headers trait.
        let pairs: Vec<(String, String)> = groups
            .iter()
            .flat_map(|(n, values)| values.iter().map(move |v| (n.clone(), v.clone())))
            .collect();
        run("pairs", wh.verify_headers(payload, &pairs, now));
        let borrowed: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        run(
            "borrowed pairs",
            wh.verify_headers(payload, borrowed.as_slice(), now),
        );

        // What a binding hands over: every occurrence per needed name, in order.
        let names = scheme.header_names();
        let occurrences: Vec<Vec<&str>> = names
            .iter()
            .map(|wanted| {
                pairs
                    .iter()
                    .filter(|(n, _)| n.eq_ignore_ascii_case(wanted))
                    .map(|(_, v)| v.as_str())
                    .collect()
            })
            .collect();
        let slices: Vec<&[&str]> = occurrences.iter().map(Vec::as_slice).collect();
        run("occurrences", wh.verify_occurrences(payload, &slices, now));

        // A closure over the pairs (as over http::HeaderMap::get_all).
        run(
            "closure",
            wh.verify_with(
                payload,
                |wanted| {
                    pairs
                        .iter()
                        .filter(move |(n, _)| n.eq_ignore_ascii_case(wanted))
                        .map(|(_, v)| v.as_str())
                },
                now,
            ),
        );

        // One value per name, when the request has at most one of each.
        if occurrences.iter().all(|o| o.len() <= 1) {
            let values: Vec<Option<&str>> =
                occurrences.iter().map(|o| o.first().copied()).collect();
            run("values", wh.verify_values(payload, &values, now));
        }

        // Maps, when every exact name holds one value (case variants are distinct keys).
        if groups.iter().all(|(_, values)| values.len() == 1) {
            let map: HashMap<String, String> = pairs.iter().cloned().collect();
            run("hash map", wh.verify_headers(payload, &map, now));
            let tree: BTreeMap<&str, &str> = borrowed.iter().copied().collect();
            run("btree map", wh.verify_headers(payload, &tree, now));
        }
    }
    println!("{} cases; runs per form: {forms_run:?}", cases.len());
    assert!(cases.len() >= 60);
    assert!(
        forms_run["hash map"] >= 30 && forms_run["values"] >= 30,
        "{forms_run:?}"
    );
}

/// The trait is the extension point for other header types: a multimap with list values
/// gets the same verdicts as the pairs it stands for.
#[test]
fn a_custom_headers_type_follows_the_rule() {
    struct Multi(Vec<(&'static str, Vec<String>)>);
    impl Headers for Multi {
        fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
            self.0
                .iter()
                .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
                .flat_map(|(_, values)| values.iter().map(String::as_str))
        }
    }
    let options = WebhookOptions {
        scheme: Scheme::Github,
        ..WebhookOptions::default()
    };
    let wh = Webhook::new(&["secret"], options).unwrap();
    let signature = wh.sign(b"x", 0).unwrap();
    let once = Multi(vec![("X-Hub-Signature-256", vec![signature.clone()])]);
    assert!(wh.verify_headers(b"x", &once, 0).is_ok());
    let twice = Multi(vec![(
        "X-Hub-Signature-256",
        vec![signature.clone(), signature],
    )]);
    assert_eq!(
        wh.verify_headers(b"x", &twice, 0).unwrap_err().code(),
        ErrorCode::MalformedHeader
    );
    let none = Multi(vec![("X-Hub-Signature-256", vec![])]);
    assert_eq!(
        wh.verify_headers(b"x", &none, 0).unwrap_err().code(),
        ErrorCode::MissingHeader
    );
}

/// `verify_occurrences` takes one list per name of `Scheme::header_names`, no more, no less.
#[test]
fn occurrences_must_match_the_header_names() {
    let wh = Webhook::new(&["whsec_test_secret_0123456789"], WebhookOptions::default()).unwrap();
    for given in [0, 2] {
        let lists: Vec<&[&str]> = vec![&[]; given];
        assert_eq!(
            wh.verify_occurrences(b"x", &lists, 0).unwrap_err().code(),
            ErrorCode::InvalidOptions
        );
    }
}
