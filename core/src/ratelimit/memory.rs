//! The in-memory limiter: per process (per isolate in Workers), bounded, O(1) per check.
//!
//! Keys live in a least-recently-used list ([`RecencyMap`]: a keyed hash table over a slab with an
//! intrusive recency list), so the entry checked least recently is found in O(1). When the map is
//! full and a new key arrives, entries are reclaimed only if their state has drained (TAT not after
//! now: the limiter would decide exactly the same without them). A live entry is never evicted:
//! that would hand its key a fresh budget, which a flood of new keys could then force at will. A
//! new key finding no drained entry is refused (denied, counted in
//! [`MemoryRateLimiter::refused_full`]), with `retry_after` the time until the least recently used
//! entry drains. A busy key is always recently used, so it sits at the far end of the list.

use super::gcra::{Decision, Gcra};
use super::recency::{Handle, RecencyMap};
use crate::error::Error;

/// Default number of keys the in-memory limiter holds.
pub const DEFAULT_MAX_KEYS: usize = 100_000;
/// Largest accepted `max_keys` (about 1 GiB with short keys).
pub const MAX_MAX_KEYS: usize = 10_000_000;
/// Drained entries reclaimed per check at most (keeps every check O(1)).
const RECLAIM_PER_CHECK: usize = 2;

