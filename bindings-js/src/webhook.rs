//! The webhook verifier and the replay guard behind `Webhook` and `ReplayGuard` of the JS API.
//!
//! The facade (`bindings-node/lib/webhook.js`) reads the request's headers by the names the
//! core's scheme asks for ([`JsWebhook::header_names`]) and hands over every value it found,
//! in the order received ([`HeaderValue`]); the core decides what repeated headers mean.
//! Options arrive as JS gives them (names, numbers as `f64`). Every decision (parsing, MACs,
//! timestamps, replay keys, what a repeated header means) is the core's.

use crate::Result;
use edgeward_core::validate::{JsonLimits, unsafe_integers};
pub use edgeward_core::webhook::PendingMac;
use edgeward_core::webhook::{retention_from_f64, tolerance_from_f64, unix_seconds_from_f64};
use edgeward_core::{Error, ReplayGuard, Scheme, SecretFormat, Verified, Webhook, WebhookOptions};
use std::cell::RefCell;
use std::rc::Rc;
use std::str::FromStr;
use zeroize::Zeroizing;

/// Secret indexes take the low bits of a packed delivery (there are at most 16 secrets).
pub const INDEX_BITS: u32 = 5;

/// A verified delivery as the facade reads it.
#[derive(Clone, Debug, PartialEq)]
pub enum Delivery {
    /// The common case (a signed timestamp, no id, no replay key asked for) as one number,
    /// `timestamp * 32 + secretIndex`, exact below 2^53: a number is the cheapest value to
    /// create across Node-API and wasm-bindgen, and the facade unpacks it.
    Packed(f64),
    /// Everything else, which the shims return as the array `[timestamp | null, secretIndex,
    /// id | null, replayKey | null, replayTtl | null]`.
    Full(FullDelivery),
}

/// The fields of [`Delivery::Full`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FullDelivery {
    /// The signed timestamp; `None` for schemes that sign none.
    pub timestamp: Option<i64>,
    /// The index of the secret that matched.
    pub secret_index: u32,
    /// The signed delivery id, for schemes that carry one.
    pub id: Option<String>,
    /// The replay key, when asked for (an external store).
    pub replay_key: Option<String>,
    /// How long the store must remember the key, in seconds, when asked for.
    pub replay_ttl: Option<i64>,
}

impl Delivery {
    /// The delivery of `v`, packed when it can be (see [`Delivery::Packed`]).
    pub fn of(v: Verified, now: i64, with_key: bool) -> Delivery {
        let secret_index = u32::try_from(v.secret_index).unwrap_or(u32::MAX);
        if let (Some(t), None, false) = (v.signed_timestamp(), &v.id, with_key)
            && secret_index < (1 << INDEX_BITS)
            && (0..1_i64 << (53 - INDEX_BITS)).contains(&t)
        {
            #[allow(clippy::cast_precision_loss)] // below 2^53: exact
            let packed = ((t << INDEX_BITS) | i64::from(secret_index)) as f64;
            return Delivery::Packed(packed);
        }
        let (replay_key, replay_ttl) = if with_key {
            let ttl = i64::try_from(v.replay_ttl_seconds(now)).unwrap_or(i64::MAX);
            (Some(v.replay_key().to_string()), Some(ttl))
        } else {
            (None, None)
        };
        Delivery::Full(FullDelivery {
            timestamp: v.signed_timestamp(),
            secret_index,
            id: v.id,
            replay_key,
            replay_ttl,
        })
    }
}

/// What `verifyEvent` adds to a delivery, in the order the shims return it:
/// `[type, id, innerType, bigints]`, each a string or null. The facade reads the event itself
/// with `JSON.parse` of the body the core accepted (the same value: duplicate keys are refused
/// and JSON.parse reads everything else alike) and puts back the integers beyond 2^53 that
/// `bigints` lists (JSON `[[pointer, decimal], …]`), exactly, as the validator's facade does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventFacts {
    /// The provider's event name (the core's table: `edgeward_core::webhook::event`).
    pub event_type: Option<String>,
    /// The delivery id.
    pub id: Option<String>,
    /// Slack's inner event name.
    pub inner_type: Option<String>,
    /// The integers beyond 2^53, as JSON, when the body holds any.
    pub bigints: Option<String>,
}

