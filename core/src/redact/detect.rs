//! Value detectors: secrets recognised inside strings, wherever they appear.
//!
//! The built-in detectors are matched by hand (`builtin`: literals and character runs, linear
//! time); custom patterns are alternatives of ONE `regex` (finite automata, linear time), so
//! each string is searched once for all of them. A candidate is then confirmed in code
//! (boundaries, checksums, issuer tables, a JSON header) before it is redacted. When a
//! candidate is refused, scanning resumes just after its start (or after a run that cannot
//! hold another candidate), which keeps the total work linear in the input.
//!
//! `name=value` pairs are found by a hand-written linear pass over each `=` or `%3D` (the
//! name is checked against the key list, through the key cache).
//!
//! Boundaries see through percent escapes: where a detector wants no letter or digit before
//! a token, `%3D`, `%20`, `%2F`, … (once or twice encoded) count as the byte they encode, so
//! a token in an encoded URL (`next=%2Fpay%3Fkey%3Dsk_live_…`) is found. Only the check of
//! one byte before a candidate changes, so the scan stays linear and the candidate search
//! (checked against the `regex` crate) is unchanged; `Bearer%20` is part of the `Bearer`
//! pattern itself.
//!
//! In JSON input, a search for literal anchors (the prefilter) runs lazily over the whole
//! input; only strings that contain an anchor (or an encoded `=`), hold an escape, or hold a
//! run of 13 digits, spaces or dashes are scanned in full, and only strings with a `=` by the
//! pair scan. Every
//! accepted built-in match contains an anchor and no anchor contains a `"`, so the prefilter
//! never hides a secret. Custom patterns have no anchors: with them, every string is scanned.

use base64ct::{Base64, Base64Unpadded, Base64UrlUnpadded, Encoding};

use super::Lease;
use super::builtin::{Builtins, Memo, ORDER, credential_gap};
use super::json::{StrTok, is_json_object};
use super::options::{CustomPattern, Detector};
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

/// The prefilter anchors of each detector: literals, one of which lies inside every match of
/// the detector's pattern (kept few and case-sensitive). Card numbers and `name=value` pairs
/// have none: the string scan flags them (digit count, `=`).
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
        Detector::WebhookSigningKey => &["whsk_"],
        // `sk-ant-` holds `sk-` too.
        Detector::OpenaiKey | Detector::AnthropicKey => &["sk-"],
        Detector::TwilioCredential => &["AC", "SK"],
        Detector::GitlabToken => &["glpat-", "gldt-", "glrt-", "glptt-"],
        Detector::NpmToken => &["npm_"],
        Detector::SendgridKey => &["SG."],
        Detector::ShopifyToken => &["shp"],
        Detector::VaultToken => &["hvs.", "hvb.", "hvr."],
        Detector::DiscordWebhook => &["discord"],
    }
}

/// Percent-encoded `=` (once or twice), for `name%3Dvalue` pairs inside encoded URLs: a
/// string holding one is scanned for pairs even without a plain `=`.
const ENCODED_EQUALS: &[&str] = &["%3D", "%3d", "%253D", "%253d"];

/// A search for any of up to 64 literals of two bytes or more: a byte pair is looked up in
/// two tables (literals by first byte, by second byte) before any literal is compared.
struct Anchors {
    literals: Vec<&'static [u8]>,
    first: [u64; 256],
    second: [u64; 256],
}

impl Anchors {
    fn new(literals: &[&'static str]) -> Option<Self> {
        if literals.is_empty() || literals.len() > 64 {
            return None;
        }
        let mut first = [0u64; 256];
        let mut second = [0u64; 256];
        for (i, l) in literals.iter().enumerate() {
            let (&[a, b, ..], bit) = (l.as_bytes(), 1u64 << i) else {
                return None;
            };
            *first.get_mut(usize::from(a))? |= bit;
            *second.get_mut(usize::from(b))? |= bit;
        }
        Some(Anchors {
            literals: literals.iter().map(|l| l.as_bytes()).collect(),
            first,
            second,
        })
    }

    /// Where the first anchor at or after `from` starts.
    fn next(&self, hay: &[u8], from: usize) -> Option<usize> {
        let rest = hay.get(from..)?;
        rest.windows(2).enumerate().find_map(|(i, pair)| {
            let [a, b] = *pair else { return None };
            let f = self.first.get(usize::from(a)).copied().unwrap_or(0);
            let s = self.second.get(usize::from(b)).copied().unwrap_or(0);
            let mut mask = f & s;
            while mask != 0 {
                let index = mask.trailing_zeros() as usize;
                mask &= mask - 1;
                let tail = rest.get(i..)?;
                if self
                    .literals
                    .get(index)
                    .is_some_and(|l| tail.starts_with(l))
                {
                    return Some(from + i);
                }
            }
            None
        })
    }
}

/// Longest accepted `name` in `name=value`.
const MAX_PARAM_NAME: usize = 64;

/// The custom patterns, as one regex of named alternatives (in the order given).
#[cfg(feature = "custom-patterns")]
struct Custom {
    regex: regex::Regex,
    /// (capture group index, custom pattern index).
    groups: Vec<(usize, usize)>,
}

#[cfg(feature = "custom-patterns")]
impl Custom {
    fn new(custom: &[CustomPattern]) -> Result<Option<Self>, String> {
        if custom.is_empty() {
            return Ok(None);
        }
        let mut alternatives = Vec::with_capacity(custom.len());
        for (i, c) in custom.iter().enumerate() {
            let probe = regex::Regex::new(&c.pattern)
                .map_err(|e| format!("custom pattern `{}` does not compile: {e}", c.id))?;
            if probe.capture_names().flatten().next().is_some() {
                return Err(format!(
                    "custom pattern `{}` uses a named group: use non-capturing groups `(?:...)`",
                    c.id
                ));
            }
            alternatives.push(format!("(?P<ew_d{i}>(?:{}))", c.pattern));
        }
        let regex = regex::RegexBuilder::new(&alternatives.join("|"))
            .size_limit(32 << 20)
            .dfa_size_limit(8 << 20)
            .build()
            .map_err(|e| format!("the custom patterns could not be compiled: {e}"))?;
        let mut groups = Vec::with_capacity(custom.len());
        for i in 0..custom.len() {
            let name = format!("ew_d{i}");
            let index = regex
                .capture_names()
                .position(|n| n == Some(name.as_str()))
                .ok_or_else(|| "the custom patterns could not be compiled".to_owned())?;
            groups.push((index, i));
        }
        Ok(Some(Custom { regex, groups }))
    }

