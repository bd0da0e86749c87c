//! Webhook signature verification and signing, for every scheme in [`Scheme`].
//!
//! A [`Webhook`] is built once from the receiver's secret(s) — several while rotating — and
//! a scheme chosen by the receiver ([`WebhookOptions::scheme`], Stripe's by default), then
//! verifies any number of deliveries. Each secret is decoded and its HMAC state keyed once,
//! at construction.
//!
//! ## Threat model
//! Headers and body come from the network. Verification is bounded: each header is capped
//! in length ([`WebhookOptions::max_header_bytes`]), at most [`MAX_SIGNATURE_ENTRIES`]
//! signature entries are examined and at most [`MAX_SIGNATURES`] signatures kept, and nothing
//! is allocated in proportion to attacker input (the Ed25519 path copies the signed content
//! once). MACs are compared in constant time. The signature is checked before the timestamp,
//! so an unauthenticated request learns nothing about the tolerance. Secrets never appear in
//! errors or `Debug` output.
//!
//! The payload is always the raw body, as bytes: it is hashed exactly as received and never
//! decoded as text first.
//!
//! ## Headers
//! [`Webhook::verify`] takes the signature header's value alone (enough for single-header
//! schemes); [`Webhook::verify_headers`], [`Webhook::verify_with`],
//! [`Webhook::verify_occurrences`] and [`Webhook::verify_values`] take all of a request's
//! headers. All of them read headers by one rule, stated with its case table in
//! [`headers`]: every occurrence of a needed header is joined with `, ` as HTTP does, the
//! joined value is capped at [`WebhookOptions::max_header_bytes`], so a repeated signature
//! header is refused rather than one copy picked.
//!
//! ## Events
//! [`Webhook::verify_event_with`] verifies, then parses the body as JSON under the validator's
//! limits and names the event (the provider's event name and delivery id, per scheme): see
//! the table in [`event`]; bindings call [`Webhook::read_event`] after
//! their `verify`.
//!
//! ## Replays
//! Every [`Verified`] carries a [`ReplayKey`]; pass it to a [`ReplayStore`] such as
//! [`ReplayGuard`] to refuse deliveries seen before (see [`replay`] for the key, the window
//! and external stores).

pub mod ed25519;
pub mod event;
mod external_mac;
pub mod headers;
mod keyed_header;
pub mod replay;
mod scheme;
mod secrets;
mod signatures;

pub use event::{Event, EventNames};
pub use external_mac::PendingMac;
pub use headers::Headers;
pub use replay::{
    DEFAULT_REPLAY_MAX_ENTRIES, MAX_REPLAY_MAX_ENTRIES, REPLAY_DIGEST_LEN, ReplayGuard, ReplayKey,
    ReplayStore,
};
pub use scheme::{MIN_ISSUED_SECRET_BYTES, Scheme};
pub use secrets::SecretFormat;

use crate::error::Error;
use scheme::{HeaderSet, Part, SignatureFormat};
use secrets::Key;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use subtle::{Choice, ConstantTimeEq};

/// The most secrets one [`Webhook`] holds (rotation needs two or three).
pub const MAX_SECRETS: usize = 16;
/// The most signatures one header may carry (all kinds together); a sender rotating
/// secrets sends a few.
pub const MAX_SIGNATURES: usize = 8;
/// The most entries of a signature list examined (Standard Webhooks: entries of unknown
/// versions count too); longer lists are refused.
pub const MAX_SIGNATURE_ENTRIES: usize = 64;
/// Default tolerance between the delivery's timestamp and now, in seconds.
pub const DEFAULT_TOLERANCE_SECONDS: i64 = 300;
/// Default time a replay store remembers a delivery of a scheme that signs no timestamp
/// (`github`, `shopify`), in seconds: 7 days, longer than providers keep retrying or
/// redelivering (GitHub redelivers on request up to 3 days back).
pub const DEFAULT_REPLAY_RETENTION_SECONDS: i64 = 7 * 24 * 60 * 60;
/// Default cap on each header's length, in bytes.
pub const DEFAULT_MAX_HEADER_BYTES: usize = 8 * 1024;
/// Longest decimal timestamp accepted; `i64::MAX` has 19 digits.
const MAX_TIMESTAMP_DIGITS: usize = 19;
/// The most pieces a scheme's signed content has.
const MAX_CONTENT_PARTS: usize = 8;

/// Options of a [`Webhook`], with safe defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookOptions {
    /// The signing scheme. Chosen by the receiver, never guessed from a request.
    pub scheme: Scheme,
    /// Accepted distance between the signed timestamp and now, in both directions, in
    /// seconds. Must be positive: there is no way to switch the check off. Schemes without
    /// a timestamp (`github`, `shopify`) do not use it.
    pub tolerance_seconds: i64,
    /// How long a replay store remembers a delivery of a scheme that signs no timestamp
    /// (`github`, `shopify`), in seconds from acceptance; positive. Nothing else bounds a
    /// replay of those schemes: after the retention, a captured delivery verifies again.
    /// Timestamped schemes ignore it (their entries live until the timestamp leaves the
    /// tolerance, after which the timestamp check refuses a replay).
    pub replay_retention_seconds: i64,
    /// Any header longer than this is refused before any parsing.
    pub max_header_bytes: usize,
    /// How the secrets are written (matters for `standard` only).
    pub secret_format: SecretFormat,
}

