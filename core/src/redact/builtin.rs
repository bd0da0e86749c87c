//! The built-in value detectors, matched by hand.
//!
//! Each detector is a small pattern, written in regex notation on its matcher below. A search
//! gives exactly what a leftmost-first regex search for the alternation of the enabled
//! patterns (in [`ORDER`]) gives: the leftmost start at which any pattern matches, and there
//! the first pattern in `ORDER` that matches, with its greedy (or lazy) extent. A test
//! checks this against the `regex` crate on generated text.
//!
//! Why by hand: these patterns are a few literals and character runs, and a regex engine is
//! most of the size of the lean WebAssembly build (`edgeward/webhooks`), which has none.
//!
//! The work stays linear in the text. Every byte is looked up once in a table of the
//! detectors that can start there; an attempt that reads a run of characters which a later
//! attempt would read again (a JWT segment, a GitHub or Slack token, a URL scheme) remembers
//! where the run ends ([`Memo`]), and the other attempts read a bounded number of bytes.

use memchr::memmem;

use super::options::Detector;

/// Every built-in detector the search knows, in priority order: among matches that start at
/// the same byte, the earlier detector wins. URL userinfo comes before the tokens (its scheme
/// may start where a token does; the caller scans the user part again).
pub(crate) const ORDER: [Detector; 22] = [
    Detector::PrivateKey,
    Detector::SlackWebhook,
    Detector::DiscordWebhook,
    Detector::UrlPassword,
    Detector::StripeKey,
    Detector::WebhookSigningKey,
    Detector::AnthropicKey,
    Detector::OpenaiKey,
    Detector::AwsAccessKeyId,
    Detector::TwilioCredential,
    Detector::GithubToken,
    Detector::GitlabToken,
    Detector::NpmToken,
    Detector::SlackToken,
    Detector::SendgridKey,
    Detector::ShopifyToken,
    Detector::VaultToken,
    Detector::GoogleApiKey,
    Detector::Jwt,
    Detector::BearerToken,
    Detector::BasicAuth,
    Detector::PaymentCard,
];

/// Masks of detectors: one bit per entry of `ORDER`.
pub(crate) type Mask = u32;

/// The bytes a match of `d` can start with. URLs are found from their `://` instead.
fn first_byte(d: Detector, c: u8) -> bool {
    match d {
        Detector::PrivateKey => c == b'-',
        Detector::SlackWebhook => c == b'h',
        Detector::UrlPassword => false,
        Detector::StripeKey => matches!(c, b's' | b'r' | b'w'),
        Detector::AwsAccessKeyId | Detector::GoogleApiKey => c == b'A',
        Detector::GithubToken => c == b'g',
        Detector::SlackToken => c == b'x',
        Detector::Jwt => c == b'e',
        Detector::BearerToken | Detector::BasicAuth => matches!(c, b'B' | b'b'),
        Detector::PaymentCard => c.is_ascii_digit(),
        Detector::UrlParam => false,
        Detector::WebhookSigningKey => c == b'w',
        Detector::OpenaiKey | Detector::AnthropicKey | Detector::ShopifyToken => c == b's',
        Detector::TwilioCredential => c == b'A' || c == b'S',
        Detector::GitlabToken => c == b'g',
        Detector::NpmToken => c == b'n',
        Detector::SendgridKey => c == b'S',
        Detector::VaultToken | Detector::DiscordWebhook => c == b'h',
    }
}

/// The bytes the second byte of a match of `d` can be (every match is longer than one byte).
fn second_byte(d: Detector, c: u8) -> bool {
    match d {
        Detector::PrivateKey => c == b'-',
        Detector::SlackWebhook => c == b't',
        Detector::StripeKey => c == b'k' || c == b'h',
        Detector::AwsAccessKeyId => matches!(c, b'K' | b'S' | b'B' | b'C'),
        Detector::GithubToken => c == b'h' || c == b'i',
        Detector::SlackToken => c == b'o' || c == b'a',
        Detector::GoogleApiKey => c == b'I',
        Detector::Jwt => c == b'y',
        Detector::BearerToken => c == b'e' || c == b'E',
        Detector::BasicAuth => c == b'a' || c == b'A',
        Detector::PaymentCard => c.is_ascii_digit(),
        Detector::UrlPassword | Detector::UrlParam => false,
        Detector::WebhookSigningKey | Detector::ShopifyToken => c == b'h',
        Detector::OpenaiKey | Detector::AnthropicKey => c == b'k',
        Detector::TwilioCredential => c == b'C' || c == b'K',
        Detector::GitlabToken => c == b'l',
        Detector::NpmToken => c == b'p',
        Detector::SendgridKey => c == b'G',
        Detector::VaultToken => c == b'v',
        Detector::DiscordWebhook => c == b't',
    }
}

