//! The search for the built-in value detectors (`detectors`), matched by hand.
//!
//! Each detector is a small pattern, written in regex notation in its [`Spec`]. A search
//! gives exactly what a leftmost-first regex search for the alternation of the enabled
//! patterns (in [`REGISTRY`] order) gives: the leftmost start at which any pattern matches,
//! and there the first pattern in that order that matches, with its greedy (or lazy) extent. A test
//! checks this against the `regex` crate on generated text.
//!
//! Why by hand: these patterns are a few literals and character runs, and a regex engine is
//! most of the size of the lean WebAssembly build (`edgeward/webhooks`), which has none.
//!
//! The work stays linear in the text. Every byte is looked up once in a table of the
//! detectors that can start there; an attempt that reads a run of characters which a later
//! attempt would read again (a JWT segment, a GitHub or Slack token, a URL scheme) remembers
//! where the run ends ([`Memo`]), and the other attempts read a bounded number of bytes.

use super::detectors::{Memo, REGISTRY, Spec, URL_PASSWORD, find_url};
use super::options::Detector;

/// Masks of detectors: one bit per entry of `REGISTRY`.
pub(crate) type Mask = u32;

// Every registered detector has its bit in a mask (a 33rd detector needs a wider `Mask`).
const _: () = assert!(REGISTRY.len() <= Mask::BITS as usize);

/// The bit of the detector at `index` of `REGISTRY`.
fn bit(index: usize) -> Mask {
    1 << index
}

/// The enabled built-in detectors, ready to search.
pub(crate) struct Builtins {
    /// For each byte, the enabled detectors (bits are indices into `REGISTRY`) whose matches
    /// can start with it, and those whose matches can have it second.
    first: [Mask; 256],
    second: [Mask; 256],
    url: bool,
    /// Whether any detector is enabled (asked for every JSON string: computed once).
    any: bool,
    /// The detectors that rank before URL userinfo (at the same start, they win).
    before_url: Mask,
}

impl Builtins {
    /// The search for the detectors in `enabled` (others are ignored).
    pub(crate) fn new(enabled: &[Detector]) -> Self {
        let mut first = [0 as Mask; 256];
        let mut second = [0 as Mask; 256];
        for (index, spec) in REGISTRY.iter().enumerate() {
            if !enabled.contains(&spec.detector) {
                continue;
            }
            for (c, (f, s)) in (0u8..=255).zip(first.iter_mut().zip(second.iter_mut())) {
                if (spec.first_byte)(c) {
                    *f |= bit(index);
                }
                if (spec.second_byte)(c) {
                    *s |= bit(index);
                }
            }
        }
        let url_index = REGISTRY
            .iter()
            .position(|s| s.detector == Detector::UrlPassword)
            .unwrap_or(0);
        let url = enabled.contains(&Detector::UrlPassword);
        Builtins {
            any: url || first.iter().any(|&m| m != 0),
            first,
            second,
            url,
            before_url: bit(url_index) - 1,
        }
    }

    /// Whether any built-in detector is enabled.
    pub(crate) fn any(&self) -> bool {
        self.any
    }

    /// The enabled detectors whose match can start with the bytes at `at`.
    fn candidates(&self, b: &[u8], at: usize) -> Mask {
        let (Some(&c0), Some(&c1)) = (b.get(at), b.get(at + 1)) else {
            return 0;
        };
        let f = self.first.get(usize::from(c0)).copied().unwrap_or(0);
        let s = self.second.get(usize::from(c1)).copied().unwrap_or(0);
        f & s
    }

