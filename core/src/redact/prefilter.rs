//! The prefilter of the JSON scan: a search for the detectors' literal anchors.
//!
//! Every accepted built-in match contains an anchor of its detector
//! ([`Spec::anchors`](super::detectors::Spec)) and no anchor contains a `"`, so a JSON string
//! holding no anchor needs no full scan. One pass over the input, lazily (`scan::Cursor`).

/// A search for any of up to 64 literals of two bytes or more: a byte pair is looked up in
/// two tables (literals by first byte, by second byte) before any literal is compared.
pub(crate) struct Anchors {
    literals: Vec<&'static [u8]>,
    first: [u64; 256],
    second: [u64; 256],
}

impl Anchors {
    pub(crate) fn new(literals: &[&'static str]) -> Option<Self> {
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
    pub(crate) fn next(&self, hay: &[u8], from: usize) -> Option<usize> {
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
