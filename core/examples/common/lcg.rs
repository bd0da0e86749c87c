//! A small deterministic generator shared by the redaction examples (no dependency, no clock):
//! the same sequence on every machine, so benchmark inputs and false-positive counts repeat.
#![allow(dead_code)] // each example uses part of it

/// A linear congruential generator.
pub struct Lcg(pub u64);
impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
    pub fn chars_of(&mut self, set: &[u8], n: usize) -> String {
        (0..n)
            .map(|_| char::from(set[(self.next() as usize) % set.len()]))
            .collect()
    }
    pub fn hex(&mut self, n: usize) -> String {
        self.chars_of(b"0123456789abcdef", n)
    }
    pub fn alnum(&mut self, n: usize) -> String {
        self.chars_of(
            b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            n,
        )
    }
    pub fn base64(&mut self, bytes: usize) -> String {
        let set = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let n = bytes.div_ceil(3) * 4;
        let pad = (3 - bytes % 3) % 3;
        let mut s = self.chars_of(set, n - pad);
        s.push_str(&"=".repeat(pad));
        s
    }
    pub fn uuid(&mut self) -> String {
        format!(
            "{}-{}-4{}-a{}-{}",
            self.hex(8),
            self.hex(4),
            self.hex(3),
            self.hex(3),
            self.hex(12)
        )
    }
}
