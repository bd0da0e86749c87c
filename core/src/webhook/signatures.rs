//! Parsing signature headers into fixed-size arrays of raw signature bytes.
//!
//! Every header here is attacker input. Parsing allocates nothing, examines at most
//! [`MAX_SIGNATURE_ENTRIES`] entries and keeps at most [`MAX_SIGNATURES`] signatures, so its
//! work is bounded whatever the header length limit is set to. Signatures must be in their
//! canonical encoding (lowercase hex; padded standard base64 of exactly the signature's
//! length): anything else is refused as malformed instead of being guessed at.

use super::ed25519::ED25519_SIGNATURE_LEN;
use super::keyed_header::{self, KeyedFormat};
use super::scheme::{Encoding, SignatureFormat};
use super::{MAX_SIGNATURE_ENTRIES, MAX_SIGNATURES};
use crate::error::Error;
use crate::hex;
use crate::mac::SHA256_TAG_LEN;
use base64ct::{Base64, Encoding as _};

/// The signatures found in one header.
pub(super) struct Signatures<'h> {
    hmac: [[u8; SHA256_TAG_LEN]; MAX_SIGNATURES],
    hmac_count: usize,
    ed25519: [[u8; ED25519_SIGNATURE_LEN]; MAX_SIGNATURES],
    ed25519_count: usize,
    /// The timestamp, when the signature header carries it (Stripe): exactly as sent, and
    /// its value.
    pub timestamp: Option<(&'h str, i64)>,
}

impl<'h> Signatures<'h> {
    fn new() -> Self {
        Signatures {
            hmac: [[0; SHA256_TAG_LEN]; MAX_SIGNATURES],
            hmac_count: 0,
            ed25519: [[0; ED25519_SIGNATURE_LEN]; MAX_SIGNATURES],
            ed25519_count: 0,
            timestamp: None,
        }
    }

    /// The HMAC-SHA256 tags.
    pub fn hmac(&self) -> &[[u8; SHA256_TAG_LEN]] {
        self.hmac.get(..self.hmac_count).unwrap_or(&[])
    }

    /// The Ed25519 signatures.
    pub fn ed25519(&self) -> &[[u8; ED25519_SIGNATURE_LEN]] {
        self.ed25519.get(..self.ed25519_count).unwrap_or(&[])
    }

    /// How many signatures the header carried, of every kind.
    pub fn count(&self) -> usize {
        self.hmac_count + self.ed25519_count
    }

    fn total_full(&self) -> bool {
        self.count() >= MAX_SIGNATURES
    }
}

fn malformed(reason: impl Into<String>) -> Error {
    Error::MalformedHeader {
        reason: reason.into(),
    }
}

/// Parses the value of a signature header (already length-checked and known non-blank).
pub(super) fn parse<'h>(
    format: &SignatureFormat,
    header: &'h str,
    max_bytes: usize,
) -> Result<Signatures<'h>, Error> {
    match format {
        SignatureFormat::Keyed(keyed) => parse_keyed(keyed, header, max_bytes),
        SignatureFormat::Versioned => parse_versioned(header),
        SignatureFormat::Single { prefix, encoding } => parse_single(header, prefix, *encoding),
    }
}

fn parse_keyed<'h>(
    format: &KeyedFormat,
    header: &'h str,
    max_bytes: usize,
) -> Result<Signatures<'h>, Error> {
    let parsed = keyed_header::parse_keyed(Some(header), max_bytes, format)?;
    let mut out = Signatures::new();
    for (slot, signature) in out.hmac.iter_mut().zip(parsed.signatures()) {
        *slot = *signature;
    }
    out.hmac_count = parsed.signatures().len();
    out.timestamp = Some((parsed.timestamp_text, parsed.timestamp));
    Ok(out)
}

/// The base64 length of `len` bytes, padded.
const fn base64_len(len: usize) -> usize {
    len.div_ceil(3) * 4
}

/// Decodes exactly `out.len()` bytes of canonical, padded base64.
fn decode_base64_exact(text: &str, out: &mut [u8]) -> bool {
    if text.len() != base64_len(out.len()) {
        return false;
    }
    let expected = out.len();
    matches!(Base64::decode(text, out), Ok(decoded) if decoded.len() == expected)
}

/// Standard Webhooks: `v1,<base64> v1a,<base64> …`, space separated. Entries of other
/// versions are skipped (a sender may add new ones); a `v1`/`v1a` entry that does not decode
/// to a signature of the right length is refused.
fn parse_versioned(header: &str) -> Result<Signatures<'_>, Error> {
    let mut out = Signatures::new();
    for (examined, entry) in header.split_ascii_whitespace().enumerate() {
        if examined >= MAX_SIGNATURE_ENTRIES {
            return Err(malformed(format!(
                "more than {MAX_SIGNATURE_ENTRIES} entries in the signature header; a sender \
                 never needs that many"
            )));
        }
        let Some((version, value)) = entry.split_once(',') else {
            return Err(malformed(
                "every signature entry must be `version,signature`, as in `v1,<base64>`",
            ));
        };
        match version {
            "v1" | "v1a" if out.total_full() => {
                return Err(malformed(format!(
                    "more than {MAX_SIGNATURES} `v1`/`v1a` signatures; a sender never needs \
                     that many"
                )));
            }
            "v1" => {
                let decoded = out
                    .hmac
                    .get_mut(out.hmac_count)
                    .is_some_and(|slot| decode_base64_exact(value, slot));
                match decoded {
                    true => out.hmac_count += 1,
                    false => {
                        return Err(malformed(format!(
                            "a `v1` signature must be {} characters of padded base64 ({} bytes)",
                            base64_len(SHA256_TAG_LEN),
                            SHA256_TAG_LEN
                        )));
                    }
                }
            }
            "v1a" => {
                let decoded = out
                    .ed25519
                    .get_mut(out.ed25519_count)
                    .is_some_and(|slot| decode_base64_exact(value, slot));
                match decoded {
                    true => out.ed25519_count += 1,
                    false => {
                        return Err(malformed(format!(
                            "a `v1a` signature must be {} characters of padded base64 ({} bytes, \
                             an Ed25519 signature)",
                            base64_len(ED25519_SIGNATURE_LEN),
                            ED25519_SIGNATURE_LEN
                        )));
                    }
                }
            }
            _ => {}
        }
    }
    if out.count() == 0 {
        return Err(Error::NoSignatures {
            expected: "v1` or `v1a",
        });
    }
    Ok(out)
}

