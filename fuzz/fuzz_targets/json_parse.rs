//! The bounded JSON parser, differentially: against serde_json, and the value parser
//! (`parse_json`) against the flat document parser (`Document`). The input is the text.
//!
//! - Both of our parsers accept and refuse the same texts, with the same error code, and
//!   build the same value.
//! - Verified events' names-only reader (`read_event_names`, which builds no value) accepts
//!   and refuses what the full parse (`read_event`) does, with the same error, and finds the
//!   same names, for every scheme.
//! - What we accept, serde_json accepts, as the same value.
//! - What serde_json accepts and we refuse is refused for a documented reason only: a limit,
//!   a duplicate key or an integer beyond 64 bits; with those allowed and the limits raised,
//!   we accept it as the same value.
#![no_main]

use edgeward_core::ErrorCode;
use edgeward_core::validate::{
    Document, JsonLimits, MAX_DEPTH_CEILING, parse_json, unsafe_integers,
};
use edgeward_core::webhook::{Scheme, Webhook, WebhookOptions};
use edgeward_fuzz::same_json;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &[u8]| {
    let limits = JsonLimits::default();
    let ours = parse_json(text, &limits);
    let mut document = Document::new();
    let flat = document.parse(text, &limits);
    match (&ours, &flat) {
        (Ok(value), Ok(())) => assert!(same_json(value, &document.to_value())),
        (Err(a), Err(b)) => assert_eq!(a.code(), b.code()),
        _ => panic!("parse_json and Document disagree: {ours:?} / {flat:?}"),
    }

    // Verified events read their names with a sink that builds nothing: against the full
    // parse (the oracle), the same verdict and error, and the same names, for every scheme.
    for scheme in Scheme::ALL {
        let options = WebhookOptions {
            scheme: *scheme,
            ..WebhookOptions::default()
        };
        let Ok(webhook) = Webhook::new(&["fuzz-secret"], options) else {
            continue;
        };
        let none: Vec<&[&str]> = vec![&[]; scheme.event_header_names().len()];
        let full = webhook.read_event(text, &none, Some("id"), &limits);
        let names = webhook.read_event_names(text, &none, Some("id"), &limits);
        match (&full, &names) {
            (Ok(event), Ok(names)) => {
                assert_eq!(
                    (&names.event_type, &names.id, &names.inner_type),
                    (&event.event_type, &event.id, &event.inner_type)
                );
                // Exact under the default limits, which refuse repeated keys.
                assert_eq!(
                    names.may_hold_unsafe_integers,
                    !unsafe_integers(&event.value).is_empty()
                );
            }
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
            _ => panic!("read_event and read_event_names disagree: {full:?} / {names:?}"),
        }
    }

    let theirs = serde_json::from_slice::<serde_json::Value>(text);
    match (&ours, &theirs) {
        (Ok(value), Ok(expected)) => assert!(same_json(value, expected), "{value} != {expected}"),
        (Ok(_), Err(e)) => assert!(
            e.to_string().contains("recursion limit"),
            "we accept what serde_json refuses: {e}"
        ),
        (Err(_), Err(_)) => {}
        (Err(error), Ok(expected)) => {
            assert!(
                matches!(
                    error.code(),
                    ErrorCode::LimitExceeded | ErrorCode::InvalidJson
                ),
                "unexpected error {error:?}"
            );
            let lenient = JsonLimits {
                max_bytes: usize::MAX,
                max_depth: MAX_DEPTH_CEILING,
                max_string_bytes: usize::MAX,
                max_object_keys: usize::MAX,
                max_array_items: usize::MAX,
                allow_duplicate_keys: true,
                allow_lossy_integers: true,
            };
            match parse_json(text, &lenient) {
                Ok(value) => assert!(same_json(&value, expected), "{value} != {expected}"),
                Err(e) => panic!("serde_json accepts, the lenient parser refuses: {e:?}"),
            }
        }
    }
});
