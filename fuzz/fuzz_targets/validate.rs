//! The bounded parser plus validation: the schemas of the shared vectors
//! (tests/validate/vectors.json), one picked by byte 0, against the document text that
//! follows. Invariants: no panic; the value path (`Validator`) and the flat document path
//! (`DocumentValidator`) give the same verdict, issues and error code; a document that
//! validated is valid as a value.
#![no_main]

use edgeward_core::validate::{Document, DocumentValidator, Validator, ValidatorOptions};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

struct Compiled {
    value: Validator,
    document: DocumentValidator,
}

static SCHEMAS: LazyLock<Vec<Compiled>> = LazyLock::new(|| {
    let vectors: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/validate/vectors.json")).unwrap();
    let schemas = vectors["schemas"].as_object().unwrap();
    let mut out = Vec::new();
    for schema in schemas.values() {
        let options = ValidatorOptions::default();
        // Schemas that need resources (remote `$ref`) do not compile alone; skipped.
        if let (Ok(value), Ok(document)) = (
            Validator::new(schema, &options),
            DocumentValidator::new(schema, &options),
        ) {
            out.push(Compiled { value, document });
        }
    }
    assert!(out.len() > 10, "the shared schemas compile");
    out
});

fuzz_target!(|data: &[u8]| {
    let Some((&selector, text)) = data.split_first() else {
        return;
    };
    let Some(compiled) = SCHEMAS.get(usize::from(selector) % SCHEMAS.len()) else {
        return;
    };
    let by_value = compiled.value.validate_json(text);
    let mut document = Document::new();
    let by_document = compiled.document.validate_json_into(text, &mut document);
    match (&by_value, &by_document) {
        (Ok(value), Ok(())) => {
            assert!(compiled.value.is_valid(value));
            assert!(compiled.value.errors(value).is_empty());
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.code(), b.code(), "{a:?} / {b:?}");
            assert_eq!(a.to_string(), b.to_string());
        }
        _ => panic!("value and document paths disagree: {by_value:?} / {by_document:?}"),
    }
});