impl EventFacts {
    /// The four values in the shims' order.
    pub fn into_array(self) -> [Option<String>; 4] {
        [self.event_type, self.id, self.inner_type, self.bigints]
    }
}

/// Every value the facade found for one header name, in the order received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderValue<S> {
    /// The request lacks the header.
    Absent,
    /// One value: the common case, verified without any joining or copying.
    One(S),
    /// Each value received (array values, case-variant keys of a plain object), in order.
    Many(Vec<S>),
}

/// Every occurrence of each header, as the core's `verify_occurrences` takes them.
fn occurrence_lists<S: AsRef<str>>(values: &[HeaderValue<S>]) -> Vec<Vec<&str>> {
    values
        .iter()
        .map(|v| match v {
            HeaderValue::Absent => Vec::new(),
            HeaderValue::One(one) => vec![one.as_ref()],
            HeaderValue::Many(all) => all.iter().map(AsRef::as_ref).collect(),
        })
        .collect()
}

/// `WEBHOOK_INVALID_OPTIONS` with `reason`: a misused argument the facade detected.
pub fn options_error(reason: String) -> Error {
    Error::InvalidOptions { reason }
}

/// `WEBHOOK_REPLAYED` for a delivery an external store reported as seen; `by_id` tells whether the
/// scheme identifies deliveries by a signed id.
pub fn replayed_error(by_id: bool) -> Error {
    Error::Replayed {
        by: if by_id { "id" } else { "signature" },
    }
}

/// The in-memory replay guard behind the JS `ReplayGuard` class. Shared (not copied) by every
/// `Webhook` it is given to; JS is single-threaded, so no lock is needed.
pub struct JsReplayGuard {
    inner: Rc<RefCell<ReplayGuard>>,
}

impl JsReplayGuard {
    /// A guard remembering at most `max_entries` deliveries (the core's default when `None`).
    /// The core checks the range and words the error; only what it cannot be given (a
    /// fraction, a number beyond any count) is refused here.
    pub fn new(max_entries: Option<f64>) -> Result<JsReplayGuard> {
        let guard = match max_entries {
            None => ReplayGuard::default(),
            Some(n) => ReplayGuard::new(count_from_f64(n).ok_or_else(|| {
                options_error(format!(
                    "maxEntries must be a whole number between 1 and {}, got {n}",
                    edgeward_core::webhook::MAX_REPLAY_MAX_ENTRIES
                ))
            })?)?,
        };
        Ok(JsReplayGuard {
            inner: Rc::new(RefCell::new(guard)),
        })
    }

    /// How many deliveries are remembered.
    pub fn size(&self) -> usize {
        self.inner.try_borrow().map_or(0, |g| g.len())
    }

    /// The capacity given at construction.
    pub fn max_entries(&self) -> usize {
        self.inner.try_borrow().map_or(0, |g| g.max_entries())
    }

    /// How many deliveries were refused with `WEBHOOK_REPLAY_GUARD_FULL` (the guard never evicts).
    pub fn refused_full(&self) -> u64 {
        self.inner.try_borrow().map_or(0, |g| g.refused_full())
    }
}

/// A whole, non-negative `n` that fits a count on every target (32-bit WASM included), so
/// that the core sees the caller's number and words the same error in every build.
fn count_from_f64(n: f64) -> Option<usize> {
    let whole = n.is_finite() && n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n);
    // Whole and within u32: exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    whole
        .then_some(n as u32)
        .and_then(|n| usize::try_from(n).ok())
}

/// The webhook verifier behind the JS `Webhook` class.
pub struct JsWebhook {
    inner: Webhook,
    guard: Option<Rc<RefCell<ReplayGuard>>>,
}