/// One signature after a fixed prefix.
fn parse_single<'h>(
    header: &'h str,
    prefix: &'static str,
    encoding: Encoding,
) -> Result<Signatures<'h>, Error> {
    let header = header.trim();
    let Some(value) = header.strip_prefix(prefix) else {
        return Err(malformed(format!(
            "the signature must start with `{prefix}`"
        )));
    };
    let mut out = Signatures::new();
    let Some(slot) = out.hmac.first_mut() else {
        return Err(malformed("no room for a signature"));
    };
    let decoded = match encoding {
        Encoding::Hex => hex::decode_into(value.as_bytes(), slot).is_some(),
        Encoding::Base64 => decode_base64_exact(value, slot),
    };
    if !decoded {
        let expected = match encoding {
            Encoding::Hex => format!("{} lowercase hex characters", SHA256_TAG_LEN * 2),
            Encoding::Base64 => {
                format!("{} characters of padded base64", base64_len(SHA256_TAG_LEN))
            }
        };
        return Err(malformed(format!(
            "the signature after `{prefix}` must be {expected} (one HMAC-SHA256)"
        )));
    }
    out.hmac_count = 1;
    Ok(out)
}

/// Encodes a signature as the scheme writes it.
pub(super) fn encode(encoding: Encoding, bytes: &[u8]) -> String {
    match encoding {
        Encoding::Hex => hex::encode(bytes),
        Encoding::Base64 => Base64::encode_string(bytes),
    }
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

    const V1: &str = "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    fn code(header: &str) -> ErrorCode {
        match parse_versioned(header) {
            Ok(_) => panic!("expected an error for {header:?}"),
            Err(e) => e.code(),
        }
    }

    #[test]
    fn versioned_entries() {
        let v1a = Base64::encode_string(&[7u8; 64]);
        let header = format!("v2,zzz  v1,{V1} v1a,{v1a}\tv1,{V1}");
        let parsed = parse_versioned(&header).unwrap();
        assert_eq!(parsed.hmac().len(), 2);
        assert_eq!(parsed.ed25519().len(), 1);
        assert_eq!(parsed.ed25519()[0], [7u8; 64]);
    }

    #[test]
    fn versioned_hostile() {
        assert_eq!(code("v2,abc"), ErrorCode::NoSignatures);
        assert_eq!(code("v1"), ErrorCode::MalformedHeader);
        assert_eq!(
            code(&format!("v1,{}", &V1[..43])),
            ErrorCode::MalformedHeader
        );
        assert_eq!(
            code(&format!("v1,{}", &V1[..42])),
            ErrorCode::MalformedHeader
        );
        assert_eq!(code("v1,!!!!"), ErrorCode::MalformedHeader);
        // Non-canonical trailing bits are refused, not silently decoded.
        assert_eq!(
            code("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OF="),
            ErrorCode::MalformedHeader
        );
        let short = Base64::encode_string(&[1u8; 63]);
        assert_eq!(code(&format!("v1a,{short}")), ErrorCode::MalformedHeader);
        let long = Base64::encode_string(&[1u8; 65]);
        assert_eq!(code(&format!("v1a,{long}")), ErrorCode::MalformedHeader);
        assert_eq!(code(&format!("v1a,{V1}")), ErrorCode::MalformedHeader);
        let many = format!("v1,{V1} ").repeat(MAX_SIGNATURES + 1);
        assert_eq!(code(&many), ErrorCode::MalformedHeader);
        let entries = "x,y ".repeat(5000);
        assert_eq!(code(&entries), ErrorCode::MalformedHeader);
    }

    #[test]
    fn single_signatures() {
        let hex = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        let header = format!(" sha256={hex} ");
        let parsed = parse_single(&header, "sha256=", Encoding::Hex).unwrap();
        assert_eq!(parsed.hmac().len(), 1);
        for bad in [
            hex.to_owned(),
            format!("sha1={hex}"),
            format!("sha256={}", hex.to_uppercase()),
            format!("sha256={hex}00"),
            format!("sha256={hex},sha256={hex}"),
        ] {
            assert_eq!(
                parse_single(&bad, "sha256=", Encoding::Hex)
                    .err()
                    .map(|e| e.code()),
                Some(ErrorCode::MalformedHeader),
                "{bad}"
            );
        }
        assert!(parse_single(V1, "", Encoding::Base64).is_ok());
        assert!(parse_single(&V1[..43], "", Encoding::Base64).is_err());
    }
}
