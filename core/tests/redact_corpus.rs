//! The shared redaction corpus (`tests/redact/corpus.json`), run through every Rust entry
//! point: the value path and the JSON text path must agree, no planted secret may survive,
//! every look-alike must. Plus hostile inputs and API behaviour.
//!
//! `REDACT_CORPUS_BLESS=1 cargo test -p edgeward-core --test redact_corpus` rewrites the
//! expected outputs and findings from the current implementation (review the diff!).
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

use edgeward_core::redact::{
    CustomPattern, Detector, InvalidLinePolicy, KeyRule, Mode, PathRule, Redactor, RedactorOptions,
    Report, Value,
};
use edgeward_core::secret::SecretBytes;
use serde_json::{Value as J, json};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/redact/corpus.json");

fn mode(v: &J) -> Mode {
    Mode::parse(v.as_str().unwrap()).unwrap_or_else(|| panic!("bad mode {v}"))
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Builds options from the corpus' language-neutral form.
fn options(o: Option<&J>) -> RedactorOptions {
    let mut opts = RedactorOptions::default();
    opts.report = true;
    let Some(o) = o else { return opts };
    for (k, v) in o.as_object().unwrap() {
        match k.as_str() {
            "mode" => opts.mode = mode(v),
            "key_mode" => opts.key_mode = Some(mode(v)),
            "detector_mode" => opts.detector_mode = Some(mode(v)),
            "default_keys" => opts.default_keys = v.as_bool().unwrap(),
            "keys" => {
                for k in v.as_array().unwrap() {
                    opts.keys.push(match k {
                        J::String(s) => KeyRule::new(s.clone()),
                        J::Object(m) => KeyRule {
                            key: m["key"].as_str().unwrap().to_owned(),
                            mode: m.get("mode").map(mode),
                        },
                        _ => panic!("bad key {k}"),
                    });
                }
            }
            "remove_keys" => {
                opts.remove_keys = v
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap().to_owned())
                    .collect();
            }
            "allow_keys" => {
                opts.allow_keys = v
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap().to_owned())
                    .collect();
            }
            "paths" => {
                for p in v.as_array().unwrap() {
                    opts.paths.push(match p {
                        J::String(s) => PathRule::new(s.clone()),
                        J::Object(m) => PathRule {
                            path: m["path"].as_str().unwrap().to_owned(),
                            mode: m.get("mode").map(mode),
                        },
                        _ => panic!("bad path {p}"),
                    });
                }
            }
            "detector_modes" => {
                for (d, m) in v.as_object().unwrap() {
                    opts.detector_modes
                        .push((Detector::from_id(d).unwrap(), mode(m)));
                }
            }
            "disabled_detectors" => {
                opts.disabled_detectors = v
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| Detector::from_id(d.as_str().unwrap()).unwrap())
                    .collect();
            }
            "custom_patterns" => {
                for c in v.as_array().unwrap() {
                    opts.custom_patterns.push(CustomPattern {
                        id: c["id"].as_str().unwrap().to_owned(),
                        pattern: c["pattern"].as_str().unwrap().to_owned(),
                        mode: c.get("mode").map(mode),
                    });
                }
            }
            "replacement" => opts.replacement = v.as_str().unwrap().to_owned(),
            "too_deep_marker" => opts.too_deep_marker = v.as_str().unwrap().to_owned(),
            "mask_keep_last" => opts.mask_keep_last = v.as_u64().unwrap() as usize,
            "hash_hex_len" => opts.hash_hex_len = v.as_u64().unwrap() as usize,
            "max_depth" => opts.max_depth = v.as_u64().unwrap() as usize,
            "hash_key_hex" => opts.hash_key = Some(SecretBytes::new(hex(v.as_str().unwrap()))),
            "invalid_ndjson_line" => {
                opts.invalid_ndjson_line = match v.as_str().unwrap() {
                    "error" => InvalidLinePolicy::Error,
                    "text" => InvalidLinePolicy::Text,
                    "replace" => InvalidLinePolicy::Replace,
                    other => panic!("bad policy {other}"),
                }
            }
            other => panic!("unknown option {other}"),
        }
    }
    opts
}

