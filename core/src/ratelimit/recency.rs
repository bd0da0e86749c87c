//! The in-memory limiter's key map: keys and their TATs in least-recently-used order, found by
//! a borrowed `&str` with one hash per check.
//!
//! Keys are attacker-chosen, so they are hashed with SipHash-1-3 under a 128-bit key drawn
//! from the OS for each map ([`crate::random`]), never a fixed or unkeyed hash whose collisions
//! an attacker could compute offline and send as a flood of keys that turns every probe into a
//! linear scan. Not std's `RandomState`: on wasm32-unknown-unknown (Workers) std has no source
//! of randomness and its keys are constants.
//!
//! Entries live in a slab (`Vec`) linked into a recency list by slot numbers; the hash table
//! holds slot numbers only, so a lookup allocates nothing, moving an entry to the recent end
//! rewrites a few slot numbers, and the oldest entry is one read away. A freed slot is reused
//! by the next new key, so the slab never outgrows the most keys held.
//!
//! An entry can also be found by a [`Handle`], its slot number and the slot's generation,
//! without hashing the key (the JS bindings cache handles by key, so a check of a known key
//! crosses the boundary as one number instead of a string). The generation changes whenever
//! the slot is freed or given to another key and never repeats (a `u64` counting up), so a
//! handle finds the entry it was issued for or nothing: never another key's state.
//!
//! This replaces the `lru` crate (a hash map of `String` keys with heap-allocated list nodes):
//! the same order and the same operations at about half the cost per check (the hash and one
//! probe are most of what is left; `cargo run --release -p edgeward-core --example
//! bench_ratelimit`).

use crate::error::Error;
use hashbrown::HashTable;
use siphasher::sip::SipHasher13;
use std::hash::Hasher;
use zeroize::Zeroizing;

/// "No slot": the end of the recency list. Never a real slot: at most
/// [`super::MAX_MAX_KEYS`] (far below `u32::MAX`) slots exist.
const NIL: u32 = u32::MAX;

struct Slot {
    /// Empty while the slot is free.
    key: Box<str>,
    /// Counts every time the slot is taken or freed: odd while it holds a key, even while free.
    /// A handle names the generation of its key's stay in the slot (see [`Handle`]).
    generation: u64,
    /// The key's hash, kept so that growing the table never hashes a key again.
    hash: u64,
    tat: u64,
    /// The next more recently used slot (NIL at the most recent end); for a free slot, the
    /// next free slot.
    newer: u32,
    /// The next less recently used slot (NIL at the oldest end).
    older: u32,
}

/// An entry found without its key: valid while the entry stays in its slot, then stale
/// forever (the slot's generation never returns to an earlier value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handle {
    slot: u32,
    generation: u64,
}

impl Handle {
    /// A handle from its parts (as [`Handle::slot`] and [`Handle::generation`] gave them).
    /// Any parts are safe: parts that name no held entry find nothing.
    pub fn from_parts(slot: u32, generation: u64) -> Handle {
        Handle { slot, generation }
    }

    /// The entry's slot number (below the most keys a limiter holds).
    pub fn slot(self) -> u32 {
        self.slot
    }

    /// The slot's generation while it holds the entry (odd; grows as the slot is reused).
    pub fn generation(self) -> u64 {
        self.generation
    }
}

/// Keys in recency order, each with a TAT. Every operation is O(1) (amortised when the table
/// or the slab grows).
pub(super) struct RecencyMap {
    /// The SipHash key, from the OS; wiped on drop (whoever learns it can compute collisions).
    hash_key: Zeroizing<[u8; 16]>,
    /// Slot numbers, hashed by their slot's `hash`.
    index: HashTable<u32>,
    slots: Vec<Slot>,
    /// The most and least recently used slots (NIL when empty).
    newest: u32,
    oldest: u32,
    /// The first free slot, linked through `newer` (NIL when none).
    free: u32,
}

/// A slot number as an index (exact: `u32` fits in `usize` on every target Rust supports
/// with `std`).
fn at(slot: u32) -> usize {
    slot as usize
}

impl RecencyMap {
    /// An empty map with a fresh hash key from the OS; fails closed
    /// ([`Error::RandomUnavailable`]) when the platform has no randomness.
    pub(super) fn new() -> Result<RecencyMap, Error> {
        Ok(RecencyMap::with_hash_key(crate::random::bytes()?))
    }