impl JsWebhook {
    /// Builds the verifier; `secrets` newest first, as the binding received them (they are
    /// zeroized when dropped here). `scheme` and `secret_format` are names (`"stripe"`,
    /// `"provider"`, …); `tolerance_seconds` and `retention_seconds` are JS numbers; `None`
    /// takes the core's defaults.
    pub fn new(
        secrets: Vec<String>,
        scheme: Option<&str>,
        tolerance_seconds: Option<f64>,
        secret_format: Option<&str>,
        retention_seconds: Option<f64>,
    ) -> Result<JsWebhook> {
        let mut options = WebhookOptions::default();
        if let Some(name) = scheme {
            options.scheme = Scheme::from_str(name)?;
        }
        if let Some(t) = tolerance_seconds {
            options.tolerance_seconds = tolerance_from_f64(t)?;
        }
        if let Some(name) = secret_format {
            options.secret_format = SecretFormat::from_str(name)?;
        }
        if let Some(r) = retention_seconds {
            options.replay_retention_seconds = retention_from_f64(r)?;
        }
        let secrets: Vec<Zeroizing<String>> = secrets.into_iter().map(Zeroizing::new).collect();
        let secrets: Vec<&[u8]> = secrets.iter().map(|s| s.as_bytes()).collect();
        Ok(JsWebhook {
            inner: Webhook::new(&secrets, options)?,
            guard: None,
        })
    }

