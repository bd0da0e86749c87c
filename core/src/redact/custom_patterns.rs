//! Custom redaction patterns: every pattern one alternative of ONE `regex` (finite automata,
//! linear time), so each string is searched once for all of them. Only in builds with the
//! `custom-patterns` feature (the lean WASM build has no regex engine and refuses them).

use super::options::CustomPattern;

/// The custom patterns, as one regex of named alternatives (in the order given).
pub(crate) struct Custom {
    regex: regex::Regex,
    /// (capture group index, custom pattern index).
    groups: Vec<(usize, usize)>,
}

impl Custom {
    pub(crate) fn new(custom: &[CustomPattern]) -> Result<Option<Self>, String> {
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
    pub(crate) fn find(
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