impl Default for WebhookOptions {
    fn default() -> Self {
        WebhookOptions {
            scheme: Scheme::Stripe,
            tolerance_seconds: DEFAULT_TOLERANCE_SECONDS,
            replay_retention_seconds: DEFAULT_REPLAY_RETENTION_SECONDS,
            max_header_bytes: DEFAULT_MAX_HEADER_BYTES,
            secret_format: SecretFormat::Provider,
        }
    }
}

/// A delivery that verified.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verified {
    /// The signed timestamp, in Unix seconds; `0` for schemes that sign none (`github`,
    /// `shopify`). [`Verified::signed_timestamp`] tells the two apart.
    pub timestamp: i64,
    /// Index (into the secrets given at construction) of the secret that matched. When it is
    /// never the old secret's index any more, the old secret can be revoked.
    pub secret_index: usize,
    /// The signed delivery id (`standard`: `webhook-id`); `None` for schemes without one.
    /// Unsigned ids some providers send (`x-github-delivery`) are not reported: an attacker
    /// could change them freely.
    pub id: Option<String>,
    /// The scheme the delivery verified under.
    pub scheme: Scheme,
    /// What [`Verified::replay_key`] is derived from: hashed only when a replay check asks.
    replay_source: ReplaySource,
    /// Unix time (exclusive) until which a replay store must remember
    /// [`Verified::replay_key`]; after it, the timestamp check alone refuses a replay.
    pub replay_expires_at: i64,
}

/// The ingredients of a delivery's replay key, kept so that deliveries verified without a
/// replay check cost no extra hash.
#[derive(Clone, PartialEq, Eq)]
enum ReplaySource {
    /// The signed id ([`Verified::id`]), bound to the endpoint (see [`endpoint_binding`]).
    Id([u8; 32]),
    /// The MAC under the first secret (the same whichever signature or secret matched).
    Mac([u8; 32]),
    /// Already hashed (when the ingredients would have to be recomputed from the payload).
    Digest([u8; REPLAY_DIGEST_LEN]),
}

impl core::fmt::Debug for ReplaySource {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            ReplaySource::Id(_) => "Id(..)",
            ReplaySource::Mac(_) => "Mac(..)",
            ReplaySource::Digest(_) => "Digest(..)",
        })
    }
}

impl Verified {
    /// The delivery's identity for replay detection: a digest of the signed id bound to the
    /// endpoint's first secret (or public key), or of the MAC under the first secret for
    /// schemes without an id (computed on each call).
    pub fn replay_key(&self) -> ReplayKey {
        let digest = match &self.replay_source {
            ReplaySource::Id(binding) => {
                let id = self.id.as_deref().unwrap_or_default();
                replay_digest(self.scheme, b"id", &[binding, id.as_bytes()])
            }
            ReplaySource::Mac(tag) => replay_digest(self.scheme, b"mac", &[tag]),
            ReplaySource::Digest(digest) => *digest,
        };
        ReplayKey::new(self.scheme, digest)
    }

    /// The signed timestamp, or `None` for schemes that sign none.
    pub fn signed_timestamp(&self) -> Option<i64> {
        self.scheme.has_timestamp().then_some(self.timestamp)
    }

    /// Seconds (at least 1) a replay store must remember this delivery from `now`.
    pub fn replay_ttl_seconds(&self, now: i64) -> u64 {
        let ttl = i128::from(self.replay_expires_at) - i128::from(now);
        u64::try_from(ttl.max(1)).unwrap_or(u64::MAX)
    }

    /// The `WEBHOOK_REPLAYED` error for this delivery (bindings raise it when an external store
    /// reports the key as seen).
    pub fn replay_error(&self) -> Error {
        Error::Replayed {
            by: if self.id.is_some() { "id" } else { "signature" },
        }
    }

    /// Asks `store` whether this delivery was seen before, recording it if not; `WEBHOOK_REPLAYED`
    /// if it was, and the store's error (`WEBHOOK_REPLAY_GUARD_FULL`) if it could not record it.
    pub fn check_replay<S: ReplayStore + ?Sized>(
        &self,
        store: &mut S,
        now: i64,
    ) -> Result<(), Error> {
        if store.seen(&self.replay_key(), self.replay_ttl_seconds(now), now)? {
            return Err(self.replay_error());
        }
        Ok(())
    }
}

/// A webhook receiver (and sender) for one endpoint.
#[derive(Clone)]
pub struct Webhook {
    keys: Vec<Key>,
    options: WebhookOptions,
    /// What binds replay keys of signed ids to this endpoint (see [`endpoint_binding`]).
    replay_binding: [u8; 32],
}

impl core::fmt::Debug for Webhook {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Webhook")
            .field("secrets", &format_args!("<{} redacted>", self.keys.len()))
            .field("options", &self.options)
            .finish()
    }
}

fn malformed(reason: String) -> Error {
    Error::MalformedHeader { reason }
}

/// Internal inconsistency of a scheme description; unreachable (unit tests check every
/// descriptor), reported instead of panicking.
fn scheme_incomplete() -> Error {
    Error::InvalidOptions {
        reason: "the scheme's description is incomplete (a bug in edgeward: please report it)"
            .to_owned(),
    }
}

