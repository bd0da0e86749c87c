//! Generated hostile input for every entry point that reads bytes from a request.
//!
//! The hand-written hostile cases (in the unit tests and the shared vectors) cover the
//! attacks we thought of. These properties feed random and mutated input (proptest) to the
//! same entry points, so that what we did not think of is tried too. Each property states
//! what must hold besides "returns instead of panicking": a panic is fatal in WASM, where it
//! aborts the Worker instance.
//!
//! Case counts are fixed (the run stays within seconds in a debug build); a failing case is
//! shrunk and printed, and becomes a named regression test.
// The validator is half of what is tried here; the lean build's tests leave it out.
#![cfg(feature = "validate")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use base64ct::{Base64, Encoding};
use edgeward_core::redact::{Redactor, RedactorOptions};
use edgeward_core::request_path::{build_path, encode_path_segment};
use edgeward_core::validate::{JsonLimits, Validator, ValidatorOptions, parse_json};
use edgeward_core::webhook::{Scheme, Webhook, WebhookOptions};
use edgeward_core::{ErrorCode, ErrorFamily};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value, json};

mod common;
use common::proptest_config as config;

/// Pieces that mean something to one of our parsers, so mutations hit the interesting paths
/// more often than random bytes would.
const TOKENS: &[&str] = &[
    ",",
    "=",
    " ",
    "\t",
    ".",
    ":",
    ";",
    "v1",
    "v1=",
    "v1,",
    "v1a,",
    "v0=",
    "t=",
    "sha256=",
    "whsec_",
    "whpk_",
    "whsk_",
    "0",
    "9",
    "-",
    "+",
    "/",
    "==",
    "-1",
    "99999999999999999999",
    "9223372036854775808",
    "\u{0}",
    "é",
    "\u{1F980}",
    "\"",
    "\\",
    "\\u",
    "\\ud800",
    "{",
    "}",
    "[",
    "]",
    "null",
    "true",
    "1e999",
    "-0",
    "0.1e-400",
    "{{",
    "}}",
    "{id}",
    "..",
    "%",
];

#[derive(Debug, Clone)]
enum Edit {
    Insert(Index, Index),
    Delete(Index, usize),
    Replace(Index, Index),
    Char(Index, char),
    Flip(Index, u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<Index>(), any::<Index>()).prop_map(|(at, t)| Edit::Insert(at, t)),
        (any::<Index>(), 1usize..8).prop_map(|(at, n)| Edit::Delete(at, n)),
        (any::<Index>(), any::<Index>()).prop_map(|(at, t)| Edit::Replace(at, t)),
        (any::<Index>(), any::<char>()).prop_map(|(at, c)| Edit::Char(at, c)),
        (any::<Index>(), 0u8..8).prop_map(|(at, bit)| Edit::Flip(at, bit)),
    ]
}

