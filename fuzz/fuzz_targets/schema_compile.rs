//! Schema compilation. Schemas come from configuration, not from requests, but a schema
//! loaded from a file or a database must still never crash a Worker. Byte 0 picks the draft
//! and whether formats are asserted; the rest is the schema as JSON text, parsed with the
//! bounded parser. Invariants: no panic; a compiled schema validates a few fixed instances
//! without panicking, with the same verdict on both instance representations.
#![no_main]

use edgeward_core::validate::{
    Document, DocumentValidator, Draft, JsonLimits, Validator, ValidatorOptions, parse_json,
};
use libfuzzer_sys::fuzz_target;

const INSTANCES: &[&str] = &[
    "null",
    "0",
    "-1.5",
    "18446744073709551615",
    "\"\"",
    "\"a@example.com\"",
    "\"2024-01-01T00:00:00Z\"",
    "[]",
    "[1,\"a\",null,[{}]]",
    "{}",
    "{\"a\":1,\"b\":[true,false],\"c\":{\"d\":\"e\"}}",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, text)) = data.split_first() else {
        return;
    };
    let Ok(schema) = parse_json(text, &JsonLimits::default()) else {
        return;
    };
    let draft = match selector % 6 {
        0 => None,
        1 => Some(Draft::Draft4),
        2 => Some(Draft::Draft6),
        3 => Some(Draft::Draft7),
        4 => Some(Draft::Draft201909),
        _ => Some(Draft::Draft202012),
    };
    let options = ValidatorOptions {
        draft,
        assert_formats: selector & 0x80 == 0,
        ..ValidatorOptions::default()
    };
    let by_value = Validator::new(&schema, &options);
    let by_document = DocumentValidator::new(&schema, &options);
    let (Ok(by_value), Ok(by_document)) = (by_value, by_document) else {
        return;
    };
    let mut document = Document::new();
    for instance in INSTANCES {
        let a = by_value.validate_json(instance.as_bytes()).map(|_| ());
        let b = by_document.validate_json_into(instance.as_bytes(), &mut document);
        assert_eq!(a.map_err(|e| e.to_string()), b.map_err(|e| e.to_string()));
    }
});
