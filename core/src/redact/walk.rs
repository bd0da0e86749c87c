//! The value path: redacts a [`Value`] tree into a new one.
//!
//! Recursion is bounded by `max_depth` (≤ 1000): a container at that depth is replaced by the
//! marker and its subtree dropped iteratively. Decisions are the ones the JSON path makes, in
//! the same order, so both paths produce the same output and the same report.

use super::paths::{PState, Step};
use super::scan::{Alt, ScanState};
use super::value::drop_iteratively;
use super::{
    Action, Detector, Mode, Number, Recorder, Redactor, Report, Rule, Subject, Value, is_pair_name,
    is_pair_value, push_index_segment, push_key_segment,
};
use crate::redact::detectors::is_card_number;
use crate::redact::report::Confidence;

enum Seg {
    Key(String),
    Index(usize),
}

pub(crate) struct Walker<'r> {
    r: &'r Redactor,
    rec: Recorder,
    st: ScanState<'r>,
    /// The path to the current value, kept only when the report is on.
    path: Vec<Seg>,
    /// Live path states of every open level, as ranges into one arena.
    arena: Vec<PState>,
    step_buf: Vec<PState>,
}

impl<'r> Walker<'r> {
    pub(crate) fn new(r: &'r Redactor) -> Self {
        Walker {
            r,
            rec: Recorder::new(r, None),
            st: r.scan_state(),
            path: Vec::new(),
            arena: Vec::new(),
            step_buf: Vec::new(),
        }
    }

    pub(crate) fn into_report(self) -> Report {
        self.rec.report
    }

    fn path_string(path: &[Seg]) -> String {
        let mut out = String::new();
        for s in path {
            match s {
                Seg::Key(k) => push_key_segment(&mut out, k),
                Seg::Index(i) => push_index_segment(&mut out, *i),
            }
        }
        out
    }

    fn record(&mut self, rule: Rule, confidence: Confidence) {
        let path = &self.path;
        self.rec
            .record(self.r, rule, confidence, &mut || Self::path_string(path));
    }

    pub(crate) fn run(&mut self, value: Value) -> Value {
        if self.r.paths.is_empty() {
            return self.walk(value, 0, (0, 0));
        }
        let mut start = Vec::new();
        let root_hit = self.r.paths.start(&mut start);
        if let Some(rule) = root_hit {
            return self.redact_whole(value, self.r.path_action(rule));
        }
        self.arena = start;
        let end = self.arena.len();
        self.walk(value, 0, (0, end))
    }

    /// Steps the path states of the level `states` through `step`; returns the child's
    /// matching rule and its states range (pushed onto the arena).
    fn step(&mut self, states: (usize, usize), step: Step<'_>) -> (Option<u32>, (usize, usize)) {
        if states.0 == states.1 {
            let at = self.arena.len();
            return (None, (at, at));
        }
        let current = self.arena.get(states.0..states.1).unwrap_or(&[]);
        let hit = self.r.paths.step(current, step, &mut self.step_buf);
        let at = self.arena.len();
        self.arena.extend_from_slice(&self.step_buf);
        (hit, (at, self.arena.len()))
    }

