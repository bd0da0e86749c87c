//! Value detectors: secrets recognised inside strings, wherever they appear.
//!
//! All detectors are alternatives of ONE `regex` (finite automata, linear time), so each
//! string is scanned once for all of them; a candidate is then confirmed in code (boundaries,
//! checksums, issuer tables, a JSON header) before it is redacted. When a candidate is
//! refused, scanning resumes just after its start (or after a run that cannot hold another
//! candidate), which keeps the total work linear in the input.
//!
//! `name=value` pairs are found by a hand-written linear pass over each `=` (the name is
//! checked against the key list, through the key cache).
//!
//! In JSON input, an Aho-Corasick automaton of literal anchors (the prefilter) runs lazily
//! over the whole input; only strings that contain an anchor, hold an escape, or hold a run
//! of 13 digits, spaces or dashes are scanned by the full regex, and only strings with a
//! `=` by the pair scan. Every accepted match contains an anchor and no anchor contains a `"`,
//! so the prefilter never hides a secret.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use base64ct::{Base64, Base64Unpadded, Base64UrlUnpadded, Encoding};
use regex::{CaptureLocations, Regex, RegexBuilder};

use super::Lease;
use super::json::{StrTok, is_json_object};
use super::keys::{KeyMatcher, KeyScratch};
use super::options::{CustomPattern, Detector};
use super::report::Confidence;

// `classify` knows every alternative used when no custom pattern is set.
const _: () = assert!(ORDER.len() == 12);

/// Which alternative of the combined regex matched.
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

/// Reusable scratch space for scanning, and the key cache lent to this call.
pub(crate) struct ScanState<'r> {
    locs: Option<CaptureLocations>,
    pub(crate) hits: Vec<Hit>,
    work: Vec<(usize, usize)>,
    keys: KeyScratch,
    lease: Lease<'r>,
}

const CARD: &str =
    "[0-9]{13,19}|[0-9]{4}(?:[ -][0-9]{4}){3}(?:[ -][0-9]{3})?|[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5}";

fn builtin_pattern(d: Detector) -> &'static str {
    match d {
        Detector::PrivateKey => {
            r"-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----(?:(?s:.)*?-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|(?s:.)*)"
        }
        Detector::SlackWebhook => {
            r"https?://hooks\.slack\.com/(?:services|workflows|triggers)/[0-9A-Za-z_/\-]+"
        }
        Detector::UrlPassword => r#"[A-Za-z][A-Za-z0-9+.\-]*://[^/?#@\s"<>:]*:[^/?#\s"<>]*@"#,
        Detector::StripeKey => {
            r"(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{10,}|whsec_[0-9A-Za-z+/=]{16,}"
        }
        // Access key ids only (long-term, temporary, bearer, context credentials); the other
        // `A…A` prefixes name users, roles and policies, which are identifiers, not secrets.
        Detector::AwsAccessKeyId => r"(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}",
        Detector::GithubToken => r"gh[pousr]_[0-9A-Za-z]{30,}|github_pat_[0-9A-Za-z_]{30,}",
        Detector::SlackToken => r"xox[abposre]-[0-9A-Za-z\-]{10,}|xapp-[0-9]+-[0-9A-Za-z\-]{10,}",
        Detector::GoogleApiKey => r"AIza[0-9A-Za-z_\-]{35}",
        // The first three characters encode `{` followed by `"` or a space, as every JWT
        // header does (the header is then decoded and checked to be a JSON object).
        Detector::Jwt => {
            r"ey[A-DI-L][0-9A-Za-z_\-]{3,}\.[0-9A-Za-z_\-]*\.[0-9A-Za-z_\-]*(?:\.[0-9A-Za-z_\-]+\.[0-9A-Za-z_\-]+)?"
        }
        Detector::BearerToken => r"(?:[Bb]earer|BEARER)[ \t]+[0-9A-Za-z._~+/\-]+=*",
        Detector::BasicAuth => r"(?:[Bb]asic|BASIC)[ \t]+[0-9A-Za-z+/]+={0,2}",
        Detector::PaymentCard => CARD,
        // Found by `scan_params`, not by the regex.
        Detector::UrlParam => "",
    }
}

