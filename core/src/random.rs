//! Randomness from the operating system's CSPRNG (`getrandom`): `getrandom(2)` and friends on
//! servers, `crypto.getRandomValues` in WebAssembly (Workers, browsers).
//!
//! Fails closed: when the platform cannot produce randomness the caller gets
//! [`Error::RandomUnavailable`], never a weaker fallback.

use crate::Error;

/// Fills `buf` with cryptographically secure random bytes.
pub fn fill(buf: &mut [u8]) -> Result<(), Error> {
    getrandom::fill(buf).map_err(|_| Error::RandomUnavailable)
}

/// `N` random bytes.
pub fn bytes<const N: usize>() -> Result<[u8; N], Error> {
    let mut out = [0u8; N];
    fill(&mut out)?;
    Ok(out)
}
