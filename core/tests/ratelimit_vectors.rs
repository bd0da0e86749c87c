//! Runs the shared rate-limit vectors (tests/vectors/ratelimit.json: redis-cell's documented
//! `CL.THROTTLE` case table and our own cases) through the pure GCRA decision and the
//! in-memory limiter.
// Generated test data: casts of small counters and vector numbers, where a lost bit changes a
// sample, never a verdict under test.
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_precision_loss,
    clippy::cast_sign_loss
)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use common::{read_json, repo_root};
use edgeward_core::ratelimit::{Gcra, MemoryRateLimiter};
use serde_json::Value;

mod common;

fn vectors() -> Value {
    read_json(&repo_root().join("tests/vectors/ratelimit.json"))
}

fn groups() -> Vec<Value> {
    vectors()["groups"].as_array().unwrap().clone()
}

fn gcra_of(group: &Value) -> Gcra {
    Gcra::new(
        group["limit"].as_f64().unwrap(),
        group["period_seconds"].as_f64().unwrap(),
        Some(group["burst"].as_f64().unwrap()),
    )
    .unwrap()
}

fn reply_of(step: &Value) -> [i64; 5] {
    let v: Vec<i64> = step["expect"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_i64().unwrap())
        .collect();
    v.try_into().unwrap()
}

#[test]
fn the_decision_matches_cl_throttle() {
    let mut steps = 0;
    for group in groups() {
        let gcra = gcra_of(&group);
        let start = group["start"].as_u64().unwrap() * 1_000_000;
        let mut tat = None;
        for step in group["steps"].as_array().unwrap() {
            let now = start + step["at_ms"].as_u64().unwrap() * 1000;
            let d = gcra.decide(tat, now, step["cost"].as_u64().unwrap());
            let name = group["name"].as_str().unwrap();
            assert_eq!(d.cl_throttle_reply(), reply_of(step), "{name}: {step}");
            if step.get("deviation").is_none() {
                assert_eq!(step["expect"], step["reply"]);
            }
            // The exact durations, to the millisecond as redis-cell's table gives them.
            assert_eq!(
                d.reset_after_micros,
                step["reset_after_ms"].as_u64().unwrap() * 1000,
                "{name}: {step}"
            );
            let retry = if d.allowed {
                None
            } else {
                d.retry_after_micros
            };
            assert_eq!(
                retry,
                step["retry_after_ms"].as_u64().map(|ms| ms * 1000),
                "{name}: {step}"
            );
            if let Some(new_tat) = d.new_tat {
                tat = Some(new_tat);
            }
            steps += 1;
        }
    }
    assert_eq!(steps, 44);
}

#[test]
fn the_memory_limiter_matches_the_decision() {
    for group in groups() {
        let mut limiter = MemoryRateLimiter::new(gcra_of(&group), None).unwrap();
        let start = group["start"].as_u64().unwrap() * 1_000_000;
        for step in group["steps"].as_array().unwrap() {
            let now = start + step["at_ms"].as_u64().unwrap() * 1000;
            let d = limiter.check("key", now, step["cost"].as_u64().unwrap());
            assert_eq!(d.cl_throttle_reply(), reply_of(step), "{step}");
            let other = limiter.check("other key", now, 0);
            assert_eq!(
                other.remaining,
                group["burst"].as_u64().unwrap(),
                "keys are independent"
            );
        }
    }
}

#[test]
fn the_result_fields_follow_the_mapping() {
    for group in groups() {
        let gcra = gcra_of(&group);
        let start = group["start"].as_u64().unwrap() * 1_000_000;
        let mut tat = None;
        for step in group["steps"].as_array().unwrap() {
            let now = start + step["at_ms"].as_u64().unwrap() * 1000;
            let d = gcra.decide(tat, now, step["cost"].as_u64().unwrap());
            tat = d.new_tat.or(tat);
            let [limited, _, _, retry, reset] = reply_of(step);
            assert_eq!(d.allowed, limited == 0);
            let expected_retry = match (limited, retry) {
                (0, _) => Some(0),
                (_, -1) => None,
                (_, r) => Some(r as u64),
            };
            assert_eq!(d.retry_after_seconds(), expected_retry);
            assert_eq!(d.reset_after_seconds() as i64, reset);
            let headers = gcra.headers(&d, "default");
            let retry_header = headers.iter().find(|(name, _)| *name == "Retry-After");
            assert_eq!(
                retry_header.map(|(_, v)| v.parse::<i64>().unwrap()),
                if limited == 1 && retry >= 0 {
                    Some(retry)
                } else {
                    None
                }
            );
        }
    }
}
