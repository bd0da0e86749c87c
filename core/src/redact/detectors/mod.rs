//! The built-in value detectors, one file each.
//!
//! Each file describes one detector completely in a [`Spec`] constant: the public
//! [`Detector`] it is, its pattern in regex notation (the test oracle: the hand-written
//! matcher must find exactly what the regex finds), the literal anchors the prefilter looks
//! for, the bytes a match can start with, the matcher itself, and the check that confirms a
//! candidate (boundaries, checksums, issuer tables, a decoded header) before it is redacted.
//! [`REGISTRY`] lists them in priority order; the search (`builtin`) and the scan (`scan`)
//! read everything from there.
//!
//! ## Adding a detector
//! 1. Write `detectors/<name>.rs` with `pub(super) const SPEC: Spec = Spec { .. };` (copy a
//!    neighbour: `npm_token.rs` is a short one).
//! 2. Add `<name>,` to the `registry!` list below (which declares the module and fills
//!    [`REGISTRY`]), where its priority among matches starting at the same byte puts it.
//!
//! The detector also needs its name in the public API: a [`Detector`] variant, with its
//! documentation, its `id()` and its place in `Detector::ALL` (`options.rs`). The tests then
//! check the new matcher against its regex on generated text (`builtin`), and
//! `every_anchor_fits_the_prefilter` that its anchors fit the prefilter.
//!
//! Threat model: every matcher reads untrusted text. A matcher is a few literals and runs of
//! one character class, never recursive, never backtracking beyond a fixed number of bytes;
//! a run that other attempts would read again is remembered in [`Memo`], so the whole search
//! stays linear in the text. Nothing here indexes without a bound check.
//!
//! `url_param` (`name=value` pairs under a sensitive name) is not a pattern: it reads the
//! key list, and lives in `url_param.rs`, called by the scan directly.

pub(crate) mod url_param;

pub(crate) use payment_card::is_card_number;
pub(crate) use twilio_credential::MIN_LEN as TWILIO_MIN_LEN;
pub(crate) use url_password::{SPEC as URL_PASSWORD, find_url};

use super::options::Detector;
use super::report::Confidence;

/// Declares each detector's module and lists its [`Spec`] in [`REGISTRY`], in the order given.
macro_rules! registry {
    ($($name:ident),* $(,)?) => {
        $(mod $name;)*

        /// Every built-in pattern detector, in priority order: among matches that start at the
        /// same byte, the earlier detector wins.
        pub(crate) const REGISTRY: [&Spec; [$(stringify!($name)),*].len()] = [$(&$name::SPEC),*];
    };
}

// The registry: one line per detector, in priority order. URL userinfo comes before the
// tokens (its scheme may start where a token does; the scan reads the user part again).
registry! {
    private_key,
    slack_webhook,
    discord_webhook,
    url_password,
    stripe_key,
    webhook_signing_key,
    anthropic_key,
    openai_key,
    aws_access_key_id,
    twilio_credential,
    github_token,
    gitlab_token,
    npm_token,
    slack_token,
    sendgrid_key,
    shopify_token,
    vault_token,
    google_api_key,
    jwt,
    bearer_token,
    basic_auth,
    payment_card,
}

/// One built-in detector, completely.
pub(crate) struct Spec {
    /// The public name of the detector (options, reports).
    pub(crate) detector: Detector,
    /// The pattern in regex notation. Documentation and test oracle: [`Spec::find`] must
    /// give what a leftmost-first search for it gives (checked on generated text).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) pattern: &'static str,
    /// Literals, one of which lies inside every match (kept few and case-sensitive): the
    /// prefilter skips JSON strings that hold none. Empty only when the scan flags candidate
    /// strings another way (card numbers: a run of digits; Twilio credentials: a `:` in a
    /// string of at least `twilio_credential::MIN_LEN` bytes).
    pub(crate) anchors: &'static [&'static str],
    /// Whether a match can start with this byte.
    pub(crate) first_byte: fn(u8) -> bool,
    /// Whether a match can have this byte second (every match is longer than one byte).
    pub(crate) second_byte: fn(u8) -> bool,
    /// The end of the match starting at `at`, if there is one.
    pub(crate) find: fn(&[u8], usize, &mut Memo) -> Option<usize>,
    /// Whether a match is a secret, and which part of it.
    pub(crate) confirm: fn(&mut Candidate<'_>) -> Confirm,
}

