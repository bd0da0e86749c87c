//! Lowercase hex, the encoding of `v1` signatures. Decoding reads attacker input, so it
//! never panics and writes into a caller-provided fixed buffer (no allocation).

const DIGITS: &[u8; 16] = b"0123456789abcdef";

fn digit(value: u8) -> char {
    // `value` is a nibble, so the lookup always succeeds; `get` keeps the code panic-free.
    char::from(DIGITS.get(usize::from(value)).copied().unwrap_or(b'0'))
}

/// Encodes bytes as lowercase hex.
pub(crate) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(digit(b >> 4));
        out.push(digit(b & 0x0f));
    }
    out
}

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

/// Decodes exactly `out.len() * 2` lowercase hex digits into `out`; `None` on any other input.
pub(crate) fn decode_into(text: &[u8], out: &mut [u8]) -> Option<()> {
    if text.len() != out.len().checked_mul(2)? {
        return None;
    }
    for (pair, byte) in text.chunks_exact(2).zip(out.iter_mut()) {
        let [hi, lo] = pair else { return None };
        *byte = (nibble(*hi)? << 4) | nibble(*lo)?;
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let bytes: Vec<u8> = (0..=255).collect();
        let text = encode(&bytes);
        let mut back = vec![0u8; 256];
        assert_eq!(decode_into(text.as_bytes(), &mut back), Some(()));
        assert_eq!(back, bytes);
    }

    #[test]
    fn rejects_bad_input() {
        let mut out = [0u8; 2];
        assert_eq!(decode_into(b"abc", &mut out), None);
        assert_eq!(decode_into(b"abcg", &mut out), None);
        assert_eq!(decode_into(b"ABCD", &mut out), None);
        assert_eq!(decode_into("é€".as_bytes(), &mut out), None);
        assert_eq!(decode_into(b"", &mut []), Some(()));
    }
}