    /// The leftmost match starting at or after `from` in `hay`: its start, end and detector.
    /// `memo` must be fresh for `hay`, and `from` must not decrease between calls with it.
    pub(crate) fn find(
        &self,
        hay: &str,
        from: usize,
        memo: &mut Memo,
    ) -> Option<(usize, usize, &'static Spec)> {
        let b = hay.as_bytes();
        let url = if self.url {
            find_url(hay, from, memo)
        } else {
            None
        };
        let scan_end = url.map_or(b.len(), |(start, _)| start);
        for at in from..scan_end {
            if let Some(found) = self.try_at(b, at, self.candidates(b, at), memo) {
                return Some(found);
            }
        }
        let (start, end) = url?;
        // At the URL's start, only the detectors before it in `REGISTRY` rank first.
        self.try_at(b, start, self.candidates(b, start) & self.before_url, memo)
            .or(Some((start, end, &URL_PASSWORD)))
    }

    /// The first detector in `mask` (in `REGISTRY` order) that matches at `at`.
    fn try_at(
        &self,
        b: &[u8],
        at: usize,
        mut mask: Mask,
        memo: &mut Memo,
    ) -> Option<(usize, usize, &'static Spec)> {
        while mask != 0 {
            let index = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            let Some(&spec) = REGISTRY.get(index) else {
                continue;
            };
            if let Some(end) = (spec.find)(b, at, memo) {
                return Some((at, end, spec));
            }
        }
        None
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_detector() {
        let every: Vec<Detector> = REGISTRY.iter().map(|s| s.detector).collect();
        let all = Builtins::new(&every);
        let cases: &[(&str, Detector, &str)] = &[
            (
                "x -----BEGIN RSA PRIVATE KEY-----\nMII\n-----END RSA PRIVATE KEY----- y",
                Detector::PrivateKey,
                "-----BEGIN RSA PRIVATE KEY-----\nMII\n-----END RSA PRIVATE KEY-----",
            ),
            (
                "see https://hooks.slack.com/services/T0/B1/xyz now",
                Detector::SlackWebhook,
                "https://hooks.slack.com/services/T0/B1/xyz",
            ),
            (
                "db postgres://app:s3cret@db:5432",
                Detector::UrlPassword,
                "postgres://app:s3cret@",
            ),
            (
                "k=sk_live_0123456789abcdef!",
                Detector::StripeKey,
                "sk_live_0123456789abcdef",
            ),
            (
                "AKIAIOSFODNN7EXAMPLE",
                Detector::AwsAccessKeyId,
                "AKIAIOSFODNN7EXAMPLE",
            ),
            (
                "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
                Detector::GithubToken,
                "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
            ),
            (
                "xoxb-1234-abcdefghij",
                Detector::SlackToken,
                "xoxb-1234-abcdefghij",
            ),
            (
                "AIzaSyA-1234567890abcdefghijklmnopqrstu",
                Detector::GoogleApiKey,
                "AIzaSyA-1234567890abcdefghijklmnopqrstu",
            ),
            (
                "t eyJhbGciOi.eyJzdWIi.c2ln end",
                Detector::Jwt,
                "eyJhbGciOi.eyJzdWIi.c2ln",
            ),
            (
                "Authorization: Bearer abc.def-ghi== x",
                Detector::BearerToken,
                "Bearer abc.def-ghi==",
            ),
            (
                "Basic dXNlcjpwYXNz===",
                Detector::BasicAuth,
                "Basic dXNlcjpwYXNz==",
            ),
            (
                "card 4111 1111 1111 1111 ok",
                Detector::PaymentCard,
                "4111 1111 1111 1111",
            ),
            (
                "key=whsk_MC4CAQAwBQYDK2VwBCIEIBl5ZH5aW5mZ0f9c3E2Y2M= ok",
                Detector::WebhookSigningKey,
                "whsk_MC4CAQAwBQYDK2VwBCIEIBl5ZH5aW5mZ0f9c3E2Y2M=",
            ),
            (
                "k sk-proj-abc_DEF-0123456789abcdefghij end",
                Detector::OpenaiKey,
                "sk-proj-abc_DEF-0123456789abcdefghij",
            ),
            (
                "sk-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV",
                Detector::OpenaiKey,
                "sk-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV",
            ),
            (
                "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789_-AA!",
                Detector::AnthropicKey,
                "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789_-AA",
            ),
            (
                "u AC0123456789abcdef0123456789abcdef:abcdefghijklmnopqrstuvwxyzABCDEF",
                Detector::TwilioCredential,
                "AC0123456789abcdef0123456789abcdef:abcdefghijklmnopqrstuvwxyzABCDEF",
            ),
            (
                "glpat-abcdefghij0123456789",
                Detector::GitlabToken,
                "glpat-abcdefghij0123456789",
            ),
            (
                "npm_abcdefghijklmnopqrstuvwxyz0123456789",
                Detector::NpmToken,
                "npm_abcdefghijklmnopqrstuvwxyz0123456789",
            ),
            (
                "SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789_-ABCDE",
                Detector::SendgridKey,
                "SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789_-ABCDE",
            ),
            (
                "shpss_0123456789abcdef0123456789ABCDEF",
                Detector::ShopifyToken,
                "shpss_0123456789abcdef0123456789ABCDEF",
            ),
            (
                "VAULT_TOKEN=hvs.CAESIJlWh0xBC4dE5fGh6IjKl7MnOp8QrS9",
                Detector::VaultToken,
                "hvs.CAESIJlWh0xBC4dE5fGh6IjKl7MnOp8QrS9",
            ),
            (
                "POST https://discord.com/api/v10/webhooks/123456789012345678/abc-DEF_ghi?wait=1",
                Detector::DiscordWebhook,
                "https://discord.com/api/v10/webhooks/123456789012345678/abc-DEF_ghi",
            ),
            (
                "Authorization%3A%20Bearer%20abc.def-ghi%3D",
                Detector::BearerToken,
                "Bearer%20abc.def-ghi",
            ),
        ];
        for (text, d, expected) in cases {
            let (s, e, found) = all.find(text, 0, &mut Memo::default()).unwrap();
            assert_eq!((found.detector, &text[s..e]), (*d, *expected), "{text}");
        }
    }

    #[test]
    fn disabled_detectors_find_nothing() {
        let none = Builtins::new(&[]);
        assert!(!none.any());
        assert!(
            none.find("AKIAIOSFODNN7EXAMPLE", 0, &mut Memo::default())
                .is_none()
        );
    }

    struct Oracle {
        regex: regex::Regex,
        /// (group index, detector)
        groups: Vec<(usize, Detector)>,
    }

    impl Oracle {
        fn new(enabled: &[Detector]) -> Option<Self> {
            let on: Vec<&Spec> = REGISTRY
                .iter()
                .copied()
                .filter(|s| enabled.contains(&s.detector))
                .collect();
            if on.is_empty() {
                return None;
            }
            let alternation = on
                .iter()
                .enumerate()
                .map(|(i, s)| format!("(?P<d{i}>{})", s.pattern))
                .collect::<Vec<_>>()
                .join("|");
            let regex = regex::Regex::new(&alternation).unwrap();
            let groups = on
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let name = format!("d{i}");
                    let index = regex
                        .capture_names()
                        .position(|n| n == Some(&name))
                        .unwrap();
                    (index, s.detector)
                })
                .collect();
            Some(Oracle { regex, groups })
        }