/// The bit of `d` in masks of detectors (its index in `ORDER`).
fn bit(d: Detector) -> Mask {
    ORDER.iter().position(|o| *o == d).map_or(0, |i| 1 << i)
}

/// The enabled built-in detectors, ready to search.
pub(crate) struct Builtins {
    /// For each byte, the enabled detectors (bits are indices into `ORDER`) whose matches can
    /// start with it, and those whose matches can have it second.
    first: [Mask; 256],
    second: [Mask; 256],
    url: bool,
}

/// Where a run of one character class ends, for the last run read: every byte in
/// `[from, end)` belongs to the class and the byte at `end` does not (or the text ends).
#[derive(Clone, Copy)]
struct Run {
    from: usize,
    end: usize,
}

impl Default for Run {
    fn default() -> Self {
        // Empty: no position lies in `[1, 0]`.
        Run { from: 1, end: 0 }
    }
}

/// The first `://` at or after `from` that ends a URL with a password (whatever the scheme's
/// start), and what the URL looks like.
#[derive(Clone, Copy)]
struct Scheme {
    /// Where the search started.
    from: usize,
    /// The `:` of that `://`, or `None` when there is none.
    colon: Option<usize>,
    /// The start of the run of scheme characters that ends at `colon`.
    run_start: usize,
    /// The end of the match (after the `@`).
    end: usize,
    /// The first letter at or after `letter_from` and before `colon` (a scheme's start).
    letter_from: usize,
    letter: Option<usize>,
}

/// What attempts on one text remember, so that no run is read more than a few times.
/// Valid for one text and for attempts at non-decreasing positions; make a new one per text.
#[derive(Default)]
pub(crate) struct Memo {
    scheme: Option<Scheme>,
    word: Run,
    slack: Run,
    base64url: Run,
    /// The JWT header end (the first `.`) last tried, and where that JWT ends.
    jwt: Option<(usize, Option<usize>)>,
    digits: Run,
}

fn alnum(c: u8) -> bool {
    c.is_ascii_alphanumeric()
}

fn word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn slack_token(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-'
}

fn base64url(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_'
}

fn digit(c: u8) -> bool {
    c.is_ascii_digit()
}

/// The end of the run of `(?:[ \t]|%20)` from `from`.
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

/// Whether `b` holds `lit` at `at`.
fn lit(b: &[u8], at: usize, lit: &[u8]) -> bool {
    b.get(at..).is_some_and(|r| r.starts_with(lit))
}

/// Whether the byte at `at` satisfies `class`.
fn is(b: &[u8], at: usize, class: fn(u8) -> bool) -> bool {
    b.get(at).copied().is_some_and(class)
}

/// The end of the run of `class` bytes that starts at `from`.
fn run(b: &[u8], from: usize, class: fn(u8) -> bool) -> usize {
    b.get(from..).map_or(from, |r| {
        from + r.iter().position(|&c| !class(c)).unwrap_or(r.len())
    })
}

/// [`run`], remembered: a later run that starts inside the last one ends where it did.
fn run_memo(b: &[u8], from: usize, class: fn(u8) -> bool, memo: &mut Run) -> usize {
    if memo.from <= from && from <= memo.end {
        return memo.end;
    }
    let end = run(b, from, class);
    *memo = Run { from, end };
    end
}

/// Whether `n` bytes from `at` all satisfy `class`.
fn all(b: &[u8], at: usize, n: usize, class: fn(u8) -> bool) -> bool {
    b.get(at..at.saturating_add(n))
        .is_some_and(|r| r.len() == n && r.iter().all(|&c| class(c)))
}

