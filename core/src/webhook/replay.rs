//! Replay protection: refusing a delivery that was already accepted.
//!
//! ## Threat model
//! An attacker who captures one genuine delivery (a log, a proxy, a misrouted request) can
//! send it again. Timestamps bound that window for schemes that sign one (`stripe`,
//! `standard`, `slack`: the tolerance, both directions) and do not bound it at all for the
//! others (`github`, `shopify`). Providers also redeliver the same event on their own.
//!
//! After a delivery verifies, [`Verified`] carries a [`ReplayKey`] and the time until which
//! it must be remembered ([`Verified::replay_expires_at`]); a [`ReplayStore`] answers
//! "seen before?" and remembers it. Only verified deliveries reach a store, so forged
//! traffic cannot fill it.
//!
//! ## The key
//! - Schemes with a signed delivery id (`standard`): the id, bound to the endpoint (hashed
//!   with the HMAC of a fixed label under the first secret, or with the first Ed25519 public
//!   key), so that two endpoints sharing one store both accept their own delivery of the same
//!   message id. A provider's retry of the same event carries the same id and is reported as
//!   `WEBHOOK_REPLAYED` while the first attempt is remembered. If your handler failed after verification and you want the provider's retry
//!   to go through, [`ReplayGuard::forget`] the key (or delete it from your store).
//! - Other schemes: the HMAC of the signed content under the first secret. This depends on
//!   the signed content only, not on which signature or secret matched, so stripping one
//!   of several signatures or re-encoding one does not produce a fresh key.
//!
//! Keys are a domain-separated SHA-256, truncated to 128 bits: fixed size, no secret or
//! payload recoverable, short enough for any external store (Workers KV allows 512 bytes).
//!
//! ## Window
//! An entry lives until `timestamp + tolerance` (inclusive) for timestamped schemes: after
//! that the timestamp check refuses the delivery anyway. For schemes without a timestamp
//! (`github`, `shopify`) nothing signed bounds a replay, so an entry lives for the replay
//! retention ([`WebhookOptions::replay_retention_seconds`](super::WebhookOptions), 7 days by
//! default) from acceptance; a replay after that verifies again.
//!
//! ## When the in-memory guard is full
//! Expired entries are freed first. If every entry is still live, the delivery is refused
//! with `WEBHOOK_REPLAY_GUARD_FULL` and nothing is forgotten (fail closed). Evicting instead would
//! let anyone who can make the genuine sender send (opening issues on a public repository,
//! placing orders in a shop) push a captured delivery out of the guard and replay it.
//! Refusing turns that into a denial of service the operator sees (the error code) rather
//! than a silent replay; size `max_entries` above the peak number of deliveries per window
//! (retention for `github`/`shopify`, twice the tolerance for the others), or use an
//! external store, which has no such bound.
//!
//! ## External stores
//! [`ReplayStore::seen`] is the whole contract: "if `key` is stored and not expired, answer
//! `true`; otherwise store it for `ttl_seconds` and answer `false`", atomically. Redis:
//! `SET key 1 NX EX ttl` (seen when the reply is nil). Workers KV is eventually consistent
//! (two concurrent duplicates can both pass); a Durable Object gives exact answers.
//! Closures `FnMut(&str, u64) -> bool` taking the key's text form are stores. Asynchronous
//! stores (JS promises) are consulted by the binding with [`Verified::replay_key`] and
//! [`Verified::replay_ttl_seconds`], raising [`Verified::replay_error`] when seen.

use super::Verified;
use super::scheme::Scheme;
use crate::error::Error;
use std::collections::BTreeMap;

/// Default [`ReplayGuard`] capacity.
pub const DEFAULT_REPLAY_MAX_ENTRIES: usize = 10_000;
/// Largest accepted [`ReplayGuard`] capacity (about 1 GiB of entries).
pub const MAX_REPLAY_MAX_ENTRIES: usize = 10_000_000;
/// Length of a replay key's digest, in bytes.
pub const REPLAY_DIGEST_LEN: usize = 16;

/// The identity of a delivery for replay detection. Its text form,
/// `edgeward:<scheme>:<32 hex digits>`, is what external stores see.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReplayKey {
    scheme: Scheme,
    digest: [u8; REPLAY_DIGEST_LEN],
}

impl ReplayKey {
    /// A key from its parts (tests and stores that persist keys in binary form).
    pub const fn new(scheme: Scheme, digest: [u8; REPLAY_DIGEST_LEN]) -> Self {
        ReplayKey { scheme, digest }
    }