/// Parses a timestamp written as canonical decimal Unix seconds. `field` names it in errors.
fn parse_unix_seconds(text: &str, field: &str) -> Result<i64, Error> {
    let canonical = !text.is_empty()
        && text.len() <= MAX_TIMESTAMP_DIGITS
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    if !canonical {
        // Canonical digits only: the signed content uses the text as sent, and senders
        // sign the integer's plain decimal form, so any other spelling is refused.
        return Err(malformed(format!(
            "`{field}` must be a non-negative whole number of Unix seconds, in plain decimal \
             digits"
        )));
    }
    text.parse::<i64>()
        .map_err(|_| malformed(format!("`{field}` is out of range for Unix seconds")))
}

/// Reads a header's occurrences through `lookup` and applies the header rule
/// ([`headers`]): `None` when absent or blank, refused when the joined value is over `max`
/// bytes.
fn read_header<'h, I>(
    lookup: &mut impl FnMut(&'static str) -> I,
    name: &'static str,
    max: usize,
) -> Result<Option<Cow<'h, str>>, Error>
where
    I: IntoIterator<Item = &'h str>,
{
    headers::field_value(name, lookup(name), max)
}

fn required_header<'h, I>(
    lookup: &mut impl FnMut(&'static str) -> I,
    name: &'static str,
    max: usize,
) -> Result<Cow<'h, str>, Error>
where
    I: IntoIterator<Item = &'h str>,
{
    read_header(lookup, name, max)?.ok_or(Error::MissingHeader { header: name })
}

/// The signed content, as the list of its pieces.
struct Content<'a> {
    parts: [&'a [u8]; MAX_CONTENT_PARTS],
    count: usize,
}

impl<'a> Content<'a> {
    fn build(
        pieces: &[Part],
        id: Option<&'a str>,
        timestamp: Option<&'a str>,
        payload: &'a [u8],
    ) -> Result<Self, Error> {
        let mut content = Content {
            parts: [&[]; MAX_CONTENT_PARTS],
            count: 0,
        };
        for piece in pieces {
            let bytes: &[u8] = match piece {
                Part::Literal(bytes) => bytes,
                Part::Id => id.ok_or_else(scheme_incomplete)?.as_bytes(),
                Part::Timestamp => timestamp.ok_or_else(scheme_incomplete)?.as_bytes(),
                Part::Payload => payload,
            };
            let slot = content
                .parts
                .get_mut(content.count)
                .ok_or_else(scheme_incomplete)?;
            *slot = bytes;
            content.count += 1;
        }
        Ok(content)
    }

    fn parts(&self) -> &[&'a [u8]] {
        self.parts.get(..self.count).unwrap_or(&[])
    }
}

/// A request's headers as the header rule reads them (see [`headers`]).
struct RequestHeaders<'h> {
    signature: Cow<'h, str>,
    id: Option<Cow<'h, str>>,
    /// The timestamp header's name and value.
    timestamp: Option<(&'static str, Cow<'h, str>)>,
}

/// A request's headers, read and checked: what the MACs are computed over, with the
/// signatures to compare them with.
struct SignedRequest<'h> {
    id: Option<&'h str>,
    /// The timestamp exactly as sent, and its value.
    timestamp: Option<(&'h str, i64)>,
    signatures: signatures::Signatures<'h>,
}

/// A value that differs between endpoints, so that two endpoints sharing a replay store do
/// not refuse each other's deliveries of the same message id: the HMAC of a fixed label
/// under the first secret (which reveals nothing of the secret, and which no delivery's
/// signed content can equal: it holds no `.`), or the first Ed25519 public key.
fn endpoint_binding(first: &Key) -> [u8; 32] {
    match first {
        Key::Hmac(key) => key.tag(&[b"edgeward replay endpoint v1"]),
        Key::Ed25519Public(public) | Key::Ed25519Secret { public, .. } => public.to_bytes(),
    }
}

/// Domain-separated SHA-256 of `data`, truncated to the replay digest length.
fn replay_digest(scheme: Scheme, kind: &[u8], data: &[&[u8]]) -> [u8; REPLAY_DIGEST_LEN] {
    let mut hash = Sha256::new();
    hash.update(b"edgeward replay v1\0");
    hash.update(scheme.as_str().as_bytes());
    hash.update(b"\0");
    hash.update(kind);
    hash.update(b"\0");
    for piece in data {
        hash.update(piece);
    }
    let full: [u8; 32] = hash.finalize().into();
    let mut digest = [0u8; REPLAY_DIGEST_LEN];
    for (out, byte) in digest.iter_mut().zip(full) {
        *out = byte;
    }
    digest
}