/// A GCRA limiter over a bounded in-memory map of keys.
pub struct MemoryRateLimiter {
    gcra: Gcra,
    entries: RecencyMap,
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
    /// Fails with [`Error::RandomUnavailable`] when the platform has no randomness for the
    /// key map's hash key.
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
            // Unbounded itself: the bound is enforced here, because a drained entry may be
            // forgotten and a live one may not.
            entries: RecencyMap::new()?,
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
        self.entries.len() == 0
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
            match self.entries.oldest_tat() {
                Some(tat) if tat <= now => self.entries.remove_oldest(),
                _ => break,
            }
        }
    }

    /// Checks `key` for `cost` at `now` (microseconds since the epoch), taking the cost from
    /// its budget when allowed.
    pub fn check(&mut self, key: &str, now: u64, cost: u64) -> Decision {
        self.check_keyed(key, now, cost).0
    }

    /// [`MemoryRateLimiter::check`], and, for a returning key (one held before this check),
    /// the handle of its entry after the check, for [`MemoryRateLimiter::check_handle`].
    /// `None` for a key new to the map (stored or not) and for a returning key reclaimed by
    /// this check (a drained key peeked at). Only returning keys get a handle: a caller that
    /// caches handles (the JS facade) then caches only keys checked again while still held,
    /// which one-off keys and keys that drain between their checks (whose handle would be
    /// stale at their next check) are not.
    pub fn check_keyed(&mut self, key: &str, now: u64, cost: u64) -> (Decision, Option<Handle>) {
        let hash = self.entries.hash(key);
        if let Some(slot) = self.entries.find(hash, key) {
            if let Some(decision) = self.check_held(slot, now, cost) {
                // After reclaim(), which may have freed the slot (a drained key peeked at).
                return (decision, self.entries.handle(slot));
            }
        }
        self.reclaim(now);
        let decision = self.gcra.decide(None, now, cost);
        let Some(new_tat) = decision.new_tat else {
            return (decision, None); // nothing to remember: denied, or a peek
        };
        if self.entries.len() >= self.max_keys {
            // Every entry reclaim() could see is live: refuse rather than evict one.
            let drains_in = self
                .entries
                .oldest_tat()
                .map_or(0, |tat| tat.saturating_sub(now));
            return (self.refuse(&decision, drains_in), None);
        }
        if self.entries.insert_newest(hash, key, new_tat).is_none() {
            return (self.refuse(&decision, 0), None); // unreachable below MAX_MAX_KEYS; fail closed
        }
        (decision, None)
    }

    /// Checks the key `handle` was issued for (by [`MemoryRateLimiter::check_keyed`]), exactly
    /// as [`MemoryRateLimiter::check`] of that key would, without hashing it. `None` when the
    /// handle is stale (its entry was reclaimed, whatever holds the slot now): nothing was
    /// checked or changed, and the caller checks by key.
    pub fn check_handle(&mut self, handle: Handle, now: u64, cost: u64) -> Option<Decision> {
        let slot = self.entries.find_handle(handle)?;
        self.check_held(slot, now, cost)
    }

    /// Checks the entry held in `slot`: marks it most recently used, decides and stores its
    /// new TAT, then reclaims drained entries.
    fn check_held(&mut self, slot: u32, now: u64, cost: u64) -> Option<Decision> {
        self.entries.touch(slot);
        let tat = self.entries.tat_mut(slot)?;
        let decision = self.gcra.decide(Some(*tat), now, cost);
        if let Some(new_tat) = decision.new_tat {
            *tat = new_tat;
        }
        self.reclaim(now);
        Some(decision)
    }

    /// The answer to a new key that finds no room: denied, retry when the oldest entry drains.
    fn refuse(&mut self, decision: &Decision, drains_in: u64) -> Decision {
        self.refused_full = self.refused_full.saturating_add(1);
        Decision {
            allowed: false,
            limit: decision.limit,
            remaining: 0,
            retry_after_micros: Some(drains_in),
            reset_after_micros: drains_in,
            new_tat: None,
        }
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
    fn the_cap_is_hard_and_refusals_are_counted() {
        let mut l = limiter(10.0, 10.0, 3.0);
        let now = 1_000 * SECOND;
        for key in ["a", "b", "c"] {
            assert!(l.check(key, now, 1).allowed);
        }
        assert_eq!(l.len(), 3);
        for (i, key) in ["d", "e", "d"].into_iter().enumerate() {
            let d = l.check(key, now, 1);
            assert!(!d.allowed);
            assert_eq!(d.remaining, 0);
            // "a", the oldest, drains one emission interval (1 s) after its check.
            assert_eq!(d.retry_after_micros, Some(SECOND));
            assert_eq!(d.new_tat, None);
            assert_eq!(l.refused_full(), i as u64 + 1);
        }
        assert_eq!(l.len(), 3);
        // Held keys are still checked normally when the map is full.
        assert!(l.check("b", now, 1).allowed);
        assert_eq!(l.refused_full(), 3);
    }

    #[test]
    fn live_keys_keep_their_budget_under_a_flood() {
        let mut l = limiter(10.0, 10.0, 50.0);
        let now = 1_000 * SECOND;
        for i in 0..50 {
            for _ in 0..=(i % 10) {
                l.check(&format!("live-{i}"), now, 1);
            }
        }
        let before: Vec<u64> = (0..50)
            .map(|i| l.check(&format!("live-{i}"), now, 0).remaining)
            .collect();
        for i in 0..100_000 {
            assert!(!l.check(&format!("flood-{i}"), now + i, 1).allowed);
        }
        assert_eq!(l.refused_full(), 100_000);
        assert_eq!(l.len(), 50);
        let after: Vec<u64> = (0..50)
            .map(|i| l.check(&format!("live-{i}"), now, 0).remaining)
            .collect();
        assert_eq!(before, after, "no live key lost or reset its state");
    }

    #[test]
    fn drained_entries_are_reclaimed_oldest_first_two_per_check() {
        let mut l = limiter(10.0, 10.0, 10.0);
        let now = 1_000 * SECOND;
        for key in ["a", "b", "c", "d"] {
            assert!(l.check(key, now, 1).allowed); // each drains at now + 1 s
        }
        assert!(l.check("a", now, 1).allowed); // "a" is now the most recent (drains at + 2 s)
        assert!(l.check("e", now + SECOND, 1).allowed); // reclaims "b" and "c"
        assert_eq!(keys(&l), ["d", "a", "e"]);
        assert!(l.check("a", now + SECOND, 0).allowed); // a peek reclaims "d" only: "e" is live
        assert_eq!(keys(&l), ["e", "a"]);
        assert!(l.check("x", now + 3 * SECOND, 1).allowed); // "e" and "a" drained
        assert_eq!(keys(&l), ["x"]);
    }

    fn keys(l: &MemoryRateLimiter) -> Vec<String> {
        l.entries
            .oldest_first()
            .into_iter()
            .map(|(k, _)| k)
            .collect()
    }

    /// The specification of the in-memory limiter, written as plainly as possible: a list in
    /// recency order, searched linearly (the `lru`-crate map it replaced behaved the same).
    struct Model {
        gcra: Gcra,
        max_keys: usize,
        /// Least recently used first.
        entries: Vec<(String, u64)>,
        refused_full: u64,
    }

    impl Model {
        fn reclaim(&mut self, now: u64) {
            for _ in 0..RECLAIM_PER_CHECK {
                match self.entries.first() {
                    Some((_, tat)) if *tat <= now => {
                        self.entries.remove(0);
                    }
                    _ => break,
                }
            }
        }

        fn check(&mut self, key: &str, now: u64, cost: u64) -> Decision {
            if let Some(at) = self.entries.iter().position(|(k, _)| k == key) {
                let (key, mut tat) = self.entries.remove(at);
                let decision = self.gcra.decide(Some(tat), now, cost);
                tat = decision.new_tat.unwrap_or(tat);
                self.entries.push((key, tat));
                self.reclaim(now);
                return decision;
            }
            self.reclaim(now);
            let decision = self.gcra.decide(None, now, cost);
            let Some(new_tat) = decision.new_tat else {
                return decision;
            };
            if self.entries.len() >= self.max_keys {
                let drains_in = self
                    .entries
                    .first()
                    .map_or(0, |(_, t)| t.saturating_sub(now));
                self.refused_full += 1;
                return Decision {
                    allowed: false,
                    limit: decision.limit,
                    remaining: 0,
                    retry_after_micros: Some(drains_in),
                    reset_after_micros: drains_in,
                    new_tat: None,
                };
            }
            self.entries.push((key.to_owned(), new_tat));
            decision
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]
        #[test]
        fn behaves_as_the_model(
            limit in 1u32..6,
            period in 1u32..6,
            max_keys in 1usize..6,
            steps in proptest::collection::vec((0usize..9, 0u64..1_500_000, 0u64..4, proptest::bool::ANY), 1..200),
        ) {
            let gcra = Gcra::new(f64::from(limit), f64::from(period), None).unwrap();
            #[allow(clippy::cast_precision_loss)]
            let mut l = MemoryRateLimiter::new(gcra, Some(max_keys as f64)).unwrap();
            let mut model = Model { gcra, max_keys, entries: Vec::new(), refused_full: 0 };
            // The latest handle each key was given, used (as the JS facade does) when `by_handle`.
            let mut handles: [Option<Handle>; 9] = [None; 9];
            let mut now = 1_000 * SECOND;
            for (index, advance, cost, by_handle) in steps {
                now += advance;
                let key = format!("key-{index}");
                let held = model.entries.iter().any(|(k, _)| *k == key);
                let expected = model.check(&key, now, cost);
                let slot = handles.get_mut(index).unwrap();
                let by_handle = match *slot {
                    Some(handle) if by_handle => l.check_handle(handle, now, cost),
                    _ => None,
                };
                let decision = match by_handle {
                    // A handle finds its own key's entry, or nothing: never another key's.
                    Some(decision) => {
                        proptest::prop_assert!(held);
                        decision
                    }
                    None => {
                        let (decision, handle) = l.check_keyed(&key, now, cost);
                        // Only a returning key gets a handle.
                        proptest::prop_assert!(handle.is_none() || held);
                        *slot = handle;
                        decision
                    }
                };
                proptest::prop_assert_eq!(decision, expected);
                proptest::prop_assert_eq!(l.entries.oldest_first(), model.entries.clone());
                proptest::prop_assert_eq!(l.len(), model.entries.len());
                proptest::prop_assert_eq!(l.refused_full(), model.refused_full);
                // Every handle handed out is live exactly while its key is held.
                for (i, handle) in handles.iter().enumerate() {
                    if let Some(handle) = handle {
                        let name = format!("key-{i}");
                        let held = model.entries.iter().any(|(k, _)| *k == name);
                        let found = l.entries.find_handle(*handle);
                        proptest::prop_assert_eq!(found.is_some(), held);
                        if held {
                            proptest::prop_assert_eq!(found, l.entries.find(l.entries.hash(&name), &name));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_stale_handle_never_checks_the_key_now_in_its_slot() {
        let mut l = limiter(1.0, 1.0, 1.0);
        let now = 1_000 * SECOND;
        let (first, none) = l.check_keyed("a", now, 1);
        assert!(first.allowed);
        assert_eq!(none, None, "a new key gets no handle");
        let (peek, a) = l.check_keyed("a", now, 0);
        assert_eq!(peek.remaining, 0);
        let a = a.unwrap(); // a returning key does
        assert_eq!(l.check_handle(a, now, 0).map(|d| d.remaining), Some(0));
        // "a" drains after a second; "b" is reclaimed into its slot.
        let (_, none) = l.check_keyed("b", now + SECOND, 1);
        assert_eq!(none, None);
        let b = l.check_keyed("b", now + SECOND, 0).1.unwrap();
        assert_eq!(a.slot(), b.slot());
        assert_ne!(a.generation(), b.generation());
        // "a"'s handle is stale: nothing checked, "b"'s budget untouched.
        assert_eq!(l.check_handle(a, now + SECOND, 1), None);
        assert_eq!(keys(&l), ["b"]);
        assert!(!l.check_handle(b, now + SECOND, 1).unwrap().allowed);
        assert_eq!(l.refused_full(), 0);
        // Forged handles find nothing either, and nothing panics.
        for forged in [
            Handle::from_parts(b.slot(), b.generation() + 2),
            Handle::from_parts(b.slot(), 0),
            Handle::from_parts(b.slot() + 1, b.generation()),
            Handle::from_parts(u32::MAX, u64::MAX),
        ] {
            assert_eq!(l.check_handle(forged, now + SECOND, 1), None);
        }
        // A peek at a drained key reclaims it: no handle comes back for it.
        let (peek, handle) = l.check_keyed("b", now + 3 * SECOND, 0);
        assert!(peek.allowed);
        assert_eq!(handle, None);
        assert!(l.is_empty());
        assert_eq!(l.check_handle(b, now + 3 * SECOND, 1), None);
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
