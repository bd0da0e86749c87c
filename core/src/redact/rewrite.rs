//! The JSON text path: one pass over the input, an explicit stack instead of recursion, and
//! every untouched byte copied verbatim. Only redacted values, removed members and strings
//! holding a secret are rewritten.
//!
//! Removing a member also removes one comma: the one before it when an earlier member of the
//! object was kept, else the one after it (noted in the frame and dropped when reached).

use super::json::{self, StrTok, SyntaxError, at, err, ws};
use super::paths::{PState, Step};
use super::scan::{Alt, Cursor, Need, ScanState};
use super::{
    Action, Detector, Mode, Recorder, Redactor, Report, Rule, Subject, is_pair_name, is_pair_value,
    push_index_segment, push_key_segment,
};
use crate::redact::detectors::is_card_number;
use crate::redact::report::Confidence;

#[derive(Clone, Copy)]
enum Cur {
    None,
    Key(StrTok),
    Index(usize),
}

struct Frame {
    object: bool,
    /// This container's live path states: a range of the arena.
    states: (usize, usize),
    /// A member or element has been read (so `,` or the closer comes next).
    after_value: bool,
    index: usize,
    kept_any: bool,
    drop_comma: bool,
    last_comma: usize,
    cur: Cur,
    /// Objects: where the string of the nearest `name`/`key` member read starts; arrays:
    /// where the first element starts when it is a string (see `is_pair_name`). Scanned only
    /// when a `value` member or a second element asks for it.
    pair_name: Option<usize>,
    /// The key rule of `pair_name`, once asked.
    pair_rule: Option<Option<usize>>,
    /// The last look for a name after a `value` member: where it stopped and the rule found
    /// (valid for `value` members before that point, so no member is read twice).
    ahead: Option<(usize, Option<usize>)>,
}

/// The document being rewritten.
struct Doc<'a> {
    /// The whole input (the prefilter works on absolute offsets).
    full: &'a str,
    base: usize,
    text: &'a str,
    out: &'a mut String,
    copied: usize,
}

impl Doc<'_> {
    fn replace(&mut self, start: usize, end: usize, with: &str) {
        self.out
            .push_str(self.text.get(self.copied..start).unwrap_or(""));
        self.out.push_str(with);
        self.copied = end;
    }

    fn finish(&mut self) {
        self.out
            .push_str(self.text.get(self.copied..).unwrap_or(""));
        self.copied = self.text.len();
    }
}

pub(crate) struct Rewriter<'r> {
    r: &'r Redactor,
    rec: Recorder,
    st: ScanState<'r>,
    cursor: Cursor,
    frames: Vec<Frame>,
    arena: Vec<PState>,
    step_buf: Vec<PState>,
    scratch: String,
    keybuf: String,
    tmp: String,
}

fn path_string(text: &str, frames: &[Frame]) -> String {
    let mut out = String::new();
    let mut scratch = String::new();
    for f in frames {
        match f.cur {
            Cur::None => {}
            Cur::Index(i) => push_index_segment(&mut out, i),
            Cur::Key(tok) => {
                let (cs, ce) = tok.content();
                let raw = text.get(cs..ce).unwrap_or("");
                if tok.escaped {
                    json::decode(raw, &mut scratch);
                    push_key_segment(&mut out, &scratch);
                } else {
                    push_key_segment(&mut out, raw);
                }
            }
        }
    }
    out
}

impl<'r> Rewriter<'r> {
    pub(crate) fn new(r: &'r Redactor, line: Option<usize>) -> Self {
        Rewriter {
            r,
            rec: Recorder::new(r, line),
            st: r.scan_state(),
            cursor: Cursor::new(),
            frames: Vec::new(),
            arena: Vec::new(),
            step_buf: Vec::new(),
            scratch: String::new(),
            keybuf: String::new(),
            tmp: String::new(),
        }
    }

    pub(crate) fn set_line(&mut self, line: Option<usize>) {
        self.rec.set_line(line);
    }

    /// Redacts an NDJSON line that is not JSON as free text.
    pub(crate) fn text_line(&mut self, line: &str, out: &mut String) {
        self.r.text_into(line, out, &mut self.rec, &mut self.st);
    }

    pub(crate) fn into_report(self) -> Report {
        self.rec.report
    }

