//! False positives on benign data: redacts a fixed, generated corpus that holds no secret
//! (English prose, JSON API payloads with ids, hashes, UUIDs, timestamps, base64, URLs and
//! percent-encoded URLs, look-alike words and key names) and counts every redaction, which
//! is by construction a false positive. Deterministic: same count on every machine.
//!
//! Run: `cargo run --release -p edgeward-core --example redact_false_positives`
//! (`VERBOSE=1` prints the rule of each finding.)
// Generated test data and timings: casts of small counters, random draws and durations,
// where a lost bit changes a sample, never a verdict under test.
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_precision_loss,
    clippy::cast_sign_loss
)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::collections::BTreeMap;

use edgeward_core::redact::{Redactor, RedactorOptions};

#[path = "common/lcg.rs"]
mod lcg;
use lcg::Lcg;

/// Ordinary words, with look-alikes of sensitive names and token prefixes mixed in.
const WORDS: &[&str] = &[
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "is",
    "was",
    "for",
    "on",
    "with",
    "as",
    "by",
    "at",
    "from",
    "that",
    "this",
    "it",
    "be",
    "are",
    "we",
    "our",
    "their",
    "report",
    "customer",
    "order",
    "shipment",
    "invoice",
    "payment",
    "refund",
    "account",
    "server",
    "request",
    "response",
    "database",
    "cache",
    "queue",
    "worker",
    "deployment",
    "release",
    "version",
    "author",
    "authored",
    "authentic",
    "passage",
    "passenger",
    "passed",
    "considered",
    "consider",
    "sidebar",
    "side",
    "inside",
    "tokenizer",
    "tokens",
    "tokenized",
    "secretary",
    "secretly",
    "keyboard",
    "keys",
    "monkey",
    "turkey",
    "hockey",
    "passkey",
    "pinned",
    "spin",
    "session",
    "sessions",
    "cookies",
    "basic",
    "bearer",
    "Basic",
    "Bearer",
    "bearing",
    "skeleton",
    "sketch",
    "skill",
    "desk-lamp",
    "risk-free",
    "task-based",
    "ask-me",
    "sk-spinner",
    "SG.1",
    "hvs",
    "npm",
    "glpat",
    "shopify",
    "discord",
    "twilio",
    "otpauth",
    "mfa",
    "dsn",
    "passcode",
    "AC",
    "SK",
    "ACME",
    "SKU",
    "ACK",
    "Accept",
    "ACCESS",
    "Vault",
    "GitLab",
    "OpenAI",
    "Anthropic",
    "SendGrid",
    "webhook",
    "webhooks",
    "password",
    "secret",
    "token",
    "policy",
    "rotation",
    "expired",
    "renewed",
    "approximately",
    "quickly",
    "slowly",
    "successfully",
    "failed",
    "retried",
    "delivered",
    "scheduled",
    "published",
    "2024",
    "2025",
    "42",
    "3.14",
    "99.9%",
    "100%",
    "eu-west-1",
    "us-east-2",
    "v1.2.3",
    "#1234",
];

fn sentence(g: &mut Lcg) -> String {
    let n = 6 + g.below(14) as usize;
    let mut words: Vec<String> = (0..n).map(|_| g.pick(WORDS).to_owned()).collect();
    if let Some(first) = words.first_mut() {
        let mut c = first.chars();
        if let Some(h) = c.next() {
            *first = h.to_uppercase().collect::<String>() + c.as_str();
        }
    }
    let mut s = words.join(" ");
    s.push_str(g.pick(&[".", ".", ".", "?", "!", ":", ";"]));
    s
}

fn paragraph(g: &mut Lcg) -> String {
    let n = 3 + g.below(6) as usize;
    (0..n).map(|_| sentence(g)).collect::<Vec<_>>().join(" ")
}

/// A benign URL, sometimes percent-encoded as a parameter of another.
fn url(g: &mut Lcg) -> String {
    let path = g.pick(&[
        "/api/v1/orders",
        "/search",
        "/products/sku-1234",
        "/docs/getting-started",
        "/static/app.3f2a1b.js",
    ]);
    let q = format!(
        "page={}&sort={}&q={}&lang=en",
        g.below(20),
        g.pick(&["asc", "desc", "created_at"]),
        g.pick(&[
            "red+shoes",
            "hello%20world",
            "caf%C3%A9",
            "a%2Bb",
            "sidebar"
        ])
    );
    let plain = format!("https://example.com{path}?{q}");
    if g.below(3) == 0 {
        let encoded: String = plain
            .chars()
            .map(|c| match c {
                ':' => "%3A".to_owned(),
                '/' => "%2F".to_owned(),
                '?' => "%3F".to_owned(),
                '=' => "%3D".to_owned(),
                '&' => "%26".to_owned(),
                c => c.to_string(),
            })
            .collect();
        format!(
            "https://login.example.com/cb?next={encoded}&state={}",
            g.hex(16)
        )
    } else {
        plain
    }
}

