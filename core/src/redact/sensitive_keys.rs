//! Sensitive-key matching on normalised keys.
//!
//! A key is split into words at `-`, `_`, `.`, spaces and other punctuation, and at camelCase
//! boundaries (`apiKey` → `api key`, `APIKey` → `api key`, but `OAuth` stays one word), then
//! lowercased. A rule such as `api_key` is normalised the same way and squashed (`apikey`); it
//! matches when a run of whole words of the key squashes to it. So `x-api-key`, `apiKey` and
//! `API_KEY` match `apikey`, `authorization` matches `authorization`, and `author` matches
//! nothing: substrings inside a word never count.
//!
//! Metadata about a secret is not the secret: when the key's last word is a qualifier such as
//! `type`, `count`, `expires`, `url` or `id` that the rule does not itself cover, the key is
//! not sensitive (`token_type`, `token_count`, `password_changed_at`, `authorization_url`,
//! Kubernetes' `secretKeyRef`, which names where a secret is),
//! while `session_id` stays sensitive because the rule `sessionid` covers its last word.
//! `header` is not a qualifier: `auth_header` and `cookie_header` hold the header's value.
//!
//! Run-together names: a single word that ends in `password`, `passwd`, `secret` or `token`
//! (when that rule is on the list) matches it, so `PGPASSWORD`, `dbpassword`, `appsecret` and
//! `authtoken` are sensitive; no English word ends that way (`tokens`, `tokenizer` and
//! `secretary` do not). `key` is too common an ending (`monkey`, `hockey`), so its compounds
//! are rules of their own (`secretkey`, `accesskey`, `privatekey`, `encryptionkey`).
//!
//! Whole keys only: `sid` is a session cookie's name only when it is the whole name
//! (`sid`, `_sid`); `account_sid` and `message_sid` are identifiers (Twilio), not secrets.

use super::options::Mode;

/// Last words that describe a secret rather than hold one.
const QUALIFIERS: &[&str] = &[
    "age",
    "alg",
    "algorithm",
    "at",
    "audience",
    "count",
    "created",
    "dir",
    "disabled",
    "domain",
    "duration",
    "enabled",
    "end",
    "endpoint",
    "error",
    "errors",
    "exists",
    "exp",
    "expiration",
    "expires",
    "expiry",
    "field",
    "file",
    "format",
    "hint",
    "id",
    "ids",
    "in",
    "invalid",
    "issuer",
    "kind",
    "len",
    "length",
    "level",
    "location",
    "method",
    "mode",
    "name",
    "names",
    "on",
    "param",
    "path",
    "policy",
    "present",
    "provider",
    "reason",
    "ref",
    "required",
    "rotated",
    "scope",
    "scopes",
    "size",
    "source",
    "start",
    "started",
    "status",
    "strength",
    "timeout",
    "ttl",
    "type",
    "types",
    "updated",
    "uri",
    "url",
    "user",
    "username",
    "valid",
    "ver",
    "version",
];

/// Rules that also match as the end of a longer single word (`PGPASSWORD`, `appsecret`).
const SUFFIX_RULES: &[&str] = &["password", "passwd", "secret", "token"];

/// Rules that match only a whole key, never a word of a longer one.
const WHOLE_KEY_RULES: &[&str] = &["sid"];

/// Longest key (in bytes) that is normalised; longer keys are judged on this prefix, which
/// keeps the work per key bounded.
const MAX_KEY_BYTES: usize = 1024;

/// One sensitive key rule, normalised.
#[derive(Clone, Debug)]
pub(crate) struct KeyPattern {
    pub(crate) norm: String,
    pub(crate) mode: Option<Mode>,
}

/// Scratch space for normalising keys, reused across calls.
#[derive(Default)]
pub(crate) struct KeyScratch {
    squashed: Vec<u8>,
    starts: Vec<usize>,
    ends: Vec<usize>,
    last_word_start: usize,
}