/// The end of the first character at or after `from` (in `s`) that `stop` accepts, or the end
/// of `s`. Characters, not bytes: `\s` in the patterns is Unicode whitespace.
fn until(s: &str, from: usize, stop: fn(char) -> bool) -> usize {
    s.get(from..).map_or(from, |r| {
        from + r
            .char_indices()
            .find(|&(_, c)| stop(c))
            .map_or(r.len(), |(i, _)| i)
    })
}

impl Builtins {
    /// The search for the detectors in `enabled` (others are ignored).
    pub(crate) fn new(enabled: &[Detector]) -> Self {
        let mut first = [0 as Mask; 256];
        let mut second = [0 as Mask; 256];
        for d in ORDER.iter().filter(|d| enabled.contains(d)) {
            for (c, (f, s)) in (0u8..=255).zip(first.iter_mut().zip(second.iter_mut())) {
                if first_byte(*d, c) {
                    *f |= bit(*d);
                }
                if second_byte(*d, c) {
                    *s |= bit(*d);
                }
            }
        }
        Builtins {
            first,
            second,
            url: enabled.contains(&Detector::UrlPassword),
        }
    }

    /// Whether any built-in detector is enabled.
    pub(crate) fn any(&self) -> bool {
        self.url || self.first.iter().any(|&m| m != 0)
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
    ) -> Option<(usize, usize, Detector)> {
        let b = hay.as_bytes();
        let url = if self.url {
            url_password(hay, from, memo)
        } else {
            None
        };
        let scan_end = url.map_or(b.len(), |(start, _)| start);
        for at in from..scan_end {
            if let Some(found) = self.try_at(hay, at, self.candidates(b, at), memo) {
                return Some(found);
            }
        }
        let (start, end) = url?;
        // At the URL's start, only the detectors before it in `ORDER` rank first.
        let before = bit(Detector::UrlPassword) - 1;
        self.try_at(hay, start, self.candidates(b, start) & before, memo)
            .or(Some((start, end, Detector::UrlPassword)))
    }

    /// The first detector in `mask` (in `ORDER`) that matches at `at`.
    fn try_at(
        &self,
        hay: &str,
        at: usize,
        mut mask: Mask,
        memo: &mut Memo,
    ) -> Option<(usize, usize, Detector)> {
        while mask != 0 {
            let index = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            let Some(&d) = ORDER.get(index) else { continue };
            if let Some(end) = match_at(d, hay, at, memo) {
                return Some((at, end, d));
            }
        }
        None
    }
}

/// The end of the match of `d` starting at `at`, if there is one.
fn match_at(d: Detector, s: &str, at: usize, memo: &mut Memo) -> Option<usize> {
    let b = s.as_bytes();
    match d {
        Detector::PrivateKey => private_key(b, at),
        Detector::SlackWebhook => slack_webhook(b, at),
        // Found from its `://` (see `Builtins::find`).
        Detector::UrlPassword => None,
        Detector::StripeKey => stripe_key(b, at),
        Detector::AwsAccessKeyId => aws_access_key_id(b, at),
        Detector::GithubToken => github_token(b, at, memo),
        Detector::SlackToken => slack_token_at(b, at, memo),
        Detector::GoogleApiKey => {
            (lit(b, at, b"AIza") && all(b, at + 4, 35, base64url)).then_some(at + 39)
        }
        Detector::Jwt => jwt(b, at, memo),
        Detector::BearerToken => credential(
            b,
            at,
            &[b"Bearer", b"bearer", b"BEARER"],
            |c| c.is_ascii_alphanumeric() || b"._~+/-".contains(&c),
            usize::MAX,
        ),
        Detector::BasicAuth => credential(
            b,
            at,
            &[b"Basic", b"basic", b"BASIC"],
            |c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/',
            2,
        ),
        Detector::PaymentCard => payment_card(b, at, memo),
        Detector::UrlParam => None,
        Detector::WebhookSigningKey => {
            if !lit(b, at, b"whsk_") {
                return None;
            }
            let end = run(b, at + 5, |c| {
                c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=')
            });
            (end - (at + 5) >= 32).then_some(end)
        }
        Detector::AnthropicKey => anthropic_key(b, at, memo),
        Detector::OpenaiKey => openai_key(b, at, memo),
        Detector::TwilioCredential => twilio_credential(b, at),
        Detector::GitlabToken => gitlab_token(b, at, memo),
        Detector::NpmToken => (lit(b, at, b"npm_") && all(b, at + 4, 36, alnum)).then_some(at + 40),
        Detector::SendgridKey => {
            let shaped = lit(b, at, b"SG.")
                && all(b, at + 3, 22, base64url)
                && b.get(at + 25) == Some(&b'.')
                && all(b, at + 26, 43, base64url);
            shaped.then_some(at + 69)
        }
        Detector::ShopifyToken => {
            let prefix = [b"shpat_", b"shpca_", b"shppa_", b"shpss_"]
                .iter()
                .any(|p| lit(b, at, *p));
            (prefix && all(b, at + 6, 32, |c| c.is_ascii_hexdigit())).then_some(at + 38)
        }
        Detector::VaultToken => {
            let prefix = lit(b, at, b"hv")
                && matches!(b.get(at + 2), Some(b's' | b'b' | b'r'))
                && b.get(at + 3) == Some(&b'.');
            if !prefix {
                return None;
            }
            let end = run(b, at + 4, base64url);
            (end - (at + 4) >= 24).then_some(end)
        }
        Detector::DiscordWebhook => discord_webhook(b, at),
    }
}

