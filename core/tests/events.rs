//! The shared verified-event vectors (`tests/vectors/webhook_events.json`): genuine deliveries
//! of every scheme signed by the providers' own libraries, with the event, its name and id
//! each must give, and the bodies and schemas that must be refused. The Node suite (both
//! backends) and pytest run the same file. Each vector also runs through
//! `read_event_names_with`, which must give the same names and errors.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use base64ct::{Base64, Encoding};
use edgeward_core::validate::{JsonLimits, Validator, ValidatorOptions};
use edgeward_core::{Error, Scheme, Webhook, WebhookOptions};
use serde_json::Value;
use std::str::FromStr;

/// Every value of header `name` (any case) in the vector's `headers` object.
fn values<'a>(headers: &'a serde_json::Map<String, Value>, name: &str) -> Vec<&'a str> {
    headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .flat_map(|(_, v)| match v {
            Value::String(one) => vec![one.as_str()],
            Value::Array(all) => all.iter().map(|v| v.as_str().unwrap()).collect(),
            other => panic!("header value {other}"),
        })
        .collect()
}

fn run(case: &Value) -> Result<(Option<i64>, usize, edgeward_core::webhook::Event), Error> {
    let options = WebhookOptions {
        scheme: Scheme::from_str(case["scheme"].as_str().unwrap()).unwrap(),
        ..WebhookOptions::default()
    };
    let secrets: Vec<&str> = case["secrets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let webhook = Webhook::new(&secrets, options).unwrap();
    let mut limits = JsonLimits::default();
    if let Some(max) = case.pointer("/options/max_bytes") {
        limits.max_bytes = usize::try_from(max.as_u64().unwrap()).unwrap();
    }
    let headers = case["headers"].as_object().unwrap();
    // A body that is not UTF-8 is given as base64 of its bytes.
    let bytes = case
        .get("payload_base64")
        .map(|b64| Base64::decode_vec(b64.as_str().unwrap()).unwrap());
    let payload = match &bytes {
        Some(bytes) => bytes.as_slice(),
        None => case["payload_text"].as_str().unwrap().as_bytes(),
    };
    let now = case["now"].as_i64().unwrap();
    // The names-only reader (what the bindings call) answers as the full parse does, on
    // every vector that verifies.
    if let Ok(verified) = webhook.verify_with(payload, |name| values(headers, name), now) {
        let id = verified.id.as_deref();
        let full = webhook.read_event_with(payload, |name| values(headers, name), id, &limits);
        let names =
            webhook.read_event_names_with(payload, |name| values(headers, name), id, &limits);
        match (full, names) {
            (Ok(event), Ok(names)) => assert_eq!(
                (names.event_type, names.id, names.inner_type),
                (event.event_type, event.id, event.inner_type)
            ),
            (Err(full), Err(named)) => assert_eq!(full.to_string(), named.to_string()),
            (full, names) => panic!("read_event {full:?}, read_event_names {names:?}"),
        }
    }
    let (verified, event) =
        webhook.verify_event_with(payload, |name| values(headers, name), now, &limits)?;
    if let Some(schema) = case.get("schema") {
        Validator::new(schema, &ValidatorOptions::default())
            .unwrap()
            .validate(&event.value)?;
    }
    Ok((verified.signed_timestamp(), verified.secret_index, event))
}

#[test]
fn event_vectors() {
    let file = common::read_json(&common::repo_root().join("tests/vectors/webhook_events.json"));
    let cases = file["cases"].as_array().unwrap();
    assert!(cases.len() >= 20);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let expect = &case["expect"];
        match run(case) {
            Ok((timestamp, secret_index, event)) => {
                assert!(expect["ok"].as_bool().unwrap(), "{name}: accepted");
                assert_eq!(event.value, expect["event"], "{name}: event");
                assert_eq!(timestamp, expect["timestamp"].as_i64(), "{name}: timestamp");
                assert_eq!(
                    secret_index as u64,
                    expect["secret_index"].as_u64().unwrap(),
                    "{name}"
                );
                assert_eq!(
                    event.event_type.as_deref(),
                    expect["type"].as_str(),
                    "{name}"
                );
                assert_eq!(event.id.as_deref(), expect["id"].as_str(), "{name}: id");
                assert_eq!(
                    event.inner_type.as_deref(),
                    expect["inner_type"].as_str(),
                    "{name}"
                );
            }
            Err(error) => {
                assert!(!expect["ok"].as_bool().unwrap(), "{name}: refused: {error}");
                assert_eq!(
                    error.code().as_str(),
                    expect["code"].as_str().unwrap(),
                    "{name}"
                );
            }
        }
    }
}