/// The compiled key list.
pub(crate) struct KeyMatcher {
    patterns: Vec<KeyPattern>,
    /// The rules' normalised forms, sorted, each with its rule index: a run of words is
    /// looked up by narrowing this list byte by byte, which stops as soon as no rule starts
    /// with the run (so hostile keys of many short words stay cheap).
    sorted: Vec<(Vec<u8>, usize)>,
    allow: Vec<Vec<u8>>,
    /// The rules of `SUFFIX_RULES` on the list, with their indices.
    suffixes: Vec<(&'static [u8], usize)>,
    /// Indices of the rules of `WHOLE_KEY_RULES` on the list.
    whole_key: Vec<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Upper,
    Lower,
    Digit,
    Sep,
}

fn class(b: u8) -> Class {
    match b {
        b'A'..=b'Z' => Class::Upper,
        b'a'..=b'z' => Class::Lower,
        b'0'..=b'9' => Class::Digit,
        // Non-ASCII bytes are letters without case: they belong to words.
        0x80..=0xff => Class::Lower,
        _ => Class::Sep,
    }
}

/// Normalises `key` into `s`: lowercase word bytes without separators, with word boundaries.
fn normalise(key: &[u8], s: &mut KeyScratch) {
    s.squashed.clear();
    s.starts.clear();
    s.ends.clear();
    s.last_word_start = 0;
    let key = key.get(..MAX_KEY_BYTES).unwrap_or(key);
    let mut prev = Class::Sep;
    // Length of the run of uppercase letters just before the current byte.
    let mut upper_run = 0usize;
    for (i, &b) in key.iter().enumerate() {
        let c = class(b);
        if c == Class::Sep {
            if prev != Class::Sep {
                s.ends.push(s.squashed.len());
            }
            prev = c;
            upper_run = 0;
            continue;
        }
        let next_is_lower = matches!(key.get(i + 1).map(|&n| class(n)), Some(Class::Lower));
        let boundary = match (prev, c) {
            (Class::Sep, _) => true,
            (Class::Lower | Class::Digit, Class::Upper) => true,
            // `APIKey`: the last capital of a run of three or more starts a new word.
            // `OAuth` (a run of two) stays one word.
            (Class::Upper, Class::Upper) => next_is_lower && upper_run >= 2,
            _ => false,
        };
        if boundary {
            if prev != Class::Sep {
                s.ends.push(s.squashed.len());
            }
            s.starts.push(s.squashed.len());
            s.last_word_start = s.squashed.len();
        }
        s.squashed.push(b.to_ascii_lowercase());
        upper_run = if c == Class::Upper { upper_run + 1 } else { 0 };
        prev = c;
    }
    if prev != Class::Sep {
        s.ends.push(s.squashed.len());
    }
}

/// Normalises a rule key to its squashed form (`X-API-Key` → `xapikey`).
pub(crate) fn squash(key: &str) -> String {
    let mut s = KeyScratch::default();
    normalise(key.as_bytes(), &mut s);
    String::from_utf8_lossy(&s.squashed).into_owned()
}

impl KeyMatcher {
    pub(crate) fn new(patterns: Vec<KeyPattern>, allow: Vec<String>) -> Result<Self, String> {
        let mut sorted: Vec<(Vec<u8>, usize)> = patterns
            .iter()
            .enumerate()
            .map(|(i, p)| (p.norm.as_bytes().to_vec(), i))
            .collect();
        sorted.sort_unstable();
        let mut allow: Vec<Vec<u8>> = allow.iter().map(|k| squash(k).into_bytes()).collect();
        allow.sort_unstable();
        allow.dedup();
        let index_of = |rule: &str| patterns.iter().position(|p| p.norm == rule);
        let suffixes = SUFFIX_RULES
            .iter()
            .filter_map(|r| index_of(r).map(|i| (r.as_bytes(), i)))
            .collect();
        let whole_key = WHOLE_KEY_RULES.iter().filter_map(|r| index_of(r)).collect();
        Ok(KeyMatcher {
            patterns,
            sorted,
            allow,
            suffixes,
            whole_key,
        })
    }

    pub(crate) fn pattern(&self, index: usize) -> Option<&KeyPattern> {
        self.patterns.get(index)
    }