impl Webhook {
    /// Builds a verifier from one or more secrets, newest first.
    ///
    /// For `stripe`, `github`, `slack` and `shopify` each secret is used as the exact bytes
    /// given (the UTF-8 bytes of the string as the provider shows it, `whsec_` prefix
    /// included for Stripe). For `standard`, see [`SecretFormat::Provider`]; the secrets may
    /// mix HMAC (`whsec_`) and Ed25519 (`whpk_`, `whsk_`) keys while migrating.
    pub fn new<S: AsRef<[u8]>>(secrets: &[S], options: WebhookOptions) -> Result<Self, Error> {
        if secrets.is_empty() {
            return Err(Error::InvalidSecret {
                reason: "no secret given: pass the endpoint's signing secret".to_owned(),
            });
        }
        if secrets.len() > MAX_SECRETS {
            return Err(Error::InvalidSecret {
                reason: format!(
                    "{} secrets given, at most {MAX_SECRETS} are accepted: keep only the \
                     current and the previous secret",
                    secrets.len()
                ),
            });
        }
        if let Some(index) = secrets.iter().position(|s| s.as_ref().is_empty()) {
            return Err(Error::InvalidSecret {
                reason: format!("secret at index {index} is empty"),
            });
        }
        if options.tolerance_seconds <= 0 {
            return Err(Error::InvalidOptions {
                reason: format!(
                    "tolerance must be a positive number of seconds, got {}; the timestamp \
                     check cannot be switched off",
                    options.tolerance_seconds
                ),
            });
        }
        if options.max_header_bytes == 0 {
            return Err(Error::InvalidOptions {
                reason: "max_header_bytes must be positive".to_owned(),
            });
        }
        if options.replay_retention_seconds <= 0 {
            return Err(Error::InvalidOptions {
                reason: format!(
                    "the replay retention must be a positive number of seconds, got {}",
                    options.replay_retention_seconds
                ),
            });
        }
        let keys = secrets
            .iter()
            .enumerate()
            .map(|(index, s)| {
                secrets::decode(s.as_ref(), options.scheme, options.secret_format, index)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let replay_binding = match keys.first() {
            Some(first) => endpoint_binding(first),
            None => return Err(scheme_incomplete()),
        };
        Ok(Webhook {
            keys,
            options,
            replay_binding,
        })
    }

    /// The options this verifier was built with.
    pub fn options(&self) -> &WebhookOptions {
        &self.options
    }

    /// The scheme this verifier checks.
    pub fn scheme(&self) -> Scheme {
        self.options.scheme
    }

    /// Verifies a delivery given only its signature header: `payload` is the raw request
    /// body, `header` the value of [`Scheme::signature_header`] (`None` when the request had
    /// none), `now` the current Unix time in seconds. The value is read by the header rule
    /// ([`headers`]): trimmed, capped at [`WebhookOptions::max_header_bytes`], blank = absent.
    ///
    /// Enough for single-header schemes (`stripe`, `github`, `shopify`); the others report
    /// their other headers as missing: use [`Webhook::verify_headers`] for them.
    ///
    /// ```
    /// use edgeward_core::webhook::{Webhook, WebhookOptions};
    /// let wh = Webhook::new(&["whsec_test_secret_0123456789"], WebhookOptions::default())?;
    /// let header = wh.sign(b"{}", 1_700_000_000)?;
    /// assert_eq!(wh.verify(b"{}", Some(&header), 1_700_000_000)?.timestamp, 1_700_000_000);
    /// # Ok::<(), edgeward_core::Error>(())
    /// ```
    pub fn verify(
        &self,
        payload: &[u8],
        header: Option<&str>,
        now: i64,
    ) -> Result<Verified, Error> {
        let signature_header = self.options.scheme.signature_header();
        self.verify_with(
            payload,
            |name| {
                if name == signature_header {
                    header
                } else {
                    None
                }
            },
            now,
        )
    }

    /// Verifies a delivery given the request's headers: every occurrence of each needed
    /// header (names compared case-insensitively) is joined by the header rule (see
    /// [`Headers`]), so a repeated signature header is refused, not one copy picked.
    ///
    /// ```
    /// use edgeward_core::webhook::{Scheme, Webhook, WebhookOptions};
    /// let options = WebhookOptions { scheme: Scheme::Github, ..WebhookOptions::default() };
    /// let wh = Webhook::new(&["It's a Secret to Everybody"], options)?;
    /// let signature = wh.sign(b"Hello, World!", 0)?;
    /// let headers = [("X-Hub-Signature-256", signature.as_str())];
    /// assert!(wh.verify_headers(b"Hello, World!", &headers, 0).is_ok());
    /// let twice = [headers[0], headers[0]];
    /// let refused = wh.verify_headers(b"Hello, World!", &twice, 0).unwrap_err();
    /// assert_eq!(refused.code().as_str(), "WEBHOOK_MALFORMED_HEADER");
    /// # Ok::<(), edgeward_core::Error>(())
    /// ```
    pub fn verify_headers<H: Headers + ?Sized>(
        &self,
        payload: &[u8],
        headers: &H,
        now: i64,
    ) -> Result<Verified, Error> {
        self.verify_with(payload, |name| headers.header_values(name), now)
    }

    /// Verifies a delivery given one value (or `None`) for each of [`Scheme::header_names`],
    /// in that order: each value is one occurrence under the header rule (see [`headers`]).
    /// Use [`Webhook::verify_occurrences`] when a header may have been received more than
    /// once.
    pub fn verify_values(
        &self,
        payload: &[u8],
        values: &[Option<&str>],
        now: i64,
    ) -> Result<Verified, Error> {
        let names = self.header_names_for(values.len())?;
        self.verify_with(
            payload,
            |name| {
                let index = names.iter().position(|n| *n == name)?;
                values.get(index).copied().flatten()
            },
            now,
        )
    }

    /// Verifies a delivery given, for each of [`Scheme::header_names`] in that order, every
    /// value received under that name (any case), in the order received: `occurrences[i]`
    /// holds the values of `header_names()[i]`, empty when the request lacks it. This is what
    /// bindings call: they hand over what they found and the core applies the header rule
    /// (see [`headers`]): joining with `, `, the length cap, blank = absent.
    ///
    /// ```
    /// use edgeward_core::webhook::{Scheme, Webhook, WebhookOptions};
    /// let wh = Webhook::new(&["whsec_test_secret_0123456789"], WebhookOptions::default())?;
    /// assert_eq!(Scheme::Stripe.header_names(), ["stripe-signature"]);
    /// let header = wh.sign(b"{}", 1_700_000_000)?;
    /// assert!(wh.verify_occurrences(b"{}", &[&[header.as_str()]], 1_700_000_000).is_ok());
    /// let twice: &[&str] = &[&header, &header];
    /// assert!(wh.verify_occurrences(b"{}", &[twice], 1_700_000_000).is_err());
    /// # Ok::<(), edgeward_core::Error>(())
    /// ```
    pub fn verify_occurrences(
        &self,
        payload: &[u8],
        occurrences: &[&[&str]],
        now: i64,
    ) -> Result<Verified, Error> {
        let names = self.header_names_for(occurrences.len())?;
        self.verify_with(payload, occurrence_lookup(names, occurrences), now)
    }

    /// The scheme's header names, checked against the number of values a caller passed.
    fn header_names_for(&self, given: usize) -> Result<&'static [&'static str], Error> {
        let names = self.options.scheme.header_names();
        if given != names.len() {
            return Err(Error::InvalidOptions {
                reason: format!(
                    "{given} header values given, the {} scheme reads {}: pass one per name of \
                     Scheme::header_names(), in order",
                    self.options.scheme,
                    names.len()
                ),
            });
        }
        Ok(names)
    }

    /// Verifies a delivery, reading headers through `lookup`, which is called with
    /// lowercase header names and returns every value received under that name (compared
    /// case-insensitively), in order: an `Option<&str>` for at most one, an iterator or a
    /// slice iterator for several. The values are joined by the header rule (see
    /// [`headers`]); a lookup that returns only the first occurrence (such as
    /// `http::HeaderMap::get`) lets a repeated signature header through unseen: return
    /// `get_all(name)` instead, mapping values that are not text to a placeholder such as
    /// `"\u{fffd}"` rather than dropping them.
    ///
    /// Checks, in order: headers present and within limits, signatures well-formed, a
    /// signature matching a secret, then the timestamp within tolerance.
    pub fn verify_with<'h, F, I>(
        &self,
        payload: &[u8],
        mut lookup: F,
        now: i64,
    ) -> Result<Verified, Error>
    where
        F: FnMut(&'static str) -> I,
        I: IntoIterator<Item = &'h str>,
    {
        let request = self.read_headers(&mut lookup)?;
        let SignedRequest {
            id,
            timestamp,
            signatures,
        } = self.parse_request(&request)?;
        let content = Content::build(
            self.options.scheme.descriptor().content,
            id,
            timestamp.map(|(text, _)| text),
            payload,
        )?;
        let parts = content.parts();

        let mut first_tag: Option<[u8; 32]> = None;
        let mut message: Option<Vec<u8>> = None;
        let mut matched: Option<usize> = None;
        for (index, key) in self.keys.iter().enumerate() {
            let public = match key {
                Key::Hmac(key) => {
                    if signatures.hmac().is_empty() {
                        continue;
                    }
                    let expected = key.tag(parts);
                    if index == 0 {
                        first_tag = Some(expected);
                    }
                    let mut any = Choice::from(0);
                    for signature in signatures.hmac() {
                        any |= expected.ct_eq(signature);
                    }
                    if bool::from(any) {
                        matched = Some(index);
                        break;
                    }
                    continue;
                }
                Key::Ed25519Public(public) => public,
                Key::Ed25519Secret { public, .. } => public,
            };
            if signatures.ed25519().is_empty() {
                continue;
            }
            let message = message.get_or_insert_with(|| parts.concat());
            if signatures
                .ed25519()
                .iter()
                .any(|signature| public.verify(message, signature))
            {
                matched = Some(index);
                break;
            }
        }
        let Some(secret_index) = matched else {
            return Err(Error::SignatureMismatch {
                secrets: self.keys.len(),
                signatures: signatures.count(),
            });
        };
        self.accept(
            id,
            timestamp.map(|(_, value)| value),
            secret_index,
            now,
            || match (id, self.keys.first()) {
                (Some(_), _) => ReplaySource::Id(self.replay_binding),
                (None, Some(Key::Hmac(first))) => {
                    ReplaySource::Mac(first_tag.unwrap_or_else(|| first.tag(parts)))
                }
                (None, _) => {
                    ReplaySource::Digest(replay_digest(self.options.scheme, b"content", parts))
                }
            },
        )
    }

    /// Reads a request's headers through `lookup` (see [`Webhook::verify_with`]) under the
    /// header rule: the signature header of the first header set present, then the id and
    /// timestamp headers that set requires, each within the length limit. Values are
    /// borrowed when a header occurred once, owned when occurrences were joined.
    fn read_headers<'h, F, I>(&self, lookup: &mut F) -> Result<RequestHeaders<'h>, Error>
    where
        F: FnMut(&'static str) -> I,
        I: IntoIterator<Item = &'h str>,
    {
        let scheme = self.options.scheme;
        let max = self.options.max_header_bytes;
        // The first header set whose signature header is present: `webhook-*` before `svix-*`.
        let mut chosen: Option<(&'static HeaderSet, Cow<'h, str>)> = None;
        for set in scheme.descriptor().header_sets {
            if let Some(value) = read_header(lookup, set.signature, max)? {
                chosen = Some((set, value));
                break;
            }
        }
        let Some((set, signature)) = chosen else {
            return Err(Error::MissingHeader {
                header: scheme.signature_header(),
            });
        };
        let id = match set.id {
            Some(name) => Some(required_header(lookup, name, max)?),
            None => None,
        };
        let timestamp = match set.timestamp {
            Some(name) => Some((name, required_header(lookup, name, max)?)),
            None => None,
        };
        Ok(RequestHeaders {
            signature,
            id,
            timestamp,
        })
    }

    /// Parses what [`Webhook::read_headers`] read: signatures well-formed, the timestamp
    /// canonical. Everything before any MAC is computed.
    fn parse_request<'r>(
        &self,
        request: &'r RequestHeaders<'_>,
    ) -> Result<SignedRequest<'r>, Error> {
        let max = self.options.max_header_bytes;
        let descriptor = self.options.scheme.descriptor();
        let signatures = signatures::parse(&descriptor.signature, &request.signature, max)?;
        let timestamp = match &request.timestamp {
            Some((name, text)) => Some((text.as_ref(), parse_unix_seconds(text, name)?)),
            None => signatures.timestamp,
        };
        Ok(SignedRequest {
            id: request.id.as_deref(),
            timestamp,
            signatures,
        })
    }

