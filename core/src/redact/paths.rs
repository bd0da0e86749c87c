//! Explicit paths in pino / fast-redact syntax, plus the deep wildcard `**`.
//!
//! Grammar: a path is a sequence of segments. The first is an identifier, `*`, `**` or a
//! bracket; later ones follow `.` (identifier, `*`, `**`) or sit in brackets:
//! `["x-y"]`, `['x-y']`, `[0]`, `[*]`. Identifiers are any characters but `.`, `[`, `]`,
//! quotes and whitespace. `*` matches exactly one level (any key or index), `**` zero or more.
//!
//! Paths compile to a small NFA; each level of the document steps the set of live states once,
//! so the work per key is bounded by the number of path segments, whatever the document.

/// One compiled segment.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Seg {
    /// An exact key; also matches the array index it spells, as in JavaScript.
    Key { name: String, index: Option<usize> },
    /// Exactly one level.
    Star,
    /// Zero or more levels.
    Deep,
}

/// A live NFA state: rule `rule` has matched its first `at` segments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PState {
    rule: u32,
    at: u32,
}

/// Where the walk stands: a member key or an array index.
#[derive(Clone, Copy)]
pub(crate) enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Most path rules.
pub(crate) const MAX_PATHS: usize = 1000;
/// Most segments in one path.
pub(crate) const MAX_SEGMENTS: usize = 64;

/// The compiled path rules.
#[derive(Default)]
pub(crate) struct PathSet {
    rules: Vec<Vec<Seg>>,
}

fn parse_error(path: &str, what: &str) -> String {
    format!("path `{path}`: {what}")
}

fn parse(path: &str) -> Result<Vec<Seg>, String> {
    let chars: Vec<char> = path.chars().collect();
    let mut segs = Vec::new();
    let mut i = 0usize;
    let mut first = true;
    if chars.is_empty() {
        return Err(parse_error(path, "is empty"));
    }
    while i < chars.len() {
        let c = chars.get(i).copied().unwrap_or('\0');
        if c == '[' {
            i += 1;
            let open = chars.get(i).copied();
            match open {
                Some(q @ ('"' | '\'')) => {
                    i += 1;
                    let mut name = String::new();
                    loop {
                        match chars.get(i).copied() {
                            None => return Err(parse_error(path, "unterminated quoted key")),
                            Some('\\') => {
                                let escaped = chars
                                    .get(i + 1)
                                    .copied()
                                    .ok_or_else(|| parse_error(path, "dangling backslash"))?;
                                name.push(escaped);
                                i += 2;
                            }
                            Some(ch) if ch == q => {
                                i += 1;
                                break;
                            }
                            Some(ch) => {
                                name.push(ch);
                                i += 1;
                            }
                        }
                    }
                    segs.push(key_seg(name));
                }
                Some('*') => {
                    i += 1;
                    segs.push(Seg::Star);
                }
                Some(d) if d.is_ascii_digit() => {
                    let mut name = String::new();
                    while let Some(d) = chars.get(i).copied().filter(char::is_ascii_digit) {
                        name.push(d);
                        i += 1;
                    }
                    segs.push(key_seg(name));
                }
                _ => {
                    return Err(parse_error(
                        path,
                        "a `[` must hold a quoted key, an index or `*`",
                    ));
                }
            }
            if chars.get(i).copied() != Some(']') {
                return Err(parse_error(path, "expected `]`"));
            }
            i += 1;
        } else {
            if !first {
                if c != '.' {
                    return Err(parse_error(path, "expected `.` or `[` between segments"));
                }
                i += 1;
            }
            let start = i;
            while let Some(ch) = chars.get(i).copied() {
                if matches!(ch, '.' | '[' | ']' | '"' | '\'') || ch.is_whitespace() {
                    break;
                }
                i += 1;
            }
            let name: String = chars.get(start..i).unwrap_or(&[]).iter().collect();
            if name.is_empty() {
                return Err(parse_error(path, "has an empty segment"));
            }
            segs.push(match name.as_str() {
                "*" => Seg::Star,
                "**" => Seg::Deep,
                _ => key_seg(name),
            });
        }
        first = false;
        if segs.len() > MAX_SEGMENTS {
            return Err(parse_error(path, "has more than 64 segments"));
        }
    }
    Ok(segs)
}

fn key_seg(name: String) -> Seg {
    let index = if !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_digit())
        && (name == "0" || !name.starts_with('0'))
    {
        name.parse().ok()
    } else {
        None
    };
    Seg::Key { name, index }
}