fn findings_json(r: &Report) -> J {
    J::Array(
        r.findings
            .iter()
            .map(|f| json!([f.rule, f.path, f.detector, f.confidence.as_str(), f.line]))
            .collect(),
    )
}

/// Each record's `input` as JSON text in file order: `serde_json` maps sort their keys, and
/// findings are reported in document order.
fn inputs_in_file_order(corpus_text: &str) -> Vec<String> {
    let member = |v: &Value, name: &str| match v {
        Value::Object(members) => members
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone()),
        _ => None,
    };
    let corpus = Value::from_json(corpus_text, 1000).unwrap();
    let Some(Value::Array(records)) = member(&corpus, "records") else {
        panic!("corpus without records");
    };
    records
        .iter()
        .map(|r| member(r, "input").unwrap().to_json())
        .collect()
}

/// Runs one record (its `input` also given as text in file order); returns (output as
/// stored in the corpus, findings).
fn run(record: &J, input_text: &str) -> (J, J) {
    let name = record["name"].as_str().unwrap();
    let r = Redactor::new(options(record.get("options"))).unwrap();
    let input = &record["input"];
    match record["kind"].as_str().unwrap() {
        "json" => {
            let text = input_text.to_owned();
            let (out_text, rep_text) = r.redact_json(&text).unwrap();
            let value = Value::from_json(&text, 1000).unwrap();
            let (out_value, rep_value) = r.redact_value(value);
            assert_eq!(
                out_value.to_json(),
                out_text,
                "{name}: value and JSON text paths differ"
            );
            assert_eq!(
                rep_value, rep_text,
                "{name}: value and JSON text reports differ"
            );
            let bytes = r.redact_json_bytes(text.as_bytes()).unwrap();
            assert_eq!(bytes.0, out_text, "{name}: bytes API differs");
            (
                serde_json::from_str(&out_text).unwrap(),
                findings_json(&rep_text),
            )
        }
        "json_text" => {
            let text = input.as_str().unwrap();
            let (out_text, rep_text) = r.redact_json(text).unwrap();
            let (out_value, rep_value) = r.redact_value(Value::from_json(text, 1000).unwrap());
            // Untouched bytes are kept verbatim on the text path only: compare as trees.
            assert_eq!(
                Value::from_json(&out_text, 1000).unwrap(),
                out_value,
                "{name}: value and JSON text paths differ"
            );
            assert_eq!(rep_value, rep_text, "{name}: reports differ");
            (J::String(out_text), findings_json(&rep_text))
        }
        "ndjson" => {
            let (out, rep) = r.redact_ndjson(input.as_str().unwrap()).unwrap();
            (J::String(out), findings_json(&rep))
        }
        "text" => {
            let (out, rep) = r.redact_text(input.as_str().unwrap()).unwrap();
            let bytes = r
                .redact_text_bytes(input.as_str().unwrap().as_bytes())
                .unwrap();
            assert_eq!(bytes.0, out, "{name}: bytes API differs");
            (J::String(out), findings_json(&rep))
        }
        other => panic!("{name}: unknown kind {other}"),
    }
}

#[test]
fn corpus() {
    let text = std::fs::read_to_string(CORPUS).unwrap();
    let mut corpus: J = serde_json::from_str(&text).unwrap();
    let input_texts = inputs_in_file_order(&text);
    let bless = std::env::var_os("REDACT_CORPUS_BLESS").is_some();
    let records = corpus["records"].as_array_mut().unwrap();
    assert!(records.len() >= 20);
    let (mut planted_total, mut lookalikes_total) = (0, 0);
    for (record, input_text) in records.iter_mut().zip(&input_texts) {
        let name = record["name"].as_str().unwrap().to_owned();
        let (output, findings) = run(record, input_text);
        let shown = match &output {
            J::String(s) => s.clone(),
            other => serde_json::to_string(other).unwrap(),
        };
        for secret in record["planted"].as_array().unwrap() {
            let secret = secret.as_str().unwrap();
            assert!(
                !shown.contains(secret),
                "{name}: planted secret survived: {secret}\n{shown}"
            );
            planted_total += 1;
        }
        for look in record["lookalikes"].as_array().unwrap() {
            let look = look.as_str().unwrap();
            assert!(
                shown.contains(look),
                "{name}: look-alike was redacted: {look}\n{shown}"
            );
            lookalikes_total += 1;
        }
        if bless {
            record["expected"] = output;
            record["findings"] = findings;
        } else {
            assert_eq!(
                output, record["expected"],
                "{name}: output differs from the corpus"
            );
            assert_eq!(
                findings, record["findings"],
                "{name}: findings differ from the corpus"
            );
        }
    }
    println!("{planted_total} planted secrets removed, {lookalikes_total} look-alikes kept");
    if bless {
        let mut out = serde_json::to_string_pretty(&corpus).unwrap();
        out.push('\n');
        std::fs::write(CORPUS, out).unwrap();
    }
}