    /// The verdict once a signature matched the secret at `secret_index`: the timestamp
    /// within tolerance, then the delivery with its replay key's ingredients (`replay_source`,
    /// called only on success).
    fn accept(
        &self,
        id: Option<&str>,
        timestamp: Option<i64>,
        secret_index: usize,
        now: i64,
        replay_source: impl FnOnce() -> ReplaySource,
    ) -> Result<Verified, Error> {
        let tolerance = self.options.tolerance_seconds;
        if let Some(value) = timestamp {
            check_timestamp(value, now, tolerance)?;
        }
        let replay_expires_at = match timestamp {
            Some(value) => value.saturating_add(tolerance).saturating_add(1),
            // Nothing signed bounds a replay: remember it for the retention.
            None => now.saturating_add(self.options.replay_retention_seconds),
        };
        Ok(Verified {
            timestamp: timestamp.unwrap_or(0),
            secret_index,
            id: id.map(str::to_owned),
            scheme: self.options.scheme,
            replay_source: replay_source(),
            replay_expires_at,
        })
    }

    /// Signs `payload` with the first (newest) secret at `timestamp` (Unix seconds) and
    /// returns the signature header's value; for Stripe, `t=<timestamp>,v1=<hex>`.
    ///
    /// For schemes with more headers, use [`Webhook::sign_headers`] (`standard` needs an
    /// id, so it always does).
    pub fn sign(&self, payload: &[u8], timestamp: i64) -> Result<String, Error> {
        let signature_header = self.options.scheme.signature_header();
        self.sign_headers(payload, timestamp, None)?
            .into_iter()
            .find(|(name, _)| *name == signature_header)
            .map(|(_, value)| value)
            .ok_or_else(scheme_incomplete)
    }