    /// The scheme the delivery came through.
    pub const fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The 128-bit digest identifying the delivery.
    pub const fn digest(&self) -> &[u8; REPLAY_DIGEST_LEN] {
        &self.digest
    }
}

impl core::fmt::Display for ReplayKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "edgeward:{}:{}",
            self.scheme,
            crate::hex::encode(&self.digest)
        )
    }
}

impl core::fmt::Debug for ReplayKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "ReplayKey({self})")
    }
}

/// Somewhere to remember deliveries already accepted.
pub trait ReplayStore {
    /// If `key` is remembered and has not expired at `now`, returns `Ok(true)`. Otherwise
    /// remembers it for `ttl_seconds` from `now` and returns `Ok(false)`, or an error if it
    /// cannot remember it (the delivery is then refused). Must be atomic with respect to
    /// concurrent callers sharing the store.
    fn seen(&mut self, key: &ReplayKey, ttl_seconds: u64, now: i64) -> Result<bool, Error>;
}

/// A closure over the key's text form and the ttl is a store (for example one backed by
/// Redis `SET NX EX`).
impl<F: FnMut(&str, u64) -> bool> ReplayStore for F {
    fn seen(&mut self, key: &ReplayKey, ttl_seconds: u64, _now: i64) -> Result<bool, Error> {
        Ok(self(&key.to_string(), ttl_seconds))
    }
}

/// A bounded in-memory [`ReplayStore`] for one process (one Worker isolate, one Node or
/// Python process).
///
/// Memory is bounded by `max_entries` (each entry is a 17-byte key, an expiry and an
/// insertion counter, held in two B-trees: on the order of 100 bytes per entry).
/// Expired entries are freed whenever the guard is consulted.
///
/// **When full** of entries that have not expired, a new delivery is refused with
/// `WEBHOOK_REPLAY_GUARD_FULL` and no entry is ever evicted (see the module documentation for why);
/// [`ReplayGuard::refused_full`] counts the refusals, so you can alert on them.
#[derive(Clone, Debug)]
pub struct ReplayGuard {
    max_entries: usize,
    /// key -> (expires_at, sequence)
    entries: BTreeMap<ReplayKey, (i64, u64)>,
    /// (expires_at, sequence) -> key, ordered by expiry, then by insertion
    by_expiry: BTreeMap<(i64, u64), ReplayKey>,
    next_sequence: u64,
    refused_full: u64,
}

impl Default for ReplayGuard {
    fn default() -> Self {
        ReplayGuard::with_capacity(DEFAULT_REPLAY_MAX_ENTRIES)
    }
}

impl ReplayGuard {
    /// A guard remembering at most `max_entries` deliveries (1 to
    /// [`MAX_REPLAY_MAX_ENTRIES`]).
    pub fn new(max_entries: usize) -> Result<Self, Error> {
        if max_entries == 0 || max_entries > MAX_REPLAY_MAX_ENTRIES {
            return Err(Error::InvalidOptions {
                reason: format!(
                    "max_entries must be between 1 and {MAX_REPLAY_MAX_ENTRIES}, got \
                     {max_entries}"
                ),
            });
        }
        Ok(ReplayGuard::with_capacity(max_entries))
    }

    fn with_capacity(max_entries: usize) -> Self {
        ReplayGuard {
            max_entries,
            entries: BTreeMap::new(),
            by_expiry: BTreeMap::new(),
            next_sequence: 0,
            refused_full: 0,
        }
    }

    /// The capacity given at construction.
    pub fn max_entries(&self) -> usize {
        self.max_entries
    }

    /// How many deliveries are remembered (expired ones included until the next call).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many deliveries were refused with `WEBHOOK_REPLAY_GUARD_FULL`.
    pub fn refused_full(&self) -> u64 {
        self.refused_full
    }

    /// Refuses `verified` with `WEBHOOK_REPLAYED` if it was seen before, and remembers it otherwise.
    pub fn check(&mut self, verified: &Verified, now: i64) -> Result<(), Error> {
        verified.check_replay(self, now)
    }

    /// Forgets a delivery (for example when its processing failed and the provider's retry
    /// should be accepted). Returns whether it was remembered.
    pub fn forget(&mut self, key: &ReplayKey) -> bool {
        match self.entries.remove(key) {
            Some(slot) => {
                self.by_expiry.remove(&slot);
                true
            }
            None => false,
        }
    }

    /// Frees every entry expired at `now`; returns how many were freed.
    pub fn purge_expired(&mut self, now: i64) -> usize {
        let mut freed = 0;
        while let Some(entry) = self.by_expiry.first_entry() {
            if entry.key().0 > now {
                break;
            }
            let key = entry.remove();
            self.entries.remove(&key);
            freed += 1;
        }
        freed
    }
}