        fn find(&self, hay: &str, from: usize) -> Option<(usize, usize, Detector)> {
            let mut locs = self.regex.capture_locations();
            let m = self.regex.captures_read_at(&mut locs, hay, from)?;
            let d = self
                .groups
                .iter()
                .find(|(g, _)| locs.get(*g).is_some())
                .unwrap()
                .1;
            Some((m.start(), m.end(), d))
        }
    }

    /// Pieces of secrets, near misses and separators, so that generated text often holds
    /// partial and overlapping candidates.
    const PIECES: &[&str] = &[
        "-----BEGIN",
        "-----END",
        " RSA ",
        "PRIVATE KEY",
        " BLOCK",
        "-----",
        "EC",
        "https://",
        "http://",
        "https",
        "://",
        "hooks.slack.com/",
        "services/",
        "triggers/",
        "workflows",
        "/",
        "sk_",
        "rk_",
        "live_",
        "test_",
        "whsec_",
        "AKIA",
        "ASIA",
        "AIza",
        "ghp_",
        "gh",
        "github_pat_",
        "xoxb-",
        "xox",
        "xapp-",
        "eyJ",
        "eyA",
        "ey",
        ".",
        "Bearer",
        "bearer",
        "BEARER",
        "Basic",
        "basic",
        "BASIC",
        " ",
        "\t",
        "=",
        "==",
        ":",
        "@",
        "?",
        "#",
        "\"",
        "<",
        "\n",
        "\u{a0}",
        "\u{3000}",
        "\u{2028}",
        "é",
        "日",
        "4111",
        "1111",
        "0000",
        "123456",
        "4",
        "-",
        "_",
        "+",
        "~",
        "a",
        "Z",
        "x",
        "abcdefghij",
        "ABCDEFGHIJKLMNOP",
        "0123456789",
        "QUJDRA",
        "dXNlcjpwYXNz",
        "%20",
        "%2",
        "%",
        "whsk_",
        "sk-",
        "sk-proj-",
        "sk-ant-",
        "api03-",
        "glpat-",
        "glrt-",
        "npm_",
        "SG.",
        "shpat_",
        "shpss_",
        "hvs.",
        "hvb.",
        "AC",
        "SK",
        "0123456789abcdef",
        "discord.com/api/",
        "discordapp",
        "canary.",
        "webhooks/",
        "v10/",
        "123456789012345678",
    ];

    /// Whole matches of every detector (cut short at random, they become near misses).
    const SAMPLES: &[&str] = &[
        "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----",
        "-----BEGIN PRIVATE KEY BLOCK-----xx-----END PRIVATE KEY BLOCK-----",
        "-----BEGIN EC PRIVATE KEY-----",
        "-----END OPENSSH PRIVATE KEY-----",
        "https://hooks.slack.com/services/T00/B00/XXXX",
        "http://hooks.slack.com/workflows/a_b-c",
        "postgres://user:pa@ss@host",
        "a+b.c-d://:@",
        "x://u:p@h",
        "1a://:@",
        "sk_live_0123456789abcdef",
        "rk_test_abcdefghij",
        "whsec_abcdefghijklmnop+/==",
        "AKIAIOSFODNN7EXAMPLE",
        "ACCA0123456789ABCDEF",
        "ghp_abcdefghijklmnopqrstuvwxyz0123",
        "github_pat_abc_defghijklmnopqrstuvwxyz_0123",
        "xoxb-1234567890-abc",
        "xapp-1-A0123456789-x",
        "AIzaSyA-1234567890abcdefghijklmnopqrstu",
        "eyJhbGciOi.eyJzdWIi.c2ln",
        "eyJhbGc.e30..",
        "eyJabc.def.ghi.jkl.mno",
        "Bearer abc.def~ghi==",
        "bearer\t\tx/y+z",
        "BASIC dXNlcjpwYXNz===",
        "Basic QUJD=",
        "4111111111111111",
        "4111 1111 1111 1111 123",
        "3782-822463-10005",
        "1234567890123456789012",
        "Bearer%20abc.def~ghi==",
        "Basic%20%20dXNlcjpwYXNz==",
        "whsk_MC4CAQAwBQYDK2VwBCIEIBl5ZH5aW5mZ0f9c3E2Y2NjY2NjY2NjY2NjY2NjY2M=",
        "sk-proj-abcdefghijklmnopqrst_-uvwx",
        "sk-svcacct-abcdefghijklmnopqrstuvwx",
        "sk-None-abcdefghijklmnopqrstuvwx",
        "sk-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV",
        "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789_-AA",
        "sk-ant-admin01-abcdefghijklmnopqrstuvwxyz0123456789",
        "AC0123456789abcdef0123456789abcdef:abcdefghijklmnopqrstuvwxyzABCDEF",
        "SKfedcba9876543210fedcba9876543210:0123456789abcdefghijklmnopqrstuv",
        "glpat-abcdefghij0123456789",
        "glptt-abcdefghij0123456789-_x",
        "npm_abcdefghijklmnopqrstuvwxyz0123456789",
        "SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789_-ABCDE",
        "shpat_0123456789abcdef0123456789ABCDEF",
        "hvs.abcdefghijklmnopqrstuvwxyz",
        "https://discord.com/api/webhooks/123456789012345678/abc-DEF_ghi",
        "http://canary.discordapp.com/api/v10/webhooks/1/x",
    ];

    fn sample() -> impl Strategy<Value = String> {
        (prop::sample::select(SAMPLES), 0usize..120).prop_map(|(s, cut)| {
            let cut = cut.checked_sub(60).unwrap_or(usize::MAX);
            s.char_indices()
                .nth(cut)
                .map_or_else(|| s.to_owned(), |(i, _)| s[..i].to_owned())
        })
    }

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                3 => sample(),
                4 => prop::sample::select(PIECES).prop_map(str::to_owned),
                1 => any::<char>().prop_map(String::from),
                1 => (prop::sample::select(PIECES), 2usize..40)
                    .prop_map(|(p, n)| p.repeat(n)),
            ],
            0..48,
        )
        .prop_map(|v| v.concat())
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// Searching forward through a text, as the scan does (the memo carried along),
        /// finds exactly what the regex finds, for any set of enabled detectors.
        #[test]
        fn same_matches_as_the_regex(
            hay in text(),
            mask in 0u32..(1 << REGISTRY.len()),
            jumps in prop::collection::vec(0usize..24, 1..8),
        ) {
            let enabled: Vec<Detector> =
                REGISTRY.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, s)| s.detector).collect();
            let builtins = Builtins::new(&enabled);
            let oracle = Oracle::new(&enabled);
            let mut memo = Memo::default();
            let mut from = 0;
            let mut jumps = jumps.into_iter().cycle();
            while from <= hay.len() {
                let expected = oracle.as_ref().and_then(|o| o.find(&hay, from));
                let found = builtins
                    .find(&hay, from, &mut memo)
                    .map(|(s, e, spec)| (s, e, spec.detector));
                prop_assert_eq!(found, expected, "from {} in {:?}", from, hay);
                // Resume after the match start (a refused candidate) or jump ahead.
                let mut next = match found {
                    Some((start, _, _)) => start + 1,
                    None => from + 1 + jumps.next().unwrap_or(0),
                };
                while next < hay.len() && !hay.is_char_boundary(next) {
                    next += 1;
                }
                from = next;
            }
        }

        /// The JSON path skips strings its prefilter rules out (no anchor, no card run, no
        /// `:` in a string long enough for a Twilio credential, no `=`); the value path scans
        /// every string in full. Both give the same result, so the prefilter hides nothing.
        #[test]
        fn json_path_prefilter_hides_nothing(
            texts in prop::collection::vec(text(), 1..4),
            disabled in prop::collection::vec(prop::sample::select(Detector::ALL), 0..3),
        ) {
            use crate::redact::{Redactor, RedactorOptions, Value};
            let r = Redactor::new(RedactorOptions {
                disabled_detectors: disabled,
                ..RedactorOptions::default()
            })
            .unwrap();
            // Three or more elements: an array of two would be a name/value pair.
            let mut strings = vec![Value::String("plain text before".to_owned())];
            strings.extend(texts.iter().map(|t| Value::String(t.clone())));
            strings.push(Value::String("and after".to_owned()));
            let doc = Value::Array(strings);
            let json = doc.to_json();
            let (by_json, _) = r.redact_json(&json).unwrap();
            let (by_value, _) = r.redact_value(doc);
            prop_assert_eq!(Value::from_json(&by_json, 8).unwrap(), by_value, "{}", json);
        }
    }
}
