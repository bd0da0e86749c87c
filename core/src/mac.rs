//! Keyed HMAC states, prepared once per secret so that each verification starts from the
//! precomputed inner and outer pads instead of re-hashing the key.
//!
//! Fail closed: a key the MAC cannot take is an error, never replaced by another key; a
//! truncated tag shorter than [`MIN_TAG_PREFIX_LEN`] never verifies (each byte dropped
//! halves the work of a forger).

use crate::error::Error;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// Length in bytes of an HMAC-SHA256 tag.
pub const SHA256_TAG_LEN: usize = 32;
/// Shortest truncated tag [`HmacSha256Key::verify_prefix`] accepts (128 bits, the shortest
/// truncation RFC 2104 and NIST SP 800-107 leave at full strength against forgery).
pub const MIN_TAG_PREFIX_LEN: usize = 16;

/// An HMAC-SHA256 key, ready to authenticate many messages.
///
/// The keyed state is zeroized on drop; `Debug` never shows it.
#[derive(Clone)]
pub struct HmacSha256Key {
    state: Hmac<Sha256>,
    /// The key as given, for hosts that compute the same MAC with their own hashing
    /// (WebCrypto on Workers: see `webhook::PendingMac`).
    key: Zeroizing<Vec<u8>>,
}

impl HmacSha256Key {
    /// Prepares the key. HMAC accepts keys of any length, including empty ones; callers
    /// that must refuse short or empty secrets check before calling. Should the MAC ever
    /// refuse a key, that is an `WEBHOOK_INVALID_SECRET` error: no other key is ever substituted.
    pub fn new(key: &[u8]) -> Result<Self, Error> {
        let state = Hmac::<Sha256>::new_from_slice(key).map_err(|_| Error::InvalidSecret {
            reason: "the key cannot be used as an HMAC-SHA256 key".to_owned(),
        })?;
        Ok(HmacSha256Key {
            state,
            key: Zeroizing::new(key.to_vec()),
        })
    }

    /// The key bytes as given to [`HmacSha256Key::new`].
    pub(crate) fn key_bytes(&self) -> &[u8] {
        &self.key
    }

    /// The tag of the concatenation of `parts`.
    pub fn tag(&self, parts: &[&[u8]]) -> [u8; SHA256_TAG_LEN] {
        let mut mac = self.state.clone();
        for part in parts {
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }

    /// Whether `tag` equals the leading `tag.len()` bytes of the tag of `parts`, compared in
    /// constant time. A `tag` shorter than [`MIN_TAG_PREFIX_LEN`] bytes (empty included) or
    /// longer than a full tag never verifies.
    pub fn verify_prefix(&self, parts: &[&[u8]], tag: &[u8]) -> bool {
        if tag.len() < MIN_TAG_PREFIX_LEN {
            return false;
        }
        let full = self.tag(parts);
        match full.get(..tag.len()) {
            Some(expected) => expected.ct_eq(tag).into(),
            None => false,
        }
    }
}

impl core::fmt::Debug for HmacSha256Key {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("HmacSha256Key(<redacted>)")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn rfc4231_case_2() {
        let key = HmacSha256Key::new(b"Jefe").unwrap();
        let tag = key.tag(&[b"what do ya want ", b"for nothing?"]);
        assert_eq!(
            crate::hex::encode(&tag),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert!(key.verify_prefix(&[b"what do ya want for nothing?"], &tag));
        assert!(key.verify_prefix(&[b"what do ya want for nothing?"], &tag[..16]));
        assert!(!key.verify_prefix(&[b"what do ya want for nothing?"], &[]));
        // Truncations below 16 bytes are refused even when they match.
        for short in [1, 4, 8, 15] {
            assert!(!key.verify_prefix(&[b"what do ya want for nothing?"], &tag[..short]));
        }
        let mut longer = tag.to_vec();
        longer.push(0);
        assert!(!key.verify_prefix(&[b"what do ya want for nothing?"], &longer));
        assert!(!key.verify_prefix(&[b"what do ya want for nothing"], &tag));
        assert_eq!(format!("{key:?}"), "HmacSha256Key(<redacted>)");
    }

    /// HMAC takes keys of every length (RFC 2104: long keys are hashed first): `new` is
    /// never an error for them, and no key is ever replaced by another one.
    #[test]
    fn every_key_length_is_its_own_key() {
        let empty = HmacSha256Key::new(b"").unwrap();
        let zero = HmacSha256Key::new(&[0u8; 64]).unwrap();
        let long = HmacSha256Key::new(&[7u8; 1000]).unwrap();
        // The empty key and the all-zero block are the same HMAC key by definition (keys
        // are zero-padded); a long key is distinct from both.
        assert_eq!(empty.tag(&[b"m"]), zero.tag(&[b"m"]));
        assert_ne!(long.tag(&[b"m"]), zero.tag(&[b"m"]));
    }
}