/// `sk-ant-[a-z]+[0-9]{2}-[0-9A-Za-z_\-]{32,}` (`sk-ant-api03-…`, `sk-ant-admin01-…`).
fn anthropic_key(b: &[u8], at: usize, memo: &mut Memo) -> Option<usize> {
    if !lit(b, at, b"sk-ant-") {
        return None;
    }
    let kind_end = run(b, at + 7, |c| c.is_ascii_lowercase());
    if kind_end == at + 7 || !all(b, kind_end, 2, digit) || b.get(kind_end + 2) != Some(&b'-') {
        return None;
    }
    let body = kind_end + 3;
    let end = run_memo(b, body, base64url, &mut memo.base64url);
    (end - body >= 32).then_some(end)
}

/// `sk-(?:proj|svcacct|admin|None)-[0-9A-Za-z_\-]{20,}|sk-[0-9A-Za-z]{48}`
fn openai_key(b: &[u8], at: usize, memo: &mut Memo) -> Option<usize> {
    if !lit(b, at, b"sk-") {
        return None;
    }
    let kind = [&b"proj-"[..], b"svcacct-", b"admin-", b"None-"]
        .into_iter()
        .find(|k| lit(b, at + 3, k));
    if let Some(kind) = kind {
        let body = at + 3 + kind.len();
        // The kinds are base64url too: every start inside a key reaches the same end.
        let end = run_memo(b, body, base64url, &mut memo.base64url);
        if end - body >= 20 {
            return Some(end);
        }
    }
    all(b, at + 3, 48, alnum).then_some(at + 51)
}

/// `(?:AC|SK)[0-9a-f]{32}:[0-9A-Za-z]{32}`: a Twilio account or API key SID and its secret.
fn twilio_credential(b: &[u8], at: usize) -> Option<usize> {
    let lower_hex = |c: u8| c.is_ascii_digit() || (b'a'..=b'f').contains(&c);
    let shaped = (lit(b, at, b"AC") || lit(b, at, b"SK"))
        && all(b, at + 2, 32, lower_hex)
        && b.get(at + 34) == Some(&b':')
        && all(b, at + 35, 32, alnum);
    shaped.then_some(at + 67)
}

/// `gl(?:pat|dt|rt|ptt)-[0-9A-Za-z_\-]{20,}`
fn gitlab_token(b: &[u8], at: usize, memo: &mut Memo) -> Option<usize> {
    let kind = [&b"glpat-"[..], b"gldt-", b"glrt-", b"glptt-"]
        .into_iter()
        .find(|k| lit(b, at, k))?;
    let body = at + kind.len();
    let end = run_memo(b, body, base64url, &mut memo.base64url);
    (end - body >= 20).then_some(end)
}