/// The prefilter anchors of each detector: literals, one of which lies inside every match of
/// the detector's pattern (kept few and case-sensitive, so the search runs on SIMD literal
/// scanning rather than byte by byte). Card numbers and `name=value` pairs have none:
/// the string scan flags them (digit count, `=`).
fn anchors(d: Detector) -> &'static [&'static str] {
    match d {
        Detector::PrivateKey => &["-----BEGIN"],
        Detector::SlackWebhook => &["hooks.slack.com"],
        Detector::UrlPassword => &["://"],
        Detector::StripeKey => &["sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_"],
        Detector::AwsAccessKeyId => &["AKIA", "ASIA", "ABIA", "ACCA"],
        Detector::GithubToken => &["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
        Detector::SlackToken => &[
            "xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-", "xoxe-", "xapp-",
        ],
        Detector::GoogleApiKey => &["AIza"],
        Detector::Jwt => &["eyA", "eyB", "eyC", "eyD", "eyI", "eyJ", "eyK", "eyL"],
        Detector::BearerToken => &["Bearer", "bearer", "BEARER"],
        Detector::BasicAuth => &["Basic", "basic", "BASIC"],
        Detector::PaymentCard | Detector::UrlParam => &[],
    }
}

/// The order of alternatives: leftmost-first picks the earliest alternative among matches
/// starting at the same byte. URL userinfo comes first (its scheme may start where a token
/// does; the user part is scanned again), `name=value` last (its `^` can start anywhere).
const ORDER: &[Detector] = &[
    Detector::PrivateKey,
    Detector::SlackWebhook,
    Detector::UrlPassword,
    Detector::StripeKey,
    Detector::AwsAccessKeyId,
    Detector::GithubToken,
    Detector::SlackToken,
    Detector::GoogleApiKey,
    Detector::Jwt,
    Detector::BearerToken,
    Detector::BasicAuth,
    Detector::PaymentCard,
];

/// Whether `pattern` holds a `\p`/`\P` escape (a Unicode property class). The regex crate
/// is built without those tables in the lean WebAssembly build (they are a third of its
/// size); `\w`, `\d`, `\s` and case-insensitive matching keep their Unicode meaning.
fn uses_unicode_property(pattern: &str) -> bool {
    let mut bytes = pattern.bytes();
    while let Some(b) = bytes.next() {
        if b == b'\\' && matches!(bytes.next(), Some(b'p' | b'P')) {
            return true;
        }
    }
    false
}

/// Longest accepted `name` in `name=value`.
const MAX_PARAM_NAME: usize = 64;

/// The compiled detectors.
pub(crate) struct Detectors {
    regex: Option<Regex>,
    prefilter: Option<AhoCorasick>,
    /// Custom patterns have no anchors: every string is a candidate.
    every_string: bool,
    /// (outer group index, alternative).
    groups: Vec<(usize, Alt)>,
    cards: bool,
    params: bool,
}

impl<'r> ScanState<'r> {
    pub(crate) fn new(d: &Detectors, lease: Lease<'r>) -> Self {
        ScanState {
            locs: d.regex.as_ref().map(Regex::capture_locations),
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

fn group_index(re: &Regex, name: &str) -> Option<usize> {
    re.capture_names().position(|n| n == Some(name))
}

enum Verdict {
    Accept(Hit),
    /// Nothing to redact here; resume at the given offset.
    Reject(usize),
}

impl Detectors {
    pub(crate) fn new(enabled: &[Detector], custom: &[CustomPattern]) -> Result<Self, String> {
        let mut alternatives: Vec<String> = Vec::new();
        let mut literals: Vec<&str> = Vec::new();
        let mut alts: Vec<(String, Alt)> = Vec::new();
        let mut push = |alternatives: &mut Vec<String>, alt: Alt, pattern: &str| {
            let name = format!("ew_d{}", alts.len());
            alternatives.push(format!("(?P<{name}>{pattern})"));
            alts.push((name, alt));
        };
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
            if uses_unicode_property(&c.pattern) {
                return Err(format!(
                    "custom pattern `{}` uses a Unicode property class (\\p or \\P), which the \
                     lean WebAssembly build cannot compile; so that every build gives the same \
                     verdict they are refused everywhere: spell the class out (`[A-Za-z0-9]`, \
                     `\\w`, `\\d`)",
                    c.id
                ));
            }
            let probe = Regex::new(&c.pattern)
                .map_err(|e| format!("custom pattern `{}` does not compile: {e}", c.id))?;
            if probe.capture_names().flatten().next().is_some() {
                return Err(format!(
                    "custom pattern `{}` uses a named group: use non-capturing groups `(?:...)`",
                    c.id
                ));
            }
        }
        for d in ORDER {
            if !enabled.contains(d) {
                continue;
            }
            if *d == Detector::PaymentCard {
                // Custom patterns go before the generic tail of the list.
                for (i, c) in custom.iter().enumerate() {
                    push(
                        &mut alternatives,
                        Alt::Custom(i),
                        &format!("(?:{})", c.pattern),
                    );
                }
            }
            push(&mut alternatives, Alt::Builtin(*d), builtin_pattern(*d));
            literals.extend_from_slice(anchors(*d));
        }
        let params = enabled.contains(&Detector::UrlParam);
        if !enabled.contains(&Detector::PaymentCard) {
            for (i, c) in custom.iter().enumerate() {
                push(
                    &mut alternatives,
                    Alt::Custom(i),
                    &format!("(?:{})", c.pattern),
                );
            }
        }
        let build = |pattern: &str| {
            RegexBuilder::new(pattern)
                .size_limit(32 << 20)
                .dfa_size_limit(8 << 20)
                .build()
                .map_err(|e| format!("the detectors could not be compiled: {e}"))
        };
        let regex = if alternatives.is_empty() {
            None
        } else {
            Some(build(&alternatives.join("|"))?)
        };
        let prefilter = if literals.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostFirst)
                    .build(&literals)
                    .map_err(|_| "the detector prefilter could not be compiled".to_owned())?,
            )
        };
        let mut groups = Vec::new();
        if let Some(re) = &regex {
            for (name, alt) in &alts {
                let index = group_index(re, name)
                    .ok_or_else(|| "the detectors could not be compiled".to_owned())?;
                groups.push((index, *alt));
            }
        }
        Ok(Detectors {
            regex,
            prefilter,
            every_string: !custom.is_empty(),
            groups,
            cards: enabled.contains(&Detector::PaymentCard),
            params,
        })
    }

    /// Whether any detector is on.
    pub(crate) fn active(&self) -> bool {
        self.regex.is_some() || self.params
    }

    /// Whether bare numbers are checked for card numbers.
    pub(crate) fn cards(&self) -> bool {
        self.cards
    }

    /// Scans `s`; confirmed secrets land in `st.hits`, sorted and disjoint.
    pub(crate) fn scan(&self, s: &str, keys: &KeyMatcher, st: &mut ScanState<'_>) {
        st.hits.clear();
        self.scan_regex(s, st);
        if self.params {
            let before = st.hits.len();
            scan_params(s, keys, st);
            if st.hits.len() > before {
                merge_overlaps(&mut st.hits);
            }
        }
    }

    fn scan_regex(&self, s: &str, st: &mut ScanState<'_>) {
        let (Some(re), Some(locs)) = (&self.regex, st.locs.as_mut()) else {
            return;
        };
        st.work.clear();
        st.work.push((0, s.len()));
        while let Some((lo, hi)) = st.work.pop() {
            let Some(hay) = s.get(..hi) else { continue };
            let mut pos = lo;
            while pos < hi {
                // Without custom patterns the alternative is told by the match itself, so
                // the (slower) capture engine never runs.
                let (ms, me, alt) = if self.every_string {
                    let Some(m) = re.captures_read_at(locs, hay, pos) else {
                        break;
                    };
                    let alt = self
                        .groups
                        .iter()
                        .find(|(g, _)| locs.get(*g).is_some())
                        .map(|(_, a)| *a);
                    (m.start(), m.end(), alt)
                } else {
                    let Some(m) = re.find_at(hay, pos) else {
                        break;
                    };
                    let text = hay.get(m.start()..m.end()).unwrap_or("");
                    (m.start(), m.end(), classify(text).map(Alt::Builtin))
                };
                if me == ms {
                    pos = next_char(hay, ms);
                    continue;
                }
                let Some(alt) = alt else {
                    pos = next_char(hay, ms);
                    continue;
                };
                match self.confirm(alt, hay, ms, me, &mut st.work) {
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

    fn confirm(
        &self,
        alt: Alt,
        s: &str,
        ms: usize,
        me: usize,
        work: &mut Vec<(usize, usize)>,
    ) -> Verdict {
        let b = s.as_bytes();
        let reject = Verdict::Reject(next_char(s, ms));
        let whole = |confidence, keep_tail| {
            Verdict::Accept(Hit {
                alt,
                start: ms,
                end: me,
                confidence,
                keep_tail,
            })
        };
        let m = s.get(ms..me).unwrap_or("");
        let part = |alt, (start, end): (usize, usize)| {
            Verdict::Accept(Hit {
                alt,
                start,
                end,
                confidence: Confidence::High,
                keep_tail: true,
            })
        };
        let d = match alt {
            Alt::Custom(_) => return whole(Confidence::High, true),
            Alt::Builtin(d) => d,
        };
        let prev = ms.checked_sub(1).and_then(|i| b.get(i).copied());
        let next = b.get(me).copied();
        let alnum_before = prev.is_some_and(|c| c.is_ascii_alphanumeric());
        match d {
            Detector::PrivateKey => whole(Confidence::High, false),
            Detector::SlackWebhook => match webhook_secret(m) {
                Some(start) => part(alt, (ms + start, me)),
                None => reject,
            },
            Detector::UrlPassword => {
                let Some((ps, pe)) = userinfo_password(m).map(|(a, b)| (ms + a, ms + b)) else {
                    return reject;
                };
                // The scheme and user part may hold a token of their own
                // (`https://sk_test_…:@api.stripe.com`): scan it separately.
                work.push((ms, ps));
                if pe > ps {
                    part(alt, (ps, pe))
                } else {
                    Verdict::Reject(me)
                }
            }
            Detector::StripeKey | Detector::SlackToken => {
                if alnum_before {
                    reject
                } else {
                    whole(Confidence::High, true)
                }
            }
            Detector::AwsAccessKeyId => {
                if alnum_before || next.is_some_and(|c| c.is_ascii_alphanumeric()) {
                    reject
                } else {
                    whole(Confidence::High, true)
                }
            }
            Detector::GoogleApiKey => {
                let base64url = |c: u8| c.is_ascii_alphanumeric() || c == b'-' || c == b'_';
                if alnum_before || next.is_some_and(base64url) {
                    reject
                } else {
                    whole(Confidence::High, true)
                }
            }
            Detector::GithubToken => {
                if alnum_before {
                    return reject;
                }
                let token = s.get(ms..me).unwrap_or("");
                whole(github_confidence(token), true)
            }
            Detector::Jwt => {
                let header_end = s
                    .get(ms..me)
                    .and_then(|t| t.find('.'))
                    .map_or(me, |i| ms + i);
                let base64url = |c: u8| c.is_ascii_alphanumeric() || c == b'-' || c == b'_';
                if prev.is_some_and(base64url) {
                    return Verdict::Reject(header_end);
                }
                let header = s.get(ms..header_end).unwrap_or("");
                match Base64UrlUnpadded::decode_vec(header) {
                    Ok(json) if is_json_object(&json) => whole(Confidence::High, true),
                    _ => Verdict::Reject(header_end),
                }
            }
            Detector::BearerToken => {
                let (ts, te) = (ms + credential_start(m), me);
                let token = s.get(ts..te).unwrap_or("");
                if alnum_before || !looks_like_token(token) {
                    reject
                } else {
                    part(alt, (ts, te))
                }
            }
            Detector::BasicAuth => {
                let (ts, te) = (ms + credential_start(m), me);
                let token = s.get(ts..te).unwrap_or("");
                if alnum_before || !is_basic_credential(token) {
                    reject
                } else {
                    part(alt, (ts, te))
                }
            }
            // Not a regex alternative (see `scan_params`).
            Detector::UrlParam => reject,
            Detector::PaymentCard => {
                let bad_before =
                    prev.is_some_and(|c| c.is_ascii_alphanumeric() || b"_.-+".contains(&c));
                let after_next = b.get(me + 1).copied();
                let bad_after = next.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
                    || (matches!(next, Some(b'.' | b'-'))
                        && after_next.is_some_and(|c| c.is_ascii_digit()));
                if bad_before || bad_after || !is_card_number(m) {
                    // Every later start inside this digit run is preceded by a digit, so it
                    // would be refused too: resume after the run.
                    let run = m.bytes().take_while(u8::is_ascii_digit).count();
                    Verdict::Reject(ms + run.max(1))
                } else {
                    whole(Confidence::High, true)
                }
            }
        }
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
        if self.regex.is_some() {
            if self.cards && tok.card_run {
                return Need::Full;
            }
            if let Some(pf) = &self.prefilter {
                let start = abs;
                let end = abs + (ce - cs);
                if start < cursor.from || start > cursor.next {
                    // What we know does not cover `start`: search again from here.
                    cursor.from = start;
                    let input = aho_corasick::Input::new(full).span(start..full.len());
                    cursor.next = match pf.try_find(input) {
                        Ok(Some(m)) => m.start(),
                        Ok(None) => usize::MAX,
                        // Cannot happen for an unanchored search; scan to be safe.
                        Err(_) => start,
                    };
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

/// Bytes allowed in a parameter name.
fn name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'[' | b']' | b'-')
}

/// Bytes that may precede a parameter name: URL and fragment separators, logfmt and cookie
/// separators, whitespace, an opening brace or parenthesis.
fn name_delimiter(c: u8) -> bool {
    matches!(c, b'?' | b'&' | b';' | b'#' | b',' | b'{' | b'(') || c.is_ascii_whitespace()
}

/// Bytes that end an unquoted parameter value.
fn value_end(c: u8) -> bool {
    matches!(
        c,
        b'&' | b'#' | b'"' | b'\'' | b',' | b';' | b'?' | b'{' | b'('
    ) || c.is_ascii_whitespace()
}

/// `name=value` pairs with a sensitive name (URL query and fragment parameters, logfmt,
/// cookies): the value is a secret. A hand-written pass over each `=`: the name is read
/// backwards (at most 64 bytes) and checked against the key list; only a sensitive name reads
/// its value, and scanning resumes after it, so the work stays linear.
fn scan_params(s: &str, keys: &KeyMatcher, st: &mut ScanState<'_>) {
    let b = s.as_bytes();
    let mut from = 0usize;
    while let Some(eq) = b.get(from..).and_then(|r| memchr::memchr(b'=', r)) {
        let eq = from + eq;
        from = eq + 1;
        let mut ns = eq;
        while ns > 0 && eq - ns <= MAX_PARAM_NAME && b.get(ns - 1).copied().is_some_and(name_byte) {
            ns -= 1;
        }
        if ns == eq || eq - ns > MAX_PARAM_NAME {
            continue;
        }
        if ns > 0 && !b.get(ns - 1).copied().is_some_and(name_delimiter) {
            continue;
        }
        let Some(name) = s.get(ns..eq) else { continue };
        if st.key_rule(keys, name).is_none() {
            continue;
        }
        let (vs, ve) = if b.get(eq + 1) == Some(&b'"') {
            match b
                .get(eq + 2..)
                .and_then(|r| r.iter().position(|&c| c == b'"'))
            {
                Some(q) => (eq + 2, eq + 2 + q),
                None => continue,
            }
        } else {
            let len = b.get(eq + 1..).map_or(0, |r| {
                r.iter().position(|&c| value_end(c)).unwrap_or(r.len())
            });
            (eq + 1, eq + 1 + len)
        };
        if ve > vs {
            st.hits.push(Hit {
                alt: Alt::Builtin(Detector::UrlParam),
                start: vs,
                end: ve,
                confidence: Confidence::High,
                keep_tail: true,
            });
            from = ve;
        }
    }
}

/// Sorts hits and merges overlapping ones into the earliest (its detector and mode win).
fn merge_overlaps(hits: &mut Vec<Hit>) {
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

/// Which built-in detector produced `m` (a match of the combined regex without custom
/// patterns). Order matters where two patterns may begin alike: a URL with userinfo always
/// ends with `@`, which no other match does.
fn classify(m: &str) -> Option<Detector> {
    let b = m.as_bytes();
    let starts = |p: &str| m.starts_with(p);
    let d = if starts("-----BEGIN") {
        Detector::PrivateKey
    } else if b.last() == Some(&b'@') && m.contains("://") {
        Detector::UrlPassword
    } else if (starts("https://") || starts("http://")) && m.contains("hooks.slack.com/") {
        Detector::SlackWebhook
    } else if starts("sk_") || starts("rk_") || starts("whsec_") {
        Detector::StripeKey
    } else if starts("github_pat_") || (starts("gh") && b.get(3) == Some(&b'_')) {
        Detector::GithubToken
    } else if starts("xox") || starts("xapp-") {
        Detector::SlackToken
    } else if starts("AIza") {
        Detector::GoogleApiKey
    } else if starts("AKIA") || starts("ASIA") || starts("ABIA") || starts("ACCA") {
        Detector::AwsAccessKeyId
    } else if starts("ey") {
        Detector::Jwt
    } else if starts("Bearer") || starts("bearer") || starts("BEARER") {
        Detector::BearerToken
    } else if starts("Basic") || starts("basic") || starts("BASIC") {
        Detector::BasicAuth
    } else if b.first().is_some_and(u8::is_ascii_digit) {
        Detector::PaymentCard
    } else {
        return None;
    };
    Some(d)
}

/// The secret path of a Slack webhook URL: after `hooks.slack.com/<kind>/`.
fn webhook_secret(m: &str) -> Option<usize> {
    let host = m.find("hooks.slack.com/")? + "hooks.slack.com/".len();
    let kind_end = m.get(host..)?.find('/')? + host + 1;
    (kind_end < m.len()).then_some(kind_end)
}

/// The password range of `scheme://user:password@`.
fn userinfo_password(m: &str) -> Option<(usize, usize)> {
    let user = m.find("://")? + 3;
    let colon = m.get(user..)?.find(':')? + user;
    Some((colon + 1, m.len().checked_sub(1)?))
}

/// Where the credential starts in `Bearer <token>` / `Basic <credential>`.
fn credential_start(m: &str) -> usize {
    let keyword = if m.len() >= 6 && m.get(..6).is_some_and(|k| k.eq_ignore_ascii_case("bearer")) {
        6
    } else {
        5
    };
    keyword
        + m.get(keyword..).map_or(0, |r| {
            r.bytes().take_while(|c| *c == b' ' || *c == b'\t').count()
        })
}

fn next_char(s: &str, i: usize) -> usize {
    s.get(i..)
        .and_then(|t| t.chars().next())
        .map_or(i + 1, |c| i + c.len_utf8())
}

/// A Bearer token, as opposed to prose (`bearer tokens`, `Bearer authentication`).
fn looks_like_token(t: &str) -> bool {
    if t.len() < 8 {
        return false;
    }
    let mut chars = t.bytes();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let wordish = first_ok && chars.all(|c| c.is_ascii_lowercase() || c == b'-' || c == b'_');
    !wordish
}

/// `Basic` credentials: base64 of `user:password`, printable.
fn is_basic_credential(t: &str) -> bool {
    let decoded = if t.len() % 4 == 0 {
        Base64::decode_vec(t)
    } else {
        Base64Unpadded::decode_vec(t.trim_end_matches('='))
    };
    let Ok(bytes) = decoded else { return false };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return false;
    };
    text.contains(':') && !text.chars().any(char::is_control)
}

/// Payment card: issuer prefix, length and Luhn all agree. Separators are spaces or dashes.
pub(crate) fn is_card_number(text: &str) -> bool {
    let mut digits = [0u8; 19];
    let mut n = 0usize;
    for c in text.bytes() {
        match c {
            b'0'..=b'9' => {
                let Some(slot) = digits.get_mut(n) else {
                    return false;
                };
                *slot = c - b'0';
                n += 1;
            }
            b' ' | b'-' => {}
            _ => return false,
        }
    }
    let d = digits.get(..n).unwrap_or(&[]);
    (13..=19).contains(&n) && issuer_accepts(d) && luhn(d)
}

fn luhn(d: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, &v) in d.iter().rev().enumerate() {
        let mut v = u32::from(v);
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

fn issuer_accepts(d: &[u8]) -> bool {
    let prefix = |k: usize| -> u32 {
        d.iter()
            .take(k)
            .fold(0u32, |acc, &v| acc * 10 + u32::from(v))
    };
    let len = d.len();
    let (p1, p2, p3, p4, p6) = (prefix(1), prefix(2), prefix(3), prefix(4), prefix(6));
    let visa = p1 == 4 && matches!(len, 13 | 16 | 19);
    let mastercard = ((51..=55).contains(&p2) || (2221..=2720).contains(&p4)) && len == 16;
    let amex = (p2 == 34 || p2 == 37) && len == 15;
    let long = (16..=19).contains(&len);
    let discover = (p4 == 6011 || (644..=649).contains(&p3) || p2 == 65) && long;
    let unionpay = (p2 == 62 || (622_126..=622_925).contains(&p6)) && long;
    let diners =
        ((300..=305).contains(&p3) || matches!(p2, 36 | 38 | 39)) && (14..=19).contains(&len);
    let jcb = (3528..=3589).contains(&p4) && long;
    let maestro = matches!(p2, 50 | 56 | 57 | 58 | 63 | 67) && long;
    let mir = (2200..=2204).contains(&p4) && long;
    visa || mastercard || amex || discover || unionpay || diners || jcb || maestro || mir
}

/// CRC-32 (IEEE), bit by bit: tokens are 30 bytes, a table would buy nothing.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                0xedb8_8320 ^ (crc >> 1)
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// The six base62 characters GitHub appends to a classic token: CRC32 of the random part.
fn github_checksum(random: &[u8]) -> [u8; 6] {
    let mut v = crc32(random);
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = BASE62.get((v % 62) as usize).copied().unwrap_or(b'0');
        v /= 62;
    }
    out
}

/// High when a classic token's checksum verifies or a fine-grained token has the documented
/// shape; Low otherwise (still redacted).
fn github_confidence(token: &str) -> Confidence {
    let b = token.as_bytes();
    if let Some(rest) = token.strip_prefix("github_pat_") {
        let shaped = rest.len() == 82
            && rest.as_bytes().get(22) == Some(&b'_')
            && rest
                .bytes()
                .enumerate()
                .all(|(i, c)| i == 22 || c.is_ascii_alphanumeric());
        return if shaped {
            Confidence::High
        } else {
            Confidence::Low
        };
    }
    // `ghX_` + 30 random + 6 checksum.
    match (b.get(4..34), b.get(34..)) {
        (Some(random), Some(check)) if b.len() == 40 && check == github_checksum(random) => {
            Confidence::High
        }
        _ => Confidence::Low,
    }
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
    fn unicode_property_classes_refused_in_every_build() {
        assert!(uses_unicode_property(r"\p{Greek}+"));
        assert!(uses_unicode_property(r"[\PL]"));
        assert!(
            !uses_unicode_property(r"\\p{3}"),
            "an escaped backslash, then `p`"
        );
        assert!(!uses_unicode_property(r"(?i)acme_\w{16}\d\s"));
        let custom = |pattern: &str| CustomPattern {
            id: "acme".to_owned(),
            pattern: pattern.to_owned(),
            mode: None,
        };
        let error = Detectors::new(&[Detector::StripeKey], &[custom(r"acme_\pL+")])
            .err()
            .unwrap();
        assert!(error.contains("Unicode property class"), "{error}");
        // What the lean build's tables do cover still compiles.
        assert!(Detectors::new(&[Detector::StripeKey], &[custom(r"(?i)acme_\w+\b")]).is_ok());
    }

    #[test]
    fn github_checksum_matches_known_vector() {
        // A public test vector (credsweeper): 31 zeros check to `4WZ4EQ`.
        assert_eq!(&github_checksum(&[b'0'; 31]), b"4WZ4EQ");
        assert_eq!(&github_checksum(&[b'0'; 30]), b"2C8GjS");
        assert_eq!(
            github_confidence("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"),
            Confidence::High
        );
        assert_eq!(
            github_confidence("ghp_0000000000000000000000000000002C8GjT"),
            Confidence::Low
        );
    }

    #[test]
    fn cards() {
        for ok in [
            "4242424242424242",
            "4111 1111 1111 1111",
            "5555-5555-5555-4444",
            "378282246310005",
            "3782 822463 10005",
            "6011111111111117",
            "3530111333300000",
            "2223003122003222",
        ] {
            assert!(is_card_number(ok), "{ok}");
        }
        for bad in [
            "1700000000000",
            "1699999999999123",
            "4242424242424241",
            "9999999999999995",
            "424242424242",
            "42424242424242424242",
        ] {
            assert!(!is_card_number(bad), "{bad}");
        }
    }

    #[test]
    fn basic_and_bearer_shapes() {
        assert!(is_basic_credential("dXNlcjpwYXNz"));
        assert!(!is_basic_credential("authentication"));
        assert!(looks_like_token("abc123def456"));
        assert!(!looks_like_token("authentication"));
        assert!(!looks_like_token("Authentication"));
        assert!(!looks_like_token("short"));
    }
}