impl PathSet {
    pub(crate) fn new(paths: &[&str]) -> Result<Self, String> {
        if paths.len() > MAX_PATHS {
            return Err(format!("at most {MAX_PATHS} paths are allowed"));
        }
        let rules = paths.iter().map(|p| parse(p)).collect::<Result<_, _>>()?;
        Ok(PathSet { rules })
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    fn seg(&self, s: PState) -> Option<&Seg> {
        self.rules.get(s.rule as usize)?.get(s.at as usize)
    }

    fn complete(&self, s: PState) -> bool {
        self.rules
            .get(s.rule as usize)
            .is_some_and(|r| r.len() == s.at as usize)
    }

    /// Adds `s` and everything reachable from it through `**` matching zero levels.
    fn add_closure(&self, mut s: PState, out: &mut Vec<PState>) {
        loop {
            if !out.contains(&s) {
                out.push(s);
            }
            match self.seg(s) {
                Some(Seg::Deep) => s.at += 1,
                _ => return,
            }
        }
    }

    /// The states at the root, and the rule matching the root itself (only `**` can).
    pub(crate) fn start(&self, out: &mut Vec<PState>) -> Option<u32> {
        out.clear();
        for rule in 0..self.rules.len() {
            // At most MAX_PATHS rules, checked when the paths are compiled.
            #[allow(clippy::cast_possible_truncation)]
            let rule = rule as u32;
            self.add_closure(PState { rule, at: 0 }, out);
        }
        self.matched(out)
    }

    fn matched(&self, states: &[PState]) -> Option<u32> {
        states
            .iter()
            .filter(|s| self.complete(**s))
            .map(|s| s.rule)
            .min()
    }

    /// Steps `states` one level down through `step`, into `out`. Returns the rule that
    /// matches the child exactly, if any.
    pub(crate) fn step(
        &self,
        states: &[PState],
        step: Step<'_>,
        out: &mut Vec<PState>,
    ) -> Option<u32> {
        out.clear();
        for &s in states {
            match self.seg(s) {
                Some(Seg::Key { name, index }) => {
                    let hit = match step {
                        Step::Key(k) => k == name,
                        Step::Index(i) => *index == Some(i),
                    };
                    if hit {
                        self.add_closure(
                            PState {
                                rule: s.rule,
                                at: s.at + 1,
                            },
                            out,
                        );
                    }
                }
                Some(Seg::Star) => self.add_closure(
                    PState {
                        rule: s.rule,
                        at: s.at + 1,
                    },
                    out,
                ),
                Some(Seg::Deep) => self.add_closure(s, out),
                None => {}
            }
        }
        self.matched(out)
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

    fn matches(path: &str, walk: &[Step<'_>]) -> bool {
        let set = PathSet::new(&[path]).unwrap();
        let mut states = Vec::new();
        let mut next = Vec::new();
        let mut hit = set.start(&mut states);
        for s in walk {
            if hit.is_some() {
                return true;
            }
            hit = set.step(&states, *s, &mut next);
            std::mem::swap(&mut states, &mut next);
        }
        hit.is_some()
    }

    use Step::{Index as I, Key as K};

    #[test]
    fn pino_syntax() {
        assert!(matches("a.b", &[K("a"), K("b")]));
        assert!(!matches("a.b", &[K("a"), K("c")]));
        assert!(!matches("a.b", &[K("A"), K("b")]));
        assert!(matches(r#"a["x-y"]"#, &[K("a"), K("x-y")]));
        assert!(matches("a['x.y']", &[K("a"), K("x.y")]));
        assert!(matches("a[0].b", &[K("a"), I(0), K("b")]));
        assert!(!matches("a[0].b", &[K("a"), I(1), K("b")]));
        assert!(matches("a.*.b", &[K("a"), K("zz"), K("b")]));
        assert!(matches("a[*].b", &[K("a"), I(7), K("b")]));
        assert!(matches("*.password", &[K("user"), K("password")]));
        assert!(!matches("*.password", &[K("password")]));
        assert!(matches(r#"["x.y"].z"#, &[K("x.y"), K("z")]));
    }

    #[test]
    fn deep_wildcard() {
        assert!(matches("**.secret", &[K("secret")]));
        assert!(matches("**.secret", &[K("a"), I(3), K("b"), K("secret")]));
        assert!(matches("a.**.c", &[K("a"), K("c")]));
        assert!(matches("a.**.c", &[K("a"), K("b"), K("b"), K("c")]));
        assert!(!matches("a.**.c", &[K("x"), K("c")]));
        assert!(matches("**", &[]));
    }

    #[test]
    fn rejects_bad_syntax() {
        for bad in ["", "a..b", "a[", "a[x]", "a[\"x]", "a.", ".a", "a b", "a]"] {
            assert!(PathSet::new(&[bad]).is_err(), "{bad}");
        }
    }
}