    fn record(&mut self, text: &str, rule: Rule, confidence: Confidence) {
        let frames = &self.frames;
        self.rec
            .record(self.r, rule, confidence, &mut || path_string(text, frames));
    }

    /// Rewrites `full[start..end]` (one JSON document) into `out`.
    pub(crate) fn document(
        &mut self,
        full: &str,
        start: usize,
        end: usize,
        out: &mut String,
    ) -> Result<(), SyntaxError> {
        let text = full.get(start..end).unwrap_or("");
        let b = text.as_bytes();
        self.frames.clear();
        self.arena.clear();
        let mut doc = Doc {
            full,
            base: start,
            text,
            out,
            copied: 0,
        };
        let mut pos = ws(b, 0);
        if pos >= b.len() {
            return err(pos, "empty input: expected a JSON value");
        }
        let root_action = if self.r.paths.is_empty() {
            Action::Descend
        } else {
            match self.r.paths.start(&mut self.step_buf) {
                Some(rule) => self.r.path_action(rule),
                None => {
                    self.arena.extend_from_slice(&self.step_buf);
                    Action::Descend
                }
            }
        };
        let root_states = (0, self.arena.len());
        pos = match root_action {
            Action::Descend => self.value(&mut doc, pos, root_states)?,
            Action::Redact { mode, rule, .. } => self.redact_whole(&mut doc, pos, mode, rule)?,
        };
        while let Some(top) = self.frames.last_mut() {
            pos = ws(b, pos);
            let c = at(b, pos);
            if top.object {
                match c {
                    Some(b'}') => {
                        pos += 1;
                        self.close();
                        continue;
                    }
                    Some(b',') if top.after_value => {
                        let comma = pos;
                        pos = ws(b, pos + 1);
                        if top.drop_comma {
                            doc.replace(comma, pos, "");
                            top.drop_comma = false;
                        }
                        top.last_comma = comma;
                        if at(b, pos) != Some(b'"') {
                            return err(pos, "expected a string key after ',' in an object");
                        }
                    }
                    Some(b'"') if !top.after_value => {}
                    None => return err(pos, "unexpected end of input inside an object"),
                    Some(_) if top.after_value => {
                        return err(pos, "expected ',' or '}' in an object");
                    }
                    Some(_) => return err(pos, "expected a string key or '}' in an object"),
                }
                pos = self.member(&mut doc, pos)?;
            } else {
                match c {
                    Some(b']') => {
                        pos += 1;
                        self.close();
                        continue;
                    }
                    Some(b',') if top.after_value => {
                        pos = ws(b, pos + 1);
                        if at(b, pos) == Some(b']') {
                            return err(pos, "trailing ',' in an array");
                        }
                    }
                    None => return err(pos, "unexpected end of input inside an array"),
                    Some(_) if top.after_value => {
                        return err(pos, "expected ',' or ']' in an array");
                    }
                    Some(_) => {}
                }
                pos = self.element(&mut doc, pos)?;
            }
        }
        pos = ws(b, pos);
        if pos != b.len() {
            return err(pos, "unexpected data after the JSON value");
        }
        doc.finish();
        Ok(())
    }

    fn close(&mut self) {
        if let Some(f) = self.frames.pop() {
            self.arena.truncate(f.states.0);
        }
    }

    /// Steps the top frame's path states; the child's states are pushed on the arena.
    fn step(&mut self, step: Step<'_>) -> (Option<u32>, (usize, usize)) {
        let Some(top) = self.frames.last() else {
            return (None, (0, 0));
        };
        let (s0, s1) = top.states;
        self.arena.truncate(s1);
        if s0 == s1 {
            return (None, (s1, s1));
        }
        let current = self.arena.get(s0..s1).unwrap_or(&[]);
        let hit = self.r.paths.step(current, step, &mut self.step_buf);
        self.arena.extend_from_slice(&self.step_buf);
        (hit, (s1, self.arena.len()))
    }