    /// Signs `payload` with the first (newest) secret and returns every header a sender
    /// sets, as (lowercase name, value) pairs: the id first, then the timestamp, then the
    /// signature, each where the scheme has it.
    ///
    /// `timestamp` is Unix seconds (ignored by schemes without one, but still checked).
    /// `id` is required by `standard` (visible ASCII, no `.`, within the header limit, e.g.
    /// `msg_…`) and ignored by the others. A `standard` first secret that is a public key
    /// (`whpk_`) cannot sign.
    pub fn sign_headers(
        &self,
        payload: &[u8],
        timestamp: i64,
        id: Option<&str>,
    ) -> Result<Vec<(&'static str, String)>, Error> {
        if timestamp < 0 {
            return Err(Error::InvalidOptions {
                reason: format!("timestamp must be non-negative Unix seconds, got {timestamp}"),
            });
        }
        let scheme = self.options.scheme;
        let descriptor = scheme.descriptor();
        let set = descriptor
            .header_sets
            .first()
            .ok_or_else(scheme_incomplete)?;
        let id = match set.id {
            Some(_) => Some(self.checked_id(id)?),
            None => None,
        };
        let Some(key) = self.keys.first() else {
            return Err(Error::InvalidSecret {
                reason: "no secret to sign with".to_owned(),
            });
        };
        let timestamp_text = timestamp.to_string();
        let content = Content::build(descriptor.content, id, Some(&timestamp_text), payload)?;
        let parts = content.parts();
        let signature = match (&descriptor.signature, key) {
            (_, Key::Ed25519Public(_)) => {
                return Err(Error::InvalidSecret {
                    reason: "the first secret is an Ed25519 public key (`whpk_`), which can \
                             only verify: put the secret key (`whsk_`) first to sign"
                        .to_owned(),
                });
            }
            (SignatureFormat::Keyed(format), Key::Hmac(key)) => {
                keyed_header::format_keyed(format, &timestamp_text, &key.tag(parts))
            }
            (SignatureFormat::Versioned, Key::Hmac(key)) => format!(
                "v1,{}",
                signatures::encode(scheme::Encoding::Base64, &key.tag(parts))
            ),
            (SignatureFormat::Versioned, Key::Ed25519Secret { signing, .. }) => {
                use ed25519_dalek::Signer;
                let signature = signing.sign(&parts.concat());
                format!(
                    "v1a,{}",
                    signatures::encode(scheme::Encoding::Base64, &signature.to_bytes())
                )
            }
            (SignatureFormat::Single { prefix, encoding }, Key::Hmac(key)) => {
                format!("{prefix}{}", signatures::encode(*encoding, &key.tag(parts)))
            }
            (_, Key::Ed25519Secret { .. }) => return Err(scheme_incomplete()),
        };
        let mut headers = Vec::with_capacity(3);
        if let (Some(name), Some(id)) = (set.id, id) {
            headers.push((name, id.to_owned()));
        }
        if let Some(name) = set.timestamp {
            headers.push((name, timestamp_text));
        }
        headers.push((set.signature, signature));
        Ok(headers)
    }

