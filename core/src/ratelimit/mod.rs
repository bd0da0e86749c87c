//! Rate limiting: GCRA (the generic cell rate algorithm) as a pure decision, and a bounded
//! in-memory limiter over it.
//!
//! ## Threat model
//! Keys (client addresses, account ids) and costs come from requests an attacker shapes. The
//! limiter must therefore
//! - decide in bounded time and memory whatever the key stream: the in-memory store holds at
//!   most `max_keys` keys, with O(1) work per check;
//! - never let a flood of fresh keys reset a busy key's budget: when the store is full, only an
//!   entry whose state has fully drained (its theoretical arrival time is not after now, so
//!   forgetting it changes no decision) is reclaimed; if none is, the new key is refused
//!   ("denied", [`MemoryRateLimiter::refused_full`] counts it) rather than evicting a live one;
//! - never answer "allowed" because of an internal error (fail closed): arithmetic saturates,
//!   and invalid options are errors at construction;
//! - never let a [`Handle`] (how the JS bindings name a key they have seen, to skip passing the
//!   string) check another key's state: a handle carries its slot's generation, which changes
//!   whenever the entry is reclaimed or the slot reused and never repeats, so a stale or
//!   forged handle finds its own entry or nothing, and the caller checks by key.
//!
//! ## The decision
//! [`Gcra::decide`] maps `(state, now, cost)` to `(allowed, new state, retry after, reset
//! after, remaining)`, the same decision redis-cell's `CL.THROTTLE` makes (its documented case
//! table is `tests/vectors/ratelimit.json`). The state is one number, the theoretical arrival
//! time (TAT) in microseconds since the Unix epoch; no state means a fresh key. External
//! stores (Redis, Durable Objects) run the same arithmetic next to their data: the Redis Lua
//! script and the Durable Object class are tested against this module on the shared vectors.
//! Times are microseconds: exact in the doubles of Lua and JavaScript until the year 2255.
//!
//! ## Shared state
//! A [`MemoryRateLimiter`] is per process (per isolate in Workers): two instances each allow
//! the full limit. Shared limits need an external store.

mod gcra;
mod memory;
mod recency;

pub use gcra::{
    Decision, Gcra, MAX_BURST, MAX_COST, MAX_LIMIT, MAX_PERIOD_SECONDS, cost_from_f64,
    micros_from_duration, micros_from_seconds,
};
pub use memory::{DEFAULT_MAX_KEYS, MAX_MAX_KEYS, MemoryRateLimiter};
pub use recency::Handle;

/// The Redis Lua script making [`Gcra::decide`]'s decision atomically next to the key, with
/// the server's clock. Bindings send it as is (`EVALSHA`, loading it on `NOSCRIPT`); it is
/// tested against [`Gcra::decide`] on the shared vectors with a real Redis.
///
/// `KEYS[1]`: the key; `ARGV`: [`Gcra::emission_micros`], [`Gcra::tolerance_micros`], the
/// cost (absent: 1), and now in microseconds (`-1` or absent: the server's `TIME`). Answers
/// an allowed check as [`Decision::packed`] when it fits, any other as
/// [`Decision::cl_throttle_reply`].
pub const REDIS_SCRIPT: &str = include_str!("redis.lua");
