//! `AccessPolicy::can` on a 50-rule policy, in the core (no binding): the figure the issue's
//! "under 1 µs native" target is about. Run:
//! `cargo run --release -p edgeward-core --example bench_policy`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use edgeward_core::policy::{AccessPolicy, Subject};
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let mut roles = serde_json::Map::new();
    for r in 0..10 {
        roles.insert(
            format!("role{r}"),
            serde_json::json!({ "allow": [format!("res{r}a:read"), format!("res{r}b:update"), format!("res{r}c:*"), format!("*:list{r}")], "deny": [format!("res{r}d:delete")] }),
        );
    }
    let policy =
        AccessPolicy::from_json(&serde_json::json!({ "roles": roles }).to_string()).unwrap();
    let subject = Subject::from_json(
        r#"{"roles":["role3","role7","viewer"],"key":{"permissions":["*:read","res7c:*"],"ipRestrictions":["10.0.0.0/8"]},"ip":"10.1.2.3"}"#,
    )
    .unwrap();
    assert!(policy.can(&subject, "res7c:purge"));
    let mut best = f64::INFINITY;
    for _ in 0..7 {
        let n = 200_000;
        let start = Instant::now();
        for _ in 0..n {
            black_box(policy.can(black_box(&subject), black_box("res7c:purge")));
        }
        best = best.min(start.elapsed().as_secs_f64() / f64::from(n) * 1e6);
    }
    println!("AccessPolicy::can, 50-rule policy: {best:.3} µs (best of 7 runs of 200000)");
}