// ----- hostile inputs -----

fn defaults() -> Redactor {
    Redactor::new(RedactorOptions::default()).unwrap()
}

fn code(e: &edgeward_core::Error) -> &'static str {
    e.code().as_str()
}

#[test]
fn nesting_100k_arrays_and_objects_becomes_a_marker() {
    let r = defaults();
    let n = 100_000;
    let arrays = "[".repeat(n) + &"]".repeat(n);
    let (out, rep) = r.redact_json(&arrays).unwrap();
    assert_eq!(out, "[".repeat(64) + "\"[Too deep]\"" + &"]".repeat(64));
    assert_eq!(rep.redactions, 1);

    let objects = "{\"a\":".repeat(n) + "1" + &"}".repeat(n);
    let (out, _) = r.redact_json(&objects).unwrap();
    assert_eq!(
        out,
        "{\"a\":".repeat(64) + "\"[Too deep]\"" + &"}".repeat(64)
    );

    // The same through NDJSON, and unbalanced input is an error, not a crash.
    let (out, _) = r.redact_ndjson(&format!("{arrays}\n{arrays}\n")).unwrap();
    assert_eq!(out.matches("[Too deep]").count(), 2);
    let e = r.redact_json(&"[".repeat(n)).unwrap_err();
    assert_eq!(code(&e), "REDACTION_INVALID_JSON");

    // The value path: a 100k-deep tree built by a binding is cut at max_depth and the rest is
    // dropped without recursion.
    let mut v = Value::String("sk_live_FAKE0000000000000000000000".into());
    for _ in 0..n {
        v = Value::Array(vec![v]);
    }
    let (v, rep) = r.redact_value(v);
    assert_eq!(
        v.to_json(),
        "[".repeat(64) + "\"[Too deep]\"" + &"]".repeat(64)
    );
    assert_eq!(rep.redactions, 1);
    // Parsing refuses what it cannot hold.
    let e = Value::from_json(&arrays, 1000).unwrap_err();
    assert_eq!(code(&e), "REDACTION_LIMIT_EXCEEDED");
}

#[test]
fn huge_and_adversarial_strings_stay_linear() {
    let r = defaults();
    let big = 1 << 20;
    let cases: Vec<String> = vec![
        "a".repeat(big),
        "eyJa.".repeat(big / 5),
        "eyJhbGciOiJIUzI1NiJ9".repeat(big / 20),
        "4".repeat(big / 8),
        "4242 ".repeat(big / 40),
        "a=".repeat(big / 2),
        "&token=".repeat(big / 7),
        "?password=x".repeat(big / 11),
        "x:y@".repeat(big / 4),
        "https://u:".repeat(big / 10),
        "Bearer ".repeat(big / 7),
        "Basic Basic ".repeat(big / 12),
        "sk_live_".repeat(big / 8),
        "-----BEGIN PRIVATE KEY-----".repeat(big / 27),
        "xoxb-".repeat(big / 5),
        "ghp_".repeat(big / 4),
        "sk-proj-".repeat(big / 8),
        "xsk-proj-abcdefghijklmnopqrst".repeat(big / 29),
        "sk-ant-api03-".repeat(big / 13),
        "xglpat-abcdefghijklmnopqrst".repeat(big / 27),
        "Bearer%20".repeat(big / 9),
        "%3D".repeat(big / 3),
        "%253D".repeat(big / 5),
        "a%3Dtoken%3D".repeat(big / 12),
        "%3Ftoken%3Dx%26".repeat(big / 15),
        "https://discord.com/api/webhooks/1/".repeat(big / 35),
        "AC0123456789abcdef0123456789abcdef:".repeat(big / 35),
    ];
    for s in cases {
        let started = std::time::Instant::now();
        let (text_out, _) = r.redact_text(&s).unwrap();
        let mut doc = String::from("{\"k\":\"");
        doc.push_str(&s);
        doc.push_str("\"}");
        let (json_out, _) = r.redact_json(&doc).unwrap();
        assert!(json_out.starts_with("{\"k\":\""));
        assert!(!text_out.is_empty());
        // Generous: a quadratic scan of 1 MiB would take minutes.
        assert!(started.elapsed().as_secs() < 60, "{}", &s[..16]);
        eprintln!("{:>8} ms  {}", started.elapsed().as_millis(), &s[..16]);
    }
}

