//! Value detectors: secrets recognised inside strings, wherever they appear.
//!
//! All detectors are alternatives of ONE `regex` (finite automata, linear time), so each
//! string is scanned once for all of them; a candidate is then confirmed in code (boundaries,
//! checksums, issuer tables, a JSON header) before it is redacted. When a candidate is
//! refused, scanning resumes just after its start (or after a run that cannot hold another
//! candidate), which keeps the total work linear in the input.
//!
//! A second, cheaper regex of literal anchors (the prefilter) runs once over a whole JSON or
//! NDJSON input; only strings containing an anchor (or an escape) are scanned by the full
//! regex. Every accepted match contains an anchor, and no anchor can span a `"`, so the
//! prefilter never hides a secret.

use base64ct::{Base64, Base64Unpadded, Base64UrlUnpadded, Encoding};
use regex::{CaptureLocations, Regex, RegexBuilder};

use super::json::is_json_object;
use super::keys::{KeyMatcher, KeyScratch};
use super::options::{CustomPattern, Detector};
use super::report::Confidence;

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

/// Reusable scratch space for scanning.
pub(crate) struct ScanState {
    locs: Option<CaptureLocations>,
    pub(crate) hits: Vec<Hit>,
    work: Vec<(usize, usize)>,
    pub(crate) keys: KeyScratch,
}

const CARD: &str =
    "[0-9]{13,19}|[0-9]{4}(?:[ -][0-9]{4}){3}(?:[ -][0-9]{3})?|[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5}";

fn builtin_pattern(d: Detector) -> &'static str {
    match d {
        Detector::PrivateKey => {
            r"-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----(?:(?s:.)*?-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|(?s:.)*)"
        }
        Detector::SlackWebhook => {
            r"https?://hooks\.slack\.com/(?:services|workflows|triggers)/(?P<ew_swh>[0-9A-Za-z_/\-]+)"
        }
        Detector::UrlPassword => {
            r#"[A-Za-z][A-Za-z0-9+.\-]*://[^/?#@\s"<>:]*:(?P<ew_upw>[^/?#\s"<>]*)@"#
        }
        Detector::StripeKey => {
            r"(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{10,}|whsec_[0-9A-Za-z+/=]{16,}"
        }
        Detector::AwsAccessKeyId => {
            r"(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)[0-9A-Z]{16}"
        }
        Detector::GithubToken => r"gh[pousr]_[0-9A-Za-z]{30,}|github_pat_[0-9A-Za-z_]{30,}",
        Detector::SlackToken => r"xox[abposre]-[0-9A-Za-z\-]{10,}|xapp-[0-9]+-[0-9A-Za-z\-]{10,}",
        Detector::GoogleApiKey => r"AIza[0-9A-Za-z_\-]{35}",
        Detector::Jwt => {
            r"e[wy][0-9A-Za-z_\-]{4,}\.[0-9A-Za-z_\-]*\.[0-9A-Za-z_\-]*(?:\.[0-9A-Za-z_\-]+\.[0-9A-Za-z_\-]+)?"
        }
        Detector::BearerToken => r"(?i:bearer)[ \t]+(?P<ew_btok>[0-9A-Za-z._~+/\-]+=*)",
        Detector::BasicAuth => r"(?i:basic)[ \t]+(?P<ew_batok>[0-9A-Za-z+/]+={0,2})",
        Detector::PaymentCard => CARD,
        Detector::UrlParam => {
            r#"(?:^|[?&;#\s,{(])(?P<ew_pn>[0-9A-Za-z_.\[\]\-]+)=(?:"(?P<ew_pqv>[^"]*)"|(?P<ew_pv>[^&#\s"',;?{(]*))"#
        }
    }
}

