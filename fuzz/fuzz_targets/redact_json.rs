//! Redaction of JSON text (and NDJSON). Byte 0 picks the redactor (mode, report); the rest is
//! the text. Invariants: no panic; the output of a JSON text serde_json accepts is JSON
//! serde_json accepts; secrets planted next to the input (a token as a sibling array
//! element, a password under a sensitive key) never survive.
#![no_main]

use edgeward_fuzz::{PLANTED_PASSWORD, PLANTED_TOKENS, pick_redactor};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((redactor, text)) = pick_redactor(data) else {
        return;
    };
    let result = redactor.redact_json_bytes(text);
    let serde_accepts = serde_json::from_slice::<serde_json::Value>(text).is_ok();
    if let Ok((out, _)) = &result {
        if serde_accepts {
            // Depth over serde_json's own limit aside, the output stays JSON.
            if let Err(e) = serde_json::from_str::<serde_json::Value>(out) {
                assert!(
                    e.to_string().contains("recursion limit"),
                    "redacted JSON no longer parses: {e}"
                );
            }
        }
    }
    // The redactor accepts every JSON text serde_json does.
    assert!(
        !serde_accepts || result.is_ok(),
        "serde_json accepts, redact_json refuses: {result:?}"
    );

    // Plant secrets around the input; whatever the input is, they must not survive.
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let tokens: Vec<String> = PLANTED_TOKENS.iter().map(|t| format!("\"{t}\"")).collect();
    let wrapped = format!(
        "[{text},{},{{\"password\":\"{PLANTED_PASSWORD}\"}}]",
        tokens.join(",")
    );
    if let Ok((out, _)) = redactor.redact_json(&wrapped) {
        for planted in PLANTED_TOKENS.iter().chain([&PLANTED_PASSWORD]) {
            // The input may hold the token itself, glued to text that hides it.
            if !text.contains(planted) {
                assert!(!out.contains(planted), "{planted} survived: {out}");
            }
        }
    }
    // NDJSON: the input as one line among lines carrying planted secrets.
    let lines = format!(
        "{{\"password\":\"{PLANTED_PASSWORD}\"}}\n{text}\n[{}]\n",
        tokens.join(",")
    );
    if let Ok((out, _)) = redactor.redact_ndjson(&lines) {
        for planted in PLANTED_TOKENS.iter().chain([&PLANTED_PASSWORD]) {
            if !text.contains(planted) {
                assert!(
                    !out.contains(planted),
                    "{planted} survived in NDJSON: {out}"
                );
            }
        }
    }
});