/// Applies edits to bytes (the result may not be UTF-8).
fn mutate_bytes(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let at = |i: &Index| i.index(bytes.len() + 1);
        match e {
            Edit::Insert(i, t) => {
                let at = at(i);
                let token = TOKENS[t.index(TOKENS.len())].as_bytes();
                bytes.splice(at..at, token.iter().copied());
            }
            Edit::Delete(i, n) => {
                let at = at(i).min(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
            Edit::Replace(i, t) => {
                let at = at(i).min(bytes.len());
                let end = (at + 1).min(bytes.len());
                let token = TOKENS[t.index(TOKENS.len())].as_bytes();
                bytes.splice(at..end, token.iter().copied());
            }
            Edit::Char(i, c) => {
                let at = at(i);
                let mut buf = [0u8; 4];
                bytes.splice(at..at, c.encode_utf8(&mut buf).bytes());
            }
            Edit::Flip(i, bit) => {
                if !bytes.is_empty() {
                    let at = i.index(bytes.len());
                    bytes[at] ^= 1 << bit;
                }
            }
        }
    }
    bytes
}

/// Applies edits to text, keeping it text (lossy where a flip broke UTF-8).
fn mutate_text(text: &str, edits: &[Edit]) -> String {
    String::from_utf8_lossy(&mutate_bytes(text.as_bytes().to_vec(), edits)).into_owned()
}

// ---------------------------------------------------------------------------------------
// Webhooks

fn scheme() -> impl Strategy<Value = Scheme> {
    prop::sample::select(Scheme::ALL.to_vec())
}

/// A secret as the scheme's providers issue them (HMAC only: Ed25519 has its own vectors).
fn secret(scheme: Scheme, key: &[u8]) -> String {
    match scheme {
        Scheme::Standard => format!("whsec_{}", Base64::encode_string(key)),
        _ => key
            .iter()
            .map(|b| char::from(b'!' + b % 94))
            .collect::<String>(),
    }
}

fn webhook(scheme: Scheme, secret: &str) -> Webhook {
    Webhook::new(
        &[secret],
        WebhookOptions {
            scheme,
            ..WebhookOptions::default()
        },
    )
    .unwrap()
}

/// Every way the receiver's own secret or its expected signature could be written.
fn forbidden_in_messages(receiver: &Webhook, secret: &str, body: &[u8], ts: i64) -> Vec<String> {
    let mut out = vec![secret.to_owned()];
    for (_, value) in receiver.sign_headers(body, ts, Some("msg_1")).unwrap() {
        // The signature part of each header value: after the last `=` or `,` separator
        // of its first entry (`t=..,v1=<hex>`, `v1,<b64>`, `sha256=<hex>`, `v0=<hex>`).
        for piece in value.split([',', ' ']) {
            let sig = piece.rsplit('=').next().unwrap_or(piece);
            if sig.len() >= 20 {
                out.push(sig.to_owned());
            }
        }
        if value.len() >= 20 {
            out.push(value);
        }
    }
    out
}

proptest! {
    #![proptest_config(config(768))]

    /// A genuine delivery with one header value mutated: verification returns, a success
    /// is within tolerance with the only secret, and no message ever shows the receiver's
    /// secret or its expected signature.
    #[test]
    fn webhook_headers_mutated(
        scheme in scheme(),
        key in prop::collection::vec(any::<u8>(), 16..48),
        wrong_key in prop::collection::vec(any::<u8>(), 16..48),
        body in prop::collection::vec(any::<u8>(), 0..300),
        ts in 0i64..4_000_000_000,
        skew in -400i64..400,
        which in any::<Index>(),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let sender = webhook(scheme, &secret(scheme, &key));
        let receiver_secret = secret(scheme, &wrong_key);
        let receiver = webhook(scheme, &receiver_secret);
        let genuine = webhook(scheme, &secret(scheme, &key));
        let mut headers: Vec<(String, String)> = sender
            .sign_headers(&body, ts, Some("msg_p5jXN8AQM9LWM0D4loKWxJek"))
            .unwrap()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        let at = which.index(headers.len());
        headers[at].1 = mutate_text(&headers[at].1, &edits);
        let now = ts + skew;

        match genuine.verify_headers(&body, &headers, now) {
            Ok(v) => {
                prop_assert_eq!(v.secret_index, 0);
                if let Some(signed) = v.signed_timestamp() {
                    prop_assert!((now - signed).abs() <= 300);
                }
            }
            Err(e) => prop_assert_eq!(e.code().family(), ErrorFamily::Webhook),
        }
        let forbidden = forbidden_in_messages(&receiver, &receiver_secret, &body, ts);
        match receiver.verify_headers(&body, &headers, now) {
            // Only a collision of HMAC-SHA256 or a mutation that rewrote the signature to the
            // receiver's own would pass: neither happens by chance.
            Ok(_) => prop_assert!(false, "verified with the wrong secret"),
            Err(e) => {
                prop_assert_eq!(e.code().family(), ErrorFamily::Webhook);
                let message = e.to_string();
                for f in &forbidden {
                    prop_assert!(!message.contains(f.as_str()), "{message:?} shows {f:?}");
                }
            }
        }
    }

    /// Arbitrary header values (any text, any length up to twice the cap) for every header
    /// of the scheme, and arbitrary clocks.
    #[test]
    fn webhook_headers_arbitrary(
        scheme in scheme(),
        values in prop::collection::vec(prop::option::of(".{0,200}"), 3),
        repeat in 0usize..200,
        now in any::<i64>(),
        body in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let receiver = webhook(scheme, &secret(scheme, b"0123456789abcdef0123"));
        let names = scheme.header_names();
        let values: Vec<Option<String>> = names
            .iter()
            .zip(values.iter().cycle())
            .map(|(_, v)| v.as_ref().map(|v| v.repeat(1 + repeat)))
            .collect();
        let refs: Vec<Option<&str>> = values.iter().map(Option::as_deref).collect();
        let result = receiver.verify_values(&body, &refs, now);
        prop_assert!(result.is_err(), "random headers verified");
        prop_assert_eq!(result.unwrap_err().code().family(), ErrorFamily::Webhook);
    }

    /// Secrets as users paste them, mangled: construction answers with a webhook error or a
    /// verifier that works.
    #[test]
    fn webhook_secrets_mutated(
        scheme in scheme(),
        key in prop::collection::vec(any::<u8>(), 0..48),
        edits in prop::collection::vec(edit(), 0..4),
    ) {
        let text = mutate_text(&secret(scheme, &key), &edits);
        match Webhook::new(&[text.as_str()], WebhookOptions { scheme, ..WebhookOptions::default() }) {
            Ok(wh) => {
                let body = b"{}";
                // A public key cannot sign; anything else signs and verifies its own output.
                if let Ok(headers) = wh.sign_headers(body, 1_700_000_000, Some("msg_1")) {
                    prop_assert!(wh.verify_headers(body, &headers, 1_700_000_000).is_ok());
                }
            }
            Err(e) => {
                prop_assert_eq!(e.code().family(), ErrorFamily::Webhook);
                if text.len() >= 8 {
                    prop_assert!(!e.to_string().contains(&text));
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// JSON text (the validator's bounded parser)

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(".{0,6}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Equal as JSON values, with floats compared to the last few bits: serde_json's default
/// float reader (the oracle) may round differently from the exact reader in the last place.
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            x == y || ((x - y).abs() <= x.abs().max(y.abs()) * 1e-15)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

fn check_parser(bytes: &[u8]) -> Result<(), TestCaseError> {
    let ours = parse_json(bytes, &JsonLimits::default());
    let oracle = serde_json::from_slice::<Value>(bytes);
    match (&ours, &oracle) {
        (Ok(v), Ok(w)) => prop_assert!(same_json(v, w), "{v} != {w}"),
        (Ok(v), Err(e)) => prop_assert!(false, "accepted what serde_json refuses ({e}): {v}"),
        (Err(e), Ok(_)) => {
            // Only our stricter rules may refuse valid JSON: duplicate keys (VALIDATION_INVALID_JSON
            // naming them), integers beyond 64 bits and the limits.
            let message = e.to_string();
            prop_assert!(
                e.code() == ErrorCode::LimitExceeded
                    || message.contains("duplicate")
                    || message.contains("integer")
                    || message.contains("number"),
                "refused valid JSON: {message}"
            );
        }
        // Numbers beyond f64 (`1e999`) are a limit to us and a syntax error to serde_json.
        (Err(e), Err(_)) => prop_assert!(
            matches!(e.code(), ErrorCode::InvalidJson | ErrorCode::LimitExceeded),
            "{e}"
        ),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(1024))]

    /// Valid documents, mutated: the bounded parser agrees with serde_json on every text
    /// both accept, and refuses only with our own stricter rules otherwise.
    #[test]
    fn json_text_mutated(value in json_value(), edits in prop::collection::vec(edit(), 0..5)) {
        let text = serde_json::to_vec(&value).unwrap();
        check_parser(&mutate_bytes(text, &edits))?;
    }

    /// Arbitrary bytes.
    #[test]
    fn json_bytes_arbitrary(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        check_parser(&bytes)?;
    }
}

// ---------------------------------------------------------------------------------------
// Validation

fn payment_validator() -> Validator {
    let schema = json!({
        "type": "object",
        "properties": {
            "email": {"type": "string", "format": "email"},
            "amount": {"type": "number", "exclusiveMinimum": 0, "maximum": 1_000_000},
            "metadata": {"type": "object"},
            "tags": {"type": "array", "items": {"type": "string", "pattern": "^[a-z]+$"}, "uniqueItems": true},
        },
        "required": ["email", "amount"],
        "additionalProperties": false,
    });
    Validator::new(&schema, &ValidatorOptions::default()).unwrap()
}

fn payment_like() -> impl Strategy<Value = Value> {
    (
        prop::option::of(prop_oneof![
            Just(json!("a@example.com")),
            ".{0,20}".prop_map(Value::String),
            json_value()
        ]),
        prop::option::of(prop_oneof![
            (-10.0f64..2_000_000.0).prop_map(|f| json!(f)),
            any::<i64>().prop_map(|n| json!(n)),
            json_value()
        ]),
        prop::option::of(json_value()),
        prop::option::of(prop::collection::vec("[a-z]{0,3}", 0..4)),
    )
        .prop_map(|(email, amount, metadata, tags)| {
            let mut m = serde_json::Map::new();
            for (k, v) in [
                ("email", email),
                ("amount", amount),
                ("metadata", metadata),
                ("tags", tags.map(|t| json!(t))),
            ] {
                if let Some(v) = v {
                    m.insert(k.to_owned(), v);
                }
            }
            Value::Object(m)
        })
}

proptest! {
    #![proptest_config(config(512))]

    /// The three answers of a validator agree, for values and for their JSON text.
    #[test]
    fn validation_answers_agree(doc in prop_oneof![payment_like(), json_value()]) {
        let v = payment_validator();
        let valid = v.is_valid(&doc);
        prop_assert_eq!(valid, v.errors(&doc).is_empty());
        prop_assert_eq!(valid, v.validate(&doc).is_ok());
        let text = serde_json::to_vec(&doc).unwrap();
        match v.validate_json(&text) {
            Ok(parsed) => {
                prop_assert!(valid);
                prop_assert!(same_json(&parsed, &doc));
            }
            Err(e) => prop_assert!(!valid || e.code() == ErrorCode::LimitExceeded, "{}", e),
        }
    }

    /// Arbitrary values as schemas: construction returns a schema error or a validator that
    /// answers.
    #[test]
    fn validation_arbitrary_schemas(schema in json_value(), doc in json_value()) {
        match Validator::new(&schema, &ValidatorOptions::default()) {
            Ok(v) => {
                prop_assert_eq!(v.is_valid(&doc), v.errors(&doc).is_empty());
            }
            Err(e) => prop_assert_eq!(e.code(), ErrorCode::SchemaError, "{}", e),
        }
    }

    /// Patterns from mutated regex syntax compile or fail cleanly, and run in bounded time.
    #[test]
    fn validation_mutated_patterns(
        edits in prop::collection::vec(edit(), 1..6),
        subject in ".{0,64}",
    ) {
        let pattern = mutate_text(r"^(a+)+[\w.-]{2,}\d*(?:x|y)?$", &edits);
        let schema = json!({"type": "string", "pattern": pattern});
        match Validator::new(&schema, &ValidatorOptions::default()) {
            Ok(v) => {
                let doc = Value::String(subject);
                prop_assert_eq!(v.is_valid(&doc), v.errors(&doc).is_empty());
            }
            Err(e) => prop_assert_eq!(e.code(), ErrorCode::SchemaError, "{}", e),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Request paths

fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

proptest! {
    #![proptest_config(config(1024))]

    /// An encoded segment is one segment: only unreserved characters and escapes, and it
    /// decodes back to the input.
    #[test]
    fn path_segments(segment in prop_oneof![".{0,40}", "[./%?#\\\\]{0,4}"]) {
        match encode_path_segment(&segment) {
            Ok(encoded) => {
                prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric()
                    || matches!(b, b'-' | b'.' | b'_' | b'~' | b'%')));
                prop_assert!(encoded != "." && encoded != "..");
                prop_assert_eq!(percent_decode(&encoded), segment.as_bytes());
            }
            Err(e) => {
                prop_assert_eq!(e.code(), ErrorCode::InvalidPath);
                prop_assert!(matches!(segment.as_str(), "" | "." | ".."));
            }
        }
    }

    /// Templates and parameters from mutations: a built path keeps every parameter inside
    /// its own segment.
    #[test]
    fn path_templates(
        edits in prop::collection::vec(edit(), 0..4),
        id in ".{0,12}",
        event in ".{0,12}",
    ) {
        let template = mutate_text("/resources/{id}/events/{event}", &edits);
        let params = [("id", id.as_str()), ("event", event.as_str())];
        match build_path(&template, &params) {
            Ok(path) => {
                for value in [&id, &event] {
                    if template.contains("{id}") && value == &id || template.contains("{event}") && value == &event {
                        let encoded = encode_path_segment(value).unwrap();
                        prop_assert!(path.contains(&encoded));
                    }
                }
            }
            Err(e) => prop_assert_eq!(e.code(), ErrorCode::InvalidPath, "{}", e),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Redaction

/// Secrets in the formats the built-in detectors know, built from random characters.
fn planted_secret() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9A-Za-z]{24,40}".prop_map(|s| format!("sk_live_{s}")),
        "[0-9A-Z]{16}".prop_map(|s| format!("AKIA{s}")),
        "[0-9A-Za-z_-]{35}".prop_map(|s| format!("AIza{s}")),
        "[0-9A-Za-z-]{20,40}".prop_map(|s| format!("xoxb-{s}")),
        // The detector decodes the header segment: it must be a JSON object, as in real tokens.
        (
            prop::sample::select(vec![
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
                "eyJhbGciOiJFUzI1NiJ9"
            ]),
            "[0-9A-Za-z_-]{10,40}",
            "[0-9A-Za-z_-]{20,43}",
        )
            .prop_map(|(a, b, c)| format!("{a}.{b}.{c}")),
        ("[a-z]{1,10}", "[0-9A-Za-z]{6,20}")
            .prop_map(|(u, p)| format!("https://{u}:{p}@db.example.com/x")),
        "[0-9A-Za-z_-]{20,60}".prop_map(|s| format!("sk-proj-{s}")),
        "[0-9A-Za-z]{48}".prop_map(|s| format!("sk-{s}")),
        "[0-9A-Za-z_-]{93}".prop_map(|s| format!("sk-ant-api03-{s}AA")),
        "[0-9A-Za-z_-]{20}".prop_map(|s| format!("glpat-{s}")),
        "[0-9A-Za-z]{36}".prop_map(|s| format!("npm_{s}")),
        ("[0-9A-Za-z_-]{22}", "[0-9A-Za-z_-]{43}").prop_map(|(a, b)| format!("SG.{a}.{b}")),
        "[0-9a-f]{32}".prop_map(|s| format!("shpat_{s}")),
        "[0-9A-Za-z_-]{24,90}".prop_map(|s| format!("hvs.{s}")),
        "[0-9A-Za-z+/]{43}=".prop_map(|s| format!("whsk_{s}")),
    ]
}

/// The part of a planted secret that must never survive.
fn core_of(secret: &str) -> &str {
    match secret.strip_prefix("https://") {
        Some(rest) => {
            let start = rest.find(':').unwrap() + 1;
            let end = rest.find('@').unwrap();
            &rest[start..end]
        }
        None => secret,
    }
}

/// Built once: compiling the detectors dominates a debug-build case otherwise.
fn redactor() -> &'static Redactor {
    static REDACTOR: std::sync::LazyLock<Redactor> =
        std::sync::LazyLock::new(|| Redactor::new(RedactorOptions::default()).unwrap());
    &REDACTOR
}

proptest! {
    #![proptest_config(config(1024))]

    /// Any text: redaction returns; JSON redaction of text that is not JSON refuses with a
    /// redaction error; NDJSON answers line by line.
    #[test]
    fn redact_arbitrary_text(text in ".{0,300}") {
        let r = redactor();
        r.redact_text(&text).unwrap();
        let was_json = serde_json::from_str::<Value>(&text).is_ok();
        match r.redact_json(&text) {
            Ok((out, _)) => {
                if was_json {
                    serde_json::from_str::<Value>(&out).unwrap();
                }
            }
            Err(e) => {
                prop_assert_eq!(e.code().family(), ErrorFamily::Redaction);
                prop_assert!(!was_json, "refused JSON: {}", e);
            }
        }
        if let Err(e) = r.redact_ndjson(&text) {
            prop_assert_eq!(e.code().family(), ErrorFamily::Redaction);
        }
        // The same text with its first byte's top bit flipped: often not UTF-8 any more.
        let mut bytes = text.into_bytes();
        if let Some(first) = bytes.first_mut() {
            *first ^= 0x80;
        }
        if let Err(e) = r.redact_text_bytes(&bytes) {
            prop_assert_eq!(e.code().family(), ErrorFamily::Redaction);
        }
    }

    /// A secret in free text, between separators, never survives.
    #[test]
    fn redact_planted_in_text(
        before in "[ -~]{0,40}",
        after in "[ -~]{0,40}",
        sep in prop::sample::select(vec![" ", "\n", "\"", ",", "=", "\t", ": ", "%3D", "%20", "%253D"]),
        secret in planted_secret(),
    ) {
        let text = format!("{before}{sep}{secret}{sep}{after}");
        let (out, _) = redactor().redact_text(&text).unwrap();
        prop_assert!(!out.contains(core_of(&secret)), "{out:?} shows {secret:?}");
    }

    /// Valid JSON, mutated: redaction of what is still JSON is JSON, and a secret planted in
    /// a string value never survives.
    #[test]
    fn redact_json_mutated(
        value in json_value(),
        secret in planted_secret(),
        edits in prop::collection::vec(edit(), 0..4),
    ) {
        let r = redactor();
        let doc = json!({"data": value, "note": format!("token {secret} end")});
        let text = serde_json::to_string(&doc).unwrap();
        let (out, _) = r.redact_json(&text).unwrap();
        prop_assert!(!out.contains(core_of(&secret)));
        let parsed: Value = serde_json::from_str(&out).unwrap();
        prop_assert!(parsed.is_object());

        // What serde_json reads, it reads after redaction too. (The redactor also accepts
        // lone surrogate escapes, which RFC 8259's grammar allows and serde_json refuses;
        // strings it does not change, it copies as they were.)
        let mutated = mutate_text(&text, &edits);
        let was_json = serde_json::from_str::<Value>(&mutated).is_ok();
        match r.redact_json(&mutated) {
            Ok((out, _)) => {
                if was_json {
                    serde_json::from_str::<Value>(&out).unwrap();
                }
            }
            Err(e) => {
                prop_assert_eq!(e.code().family(), ErrorFamily::Redaction);
                prop_assert!(!was_json || e.code() == ErrorCode::RedactionLimitExceeded, "{}", e);
            }
        }
        let ndjson = format!("{text}\n{mutated}\n{text}");
        // The mutated line may glue a letter to the secret (`nullAIza…`), which detectors
        // deliberately read as part of a longer word; the intact lines around it must not
        // be affected by it.
        if let Ok((out, _)) = r.redact_ndjson(&ndjson) {
            let first = out.lines().next().unwrap_or_default();
            let last = out.lines().last().unwrap_or_default();
            prop_assert!(!first.contains(core_of(&secret)) && !last.contains(core_of(&secret)));
        }
    }
}

#[test]
fn deep_hostile_inputs_return() {
    // Nesting far beyond every limit, in every reader, stays an error or a marker.
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    assert_eq!(
        parse_json(deep.as_bytes(), &JsonLimits::default())
            .unwrap_err()
            .code(),
        ErrorCode::LimitExceeded
    );
    let (out, _) = redactor().redact_json(&deep).unwrap();
    assert!(out.contains("[Too deep]"));
    redactor().redact_text(&deep).unwrap();
    assert!(!payment_validator().is_valid(&json!([[[[[]]]]])));
}

// ---------------------------------------------------------------------------------------
// Options and patterns from the developer (still parsed defensively: they often come from
// configuration files)

const REDACTOR_OPTIONS: &str = r#"{"keys": [{"key": "order-code", "mode": "replace"}], "remove_keys": ["session"], "allow_keys": ["token_count_total"], "detector_modes": {"payment_card": "mask"}, "custom_patterns": [{"id": "employee_id", "pattern": "EMP-[0-9]{6}-[A-Z]{3}"}], "replacement": "***", "paths": ["req.headers[\"x-custom\"]", "items[*].note", "**.internal_ref", {"path": "user.profile.phone", "mode": "remove"}], "mode": "hash", "hash_key_hex": "000102030405060708090a0b0c0d0e0f", "max_depth": 8}"#;

const FORMATS: &[(&str, &str)] = &[
    ("email", "first.last+tag@mail.example.co.uk"),
    ("uuid", "3f2c8a1e-9b7d-4c6e-8f0a-1b2c3d4e5f60"),
    ("date-time", "2026-11-29T11:41:25.123+01:00"),
    ("date", "2024-02-29"),
    ("time", "23:59:60Z"),
    ("ipv4", "192.168.0.1"),
    ("ipv6", "2001:db8::ff00:42:8329"),
    ("hostname", "api.example.com"),
    ("uri", "https://user@example.com:8443/p/a?q=1#f"),
    ("uri-reference", "../a/b?c#d"),
    ("json-pointer", "/a~1b/0"),
    ("regex", "^(?:[a-z]+)\\d{2,}$"),
];

proptest! {
    #![proptest_config(config(512))]

    /// Mutated redactor options: a redaction options error, or a redactor that redacts.
    #[test]
    fn redactor_options_mutated(edits in prop::collection::vec(edit(), 1..5), text in ".{0,80}") {
        let options = mutate_text(REDACTOR_OPTIONS, &edits);
        match edgeward_core::redact::options_from_json(&options).and_then(Redactor::new) {
            Ok(r) => {
                r.redact_text(&text).unwrap();
                let doc = json!({"req": {"headers": {"x-custom": text}}, "items": [{"note": text}]});
                let (out, _) = r.redact_json(&doc.to_string()).unwrap();
                serde_json::from_str::<Value>(&out).unwrap();
            }
            Err(e) => prop_assert_eq!(e.code(), ErrorCode::RedactionInvalidOptions, "{}", e),
        }
    }

    /// Mutated custom patterns compile or are refused, and never hang or crash a scan.
    #[test]
    fn redactor_custom_patterns_mutated(
        edits in prop::collection::vec(edit(), 1..5),
        text in ".{0,120}",
    ) {
        let pattern = mutate_text(r"(?i)acme_[a-z0-9]{8,}(?:-live)?\b", &edits);
        let options = json!({"custom_patterns": [{"id": "acme", "pattern": pattern}]}).to_string();
        match edgeward_core::redact::options_from_json(&options).and_then(Redactor::new) {
            Ok(r) => {
                r.redact_text(&text).unwrap();
                r.redact_text(&format!("x acme_0123456789 {text}")).unwrap();
            }
            Err(e) => prop_assert_eq!(e.code(), ErrorCode::RedactionInvalidOptions, "{}", e),
        }
    }

    /// Every asserted format, on mutated valid values and arbitrary text: an answer, and the
    /// same one from `is_valid` and `errors`.
    #[test]
    fn validation_formats(
        which in any::<Index>(),
        edits in prop::collection::vec(edit(), 0..5),
        arbitrary in ".{0,40}",
    ) {
        let (format, example) = FORMATS[which.index(FORMATS.len())];
        let v = Validator::new(&json!({"type": "string", "format": format}), &ValidatorOptions::default()).unwrap();
        prop_assert!(v.is_valid(&json!(example)), "{format}: {example}");
        for text in [mutate_text(example, &edits), arbitrary] {
            let doc = Value::String(text);
            prop_assert_eq!(v.is_valid(&doc), v.errors(&doc).is_empty());
        }
    }
}