/// The prefilter anchor of each detector: a pattern that matches inside every accepted match
/// and never spans a `"` or a `\`.
fn anchor(d: Detector) -> &'static str {
    match d {
        Detector::PrivateKey => "-----BEGIN",
        Detector::SlackWebhook => r"hooks\.slack\.com",
        Detector::UrlPassword => r#"://[^/?#\s"\\<>@]*@"#,
        Detector::StripeKey => "sk_live_|sk_test_|rk_live_|rk_test_|whsec_",
        Detector::AwsAccessKeyId => "AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA",
        Detector::GithubToken => "gh[pousr]_|github_pat_",
        Detector::SlackToken => "xox[abposre]-|xapp-",
        Detector::GoogleApiKey => "AIza",
        Detector::Jwt => r"e[wy][0-9A-Za-z_\-]{4,}\.",
        Detector::BearerToken => r"(?i:bearer)[ \t]",
        Detector::BasicAuth => r"(?i:basic)[ \t]",
        Detector::PaymentCard => CARD,
        Detector::UrlParam => r"[0-9A-Za-z_.\[\]\-]=",
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
    Detector::UrlParam,
];

/// Longest accepted `name` in `name=value`.
const MAX_PARAM_NAME: usize = 64;

/// The compiled detectors.
pub(crate) struct Detectors {
    regex: Option<Regex>,
    prefilter: Option<Regex>,
    /// Custom patterns have no anchors: every string is a candidate.
    every_string: bool,
    /// (outer group index, alternative).
    groups: Vec<(usize, Alt)>,
    g_swh: Option<usize>,
    g_upw: Option<usize>,
    g_btok: Option<usize>,
    g_batok: Option<usize>,
    g_pn: Option<usize>,
    g_pqv: Option<usize>,
    g_pv: Option<usize>,
    cards: bool,
}