    /// An empty map hashing with `hash_key` (tests pin it).
    fn with_hash_key(hash_key: [u8; 16]) -> RecencyMap {
        RecencyMap {
            hash_key: Zeroizing::new(hash_key),
            index: HashTable::new(),
            slots: Vec::new(),
            newest: NIL,
            oldest: NIL,
            free: NIL,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.index.len()
    }

    /// The hash of `key`, for [`RecencyMap::find`] and [`RecencyMap::insert_newest`].
    pub(super) fn hash(&self, key: &str) -> u64 {
        // The bytes alone, without `str`'s end marker: one key per hash, nothing to delimit
        // (about 5 ns less per check).
        let mut state = SipHasher13::new_with_key(&self.hash_key);
        state.write(key.as_bytes());
        state.finish()
    }

    /// The slot holding `key` (`hash` is [`RecencyMap::hash`] of it).
    pub(super) fn find(&self, hash: u64, key: &str) -> Option<u32> {
        let slots = &self.slots;
        self.index
            .find(hash, |&slot| {
                slots.get(at(slot)).is_some_and(|s| *s.key == *key)
            })
            .copied()
    }

    /// The handle of the entry in `slot`, if it holds one.
    pub(super) fn handle(&self, slot: u32) -> Option<Handle> {
        let generation = self.slots.get(at(slot))?.generation;
        (generation % 2 == 1).then_some(Handle { slot, generation })
    }

    /// The slot of the entry `handle` was issued for, if it is still held. A free slot's
    /// generation is even and every issued handle's is odd, so a freed entry is never found.
    pub(super) fn find_handle(&self, handle: Handle) -> Option<u32> {
        let slot = self.slots.get(at(handle.slot))?;
        (slot.generation == handle.generation).then_some(handle.slot)
    }

    /// The TAT of `slot`, to read and update.
    pub(super) fn tat_mut(&mut self, slot: u32) -> Option<&mut u64> {
        self.slots.get_mut(at(slot)).map(|s| &mut s.tat)
    }

    /// The TAT of the least recently used entry.
    pub(super) fn oldest_tat(&self) -> Option<u64> {
        self.slots.get(at(self.oldest)).map(|s| s.tat)
    }

    /// Takes `slot` out of the recency list (it stays in the index).
    fn unlink(&mut self, slot: u32) {
        let Some((newer, older)) = self.slots.get(at(slot)).map(|s| (s.newer, s.older)) else {
            return;
        };
        match self.slots.get_mut(at(newer)) {
            Some(n) => n.older = older,
            None => self.newest = older,
        }
        match self.slots.get_mut(at(older)) {
            Some(o) => o.newer = newer,
            None => self.oldest = newer,
        }
    }

    /// Puts an unlinked `slot` at the most recently used end.
    fn link_newest(&mut self, slot: u32) {
        let previous = self.newest;
        if let Some(s) = self.slots.get_mut(at(slot)) {
            s.newer = NIL;
            s.older = previous;
        } else {
            return;
        }
        match self.slots.get_mut(at(previous)) {
            Some(p) => p.newer = slot,
            None => self.oldest = slot,
        }
        self.newest = slot;
    }

    /// Marks `slot` as the most recently used.
    pub(super) fn touch(&mut self, slot: u32) {
        if slot != self.newest {
            self.unlink(slot);
            self.link_newest(slot);
        }
    }

    /// Adds `key` (not held; `hash` is [`RecencyMap::hash`] of it) as the most recently used,
    /// reusing a free slot if there is one, and answers its slot. Refuses (`None`) only past
    /// `u32` slots, which [`super::MAX_MAX_KEYS`] keeps out of reach.
    pub(super) fn insert_newest(&mut self, hash: u64, key: &str, tat: u64) -> Option<u32> {
        let slot = if let Some(free) = self.slots.get_mut(at(self.free)) {
            let slot = self.free;
            self.free = free.newer;
            free.key = key.into();
            free.hash = hash;
            free.tat = tat;
            // Even (free) to odd (held). Wrapping is out of reach: 2^63 keys through one slot.
            free.generation = free.generation.wrapping_add(1);
            slot
        } else {
            let slot = u32::try_from(self.slots.len()).ok().filter(|&s| s != NIL)?;
            self.slots.push(Slot {
                key: key.into(),
                generation: 1,
                hash,
                tat,
                newer: NIL,
                older: NIL,
            });
            slot
        };
        let slots = &self.slots;
        self.index
            .insert_unique(hash, slot, |&s| slots.get(at(s)).map_or(0, |s| s.hash));
        self.link_newest(slot);
        Some(slot)
    }

    /// Forgets the least recently used entry, freeing its slot and its key's memory.
    pub(super) fn remove_oldest(&mut self) {
        let slot = self.oldest;
        let Some(hash) = self.slots.get(at(slot)).map(|s| s.hash) else {
            return;
        };
        if let Ok(entry) = self.index.find_entry(hash, |&s| s == slot) {
            entry.remove();
        }
        self.unlink(slot);
        let free = self.free;
        if let Some(s) = self.slots.get_mut(at(slot)) {
            s.key = Box::default();
            // Odd (held) to even (free): every handle to the entry is stale from now on.
            s.generation = s.generation.wrapping_add(1);
            s.newer = free;
            s.older = NIL;
        }
        self.free = slot;
    }
}

#[cfg(test)]
impl RecencyMap {
    /// The keys and TATs from the least to the most recently used, walking the list.
    pub(super) fn oldest_first(&self) -> Vec<(String, u64)> {
        let mut out = Vec::new();
        let mut slot = self.oldest;
        while let Some(s) = self.slots.get(at(slot)) {
            out.push((s.key.to_string(), s.tat));
            slot = s.newer;
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The keys from the most to the least recently used, walking the list both ways.
    fn order(map: &RecencyMap) -> Vec<String> {
        let mut out = Vec::new();
        let mut slot = map.newest;
        while let Some(s) = map.slots.get(at(slot)) {
            out.push(s.key.to_string());
            slot = s.older;
        }
        let backwards: Vec<String> = map
            .oldest_first()
            .into_iter()
            .rev()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(out, backwards);
        assert_eq!(out.len(), map.len());
        out
    }

    fn get(map: &mut RecencyMap, key: &str) -> Option<u64> {
        let slot = map.find(map.hash(key), key)?;
        map.touch(slot);
        map.tat_mut(slot).map(|t| *t)
    }

    #[test]
    fn every_map_draws_its_own_hash_key() {
        // A fixed key (std's `RandomState` on wasm32-unknown-unknown) would let an attacker
        // compute colliding keys offline; two maps must not share one.
        let one = RecencyMap::new().unwrap();
        let two = RecencyMap::new().unwrap();
        assert_ne!(*one.hash_key, *two.hash_key);
        assert_ne!(*one.hash_key, [0; 16]);
        let keys: Vec<String> = (0..64).map(|i| format!("client-{i}")).collect();
        let differ = keys.iter().filter(|k| one.hash(k) != two.hash(k)).count();
        assert_eq!(differ, keys.len(), "hashes depend on the map's key");
        // And on nothing else: the same key gives the same hash.
        let pinned = RecencyMap::with_hash_key([7; 16]);
        assert_eq!(
            pinned.hash("k"),
            RecencyMap::with_hash_key([7; 16]).hash("k")
        );
        assert_ne!(
            pinned.hash("k"),
            RecencyMap::with_hash_key([8; 16]).hash("k")
        );
    }

    #[test]
    fn recency_order_and_slot_reuse() {
        let mut map = RecencyMap::new().unwrap();
        for (i, key) in ["a", "b", "c"].into_iter().enumerate() {
            assert!(map.insert_newest(map.hash(key), key, i as u64).is_some());
        }
        assert_eq!(order(&map), ["c", "b", "a"]);
        assert_eq!(get(&mut map, "a"), Some(0));
        assert_eq!(order(&map), ["a", "c", "b"]);
        assert_eq!(get(&mut map, "b"), Some(1));
        assert_eq!(order(&map), ["b", "a", "c"]);
        assert_eq!(map.oldest_tat(), Some(2));
        map.remove_oldest();
        assert_eq!(order(&map), ["b", "a"]);
        assert_eq!(get(&mut map, "c"), None);
        assert!(map.insert_newest(map.hash("d"), "d", 7).is_some());
        assert_eq!(map.slots.len(), 3, "the freed slot is reused");
        assert_eq!(order(&map), ["d", "b", "a"]);
        map.remove_oldest();
        map.remove_oldest();
        map.remove_oldest();
        assert_eq!(map.len(), 0);
        assert_eq!(order(&map), Vec::<String>::new());
        assert_eq!(map.oldest_tat(), None);
        map.remove_oldest(); // empty: nothing to do
        assert!(map.insert_newest(map.hash("e"), "e", 1).is_some());
        assert_eq!(order(&map), ["e"]);
        assert_eq!(map.slots.len(), 3);
    }

    #[test]
    fn a_handle_lives_while_its_entry_does_and_never_again() {
        let mut map = RecencyMap::with_hash_key([1; 16]);
        let a = map.insert_newest(map.hash("a"), "a", 1).unwrap();
        let ha = map.handle(a).unwrap();
        assert_eq!(ha.generation() % 2, 1);
        assert_eq!(map.find_handle(ha), Some(a));
        map.remove_oldest();
        assert_eq!(map.handle(a), None, "a free slot has no handle");
        assert_eq!(map.find_handle(ha), None);
        // The slot is reused for "b": a new generation, and "a"'s handle stays stale.
        let b = map.insert_newest(map.hash("b"), "b", 2).unwrap();
        assert_eq!(a, b);
        let hb = map.handle(b).unwrap();
        assert_eq!(hb.generation(), ha.generation() + 2);
        assert_eq!(map.find_handle(ha), None);
        assert_eq!(map.find_handle(hb), Some(b));
        // Many reuses later, no generation has come back.
        let mut seen = vec![ha.generation(), hb.generation()];
        for i in 0..100 {
            map.remove_oldest();
            let key = format!("k{i}");
            let slot = map.insert_newest(map.hash(&key), &key, 3).unwrap();
            let h = map.handle(slot).unwrap();
            assert!(!seen.contains(&h.generation()));
            seen.push(h.generation());
            assert_eq!(map.find_handle(ha), None);
            assert_eq!(map.find_handle(hb), None);
        }
        assert_eq!(
            map.find_handle(Handle::from_parts(7, 1)),
            None,
            "no such slot"
        );
    }
}
