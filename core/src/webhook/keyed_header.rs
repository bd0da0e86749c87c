//! The keyed-list signature header format: one header of `key=value` entries carrying both
//! the timestamp and the signatures. Generic over its separators and keys ([`KeyedFormat`]):
//! Stripe's `t=<unix seconds>,v1=<hex>` is one instance ([`STRIPE`]), Paddle's `ts=…;h1=…`
//! would be another.
//!
//! Parsing never allocates: signatures are decoded into a fixed array on the stack.

use super::{MAX_SIGNATURES, parse_unix_seconds};
use crate::error::Error;
use crate::hex;
use crate::mac::SHA256_TAG_LEN;

/// The shape of one keyed-list header.
#[derive(Debug)]
pub(crate) struct KeyedFormat {
    /// The header this format is read from.
    pub header: &'static str,
    /// Separates entries.
    pub entry_separator: char,
    /// Separates an entry's key from its value.
    pub key_separator: char,
    /// The key of the timestamp entry.
    pub timestamp_key: &'static str,
    /// The key of the signature entries this crate verifies; other keys (`v0`, …) are
    /// ignored.
    pub signature_key: &'static str,
}

/// Stripe's `stripe-signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]`.
pub(crate) const STRIPE: KeyedFormat = KeyedFormat {
    header: "stripe-signature",
    entry_separator: ',',
    key_separator: '=',
    timestamp_key: "t",
    signature_key: "v1",
};

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

/// Parses a Stripe header (kept for the unit tests below; the verifier calls
/// [`parse_keyed`]).
#[cfg(test)]
pub(super) fn parse(header: Option<&str>, max_bytes: usize) -> Result<ParsedHeader<'_>, Error> {
    parse_keyed(header, max_bytes, &STRIPE)
}

pub(super) fn parse_keyed<'h>(
    header: Option<&'h str>,
    max_bytes: usize,
    format: &KeyedFormat,
) -> Result<ParsedHeader<'h>, Error> {
    let header = header.unwrap_or("");
    if header.len() > max_bytes {
        return Err(malformed(format!(
            "the header is {} bytes, over the limit of {max_bytes} bytes",
            header.len()
        )));
    }
    if header.trim().is_empty() {
        return Err(Error::MissingHeader {
            header: format.header,
        });
    }
    let t_key = format.timestamp_key;
    let v_key = format.signature_key;
    let (entry_sep, key_sep) = (format.entry_separator, format.key_separator);

    let mut timestamp: Option<(&str, i64)> = None;
    let mut parsed = ParsedHeader {
        timestamp_text: "",
        timestamp: 0,
        signatures: [[0; SHA256_TAG_LEN]; MAX_SIGNATURES],
        signature_count: 0,
    };
    for entry in header.split(entry_sep) {
        let entry = entry.trim();
        if entry.is_empty() {
            continue;
        }
        let Some((key, value)) = entry.split_once(key_sep) else {
            return Err(malformed(format!(
                "every entry must be `key{key_sep}value`, as in \
                 `{t_key}{key_sep}1700000000{entry_sep}{v_key}{key_sep}…`"
            )));
        };
        let key = key.trim();
        if key == t_key {
            if timestamp.is_some() {
                return Err(malformed(format!("`{t_key}` appears more than once")));
            }
            let text = value.trim();
            timestamp = Some((text, parse_unix_seconds(text, t_key)?));
        } else if key == v_key {
            let Some(slot) = parsed.signatures.get_mut(parsed.signature_count) else {
                return Err(malformed(format!(
                    "more than {MAX_SIGNATURES} `{v_key}` signatures; a sender never needs that many"
                )));
            };
            if hex::decode_into(value.trim().as_bytes(), slot).is_none() {
                return Err(malformed(format!(
                    "a `{v_key}` signature must be {} lowercase hex characters",
                    SHA256_TAG_LEN * 2
                )));
            }
            parsed.signature_count += 1;
        }
    }
    let Some((text, value)) = timestamp else {
        return Err(malformed(format!("no `{t_key}{key_sep}` timestamp entry")));
    };
    if parsed.signature_count == 0 {
        return Err(Error::NoSignatures { expected: v_key });
    }
    parsed.timestamp_text = text;
    parsed.timestamp = value;
    Ok(parsed)
}

/// The header value for one signature.
pub(super) fn format_keyed(format: &KeyedFormat, timestamp_text: &str, tag: &[u8]) -> String {
    format!(
        "{t}{ks}{timestamp_text}{es}{v}{ks}{sig}",
        t = format.timestamp_key,
        v = format.signature_key,
        ks = format.key_separator,
        es = format.entry_separator,
        sig = hex::encode(tag)
    )
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
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