#[test]
fn invalid_utf8_and_bytes_apis() {
    let r = defaults();
    let e = r
        .redact_json_bytes(b"{\"password\":\"hunter2\xff\"}")
        .unwrap_err();
    assert_eq!(code(&e), "REDACTION_INVALID_JSON");
    assert!(!e.to_string().contains("hunter2"));
    assert!(e.to_string().contains("UTF-8"));
    let (out, rep) = r
        .redact_text_bytes(b"bad \xff byte, token=fakeByteToken1 and sk_live_FAKE00000000000000")
        .unwrap();
    assert_eq!(out, "bad \u{fffd} byte, token=[REDACTED] and [REDACTED]");
    assert_eq!(rep.redactions, 2);
}

#[test]
fn invalid_json_is_an_error_that_quotes_no_input() {
    let r = defaults();
    for bad in [
        "",
        "   \n ",
        "{",
        "[1,]",
        "{\"password\":\"hunter2secret\"",
        "{\"password\":\"hunter2secret\",}",
        "{\"a\":01}",
        "{\"a\":hunter2secret}",
        "\"\\xhunter2secret\"",
        "{} {\"hunter2secret\":1}",
        "[1 2]",
        "{\"hunter2secret\" 1}",
        "{\"a\":\"tab\there hunter2secret\"}",
        "nul",
        "[\"hunter2secret\"]]",
    ] {
        let e = r.redact_json(bad).unwrap_err();
        assert_eq!(code(&e), "REDACTION_INVALID_JSON", "{bad:?}");
        assert_eq!(e.code().family().as_str(), "redaction");
        let msg = format!("{e} {e:?}");
        assert!(!msg.contains("hunter2"), "{bad:?}: {msg}");
        assert!(msg.contains("byte"), "{msg}");
        assert!(Value::from_json(bad, 64).is_err(), "{bad:?}");
    }
}

#[test]
fn size_limits() {
    let mut o = RedactorOptions::default();
    o.max_bytes = 16;
    let r = Redactor::new(o).unwrap();
    assert!(r.redact_json("{\"a\":\"0123456\"}").is_ok());
    let long = "{\"a\":\"012345678\"}";
    for e in [
        r.redact_json(long).unwrap_err(),
        r.redact_json_bytes(long.as_bytes()).unwrap_err(),
        r.redact_ndjson(long).unwrap_err(),
        r.redact_text(long).unwrap_err(),
        r.redact_text_bytes(long.as_bytes()).unwrap_err(),
    ] {
        assert_eq!(code(&e), "REDACTION_LIMIT_EXCEEDED");
        assert!(!e.to_string().contains("0123"));
    }
}

#[test]
fn ndjson_invalid_line_policies() {
    let input = "{\"token\":\"fakeNdA\"}\n{\"password\":\"hunter2secret\"\n{\"ok\":1}";
    let e = defaults().redact_ndjson(input).unwrap_err();
    assert_eq!(code(&e), "REDACTION_INVALID_JSON");
    assert!(e.to_string().contains("line 2"));
    assert!(!e.to_string().contains("hunter2"));

    let mut o = RedactorOptions::default();
    o.invalid_ndjson_line = InvalidLinePolicy::Replace;
    let (out, _) = Redactor::new(o).unwrap().redact_ndjson(input).unwrap();
    assert_eq!(
        out,
        "{\"token\":\"[REDACTED]\"}\n\"[Invalid JSON line]\"\n{\"ok\":1}"
    );

    let mut o = RedactorOptions::default();
    o.invalid_ndjson_line = InvalidLinePolicy::Text;
    o.report = true;
    let text = "{\"token\":\"fakeNdA\"}\nGET /x?password=fakeNdB broken\n{\"ok\":1}";
    let (out, rep) = Redactor::new(o).unwrap().redact_ndjson(text).unwrap();
    assert_eq!(
        out,
        "{\"token\":\"[REDACTED]\"}\nGET /x?password=[REDACTED] broken\n{\"ok\":1}"
    );
    assert_eq!(rep.findings[1].line, Some(2));
}