    fn checked_id<'i>(&self, id: Option<&'i str>) -> Result<&'i str, Error> {
        let scheme = self.options.scheme;
        let Some(id) = id else {
            return Err(Error::InvalidOptions {
                reason: format!(
                    "the {scheme} scheme signs a delivery id: pass one (for example `msg_` \
                     followed by a random string), the same for every retry of an event"
                ),
            });
        };
        let printable = id.bytes().all(|b| b.is_ascii_graphic() && b != b'.');
        if id.is_empty() || id.len() > self.options.max_header_bytes || !printable {
            return Err(Error::InvalidOptions {
                reason: format!(
                    "the delivery id must be 1 to {} visible ASCII characters without `.` \
                     (the signed content separates fields with `.`)",
                    self.options.max_header_bytes
                ),
            });
        }
        Ok(id)
    }
}

/// Checks `timestamp` against `now` in both directions. Arithmetic is widened so that no
/// pair of `i64` values can overflow.
fn check_timestamp(timestamp: i64, now: i64, tolerance: i64) -> Result<(), Error> {
    let age = i128::from(now) - i128::from(timestamp);
    let tolerance_wide = i128::from(tolerance);
    let saturate = |v: i128| u64::try_from(v).unwrap_or(u64::MAX);
    let tolerance_seconds = saturate(tolerance_wide);
    if age > tolerance_wide {
        return Err(Error::TimestampTooOld {
            age_seconds: saturate(age),
            tolerance_seconds,
        });
    }
    if -age > tolerance_wide {
        return Err(Error::TimestampTooNew {
            ahead_seconds: saturate(-age),
            tolerance_seconds,
        });
    }
    Ok(())
}

/// Converts a caller's clock reading (seconds, possibly fractional) to whole Unix seconds.
/// Bindings whose languages have only floating-point numbers use this.
pub fn unix_seconds_from_f64(seconds: f64) -> Result<i64, Error> {
    // i64::MAX as f64 rounds up to 2^63, so the upper comparison must be strict.
    if !seconds.is_finite()
        || !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&seconds)
    {
        return Err(Error::invalid_now());
    }
    #[allow(clippy::cast_possible_truncation)]
    Ok(seconds.floor() as i64)
}

/// Converts a tolerance given as a floating-point number of seconds (languages with only
/// floating-point numbers) into whole seconds; fractions and non-finite values are refused.
pub fn tolerance_from_f64(seconds: f64) -> Result<i64, Error> {
    whole_seconds_from_f64(seconds, "tolerance")
}

/// Converts a replay retention given as a floating-point number of seconds into whole
/// seconds, as [`tolerance_from_f64`] does.
pub fn retention_from_f64(seconds: f64) -> Result<i64, Error> {
    whole_seconds_from_f64(seconds, "replay retention")
}

fn whole_seconds_from_f64(seconds: f64, what: &str) -> Result<i64, Error> {
    if seconds.fract() != 0.0 {
        return Err(Error::InvalidOptions {
            reason: format!("the {what} must be a whole number of seconds, got {seconds}"),
        });
    }
    unix_seconds_from_f64(seconds).map_err(|_| Error::InvalidOptions {
        reason: format!("the {what} must be a finite number of seconds"),
    })
}