    fn member(&mut self, doc: &mut Doc<'_>, pos: usize) -> Result<usize, SyntaxError> {
        let b = doc.text.as_bytes();
        let tok = json::scan_string(b, pos)?;
        let mut colon = ws(b, tok.end);
        if at(b, colon) != Some(b':') {
            return err(colon, "expected ':' after an object key");
        }
        colon += 1;
        let vstart = ws(b, colon);
        let (cs, ce) = tok.content();
        let mut keybuf = std::mem::take(&mut self.keybuf);
        let key: &str = if tok.escaped {
            json::decode(doc.text.get(cs..ce).unwrap_or(""), &mut keybuf);
            &keybuf
        } else {
            doc.text.get(cs..ce).unwrap_or("")
        };
        if let Some(top) = self.frames.last_mut() {
            top.cur = Cur::Key(tok);
            top.after_value = true;
        }
        let (hit, child) = self.step(Step::Key(key));
        let mut action = self.r.member_action(key, hit, &mut self.st);
        let pair_name = is_pair_name(key);
        let pair_value = matches!(action, Action::Descend) && is_pair_value(key);
        self.keybuf = keybuf;
        if pair_name && at(b, vstart) == Some(b'"') {
            if let Some(top) = self.frames.last_mut() {
                top.pair_name = Some(vstart);
                top.pair_rule = None;
            }
        } else if pair_value && let Some(rule) = self.value_rule(doc.text, vstart) {
            action = self.r.key_action(rule);
        }
        let literal = matches!(at(b, vstart), Some(b't' | b'f' | b'n'));
        match action {
            Action::Redact {
                keep_scalars: true, ..
            } if literal => {
                self.mark_kept();
                self.scan_key(doc, tok);
                json::scan_literal(b, vstart)
            }
            Action::Redact {
                mode: Mode::Remove,
                rule,
                ..
            } => {
                let vend = json::skip_value(b, vstart)?;
                let del_start = match self.frames.last_mut() {
                    Some(top) if top.kept_any => top.last_comma,
                    Some(top) => {
                        top.drop_comma = true;
                        tok.start
                    }
                    None => tok.start,
                };
                doc.replace(del_start, vend, "");
                self.record(doc.text, rule, Confidence::High);
                Ok(vend)
            }
            Action::Redact { mode, rule, .. } => {
                self.mark_kept();
                self.scan_key(doc, tok);
                self.redact_whole(doc, vstart, mode, rule)
            }
            Action::Descend => {
                self.mark_kept();
                self.scan_key(doc, tok);
                self.value(doc, vstart, child)
            }
        }
    }

    fn mark_kept(&mut self) {
        if let Some(top) = self.frames.last_mut() {
            top.kept_any = true;
        }
    }

    fn element(&mut self, doc: &mut Doc<'_>, pos: usize) -> Result<usize, SyntaxError> {
        let index = match self.frames.last_mut() {
            Some(top) => {
                let i = top.index;
                top.index += 1;
                top.cur = Cur::Index(i);
                top.after_value = true;
                i
            }
            None => 0,
        };
        let (hit, child) = self.step(Step::Index(index));
        let b = doc.text.as_bytes();
        if index == 0 && at(b, pos) == Some(b'"') {
            if let Some(top) = self.frames.last_mut() {
                top.pair_name = Some(pos);
                top.pair_rule = None;
            }
        }
        match hit {
            Some(rule) => match self.r.path_action(rule) {
                Action::Redact { mode, rule, .. } => self.redact_whole(doc, pos, mode, rule),
                Action::Descend => self.value(doc, pos, child),
            },
            None => {
                let named = index == 1 && self.frames.last().is_some_and(|f| f.pair_name.is_some());
                let pair = if named && last_scalar_element(b, pos) {
                    self.name_rule(doc.text)
                } else {
                    None
                };
                match pair.map(|rule| self.r.key_action(rule)) {
                    // `null` and booleans hold no secret.
                    Some(Action::Redact { .. })
                        if matches!(at(b, pos), Some(b't' | b'f' | b'n')) =>
                    {
                        json::scan_literal(b, pos)
                    }
                    Some(Action::Redact { mode, rule, .. }) => {
                        self.redact_whole(doc, pos, mode, rule)
                    }
                    _ => self.value(doc, pos, child),
                }
            }
        }
    }

    /// The key rule the top frame's `pair_name` matches (asked once per name).
    fn name_rule(&mut self, text: &str) -> Option<usize> {
        let top = self.frames.last()?;
        if let Some(known) = top.pair_rule {
            return known;
        }
        let name = json::scan_string(text.as_bytes(), top.pair_name?).ok()?;
        let rule = self.pair_rule(text, name);
        if let Some(top) = self.frames.last_mut() {
            top.pair_rule = Some(rule);
        }
        rule
    }

