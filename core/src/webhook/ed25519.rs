//! Ed25519 signatures (Standard Webhooks `v1a`), verified strictly.
//!
//! Verification is `ed25519-dalek`'s `verify_strict`: RFC 8032 with a canonical `S`
//! required, and public keys or `R` points of small order refused, so a signature cannot be
//! made to verify under several keys or messages. Public keys of small order are refused at
//! construction. The Wycheproof Ed25519 vectors run through [`Ed25519PublicKey::verify`],
//! the function the webhook verifier calls.

use ed25519_dalek::{Signature, VerifyingKey};

/// Length of an Ed25519 public key.
pub const ED25519_PUBLIC_KEY_LEN: usize = 32;
/// Length of an Ed25519 signature.
pub const ED25519_SIGNATURE_LEN: usize = 64;

/// An Ed25519 public key, ready to verify.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Ed25519PublicKey(VerifyingKey);

impl Ed25519PublicKey {
    /// Reads a 32-byte public key; `None` unless it is exactly 32 bytes encoding a curve
    /// point outside the small-order subgroup.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let array = <&[u8; ED25519_PUBLIC_KEY_LEN]>::try_from(bytes).ok()?;
        let key = VerifyingKey::from_bytes(array).ok()?;
        (!key.is_weak()).then_some(Ed25519PublicKey(key))
    }

    pub(super) fn from_verifying_key(key: VerifyingKey) -> Option<Self> {
        (!key.is_weak()).then_some(Ed25519PublicKey(key))
    }

    /// Whether `signature` (64 bytes) is this key's signature of `message`.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        let Ok(bytes) = <&[u8; ED25519_SIGNATURE_LEN]>::try_from(signature) else {
            return false;
        };
        self.0
            .verify_strict(message, &Signature::from_bytes(bytes))
            .is_ok()
    }

    /// The key's 32 bytes.
    pub fn to_bytes(&self) -> [u8; ED25519_PUBLIC_KEY_LEN] {
        self.0.to_bytes()
    }
}

impl core::fmt::Debug for Ed25519PublicKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Public, but printed like every other key so that logs stay uniform.
        f.write_str("Ed25519PublicKey(<redacted>)")
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
    use ed25519_dalek::{Signer, SigningKey};

    #[test]
    fn sign_and_verify() {
        let signing = SigningKey::from_bytes(&[3u8; 32]);
        let public = Ed25519PublicKey::from_bytes(signing.verifying_key().as_bytes()).unwrap();
        let signature = signing.sign(b"hello").to_bytes();
        assert!(public.verify(b"hello", &signature));
        assert!(!public.verify(b"hellO", &signature));
        assert!(!public.verify(b"hello", &signature[..63]));
        assert!(!public.verify(b"hello", &[0u8; 64]));
        assert!(!public.verify(b"hello", &[0xffu8; 64]));
        assert!(Ed25519PublicKey::from_bytes(&[0u8; 31]).is_none());
        // The identity point is of small order.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert!(Ed25519PublicKey::from_bytes(&identity).is_none());
    }
}
