//! Native validation speed of the core alone (no binding): parse + validate, and each part,
//! on a `serde_json::Value` (Python, Node native) and on a `Document` (WASM).
//! Run: cargo run --release -p edgeward-core --example validate_bench -- SCHEMA.json DOC.json
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use std::time::Instant;

use edgeward_core::validate::{
    Document, DocumentValidator, JsonLimits, Validator, ValidatorOptions, parse_json,
};

fn per_call(label: &str, mut f: impl FnMut()) {
    let mut n = 0u32;
    let start = Instant::now();
    while start.elapsed().as_secs_f64() < 1.0 {
        for _ in 0..100 {
            f();
        }
        n += 100;
    }
    println!(
        "{label:28} {:9.2} µs",
        start.elapsed().as_secs_f64() * 1e6 / f64::from(n)
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&args[1]).unwrap()).unwrap();
    let text = std::fs::read(&args[2]).unwrap();
    let validator = Validator::new(&schema, &ValidatorOptions::default()).unwrap();
    let limits = JsonLimits::default();
    let doc = parse_json(&text, &limits).unwrap();
    assert!(validator.is_valid(&doc));
    println!("{} bytes", text.len());
    per_call("parse_json (ours)", || {
        drop(std::hint::black_box(parse_json(&text, &limits)))
    });
    per_call("serde_json::from_slice", || {
        drop(std::hint::black_box(serde_json::from_slice::<
            serde_json::Value,
        >(&text)))
    });
    per_call("is_valid (parsed)", || {
        std::hint::black_box(validator.is_valid(&doc));
    });
    per_call("validate_json", || {
        drop(std::hint::black_box(validator.validate_json(&text)))
    });
    // The WASM binding's path: the same parser into a reusable flat document, validated where
    // it lies.
    let fast = DocumentValidator::new(&schema, &ValidatorOptions::default()).unwrap();
    let mut document = Document::new();
    fast.validate_json_into(&text, &mut document).unwrap();
    per_call("Document::parse", || {
        document.parse(&text, &limits).unwrap();
    });
    per_call("is_valid (Document)", || {
        std::hint::black_box(fast.is_valid(document.root()));
    });
    per_call("validate_json_into (Document)", || {
        fast.validate_json_into(&text, &mut document).unwrap();
    });
}