/// `https?://(?:(?:canary|ptb)\.)?discord(?:app)?\.com/api/(?:v[0-9]+/)?webhooks/[0-9]+/[0-9A-Za-z_\-]+`
fn discord_webhook(b: &[u8], at: usize) -> Option<usize> {
    if !lit(b, at, b"http") {
        return None;
    }
    let mut i = at + 4;
    if b.get(i) == Some(&b's') {
        i += 1;
    }
    if !lit(b, i, b"://") {
        return None;
    }
    i += 3;
    if let Some(sub) = [&b"canary."[..], b"ptb."]
        .into_iter()
        .find(|k| lit(b, i, k))
    {
        i += sub.len();
    }
    if !lit(b, i, b"discord") {
        return None;
    }
    i += 7;
    if lit(b, i, b"app") {
        i += 3;
    }
    if !lit(b, i, b".com/api/") {
        return None;
    }
    i += 9;
    if b.get(i) == Some(&b'v') {
        let digits_end = run(b, i + 1, digit);
        if digits_end == i + 1 || b.get(digits_end) != Some(&b'/') {
            return None;
        }
        i = digits_end + 1;
    }
    if !lit(b, i, b"webhooks/") {
        return None;
    }
    i += 9;
    let id_end = run(b, i, digit);
    if id_end == i || b.get(id_end) != Some(&b'/') {
        return None;
    }
    let end = run(b, id_end + 1, base64url);
    (end > id_end + 1).then_some(end)
}

/// `-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----`, then the shortest text up to the same
/// line with `END`, or everything to the end of the text when there is no such line:
/// `(?:(?s:.)*?-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|(?s:.)*)`.
fn private_key(b: &[u8], at: usize) -> Option<usize> {
    if !lit(b, at, b"-----BEGIN") {
        return None;
    }
    let mut from = armor_end(b, at + 10)?;
    let finder = memmem::Finder::new(b"-----END");
    while let Some(i) = b.get(from..).and_then(|r| finder.find(r)) {
        let line = from + i;
        if let Some(end) = armor_end(b, line + 8) {
            return Some(end);
        }
        from = line + 1;
    }
    Some(b.len())
}

/// The end of `[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----` from `from`. `-` is outside the run, so
/// the run ends where `-----` starts: the label is the run's last 11 or 17 bytes.
fn armor_end(b: &[u8], from: usize) -> Option<usize> {
    let run_end = run(b, from, |c| {
        c == b' ' || c.is_ascii_uppercase() || c.is_ascii_digit()
    });
    if !lit(b, run_end, b"-----") {
        return None;
    }
    let label = b.get(from..run_end)?;
    (label.ends_with(b"PRIVATE KEY") || label.ends_with(b"PRIVATE KEY BLOCK"))
        .then_some(run_end + 5)
}

/// `https?://hooks\.slack\.com/(?:services|workflows|triggers)/[0-9A-Za-z_/\-]+`
fn slack_webhook(b: &[u8], at: usize) -> Option<usize> {
    if !lit(b, at, b"http") {
        return None;
    }
    let mut i = at + 4;
    if b.get(i) == Some(&b's') {
        i += 1;
    }
    if !lit(b, i, b"://hooks.slack.com/") {
        return None;
    }
    i += 19;
    let kind = [&b"services/"[..], b"workflows/", b"triggers/"]
        .into_iter()
        .find(|k| lit(b, i, k))?;
    i += kind.len();
    let end = run(b, i, |c| {
        c.is_ascii_alphanumeric() || matches!(c, b'_' | b'/' | b'-')
    });
    (end > i).then_some(end)
}

/// `[A-Za-z][A-Za-z0-9+.\-]*://[^/?#@\s"<>:]*:[^/?#\s"<>]*@`: a URL with a password; the
/// leftmost one starting at or after `from`, as (start, end).
///
/// Found from its `://`: a scheme character is never `:`, so every scheme starting inside the
/// run of scheme characters before a `://` reaches that same `://` and has the same rest. A
/// `://` whose rest does not match is never looked at again, and the start is the first
/// letter of the run at or after `from`.
fn url_password(s: &str, from: usize, memo: &mut Memo) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let mut search = from + 1;
    loop {
        let reuse = memo
            .scheme
            .is_some_and(|m| m.from <= search && m.colon.is_none_or(|c| c >= search));
        if !reuse {
            memo.scheme = Some(next_url_end(s, search));
        }
        let m = memo.scheme.as_mut()?;
        let colon = m.colon?;
        let lo = m.run_start.max(from);
        let known = m.letter_from <= lo && m.letter.is_none_or(|q| lo <= q);
        if !known {
            m.letter_from = lo;
            m.letter = b
                .get(lo..colon)
                .and_then(|r| r.iter().position(u8::is_ascii_alphabetic))
                .map(|i| lo + i);
        }
        match m.letter {
            Some(start) => return Some((start, m.end)),
            None => search = colon + 1,
        }
    }
}

