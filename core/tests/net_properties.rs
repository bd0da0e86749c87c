//! Properties of the network guards on generated input: no panic on any text, and the
//! merged binary search answers exactly as a linear scan of the listed ranges.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use edgeward_core::net::{
    ClientIpOptions, ForwardingHeader, HostBits, IpAllowlist, IpAllowlistOptions, IpNet,
    ProxyHeaders, client_ip, parse_cidr, parse_ip,
};
use proptest::prelude::*;

fn address() -> impl Strategy<Value = IpAddr> {
    prop_oneof![
        any::<u32>().prop_map(|v| IpAddr::V4(Ipv4Addr::from(v))),
        any::<u128>().prop_map(|v| IpAddr::V6(Ipv6Addr::from(v))),
        // Near each other, so that ranges overlap and touch.
        (0u32..4096).prop_map(|v| IpAddr::V4(Ipv4Addr::from(0x0a00_0000 | v))),
        any::<u32>().prop_map(|v| IpAddr::V6(Ipv4Addr::from(v).to_ipv6_mapped())),
    ]
}

fn net() -> impl Strategy<Value = IpNet> {
    (address(), 0u8..=128).prop_map(|(addr, prefix)| {
        let max = if addr.is_ipv4() { 32 } else { 128 };
        IpNet::new(addr, prefix % (max + 1)).unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn membership_equals_linear_scan(nets in prop::collection::vec(net(), 0..40), probes in prop::collection::vec(address(), 1..40)) {
        let texts: Vec<String> = nets.iter().map(ToString::to_string).collect();
        let list = IpAllowlist::new(&texts).unwrap();
        for probe in probes {
            let linear = nets.iter().any(|net| net.contains(probe));
            prop_assert_eq!(list.contains(probe), linear, "{} in {:?}", probe, texts);
            prop_assert_eq!(list.allows(&probe.to_string()).unwrap(), linear);
        }
    }

    #[test]
    fn displayed_addresses_parse_back(ip in address()) {
        prop_assert_eq!(parse_ip(&ip.to_string()).unwrap().to_canonical(), ip.to_canonical());
    }

    #[test]
    fn no_panic_on_any_text(text in ".{0,80}", peer in "[0-9a-f.:]{0,20}") {
        let _ = parse_ip(&text);
        let _ = parse_cidr(&text, HostBits::Clear);
        let _ = IpAllowlist::with_options([text.as_str()], &IpAllowlistOptions::default());
        let trusted = IpAllowlist::new(["loopback", "private", "cloudflare"]).unwrap();
        let values = [text.clone(), text.clone()];
        let headers = ProxyHeaders { x_forwarded_for: &values, forwarded: &values, cf_connecting_ip: &values };
        for header in [ForwardingHeader::XForwardedFor, ForwardingHeader::Forwarded] {
            let options = ClientIpOptions { header, explain: true, max_hops: 3, ..ClientIpOptions::default() };
            for peer in [peer.as_str(), "127.0.0.1", "173.245.48.1"] {
                if let Ok(found) = client_ip(peer, &headers, &trusted, &options) {
                    prop_assert!(found.chain.len() <= 5);
                    if let Some(ip) = found.ip {
                        prop_assert_eq!(found.chain.last(), Some(&ip));
                    }
                }
            }
        }
    }

    #[test]
    fn forged_left_entries_never_change_the_answer(forged in prop::collection::vec(address(), 0..6), client in address()) {
        // Whatever the client writes left of what the trusted proxy appended, the answer is
        // the address the proxy saw (unless that address is itself trusted).
        let trusted = IpAllowlist::new(["loopback", "private"]).unwrap();
        prop_assume!(!trusted.contains(client));
        let mut entries: Vec<String> = forged.iter().map(ToString::to_string).collect();
        entries.push(client.to_string());
        let value = [entries.join(", ")];
        let headers = ProxyHeaders { x_forwarded_for: &value, forwarded: &[] as &[String], cf_connecting_ip: &[] };
        let found = client_ip("127.0.0.1", &headers, &trusted, &ClientIpOptions::default()).unwrap();
        prop_assert_eq!(found.ip, Some(client.to_canonical()));
    }
}
