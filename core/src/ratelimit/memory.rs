//! The in-memory limiter: per process (per isolate in Workers), bounded, O(1) per check.
//!
//! Keys live in an LRU list (the `lru` crate: a hash map with an intrusive recency list), so
//! the entry checked least recently is found in O(1). When the map is full and a new key
//! arrives, entries are reclaimed only if their state has drained (TAT not after now: the
//! limiter would decide exactly the same without them). A live entry is never evicted: that
//! would hand its key a fresh budget, which a flood of new keys could then force at will.
//! A new key finding no drained entry is refused (denied, counted in
//! [`MemoryRateLimiter::refused_full`]), with `retry_after` the time until the least recently
//! used entry drains. A busy key is always recently used, so it sits at the far end of the list.

use super::gcra::{Decision, Gcra};
use crate::error::Error;
use lru::LruCache;

/// Default number of keys the in-memory limiter holds.
pub const DEFAULT_MAX_KEYS: usize = 100_000;
/// Largest accepted `max_keys` (about 1 GiB with short keys).
pub const MAX_MAX_KEYS: usize = 10_000_000;
/// Drained entries reclaimed per check at most (keeps every check O(1)).
const RECLAIM_PER_CHECK: usize = 2;

/// A GCRA limiter over a bounded in-memory map of keys.
pub struct MemoryRateLimiter {
    gcra: Gcra,
    entries: LruCache<String, u64>,
    max_keys: usize,
    refused_full: u64,
}

impl core::fmt::Debug for MemoryRateLimiter {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("MemoryRateLimiter")
            .field("gcra", &self.gcra)
            .field("keys", &self.entries.len())
            .field("max_keys", &self.max_keys)
            .field("refused_full", &self.refused_full)
            .finish()
    }
}

impl MemoryRateLimiter {
    /// A limiter for `gcra` holding at most `max_keys` keys (default [`DEFAULT_MAX_KEYS`]).
    pub fn new(gcra: Gcra, max_keys: Option<f64>) -> Result<MemoryRateLimiter, Error> {
        let max_keys = match max_keys {
            None => DEFAULT_MAX_KEYS,
            Some(n) => {
                #[allow(clippy::cast_precision_loss)]
                let ok = n.is_finite() && n.fract() == 0.0 && n >= 1.0 && n <= MAX_MAX_KEYS as f64;
                if !ok {
                    return Err(Error::RateLimitInvalidOptions {
                        reason: format!(
                            "`maxKeys` must be a whole number from 1 to {MAX_MAX_KEYS}, got {n}"
                        ),
                    });
                }
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let count = n as usize;
                count
            }
        };
        Ok(MemoryRateLimiter {
            gcra,
            // Unbounded for the crate: the bound is enforced here, because the crate's bounded
            // form evicts the least recently used entry whether or not it drained.
            entries: LruCache::unbounded(),
            max_keys,
            refused_full: 0,
        })
    }

    /// The limit's parameters.
    pub fn gcra(&self) -> &Gcra {
        &self.gcra
    }

    /// How many keys are held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no key is held.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The most keys held at once.
    pub fn max_keys(&self) -> usize {
        self.max_keys
    }

    /// How many checks of a new key were refused because every held key was still live.
    pub fn refused_full(&self) -> u64 {
        self.refused_full
    }

    /// Frees up to [`RECLAIM_PER_CHECK`] drained entries from the least recently used end.
    fn reclaim(&mut self, now: u64) {
        for _ in 0..RECLAIM_PER_CHECK {
            match self.entries.peek_lru() {
                Some((_, &tat)) if tat <= now => {
                    self.entries.pop_lru();
                }
                _ => break,
            }
        }
    }

    /// Checks `key` for `cost` at `now` (microseconds since the epoch), taking the cost from
    /// its budget when allowed.
    pub fn check(&mut self, key: &str, now: u64, cost: u64) -> Decision {
        if let Some(tat) = self.entries.get_mut(key) {
            let decision = self.gcra.decide(Some(*tat), now, cost);
            if let Some(new_tat) = decision.new_tat {
                *tat = new_tat;
            }
            self.reclaim(now);
            return decision;
        }
        self.reclaim(now);
        let decision = self.gcra.decide(None, now, cost);
        let Some(new_tat) = decision.new_tat else {
            return decision; // nothing to remember: denied, or a peek
        };
        if self.entries.len() >= self.max_keys {
            // Every entry reclaim() could see is live: refuse rather than evict one.
            let drains_in = self
                .entries
                .peek_lru()
                .map_or(0, |(_, &tat)| tat.saturating_sub(now));
            self.refused_full = self.refused_full.saturating_add(1);
            return Decision {
                allowed: false,
                limit: decision.limit,
                remaining: 0,
                retry_after_micros: Some(drains_in),
                reset_after_micros: drains_in,
                new_tat: None,
            };
        }
        self.entries.push(key.to_owned(), new_tat);
        decision
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const SECOND: u64 = 1_000_000;

    fn limiter(limit: f64, period: f64, max_keys: f64) -> MemoryRateLimiter {
        MemoryRateLimiter::new(Gcra::new(limit, period, None).unwrap(), Some(max_keys)).unwrap()
    }

    #[test]
    fn a_flood_of_new_keys_cannot_reset_a_busy_key() {
        let mut l = limiter(5.0, 60.0, 100.0);
        let now = 1_000 * SECOND;
        for _ in 0..5 {
            assert!(l.check("busy", now, 1).allowed);
        }
        assert!(!l.check("busy", now, 1).allowed);
        // 10 000 fresh keys within the same second: the map fills, then new keys are refused.
        let mut refused = 0;
        for i in 0..10_000 {
            let t = now + i; // microseconds apart
            if !l.check(&format!("flood-{i}"), t, 1).allowed {
                refused += 1;
            }
        }
        assert!(refused > 0);
        assert_eq!(l.refused_full(), refused);
        assert!(l.len() <= 100);
        // The busy key is still out of budget.
        assert!(!l.check("busy", now + 10_000, 1).allowed);
    }

    #[test]
    fn drained_entries_make_room() {
        let mut l = limiter(10.0, 10.0, 2.0);
        let now = 1_000 * SECOND;
        assert!(l.check("a", now, 1).allowed);
        assert!(l.check("b", now, 1).allowed);
        let refused = l.check("c", now, 1);
        assert!(!refused.allowed);
        assert_eq!(refused.retry_after_seconds(), Some(1));
        // One emission interval later, "a" and "b" have drained: "c" gets a place.
        assert!(l.check("c", now + SECOND, 1).allowed);
        assert!(l.len() <= 2);
    }

    #[test]
    fn a_peek_stores_nothing() {
        let mut l = limiter(10.0, 10.0, 2.0);
        let d = l.check("a", SECOND, 0);
        assert!(d.allowed);
        assert_eq!(d.remaining, 10);
        assert!(l.is_empty());
    }
}