/// The first `://` at or after `search` with a matching rest and a scheme run before it.
fn next_url_end(s: &str, search: usize) -> Scheme {
    let b = s.as_bytes();
    let scheme_char = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-');
    let finder = memmem::Finder::new(b"://");
    let mut at = search;
    while let Some(i) = b.get(at..).and_then(|r| finder.find(r)) {
        let colon = at + i;
        at = colon + 1;
        let run_start = b
            .get(..colon)
            .and_then(|r| r.iter().rposition(|&x| !scheme_char(x)))
            .map_or(0, |i| i + 1);
        if run_start == colon {
            continue;
        }
        if let Some(end) = userinfo_end(s, colon + 3) {
            return Scheme {
                from: search,
                colon: Some(colon),
                run_start,
                end,
                letter_from: usize::MAX,
                letter: None,
            };
        }
    }
    Scheme {
        from: search,
        colon: None,
        run_start: 0,
        end: 0,
        letter_from: usize::MAX,
        letter: None,
    }
}

/// After `://`: `[^/?#@\s"<>:]*:[^/?#\s"<>]*@`. The password may hold `@`; the greedy run
/// ends at the last `@` before a character that ends it.
fn userinfo_end(s: &str, from: usize) -> Option<usize> {
    let user_end = until(s, from, |c| {
        c.is_whitespace() || matches!(c, '/' | '?' | '#' | '@' | '"' | '<' | '>' | ':')
    });
    if s.as_bytes().get(user_end) != Some(&b':') {
        return None;
    }
    let password_end = until(s, user_end + 1, |c| {
        c.is_whitespace() || matches!(c, '/' | '?' | '#' | '"' | '<' | '>')
    });
    let password = s.as_bytes().get(user_end + 1..password_end)?;
    password
        .iter()
        .rposition(|&c| c == b'@')
        .map(|i| user_end + 1 + i + 1)
}

/// `(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{10,}|whsec_[0-9A-Za-z+/=]{16,}`
fn stripe_key(b: &[u8], at: usize) -> Option<usize> {
    if (lit(b, at, b"sk_") || lit(b, at, b"rk_"))
        && (lit(b, at + 3, b"live_") || lit(b, at + 3, b"test_"))
    {
        let end = run(b, at + 8, alnum);
        return (end - (at + 8) >= 10).then_some(end);
    }
    if lit(b, at, b"whsec_") {
        let end = run(b, at + 6, |c| {
            c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=')
        });
        return (end - (at + 6) >= 16).then_some(end);
    }
    None
}

/// `(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}`
fn aws_access_key_id(b: &[u8], at: usize) -> Option<usize> {
    let prefix = [b"AKIA", b"ASIA", b"ABIA", b"ACCA"]
        .iter()
        .any(|p| lit(b, at, *p));
    let upper_or_digit = |c: u8| c.is_ascii_uppercase() || c.is_ascii_digit();
    (prefix && all(b, at + 4, 16, upper_or_digit)).then_some(at + 20)
}

/// `gh[pousr]_[0-9A-Za-z]{30,}|github_pat_[0-9A-Za-z_]{30,}`
fn github_token(b: &[u8], at: usize, memo: &mut Memo) -> Option<usize> {
    if lit(b, at, b"gh") && matches!(b.get(at + 2), Some(b'p' | b'o' | b'u' | b's' | b'r')) {
        if b.get(at + 3) != Some(&b'_') {
            return None;
        }
        let end = run(b, at + 4, alnum);
        return (end - (at + 4) >= 30).then_some(end);
    }
    if lit(b, at, b"github_pat_") {
        // `github_pat_` is itself made of word bytes: remember the run.
        let end = run_memo(b, at + 11, word, &mut memo.word);
        return (end - (at + 11) >= 30).then_some(end);
    }
    None
}

