//! Passwords in URL userinfo (`scheme://user:password@host`); the password is redacted.
//!
//! Not matched at each position like the other patterns: the search finds URLs from their
//! `://` ([`find_url`]), since every scheme starting inside the run of scheme characters
//! before a `://` reaches that same `://` and has the same rest.

use memchr::memmem;

use super::{Candidate, Confirm, Memo, Spec, never, until};
use crate::redact::options::Detector;

pub(crate) const SPEC: Spec = Spec {
    detector: Detector::UrlPassword,
    pattern: r#"[A-Za-z][A-Za-z0-9+.\-]*://[^/?#@\s"<>:]*:[^/?#\s"<>]*@"#,
    anchors: &["://"],
    // Found from its `://` instead (see `find_url`).
    first_byte: never,
    second_byte: never,
    find: |_, _, _| None,
    confirm,
};

/// The first `://` at or after `from` that ends a URL with a password (whatever the scheme's
/// start), and what the URL looks like.
#[derive(Clone, Copy)]
pub(crate) struct Scheme {
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

/// `[A-Za-z][A-Za-z0-9+.\-]*://[^/?#@\s"<>:]*:[^/?#\s"<>]*@`: a URL with a password; the
/// leftmost one starting at or after `from`, as (start, end).
///
/// Found from its `://`: a scheme character is never `:`, so every scheme starting inside the
/// run of scheme characters before a `://` reaches that same `://` and has the same rest. A
/// `://` whose rest does not match is never looked at again, and the start is the first
/// letter of the run at or after `from`.
pub(crate) fn find_url(s: &str, from: usize, memo: &mut Memo) -> Option<(usize, usize)> {
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

fn confirm(c: &mut Candidate<'_>) -> Confirm {
    let Some((ps, pe)) = userinfo_password(c.matched()).map(|(a, b)| (c.start + a, c.start + b))
    else {
        return Confirm::Reject;
    };
    // The scheme and user part may hold a token of their own
    // (`https://sk_test_…:@api.stripe.com`): scan it separately.
    c.rescan.push((c.start, ps));
    if pe > ps {
        Confirm::Part(ps, pe)
    } else {
        Confirm::RejectUntil(c.end)
    }
}

/// The password range of `scheme://user:password@`.
fn userinfo_password(m: &str) -> Option<(usize, usize)> {
    let user = m.find("://")? + 3;
    let colon = m.get(user..)?.find(':')? + user;
    Some((colon + 1, m.len().checked_sub(1)?))
}
