//! Reading a request's headers, whatever shape the caller has them in, under one rule.
//!
//! The verifier asks for headers by their lowercase names ([`Scheme::header_names`]) and
//! never enumerates the request's headers, so an attacker's extra headers cost nothing.
//! Four ways in, all under the same rule:
//! - a type implementing [`Headers`] (slices, arrays and vectors of name/value pairs, and
//!   string-keyed maps, are provided), for [`Webhook::verify_headers`];
//! - a closure `name -> occurrences` (an `Option<&str>` is one occurrence or none), for
//!   [`Webhook::verify_with`] (e.g. over `http::HeaderMap::get_all`);
//! - every value received for each of [`Scheme::header_names`], in order, for
//!   [`Webhook::verify_occurrences`]: what bindings call, so that only the needed headers
//!   cross the language boundary and no binding decides anything about them;
//! - one value (or none) for each of [`Scheme::header_names`], for
//!   [`Webhook::verify_values`], and the signature header's value alone, for
//!   [`Webhook::verify`].
//!
//! ## The rule
//! A header is the list of its *occurrences*: every value received under its name, names
//! compared ASCII-case-insensitively (HTTP field names are ASCII tokens; no Unicode case
//! folding, so `K` (Kelvin sign) never stands for `k`, and a name with other non-ASCII bytes
//! matches nothing). The verifier reads one value per header, built as HTTP (RFC 9110
//! §5.3), Node's `IncomingMessage` and the fetch `Headers` API build it:
//!
//! 1. each occurrence loses its leading and trailing HTTP whitespace (space, tab, CR, LF);
//! 2. the occurrences are joined, in the order received, with `, `; empty occurrences count
//!    (`["", "x"]` is `, x`, as fetch's `Headers.get` answers);
//! 3. the joined value must be at most [`max_header_bytes`] bytes, or the header is refused
//!    with `WEBHOOK_MALFORMED_HEADER` (never truncated). Joining stops as soon as the cap is passed,
//!    so a list of a million occurrences costs no more than one header at the cap: every
//!    occurrence after the first adds at least the two bytes of `, `;
//! 4. the joined value is trimmed (Unicode whitespace); a blank value is the same as an
//!    absent header (`WEBHOOK_MISSING_HEADER` when it is needed).
//!
//! A joined signature header carries every copy, so the signature parsers refuse what a
//! sender never writes (two `t=` in Stripe's, a `,`-ended `v1,` entry in Standard Webhooks',
//! a prefix in the middle of GitHub's): repeated signature headers fail closed instead of one
//! copy being picked. A split Stripe header (`t=…` then `v1=…`) joins into the header the
//! sender meant and verifies, exactly as it does through fetch's `Headers`, which hands over
//! only the joined value: this is why the rule joins rather than refusing repeats outright
//! (a binding over fetch `Headers` could not tell them apart).
//!
//! | what the request carries | value verified | verdict (signature header) |
//! |---|---|---|
//! | no occurrence (`[]`, name absent, `None`) | absent | `WEBHOOK_MISSING_HEADER` |
//! | `[""]`, `["  "]` | blank: absent | `WEBHOOK_MISSING_HEADER` |
//! | `[" v "]` | `v` | as `v` |
//! | `["a", "b"]` (repeated pair, list value, case-variant keys) | `a, b` | the parser's: repeated copies are `WEBHOOK_MALFORMED_HEADER` |
//! | `["", "v"]` | `, v` | Stripe: as `v` (empty entries are skipped); Standard: as `v` (the `,` entry has an unknown version); others `WEBHOOK_MALFORMED_HEADER` |
//! | `["v", ""]` | `v,` (trimmed) | Stripe: as `v`; others `WEBHOOK_MALFORMED_HEADER` |
//! | joined longer than [`max_header_bytes`] | — | `WEBHOOK_MALFORMED_HEADER` |
//! | repeated `webhook-id` | `a, b` | `WEBHOOK_SIGNATURE_MISMATCH` (the signed id differs) |
//! | repeated timestamp header | `t1, t2` | `WEBHOOK_MALFORMED_HEADER` |
//!
//! Order of occurrences: as received for pairs and for the bindings' ordered objects
//! (`dict`, JS objects, `Map`); for a [`HashMap`] with keys differing only in case, whose
//! order is random, the keys' byte order (`Stripe-Signature` before `stripe-signature`), the
//! same as a [`BTreeMap`] of `String` keys, so that one map always gives one verdict.
//!
//! Standard Webhooks accepts `svix-*` names too: the first set (`webhook-*`, then `svix-*`)
//! whose signature header is present (not blank) is read, and the other set is not looked at
//! at all (neither parsed nor length-checked). A present `webhook-signature` with a missing
//! `webhook-id` is `WEBHOOK_MISSING_HEADER` even when a complete `svix-*` set is also present: the
//! sets are never mixed.
//!
//! [`Scheme::header_names`]: super::Scheme::header_names
//! [`Webhook::verify`]: super::Webhook::verify
//! [`Webhook::verify_headers`]: super::Webhook::verify_headers
//! [`Webhook::verify_with`]: super::Webhook::verify_with
//! [`Webhook::verify_values`]: super::Webhook::verify_values
//! [`Webhook::verify_occurrences`]: super::Webhook::verify_occurrences
//! [`max_header_bytes`]: super::WebhookOptions::max_header_bytes

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use crate::error::Error;

