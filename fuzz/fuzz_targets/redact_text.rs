//! Redaction of free text. Byte 0 picks the redactor (mode, report); the rest is the text
//! (any bytes: invalid UTF-8 becomes U+FFFD). Invariants: no panic; tokens the detectors
//! know, planted on their own lines around the input, never survive.
#![no_main]

use edgeward_fuzz::{PLANTED_TOKENS, contains, pick_redactor};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((redactor, text)) = pick_redactor(data) else {
        return;
    };
    let _ = redactor.redact_text_bytes(text);

    let mut planted = Vec::with_capacity(text.len() + 256);
    for token in PLANTED_TOKENS {
        planted.extend_from_slice(token.as_bytes());
        planted.push(b'\n');
    }
    planted.extend_from_slice(text);
    for token in PLANTED_TOKENS {
        planted.push(b'\n');
        planted.extend_from_slice(token.as_bytes());
    }
    planted.push(b'\n');
    if let Ok((out, _)) = redactor.redact_text_bytes(&planted) {
        for token in PLANTED_TOKENS {
            // The input may hold the token itself, glued to text that hides it.
            if contains(text, token.as_bytes()) {
                continue;
            }
            assert!(!out.contains(token), "{token} survived");
        }
    }
});
