//! The prefilter of the JSON scan: a search for the detectors' literal anchors.
//!
//! Every accepted built-in match contains an anchor of its detector
//! ([`Spec::anchors`](super::detectors::Spec)) and no anchor contains a `"`, so a JSON string
//! holding no anchor needs no full scan. One pass over the input, lazily (`scan::Cursor`).
//!
//! The search reads every byte of the input, so it is most of the cost of redacting benign
//! JSON: on x86-64 and AArch64 it is `aho-corasick`'s packed (Teddy, SIMD) searcher, which
//! compares 16 or 32 bytes at a time; elsewhere (WebAssembly) and where the CPU lacks the
//! instructions, a byte-pair table lookup per byte. Both report the same offset: the first
//! at which any anchor starts (a test compares them).

/// A search for any of up to 64 literals of two bytes or more.
pub(crate) struct Anchors {
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    packed: Option<aho_corasick::packed::Searcher>,
    table: PairTable,
}

impl Anchors {
    pub(crate) fn new(literals: &[&'static str]) -> Option<Self> {
        let mut unique: Vec<&'static str> = Vec::with_capacity(literals.len());
        for l in literals {
            if !unique.contains(l) {
                unique.push(l);
            }
        }
        let table = PairTable::new(&unique)?;
        Some(Anchors {
            #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
            packed: packed_searcher(&unique),
            table,
        })
    }

    /// Where the first anchor at or after `from` starts.
    pub(crate) fn next(&self, hay: &[u8], from: usize) -> Option<usize> {
        #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
        if let Some(packed) = &self.packed {
            if from > hay.len() {
                return None;
            }
            let span = aho_corasick::Span {
                start: from,
                end: hay.len(),
            };
            return packed.find_in(hay, span).map(|m| m.start());
        }
        self.table.next(hay, from)
    }

    /// The byte-pair table search alone (what builds without the packed searcher use).
    #[cfg(test)]
    fn next_by_table(&self, hay: &[u8], from: usize) -> Option<usize> {
        self.table.next(hay, from)
    }
}

/// The packed searcher, when this CPU has what it needs (else `None`, and the table is used).
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
fn packed_searcher(literals: &[&'static str]) -> Option<aho_corasick::packed::Searcher> {
    // Leftmost-first: the match reported starts at the leftmost offset where any literal
    // starts, which is all the prefilter asks.
    let mut builder = aho_corasick::packed::Config::new()
        .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
        .builder();
    builder.extend(literals.iter().map(|l| l.as_bytes()));
    builder.build()
}

/// A byte pair is looked up in two tables (literals by first byte, by second byte) before any
/// literal is compared.
struct PairTable {
    literals: Vec<&'static [u8]>,
    first: [u64; 256],
    second: [u64; 256],
}

impl PairTable {
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
        Some(PairTable {
            literals: literals.iter().map(|l| l.as_bytes()).collect(),
            first,
            second,
        })
    }

    fn next(&self, hay: &[u8], from: usize) -> Option<usize> {
        let rest = hay.get(from..)?;
        // The literals whose first byte is the previous byte.
        let mut pending = 0u64;
        for (i, &c) in rest.iter().enumerate() {
            let mut mask = pending & self.second.get(usize::from(c)).copied().unwrap_or(0);
            pending = self.first.get(usize::from(c)).copied().unwrap_or(0);
            while mask != 0 {
                let index = mask.trailing_zeros() as usize;
                mask &= mask - 1;
                let start = i.wrapping_sub(1);
                if let (Some(tail), Some(l)) = (rest.get(start..), self.literals.get(index))
                    && tail.starts_with(l)
                {
                    return Some(from + start);
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    const ANCHORS: &[&str] = &[
        "sk_live_",
        "AKIA",
        "ghp_",
        "Bearer",
        "eyJ",
        "AC",
        "SK",
        "://",
        "%3D",
        "%253d",
        "-----BEGIN",
        "hooks.slack.com",
        "sk-",
    ];

    /// The packed searcher (where built) and the table give the same offsets, at every
    /// starting point, on text dense with anchors, their prefixes and near misses.
    #[test]
    fn packed_and_table_searches_agree() {
        let a = Anchors::new(ANCHORS).unwrap();
        let pieces: &[&str] = &[
            "sk_live_",
            "sk_liv",
            "AKIA",
            "AKI",
            "gh",
            "ghp_",
            "Bearer",
            "Beare",
            "eyJ",
            "ey",
            "A",
            "C",
            "S",
            "K",
            ":/",
            "://",
            "%3",
            "%3D",
            "%25",
            "%253d",
            "-----BEGI",
            "-----BEGIN",
            "hooks.slack.co",
            "hooks.slack.com",
            "x",
            " ",
            "\"",
            "é",
            "sk-",
            "s",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..600 {
            let mut text = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let n = (seed >> 59) as usize;
            for _ in 0..n {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let piece = pieces[((seed >> 33) as usize) % pieces.len()];
                // Mostly filler, so that long anchor-free stretches are searched too.
                if (seed >> 20) % 3 == 0 {
                    text.push_str(piece);
                } else {
                    text.push_str("fox, jumps; ");
                }
            }
            let b = text.as_bytes();
            let starts: Vec<usize> = (0..b.len())
                .filter(|&i| ANCHORS.iter().any(|l| b[i..].starts_with(l.as_bytes())))
                .collect();
            for from in 0..=b.len() + 1 {
                let expected = starts.iter().copied().find(|&i| i >= from);
                assert_eq!(
                    a.next_by_table(b, from),
                    expected,
                    "table: {text:?} from {from}"
                );
                assert_eq!(a.next(b, from), expected, "{text:?} from {from}");
            }
        }
    }

    #[test]
    fn refuses_what_it_cannot_search() {
        assert!(Anchors::new(&[]).is_none());
        assert!(Anchors::new(&["x"]).is_none());
    }
}