    /// The key rule for a `value` member whose value starts at `vstart` (see `is_pair_name`).
    fn value_rule(&mut self, text: &str, vstart: usize) -> Option<usize> {
        let top = self.frames.last()?;
        if top.pair_name.is_some() {
            return self.name_rule(text);
        }
        if let Some((stop, rule)) = top.ahead
            && vstart < stop
        {
            return rule;
        }
        let b = text.as_bytes();
        let (stop, name) = following_pair_name(b, vstart);
        let rule = name.and_then(|n| self.pair_rule(text, n));
        if let Some(top) = self.frames.last_mut() {
            top.ahead = Some((stop, rule));
        }
        rule
    }

    /// The key rule the name in the string `name` (a token of `text`) matches.
    fn pair_rule(&mut self, text: &str, name: StrTok) -> Option<usize> {
        let (cs, ce) = name.content();
        let raw = text.get(cs..ce).unwrap_or("");
        if name.escaped {
            let mut buf = std::mem::take(&mut self.keybuf);
            json::decode(raw, &mut buf);
            let rule = self.st.key_rule(&self.r.keys, &buf);
            self.keybuf = buf;
            rule
        } else {
            self.st.key_rule(&self.r.keys, raw)
        }
    }

    /// A value that is descended into: containers open a frame, strings are scanned,
    /// numbers checked for card numbers.
    fn value(
        &mut self,
        doc: &mut Doc<'_>,
        pos: usize,
        states: (usize, usize),
    ) -> Result<usize, SyntaxError> {
        let b = doc.text.as_bytes();
        match at(b, pos) {
            Some(c @ (b'{' | b'[')) => {
                if self.frames.len() >= self.r.max_depth {
                    let vend = json::skip_value(b, pos)?;
                    doc.replace(pos, vend, &self.r.marker_json);
                    self.record(doc.text, Rule::Depth, Confidence::High);
                    return Ok(vend);
                }
                self.frames.push(Frame {
                    object: c == b'{',
                    states,
                    after_value: false,
                    index: 0,
                    kept_any: false,
                    drop_comma: false,
                    last_comma: 0,
                    cur: Cur::None,
                    pair_name: None,
                    pair_rule: None,
                    ahead: None,
                });
                Ok(pos + 1)
            }
            Some(b'"') => {
                let tok = json::scan_string(b, pos)?;
                self.scan_string(doc, tok);
                Ok(tok.end)
            }
            Some(b'-' | b'0'..=b'9') => {
                let end = json::scan_number(b, pos)?;
                if self.r.detectors.cards() {
                    let t = doc.text.get(pos..end).unwrap_or("");
                    if (13..=19).contains(&t.len())
                        && t.bytes().all(|c| c.is_ascii_digit())
                        && is_card_number(t)
                    {
                        let alt = Alt::Builtin(Detector::PaymentCard);
                        self.tmp.clear();
                        let rendered = self.r.render(self.r.alt_mode(alt), Subject::Num(t), true);
                        json::encode_string(&rendered, &mut self.tmp);
                        doc.replace(pos, end, &self.tmp);
                        self.record(doc.text, Rule::Detector(alt), Confidence::High);
                    }
                }
                Ok(end)
            }
            Some(_) => json::scan_literal(b, pos),
            None => err(pos, "unexpected end of input: expected a value"),
        }
    }

    /// Replaces the whole value at `pos`.
    fn redact_whole(
        &mut self,
        doc: &mut Doc<'_>,
        pos: usize,
        mode: Mode,
        rule: Rule,
    ) -> Result<usize, SyntaxError> {
        let b = doc.text.as_bytes();
        let (end, subject_kind) = match at(b, pos) {
            Some(b'"') => {
                let tok = json::scan_string(b, pos)?;
                (tok.end, Some(tok))
            }
            Some(b'-' | b'0'..=b'9') => (json::scan_number(b, pos)?, None),
            Some(b'{' | b'[') => (json::skip_value(b, pos)?, None),
            Some(_) => (json::scan_literal(b, pos)?, None),
            None => return err(pos, "unexpected end of input: expected a value"),
        };
        self.tmp.clear();
        if matches!(mode, Mode::Replace | Mode::Remove) {
            self.tmp.push_str(&self.r.replacement_json);
        } else {
            let subject = match (at(b, pos), subject_kind) {
                (Some(b'"'), Some(tok)) => {
                    let (cs, ce) = tok.content();
                    let raw = doc.text.get(cs..ce).unwrap_or("");
                    if tok.escaped {
                        json::decode(raw, &mut self.scratch);
                        Subject::Str(&self.scratch)
                    } else {
                        Subject::Str(raw)
                    }
                }
                (Some(b'-' | b'0'..=b'9'), _) => Subject::Num(doc.text.get(pos..end).unwrap_or("")),
                _ => Subject::Other,
            };
            let rendered = self.r.render(mode, subject, true);
            json::encode_string(&rendered, &mut self.tmp);
        }
        doc.replace(pos, end, &self.tmp);
        self.record(doc.text, rule, Confidence::High);
        Ok(end)
    }

