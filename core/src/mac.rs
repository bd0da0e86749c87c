//! Keyed HMAC states, prepared once per secret so that each verification starts from the
//! precomputed inner and outer pads instead of re-hashing the key.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// Length in bytes of an HMAC-SHA256 tag.
pub const SHA256_TAG_LEN: usize = 32;

/// An HMAC-SHA256 key, ready to authenticate many messages.
///
/// The keyed state is zeroized on drop; `Debug` never shows it.
#[derive(Clone)]
pub struct HmacSha256Key {
    state: Hmac<Sha256>,
}

impl HmacSha256Key {
    /// Prepares the key. HMAC accepts keys of any length, including empty ones; callers
    /// that must refuse empty secrets check before calling.
    pub fn new(key: &[u8]) -> Self {
        // HMAC takes keys of every length, so this cannot fail; the fallback keeps it panic-free.
        let state = Hmac::<Sha256>::new_from_slice(key)
            .unwrap_or_else(|_| Hmac::<Sha256>::new(&Default::default()));
        HmacSha256Key { state }
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
    /// constant time. A `tag` that is empty or longer than a full tag never verifies.
    pub fn verify_prefix(&self, parts: &[&[u8]], tag: &[u8]) -> bool {
        let full = self.tag(parts);
        match full.get(..tag.len()) {
            Some(expected) if !tag.is_empty() => expected.ct_eq(tag).into(),
            _ => false,
        }
    }
}

impl core::fmt::Debug for HmacSha256Key {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("HmacSha256Key(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4231_case_2() {
        let key = HmacSha256Key::new(b"Jefe");
        let tag = key.tag(&[b"what do ya want ", b"for nothing?"]);
        assert_eq!(
            crate::hex::encode(&tag),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert!(key.verify_prefix(&[b"what do ya want for nothing?"], &tag));
        assert!(key.verify_prefix(&[b"what do ya want for nothing?"], &tag[..16]));
        assert!(!key.verify_prefix(&[b"what do ya want for nothing?"], &[]));
        assert!(!key.verify_prefix(&[b"what do ya want for nothing"], &tag));
        assert_eq!(format!("{key:?}"), "HmacSha256Key(<redacted>)");
    }
}
