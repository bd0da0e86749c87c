//! Path building (`build_path`, `encode_path_segment`). Input: the template on the first
//! line, then `name=value` parameters, one per line. Invariants: no panic; every encoded
//! segment is made of unreserved characters and `%XX` escapes only, decodes back to the value,
//! and is never `.` or `..`; a built path contains no character a parameter could have used
//! to leave its segment unless the template itself has it.
#![no_main]

use edgeward_core::request_path::{build_path, encode_path_segment};
use libfuzzer_sys::fuzz_target;

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    let mut bytes = text.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hi = char::from(bytes.next()?).to_digit(16)?;
            let lo = char::from(bytes.next()?).to_digit(16)?;
            out.push(u8::try_from(hi * 16 + lo).ok()?);
        } else {
            out.push(b);
        }
    }
    Some(out)
}

fn unreserved_or_escape(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'%')
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.split('\n');
    let template = lines.next().unwrap_or_default();
    let params: Vec<(&str, &str)> = lines.filter_map(|line| line.split_once('=')).collect();

    for (_, value) in &params {
        if let Ok(encoded) = encode_path_segment(value) {
            assert!(encoded.bytes().all(unreserved_or_escape), "{encoded}");
            assert!(encoded != "." && encoded != ".." && !encoded.is_empty());
            assert_eq!(percent_decode(&encoded).as_deref(), Some(value.as_bytes()));
        }
    }
    if let Ok(path) = build_path(template, &params) {
        for c in ['/', '?', '#', '{', '}', ' '] {
            if !template.contains(c) {
                assert!(!path.contains(c), "{c:?} in {path:?}");
            }
        }
    }
});