/// `xox[abposre]-[0-9A-Za-z\-]{10,}|xapp-[0-9]+-[0-9A-Za-z\-]{10,}`
fn slack_token_at(b: &[u8], at: usize, memo: &mut Memo) -> Option<usize> {
    let body = if lit(b, at, b"xox")
        && matches!(
            b.get(at + 3),
            Some(b'a' | b'b' | b'p' | b'o' | b's' | b'r' | b'e')
        )
        && b.get(at + 4) == Some(&b'-')
    {
        at + 5
    } else if lit(b, at, b"xapp-") {
        let digits_end = run(b, at + 5, digit);
        if digits_end == at + 5 || b.get(digits_end) != Some(&b'-') {
            return None;
        }
        digits_end + 1
    } else {
        return None;
    };
    // The prefixes are made of token bytes: remember the run.
    let end = run_memo(b, body, slack_token, &mut memo.slack);
    (end - body >= 10).then_some(end)
}

/// `ey[A-DI-L][0-9A-Za-z_\-]{3,}\.[0-9A-Za-z_\-]*\.[0-9A-Za-z_\-]*(?:\.[0-9A-Za-z_\-]+\.[0-9A-Za-z_\-]+)?`
/// (the first three characters encode `{` then `"` or a space, as every JWT header does).
fn jwt(b: &[u8], at: usize, memo: &mut Memo) -> Option<usize> {
    if !lit(b, at, b"ey") || !matches!(b.get(at + 2), Some(b'A'..=b'D' | b'I'..=b'L')) {
        return None;
    }
    // The prefix is base64url too: every start inside a header reaches the same `.`.
    let header_end = run_memo(b, at + 3, base64url, &mut memo.base64url);
    if header_end - (at + 3) < 3 {
        return None;
    }
    if let Some((known, end)) = memo.jwt {
        if known == header_end {
            return end;
        }
    }
    let end = jwt_segments(b, header_end);
    memo.jwt = Some((header_end, end));
    end
}

/// From the header's end: `\.[..]*\.[..]*(?:\.[..]+\.[..]+)?` (a JWS, or a JWE's five parts).
fn jwt_segments(b: &[u8], header_end: usize) -> Option<usize> {
    let dot = |i: usize| b.get(i) == Some(&b'.');
    if !dot(header_end) {
        return None;
    }
    let payload_end = run(b, header_end + 1, base64url);
    if !dot(payload_end) {
        return None;
    }
    let third_end = run(b, payload_end + 1, base64url);
    if dot(third_end) {
        let fourth_end = run(b, third_end + 1, base64url);
        if fourth_end > third_end + 1 && dot(fourth_end) {
            let fifth_end = run(b, fourth_end + 1, base64url);
            if fifth_end > fourth_end + 1 {
                return Some(fifth_end);
            }
        }
    }
    Some(third_end)
}

