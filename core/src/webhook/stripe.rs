//! The `t=<unix seconds>,v1=<hex>` header (Stripe's scheme).
//!
//! Parsing never allocates: signatures are decoded into a fixed array on the stack.

use super::MAX_SIGNATURES;
use crate::error::Error;
use crate::hex;
use crate::mac::SHA256_TAG_LEN;

/// The header this scheme reads.
pub(super) const HEADER_NAME: &str = "stripe-signature";
/// The signature entry this scheme verifies; other entries (`v0`, …) are ignored.
const SIGNATURE_KEY: &str = "v1";
/// Longest decimal timestamp accepted; `i64::MAX` has 19 digits.
const MAX_TIMESTAMP_DIGITS: usize = 19;

#[derive(Debug)]
pub(super) struct ParsedHeader<'h> {
    /// The timestamp exactly as sent: the signed content uses these bytes, not a re-rendering.
    pub timestamp_text: &'h str,
    pub timestamp: i64,
    signatures: [[u8; SHA256_TAG_LEN]; MAX_SIGNATURES],
    signature_count: usize,
}

impl ParsedHeader<'_> {
    pub fn signatures(&self) -> &[[u8; SHA256_TAG_LEN]] {
        self.signatures
            .get(..self.signature_count)
            .unwrap_or(&self.signatures)
    }
}

fn malformed(reason: impl Into<String>) -> Error {
    Error::MalformedHeader {
        reason: reason.into(),
    }
}

fn parse_timestamp(text: &str) -> Result<i64, Error> {
    let canonical = !text.is_empty()
        && text.len() <= MAX_TIMESTAMP_DIGITS
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    if !canonical {
        // Canonical digits only: the signed content uses the text as sent, and senders
        // sign the integer's plain decimal form, so any other spelling is refused.
        return Err(malformed(
            "`t` must be a non-negative whole number of Unix seconds, in plain decimal digits",
        ));
    }
    text.parse::<i64>()
        .map_err(|_| malformed("`t` is out of range for Unix seconds"))
}

pub(super) fn parse(header: Option<&str>, max_bytes: usize) -> Result<ParsedHeader<'_>, Error> {
    let header = header.unwrap_or("");
    if header.len() > max_bytes {
        return Err(malformed(format!(
            "the header is {} bytes, over the limit of {max_bytes} bytes",
            header.len()
        )));
    }
    if header.trim().is_empty() {
        return Err(Error::MissingHeader {
            header: HEADER_NAME,
        });
    }

    let mut timestamp: Option<(&str, i64)> = None;
    let mut parsed = ParsedHeader {
        timestamp_text: "",
        timestamp: 0,
        signatures: [[0; SHA256_TAG_LEN]; MAX_SIGNATURES],
        signature_count: 0,
    };
    for entry in header.split(',') {
        let entry = entry.trim();
        if entry.is_empty() {
            continue;
        }
        let Some((key, value)) = entry.split_once('=') else {
            return Err(malformed(
                "every entry must be `key=value`, as in `t=1700000000,v1=…`",
            ));
        };
        match key.trim() {
            "t" => {
                if timestamp.is_some() {
                    return Err(malformed("`t` appears more than once"));
                }
                let text = value.trim();
                timestamp = Some((text, parse_timestamp(text)?));
            }
            SIGNATURE_KEY => {
                let Some(slot) = parsed.signatures.get_mut(parsed.signature_count) else {
                    return Err(malformed(format!(
                        "more than {MAX_SIGNATURES} `v1` signatures; a sender never needs that many"
                    )));
                };
                if hex::decode_into(value.trim().as_bytes(), slot).is_none() {
                    return Err(malformed(format!(
                        "a `v1` signature must be {} lowercase hex characters",
                        SHA256_TAG_LEN * 2
                    )));
                }
                parsed.signature_count += 1;
            }
            _ => {}
        }
    }
    let Some((text, value)) = timestamp else {
        return Err(malformed("no `t=` timestamp entry"));
    };
    if parsed.signature_count == 0 {
        return Err(Error::NoSignatures {
            expected: SIGNATURE_KEY,
        });
    }
    parsed.timestamp_text = text;
    parsed.timestamp = value;
    Ok(parsed)
}

pub(super) fn format(timestamp_text: &str, tag: &[u8]) -> String {
    format!("t={timestamp_text},{SIGNATURE_KEY}={}", hex::encode(tag))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    const SIG: &str = "5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd";

    fn code(header: &str) -> ErrorCode {
        match parse(Some(header), 8192) {
            Ok(_) => panic!("expected an error for {header:?}"),
            Err(e) => e.code(),
        }
    }

    #[test]
    fn parses_with_whitespace_and_other_schemes() {
        let header = format!(" t = 12 , v0=zz, v1={SIG} ,v1={SIG}");
        let parsed = parse(Some(&header), 8192).unwrap();
        assert_eq!(parsed.timestamp, 12);
        assert_eq!(parsed.timestamp_text, "12");
        assert_eq!(parsed.signatures().len(), 2);
    }

    #[test]
    fn hostile_headers() {
        assert_eq!(code(""), ErrorCode::MissingHeader);
        assert_eq!(code("   "), ErrorCode::MissingHeader);
        assert_eq!(
            parse(None, 10).unwrap_err().code(),
            ErrorCode::MissingHeader
        );
        assert_eq!(code(&"a".repeat(8193)), ErrorCode::MalformedHeader);
        assert_eq!(code(&format!("t=abc,v1={SIG}")), ErrorCode::MalformedHeader);
        assert_eq!(code(&format!("t=-5,v1={SIG}")), ErrorCode::MalformedHeader);
        assert_eq!(code(&format!("t=+5,v1={SIG}")), ErrorCode::MalformedHeader);
        assert_eq!(
            code(&format!("t=9223372036854775808,v1={SIG}")),
            ErrorCode::MalformedHeader
        );
        assert_eq!(
            code(&format!("t=99999999999999999999,v1={SIG}")),
            ErrorCode::MalformedHeader
        );
        assert_eq!(code(&format!("t=,v1={SIG}")), ErrorCode::MalformedHeader);
        assert_eq!(code(&format!("v1={SIG}")), ErrorCode::MalformedHeader);
        assert_eq!(
            code(&format!("t=1,t=1,v1={SIG}")),
            ErrorCode::MalformedHeader
        );
        assert_eq!(code("t=1,v1=xyz"), ErrorCode::MalformedHeader);
        assert_eq!(
            code(&format!("t=1,v1={}", SIG.to_uppercase())),
            ErrorCode::MalformedHeader
        );
        assert_eq!(code("t=1"), ErrorCode::NoSignatures);
        assert_eq!(code("t=1,v0=abc"), ErrorCode::NoSignatures);
        assert_eq!(code("t=1,garbage"), ErrorCode::MalformedHeader);
        let many = format!("t=1{}", format!(",v1={SIG}").repeat(MAX_SIGNATURES + 1));
        assert_eq!(code(&many), ErrorCode::MalformedHeader);
        assert_eq!(code("t=1,v1=é"), ErrorCode::MalformedHeader);
    }

    #[test]
    fn max_i64_timestamp_parses() {
        let header = format!("t=9223372036854775807,v1={SIG}");
        assert_eq!(parse(Some(&header), 8192).unwrap().timestamp, i64::MAX);
    }
}