    fn walk(&mut self, value: Value, depth: usize, states: (usize, usize)) -> Value {
        match value {
            Value::String(s) => self.scan_string(s),
            Value::Number(n) => self.check_number(n),
            Value::Array(items) => {
                if depth >= self.r.max_depth {
                    return self.too_deep(Value::Array(items));
                }
                let mut out = Vec::with_capacity(items.len());
                // `["authorization", "Bearer …"]`: see `is_pair_name`.
                let pair = match items.as_slice() {
                    [Value::String(name), value] if !is_container(value) => {
                        self.st.key_rule(&self.r.keys, name)
                    }
                    _ => None,
                };
                for (i, item) in items.into_iter().enumerate() {
                    if self.rec_on() {
                        self.path.push(Seg::Index(i));
                    }
                    let mark = self.arena.len();
                    let (hit, child) = self.step(states, Step::Index(i));
                    let v = match (hit, pair) {
                        (Some(rule), _) => self.redact_whole(item, self.r.path_action(rule)),
                        (None, Some(rule)) if i == 1 => {
                            self.redact_whole(item, self.r.key_action(rule))
                        }
                        (None, _) => self.walk(item, depth + 1, child),
                    };
                    out.push(v);
                    self.arena.truncate(mark);
                    if self.rec_on() {
                        self.path.pop();
                    }
                }
                Value::Array(out)
            }
            Value::Object(members) => {
                if depth >= self.r.max_depth {
                    return self.too_deep(Value::Object(members));
                }
                let mut out = Vec::with_capacity(members.len());
                // Name/value pairs (see `is_pair_name`): the rule of the nearest name before,
                // and the last look for one after a `value` member (where it stopped).
                let mut name_rule: Option<Option<usize>> = None;
                let mut ahead: Option<(usize, Option<usize>)> = None;
                let mut members = members.into_iter();
                let mut next_index = 0usize;
                while let Some((key, item)) = members.next() {
                    let i = next_index;
                    next_index += 1;
                    if self.rec_on() {
                        self.path.push(Seg::Key(key.clone()));
                    }
                    let mark = self.arena.len();
                    let (hit, child) = self.step(states, Step::Key(&key));
                    let mut action = self.r.member_action(&key, hit, &mut self.st);
                    if is_pair_name(&key) {
                        if let Value::String(name) = &item {
                            name_rule = Some(self.st.key_rule(&self.r.keys, name));
                        }
                    } else if matches!(action, Action::Descend) && is_pair_value(&key) {
                        let rule = match (name_rule, ahead) {
                            (Some(rule), _) => rule,
                            _ if is_container(&item) => None,
                            (None, Some((stop, rule))) if i < stop => rule,
                            (None, _) => {
                                let (stop, rule) = self.following_name(members.as_slice());
                                ahead = Some((i + 1 + stop, rule));
                                rule
                            }
                        };
                        if let Some(rule) = rule {
                            action = self.r.key_action(rule);
                        }
                    }
                    match action {
                        Action::Redact {
                            mode: Mode::Remove,
                            keep_scalars,
                            rule,
                        } => {
                            if keep_scalars && matches!(item, Value::Null | Value::Bool(_)) {
                                let key = self.scan_key(key);
                                out.push((key, item));
                            } else {
                                self.record(rule, Confidence::High);
                                drop_iteratively(item);
                            }
                        }
                        Action::Redact { .. } => {
                            let key = self.scan_key(key);
                            let v = self.redact_whole(item, action);
                            out.push((key, v));
                        }
                        Action::Descend => {
                            let key = self.scan_key(key);
                            let v = self.walk(item, depth + 1, child);
                            out.push((key, v));
                        }
                    }
                    self.arena.truncate(mark);
                    if self.rec_on() {
                        self.path.pop();
                    }
                }
                Value::Object(out)
            }
            other => other,
        }
    }

    /// The rule of the first `name`/`key` member of `members`, read only over members whose
    /// values are not containers; and where the look stopped (see `is_pair_name`).
    fn following_name(&mut self, members: &[(String, Value)]) -> (usize, Option<usize>) {
        for (j, (key, value)) in members.iter().enumerate() {
            if is_container(value) {
                return (j, None);
            }
            if let Value::String(name) = value
                && is_pair_name(key)
            {
                return (j, self.st.key_rule(&self.r.keys, name));
            }
        }
        (members.len(), None)
    }

    fn rec_on(&self) -> bool {
        self.r.report
    }

    fn too_deep(&mut self, value: Value) -> Value {
        drop_iteratively(value);
        self.record(Rule::Depth, Confidence::High);
        Value::String(self.r.marker.clone())
    }

    /// Replaces a whole value as `action` says (`Remove` acts as `Replace` here).
    fn redact_whole(&mut self, value: Value, action: Action) -> Value {
        let Action::Redact {
            mode,
            rule,
            keep_scalars,
        } = action
        else {
            return value;
        };
        if keep_scalars && matches!(value, Value::Null | Value::Bool(_)) {
            return value;
        }
        let text = match &value {
            Value::String(s) => self.r.render(mode, Subject::Str(s), true).into_owned(),
            Value::Number(n) => {
                let t = n.to_json_text();
                self.r.render(mode, Subject::Num(&t), true).into_owned()
            }
            _ => self.r.render(mode, Subject::Other, true).into_owned(),
        };
        drop_iteratively(value);
        self.record(rule, Confidence::High);
        Value::String(text)
    }

    fn scan_key(&mut self, key: String) -> String {
        self.scan_str(key)
    }

    fn scan_string(&mut self, s: String) -> Value {
        Value::String(self.scan_str(s))
    }

    fn scan_str(&mut self, s: String) -> String {
        if !self.r.detectors.active() {
            return s;
        }
        self.r.detectors.scan(&s, &self.r.keys, &mut self.st);
        if self.st.hits.is_empty() {
            return s;
        }
        let hits = std::mem::take(&mut self.st.hits);
        let mut out = String::with_capacity(s.len());
        let path = &self.path;
        self.r
            .apply_hits(&s, &hits, &mut out, &mut self.rec, &mut || {
                Self::path_string(path)
            });
        self.st.hits = hits;
        out
    }

    fn check_number(&mut self, n: Number) -> Value {
        if !self.r.detectors.cards() {
            return Value::Number(n);
        }
        match n.card_digits() {
            Some(digits) if is_card_number(&digits) => {
                let alt = Alt::Builtin(Detector::PaymentCard);
                let text = self
                    .r
                    .render(self.r.alt_mode(alt), Subject::Num(&digits), true)
                    .into_owned();
                self.record(Rule::Detector(alt), Confidence::High);
                Value::String(text)
            }
            _ => Value::Number(n),
        }
    }
}

fn is_container(v: &Value) -> bool {
    matches!(v, Value::Array(_) | Value::Object(_))
}
