//! `Webhook::read_event_names` (the names-only sink: builds no body) against
//! `Webhook::read_event` (the full parse into a `serde_json::Value`), which is the oracle: on
//! every text and every limit, the same verdict, the same error (code and message), the same
//! names, and `may_hold_unsafe_integers` set when the value holds an integer beyond 2^53 (and
//! otherwise only for a dropped copy of a repeated key).
//!
//! Texts are built from JSON pieces that matter to the names (the fields of every scheme,
//! Slack's envelope, keys written with escapes, repeated keys, big integers) and then mutated,
//! so that malformed texts are tried too.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use edgeward_core::validate::{JsonLimits, unsafe_integers};
use edgeward_core::webhook::{Scheme, Webhook, WebhookOptions};
use proptest::prelude::*;
use proptest::sample::Index;

mod common;
use common::proptest_config as config;

fn webhook(scheme: Scheme) -> Webhook {
    let options = WebhookOptions {
        scheme,
        ..WebhookOptions::default()
    };
    Webhook::new(&["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"], options).unwrap()
}

/// Checks that both readers answer the same for `text` under `limits`, for every scheme.
fn same_answers(text: &[u8], limits: &JsonLimits) {
    for scheme in Scheme::ALL {
        let wh = webhook(*scheme);
        let headers = scheme.event_header_names();
        let values: Vec<&[&str]> = headers
            .iter()
            .enumerate()
            .map(|(i, _)| {
                if i == 0 {
                    &["from-header"][..]
                } else {
                    &[][..]
                }
            })
            .collect();
        let full = wh.read_event(text, &values, Some("signed-id"), limits);
        let names = wh.read_event_names(text, &values, Some("signed-id"), limits);
        let shown = String::from_utf8_lossy(text);
        match (full, names) {
            (Ok(event), Ok(names)) => {
                assert_eq!(names.event_type, event.event_type, "{scheme} type: {shown}");
                assert_eq!(names.id, event.id, "{scheme} id: {shown}");
                assert_eq!(
                    names.inner_type, event.inner_type,
                    "{scheme} inner: {shown}"
                );
                // Exact, except that a dropped copy of a repeated key may raise it too.
                let held = !unsafe_integers(&event.value).is_empty();
                if limits.allow_duplicate_keys {
                    assert!(names.may_hold_unsafe_integers || !held, "{scheme}: {shown}");
                } else {
                    assert_eq!(names.may_hold_unsafe_integers, held, "{scheme}: {shown}");
                }
            }
            (Err(a), Err(b)) => {
                assert_eq!(a.code(), b.code(), "{scheme}: {shown}");
                assert_eq!(a.to_string(), b.to_string(), "{scheme}: {shown}");
            }
            (a, b) => panic!("{scheme} disagree on {shown}: {a:?} / {b:?}"),
        }
    }
}

/// Keys that name events in some scheme, the same keys written with escapes, and others.
fn key() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "type",
        "id",
        "event_id",
        "event",
        "t\\u0079pe",
        "\\u0065vent",
        "a",
        "b",
        "typ",
        "types",
        "",
    ])
}

fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "\"event_callback\"",
            "\"app_mention\"",
            "\"evt_1\"",
            "\"x\\ny\"",
            "\"\\u0065vent_callback\"",
            "\"\"",
            "null",
            "true",
            "0",
            "-1.5e3",
            "9007199254740991",
            "9007199254740992",
            "-9007199254740993",
            "18446744073709551615",
            "18446744073709551616",
            "[]",
            "{}",
        ])
        .prop_map(str::to_owned),
        "[a-z]{0,6}".prop_map(|s| format!("\"{s}\"")),
    ]
}

/// A JSON text with objects (often repeating a key) and arrays nested a few levels.
fn json_text() -> impl Strategy<Value = String> {
    leaf().prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5)
                .prop_map(|items| format!("[{}]", items.join(","))),
            prop::collection::vec((key(), inner), 0..6).prop_map(|members| {
                let members: Vec<String> = members
                    .into_iter()
                    .map(|(k, v)| format!("\"{k}\":{v}"))
                    .collect();
                format!("{{{}}}", members.join(","))
            }),
        ]
    })
}

/// A top-level object, as real deliveries are, built from `json_text` members.
fn delivery() -> impl Strategy<Value = String> {
    prop::collection::vec((key(), json_text()), 0..6).prop_map(|members| {
        let members: Vec<String> = members
            .into_iter()
            .map(|(k, v)| format!(" \"{k}\" : {v} "))
            .collect();
        format!("{{{}}}", members.join(","))
    })
}

/// The limits tried: the defaults, duplicates allowed (last one wins), and tight ones.
fn limits() -> Vec<JsonLimits> {
    let default = JsonLimits::default();
    vec![
        default.clone(),
        JsonLimits {
            allow_duplicate_keys: true,
            ..default.clone()
        },
        JsonLimits {
            max_depth: 3,
            max_object_keys: 2,
            max_array_items: 2,
            max_string_bytes: 4,
            allow_duplicate_keys: true,
            ..default.clone()
        },
        JsonLimits {
            max_bytes: 40,
            allow_lossy_integers: true,
            ..default
        },
    ]
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn names_match_the_full_parse(text in prop_oneof![delivery(), json_text()]) {
        for limits in limits() {
            same_answers(text.as_bytes(), &limits);
        }
    }

    #[test]
    fn mutated_texts_too(
        text in delivery(),
        edits in prop::collection::vec((any::<Index>(), any::<u8>(), 0u8..3), 1..4),
    ) {
        let mut bytes = text.into_bytes();
        for (at, byte, how) in edits {
            if bytes.is_empty() {
                break;
            }
            let i = at.index(bytes.len());
            match how {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ => {
                    bytes.remove(i);
                }
            }
        }
        for limits in limits() {
            same_answers(&bytes, &limits);
        }
    }
}

/// Objects past the small-object size switch to a set for the duplicate check: a repeat
/// before and after the switch, nested or not, is still found.
#[test]
fn many_keyed_objects_still_refuse_repeats() {
    for n in [15, 16, 17, 40] {
        for repeat in [0, n / 2, n - 1] {
            let mut members: Vec<String> = (0..n).map(|i| format!("\"k{i}\":{i}")).collect();
            members.push(format!("\"k{repeat}\":0"));
            let object = format!("{{{}}}", members.join(","));
            for text in [
                object.clone(),
                format!("{{\"type\":\"a\",\"data\":{object}}}"),
                format!("[{object},{{\"k0\":1}}]"),
            ] {
                for limits in limits() {
                    same_answers(text.as_bytes(), &limits);
                }
            }
        }
    }
    let keys: Vec<String> = (0..100)
        .map(|i| format!("\"k{i}\":{{\"k{i}\":1}}"))
        .collect();
    same_answers(
        format!("{{{}}}", keys.join(",")).as_bytes(),
        &JsonLimits::default(),
    );
}
