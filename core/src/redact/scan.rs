//! The scan: every enabled value detector over one string, wherever it appears.
//!
//! The built-in detectors (`detectors`, one file each) are matched by hand (`builtin`:
//! literals and character runs, linear time); custom patterns (`custom_patterns`) are
//! alternatives of ONE `regex` (finite automata, linear time), so each string is searched once
//! for all of them. A candidate is then confirmed by its detector's check (boundaries,
//! checksums, issuer tables, a JSON header) before it is redacted. When a
//! candidate is refused, scanning resumes just after its start (or after a run that cannot
//! hold another candidate), which keeps the total work linear in the input.
//!
//! `name=value` pairs are found by a hand-written linear pass over each `=` or `%3D` (the
//! name is checked against the key list, through the key cache): `detectors/url_param.rs`.
//!
//! Boundaries see through percent escapes: where a detector wants no letter or digit before
//! a token, `%3D`, `%20`, `%2F`, … (once or twice encoded) count as the byte they encode, so
//! a token in an encoded URL (`next=%2Fpay%3Fkey%3Dsk_live_…`) is found. Only the check of
//! one byte before a candidate changes, so the scan stays linear and the candidate search
//! (checked against the `regex` crate) is unchanged; `Bearer%20` is part of the `Bearer`
//! pattern itself.
//!
//! In JSON input, a search for literal anchors (`prefilter`) runs lazily over the whole
//! input; only strings that contain an anchor (or an encoded `=`), hold an escape, hold a
//! run of 13 digits, spaces or dashes, or hold a `:` and are long enough for a Twilio
//! credential are scanned in full, and only strings with a `=` by the pair scan. Every
//! accepted built-in match but a card number or a Twilio credential contains an anchor, and
//! no anchor contains a `"`, so the prefilter never hides a secret (a test compares the JSON
//! path with the unfiltered value path on generated strings). Custom patterns have no anchors: with them, every string is scanned.

use super::Lease;
use super::builtin::Builtins;
#[cfg(feature = "custom-patterns")]
use super::custom_patterns::Custom;
use super::detectors::url_param::{ENCODED_EQUALS, percent_escape, scan_params};
use super::detectors::{Candidate, Confirm, Memo, REGISTRY, Spec, TWILIO_MIN_LEN};
use super::json::StrTok;
use super::options::{CustomPattern, Detector};
use super::prefilter::Anchors;
use super::report::Confidence;
use super::sensitive_keys::{KeyMatcher, KeyScratch};

/// Which detector matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Alt {
    Builtin(Detector),
    Custom(usize),
}

/// A confirmed secret inside a string.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hit {
    pub(crate) alt: Alt,
    /// Byte range of the secret (the part that is replaced).
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) confidence: Confidence,
    /// Whether `Mask` may keep the last characters (not for PEM blocks).
    pub(crate) keep_tail: bool,
}

impl Hit {
    /// The value of a `name=value` (or `name: value`) pair with a sensitive name.
    pub(crate) fn pair_value(start: usize, end: usize) -> Hit {
        Hit {
            alt: Alt::Builtin(Detector::UrlParam),
            start,
            end,
            confidence: Confidence::High,
            keep_tail: true,
        }
    }
}

/// Reusable scratch space for scanning, and the key cache lent to this call.
pub(crate) struct ScanState<'r> {
    #[cfg(feature = "custom-patterns")]
    locs: Option<regex::CaptureLocations>,
    pub(crate) hits: Vec<Hit>,
    work: Vec<(usize, usize)>,
    keys: KeyScratch,
    lease: Lease<'r>,
}

/// The compiled detectors.
pub(crate) struct Detectors {
    builtins: Builtins,
    #[cfg(feature = "custom-patterns")]
    custom: Option<Custom>,
    prefilter: Option<Anchors>,
    /// Custom patterns have no anchors: every string is a candidate.
    every_string: bool,
    cards: bool,
    /// Twilio credentials have no anchor: a long enough string with a `:` is scanned.
    twilio: bool,
    params: bool,
}

impl<'r> ScanState<'r> {
    pub(crate) fn new(_: &Detectors, lease: Lease<'r>) -> Self {
        ScanState {
            #[cfg(feature = "custom-patterns")]
            locs: None,
            hits: Vec::new(),
            work: Vec::new(),
            keys: KeyScratch::default(),
            lease,
        }
    }

