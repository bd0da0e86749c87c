//! The shared network-guard vectors (`tests/vectors/net_*.json`), run against the core.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{read_json, repo_root};
use edgeward_core::Error;
use edgeward_core::net::{
    ClientIp, ClientIpOptions, ForwardingHeader, HostBits, IpAllowlist, IpAllowlistOptions,
    ProxyHeaders, client_ip, parse_cidr, parse_ip,
};
use serde_json::Value;

fn vectors(name: &str) -> Value {
    read_json(&repo_root().join("tests/vectors").join(name))
}

fn host_bits(case: &Value) -> HostBits {
    if case["allowHostBits"].as_bool() == Some(true) {
        HostBits::Clear
    } else {
        HostBits::Refuse
    }
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn parsing() {
    let doc = vectors("net_ip.json");
    let mut count = 0;
    for case in doc["addresses"].as_array().unwrap() {
        let input = case["input"].as_str().unwrap();
        match (parse_ip(input), case["ip"].as_str()) {
            (Ok(ip), Some(expected)) => {
                assert_eq!(ip.to_canonical().to_string(), expected, "{input:?}")
            }
            (Err(error), None) => assert_eq!(
                error.code().as_str(),
                case["error"].as_str().unwrap(),
                "{input:?}"
            ),
            (got, _) => panic!("{input:?}: got {got:?}"),
        }
        count += 1;
    }
    for case in doc["ranges"].as_array().unwrap() {
        let input = case["input"].as_str().unwrap();
        let parsed = IpAllowlist::with_options(
            [input],
            &IpAllowlistOptions {
                host_bits: host_bits(case),
                ..Default::default()
            },
        );
        match (parsed, case["cidr"].as_str()) {
            (Ok(_), Some(expected)) => {
                let net = parse_cidr(input, host_bits(case)).unwrap();
                assert_eq!(net.to_string(), expected, "{input:?}");
            }
            (Err(error), None) => assert_eq!(
                error.code().as_str(),
                case["error"].as_str().unwrap(),
                "{input:?}"
            ),
            (got, _) => panic!("{input:?}: got {got:?}"),
        }
        count += 1;
    }
    assert!(count > 50);
}

#[test]
fn allowlists() {
    let doc = vectors("net_allowlist.json");
    for case in doc["cases"].as_array().unwrap() {
        let options = IpAllowlistOptions {
            host_bits: host_bits(case),
            ..Default::default()
        };
        let list = IpAllowlist::with_options(strings(&case["entries"]), &options).unwrap();
        for (ip, expected) in case["allows"].as_object().unwrap() {
            assert_eq!(
                list.allows(ip).unwrap(),
                expected.as_bool().unwrap(),
                "{}: {ip}",
                case["name"]
            );
        }
        for (ip, code) in case["errors"].as_object().into_iter().flatten() {
            assert_eq!(
                list.allows(ip).unwrap_err().code().as_str(),
                code.as_str().unwrap(),
                "{ip:?}"
            );
        }
    }
    for case in doc["invalid"].as_array().unwrap() {
        let error = IpAllowlist::new(strings(&case["entries"])).unwrap_err();
        assert_eq!(error.code().as_str(), case["error"].as_str().unwrap());
    }
}

/// Runs one client_ip vector the way a binding does: options, trusted list, then the call.
pub fn run_client_ip(case: &Value, explain: bool) -> Result<ClientIp, Error> {
    let mut options = ClientIpOptions {
        explain,
        ..Default::default()
    };
    let given = &case["options"];
    if let Some(header) = given["header"].as_str() {
        options.header = ForwardingHeader::from_name(header)?;
    }
    if let Some(hops) = given["maxHops"].as_u64() {
        options.max_hops = usize::try_from(hops).unwrap();
    }
    if let Some(bytes) = given["maxHeaderBytes"].as_u64() {
        options.max_header_bytes = usize::try_from(bytes).unwrap();
    }
    let trusted = IpAllowlist::new(strings(&case["trusted"]))?;
    let headers = &case["headers"];
    let (xff, forwarded, cf) = (
        strings(&headers["x-forwarded-for"]),
        strings(&headers["forwarded"]),
        strings(&headers["cf-connecting-ip"]),
    );
    let headers = ProxyHeaders {
        x_forwarded_for: &xff,
        forwarded: &forwarded,
        cf_connecting_ip: &cf,
    };
    client_ip(case["peer"].as_str().unwrap(), &headers, &trusted, &options)
}

#[test]
fn client_ips() {
    let doc = vectors("net_client_ip.json");
    for case in doc["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        match run_client_ip(case, false) {
            Err(error) => assert_eq!(
                Some(error.code().as_str()),
                case["error"].as_str(),
                "{name}"
            ),
            Ok(found) => {
                assert!(
                    case["error"].is_null(),
                    "{name}: expected an error, got {found:?}"
                );
                assert_eq!(
                    found.ip.map(|ip| ip.to_string()).as_deref(),
                    case["ip"].as_str(),
                    "{name}"
                );
                assert_eq!(
                    found.reason.as_str(),
                    case["reason"].as_str().unwrap(),
                    "{name}"
                );
                let chain: Vec<String> = found.chain.iter().map(ToString::to_string).collect();
                assert_eq!(chain, strings(&case["chain"]), "{name}");
                assert!(found.explanation.is_none());
                // The explanation names the answer and takes one line per address read.
                let explained = run_client_ip(case, true).unwrap();
                let text = explained.explanation.unwrap();
                if let Some(ip) = found.ip {
                    assert!(text.contains(&ip.to_string()), "{name}: {text}");
                }
                assert!(text.lines().count() >= found.chain.len(), "{name}: {text}");
                assert_eq!((explained.ip, explained.reason), (found.ip, found.reason));
            }
        }
    }
}