/// `(?:Keyword|keyword|KEYWORD)(?:[ \t]|%20)+TOKEN+=*`, with at most `max_padding` `=`:
/// `Bearer` tokens (`[0-9A-Za-z._~+/\-]+=*`) and `Basic` credentials (`[0-9A-Za-z+/]+={0,2}`).
/// The gap may be percent-encoded (`Bearer%20…` in a URL); no token byte is `%`, a space or
/// a tab, so the gap ends where the token starts.
fn credential(
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

/// `[0-9]{13,19}|[0-9]{4}(?:[ -][0-9]{4}){3}(?:[ -][0-9]{3})?|[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5}`
fn payment_card(b: &[u8], at: usize, memo: &mut Memo) -> Option<usize> {
    let digits = run_memo(b, at, digit, &mut memo.digits) - at;
    if digits >= 13 {
        return Some(at + digits.min(19));
    }
    if digits != 4 {
        return None;
    }
    let sep = |i: usize| matches!(b.get(i), Some(b' ' | b'-'));
    let group = |i: usize, n: usize| sep(i) && all(b, i + 1, n, digit);
    if group(at + 4, 4) && group(at + 9, 4) && group(at + 14, 4) {
        let end = at + 19;
        return Some(if group(end, 3) { end + 4 } else { end });
    }
    if group(at + 4, 6) && group(at + 11, 4) {
        let end = at + 16;
        return Some(if is(b, end, digit) { end + 1 } else { end });
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_detector() {
        let all = Builtins::new(&ORDER);
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
            assert_eq!((found, &text[s..e]), (*d, *expected), "{text}");
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

    /// The regexes these matchers replace: the search must give what a leftmost-first
    /// search for their alternation (in `ORDER`, as named groups) gives.
    fn regex_of(d: Detector) -> &'static str {
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
            Detector::AwsAccessKeyId => r"(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}",
            Detector::GithubToken => r"gh[pousr]_[0-9A-Za-z]{30,}|github_pat_[0-9A-Za-z_]{30,}",
            Detector::SlackToken => {
                r"xox[abposre]-[0-9A-Za-z\-]{10,}|xapp-[0-9]+-[0-9A-Za-z\-]{10,}"
            }
            Detector::GoogleApiKey => r"AIza[0-9A-Za-z_\-]{35}",
            Detector::Jwt => {
                r"ey[A-DI-L][0-9A-Za-z_\-]{3,}\.[0-9A-Za-z_\-]*\.[0-9A-Za-z_\-]*(?:\.[0-9A-Za-z_\-]+\.[0-9A-Za-z_\-]+)?"
            }
            Detector::BearerToken => r"(?:[Bb]earer|BEARER)(?:[ \t]|%20)+[0-9A-Za-z._~+/\-]+=*",
            Detector::BasicAuth => r"(?:[Bb]asic|BASIC)(?:[ \t]|%20)+[0-9A-Za-z+/]+={0,2}",
            Detector::PaymentCard => {
                "[0-9]{13,19}|[0-9]{4}(?:[ -][0-9]{4}){3}(?:[ -][0-9]{3})?|[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5}"
            }
            Detector::UrlParam => unreachable!(),
            Detector::WebhookSigningKey => r"whsk_[0-9A-Za-z+/=]{32,}",
            Detector::AnthropicKey => r"sk-ant-[a-z]+[0-9]{2}-[0-9A-Za-z_\-]{32,}",
            Detector::OpenaiKey => {
                r"sk-(?:proj|svcacct|admin|None)-[0-9A-Za-z_\-]{20,}|sk-[0-9A-Za-z]{48}"
            }
            Detector::TwilioCredential => r"(?:AC|SK)[0-9a-f]{32}:[0-9A-Za-z]{32}",
            Detector::GitlabToken => r"gl(?:pat|dt|rt|ptt)-[0-9A-Za-z_\-]{20,}",
            Detector::NpmToken => r"npm_[0-9A-Za-z]{36}",
            Detector::SendgridKey => r"SG\.[0-9A-Za-z_\-]{22}\.[0-9A-Za-z_\-]{43}",
            Detector::ShopifyToken => r"shp(?:at|ca|pa|ss)_[0-9A-Fa-f]{32}",
            Detector::VaultToken => r"hv[sbr]\.[0-9A-Za-z_\-]{24,}",
            Detector::DiscordWebhook => {
                r"https?://(?:(?:canary|ptb)\.)?discord(?:app)?\.com/api/(?:v[0-9]+/)?webhooks/[0-9]+/[0-9A-Za-z_\-]+"
            }
        }
    }

    struct Oracle {
        regex: regex::Regex,
        /// (group index, detector)
        groups: Vec<(usize, Detector)>,
    }

    impl Oracle {
        fn new(enabled: &[Detector]) -> Option<Self> {
            let on: Vec<Detector> = ORDER
                .iter()
                .copied()
                .filter(|d| enabled.contains(d))
                .collect();
            if on.is_empty() {
                return None;
            }
            let alternation = on
                .iter()
                .enumerate()
                .map(|(i, d)| format!("(?P<d{i}>{})", regex_of(*d)))
                .collect::<Vec<_>>()
                .join("|");
            let regex = regex::Regex::new(&alternation).unwrap();
            let groups = on
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let name = format!("d{i}");
                    let index = regex
                        .capture_names()
                        .position(|n| n == Some(&name))
                        .unwrap();
                    (index, *d)
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
            mask in 0u32..(1 << ORDER.len()),
            jumps in prop::collection::vec(0usize..24, 1..8),
        ) {
            let enabled: Vec<Detector> =
                ORDER.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, d)| *d).collect();
            let builtins = Builtins::new(&enabled);
            let oracle = Oracle::new(&enabled);
            let mut memo = Memo::default();
            let mut from = 0;
            let mut jumps = jumps.into_iter().cycle();
            while from <= hay.len() {
                let expected = oracle.as_ref().and_then(|o| o.find(&hay, from));
                let found = builtins.find(&hay, from, &mut memo);
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
    }
}