impl ReplayStore for ReplayGuard {
    fn seen(&mut self, key: &ReplayKey, ttl_seconds: u64, now: i64) -> Result<bool, Error> {
        self.purge_expired(now);
        if self.entries.contains_key(key) {
            return Ok(true);
        }
        if self.entries.len() >= self.max_entries {
            // Never evict a live entry: that is what would let its delivery be replayed.
            self.refused_full = self.refused_full.saturating_add(1);
            return Err(Error::ReplayGuardFull {
                max_entries: self.max_entries,
            });
        }
        let ttl = i64::try_from(ttl_seconds).unwrap_or(i64::MAX).max(1);
        let expires_at = now.saturating_add(ttl);
        let sequence = self.next_sequence;
        self.next_sequence = self.next_sequence.wrapping_add(1);
        self.entries.insert(*key, (expires_at, sequence));
        self.by_expiry.insert((expires_at, sequence), *key);
        Ok(false)
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

    fn key(n: u64) -> ReplayKey {
        let mut digest = [0u8; REPLAY_DIGEST_LEN];
        digest[..8].copy_from_slice(&n.to_le_bytes());
        ReplayKey::new(Scheme::Standard, digest)
    }

    fn seen(guard: &mut ReplayGuard, key: &ReplayKey, ttl: u64, now: i64) -> bool {
        guard.seen(key, ttl, now).unwrap()
    }

    #[test]
    fn remembers_until_expiry() {
        let mut guard = ReplayGuard::new(10).unwrap();
        assert!(!seen(&mut guard, &key(1), 300, 1000));
        assert!(seen(&mut guard, &key(1), 300, 1299));
        assert!(!seen(&mut guard, &key(1), 300, 1300), "expired at 1300");
        assert_eq!(guard.len(), 1);
        assert!(guard.forget(&key(1)));
        assert!(!guard.forget(&key(1)));
        assert!(guard.is_empty());
    }

    /// New traffic never pushes a live entry out: a full guard refuses instead, and takes
    /// new deliveries again once entries expire.
    #[test]
    fn full_guard_refuses_and_never_evicts() {
        let mut guard = ReplayGuard::new(3).unwrap();
        assert!(!seen(&mut guard, &key(1), 500, 0));
        assert!(!seen(&mut guard, &key(2), 100, 0));
        assert!(!seen(&mut guard, &key(3), 300, 0));
        for n in 4..1000 {
            let error = guard.seen(&key(n), 300, 1).unwrap_err();
            assert_eq!(error.code(), crate::ErrorCode::ReplayGuardFull);
        }
        assert_eq!(guard.refused_full(), 996);
        assert_eq!(guard.len(), 3);
        // Every real entry is still remembered, the one closest to expiry included.
        assert!(seen(&mut guard, &key(2), 100, 2));
        assert!(seen(&mut guard, &key(1), 500, 2));
        assert!(seen(&mut guard, &key(3), 300, 2));
        // Once key 2 expired, its room is free again.
        assert!(!seen(&mut guard, &key(4), 300, 100));
        assert!(guard.seen(&key(5), 300, 100).is_err());
    }

    #[test]
    fn capacity_bounds() {
        assert!(ReplayGuard::new(0).is_err());
        assert!(ReplayGuard::new(MAX_REPLAY_MAX_ENTRIES + 1).is_err());
        assert_eq!(
            ReplayGuard::default().max_entries(),
            DEFAULT_REPLAY_MAX_ENTRIES
        );
    }

    #[test]
    fn extreme_times_do_not_overflow() {
        let mut guard = ReplayGuard::new(4).unwrap();
        assert!(!seen(&mut guard, &key(1), u64::MAX, i64::MAX));
        assert!(seen(&mut guard, &key(1), u64::MAX, i64::MAX - 1));
        assert!(!seen(&mut guard, &key(2), 0, i64::MIN));
        assert!(seen(&mut guard, &key(2), 0, i64::MIN));
    }

    #[test]
    fn closure_store_sees_text_key() {
        let mut seen = Vec::new();
        let mut store = |k: &str, ttl: u64| {
            let dup = seen.iter().any(|(s, _)| s == k);
            seen.push((k.to_owned(), ttl));
            dup
        };
        assert_eq!(ReplayStore::seen(&mut store, &key(7), 60, 0), Ok(false));
        assert_eq!(ReplayStore::seen(&mut store, &key(7), 60, 0), Ok(true));
        assert_eq!(
            key(7).to_string(),
            "edgeward:standard:07000000000000000000000000000000"
        );
    }
}