    /// The key rule `key` matches, through the cache.
    pub(crate) fn key_rule(&mut self, keys: &KeyMatcher, key: &str) -> Option<usize> {
        keys.check_cached(key, &mut self.keys, &mut self.lease.cache)
    }
}

enum Verdict {
    Accept(Hit),
    /// Nothing to redact here; resume at the given offset.
    Reject(usize),
}

/// Who found a candidate.
#[derive(Clone, Copy)]
enum Source {
    Builtin(&'static Spec),
    Custom(usize),
}

/// A candidate: start, end and who found it.
type Found = (usize, usize, Source);

/// The candidate the combined search reports: the leftmost; at the same start a built-in
/// detector wins, except payment cards, which rank after custom patterns (cards are the
/// most generic pattern, and a custom pattern is the user's deliberate choice).
fn earliest(
    builtin: Option<(usize, usize, &'static Spec)>,
    custom: Option<(usize, usize, usize)>,
) -> Option<Found> {
    match (builtin, custom) {
        (Some((bs, be, spec)), Some((cs, ce, i))) => {
            let custom_first = cs < bs || (cs == bs && spec.detector == Detector::PaymentCard);
            Some(if custom_first {
                (cs, ce, Source::Custom(i))
            } else {
                (bs, be, Source::Builtin(spec))
            })
        }
        (Some((s, e, spec)), None) => Some((s, e, Source::Builtin(spec))),
        (None, Some((s, e, i))) => Some((s, e, Source::Custom(i))),
        (None, None) => None,
    }
}

impl Detectors {
    pub(crate) fn new(enabled: &[Detector], custom: &[CustomPattern]) -> Result<Self, String> {
        for c in custom {
            if c.id.is_empty() || c.id.len() > 64 {
                return Err("each custom pattern needs an id of 1 to 64 characters".to_owned());
            }
            if c.pattern.len() > 4096 {
                return Err(format!(
                    "custom pattern `{}` is longer than 4096 bytes",
                    c.id
                ));
            }
        }
        #[cfg(not(feature = "custom-patterns"))]
        if let Some(c) = custom.first() {
            return Err(format!(
                "custom pattern `{}`: this build has no regex engine (the lean entry \
                 `edgeward/webhooks` leaves it out to stay small); import `edgeward` to use \
                 custom patterns",
                c.id
            ));
        }
        let params = enabled.contains(&Detector::UrlParam);
        let literals: Vec<&'static str> = REGISTRY
            .iter()
            .filter(|s| enabled.contains(&s.detector))
            .flat_map(|s| s.anchors.iter().copied())
            .chain(ENCODED_EQUALS.iter().copied().filter(|_| params))
            .collect();
        Ok(Detectors {
            builtins: Builtins::new(enabled),
            #[cfg(feature = "custom-patterns")]
            custom: Custom::new(custom)?,
            prefilter: Anchors::new(&literals),
            every_string: !custom.is_empty(),
            cards: enabled.contains(&Detector::PaymentCard),
            twilio: enabled.contains(&Detector::TwilioCredential),
            params,
        })
    }

    /// Whether any value pattern (built-in or custom) is on.
    fn patterns(&self) -> bool {
        self.builtins.any() || self.every_string
    }

    /// Whether any detector is on.
    pub(crate) fn active(&self) -> bool {
        self.patterns() || self.params
    }

    /// Whether bare numbers are checked for card numbers.
    pub(crate) fn cards(&self) -> bool {
        self.cards
    }

    /// Scans `s`; confirmed secrets land in `st.hits`, sorted and disjoint.
    pub(crate) fn scan(&self, s: &str, keys: &KeyMatcher, st: &mut ScanState<'_>) {
        st.hits.clear();
        self.scan_patterns(s, st);
        if self.params {
            let before = st.hits.len();
            scan_params(s, keys, st);
            if st.hits.len() > before {
                merge_overlaps(&mut st.hits);
            }
        }
    }

    /// Scans free text: [`Detectors::scan`] plus the colon and quote pair forms of
    /// `freetext` (free text only: strings inside structures keep [`Detectors::scan`]).
    pub(crate) fn scan_text(&self, s: &str, keys: &KeyMatcher, st: &mut ScanState<'_>) {
        self.scan(s, keys, st);
        if self.params {
            let before = st.hits.len();
            super::freetext::scan_pairs(s, keys, st);
            if st.hits.len() > before {
                merge_overlaps(&mut st.hits);
            }
        }
    }

    /// The leftmost custom match at or after `from`.
    #[cfg(feature = "custom-patterns")]
    fn find_custom(
        &self,
        hay: &str,
        from: usize,
        st: &mut ScanState<'_>,
    ) -> Option<(usize, usize, usize)> {
        self.custom.as_ref()?.find(hay, from, &mut st.locs)
    }

    #[cfg(not(feature = "custom-patterns"))]
    fn find_custom(
        &self,
        _: &str,
        _: usize,
        _: &mut ScanState<'_>,
    ) -> Option<(usize, usize, usize)> {
        None
    }

    fn scan_patterns(&self, s: &str, st: &mut ScanState<'_>) {
        if !self.patterns() {
            return;
        }
        st.work.clear();
        st.work.push((0, s.len()));
        while let Some((lo, hi)) = st.work.pop() {
            let Some(hay) = s.get(..hi) else { continue };
            let mut memo = Memo::default();
            // The next match of each kind, kept while it still starts at or after `pos`
            // (a match at a position does not depend on where the search began).
            let mut builtin: Option<Option<(usize, usize, &'static Spec)>> = None;
            let mut custom: Option<Option<(usize, usize, usize)>> = None;
            let mut pos = lo;
            while pos < hi {
                if builtin.is_some_and(|b| b.is_some_and(|(start, _, _)| start < pos)) {
                    builtin = None;
                }
                if custom.is_some_and(|c| c.is_some_and(|(start, _, _)| start < pos)) {
                    custom = None;
                }
                let next_builtin =
                    *builtin.get_or_insert_with(|| self.builtins.find(hay, pos, &mut memo));
                let next_custom = match custom {
                    Some(c) => c,
                    None => *custom.insert(self.find_custom(hay, pos, st)),
                };
                let Some((ms, me, source)) = earliest(next_builtin, next_custom) else {
                    break;
                };
                if me == ms {
                    pos = next_char(hay, ms);
                    continue;
                }
                match confirm(source, hay, ms, me, &mut st.work) {
                    Verdict::Accept(hit) => {
                        st.hits.push(hit);
                        pos = me.max(next_char(hay, ms));
                    }
                    Verdict::Reject(resume) => pos = resume.max(next_char(hay, ms)),
                }
            }
        }
        st.hits.sort_unstable_by_key(|h| h.start);
    }

    /// How much of the detectors the JSON string `tok` (whose content starts at absolute
    /// offset `abs` of `full`) needs. `cursor` carries what earlier calls learnt.
    pub(crate) fn need(&self, full: &str, abs: usize, tok: &StrTok, cursor: &mut Cursor) -> Need {
        if !self.active() {
            return Need::Nothing;
        }
        if tok.escaped || self.every_string {
            return Need::Full;
        }
        let (cs, ce) = tok.content();
        if self.builtins.any() || self.params {
            if self.cards && tok.card_run {
                return Need::Full;
            }
            if self.twilio
                && ce - cs >= TWILIO_MIN_LEN
                && full
                    .as_bytes()
                    .get(abs..abs + (ce - cs))
                    .is_some_and(|content| memchr::memchr(b':', content).is_some())
            {
                return Need::Full;
            }
            if let Some(pf) = &self.prefilter {
                let start = abs;
                let end = abs + (ce - cs);
                if start < cursor.from || start > cursor.next {
                    // What we know does not cover `start`: search again from here.
                    cursor.from = start;
                    cursor.next = pf.next(full.as_bytes(), start).unwrap_or(usize::MAX);
                }
                if cursor.next < end {
                    return Need::Full;
                }
            }
        }
        if self.params && tok.has_eq {
            Need::Params
        } else {
            Need::Nothing
        }
    }

    /// Only the `name=value` scan.
    pub(crate) fn scan_params_only(&self, s: &str, keys: &KeyMatcher, st: &mut ScanState<'_>) {
        st.hits.clear();
        if self.params {
            scan_params(s, keys, st);
        }
    }
}

/// Confirms a candidate with the check of the detector that found it.
fn confirm(
    source: Source,
    s: &str,
    ms: usize,
    me: usize,
    work: &mut Vec<(usize, usize)>,
) -> Verdict {
    let spec = match source {
        // The user's deliberate pattern: every match is a secret.
        Source::Custom(i) => {
            return Verdict::Accept(Hit {
                alt: Alt::Custom(i),
                start: ms,
                end: me,
                confidence: Confidence::High,
                keep_tail: true,
            });
        }
        Source::Builtin(spec) => spec,
    };
    let b = s.as_bytes();
    let mut candidate = Candidate {
        text: s,
        start: ms,
        end: me,
        before: before(b, ms),
        after: b.get(me).copied(),
        rescan: work,
    };
    let alt = Alt::Builtin(spec.detector);
    match (spec.confirm)(&mut candidate) {
        Confirm::Whole {
            confidence,
            keep_tail,
        } => Verdict::Accept(Hit {
            alt,
            start: ms,
            end: me,
            confidence,
            keep_tail,
        }),
        Confirm::Part(start, end) => Verdict::Accept(Hit {
            alt,
            start,
            end,
            confidence: Confidence::High,
            keep_tail: true,
        }),
        Confirm::Reject => Verdict::Reject(next_char(s, ms)),
        Confirm::RejectUntil(resume) => Verdict::Reject(resume),
    }
}

/// How much scanning a string needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Need {
    Nothing,
    Params,
    Full,
}

/// What the prefilter has established: no anchor starts in `[from, next)`, one starts at
/// `next` (`usize::MAX`: none).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cursor {
    from: usize,
    next: usize,
}

impl Cursor {
    pub(crate) fn new() -> Self {
        Cursor {
            from: usize::MAX,
            next: 0,
        }
    }
}

/// The byte before a match at `at`, as a boundary check sees it: a percent escape there
/// (`%3D`, `%20`, or encoded twice, `%253D`) stands for the byte it encodes, so a token right
/// after `key%3D` or `Bearer%20` in an encoded URL is found like one after `key=`.
fn before(b: &[u8], at: usize) -> Option<u8> {
    let prev = at.checked_sub(1).and_then(|i| b.get(i).copied())?;
    if !prev.is_ascii_hexdigit() {
        return Some(prev);
    }
    for len in [3, 5] {
        if let Some(start) = at.checked_sub(len)
            && let Some((decoded, n)) = percent_escape(b, start)
            && n == len
        {
            return Some(decoded);
        }
    }
    Some(prev)
}

/// The offset just past the character at `i`.
fn next_char(s: &str, i: usize) -> usize {
    s.get(i..)
        .and_then(|t| t.chars().next())
        .map_or(i + 1, |c| i + c.len_utf8())
}

/// Sorts hits and merges overlapping ones into the earliest (its detector and mode win).
pub(crate) fn merge_overlaps(hits: &mut Vec<Hit>) {
    // Earliest first, then longest, then a specific detector before `name=value`.
    let generic = |h: &Hit| h.alt == Alt::Builtin(Detector::UrlParam);
    hits.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(generic(a).cmp(&generic(b)))
    });
    let mut merged: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits.drain(..) {
        match merged.last_mut() {
            Some(last) if h.start < last.end => last.end = last.end.max(h.end),
            _ => merged.push(h),
        }
    }
    *hits = merged;
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )]

    use super::*;

    #[test]
    fn every_anchor_fits_the_prefilter() {
        let all: Vec<&'static str> = REGISTRY
            .iter()
            .flat_map(|s| s.anchors.iter().copied())
            .chain(ENCODED_EQUALS.iter().copied())
            .collect();
        let pf = Anchors::new(&all).expect("at most 64 anchors of two bytes or more");
        let text = b"{\"a\":\"x\",\"b\":\"token ghp_x\"}";
        assert_eq!(pf.next(text, 0), Some(20));
        assert_eq!(pf.next(text, 21), None);
        for a in &all {
            assert_eq!(pf.next(format!("..{a}").as_bytes(), 0), Some(2), "{a}");
        }
    }

    #[test]
    fn custom_patterns_need_the_regex_engine() {
        let custom = |pattern: &str| CustomPattern {
            id: "acme".to_owned(),
            pattern: pattern.to_owned(),
            mode: None,
        };
        for pattern in [r"(?i)acme_\w+\b", r"acme_\p{Greek}+"] {
            let built = Detectors::new(&[Detector::StripeKey], &[custom(pattern)]);
            if cfg!(feature = "custom-patterns") {
                assert!(built.is_ok(), "{pattern}");
            } else {
                // No regex engine (the lean WASM build): refused, saying what to use instead.
                let error = built.err().unwrap();
                assert!(error.contains("import `edgeward`"), "{error}");
            }
        }
        assert!(Detectors::new(&[Detector::StripeKey], &[]).is_ok());
    }
}
