//! [`IpAllowlist`]: a set of ranges built once, answering membership in O(log n).
//!
//! The ranges are merged (overlapping and adjacent ones become one) and sorted in the
//! 128-bit space of [`super::ip`], so a lookup is one binary search whatever mix of IPv4 and
//! IPv6 ranges the list holds. The ranges as written are kept beside, for [`IpAllowlist::entry_for`]
//! (explanations), never for lookups.

use std::net::IpAddr;

use super::ip::{HostBits, IpNet, key, parse_cidr, parse_ip, quoted};
use super::presets::Preset;
use crate::Error;

/// The default cap on the ranges of one allowlist (presets count their ranges).
pub const DEFAULT_MAX_ENTRIES: usize = 100_000;

/// How an [`IpAllowlist`] reads its ranges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IpAllowlistOptions {
    /// Refuse (default) or clear host bits set in a CIDR (`10.0.0.1/8`).
    pub host_bits: HostBits,
    /// The most ranges accepted (default [`DEFAULT_MAX_ENTRIES`]); more is `NETWORK_INVALID_CIDR`.
    pub max_entries: usize,
}

impl Default for IpAllowlistOptions {
    fn default() -> Self {
        IpAllowlistOptions {
            host_bits: HostBits::Refuse,
            max_entries: DEFAULT_MAX_ENTRIES,
        }
    }
}

/// One range as the caller listed it: its net and the preset it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    net: IpNet,
    preset: Option<Preset>,
}

/// A set of IPv4 and IPv6 ranges, built once; [`IpAllowlist::allows`] answers in O(log n).
///
/// Entries are CIDR ranges (`10.0.0.0/8`), single addresses (`203.0.113.7`) or preset names
/// ([`Preset`]: `loopback`, `linklocal`, `private`, `cloudflare`). Parsing is strict
/// ([`parse_ip`], [`parse_cidr`]): a bad entry fails construction with `NETWORK_INVALID_CIDR`, and a bad
/// address fails a lookup with `NETWORK_INVALID_IP`, never answering "allowed" by accident.
/// IPv4-mapped IPv6 addresses (`::ffff:10.1.2.3`) match IPv4 ranges.
///
/// ```
/// use edgeward_core::net::IpAllowlist;
/// let list = IpAllowlist::new(["10.0.0.0/8", "2001:db8::/32", "203.0.113.7"]).unwrap();
/// assert!(list.allows("10.1.2.3").unwrap());
/// assert!(list.allows("::ffff:10.1.2.3").unwrap());
/// assert!(!list.allows("192.0.2.1").unwrap());
/// assert!(list.allows("10.1").is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IpAllowlist {
    /// Merged, sorted, disjoint and non-adjacent `[start, end]` ranges of the 128-bit space
    /// (IPv6 ranges wider than the IPv4 block have it cut out: [`IpNet::contains`]).
    ranges: Vec<(u128, u128)>,
    /// The ranges as listed, sorted by first address (explanations only).
    entries: Vec<Entry>,
    /// Cloudflare's ranges, merged, when the `cloudflare` preset was listed; empty otherwise.
    cloudflare: Vec<(u128, u128)>,
}