fn payload(g: &mut Lcg, i: u64) -> String {
    let ts_ms = 1_700_000_000_000u64 + i * 7919;
    let iso = format!(
        "2024-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        1 + g.below(12),
        1 + g.below(28),
        g.below(24),
        g.below(60),
        g.below(60),
        g.below(1000)
    );
    match g.below(6) {
        0 => format!(
            r#"{{"id":"{}","object":"order","created":{},"updated_at":"{iso}","customer":{{"id":"cus_{}","email":"user{}@example.com","name":"Jane Doe","author":"jdoe","sidebar":"collapsed"}},"items":[{{"sku":"SKU-{}","qty":{},"price":{}}}],"total":{},"currency":"eur","notes":"{}"}}"#,
            g.uuid(),
            ts_ms / 1000,
            g.alnum(14),
            g.below(1000),
            g.below(99999),
            1 + g.below(5),
            g.below(100000),
            g.below(1000000),
            sentence(g)
        ),
        1 => format!(
            r#"{{"commit":"{}","tree":"{}","parent":"{}","sha256":"{}","md5":"{}","message":"{}","timestamp":{ts_ms},"tokenizer":"cl100k_base","token_count":{},"max_tokens":{}}}"#,
            g.hex(40),
            g.hex(40),
            g.hex(40),
            g.hex(64),
            g.hex(32),
            sentence(g),
            g.below(5000),
            g.below(8192)
        ),
        2 => format!(
            r#"{{"file":"report-{}.pdf","content_base64":"{}","thumbnail":"data:image/png;base64,{}","etag":"\"{}\"","request_id":"req_{}","trace":"00-{}-{}-01"}}"#,
            g.below(1000),
            {
                let bytes = 48 + g.below(64) as usize;
                g.base64(bytes)
            },
            g.base64(90),
            g.hex(32),
            g.alnum(24),
            g.hex(32),
            g.hex(16)
        ),
        3 => format!(
            r#"{{"event":"page_view","url":"{}","referrer":"{}","user_agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36","ip":"203.0.113.{}","session_started":"{iso}","considered":true,"passage":"{}"}}"#,
            url(g),
            url(g),
            g.below(255),
            sentence(g)
        ),
        4 => format!(
            r#"{{"env":[{{"name":"NODE_ENV","value":"production"}},{{"name":"PORT","value":"{}"}},{{"name":"LOG_LEVEL","value":"info"}}],"headers":[["content-type","application/json"],["accept","*/*"],["x-request-id","{}"]],"tags":[{{"Key":"team","Value":"payments"}},{{"Key":"cost-center","Value":"{}"}}],"labels":{{"app":"checkout","version":"v{}.{}.{}"}}}}"#,
            3000 + g.below(100),
            g.uuid(),
            g.below(10000),
            g.below(5),
            g.below(20),
            g.below(50)
        ),
        _ => format!(
            r#"{{"metrics":{{"p50":{}.{},"p99":{}.{},"count":{},"ids":[{},{},{}]}},"ulid":"01H{}","nanoid":"{}","phone":"+1 555 01{:02}","card_last4":"{:04}","order_number":"{}","amount_cents":{}}}"#,
            g.below(100),
            g.below(100),
            g.below(1000),
            g.below(100),
            g.below(1_000_000),
            ts_ms,
            ts_ms + 1,
            g.below(1u64 << 40),
            g.chars_of(b"0123456789ABCDEFGHJKMNPQRSTVWXYZ", 23),
            g.chars_of(
                b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-",
                21
            ),
            g.below(100),
            g.below(10000),
            g.below(1u64 << 50),
            g.below(1_000_000)
        ),
    }
}

fn main() {
    let verbose = std::env::var_os("VERBOSE").is_some();
    let mut o = RedactorOptions::default();
    o.report = true;
    o.max_findings = usize::MAX;
    let r = Redactor::new(o).unwrap();
    let mut g = Lcg(7);
    let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
    let mut count = |report: &edgeward_core::redact::Report| {
        for f in &report.findings {
            *by_rule.entry(f.rule.clone()).or_default() += 1;
        }
        report.redactions
    };

    let (mut prose_bytes, mut prose_hits) = (0usize, 0usize);
    for _ in 0..4000 {
        let p = paragraph(&mut g);
        let (out, rep) = r.redact_text(&p).unwrap();
        if verbose && rep.redactions > 0 {
            println!("prose: {out}");
        }
        prose_bytes += p.len();
        prose_hits += count(&rep);
    }
    let (mut json_bytes, mut json_hits) = (0usize, 0usize);
    for i in 0..20_000 {
        let p = payload(&mut g, i);
        let (out, rep) = r.redact_json(&p).unwrap();
        if verbose && rep.redactions > 0 {
            println!("json: {out}");
        }
        json_bytes += p.len();
        json_hits += count(&rep);
    }
    println!(
        "prose: {prose_hits} redactions in {:.2} MB; JSON payloads: {json_hits} redactions in {:.2} MB; total {} false positives",
        prose_bytes as f64 / 1e6,
        json_bytes as f64 / 1e6,
        prose_hits + json_hits
    );
    for (rule, n) in &by_rule {
        println!("  {rule}: {n}");
    }
}
