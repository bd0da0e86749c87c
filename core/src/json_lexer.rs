//! The lexical grammar of JSON (RFC 8259) that both JSON readers of the crate share: the
//! redactor's position-keeping scanner (`redact::json`, which copies untouched bytes verbatim
//! and never decodes) and the validator's bounded parser (`validate::json`, which decodes into
//! values under limits). Whitespace, the end of a run of plain string bytes (eight bytes at a
//! time), `\u` hex digits and the number grammar are defined once, here.
//!
//! What each reader does with the tokens stays its own: the redactor records where strings
//! lie and flags candidates for its detectors (an `=`, a run of card digits) in the same
//! eight-byte pass, and words errors as a byte offset; the validator decodes escapes, enforces
//! its limits while reading, and words errors with line and column. Merging those drivers
//! would make each pay for the other's work per byte.
//!
//! Sharing costs no speed. Measured when both readers moved onto this module: release
//! builds of the two commits, five interleaved runs each on one busy host (so absolute
//! figures are well below an idle machine's), best run. `redact_bench`: NDJSON 171 → 175
//! MB/s on-CPU, JSON text per record 187 → 188 MB/s, value path 55 → 64 MB/s.
//! `validate_bench` (the payment and order documents of `bench/node/validate.mjs`, 68 B,
//! 677 B, 5.3 KB): `parse_json` 3.57 → 3.13, 34.1 → 31.2, 386 → 365 µs; `Document::parse`
//! 1.83 → 1.93, 16.4 → 14.4, 133 → 118 µs. Every difference is inside the run-to-run spread
//! (±15% there). Reproduce: `cargo run --release -p edgeward-core --example redact_bench`
//! and `--example validate_bench -- SCHEMA.json DOC.json`.
//!
//! Threat model: every byte is an attacker's. Nothing here recurses, allocates or indexes
//! without a bound check; every function reads forward only, so a reader stays linear.

/// Skips JSON whitespace (space, tab, line feed, carriage return) from `i`.
#[inline]
pub(crate) fn skip_whitespace(b: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = b.get(i) {
        i += 1;
    }
    i
}

const ONES: u64 = u64::from_le_bytes([1; 8]);
const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);

/// The bytes of `word` (eight bytes of a string's content, read little-endian) that end a
/// run of plain string content: a quote, a backslash or a control byte. The high bit of each
/// such byte is set. Exact below the first such byte (bits above it may be set wrongly,
/// which no caller reads); zero when there is none. Bit tricks from "Bit Twiddling Hacks": a
/// byte is zero, a byte is below `n`.
#[inline]
pub(crate) fn string_stops(word: u64) -> u64 {
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x;
    let quote = zero_byte(word ^ (ONES * u64::from(b'"')));
    let backslash = zero_byte(word ^ (ONES * u64::from(b'\\')));
    let control = word.wrapping_sub(ONES * 0x20) & !word;
    (quote | backslash | control) & HIGHS
}

/// Whether `c` ends a run of plain string content (quote, backslash, control byte).
#[inline]
pub(crate) fn is_string_stop(c: u8) -> bool {
    c < 0x20 || c == b'"' || c == b'\\'
}

/// The end of the run of plain string bytes from `i`: the offset of the next quote,
/// backslash or control byte, or the end of `b`.
#[inline]
pub(crate) fn plain_run_end(b: &[u8], i: usize) -> usize {
    let rest = b.get(i..).unwrap_or_default();
    // Eight bytes at a time (strings are most of a document's bytes); the last few one by one.
    let mut plain = 0;
    while let Some(chunk) = rest.get(plain..plain + 8) {
        let Ok(bytes) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let stops = string_stops(u64::from_le_bytes(bytes));
        if stops != 0 {
            return i + plain + (stops.trailing_zeros() / 8) as usize;
        }
        plain += 8;
    }
    let tail = rest.get(plain..).unwrap_or_default();
    i + plain
        + tail
            .iter()
            .position(|&c| is_string_stop(c))
            .unwrap_or(tail.len())
}

/// The four hex digits of a `\u` escape at `i`, as a UTF-16 code unit.
#[inline]
pub(crate) fn hex4(b: &[u8], i: usize) -> Option<u32> {
    let mut v = 0u32;
    for k in 0..4 {
        let d = char::from(*b.get(i + k)?).to_digit(16)?;
        v = (v << 4) | d;
    }
    Some(v)
}