    /// The leftmost custom match at or after `from`: start, end and pattern index.
    fn find(
        &self,
        hay: &str,
        from: usize,
        locs: &mut Option<regex::CaptureLocations>,
    ) -> Option<(usize, usize, usize)> {
        if let [(_, only)] = self.groups.as_slice() {
            let m = self.regex.find_at(hay, from)?;
            return Some((m.start(), m.end(), *only));
        }
        let locs = locs.get_or_insert_with(|| self.regex.capture_locations());
        let m = self.regex.captures_read_at(locs, hay, from)?;
        let index = self
            .groups
            .iter()
            .find(|(g, _)| locs.get(*g).is_some())
            .map_or(0, |(_, i)| *i);
        Some((m.start(), m.end(), index))
    }
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

/// A candidate: start, end and detector.
type Candidate = (usize, usize, Alt);

/// The candidate the combined search reports: the leftmost; at the same start a built-in
/// detector wins, except payment cards, which rank after custom patterns (cards are the
/// most generic pattern, and a custom pattern is the user's deliberate choice).
fn earliest(
    builtin: Option<(usize, usize, Detector)>,
    custom: Option<(usize, usize, usize)>,
) -> Option<Candidate> {
    let b = builtin.map(|(s, e, d)| (s, e, Alt::Builtin(d)));
    let c = custom.map(|(s, e, i)| (s, e, Alt::Custom(i)));
    match (b, c) {
        (Some(b), Some(c)) => {
            let custom_first =
                c.0 < b.0 || (c.0 == b.0 && b.2 == Alt::Builtin(Detector::PaymentCard));
            Some(if custom_first { c } else { b })
        }
        (b, c) => b.or(c),
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
        let literals: Vec<&'static str> = ORDER
            .iter()
            .filter(|d| enabled.contains(d))
            .flat_map(|d| anchors(*d).iter().copied())
            .chain(ENCODED_EQUALS.iter().copied().filter(|_| params))
            .collect();
        Ok(Detectors {
            builtins: Builtins::new(enabled),
            #[cfg(feature = "custom-patterns")]
            custom: Custom::new(custom)?,
            prefilter: Anchors::new(&literals),
            every_string: !custom.is_empty(),
            cards: enabled.contains(&Detector::PaymentCard),
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
            let mut builtin: Option<Option<(usize, usize, Detector)>> = None;
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
                let Some((ms, me, alt)) = earliest(next_builtin, next_custom) else {
                    break;
                };
                if me == ms {
                    pos = next_char(hay, ms);
                    continue;
                }
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
        let prev = before(b, ms);
        let next = b.get(me).copied();
        let alnum_before = prev.is_some_and(|c| c.is_ascii_alphanumeric());
        let alnum_after = next.is_some_and(|c| c.is_ascii_alphanumeric());
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
            Detector::AwsAccessKeyId
            | Detector::ShopifyToken
            | Detector::SendgridKey
            | Detector::TwilioCredential => {
                let base64url_after = next.is_some_and(|c| c == b'-' || c == b'_');
                let run_on = alnum_after || (d == Detector::SendgridKey && base64url_after);
                if alnum_before || run_on {
                    reject
                } else if d == Detector::TwilioCredential {
                    // The SID is an identifier: only the secret after `:` goes.
                    part(alt, (ms + 35, me))
                } else {
                    whole(Confidence::High, true)
                }
            }
            Detector::WebhookSigningKey
            | Detector::AnthropicKey
            | Detector::GitlabToken
            | Detector::VaultToken => {
                if alnum_before {
                    reject
                } else {
                    whole(Confidence::High, true)
                }
            }
            Detector::OpenaiKey => {
                // A legacy key is exactly 48 characters: a longer run is something else.
                let legacy = m.len() == 51 && !m.get(3..).is_some_and(|r| r.contains('-'));
                if alnum_before || (legacy && alnum_after) {
                    reject
                } else {
                    whole(Confidence::High, true)
                }
            }
            Detector::NpmToken => {
                if alnum_before || alnum_after {
                    reject
                } else {
                    whole(npm_confidence(m), true)
                }
            }
            Detector::DiscordWebhook => match m.rfind('/') {
                Some(slash) => part(alt, (ms + slash + 1, me)),
                None => reject,
            },
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
        if self.builtins.any() || self.params {
            if self.cards && tok.card_run {
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

/// The byte a percent escape at `i` encodes and the escape's length: `%HH`, or `%25HH` (a
/// `%HH` encoded again, as in a URL nested in a parameter of another).
pub(crate) fn percent_escape(b: &[u8], i: usize) -> Option<(u8, usize)> {
    let hex = |j: usize| b.get(j).and_then(|c| char::from(*c).to_digit(16));
    if b.get(i) != Some(&b'%') {
        return None;
    }
    let byte = u8::try_from(hex(i + 1)? * 16 + hex(i + 2)?).ok()?;
    if byte == b'%'
        && let (Some(h), Some(l)) = (hex(i + 3), hex(i + 4))
    {
        return Some((u8::try_from(h * 16 + l).ok()?, 5));
    }
    Some((byte, 3))
}

/// Bytes allowed in a parameter name.
pub(crate) fn name_byte(c: u8) -> bool {
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
///
/// Inside a percent-encoded URL (`next=%2Fpay%3Ftoken%3Dabc%26x%3D1`, once or twice encoded)
/// `%3D` is the `=`, an encoded delimiter (`%3F`, `%26`, `%20`, …) may precede the name, and
/// an encoded delimiter ends the value.
fn scan_params(s: &str, keys: &KeyMatcher, st: &mut ScanState<'_>) {
    let b = s.as_bytes();
    let mut from = 0usize;
    while let Some(found) = b.get(from..).and_then(|r| memchr::memchr2(b'=', b'%', r)) {
        let eq = from + found;
        from = eq + 1;
        let (value_at, encoded) = if b.get(eq) == Some(&b'=') {
            (eq + 1, false)
        } else {
            match percent_escape(b, eq) {
                Some((b'=', len)) => (eq + len, true),
                _ => continue,
            }
        };
        let mut ns = eq;
        while ns > 0 && eq - ns <= MAX_PARAM_NAME && b.get(ns - 1).copied().is_some_and(name_byte) {
            ns -= 1;
        }
        if ns == eq || eq - ns > MAX_PARAM_NAME {
            continue;
        }
        if ns > 0 && !b.get(ns - 1).copied().is_some_and(name_delimiter) {
            // An encoded delimiter: its hex digits were read as part of the name.
            match percent_escape(b, ns - 1) {
                Some((c, len)) if name_delimiter(c) && ns - 1 + len < eq => ns = ns - 1 + len,
                _ => continue,
            }
        }
        let Some(name) = s.get(ns..eq) else { continue };
        if st.key_rule(keys, name).is_none() {
            continue;
        }
        let (vs, ve) = if !encoded && b.get(value_at) == Some(&b'"') {
            match b
                .get(value_at + 1..)
                .and_then(|r| r.iter().position(|&c| c == b'"'))
            {
                Some(q) => (value_at + 1, value_at + 1 + q),
                None => continue,
            }
        } else {
            let mut end = value_at;
            while let Some(&c) = b.get(end) {
                let encoded_end = encoded
                    && c == b'%'
                    && percent_escape(b, end).is_some_and(|(d, _)| value_end(d) || d == b'=');
                if value_end(c) || encoded_end {
                    break;
                }
                end += 1;
            }
            (value_at, end)
        };
        if ve > vs {
            st.hits.push(Hit::pair_value(vs, ve));
            from = ve;
        }
    }
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
    credential_gap(m.as_bytes(), keyword)
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

/// npm tokens carry GitHub's checksum: `npm_` + 30 random + 6 base62 of their CRC32. High
/// when it verifies, Low otherwise (still redacted).
fn npm_confidence(token: &str) -> Confidence {
    let b = token.as_bytes();
    match (b.get(4..34), b.get(34..)) {
        (Some(random), Some(check)) if b.len() == 40 && check == github_checksum(random) => {
            Confidence::High
        }
        _ => Confidence::Low,
    }
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
    fn every_anchor_fits_the_prefilter() {
        let all: Vec<&'static str> = ORDER
            .iter()
            .flat_map(|d| anchors(*d).iter().copied())
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