impl ScanState {
    pub(crate) fn new(d: &Detectors) -> Self {
        ScanState {
            locs: d.regex.as_ref().map(Regex::capture_locations),
            hits: Vec::new(),
            work: Vec::new(),
            keys: KeyScratch::default(),
        }
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
        let mut anchors: Vec<&str> = Vec::new();
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
            anchors.push(anchor(*d));
        }
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
        let prefilter = if anchors.is_empty() || !custom.is_empty() {
            None
        } else {
            Some(build(&anchors.join("|"))?)
        };
        let mut groups = Vec::new();
        let (mut g_swh, mut g_upw, mut g_btok, mut g_batok, mut g_pn, mut g_pqv, mut g_pv) =
            (None, None, None, None, None, None, None);
        if let Some(re) = &regex {
            for (name, alt) in &alts {
                let index = group_index(re, name)
                    .ok_or_else(|| "the detectors could not be compiled".to_owned())?;
                groups.push((index, *alt));
            }
            g_swh = group_index(re, "ew_swh");
            g_upw = group_index(re, "ew_upw");
            g_btok = group_index(re, "ew_btok");
            g_batok = group_index(re, "ew_batok");
            g_pn = group_index(re, "ew_pn");
            g_pqv = group_index(re, "ew_pqv");
            g_pv = group_index(re, "ew_pv");
        }
        Ok(Detectors {
            regex,
            prefilter,
            every_string: !custom.is_empty(),
            groups,
            g_swh,
            g_upw,
            g_btok,
            g_batok,
            g_pn,
            g_pqv,
            g_pv,
            cards: enabled.contains(&Detector::PaymentCard),
        })
    }

    /// Whether any detector is on.
    pub(crate) fn active(&self) -> bool {
        self.regex.is_some()
    }

    /// Whether bare numbers are checked for card numbers.
    pub(crate) fn cards(&self) -> bool {
        self.cards
    }

    /// Scans `s`; confirmed secrets land in `st.hits`, sorted and disjoint.
    pub(crate) fn scan(&self, s: &str, keys: &KeyMatcher, st: &mut ScanState) {
        st.hits.clear();
        let (Some(re), Some(locs)) = (&self.regex, st.locs.as_mut()) else {
            return;
        };
        st.work.clear();
        st.work.push((0, s.len()));
        while let Some((lo, hi)) = st.work.pop() {
            let Some(hay) = s.get(..hi) else { continue };
            let mut pos = lo;
            while pos < hi {
                let Some(m) = re.captures_read_at(locs, hay, pos) else {
                    break;
                };
                let (ms, me) = (m.start(), m.end());
                if me == ms {
                    pos = next_char(hay, ms);
                    continue;
                }
                let alt = self
                    .groups
                    .iter()
                    .find(|(g, _)| locs.get(*g).is_some())
                    .map(|(_, a)| *a);
                let Some(alt) = alt else {
                    pos = next_char(hay, ms);
                    continue;
                };
                match self.confirm(alt, hay, ms, me, locs, keys, &mut st.keys, &mut st.work) {
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

    #[allow(clippy::too_many_arguments)]
    fn confirm(
        &self,
        alt: Alt,
        s: &str,
        ms: usize,
        me: usize,
        locs: &CaptureLocations,
        keys: &KeyMatcher,
        scratch: &mut KeyScratch,
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
        let span = |g: Option<usize>| g.and_then(|g| locs.get(g));
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
            Detector::SlackWebhook => match span(self.g_swh) {
                Some(sp) => part(alt, sp),
                None => reject,
            },
            Detector::UrlPassword => {
                let Some((ps, pe)) = span(self.g_upw) else {
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
                let Some((ts, te)) = span(self.g_btok) else {
                    return reject;
                };
                let token = s.get(ts..te).unwrap_or("");
                if alnum_before || !looks_like_token(token) {
                    reject
                } else {
                    part(alt, (ts, te))
                }
            }
            Detector::BasicAuth => {
                let Some((ts, te)) = span(self.g_batok) else {
                    return reject;
                };
                let token = s.get(ts..te).unwrap_or("");
                if alnum_before || !is_basic_credential(token) {
                    reject
                } else {
                    part(alt, (ts, te))
                }
            }
            Detector::UrlParam => {
                let Some((ns, ne)) = span(self.g_pn) else {
                    return reject;
                };
                let value = span(self.g_pqv).or_else(|| span(self.g_pv));
                let name = s.get(ns..ne).unwrap_or("");
                match value {
                    Some((vs, ve))
                        if ve > vs
                            && name.len() <= MAX_PARAM_NAME
                            && keys.check(name, scratch).is_some() =>
                    {
                        part(alt, (vs, ve))
                    }
                    _ => reject,
                }
            }
            Detector::PaymentCard => {
                let bad_before =
                    prev.is_some_and(|c| c.is_ascii_alphanumeric() || b"_.-+".contains(&c));
                let after_next = b.get(me + 1).copied();
                let bad_after = next.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
                    || (matches!(next, Some(b'.' | b'-'))
                        && after_next.is_some_and(|c| c.is_ascii_digit()));
                let text = s.get(ms..me).unwrap_or("");
                if bad_before || bad_after || !is_card_number(text) {
                    reject
                } else {
                    whole(Confidence::High, true)
                }
            }
        }
    }

    /// Whether the JSON string content `[start, end)` of `doc` must be scanned: the
    /// prefilter found an anchor in it. `cursor` carries what earlier calls learnt.
    pub(crate) fn candidate(
        &self,
        doc: &str,
        start: usize,
        end: usize,
        cursor: &mut Cursor,
    ) -> bool {
        if self.regex.is_none() {
            return false;
        }
        if self.every_string {
            return true;
        }
        let Some(pf) = &self.prefilter else {
            return true;
        };
        if start < cursor.from || start > cursor.next {
            // What we know does not cover `start`: search again from here.
            cursor.from = start;
            cursor.next = pf.find_at(doc, start).map_or(usize::MAX, |m| m.start());
        }
        cursor.next < end
    }
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

static CRC32_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 == 1 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
};

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        let i = ((crc ^ u32::from(b)) & 0xff) as usize;
        crc = (crc >> 8) ^ CRC32_TABLE.get(i).copied().unwrap_or(0);
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
    use super::*;

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