/// A number token: where it ends, and whether it is an integer (no fraction, no exponent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NumberToken {
    pub(crate) end: usize,
    pub(crate) integer: bool,
}

/// Where a number token breaks the grammar; each reader words its own message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumberError {
    /// No digit where the integer part starts (after an optional `-`), at this offset.
    Digit(usize),
    /// No digit after the decimal point, at this offset.
    FractionDigit(usize),
    /// No digit in the exponent, at this offset.
    ExponentDigit(usize),
}

/// Scans the number token at `i`: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
#[inline]
pub(crate) fn scan_number(b: &[u8], i: usize) -> Result<NumberToken, NumberError> {
    let digits = |mut j: usize| {
        while let Some(b'0'..=b'9') = b.get(j) {
            j += 1;
        }
        j
    };
    let mut j = i;
    if b.get(j) == Some(&b'-') {
        j += 1;
    }
    match b.get(j) {
        Some(b'0') => j += 1,
        Some(b'1'..=b'9') => j = digits(j + 1),
        _ => return Err(NumberError::Digit(j)),
    }
    let mut integer = true;
    if b.get(j) == Some(&b'.') {
        integer = false;
        j += 1;
        if !matches!(b.get(j), Some(b'0'..=b'9')) {
            return Err(NumberError::FractionDigit(j));
        }
        j = digits(j);
    }
    if let Some(b'e' | b'E') = b.get(j) {
        integer = false;
        j += 1;
        if let Some(b'+' | b'-') = b.get(j) {
            j += 1;
        }
        if !matches!(b.get(j), Some(b'0'..=b'9')) {
            return Err(NumberError::ExponentDigit(j));
        }
        j = digits(j);
    }
    Ok(NumberToken { end: j, integer })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing, clippy::unwrap_used)]
    use super::*;

    #[test]
    fn string_stops_find_the_first_end_in_a_word() {
        for at in 0..8 {
            for end in [b'"', b'\\', 0, 0x1f] {
                let mut bytes = *b"abcdefgh";
                bytes[at] = end;
                // Bytes after the first end must not hide it.
                if at < 7 {
                    bytes[7] = b'"';
                }
                let ends = string_stops(u64::from_le_bytes(bytes));
                assert_eq!(
                    ends.trailing_zeros() / 8,
                    u32::try_from(at).unwrap(),
                    "{bytes:?}"
                );
            }
        }
        for plain in [
            *b"abcdefgh",
            [0x20, 0x7f, 0x80, 0xff, 0xc3, 0xa9, b'!', b'#'],
        ] {
            assert_eq!(string_stops(u64::from_le_bytes(plain)), 0, "{plain:?}");
        }
    }

    #[test]
    fn numbers() {
        let ok = |t: &str| scan_number(t.as_bytes(), 0);
        assert_eq!(
            ok("0"),
            Ok(NumberToken {
                end: 1,
                integer: true
            })
        );
        assert_eq!(
            ok("-12,"),
            Ok(NumberToken {
                end: 3,
                integer: true
            })
        );
        assert_eq!(
            ok("1.5e+3]"),
            Ok(NumberToken {
                end: 6,
                integer: false
            })
        );
        assert_eq!(
            ok("01"),
            Ok(NumberToken {
                end: 1,
                integer: true
            })
        );
        assert_eq!(ok("-"), Err(NumberError::Digit(1)));
        assert_eq!(ok("1."), Err(NumberError::FractionDigit(2)));
        assert_eq!(ok("1e+"), Err(NumberError::ExponentDigit(3)));
    }

    #[test]
    fn plain_runs_end_at_every_offset() {
        for len in 0..20 {
            for stop in [b'"', b'\\', 0x00, 0x1f] {
                let mut text = vec![b'a'; len];
                text.push(stop);
                text.extend_from_slice(b"zzzzzzzzzz");
                assert_eq!(plain_run_end(&text, 0), len, "{len} {stop}");
                assert_eq!(plain_run_end(&text, len), len);
            }
            // Bytes of multi-byte characters and DEL are plain.
            let text = "é\u{7f}".repeat(len);
            assert_eq!(plain_run_end(text.as_bytes(), 0), text.len());
        }
    }
}