/// A request's headers, looked up by name, ASCII-case-insensitively.
pub trait Headers {
    /// Every value of the header called `name` (given in lowercase), in the order received:
    /// one item per occurrence (repeated pairs, keys differing only in case), nothing when
    /// the request has no such header. Names are compared ASCII-case-insensitively. The
    /// verifier joins the values itself ([the rule](crate::webhook::headers)); do not join or
    /// drop any.
    fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str>;
}

fn named<'a, K, V>(
    pairs: impl IntoIterator<Item = (&'a K, &'a V)>,
    name: &'a str,
) -> impl Iterator<Item = &'a str>
where
    K: AsRef<str> + 'a + ?Sized,
    V: AsRef<str> + 'a + ?Sized,
{
    pairs
        .into_iter()
        .filter(move |(k, _)| k.as_ref().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_ref())
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for [(K, V)] {
    fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        named(self.iter().map(|(k, v)| (k, v)), name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> Headers for [(K, V); N] {
    fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        self.as_slice().header_values(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for Vec<(K, V)> {
    fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        self.as_slice().header_values(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>, S> Headers for HashMap<K, V, S> {
    /// Keys differing only in case are taken in their byte order: a `HashMap`'s own order
    /// changes from one process to the next, and a verdict must not. Only the matching keys
    /// are collected (usually one: no allocation beyond that).
    fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        let mut found: Vec<(&str, &str)> = self
            .iter()
            .filter(|(k, _)| k.as_ref().eq_ignore_ascii_case(name))
            .map(|(k, v)| (k.as_ref(), v.as_ref()))
            .collect();
        // Keys of one map are distinct: no ties, so an unstable sort is deterministic.
        found.sort_unstable_by(|a, b| a.0.cmp(b.0));
        found.into_iter().map(|(_, v)| v)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for BTreeMap<K, V> {
    /// Keys differing only in case are taken in the map's order (byte order for `String`
    /// and `&str` keys, the same as a `HashMap`'s).
    fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        named(self.iter(), name)
    }
}

impl<H: Headers + ?Sized> Headers for &H {
    fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        (**self).header_values(name)
    }
}

/// HTTP's whitespace around a field value: optional whitespace (space, tab) and the line
/// breaks fetch's `Headers` also strips.
fn trim_http_whitespace(value: &str) -> &str {
    value.trim_matches([' ', '\t', '\r', '\n'])
}

fn too_long(name: &str, reason: String) -> Error {
    Error::MalformedHeader {
        reason: format!("the `{name}` header {reason}"),
    }
}

/// The value the verifier reads for header `name` from its `occurrences`, by the rule in
/// the module docs: `None` when absent or blank, refused when the joined value passes
/// `max_bytes`. Borrows when there is one occurrence; allocates at most `max_bytes` bytes
/// otherwise, and examines at most `max_bytes / 2 + 1` occurrences.
pub(super) fn field_value<'h>(
    name: &'static str,
    occurrences: impl IntoIterator<Item = &'h str>,
    max_bytes: usize,
) -> Result<Option<Cow<'h, str>>, Error> {
    let mut occurrences = occurrences.into_iter();
    let Some(first) = occurrences.next() else {
        return Ok(None);
    };
    let first = trim_http_whitespace(first);
    if first.len() > max_bytes {
        return Err(too_long(
            name,
            format!(
                "is {} bytes, over the limit of {max_bytes} bytes",
                first.len()
            ),
        ));
    }
    let mut joined = Cow::Borrowed(first);
    let mut count: usize = 1;
    for next in occurrences {
        let next = trim_http_whitespace(next);
        count = count.saturating_add(1);
        let length = joined.len().saturating_add(2).saturating_add(next.len());
        if length > max_bytes {
            // Stop here: whatever follows, the joined value is over the cap.
            return Err(too_long(
                name,
                format!(
                    "was sent at least {count} times; joined with `, ` it is over the limit \
                     of {max_bytes} bytes"
                ),
            ));
        }
        let text = joined.to_mut();
        text.push_str(", ");
        text.push_str(next);
    }
    let value = match joined {
        Cow::Borrowed(text) => Cow::Borrowed(text.trim()),
        Cow::Owned(text) if text.trim().len() == text.len() => Cow::Owned(text),
        Cow::Owned(text) => Cow::Owned(text.trim().to_owned()),
    };
    Ok((!value.is_empty()).then_some(value))
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn all<H: Headers + ?Sized>(headers: &H, name: &str) -> Vec<String> {
        headers.header_values(name).map(str::to_owned).collect()
    }

    #[test]
    fn every_occurrence_case_insensitively() {
        let pairs = [("Webhook-ID", "msg_1"), ("webhook-id", "msg_2")];
        assert_eq!(all(&pairs, "webhook-id"), ["msg_1", "msg_2"]);
        assert!(all(&pairs, "webhook-timestamp").is_empty());
        let map: HashMap<String, String> =
            [("X-Hub-Signature-256".to_owned(), "sha256=00".to_owned())].into();
        assert_eq!(all(&map, "x-hub-signature-256"), ["sha256=00"]);
        let tree: BTreeMap<&str, &str> = [("STRIPE-SIGNATURE", "t=1")].into();
        let by_ref: &BTreeMap<&str, &str> = &tree;
        assert_eq!(all(&by_ref, "stripe-signature"), ["t=1"]);
        let vec = vec![("a".to_owned(), "b")];
        assert_eq!(all(&vec, "A"), ["b"]);
        // ASCII case only: the Kelvin sign is not `k`; a non-ASCII letter matches only itself.
        let unicode = [("\u{212a}ey", "x"), ("kéy", "y")];
        assert!(all(&unicode, "key").is_empty());
        assert_eq!(all(&unicode, "KÉY"), Vec::<String>::new()); // É is not ASCII: no folding
        assert_eq!(all(&unicode, "KéY"), ["y"]);
    }

    /// A map's case variants come in byte order, whatever the hasher: one map, one verdict.
    #[test]
    fn map_case_variants_in_byte_order() {
        let spellings = ["stripe-signature", "Stripe-Signature", "STRIPE-SIGNATURE"];
        for seed in 0..8 {
            let mut map = HashMap::new();
            for (i, name) in spellings.iter().enumerate().cycle().skip(seed).take(3) {
                map.insert(name.to_string(), i.to_string());
            }
            assert_eq!(all(&map, "stripe-signature"), ["2", "1", "0"]);
            let tree: BTreeMap<String, String> = map.clone().into_iter().collect();
            assert_eq!(all(&tree, "stripe-signature"), ["2", "1", "0"]);
        }
    }

    fn value(occurrences: &[&str], max: usize) -> Result<Option<String>, ErrorCode> {
        field_value("x-h", occurrences.iter().copied(), max)
            .map(|v| v.map(Cow::into_owned))
            .map_err(|e| e.code())
    }

    #[test]
    fn the_rule_case_by_case() {
        let some = |s: &str| Ok(Some(s.to_owned()));
        assert_eq!(value(&[], 16), Ok(None));
        assert_eq!(value(&[""], 16), Ok(None));
        assert_eq!(value(&[" \t "], 16), Ok(None));
        assert_eq!(value(&[" v "], 16), some("v"));
        assert_eq!(value(&["a", "b"], 16), some("a, b"));
        assert_eq!(value(&[" a ", "\tb\t"], 16), some("a, b"));
        assert_eq!(value(&["", "v"], 16), some(", v"));
        assert_eq!(value(&["v", ""], 16), some("v,"));
        assert_eq!(value(&["", ""], 16), some(","));
        assert_eq!(value(&["\u{a0}v\u{a0}"], 16), some("v"));
        // The cap: on the joined value, separators included; at the cap is accepted.
        assert_eq!(value(&["0123456789abcdef"], 16), some("0123456789abcdef"));
        assert_eq!(
            value(&["0123456789abcdefg"], 16),
            Err(ErrorCode::MalformedHeader)
        );
        assert_eq!(value(&["0123456", "9abcdef"], 16), some("0123456, 9abcdef"));
        assert_eq!(
            value(&["0123456", "9abcdefg"], 16),
            Err(ErrorCode::MalformedHeader)
        );
        // Empty occurrences count: nine make `, ` eight times (16 bytes), ten pass the cap.
        assert_eq!(value(&[""; 9], 16), some(", , , , , , , ,"));
        assert_eq!(value(&[""; 10], 16), Err(ErrorCode::MalformedHeader));
        // Whitespace around a value does not count towards the cap (fetch strips it too).
        assert_eq!(
            value(&["  0123456789abcdef  "], 16),
            some("0123456789abcdef")
        );
    }

    /// A million occurrences are refused after the first few: joining stops at the cap.
    #[test]
    fn long_lists_stop_at_the_cap() {
        let mut examined = 0usize;
        let occurrences = std::iter::repeat_with(|| {
            examined += 1;
            "x"
        })
        .take(1_000_000);
        let err = field_value("x-h", occurrences, 64).unwrap_err();
        assert_eq!(err.code(), ErrorCode::MalformedHeader);
        assert!(
            err.to_string().contains("over the limit of 64 bytes"),
            "{err}"
        );
        // 22 joined make exactly 64 bytes (`x, x, …`); the 23rd would make 67.
        assert_eq!(examined, 23);
    }
}