/// A match of a detector's pattern, to be confirmed.
pub(crate) struct Candidate<'a> {
    /// The text searched (the match lies inside; bytes after it may be read).
    pub(crate) text: &'a str,
    /// Byte range of the match.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The byte before the match as a boundary sees it: a percent escape there (`%3D`,
    /// `%20`, or encoded twice) counts as the byte it encodes.
    pub(crate) before: Option<u8>,
    /// The byte after the match.
    pub(crate) after: Option<u8>,
    /// Ranges to scan again on their own (a URL's user part may hold a token).
    pub(crate) rescan: &'a mut Vec<(usize, usize)>,
}

impl<'a> Candidate<'a> {
    /// The matched text.
    pub(crate) fn matched(&self) -> &'a str {
        self.text.get(self.start..self.end).unwrap_or("")
    }

    /// Whether a letter or digit precedes the match (it would be part of a longer word).
    pub(crate) fn alnum_before(&self) -> bool {
        self.before.is_some_and(|c| c.is_ascii_alphanumeric())
    }

    /// Whether a letter or digit follows the match.
    pub(crate) fn alnum_after(&self) -> bool {
        self.after.is_some_and(|c| c.is_ascii_alphanumeric())
    }
}

/// The confirmation of most prefixed tokens: the whole match, high confidence, unless a
/// letter or digit precedes it (the prefix would then be inside a longer word).
pub(crate) fn whole_unless_alnum_before(c: &mut Candidate<'_>) -> Confirm {
    if c.alnum_before() {
        Confirm::Reject
    } else {
        Confirm::whole(Confidence::High)
    }
}

/// What confirming a candidate decided.
pub(crate) enum Confirm {
    /// The whole match is the secret. `keep_tail`: whether `Mask` may keep its last
    /// characters (not for PEM blocks).
    Whole {
        confidence: Confidence,
        keep_tail: bool,
    },
    /// Only this byte range of the text is the secret (high confidence).
    Part(usize, usize),
    /// Not a secret: the search resumes just after the match's start.
    Reject,
    /// Not a secret: the search resumes at this offset (never before the match's start).
    RejectUntil(usize),
}

impl Confirm {
    /// The whole match, at `confidence`; `Mask` may keep its tail.
    pub(crate) fn whole(confidence: Confidence) -> Confirm {
        Confirm::Whole {
            confidence,
            keep_tail: true,
        }
    }
}

/// Where a run of one character class ends, for the last run read: every byte in
/// `[from, end)` belongs to the class and the byte at `end` does not (or the text ends).
#[derive(Clone, Copy)]
pub(crate) struct Run {
    from: usize,
    end: usize,
}

impl Default for Run {
    fn default() -> Self {
        // Empty: no position lies in `[1, 0]`.
        Run { from: 1, end: 0 }
    }
}

/// What attempts on one text remember, so that no run is read more than a few times.
/// Valid for one text and for attempts at non-decreasing positions; make a new one per text.
#[derive(Default)]
pub(crate) struct Memo {
    pub(crate) scheme: Option<url_password::Scheme>,
    pub(crate) word: Run,
    pub(crate) slack: Run,
    pub(crate) base64url: Run,
    /// The JWT header end (the first `.`) last tried, and where that JWT ends.
    pub(crate) jwt: Option<(usize, Option<usize>)>,
    pub(crate) digits: Run,
}

// Character classes and reading primitives the matchers share.

pub(crate) fn alnum(c: u8) -> bool {
    c.is_ascii_alphanumeric()
}

pub(crate) fn word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

pub(crate) fn base64url(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_'
}

pub(crate) fn digit(c: u8) -> bool {
    c.is_ascii_digit()
}

/// A byte-class function that accepts nothing (for detectors found another way).
pub(crate) fn never(_: u8) -> bool {
    false
}