// ----- behaviour -----

#[test]
fn defaults_are_safe_with_no_options() {
    let r = defaults();
    let (out, rep) = r
        .redact_json(r#"{"user":"jane","password":"hunter2secret","note":"key sk_live_FAKE0000000000000000 ok"}"#)
        .unwrap();
    assert_eq!(
        out,
        r#"{"user":"jane","password":"[REDACTED]","note":"key [REDACTED] ok"}"#
    );
    // The report is off by default; the count is always kept.
    assert_eq!(rep.redactions, 2);
    assert!(rep.findings.is_empty());
    assert!(r.is_sensitive_key("X-Api-Key"));
    assert!(!r.is_sensitive_key("author"));
}

#[test]
fn untouched_formatting_is_kept_verbatim() {
    let mut o = RedactorOptions::default();
    o.key_mode = Some(Mode::Remove);
    let r = Redactor::new(o).unwrap();
    let input = "{\n  \"a\" : 1.50e2,\n  \"password\": \"x\",\n  \"b\": [ 1 , 2 ],\n  \"note\": \"caf\\u00e9\"\n}";
    let (out, _) = r.redact_json(input).unwrap();
    assert_eq!(
        out,
        "{\n  \"a\" : 1.50e2,\n  \"b\": [ 1 , 2 ],\n  \"note\": \"caf\\u00e9\"\n}"
    );
    // Removing the first, middle and last members, alone or together, keeps valid JSON.
    for (input, expected) in [
        (r#"{"password":"x"}"#, "{}"),
        (r#"{"password":"x","a":1}"#, r#"{"a":1}"#),
        (r#"{"a":1,"password":"x"}"#, r#"{"a":1}"#),
        (
            r#"{"password":"x","token":"y","a":1,"secret":"z"}"#,
            r#"{"a":1}"#,
        ),
        (r#"{ "password" : "x" , "a" : 1 }"#, r#"{  "a" : 1 }"#),
        (r#"[{"password":{"deep":[1,{"x":2}]}}]"#, "[{}]"),
    ] {
        let (out, _) = r.redact_json(input).unwrap();
        assert_eq!(out, expected, "{input}");
        let (v, _) = r.redact_value(Value::from_json(input, 64).unwrap());
        assert_eq!(v, Value::from_json(expected, 64).unwrap(), "{input}");
    }
}

#[test]
fn opaque_values_and_numbers() {
    let mut o = RedactorOptions::default();
    o.report = true;
    let r = Redactor::new(o).unwrap();
    let v = Value::Object(vec![
        ("buffer".into(), Value::Opaque(7)),
        ("cookie".into(), Value::Opaque(8)),
        (
            "card".into(),
            Value::Number(edgeward_core::redact::Number::Float(4242424242424242.0)),
        ),
        (
            "big".into(),
            Value::Number(edgeward_core::redact::Number::UInt(5555555555554444)),
        ),
        (
            "ts".into(),
            Value::Number(edgeward_core::redact::Number::Int(1_700_000_000_000)),
        ),
    ]);
    let (out, rep) = r.redact_value(v);
    assert_eq!(
        out,
        Value::Object(vec![
            ("buffer".into(), Value::Opaque(7)),
            ("cookie".into(), Value::String("[REDACTED]".into())),
            ("card".into(), Value::String("[REDACTED]".into())),
            ("big".into(), Value::String("[REDACTED]".into())),
            (
                "ts".into(),
                Value::Number(edgeward_core::redact::Number::Int(1_700_000_000_000))
            ),
        ])
    );
    assert_eq!(rep.findings.len(), 3);
}

#[test]
fn report_is_capped() {
    let mut o = RedactorOptions::default();
    o.report = true;
    o.max_findings = 2;
    let r = Redactor::new(o).unwrap();
    let (_, rep) = r
        .redact_json(r#"{"token":"a","secret":"b","password":"c"}"#)
        .unwrap();
    assert_eq!(rep.findings.len(), 2);
    assert!(rep.truncated);
    assert_eq!(rep.redactions, 3);
}

#[test]
fn hash_mode_needs_a_key_and_hides_it() {
    let mut o = RedactorOptions::default();
    o.mode = Mode::Hash;
    let e = Redactor::new(o.clone()).unwrap_err();
    assert_eq!(code(&e), "REDACTION_INVALID_OPTIONS");
    o.hash_key = Some(SecretBytes::new(b"too-short".to_vec()));
    let e = Redactor::new(o.clone()).unwrap_err();
    assert!(!e.to_string().contains("too-short"));
    let key = b"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk-SECRET".to_vec();
    o.hash_key = Some(SecretBytes::new(key));
    let r = Redactor::new(o).unwrap();
    let shown = format!("{r:?}");
    assert!(
        !shown.contains("SECRET") && !shown.contains("kkkk"),
        "{shown}"
    );
    let (a, _) = r
        .redact_text("token=sameFakeToken and again token=sameFakeToken")
        .unwrap();
    let hashes: Vec<&str> = a.matches("[hmac:").collect();
    assert_eq!(hashes.len(), 2);
    let (b, _) = r.redact_json(r#"{"token":"sameFakeToken"}"#).unwrap();
    let digest = &a[a.find("[hmac:").unwrap()..a.find(']').unwrap() + 1];
    assert_eq!(b, format!("{{\"token\":\"{digest}\"}}"));
}

#[test]
fn bad_options_are_refused() {
    type Change = Box<dyn Fn(&mut RedactorOptions)>;
    let cases: Vec<Change> = vec![
        Box::new(|o| o.paths.push(PathRule::new("a..b"))),
        Box::new(|o| o.paths.push(PathRule::new("a[x]"))),
        Box::new(|o| {
            o.custom_patterns.push(CustomPattern {
                id: "x".into(),
                pattern: "(".into(),
                mode: None,
            })
        }),
        Box::new(|o| {
            o.custom_patterns.push(CustomPattern {
                id: "x".into(),
                pattern: "(?P<n>a)".into(),
                mode: None,
            })
        }),
        Box::new(|o| {
            o.custom_patterns.push(CustomPattern {
                id: "".into(),
                pattern: "a".into(),
                mode: None,
            })
        }),
        Box::new(|o| o.max_depth = 0),
        Box::new(|o| o.max_depth = 5000),
        Box::new(|o| o.max_bytes = 0),
        Box::new(|o| o.mask_keep_last = 17),
        Box::new(|o| o.hash_hex_len = 4),
        Box::new(|o| o.keys.push(KeyRule::new("--"))),
        Box::new(|o| o.replacement = "x".repeat(300)),
    ];
    for (i, f) in cases.iter().enumerate() {
        let mut o = RedactorOptions::default();
        f(&mut o);
        let e = Redactor::new(o).unwrap_err();
        assert_eq!(code(&e), "REDACTION_INVALID_OPTIONS", "case {i}");
    }
}

#[test]
fn disabled_detectors_and_custom_patterns() {
    let mut o = RedactorOptions::default();
    o.disabled_detectors = Detector::ALL.to_vec();
    o.default_keys = false;
    let r = Redactor::new(o).unwrap();
    let input = r#"{"password":"x","n":"sk_live_FAKE0000000000000000 4242424242424242"}"#;
    assert_eq!(r.redact_json(input).unwrap().0, input);

    let mut o = RedactorOptions::default();
    o.custom_patterns.push(CustomPattern {
        id: "ticket".into(),
        pattern: "TCK-[0-9]{4}".into(),
        mode: Some(Mode::Mask),
    });
    let r = Redactor::new(o).unwrap();
    let (out, _) = r
        .redact_json(r#"{"n":"see TCK-1234 and \u0054CK-5678"}"#)
        .unwrap();
    assert_eq!(out, r#"{"n":"see [REDACTED] and [REDACTED]"}"#);
}

/// Custom patterns and built-in detectors are searched separately, then merged as one
/// leftmost-first search would: the leftmost match wins; at the same start a built-in detector
/// wins, except payment cards, which rank after custom patterns.
#[test]
fn custom_patterns_rank_after_tokens_and_before_cards() {
    let custom = |id: &str, pattern: &str| CustomPattern {
        id: id.into(),
        pattern: pattern.into(),
        mode: None,
    };
    let mut o = RedactorOptions::default();
    o.report = true;
    o.custom_patterns.push(custom("live", "sk_live_[0-9A-Z]+"));
    o.custom_patterns.push(custom("visa", "4242[0-9]{12}"));
    o.custom_patterns.push(custom("early", "ref-sk"));
    let r = Redactor::new(o).unwrap();
    let rules = |text: &str| -> Vec<String> {
        let (_, report) = r.redact_text(text).unwrap();
        report.findings.iter().map(|f| f.rule.clone()).collect()
    };
    // Same start as the Stripe detector: the built-in wins.
    assert_eq!(
        rules("k sk_live_FAKE0000000000000000 x"),
        ["detector:stripe_key"]
    );
    // Same start as a card number: the custom pattern wins.
    assert_eq!(rules("card 4242424242424242 ok"), ["custom:visa"]);
    // A custom match that starts first wins, and the search resumes after it.
    assert_eq!(rules("ref-sk_live_FAKE0000000000000000"), ["custom:early"]);
    assert_eq!(
        rules("4242424242424242 then sk_live_FAKE0000000000000000"),
        ["custom:visa", "detector:stripe_key"]
    );
}

#[test]
fn redactor_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Redactor>();
    let r = std::sync::Arc::new(defaults());
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let r = r.clone();
            std::thread::spawn(move || {
                for _ in 0..200 {
                    let (out, _) = r
                        .redact_json(&format!("{{\"token\":\"t{i}\",\"n\":{i}}}"))
                        .unwrap();
                    assert_eq!(out, format!("{{\"token\":\"[REDACTED]\",\"n\":{i}}}"));
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

#[test]
fn numbers_under_keys_agree_across_paths_in_every_mode() {
    for mode in [Mode::Replace, Mode::Mask, Mode::Hash, Mode::Remove] {
        let mut o = RedactorOptions::default();
        o.mode = mode;
        o.hash_key = Some(SecretBytes::new(vec![7; 32]));
        o.report = true;
        let r = Redactor::new(o).unwrap();
        let text = r#"{"pin":123456789012345,"cvv":-12.5e3,"card":4242424242424242,"x":[5555555555554444],"ok":7}"#;
        let (out, rep) = r.redact_json(text).unwrap();
        let (v, rep_v) = r.redact_value(Value::from_json(text, 64).unwrap());
        assert_eq!(v.to_json(), out, "{mode:?}");
        assert_eq!(rep, rep_v, "{mode:?}");
        assert!(!out.contains("4242424242424242") && !out.contains("5555555555554444"));
        assert!(out.ends_with(",\"ok\":7}"), "{out}");
    }
}

#[test]
fn log_line_is_redacted_whole_and_never_fails() {
    let r = defaults();
    // A pino line: message, bindings and object, line ending kept.
    let line = "{\"level\":30,\"apiKey\":\"k1\",\"msg\":\"token Bearer fakeT0kenA1b2C3\"}\n";
    assert_eq!(
        r.redact_log_line(line),
        "{\"level\":30,\"apiKey\":\"[REDACTED]\",\"msg\":\"token Bearer [REDACTED]\"}\n"
    );
    assert_eq!(r.redact_log_line("{\"ok\":1}\r\n"), "{\"ok\":1}\r\n");
    assert_eq!(r.redact_log_line("{\"ok\":1}"), "{\"ok\":1}");
    // What cannot be redacted is never written: a notice naming the code takes its place.
    let notice = "{\"level\":50,\"msg\":\"[log line not written: redaction failed (REDACTION_INVALID_JSON)]\"}";
    for (bad, ending) in [
        ("{\"password\":\"hunter2secret\"\n", "\n"),
        ("{\"password\":\"hunter2secret\"}{\"a\":1}\r\n", "\r\n"),
        ("password=hunter2secret", ""),
        ("", ""),
        ("\n", "\n"),
    ] {
        assert_eq!(
            r.redact_log_line(bad),
            format!("{notice}{ending}"),
            "{bad:?}"
        );
    }
    let mut o = RedactorOptions::default();
    o.max_bytes = 16;
    let small = Redactor::new(o).unwrap();
    assert_eq!(
        small.redact_log_line("{\"a\":\"hunter2secret\"}\n"),
        "{\"level\":50,\"msg\":\"[log line not written: redaction failed (REDACTION_LIMIT_EXCEEDED)]\"}\n"
    );
}

// ----- name/value pairs -----

/// Hostile shapes of name/value pairs: many `value` members before one name, nested pairs,
/// huge names. Both paths agree and finish (each member is read at most twice).
#[test]
fn name_value_pairs_under_hostile_shapes() {
    let r = defaults();
    let n = 100_000;
    let many_values = format!(
        "{{{}\"name\":\"password\"}}",
        "\"value\":\"fakeV\",".repeat(n)
    );
    let nested_values = format!(
        "{}1{}",
        "{\"value\":".repeat(60),
        ",\"name\":\"token\"}".repeat(60)
    );
    let long_name = format!(
        "{{\"value\":\"fakeW\",\"name\":\"{}password\",{}\"x\":1}}",
        "\\u0061".repeat(n),
        "\"value\":2,".repeat(1000)
    );
    let pairs = format!(
        "{}[\"password\",\"fakeP\"]{}",
        "[\"password\",".repeat(60),
        "]".repeat(60)
    );
    for text in [many_values, nested_values, long_name, pairs] {
        let (out, rep) = r.redact_json(&text).unwrap();
        let (value, rep_value) = r.redact_value(Value::from_json(&text, 1000).unwrap());
        assert_eq!(Value::from_json(&out, 1000).unwrap(), value);
        assert_eq!(rep, rep_value);
        assert!(!out.contains("fakeV") && !out.contains("fakeP"));
    }
}

mod pairs {
    use super::*;
    use proptest::prelude::*;

    /// Objects and arrays made of name/key/value members, in any order and case, with
    /// sensitive and ordinary names, scalars and containers.
    fn doc() -> impl Strategy<Value = String> {
        let scalar = prop::sample::select(vec![
            "\"password\"",
            "\"DB_PASSWORD\"",
            "\"token\"",
            "\"author\"",
            "\"fakeS3cret\"",
            "\"pass\\u0077ord\"",
            "7",
            "null",
            "true",
        ])
        .prop_map(str::to_owned);
        let leaf = prop_oneof![4 => scalar, 1 => Just("{}".to_owned()), 1 => Just("[]".to_owned())];
        leaf.prop_recursive(3, 24, 5, |inner| {
            let key = prop::sample::select(vec![
                "name",
                "Name",
                "key",
                "KEY",
                "value",
                "Value",
                "x",
                "token",
                "n\\u0061me",
            ]);
            prop_oneof![
                prop::collection::vec((key, inner.clone()), 0..5).prop_map(|members| {
                    let body: Vec<String> = members
                        .iter()
                        .map(|(k, v)| format!("\"{k}\":{v}"))
                        .collect();
                    format!("{{{}}}", body.join(","))
                }),
                prop::collection::vec(inner, 0..4)
                    .prop_map(|items| format!("[{}]", items.join(","))),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

        /// The JSON text path (one pass, looking ahead over scalars only) and the value path
        /// apply the same name/value pair definition: same output, same report.
        #[test]
        fn pair_rules_agree_across_paths(text in doc(), mode in 0usize..2) {
            let mut o = RedactorOptions::default();
            o.report = true;
            o.key_mode = Some([Mode::Replace, Mode::Remove][mode]);
            let r = Redactor::new(o).unwrap();
            let (out, rep) = r.redact_json(&text).unwrap();
            let (value, rep_value) = r.redact_value(Value::from_json(&text, 1000).unwrap());
            prop_assert_eq!(Value::from_json(&out, 1000).unwrap(), value, "{}", text);
            prop_assert_eq!(rep, rep_value, "{}", text);
        }
    }
}