    /// The scheme's name.
    pub fn scheme(&self) -> &'static str {
        self.inner.scheme().as_str()
    }

    /// Every header the scheme reads (lowercase), in the order `verify` takes their values.
    pub fn header_names(&self) -> &'static [&'static str] {
        self.inner.scheme().header_names()
    }

    /// The header a bare header string stands for.
    pub fn signature_header(&self) -> &'static str {
        self.inner.scheme().signature_header()
    }

    /// Whether `sign` answers the signature header's value alone (else every header, as
    /// `signHeaders`): the core's rule.
    pub fn signs_one_value(&self) -> bool {
        self.inner.scheme().signs_one_value()
    }

    /// The headers that name the event or carry its id (lowercase), in the order
    /// [`JsWebhook::read_event`] takes their values: the core's
    /// `Scheme::event_header_names`.
    pub fn event_header_names(&self) -> &'static [&'static str] {
        self.inner.scheme().event_header_names()
    }

    /// Reads the event of a payload that `verify` just accepted (the facade calls it right
    /// after, with the same payload): the core parses it under the validator's default limits,
    /// `max_bytes` (a JS number, the `maxBytes` option) raising the size limit, and names it.
    /// `values` holds what the request had for each of [`JsWebhook::event_header_names`];
    /// `verified_id` is the id `verify` reported.
    pub fn read_event<S: AsRef<str>>(
        &self,
        payload: &[u8],
        values: &[HeaderValue<S>],
        verified_id: Option<&str>,
        max_bytes: Option<f64>,
    ) -> Result<EventFacts> {
        let mut limits = JsonLimits::default();
        if let Some(n) = max_bytes {
            limits.max_bytes = count_from_f64(n).filter(|n| *n > 0).ok_or_else(|| {
                options_error(format!(
                    "maxBytes must be a whole number of bytes, at least 1, got {n}"
                ))
            })?;
        }
        let lists = occurrence_lists(values);
        let occurrences: Vec<&[&str]> = lists.iter().map(Vec::as_slice).collect();
        // The facade's JSON.parse builds the body: the core checks and names it without
        // building it. Only a body with integers beyond 2^53 (rare) is parsed into a value
        // too, to find where they are.
        let names = self
            .inner
            .read_event_names(payload, &occurrences, verified_id, &limits)?;
        let bigints = if names.may_hold_unsafe_integers {
            let event = self
                .inner
                .read_event(payload, &occurrences, verified_id, &limits)?;
            let found = unsafe_integers(&event.value);
            (!found.is_empty()).then(|| serde_json::json!(found).to_string())
        } else {
            None
        };
        Ok(EventFacts {
            event_type: names.event_type,
            id: names.id,
            inner_type: names.inner_type,
            bigints,
        })
    }

    /// Records every verified delivery in `guard` from now on (refusing replays).
    pub fn set_replay_guard(&mut self, guard: &JsReplayGuard) {
        self.guard = Some(Rc::clone(&guard.inner));
    }

    /// Verifies `payload` given the one value of a scheme that reads one header: the fast
    /// path of the common case.
    pub fn verify_one(
        &self,
        payload: &[u8],
        value: &str,
        now: f64,
        with_key: bool,
    ) -> Result<Delivery> {
        let now = unix_seconds_from_f64(now)?;
        let verified = self.inner.verify_values(payload, &[Some(value)], now)?;
        self.record(verified, now, with_key)
    }

    /// Verifies `payload` given what the request held for each of
    /// [`JsWebhook::header_names`], in that order. Without repeated headers (the common
    /// case) this is the core's `verify_values`, whose rule for one value per name is that of
    /// `verify_occurrences`; otherwise the core's `verify_occurrences` decides.
    pub fn verify<S: AsRef<str>>(
        &self,
        payload: &[u8],
        values: &[HeaderValue<S>],
        now: f64,
        with_key: bool,
    ) -> Result<Delivery> {
        let now = unix_seconds_from_f64(now)?;
        let repeated = values.iter().any(|v| matches!(v, HeaderValue::Many(_)));
        let verified = if repeated {
            let lists = occurrence_lists(values);
            let occurrences: Vec<&[&str]> = lists.iter().map(Vec::as_slice).collect();
            self.inner.verify_occurrences(payload, &occurrences, now)?
        } else {
            let one: Vec<Option<&str>> = values
                .iter()
                .map(|v| match v {
                    HeaderValue::One(one) => Some(one.as_ref()),
                    _ => None,
                })
                .collect();
            self.inner.verify_values(payload, &one, now)?
        };
        self.record(verified, now, with_key)
    }

    /// Reads and checks the headers for a verification whose MAC the host computes
    /// (WebCrypto in `verifyAsync`): the core's `prepare_mac`. `None` when the endpoint must
    /// verify inline (an Ed25519 key). Errors are those `verify` gives before hashing.
    pub fn prepare_mac<S: AsRef<str>>(
        &self,
        values: &[HeaderValue<S>],
        now: f64,
    ) -> Result<Option<PendingMac>> {
        let now = unix_seconds_from_f64(now)?;
        let lists = occurrence_lists(values);
        let occurrences: Vec<&[&str]> = lists.iter().map(Vec::as_slice).collect();
        self.inner.prepare_mac(&occurrences, now)
    }

    /// The HMAC key of the secret at `index`, for WebCrypto's `importKey` (a copy the caller
    /// zeroes once imported); `None` for an Ed25519 key.
    pub fn hmac_key(&self, index: u32) -> Option<Vec<u8>> {
        let index = usize::try_from(index).ok()?;
        self.inner.hmac_key_bytes(index).map(<[u8]>::to_vec)
    }

    /// Gives the core `tag`, the MAC under the secret at `index` of the signed content: the
    /// delivery (recorded in the replay guard, as `verify` records it), the verdict's error,
    /// or `None` when the MAC under `pending.next_key()` is needed too.
    pub fn finish_mac(
        &self,
        pending: &mut PendingMac,
        index: u32,
        tag: &[u8],
        with_key: bool,
    ) -> Result<Option<Delivery>> {
        let index = usize::try_from(index).unwrap_or(usize::MAX);
        let now = pending.now();
        match self.inner.finish_mac(pending, index, tag)? {
            None => Ok(None),
            Some(verified) => self.record(verified, now, with_key).map(Some),
        }
    }

    /// Records a verified delivery in the replay guard, if any: only a delivery whose
    /// signature verified is recorded.
    fn record(&self, verified: Verified, now: i64, with_key: bool) -> Result<Delivery> {
        if let Some(guard) = &self.guard {
            let mut guard = guard.try_borrow_mut().map_err(|_| {
                options_error("the replay guard is in use by another call".to_owned())
            })?;
            guard.check(&verified, now)?;
        }
        Ok(Delivery::of(verified, now, with_key))
    }

    /// Signs `payload` at `timestamp`, returning the signature header's value.
    pub fn sign(&self, payload: &[u8], timestamp: f64) -> Result<String> {
        self.inner.sign(payload, unix_seconds_from_f64(timestamp)?)
    }

    /// Signs `payload`; every header a sender sets, flattened as `[name, value, name, value,
    /// …]` in the core's order (a flat array of strings crosses both bindings cheaply).
    pub fn sign_headers(
        &self,
        payload: &[u8],
        timestamp: f64,
        id: Option<&str>,
    ) -> Result<Vec<String>> {
        let headers = self
            .inner
            .sign_headers(payload, unix_seconds_from_f64(timestamp)?, id)?;
        Ok(headers
            .into_iter()
            .flat_map(|(name, value)| [name.to_owned(), value])
            .collect())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;
    use edgeward_core::ErrorCode;

    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    fn standard() -> JsWebhook {
        JsWebhook::new(vec![SECRET.to_owned()], Some("standard"), None, None, None).unwrap()
    }

    fn signed(wh: &JsWebhook, id: &str) -> Vec<String> {
        wh.sign_headers(b"{}", 1000.0, Some(id)).unwrap()
    }

    /// The value `signed` gave for `name`.
    fn value<'a>(flat: &'a [String], name: &str) -> &'a str {
        let at = flat.iter().position(|n| n == name).unwrap();
        &flat[at + 1]
    }

    /// What the facade hands over for the headers `signed` gave.
    fn values<'a>(wh: &JsWebhook, flat: &'a [String]) -> Vec<HeaderValue<&'a str>> {
        wh.header_names()
            .iter()
            .map(|name| match flat.iter().position(|n| n == name) {
                Some(at) => HeaderValue::One(flat[at + 1].as_str()),
                None => HeaderValue::Absent,
            })
            .collect()
    }

    #[test]
    fn options_from_js_values() {
        let wh = JsWebhook::new(
            vec![SECRET.to_owned()],
            Some("github"),
            Some(60.0),
            Some("raw"),
            Some(10.0),
        )
        .unwrap();
        assert_eq!(wh.scheme(), "github");
        assert!(!wh.signs_one_value());
        assert!(standard().header_names().len() > 1);
        assert_eq!(wh.signature_header(), "x-hub-signature-256");
        for (scheme, tolerance, format, retention) in [
            (Some("nope"), None, None, None),
            (None, Some(1.5), None, None),
            (None, Some(f64::NAN), None, None),
            (None, None, Some("base64"), None),
            (None, None, None, Some(-0.5)),
        ] {
            let err = JsWebhook::new(
                vec![SECRET.to_owned()],
                scheme,
                tolerance,
                format,
                retention,
            )
            .err()
            .unwrap();
            assert_eq!(err.code(), ErrorCode::InvalidOptions);
        }
    }

    #[test]
    fn verify_packs_the_common_case_and_records_in_the_guard() {
        let stripe = JsWebhook::new(vec![SECRET.to_owned()], None, None, None, None).unwrap();
        assert!(stripe.signs_one_value());
        let header = stripe.sign(b"{}", 1000.0).unwrap();
        let packed = stripe.verify_one(b"{}", &header, 1000.5, false).unwrap();
        assert_eq!(packed, Delivery::Packed(f64::from(1000 * 32)));
        // Asked for the key: the full delivery.
        let Delivery::Full(full) = stripe.verify_one(b"{}", &header, 1000.0, true).unwrap() else {
            panic!("full delivery expected");
        };
        assert_eq!(full.timestamp, Some(1000));
        assert!(full.replay_key.is_some() && full.replay_ttl.is_some());

        let mut wh = standard();
        let guard = JsReplayGuard::new(Some(2.0)).unwrap();
        wh.set_replay_guard(&guard);
        let flat = signed(&wh, "msg_1");
        let Delivery::Full(first) = wh
            .verify(b"{}", &values(&wh, &flat), 1000.0, false)
            .unwrap()
        else {
            panic!("an id is not packed");
        };
        assert_eq!(first.id.as_deref(), Some("msg_1"));
        assert_eq!(guard.size(), 1);
        let again = wh.verify(b"{}", &values(&wh, &flat), 1000.0, false);
        assert_eq!(again.unwrap_err().code(), ErrorCode::Replayed);
        // A forged delivery is not recorded.
        let mut forged = values(&wh, &flat);
        forged[2] = HeaderValue::One("v1,AAAA");
        assert!(wh.verify(b"{}", &forged, 1000.0, false).is_err());
        assert_eq!(first.secret_index, 0);
        assert_eq!(guard.size(), 1);
    }

    #[test]
    fn repeated_headers_go_to_the_core() {
        let wh = standard();
        let flat = signed(&wh, "msg_1");
        let mut repeated = values(&wh, &flat);
        let signature = value(&flat, "webhook-signature");
        repeated[2] = HeaderValue::Many(vec![signature, signature]);
        let ok = wh.verify(b"{}", &values(&wh, &flat), 1000.0, false);
        assert!(ok.is_ok());
        // One occurrence in a list is one value.
        let mut listed = values(&wh, &flat);
        listed[2] = HeaderValue::Many(vec![signature]);
        assert_eq!(
            wh.verify(b"{}", &listed, 1000.0, false).unwrap(),
            ok.unwrap()
        );
        // Absent headers are reported by the core.
        let mut absent = values(&wh, &flat);
        absent[0] = HeaderValue::Absent;
        assert_eq!(
            wh.verify(b"{}", &absent, 1000.0, false).unwrap_err().code(),
            ErrorCode::MissingHeader
        );
        // What the core answers for a doubled signature header, the facade answers too.
        let direct = wh.inner.verify_occurrences(
            b"{}",
            &[
                &[value(&flat, "webhook-id")],
                &[value(&flat, "webhook-timestamp")],
                &[signature, signature],
                &[],
                &[],
                &[],
            ],
            1000,
        );
        let via = wh.verify(b"{}", &repeated, 1000.0, false);
        assert_eq!(direct.is_ok(), via.is_ok());
        if let (Err(a), Err(b)) = (direct, via) {
            assert_eq!(a.code(), b.code());
        }
    }

    #[test]
    fn max_entries_keeps_the_cores_error() {
        assert_eq!(JsReplayGuard::new(None).unwrap().max_entries(), 10_000);
        assert_eq!(JsReplayGuard::new(Some(1.0)).unwrap().max_entries(), 1);
        // In the range a count can hold: the core's own error and message.
        for n in [0.0, 10_000_001.0] {
            let err = JsReplayGuard::new(Some(n)).err().unwrap();
            let core = ReplayGuard::new(count_from_f64(n).unwrap()).err().unwrap();
            assert_eq!(err, core);
        }
        for n in [
            -1.0,
            1.5,
            f64::NAN,
            f64::INFINITY,
            2f64.powi(53),
            2f64.powi(64),
        ] {
            let err = JsReplayGuard::new(Some(n)).err().unwrap();
            assert_eq!(err.code(), ErrorCode::InvalidOptions, "{n}");
            assert!(err.to_string().contains("maxEntries"), "{err}");
        }
    }

    #[test]
    fn read_event_names_the_event_and_reports_big_integers() {
        let github =
            JsWebhook::new(vec!["s".to_owned()], Some("github"), None, None, None).unwrap();
        assert_eq!(
            github.event_header_names(),
            ["x-github-event", "x-github-delivery"]
        );
        let values = [HeaderValue::One("push"), HeaderValue::Absent];
        let facts = github
            .read_event(b"{\"n\":18446744073709551615}", &values, None, None)
            .unwrap();
        assert_eq!(facts.event_type.as_deref(), Some("push"));
        assert_eq!(facts.id, None);
        assert_eq!(
            facts.bigints.as_deref(),
            Some(r#"[["/n","18446744073709551615"]]"#)
        );
        let [kind, ..] = facts.into_array();
        assert_eq!(kind.as_deref(), Some("push"));
        // maxBytes raises (or lowers) the size limit; it must be a count.
        let small = github.read_event(b"{}", &values, None, Some(1.0));
        assert_eq!(small.unwrap_err().code(), ErrorCode::LimitExceeded);
        for bad in [0.0, -1.0, 1.5, f64::NAN] {
            let err = github
                .read_event(b"{}", &values, None, Some(bad))
                .unwrap_err();
            assert_eq!(err.code(), ErrorCode::InvalidOptions);
        }
        let standard = standard();
        let facts = standard
            .read_event::<&str>(b"{\"type\":\"a.b\"}", &[], Some("msg_1"), None)
            .unwrap();
        assert_eq!(
            (facts.event_type.as_deref(), facts.id.as_deref()),
            (Some("a.b"), Some("msg_1"))
        );
    }

    #[test]
    fn signed_headers_are_flat_pairs() {
        let wh = standard();
        let flat = signed(&wh, "msg_1");
        // The first header set (`webhook-*`), in the order of the scheme's names.
        assert_eq!(flat.len(), 6);
        for (pair, name) in flat.chunks(2).zip(wh.header_names()) {
            assert_eq!(pair[0], *name);
        }
        assert_eq!(replayed_error(true).code(), ErrorCode::Replayed);
        assert!(replayed_error(false).to_string().contains("signature"));
    }
}