/// Whether `b` holds `lit` at `at`.
pub(crate) fn lit(b: &[u8], at: usize, lit: &[u8]) -> bool {
    b.get(at..).is_some_and(|r| r.starts_with(lit))
}

/// Whether the byte at `at` satisfies `class`.
pub(crate) fn is(b: &[u8], at: usize, class: fn(u8) -> bool) -> bool {
    b.get(at).copied().is_some_and(class)
}

/// The end of the run of `class` bytes that starts at `from`.
pub(crate) fn run(b: &[u8], from: usize, class: fn(u8) -> bool) -> usize {
    b.get(from..).map_or(from, |r| {
        from + r.iter().position(|&c| !class(c)).unwrap_or(r.len())
    })
}

/// [`run`], remembered: a later run that starts inside the last one ends where it did.
pub(crate) fn run_memo(b: &[u8], from: usize, class: fn(u8) -> bool, memo: &mut Run) -> usize {
    if memo.from <= from && from <= memo.end {
        return memo.end;
    }
    let end = run(b, from, class);
    *memo = Run { from, end };
    end
}

/// Whether `n` bytes from `at` all satisfy `class`.
pub(crate) fn all(b: &[u8], at: usize, n: usize, class: fn(u8) -> bool) -> bool {
    b.get(at..at.saturating_add(n))
        .is_some_and(|r| r.len() == n && r.iter().all(|&c| class(c)))
}

/// The end of the first character at or after `from` (in `s`) that `stop` accepts, or the end
/// of `s`. Characters, not bytes: `\s` in the patterns is Unicode whitespace.
pub(crate) fn until(s: &str, from: usize, stop: fn(char) -> bool) -> usize {
    s.get(from..).map_or(from, |r| {
        from + r
            .char_indices()
            .find(|&(_, c)| stop(c))
            .map_or(r.len(), |(i, _)| i)
    })
}

/// The end of the run of `(?:[ \t]|%20)` from `from`: the gap between an `Authorization`
/// scheme word and its credential.
pub(crate) fn credential_gap(b: &[u8], from: usize) -> usize {
    let mut i = from;
    loop {
        match b.get(i) {
            Some(b' ' | b'\t') => i += 1,
            Some(b'%') if lit(b, i + 1, b"20") => i += 3,
            _ => return i,
        }
    }
}

/// `(?:Keyword|keyword|KEYWORD)(?:[ \t]|%20)+TOKEN+=*`, with at most `max_padding` `=`:
/// `Bearer` tokens and `Basic` credentials. The gap may be percent-encoded (`Bearer%20…` in
/// a URL); no token byte is `%`, a space or a tab, so the gap ends where the token starts.
pub(crate) fn credential(
    b: &[u8],
    at: usize,
    keywords: &[&[u8]],
    token: fn(u8) -> bool,
    max_padding: usize,
) -> Option<usize> {
    let keyword = keywords.iter().find(|k| lit(b, at, k))?;
    let gap = at + keyword.len();
    let token_start = credential_gap(b, gap);
    if token_start == gap {
        return None;
    }
    let token_end = run(b, token_start, token);
    if token_end == token_start {
        return None;
    }
    let padding = run(b, token_end, |c| c == b'=') - token_end;
    Some(token_end + padding.min(max_padding))
}

/// Where the credential starts in a matched `Bearer <token>` / `Basic <credential>`.
pub(crate) fn credential_start(m: &str) -> usize {
    let keyword = if m.len() >= 6 && m.get(..6).is_some_and(|k| k.eq_ignore_ascii_case("bearer")) {
        6
    } else {
        5
    };
    credential_gap(m.as_bytes(), keyword)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_detector_is_registered_once() {
        for (i, spec) in REGISTRY.iter().enumerate() {
            assert!(
                REGISTRY
                    .iter()
                    .skip(i + 1)
                    .all(|s| s.detector != spec.detector),
                "{:?}",
                spec.detector
            );
        }
        // Every public detector is a pattern in the registry, except the pair scan.
        for d in Detector::ALL {
            let registered = REGISTRY.iter().any(|s| s.detector == *d);
            assert_eq!(registered, *d != Detector::UrlParam, "{d:?}");
        }
    }
}