impl IpAllowlist {
    /// Builds an allowlist with the default options.
    ///
    /// # Errors
    /// [`Error::InvalidCidr`] for an entry that is not a range, an address or a preset name.
    pub fn new<I, S>(entries: I) -> Result<IpAllowlist, Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        IpAllowlist::with_options(entries, &IpAllowlistOptions::default())
    }

    /// Builds an allowlist.
    ///
    /// # Errors
    /// [`Error::InvalidCidr`] for an entry that is not a range, an address or a preset name,
    /// or when there are more than `options.max_entries` ranges.
    pub fn with_options<I, S>(
        entries: I,
        options: &IpAllowlistOptions,
    ) -> Result<IpAllowlist, Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut listed = Vec::new();
        let mut cloudflare_listed = false;
        for entry in entries {
            let text = entry.as_ref();
            if let Some(preset) = Preset::from_name(text) {
                cloudflare_listed |= preset == Preset::Cloudflare;
                for range in preset.ranges() {
                    listed.push(Entry {
                        net: parse_cidr(range, HostBits::Refuse)?,
                        preset: Some(preset),
                    });
                }
            } else {
                let net = parse_cidr(text, options.host_bits).map_err(|error| {
                    if text.bytes().all(|b| b.is_ascii_alphabetic()) && !text.is_empty() {
                        Error::InvalidCidr {
                            reason: format!(
                                "{} is not a preset: the presets are {}",
                                quoted(text),
                                Preset::ALL
                                    .iter()
                                    .map(|p| p.name())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        }
                    } else {
                        error
                    }
                })?;
                listed.push(Entry { net, preset: None });
            }
            if listed.len() > options.max_entries {
                return Err(Error::InvalidCidr {
                    reason: format!(
                        "more than {} ranges (maxEntries / max_entries)",
                        options.max_entries
                    ),
                });
            }
        }
        listed.sort_by_key(|entry| entry.net.bounds());
        let ranges = merge(listed.iter().flat_map(|entry| entry.net.pieces()));
        let cloudflare = if cloudflare_listed {
            merge(
                listed
                    .iter()
                    .filter(|entry| entry.preset == Some(Preset::Cloudflare))
                    .flat_map(|entry| entry.net.pieces()),
            )
        } else {
            Vec::new()
        };
        Ok(IpAllowlist {
            ranges,
            entries: listed,
            cloudflare,
        })
    }

    /// Whether `ip` lies in one of the ranges. O(log n).
    pub fn contains(&self, ip: IpAddr) -> bool {
        contains_point(&self.ranges, key(ip))
    }

    /// Whether the address written `ip` lies in one of the ranges.
    ///
    /// # Errors
    /// [`Error::InvalidIp`] when `ip` is not an address ([`parse_ip`]).
    pub fn allows(&self, ip: &str) -> Result<bool, Error> {
        Ok(self.contains(parse_ip(ip)?))
    }

    /// The first listed range containing `ip` (as written, or `preset name` for a preset's
    /// range), for explanations. Linear in the number of ranges.
    pub fn entry_for(&self, ip: IpAddr) -> Option<String> {
        self.entries
            .iter()
            .find(|entry| entry.net.contains(ip))
            .map(|entry| match entry.preset {
                Some(preset) => format!("{} (preset {})", entry.net, preset.name()),
                None => entry.net.to_string(),
            })
    }

    /// Whether the `cloudflare` preset was listed.
    pub fn has_cloudflare(&self) -> bool {
        !self.cloudflare.is_empty()
    }

    /// Whether the `cloudflare` preset was listed and `ip` is in its ranges.
    pub fn in_cloudflare_preset(&self, ip: IpAddr) -> bool {
        contains_point(&self.cloudflare, key(ip))
    }

    /// The number of ranges as listed (presets count their ranges).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the list holds no range (it allows nothing).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The disjoint ranges actually searched, as `(first, last)` addresses (IPv4 as IPv4).
    pub fn merged_ranges(&self) -> impl Iterator<Item = (IpAddr, IpAddr)> + '_ {
        self.ranges
            .iter()
            .map(|&(start, end)| (super::ip::from_key(start), super::ip::from_key(end)))
    }
}

/// `[start, end]` ranges merged into sorted, disjoint, non-adjacent ones.
fn merge(pieces: impl Iterator<Item = (u128, u128)>) -> Vec<(u128, u128)> {
    let mut sorted: Vec<(u128, u128)> = pieces.collect();
    sorted.sort_unstable();
    let mut ranges: Vec<(u128, u128)> = Vec::with_capacity(sorted.len());
    for (start, end) in sorted {
        match ranges.last_mut() {
            Some(last) if start <= last.1.saturating_add(1) => last.1 = last.1.max(end),
            _ => ranges.push((start, end)),
        }
    }
    ranges.shrink_to_fit();
    ranges
}

/// Binary search of `point` in sorted disjoint ranges.
pub(crate) fn contains_point(ranges: &[(u128, u128)], point: u128) -> bool {
    let after = ranges.partition_point(|&(start, _)| start <= point);
    after
        .checked_sub(1)
        .and_then(|index| ranges.get(index))
        .is_some_and(|&(_, end)| point <= end)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn merges_and_searches() {
        let list = IpAllowlist::new([
            "10.0.0.0/9",
            "10.128.0.0/9",
            "10.1.0.0/16",
            "::/128",
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        ])
        .unwrap();
        assert_eq!(list.ranges.len(), 3);
        assert!(list.allows("10.255.255.255").unwrap());
        assert!(!list.allows("11.0.0.0").unwrap());
        assert!(list.allows("::").unwrap());
        assert!(
            list.allows("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")
                .unwrap()
        );
        assert!(!list.allows("::1").unwrap());
        assert!(
            !IpAllowlist::new::<_, &str>([])
                .unwrap()
                .allows("1.2.3.4")
                .unwrap()
        );
    }

    #[test]
    fn presets_and_errors() {
        let list = IpAllowlist::new(["cloudflare", "loopback"]).unwrap();
        assert!(list.has_cloudflare());
        assert!(list.allows("104.16.0.1").unwrap());
        assert_eq!(
            list.entry_for("127.0.0.1".parse().unwrap()).unwrap(),
            "127.0.0.0/8 (preset loopback)"
        );
        let error = IpAllowlist::new(["cloudfare"]).unwrap_err();
        assert_eq!(error.code().as_str(), "NETWORK_INVALID_CIDR");
        assert!(error.to_string().contains("presets are"));
        let too_many = IpAllowlistOptions {
            max_entries: 2,
            ..Default::default()
        };
        assert!(IpAllowlist::with_options(["private"], &too_many).is_err());
    }
}
