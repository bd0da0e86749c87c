//! Secret hygiene: the whole shared corpus (tests/vectors/webhook_stripe.json,
//! tests/vectors/webhook_schemes.json, tests/redact/corpus.json, tests/validate/vectors.json)
//! runs through the core, and everything a user could end up printing — every error's
//! `Display` and `Debug`, the `Debug` of every object built with a secret (`Webhook`,
//! `Redactor`, `ReplayGuard`, validators), of every result and report, and every redacted
//! output (what reaches a log) — is searched for the secrets the corpus holds.
//!
//! Needles: every secret of the webhook vectors (as text, as hex and base64 of its bytes, and
//! for `whsec_`/`whsk_`/`whpk_` secrets their base64 part and the decoded key in hex and
//! base64), every signature the vectors carry for genuine deliveries and every signature the
//! library itself computes for each case with each secret (the expected signatures, in hex
//! and base64 forms), the redaction key (`hash_key_hex`), the corpus' planted tokens and the
//! validation vectors' `message_excludes`. The other runtimes' tests
//! (bindings-node/test/secret-hygiene.test.mjs, bindings-python/tests/test_secret_hygiene.py,
//! the package test in workerd) build the same needles.
#![cfg(feature = "validate")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;
use base64ct::{Base64, Base64Unpadded, Base64UrlUnpadded, Encoding};
use common::{case_options, fill_parts, read_json, repo_root};
use edgeward_core::Error;
use edgeward_core::redact::{Redactor, Value as RValue, options_from_json};
use edgeward_core::request_path::{build_path, encode_path_segment};
use edgeward_core::validate::Validator;
use edgeward_core::webhook::{ReplayGuard, Scheme, SecretFormat, Webhook, WebhookOptions};
use serde_json::Value;
use std::collections::BTreeSet;

/// Needles shorter than this are not searched for: a short value (a 4-digit PIN, `fakeA`)
/// occurs by chance in ordinary text such as error messages and would only produce noise.
const MIN_NEEDLE_CHARS: usize = 8;
/// A hex or base64 run in a signature header shorter than this is not a signature (`t=`,
/// `v1=`, `sha256=`, a timestamp).
const MIN_SIGNATURE_RUN: usize = 16;
const KEY_PREFIXES: [&str; 3] = ["whsec_", "whsk_", "whpk_"];

#[derive(Default)]
struct Needles {
    list: Vec<Needle>,
    seen: BTreeSet<(String, bool, Option<String>)>,
}

struct Needle {
    label: String,
    text: String,
    /// Hex needles match in either case.
    ignore_case: bool,
    /// A planted token that the corpus keeps on purpose in another record (a look-alike
    /// there) is searched for only in its own record's output and in errors and reprs.
    scope: Option<String>,
}

/// One printed thing: where it came from, and the record it is the output of (if any).
struct Hay {
    origin: String,
    text: String,
    scope: Option<String>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

fn from_base64(text: &str) -> Option<Vec<u8>> {
    Base64::decode_vec(text)
        .ok()
        .or_else(|| Base64Unpadded::decode_vec(text).ok())
        .or_else(|| Base64UrlUnpadded::decode_vec(text.trim_end_matches('=')).ok())
}

impl Needles {
    fn add(&mut self, label: &str, text: &str, ignore_case: bool, scope: Option<&str>) {
        if text.chars().count() < MIN_NEEDLE_CHARS {
            return;
        }
        let text = if ignore_case {
            text.to_ascii_lowercase()
        } else {
            text.to_owned()
        };
        if self
            .seen
            .insert((text.clone(), ignore_case, scope.map(str::to_owned)))
        {
            self.list.push(Needle {
                label: label.to_owned(),
                text,
                ignore_case,
                scope: scope.map(str::to_owned),
            });
        }
    }

    /// Key or signature bytes in every encoding a message could show them in.
    fn bytes(&mut self, label: &str, bytes: &[u8]) {
        self.add(&format!("{label} (hex)"), &hex(bytes), true, None);
        self.add(
            &format!("{label} (base64)"),
            Base64Unpadded::encode_string(bytes).as_str(),
            false,
            None,
        );
        self.add(
            &format!("{label} (base64url)"),
            Base64UrlUnpadded::encode_string(bytes).as_str(),
            false,
            None,
        );
    }

