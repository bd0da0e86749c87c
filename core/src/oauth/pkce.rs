//! PKCE (RFC 7636): code verifiers and their `S256` challenges.

use crate::Error;
use base64ct::{Base64UrlUnpadded, Encoding};
use sha2::{Digest, Sha256};

/// Shortest verifier RFC 7636 allows.
pub const MIN_VERIFIER_LENGTH: usize = 43;
/// Longest verifier RFC 7636 allows.
pub const MAX_VERIFIER_LENGTH: usize = 128;
/// Length of a generated verifier: 43 characters of a 66-letter alphabet, about 260 bits.
pub const DEFAULT_VERIFIER_LENGTH: usize = 43;

/// RFC 7636's unreserved characters, `[A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"`.
const UNRESERVED: &[u8; 66] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

/// A new code verifier of [`DEFAULT_VERIFIER_LENGTH`] characters from the OS CSPRNG.
pub fn generate_code_verifier() -> Result<String, Error> {
    generate_code_verifier_with_length(DEFAULT_VERIFIER_LENGTH)
}

/// A new code verifier of `length` (43 to 128) characters, uniform over the unreserved set.
pub fn generate_code_verifier_with_length(length: usize) -> Result<String, Error> {
    if !(MIN_VERIFIER_LENGTH..=MAX_VERIFIER_LENGTH).contains(&length) {
        return Err(Error::PkceInvalid {
            reason: format!(
                "a code verifier has {MIN_VERIFIER_LENGTH} to {MAX_VERIFIER_LENGTH} characters, \
                 not {length}"
            ),
        });
    }
    let mut out = String::with_capacity(length);
    // Rejection sampling: bytes below 198 (3 × 66) map uniformly onto the alphabet.
    let mut pool = [0u8; 64];
    while out.len() < length {
        crate::random::fill(&mut pool)?;
        for &b in &pool {
            if out.len() == length {
                break;
            }
            if b < 198 {
                if let Some(&c) = UNRESERVED.get(usize::from(b % 66)) {
                    out.push(char::from(c));
                }
            }
        }
    }
    Ok(out)
}

/// Refuses a verifier of the wrong length or with a character outside the unreserved set.
fn check_verifier(verifier: &str) -> Result<(), Error> {
    let len = verifier.len();
    if !(MIN_VERIFIER_LENGTH..=MAX_VERIFIER_LENGTH).contains(&len) {
        return Err(Error::PkceInvalid {
            reason: format!(
                "the code verifier has {len} bytes; RFC 7636 requires {MIN_VERIFIER_LENGTH} to \
                 {MAX_VERIFIER_LENGTH} characters"
            ),
        });
    }
    if let Some(position) = verifier.bytes().position(|b| !UNRESERVED.contains(&b)) {
        return Err(Error::PkceInvalid {
            reason: format!(
                "the code verifier has a character outside A-Z a-z 0-9 - . _ ~ at byte {position}"
            ),
        });
    }
    Ok(())
}

/// `BASE64URL(SHA256(verifier))`, the `S256` code challenge. Refuses a malformed verifier.
pub fn code_challenge_s256(verifier: &str) -> Result<String, Error> {
    check_verifier(verifier)?;
    Ok(Base64UrlUnpadded::encode_string(&Sha256::digest(
        verifier.as_bytes(),
    )))
}

/// The code challenge for `method`. Only `S256` exists here: `plain` sends the verifier itself
/// and lets an attacker who downgrades the method redeem an intercepted code (RFC 9700 §4.8.2).
pub fn code_challenge(verifier: &str, method: &str) -> Result<String, Error> {
    if method != "S256" {
        return Err(Error::PkceInvalid {
            reason: if method.eq_ignore_ascii_case("plain") {
                "the `plain` method is not supported (it allows a downgrade attack, RFC 9700 \
                 §4.8.2): use S256"
                    .to_owned()
            } else {
                "unknown code challenge method: use S256".to_owned()
            },
        });
    }
    code_challenge_s256(verifier)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b() {
        assert_eq!(
            code_challenge_s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").ok(),
            Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".to_owned())
        );
    }

    #[test]
    fn generated_verifiers_are_valid_and_differ() {
        let a = generate_code_verifier().unwrap_or_default();
        let b = generate_code_verifier().unwrap_or_default();
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert!(code_challenge_s256(&a).is_ok());
        let long = generate_code_verifier_with_length(128).unwrap_or_default();
        assert_eq!(long.len(), 128);
        assert!(generate_code_verifier_with_length(42).is_err());
        assert!(generate_code_verifier_with_length(129).is_err());
    }

    #[test]
    fn plain_and_bad_verifiers_are_refused() {
        let v = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert!(code_challenge(v, "plain").is_err());
        assert!(code_challenge(v, "s256").is_err());
        assert!(code_challenge(v, "S256").is_ok());
        assert!(code_challenge_s256(&v[..42]).is_err());
        assert!(code_challenge_s256(&"a".repeat(129)).is_err());
        assert!(code_challenge_s256(&format!("{}+", &v[..42])).is_err());
        assert!(code_challenge_s256(&format!("{}é", &v[..41])).is_err());
    }
}