/// A header lookup over `occurrences[i]`, the values received for `names[i]` (the binding
/// calls' shape: [`Webhook::verify_occurrences`], [`Webhook::read_event`]).
pub(crate) fn occurrence_lookup<'a>(
    names: &'a [&'static str],
    occurrences: &'a [&'a [&'a str]],
) -> impl FnMut(&'static str) -> std::iter::Copied<std::slice::Iter<'a, &'a str>> + 'a {
    move |name| {
        let found: &[&str] = names
            .iter()
            .position(|n| *n == name)
            .and_then(|i| occurrences.get(i))
            .copied()
            .unwrap_or(&[]);
        found.iter().copied()
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test_secret_0123456789";

    fn webhook() -> Webhook {
        Webhook::new(&[SECRET], WebhookOptions::default()).unwrap()
    }

    #[test]
    fn sign_then_verify() {
        let wh = webhook();
        let header = wh.sign(b"{\"id\":1}", 1_700_000_000).unwrap();
        let verified = wh
            .verify(b"{\"id\":1}", Some(&header), 1_700_000_000)
            .unwrap();
        assert_eq!(
            (verified.timestamp, verified.secret_index, verified.id),
            (1_700_000_000, 0, None)
        );
    }

    #[test]
    fn tolerance_edges() {
        let wh = webhook();
        let header = wh.sign(b"x", 1000).unwrap();
        assert!(wh.verify(b"x", Some(&header), 1300).is_ok());
        assert!(wh.verify(b"x", Some(&header), 700).is_ok());
        assert_eq!(
            wh.verify(b"x", Some(&header), 1301).unwrap_err().code(),
            crate::ErrorCode::TimestampTooOld
        );
        assert_eq!(
            wh.verify(b"x", Some(&header), 699).unwrap_err().code(),
            crate::ErrorCode::TimestampTooNew
        );
        assert_eq!(
            wh.verify(b"x", Some(&header), i64::MIN).unwrap_err().code(),
            crate::ErrorCode::TimestampTooNew
        );
        assert_eq!(
            wh.verify(b"x", Some(&header), i64::MAX).unwrap_err().code(),
            crate::ErrorCode::TimestampTooOld
        );
    }

    #[test]
    fn construction_errors() {
        let none: [&str; 0] = [];
        assert!(Webhook::new(&none, WebhookOptions::default()).is_err());
        assert!(Webhook::new(&[""], WebhookOptions::default()).is_err());
        for tolerance in [0, -1, i64::MIN] {
            let err = Webhook::new(
                &[SECRET],
                WebhookOptions {
                    tolerance_seconds: tolerance,
                    ..WebhookOptions::default()
                },
            )
            .unwrap_err();
            assert_eq!(err.code(), crate::ErrorCode::InvalidOptions);
        }
        let many = vec!["s"; MAX_SECRETS + 1];
        assert!(Webhook::new(&many, WebhookOptions::default()).is_err());
    }

    #[test]
    fn retention_must_be_positive() {
        for retention in [0, -1, i64::MIN] {
            let err = Webhook::new(
                &[SECRET],
                WebhookOptions {
                    replay_retention_seconds: retention,
                    ..WebhookOptions::default()
                },
            )
            .unwrap_err();
            assert_eq!(err.code(), crate::ErrorCode::InvalidOptions);
        }
        assert!(retention_from_f64(1.5).is_err());
        assert!(retention_from_f64(f64::NAN).is_err());
        assert_eq!(retention_from_f64(86_400.0), Ok(86_400));
    }

    /// Schemes that sign no timestamp are remembered for the retention (7 days by default),
    /// not the tolerance: a capture replayed five minutes later is still refused.
    #[test]
    fn unsigned_time_schemes_use_the_retention() {
        for scheme in [Scheme::Github, Scheme::Shopify] {
            let options = WebhookOptions {
                scheme,
                ..WebhookOptions::default()
            };
            let wh = Webhook::new(&[SECRET], options.clone()).unwrap();
            let header = wh.sign(b"x", 0).unwrap();
            let mut guard = ReplayGuard::default();
            let first = wh.verify(b"x", Some(&header), 1000).unwrap();
            assert_eq!(first.replay_ttl_seconds(1000), 7 * 24 * 3600);
            guard.check(&first, 1000).unwrap();
            let later = 1000 + DEFAULT_REPLAY_RETENTION_SECONDS - 1;
            let again = wh.verify(b"x", Some(&header), later).unwrap();
            assert_eq!(
                guard.check(&again, later).unwrap_err().code(),
                crate::ErrorCode::Replayed
            );
            let short = Webhook::new(
                &[SECRET],
                WebhookOptions {
                    replay_retention_seconds: 60,
                    ..options
                },
            )
            .unwrap();
            let v = short.verify(b"x", Some(&header), 1000).unwrap();
            assert_eq!(
                (v.replay_expires_at, v.replay_ttl_seconds(1000)),
                (1060, 60)
            );
        }
        // Timestamped schemes ignore it.
        let wh = webhook();
        let header = wh.sign(b"x", 1000).unwrap();
        assert_eq!(
            wh.verify(b"x", Some(&header), 1000)
                .unwrap()
                .replay_expires_at,
            1301
        );
    }

    /// Two endpoints sharing one store each accept their own delivery of the same message
    /// id; a replay on either is still refused.
    #[test]
    fn standard_replay_keys_are_bound_to_the_endpoint() {
        let options = WebhookOptions {
            scheme: Scheme::Standard,
            ..WebhookOptions::default()
        };
        let a = Webhook::new(
            &["whsec_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="],
            options.clone(),
        )
        .unwrap();
        let b = Webhook::new(&["whsec_ZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY="], options).unwrap();
        let mut shared = ReplayGuard::default();
        let deliver = |wh: &Webhook| {
            let headers = wh.sign_headers(b"{}", 1000, Some("msg_1")).unwrap();
            let values: Vec<Option<&str>> = Scheme::Standard
                .header_names()
                .iter()
                .map(|name| {
                    headers
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, v)| v.as_str())
                })
                .collect();
            wh.verify_values(b"{}", &values, 1000).unwrap()
        };
        let (from_a, from_b) = (deliver(&a), deliver(&b));
        assert_ne!(from_a.replay_key(), from_b.replay_key());
        shared.check(&from_a, 1000).unwrap();
        shared.check(&from_b, 1000).unwrap();
        for replay in [&from_a, &from_b] {
            assert_eq!(
                shared.check(replay, 1001).unwrap_err().code(),
                crate::ErrorCode::Replayed
            );
        }
    }

    #[test]
    fn debug_never_shows_secret() {
        let shown = format!("{:?}", webhook());
        assert!(!shown.contains("test_secret"), "{shown}");
    }

    #[test]
    fn now_conversion() {
        assert_eq!(unix_seconds_from_f64(1.9), Ok(1));
        assert_eq!(unix_seconds_from_f64(-0.5), Ok(-1));
        assert!(unix_seconds_from_f64(f64::NAN).is_err());
        assert!(unix_seconds_from_f64(f64::INFINITY).is_err());
        assert!(unix_seconds_from_f64(1e300).is_err());
        assert!(unix_seconds_from_f64(9.223_372_036_854_776e18).is_err());
        assert!(unix_seconds_from_f64(-9.3e18).is_err());
    }
}