    fn secret(&mut self, label: &str, secret: &str) {
        self.add(label, secret, false, None);
        self.bytes(&format!("{label} bytes"), secret.as_bytes());
        for prefix in KEY_PREFIXES {
            if let Some(encoded) = secret.strip_prefix(prefix) {
                self.add(&format!("{label} base64 part"), encoded, false, None);
                self.add(
                    &format!("{label} base64 part"),
                    encoded.trim_end_matches('='),
                    false,
                    None,
                );
                if let Some(key) = from_base64(encoded) {
                    self.bytes(&format!("{label} decoded key"), &key);
                }
            }
        }
    }

    /// The signatures inside a signature header's value (hex or base64 runs).
    fn signatures(&mut self, label: &str, header: &str) {
        for run in signature_runs(header) {
            self.add(label, run, false, None);
            self.add(label, run.trim_end_matches('='), false, None);
            let bytes = from_hex(run).or_else(|| from_base64(run));
            if let Some(bytes) = bytes {
                self.bytes(label, &bytes);
            }
        }
    }
}

/// Maximal runs of base64/hex characters (with up to two trailing `=`) of a header value,
/// at least [`MIN_SIGNATURE_RUN`] long.
fn signature_runs(header: &str) -> Vec<&str> {
    let is_run = |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '_' | '-');
    let mut out = Vec::new();
    let mut start = None;
    let chars: Vec<(usize, char)> = header.char_indices().collect();
    let mut i = 0;
    while i <= chars.len() {
        let c = chars.get(i).map(|&(_, c)| c);
        match (start, c) {
            (None, Some(c)) if is_run(c) => start = Some(chars[i].0),
            (Some(s), c) if !c.is_some_and(is_run) => {
                let mut end = chars.get(i).map_or(header.len(), |&(at, _)| at);
                let mut pads = 0;
                while pads < 2 && header[end..].starts_with('=') {
                    end += 1;
                    pads += 1;
                    i += 1;
                }
                if end - s >= MIN_SIGNATURE_RUN {
                    out.push(&header[s..end]);
                }
                start = None;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

impl Hay {
    fn new(origin: impl Into<String>, text: impl Into<String>) -> Hay {
        Hay {
            origin: origin.into(),
            text: text.into(),
            scope: None,
        }
    }
}

fn error_hay(hay: &mut Vec<Hay>, origin: &str, error: &Error) {
    hay.push(Hay::new(
        format!("{origin}: error Display"),
        error.to_string(),
    ));
    hay.push(Hay::new(
        format!("{origin}: error Debug"),
        format!("{error:?}"),
    ));
    hay.push(Hay::new(
        format!("{origin}: error code"),
        error.code().as_str(),
    ));
}

/// Every needle found in every hay, as readable lines.
fn leaks(needles: &Needles, hay: &[Hay]) -> Vec<String> {
    let mut out = Vec::new();
    for h in hay {
        let lower = h.text.to_ascii_lowercase();
        for n in &needles.list {
            if n.scope.is_some() && h.scope.is_some() && n.scope != h.scope {
                continue;
            }
            let found = if n.ignore_case {
                lower.contains(&n.text)
            } else {
                h.text.contains(&n.text)
            };
            if found {
                out.push(format!(
                    "{} shows {} `{}`:\n    {}",
                    h.origin,
                    n.label,
                    n.text,
                    h.text.chars().take(400).collect::<String>()
                ));
            }
        }
    }
    out
}

// --- webhooks -------------------------------------------------------------------------------

fn str_of<'a>(case: &'a Value, key: &str) -> Option<&'a str> {
    case.get(key).and_then(Value::as_str)
}

fn secrets(case: &Value) -> Vec<String> {
    case["secrets"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn payload(case: &Value) -> Option<Vec<u8>> {
    if let Some(text) = str_of(case, "payload_text") {
        return Some(text.as_bytes().to_vec());
    }
    str_of(case, "payload_hex").map(|h| from_hex(h).unwrap())
}

fn options(case: &Value) -> Result<WebhookOptions, Error> {
    let mut options = WebhookOptions {
        scheme: str_of(case, "scheme")
            .unwrap_or("stripe")
            .parse::<Scheme>()?,
        ..WebhookOptions::default()
    };
    if str_of(case, "secret_format") == Some("raw") {
        options.secret_format = SecretFormat::Raw;
    }
    if let Some(t) = case.get("tolerance").and_then(Value::as_i64) {
        options.tolerance_seconds = t;
    }
    Ok(options)
}

fn fill(case: &Value) -> Option<String> {
    let f = case.get("header_fill")?;
    let times = usize::try_from(f["times"].as_u64().unwrap()).unwrap();
    Some(format!(
        "{}{}",
        f["prefix"].as_str().unwrap(),
        f["repeat"].as_str().unwrap().repeat(times)
    ))
}

/// The request headers as pairs, or `None` when the case passes a bare signature header.
fn header_pairs(case: &Value) -> Option<Vec<(String, String)>> {
    let object = case.get("headers")?.as_object()?;
    let mut pairs: Vec<(String, String)> = object
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
        .collect();
    if let (Some(value), Some(name)) = (fill(case), case["header_fill"]["name"].as_str()) {
        pairs.push((name.to_owned(), value));
    }
    Some(pairs)
}

/// The signature header's value(s) a case carries.
fn signature_headers(case: &Value, scheme: Scheme) -> Vec<String> {
    let name = scheme.signature_header();
    let mut out = Vec::new();
    if let Some(h) = str_of(case, "header") {
        out.push(h.to_owned());
    }
    if let Some(object) = case.get("headers").and_then(Value::as_object) {
        for (k, v) in object {
            if k.eq_ignore_ascii_case(name)
                || (scheme == Scheme::Standard && k.eq_ignore_ascii_case("svix-signature"))
            {
                out.extend(v.as_str().map(str::to_owned));
            }
        }
    }
    out
}

/// The timestamps a case's delivery was (or claims to be) signed at: `now`, `timestamp`
/// and any plain timestamp in its headers.
fn timestamps(case: &Value) -> BTreeSet<i64> {
    let mut out = BTreeSet::new();
    for key in ["now", "timestamp"] {
        out.extend(case.get(key).and_then(Value::as_i64));
    }
    let mut texts: Vec<String> = str_of(case, "header")
        .map(|h| {
            h.split(',')
                .filter_map(|p| p.strip_prefix("t="))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    if let Some(object) = case.get("headers").and_then(Value::as_object) {
        for (k, v) in object {
            let k = k.to_ascii_lowercase();
            let v = v.as_str().unwrap_or_default();
            if k.ends_with("timestamp") {
                texts.push(v.to_owned());
            }
            if k == "stripe-signature" {
                texts.extend(
                    v.split(',')
                        .filter_map(|p| p.strip_prefix("t="))
                        .map(str::to_owned),
                );
            }
        }
    }
    for t in texts {
        if (1..=12).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()) {
            out.extend(t.parse::<i64>().ok());
        }
    }
    out
}

fn message_id(case: &Value) -> String {
    case.get("headers")
        .and_then(Value::as_object)
        .and_then(|o| {
            o.iter()
                .find(|(k, _)| {
                    k.eq_ignore_ascii_case("webhook-id") || k.eq_ignore_ascii_case("svix-id")
                })
                .and_then(|(_, v)| v.as_str().map(str::to_owned))
        })
        .or_else(|| str_of(case, "id").map(str::to_owned))
        .unwrap_or_else(|| "msg_hygiene".to_owned())
}

/// Signs the case's payload with each of its secrets alone, at each of its timestamps: the
/// signatures the library expects. Signing errors (a public key cannot sign) are printed
/// things too.
fn expected_signatures(case: &Value, needles: &mut Needles, hay: &mut Vec<Hay>, name: &str) {
    let (Ok(options), Some(body)) = (options(case), payload(case)) else {
        return;
    };
    let scheme = options.scheme;
    let id = message_id(case);
    for (index, secret) in secrets(case).iter().enumerate() {
        let Ok(signer) = Webhook::new(&[secret], options.clone()) else {
            continue;
        };
        for &t in &timestamps(case) {
            match signer.sign_headers(&body, t, Some(&id)) {
                Ok(headers) => {
                    for (k, v) in headers {
                        if k == scheme.signature_header() {
                            needles.signatures(&format!("{name}: expected signature #{index}"), &v);
                        }
                    }
                }
                Err(e) => error_hay(hay, &format!("{name}: sign with secret #{index}"), &e),
            }
        }
    }
}

fn webhook_corpus(file: &str, needles: &mut Needles, hay: &mut Vec<Hay>) -> usize {
    let vectors = read_json(&repo_root().join("tests/vectors").join(file));
    let mut cases = 0;
    for section in ["verify", "sign", "sign_errors", "replay"] {
        for case in vectors[section].as_array().into_iter().flatten() {
            let name = format!("{file} {section} {}", case["name"].as_str().unwrap());
            for (i, s) in secrets(case).iter().enumerate() {
                needles.secret(&format!("{name}: secret #{i}"), s);
            }
            let scheme = options(case).map(|o| o.scheme).unwrap_or_default();
            let genuine = section == "sign" || case["expect"]["ok"].as_bool() == Some(true);
            if genuine {
                for h in signature_headers(case, scheme) {
                    needles.signatures(&format!("{name}: signature in the vector"), &h);
                }
            }
            expected_signatures(case, needles, hay, &name);
            let wh = options(case).and_then(|o| Webhook::new(&secrets(case), o));
            let wh = match wh {
                Ok(wh) => wh,
                Err(e) => {
                    error_hay(hay, &format!("{name}: construction"), &e);
                    cases += 1;
                    continue;
                }
            };
            hay.push(Hay::new(
                format!("{name}: Webhook Debug"),
                format!("{wh:?}"),
            ));
            match section {
                "verify" => {
                    if let Some(body) = payload(case) {
                        let now = case["now"].as_i64().unwrap();
                        let result = match header_pairs(case) {
                            Some(pairs) => wh.verify_headers(&body, &pairs, now),
                            None => {
                                let header = fill(case)
                                    .or_else(|| str_of(case, "header").map(str::to_owned));
                                wh.verify(&body, header.as_deref(), now)
                            }
                        };
                        match result {
                            Ok(v) => {
                                hay.push(Hay::new(
                                    format!("{name}: Verified Debug"),
                                    format!("{v:?}"),
                                ));
                                hay.push(Hay::new(
                                    format!("{name}: replay key"),
                                    format!("{} {:?}", v.replay_key(), v.replay_key()),
                                ));
                            }
                            Err(e) => error_hay(hay, &format!("{name}: verify"), &e),
                        }
                    }
                }
                "sign" | "sign_errors" => {
                    let body = payload(case).unwrap();
                    let t = case["timestamp"].as_i64().unwrap();
                    if let Err(e) = wh.sign_headers(&body, t, str_of(case, "id")) {
                        error_hay(hay, &format!("{name}: sign"), &e);
                    }
                }
                _ => {
                    let max = usize::try_from(case["max_entries"].as_u64().unwrap()).unwrap();
                    let mut guard = ReplayGuard::new(max).unwrap();
                    for (step_index, step) in case["steps"].as_array().unwrap().iter().enumerate() {
                        let step_name = format!("{name} step {step_index}");
                        if step["expect"]["ok"].as_bool() == Some(true) {
                            for h in signature_headers(step, scheme) {
                                needles.signatures(&format!("{step_name}: signature"), &h);
                            }
                        }
                        let mut step_case = step.clone();
                        step_case["secrets"] = case["secrets"].clone();
                        step_case["scheme"] = case["scheme"].clone();
                        expected_signatures(&step_case, needles, hay, &step_name);
                        let now = step["now"].as_i64().unwrap();
                        let pairs = header_pairs(step).unwrap();
                        let result = wh
                            .verify_headers(&payload(step).unwrap(), &pairs, now)
                            .and_then(|v| {
                                hay.push(Hay::new(
                                    format!("{step_name}: Verified Debug"),
                                    format!("{v:?}"),
                                ));
                                guard.check(&v, now)
                            });
                        if let Err(e) = result {
                            error_hay(hay, &step_name, &e);
                        }
                        hay.push(Hay::new(
                            format!("{step_name}: ReplayGuard Debug"),
                            format!("{guard:?}"),
                        ));
                    }
                }
            }
            cases += 1;
        }
    }
    cases
}

// --- redaction ------------------------------------------------------------------------------

fn redaction_corpus(needles: &mut Needles, hay: &mut Vec<Hay>) -> usize {
    let corpus = read_json(&repo_root().join("tests/redact/corpus.json"));
    let records = corpus["records"].as_array().unwrap();
    // Tokens planted in one record but kept in another's output (PII redacted only by an
    // explicit path, say) are needles for their own record's output only.
    let shown = |r: &Value| match &r["expected"] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let kept_elsewhere = |token: &str, own: &str| {
        records
            .iter()
            .any(|r| r["name"].as_str() != Some(own) && shown(r).contains(token))
    };
    for record in records {
        let name = record["name"].as_str().unwrap();
        for token in record["planted"].as_array().unwrap() {
            let token = token.as_str().unwrap();
            let scope = kept_elsewhere(token, name).then_some(name);
            needles.add(&format!("{name}: planted token"), token, false, scope);
        }
        if let Some(key) = record["options"]["hash_key_hex"].as_str() {
            needles.add(&format!("{name}: hash key"), key, true, None);
            needles.bytes(&format!("{name}: hash key"), &from_hex(key).unwrap());
        }
    }
    for record in records {
        let name = record["name"].as_str().unwrap();
        let mut options = record
            .get("options")
            .cloned()
            .unwrap_or_else(|| serde_json::json!({}));
        options["report"] = Value::Bool(true);
        let redactor = match options_from_json(&options.to_string()).and_then(Redactor::new) {
            Ok(r) => r,
            Err(e) => {
                error_hay(hay, &format!("{name}: Redactor::new"), &e);
                continue;
            }
        };
        hay.push(Hay::new(
            format!("{name}: Redactor Debug"),
            format!("{redactor:?}"),
        ));
        let input = &record["input"];
        let outputs = match record["kind"].as_str().unwrap() {
            "json" => {
                let (value, report) =
                    redactor.redact_value(RValue::from_json(&input.to_string(), 1000).unwrap());
                vec![
                    Ok((value.to_json(), report)),
                    redactor.redact_json(&input.to_string()),
                ]
            }
            "json_text" => vec![redactor.redact_json(input.as_str().unwrap())],
            "ndjson" => vec![redactor.redact_ndjson(input.as_str().unwrap())],
            _ => vec![redactor.redact_text(input.as_str().unwrap())],
        };
        for output in outputs {
            match output {
                Ok((text, report)) => {
                    hay.push(Hay {
                        origin: format!("{name}: redacted output (a log line)"),
                        text,
                        scope: Some(name.to_owned()),
                    });
                    hay.push(Hay::new(
                        format!("{name}: Report Debug"),
                        format!("{report:?}"),
                    ));
                }
                Err(e) => error_hay(hay, &format!("{name}: redact"), &e),
            }
        }
        // Invalid input: the error quotes none of it.
        let broken = format!("{{\"token\": {}", input);
        match redactor.redact_json(&broken) {
            Ok(_) => panic!("{name}: truncated JSON was accepted"),
            Err(e) => error_hay(hay, &format!("{name}: invalid JSON"), &e),
        }
    }
    records.len()
}

// --- validation -----------------------------------------------------------------------------

fn validation_corpus(needles: &mut Needles, hay: &mut Vec<Hay>) -> usize {
    let all = read_json(&repo_root().join("tests/validate/vectors.json"));
    let mut count = 0;
    for case in all["validate"].as_array().unwrap() {
        let name = format!("validate {}", case["name"].as_str().unwrap());
        let include_values = case["options"]["include_values"].as_bool() == Some(true);
        if let Some(excluded) = case["expect"]["message_excludes"].as_str() {
            if !include_values {
                needles.add(&format!("{name}: message_excludes"), excluded, false, None);
            }
        }
        let schema = match &case["schema"] {
            Value::String(key) => all["schemas"][key.as_str()].clone(),
            inline => inline.clone(),
        };
        count += 1;
        // Options the core refuses are an error like a schema it refuses: its text is searched.
        let compiled = case_options(case).and_then(|options| Validator::new(&schema, &options));
        let validator = match compiled {
            Ok(v) => v,
            Err(e) => {
                error_hay(hay, &format!("{name}: compile"), &e);
                continue;
            }
        };
        hay.push(Hay::new(
            format!("{name}: Validator Debug"),
            format!("{validator:?}"),
        ));
        let mut texts: Vec<Vec<u8>> = Vec::new();
        if let Some(document) = case.get("document") {
            let issues = validator.errors(document);
            hay.push(Hay::new(
                format!("{name}: issues Debug"),
                format!("{issues:?}"),
            ));
            if let Err(e) = validator.validate(document) {
                error_hay(hay, &format!("{name}: validate"), &e);
            }
            texts.push(serde_json::to_vec(document).unwrap());
        }
        if let Some(parts) = case.get("document_fill") {
            let document = Value::String(fill_parts(parts));
            if let Err(e) = validator.validate(&document) {
                error_hay(hay, &format!("{name}: validate"), &e);
            }
        }
        if let Some(text) = case.get("text") {
            texts.push(text.as_str().unwrap().as_bytes().to_vec());
        }
        if let Some(h) = case.get("text_hex") {
            texts.push(from_hex(h.as_str().unwrap()).unwrap());
        }
        if let Some(parts) = case.get("text_fill") {
            texts.push(fill_parts(parts).into_bytes());
        }
        for text in texts {
            if let Err(e) = validator.validate_json(&text) {
                error_hay(hay, &format!("{name}: validate_json"), &e);
            }
        }
    }
    let paths = &all["paths"];
    for case in paths["segments"].as_array().unwrap() {
        if let Err(e) = encode_path_segment(case["input"].as_str().unwrap()) {
            error_hay(hay, "path segment", &e);
        }
        count += 1;
    }
    for case in paths["templates"].as_array().unwrap() {
        let params: Vec<(String, String)> = case["params"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
            .collect();
        if let Err(e) = build_path(case["template"].as_str().unwrap(), &params) {
            error_hay(hay, "path template", &e);
        }
        count += 1;
    }
    count
}

#[test]
fn nothing_printed_shows_a_secret_a_signature_or_a_planted_token() {
    let mut needles = Needles::default();
    let mut hay = Vec::new();
    let stripe = webhook_corpus("webhook_stripe.json", &mut needles, &mut hay);
    let schemes = webhook_corpus("webhook_schemes.json", &mut needles, &mut hay);
    let records = redaction_corpus(&mut needles, &mut hay);
    let validation = validation_corpus(&mut needles, &mut hay);
    println!(
        "secret hygiene: {stripe} + {schemes} webhook cases, {records} redaction records, \
         {validation} validation cases; {} needles searched in {} printed texts",
        needles.list.len(),
        hay.len()
    );
    // The corpus is really there: secrets, signatures (expected ones included), planted
    // tokens, and errors of every family.
    assert!(stripe >= 40 && schemes >= 100 && records >= 20 && validation >= 70);
    assert!(needles.list.len() > 400, "{} needles", needles.list.len());
    assert!(
        needles
            .list
            .iter()
            .any(|n| n.label.contains("expected signature"))
    );
    assert!(
        needles
            .list
            .iter()
            .any(|n| n.label.contains("planted token"))
    );
    assert!(hay.len() > 1000, "{} printed texts", hay.len());
    let leaked = leaks(&needles, &hay);
    assert!(
        leaked.is_empty(),
        "{} leak(s):\n{}",
        leaked.len(),
        leaked.join("\n")
    );
}

/// The search itself works: each encoding of a secret and of a signature is found, in any
/// case for hex, and a short value is never a needle.
#[test]
fn the_search_finds_every_encoding() {
    let mut needles = Needles::default();
    needles.secret("secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    needles.signatures(
        "signature",
        "t=1700000000,v1=90a5fc38cf37530cf10494e5e9eef44a3117dcf9abb0d899160a9a12b0c3f705",
    );
    needles.add("short", "1234567", false, None);
    let key = Base64::decode_vec("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
    let sig = from_hex("90a5fc38cf37530cf10494e5e9eef44a3117dcf9abb0d899160a9a12b0c3f705").unwrap();
    for text in [
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".to_owned(),
        "key MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw!".to_owned(),
        hex(&key).to_uppercase(),
        Base64UrlUnpadded::encode_string(&key),
        hex(b"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        "expected 90A5FC38CF37530CF10494E5E9EEF44A3117DCF9ABB0D899160A9A12B0C3F705".to_owned(),
        Base64::encode_string(&sig),
    ] {
        assert!(
            !leaks(&needles, &[Hay::new("probe", text.clone())]).is_empty(),
            "{text}"
        );
    }
    assert!(leaks(&needles, &[Hay::new("probe", "t=1234567 v1=00")]).is_empty());
    assert_eq!(
        signature_runs("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1,AAAA"),
        ["g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="]
    );
}
