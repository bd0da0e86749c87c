//! The in-memory limiter's check in the core (no binding), the figure behind the issue's
//! "in-memory `check` at least 2x rate-limiter-flexible" target: one hot key, and 1,000 keys
//! in turn (the Node benchmark's spread), and a flood of new keys meeting a full map, with
//! the floors: the key's hash and the GCRA decision alone; and the 1,000 keys by handle (what
//! the JS facade passes for a key it has seen), which skips the hash and the key comparison. Run:
//! `cargo run --release -p edgeward-core --example bench_ratelimit`
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use edgeward_core::ratelimit::{Gcra, MemoryRateLimiter};
use std::hash::{BuildHasher, Hasher};
use std::hint::black_box;
use std::time::Instant;

/// Best ns per call of `f` over 7 runs of `n` calls.
fn best_ns(n: u32, mut f: impl FnMut(u32)) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..7 {
        let start = Instant::now();
        for i in 0..n {
            f(i);
        }
        best = best.min(start.elapsed().as_secs_f64() / f64::from(n) * 1e9);
    }
    best
}

fn main() {
    let n = 2_000_000;
    let gcra = Gcra::new(1e6, 3600.0, None).unwrap();
    let keys: Vec<String> = (0..1000)
        .map(|i| format!("203.0.113.{}:{i}", i % 250))
        .collect();
    let now = 1_700_000_000_000_000_u64;

    // The floor of any keyed map: std's SipHash of one key (what the map computes per check).
    let hasher = std::hash::RandomState::new();
    let hash = best_ns(n, |i| {
        let mut state = hasher.build_hasher();
        state.write(black_box(keys[(i % 1000) as usize].as_bytes()));
        black_box(state.finish());
    });
    let decide = best_ns(n, |i| {
        black_box(gcra.decide(black_box(Some(now)), now + u64::from(i), 1));
    });
    let mut hot = MemoryRateLimiter::new(gcra, None).unwrap();
    let one_key = best_ns(n, |i| {
        black_box(hot.check(black_box(&keys[0]), now + u64::from(i), 1));
    });
    let mut spread = MemoryRateLimiter::new(gcra, None).unwrap();
    let thousand = best_ns(n, |i| {
        let key = &keys[(i % 1000) as usize];
        black_box(spread.check(black_box(key), now + u64::from(i), 1));
    });
    let mut by_handle = MemoryRateLimiter::new(gcra, None).unwrap();
    let handles: Vec<_> = keys
        .iter()
        .map(|key| {
            by_handle.check(key, now, 1); // new: no handle yet
            by_handle.check_keyed(key, now, 1).1.unwrap()
        })
        .collect();
    let thousand_handles = best_ns(n, |i| {
        let handle = handles[(i % 1000) as usize];
        black_box(by_handle.check_handle(black_box(handle), now + u64::from(i), 1));
    });
    // A full map of live keys meeting a flood of new ones: every check is a refusal.
    let mut full = MemoryRateLimiter::new(gcra, Some(1000.0)).unwrap();
    for key in &keys {
        full.check(key, now, 1);
    }
    let fresh: Vec<String> = (0..1000).map(|i| format!("198.51.100.{i}")).collect();
    let flood = best_ns(n, |i| {
        black_box(full.check(black_box(&fresh[(i % 1000) as usize]), now, 1));
    });
    println!("SipHash of one key alone:          {hash:7.1} ns");
    println!("GCRA decide alone:                 {decide:7.1} ns");
    println!("MemoryRateLimiter::check, one key: {one_key:7.1} ns");
    println!("MemoryRateLimiter::check, 1000 keys: {thousand:5.1} ns");
    println!("check_handle, 1000 keys:           {thousand_handles:7.1} ns");
    println!("check of new keys, map full:       {flood:7.1} ns");
}