    pub(crate) fn len(&self) -> usize {
        self.patterns.len()
    }

    /// The index of the rule `key` matches, if it is sensitive.
    pub(crate) fn check(&self, key: &str, s: &mut KeyScratch) -> Option<usize> {
        if self.sorted.is_empty() {
            return None;
        }
        normalise(key.as_bytes(), s);
        if s.squashed.is_empty() {
            return None;
        }
        if self.allow.binary_search(&s.squashed).is_ok() {
            return None;
        }
        let total = s.squashed.len();
        let last_word = s.squashed.get(s.last_word_start..).unwrap_or(&[]);
        let qualified = s.last_word_start > 0
            && std::str::from_utf8(last_word)
                .map(|w| QUALIFIERS.binary_search(&w).is_ok())
                .unwrap_or(false);
        let mut best: Option<usize> = None;
        for &start in &s.starts {
            // Rules in `sorted[lo..hi]` begin with the `depth` bytes after `start`.
            let (mut lo, mut hi, mut depth) = (0usize, self.sorted.len(), 0usize);
            let first_end = s.ends.partition_point(|&e| e <= start);
            for &end in s.ends.get(first_end..).unwrap_or(&[]) {
                while depth < end - start && lo < hi {
                    let Some(&x) = s.squashed.get(start + depth) else {
                        break;
                    };
                    let range = self.sorted.get(lo..hi).unwrap_or(&[]);
                    let below = |c: Option<&u8>, inclusive: bool| {
                        c.is_none_or(|&c| c < x || (inclusive && c == x))
                    };
                    let a = range.partition_point(|(p, _)| below(p.get(depth), false));
                    let z = range.partition_point(|(p, _)| below(p.get(depth), true));
                    (lo, hi) = (lo + a, lo + z);
                    depth += 1;
                }
                if lo >= hi {
                    break;
                }
                if qualified && end != total {
                    continue;
                }
                // The shortest rule with this prefix sorts first: it is the run itself.
                if let Some((rule, id)) = self.sorted.get(lo) {
                    let whole = start == 0 && end == total;
                    if rule.len() == end - start && (whole || !self.whole_key.contains(id)) {
                        best = Some(best.map_or(*id, |b| b.min(*id)));
                    }
                }
            }
        }
        if !self.suffixes.is_empty() {
            for (&start, &end) in s.starts.iter().zip(&s.ends) {
                if qualified && end != total {
                    continue;
                }
                let word = s.squashed.get(start..end).unwrap_or(&[]);
                for &(suffix, id) in &self.suffixes {
                    if word.len() > suffix.len() && word.ends_with(suffix) {
                        best = Some(best.map_or(id, |b| b.min(id)));
                    }
                }
            }
        }
        best
    }
}

/// Keys longer than this are not cached (they are stored inline, as five words).
const MAX_CACHED_KEY: usize = 40;
/// Slots in the key cache (a power of two).
const CACHE_SLOTS: usize = 1024;

/// One cached decision: the key inline (zero-padded), its length, and the rule it matched.
#[derive(Clone, Copy)]
struct Slot {
    words: [u64; 5],
    /// Key length + 1; 0 marks an empty slot.
    len: u8,
    rule: Option<u32>,
}

/// A direct-mapped cache of key decisions. Keys repeat across log records, and a lookup is
/// far cheaper than normalising. A collision only evicts: adversarial keys can make the cache
/// miss, never make a lookup slower than the uncached check, and a hit needs the whole key to
/// be equal.
#[derive(Default)]
pub(crate) struct KeyCache {
    slots: Vec<Slot>,
}

/// Up to eight bytes as a little-endian word, zero-padded, without a variable-length copy.
#[inline]
fn partial_word(b: &[u8]) -> u64 {
    let word = |i: usize| -> u64 {
        let mut w = [0u8; 8];
        if let Some(src) = b.get(i..i + 8) {
            w.copy_from_slice(src);
        }
        u64::from_le_bytes(w)
    };
    let half = |i: usize| -> u64 {
        let mut w = [0u8; 4];
        if let Some(src) = b.get(i..i + 4) {
            w.copy_from_slice(src);
        }
        u64::from(u32::from_le_bytes(w))
    };
    let n = b.len();
    match n {
        8.. => word(0),
        4..=7 => half(0) | (half(n - 4) << (8 * (n - 4))),
        _ => b
            .iter()
            .enumerate()
            .fold(0u64, |acc, (i, &c)| acc | (u64::from(c) << (8 * i))),
    }
}

/// The key as five little-endian words, zero-padded; `None` when longer than 40 bytes.
#[inline]
fn words_of(key: &[u8]) -> Option<[u64; 5]> {
    if key.len() > MAX_CACHED_KEY {
        return None;
    }
    let mut words = [0u64; 5];
    for (w, chunk) in words.iter_mut().zip(key.chunks(8)) {
        *w = partial_word(chunk);
    }
    Some(words)
}

#[inline]
fn slot_of(words: &[u64; 5], len: usize) -> usize {
    // The first and last words and the length: quality only affects the hit rate, never a
    // decision (a hit compares the whole key).
    let last = words.get(len.saturating_sub(1) / 8).copied().unwrap_or(0);
    let h = (words[0] ^ (len as u64).rotate_left(32)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
        ^ last.wrapping_mul(0xc2b2_ae3d_27d4_eb4f);
    // A hash: dropping high bits on 32-bit targets only changes which slot is used.
    #[allow(clippy::cast_possible_truncation)]
    let slot = (h ^ (h >> 29)) as usize;
    slot & (CACHE_SLOTS - 1)
}

#[inline]
fn same_words(a: &[u64; 5], b: &[u64; 5]) -> bool {
    a.iter().zip(b).fold(0u64, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl KeyMatcher {
    /// [`KeyMatcher::check`] through `cache`.
    pub(crate) fn check_cached(
        &self,
        key: &str,
        s: &mut KeyScratch,
        cache: &mut KeyCache,
    ) -> Option<usize> {
        if self.sorted.is_empty() {
            return None;
        }
        let Some(words) = words_of(key.as_bytes()) else {
            return self.check(key, s);
        };
        if cache.slots.is_empty() {
            cache.slots.resize(
                CACHE_SLOTS,
                Slot {
                    words: [0; 5],
                    len: 0,
                    rule: None,
                },
            );
        }
        // Two-way set associative: a key lives in one of a pair of slots.
        // `words_of` packs at most 40 bytes, so the length always fits.
        let Ok(len) = u8::try_from(key.len() + 1) else {
            return self.check(key, s);
        };
        let set = slot_of(&words, key.len()) & !1;
        for way in [set, set | 1] {
            if let Some(hit) = cache.slots.get(way)
                && hit.len == len
                && same_words(&hit.words, &words)
            {
                return hit.rule.map(|r| r as usize);
            }
        }
        let decision = self.check(key, s);
        // The newest entry takes the first way; the previous one moves to the second.
        if let Some(first) = cache.slots.get(set).copied()
            && let Some(second) = cache.slots.get_mut(set | 1)
        {
            *second = first;
        }
        if let Some(entry) = cache.slots.get_mut(set) {
            *entry = Slot {
                words,
                len,
                rule: decision.and_then(|d| u32::try_from(d).ok()),
            };
        }
        decision
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

    fn matcher(keys: &[&str]) -> KeyMatcher {
        let patterns = keys
            .iter()
            .map(|k| KeyPattern {
                norm: squash(k),
                mode: None,
            })
            .collect();
        KeyMatcher::new(patterns, vec!["token_count".into()]).unwrap()
    }

    #[test]
    fn qualifiers_are_sorted() {
        let mut sorted = QUALIFIERS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, QUALIFIERS);
    }

    #[test]
    fn normalises_spellings() {
        assert_eq!(squash("X-API-Key"), "xapikey");
        assert_eq!(squash("apiKey"), "apikey");
        assert_eq!(squash("API_KEY"), "apikey");
        assert_eq!(squash("client.secret"), "clientsecret");
    }

    #[test]
    fn whole_words_only() {
        let m = matcher(&[
            "auth",
            "authorization",
            "api_key",
            "token",
            "session_id",
            "password",
        ]);
        let mut s = KeyScratch::default();
        let hit = |k: &str, s: &mut KeyScratch| m.check(k, s).is_some();
        assert!(hit("auth", &mut s));
        assert!(hit("Authorization", &mut s));
        assert!(hit("proxy-authorization", &mut s));
        assert!(!hit("author", &mut s));
        assert!(!hit("authenticated", &mut s));
        assert!(!hit("OAuth", &mut s));
        assert!(hit("x-api-key", &mut s));
        assert!(hit("apiKey", &mut s));
        assert!(hit("APIKey", &mut s));
        assert!(hit("API_KEY", &mut s));
        assert!(hit("accessToken", &mut s));
        assert!(hit("X-Auth-Token", &mut s));
        assert!(!hit("tokens", &mut s));
        assert!(!hit("max_tokens", &mut s));
        assert!(!hit("token_type", &mut s));
        assert!(!hit("tokenCount", &mut s));
        assert!(!hit("token_count", &mut s));
        assert!(hit("sessionId", &mut s));
        assert!(hit("SESSION_ID", &mut s));
        assert!(!hit("password_changed_at", &mut s));
        assert!(hit("password_confirmation", &mut s));
        assert!(hit("newPassword", &mut s));
        assert!(!hit("", &mut s));
        assert!(!hit("---", &mut s));
        assert!(!hit("ключ", &mut s));
    }

    #[test]
    fn run_together_and_whole_key_rules() {
        let m = matcher(&[
            "password",
            "passwd",
            "secret",
            "token",
            "auth",
            "authorization",
            "cookie",
            "sid",
            "connectsid",
        ]);
        let mut s = KeyScratch::default();
        let hit = |k: &str, s: &mut KeyScratch| m.check(k, s).is_some();
        for k in [
            "PGPASSWORD",
            "dbpassword",
            "MYSQL_ROOTPASSWORD",
            "authtoken",
            "appsecret",
            "auth_header",
            "authorization_header",
            "cookie_header",
            "sid",
            "_sid",
            "SID",
            "connect.sid",
        ] {
            assert!(hit(k, &mut s), "{k}");
        }
        for k in [
            "tokens",
            "tokenizer",
            "secretary",
            "passwords_count",
            "authtoken_type",
            "sidebar",
            "considered",
            "account_sid",
            "sid_type",
            "author",
        ] {
            assert!(!hit(k, &mut s), "{k}");
        }
        // A removed rule takes its run-together spellings with it.
        let m = matcher(&["token"]);
        assert!(m.check("authtoken", &mut s).is_some());
        let m = matcher(&["secret"]);
        assert!(m.check("authtoken", &mut s).is_none());
    }

    #[test]
    fn partial_words() {
        for n in 0..=8u8 {
            let b: Vec<u8> = (1..=n).collect();
            let mut w = [0u8; 8];
            w[..usize::from(n)].copy_from_slice(&b);
            assert_eq!(partial_word(&b), u64::from_le_bytes(w), "{n}");
        }
    }

    #[test]
    fn cache_agrees() {
        let m = matcher(&["token", "password"]);
        let mut s = KeyScratch::default();
        let mut c = KeyCache::default();
        for _ in 0..3 {
            for k in [
                "token",
                "token_type",
                "author",
                "newPassword",
                "x",
                "",
                &"k".repeat(40),
                &"token_".repeat(7),
                &"k".repeat(100),
            ] {
                assert_eq!(m.check_cached(k, &mut s, &mut c), m.check(k, &mut s), "{k}");
            }
        }
    }

    #[test]
    fn huge_keys_are_bounded() {
        let m = matcher(&["token"]);
        let mut s = KeyScratch::default();
        let key = "a_".repeat(1_000_000) + "token";
        // Judged on the first MAX_KEY_BYTES bytes only: bounded work, no panic.
        assert!(m.check(&key, &mut s).is_none());
        let key = "token_".to_owned() + &"x".repeat(1_000_000);
        assert!(m.check(&key, &mut s).is_some());
    }
}