    fn scan_key(&mut self, doc: &mut Doc<'_>, tok: StrTok) {
        self.scan_string(doc, tok);
    }

    /// Scans a string (a value or a key) and rewrites it if it holds secrets.
    fn scan_string(&mut self, doc: &mut Doc<'_>, tok: StrTok) {
        let (cs, ce) = tok.content();
        let need = self
            .r
            .detectors
            .need(doc.full, doc.base + cs, &tok, &mut self.cursor);
        if need == Need::Nothing {
            return;
        }
        let raw = doc.text.get(cs..ce).unwrap_or("");
        let mut scratch = std::mem::take(&mut self.scratch);
        let content: &str = if tok.escaped {
            json::decode(raw, &mut scratch);
            &scratch
        } else {
            raw
        };
        if need == Need::Full {
            self.r.detectors.scan(content, &self.r.keys, &mut self.st);
        } else {
            self.r
                .detectors
                .scan_params_only(content, &self.r.keys, &mut self.st);
        }
        if !self.st.hits.is_empty() {
            let hits = std::mem::take(&mut self.st.hits);
            let mut plain = String::with_capacity(content.len());
            let frames = &self.frames;
            let text = doc.text;
            self.r
                .apply_hits(content, &hits, &mut plain, &mut self.rec, &mut || {
                    path_string(text, frames)
                });
            self.st.hits = hits;
            self.tmp.clear();
            json::encode_string(&plain, &mut self.tmp);
            doc.replace(tok.start, tok.end, &self.tmp);
        }
        self.scratch = scratch;
    }
}

/// The end of the scalar (string, number or literal) at `pos`; `None` for a container or
/// invalid JSON (the main pass reports it).
fn scalar_end(b: &[u8], pos: usize) -> Option<usize> {
    match at(b, pos)? {
        b'"' => json::scan_string(b, pos).ok().map(|t| t.end),
        b'-' | b'0'..=b'9' => json::scan_number(b, pos).ok(),
        b't' | b'f' | b'n' => json::scan_literal(b, pos).ok(),
        _ => None,
    }
}

/// Whether the array element at `pos` is a scalar and the array's last element.
fn last_scalar_element(b: &[u8], pos: usize) -> bool {
    scalar_end(b, pos).is_some_and(|end| at(b, ws(b, end)) == Some(b']'))
}

/// For a `value` member whose value starts at `vstart`, with no `name`/`key` member before
/// it: the string of the first such member after it, read only over members whose values are
/// scalars (see `is_pair_name`); and where the look stopped. `None` when the value is a
/// container, a container comes first, or the object ends.
fn following_pair_name(b: &[u8], vstart: usize) -> (usize, Option<StrTok>) {
    let Some(end) = scalar_end(b, vstart) else {
        return (vstart + 1, None);
    };
    let mut pos = ws(b, end);
    while at(b, pos) == Some(b',') {
        let Ok(key) = json::scan_string(b, ws(b, pos + 1)) else {
            return (pos + 1, None);
        };
        let colon = ws(b, key.end);
        if at(b, colon) != Some(b':') {
            return (colon, None);
        }
        let value = ws(b, colon + 1);
        let (cs, ce) = key.content();
        let raw = std::str::from_utf8(b.get(cs..ce).unwrap_or(&[])).unwrap_or("");
        let name = if key.escaped {
            let mut decoded = String::new();
            json::decode(raw, &mut decoded);
            is_pair_name(&decoded)
        } else {
            is_pair_name(raw)
        };
        if name && at(b, value) == Some(b'"') {
            return (value, json::scan_string(b, value).ok());
        }
        let Some(end) = scalar_end(b, value) else {
            return (value, None);
        };
        pos = ws(b, end);
    }
    (pos, None)
}
