//! The webhook verifier and the replay guard: `Webhook` and `ReplayGuard` in the JS API.
//!
//! The JS layer (`lib/webhook.js` of the npm package) reads the request's headers by the
//! names the core's scheme asks for ([`WasmWebhook::header_names`]) and passes only their
//! values here, in that order; every decision (parsing, MACs, timestamps, replay keys) is
//! the core's.

use crate::to_js;
use edgeward_core::webhook::{
    MAX_REPLAY_MAX_ENTRIES, PendingMac, retention_from_f64, tolerance_from_f64,
    unix_seconds_from_f64,
};
use edgeward_core::{
    Error as CoreError, ReplayGuard, Scheme, SecretFormat, Verified, Webhook, WebhookOptions,
};
use js_sys::Array;
use std::cell::RefCell;
use std::rc::Rc;
use std::str::FromStr;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

/// A verified delivery as `[timestamp | null, secretIndex, id | null, replayKey | null,
/// replayTtl | null]`, as the native addon returns it; `lib/webhook.js` makes the result
/// object. The replay key and its time to live only when asked for (external replay stores).
fn delivery(v: &Verified, now: i64, with_key: bool) -> JsValue {
    // Unix seconds within any tolerance of a real clock are below 2^53.
    #[allow(clippy::cast_precision_loss)]
    let timestamp = match v.signed_timestamp() {
        Some(t) => JsValue::from_f64(t as f64),
        None => JsValue::NULL,
    };
    #[allow(clippy::cast_precision_loss)]
    let index = JsValue::from_f64(v.secret_index as f64);
    let id = v.id.as_deref().map_or(JsValue::NULL, JsValue::from_str);
    let (key, ttl) = if with_key {
        #[allow(clippy::cast_precision_loss)]
        let ttl = JsValue::from_f64(v.replay_ttl_seconds(now) as f64);
        (JsValue::from_str(&v.replay_key().to_string()), ttl)
    } else {
        (JsValue::NULL, JsValue::NULL)
    };
    Array::of5(&timestamp, &index, &id, &key, &ttl).into()
}

fn invalid_options(reason: String) -> CoreError {
    CoreError::InvalidOptions { reason }
}

/// The WASM in-memory replay guard behind the JS `ReplayGuard` class. Shared (not copied)
/// by every `Webhook` it is given to; JS is single-threaded, so no lock is needed.
#[wasm_bindgen]
pub struct WasmReplayGuard {
    inner: Rc<RefCell<ReplayGuard>>,
}

#[wasm_bindgen]
impl WasmReplayGuard {
    /// A guard remembering at most `max_entries` deliveries (default 10 000).
    #[wasm_bindgen(constructor)]
    pub fn new(max_entries: Option<f64>) -> Result<WasmReplayGuard, JsValue> {
        let guard = match max_entries {
            None => ReplayGuard::default(),
            Some(n) => {
                let whole = n.is_finite() && n.fract() == 0.0 && n >= 1.0;
                // Beyond 2^32 the conversion saturates; the core refuses it as too large.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let count = if whole { n as usize } else { 0 };
                ReplayGuard::new(count).map_err(|_| {
                    to_js(invalid_options(format!(
                        "maxEntries must be a whole number between 1 and \
                         {MAX_REPLAY_MAX_ENTRIES}, got {n}"
                    )))
                })?
            }
        };
        Ok(WasmReplayGuard {
            inner: Rc::new(RefCell::new(guard)),
        })
    }

    /// How many deliveries are remembered.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        self.inner.try_borrow().map_or(0.0, |g| g.len() as f64)
    }

    /// The capacity given at construction.
    #[wasm_bindgen(getter, js_name = maxEntries)]
    pub fn max_entries(&self) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        self.inner
            .try_borrow()
            .map_or(0.0, |g| g.max_entries() as f64)
    }

    /// How many deliveries were refused with `WEBHOOK_REPLAY_GUARD_FULL` (the guard never evicts).
    #[wasm_bindgen(getter, js_name = refusedFull)]
    pub fn refused_full(&self) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        self.inner
            .try_borrow()
            .map_or(0.0, |g| g.refused_full() as f64)
    }
}

/// The WASM webhook verifier behind the JS `Webhook` class.
#[wasm_bindgen]
pub struct WasmWebhook {
    inner: Webhook,
    guard: Option<Rc<RefCell<ReplayGuard>>>,
}

impl WasmWebhook {
    fn verify_payload(
        &self,
        payload: &[u8],
        values: &JsValue,
        now: f64,
        with_key: bool,
    ) -> Result<JsValue, JsValue> {
        let now = unix_seconds_from_f64(now).map_err(to_js)?;
        // The JS layer passes the one value as a string (schemes reading one header), or an
        // array of strings or `undefined`; anything else counts as absent.
        let values: Vec<Option<String>> = if let Some(one) = values.as_string() {
            vec![Some(one)]
        } else if let Some(all) = values.dyn_ref::<Array>() {
            all.iter().map(|v| v.as_string()).collect()
        } else {
            Vec::new() // the core then refuses the call (a value per header is needed)
        };
        let values: Vec<Option<&str>> = values.iter().map(Option::as_deref).collect();
        let verified = self
            .inner
            .verify_values(payload, &values, now)
            .map_err(to_js)?;
        // Only a delivery whose signature verified is recorded.
        if let Some(guard) = &self.guard {
            let mut guard = guard.try_borrow_mut().map_err(|_| {
                to_js(invalid_options(
                    "the replay guard is in use by another call".to_owned(),
                ))
            })?;
            guard.check(&verified, now).map_err(to_js)?;
        }
        Ok(delivery(&verified, now, with_key))
    }

    fn sign_headers_payload(
        &self,
        payload: &[u8],
        timestamp: f64,
        id: Option<String>,
    ) -> Result<Vec<String>, JsValue> {
        let timestamp = unix_seconds_from_f64(timestamp).map_err(to_js)?;
        let headers = self
            .inner
            .sign_headers(payload, timestamp, id.as_deref())
            .map_err(to_js)?;
        Ok(headers
            .into_iter()
            .flat_map(|(name, value)| [name.to_owned(), value])
            .collect())
    }
}

#[wasm_bindgen]
impl WasmWebhook {
    /// Builds the verifier; `secrets` newest first. `scheme` and `secret_format` are names
    /// (`"stripe"`, `"provider"`, …); `retention_seconds` is how long deliveries of schemes
    /// without a timestamp are remembered; `undefined` takes the defaults.
    #[wasm_bindgen(constructor)]
    pub fn new(
        secrets: Vec<String>,
        scheme: Option<String>,
        tolerance_seconds: Option<f64>,
        secret_format_name: Option<String>,
        retention_seconds: Option<f64>,
    ) -> Result<WasmWebhook, JsValue> {
        let secrets: Vec<Zeroizing<String>> = secrets.into_iter().map(Zeroizing::new).collect();
        let mut options = WebhookOptions::default();
        if let Some(name) = scheme {
            options.scheme = Scheme::from_str(&name).map_err(to_js)?;
        }
        if let Some(t) = tolerance_seconds {
            options.tolerance_seconds = tolerance_from_f64(t).map_err(to_js)?;
        }
        if let Some(name) = secret_format_name {
            options.secret_format = name.parse::<SecretFormat>().map_err(to_js)?;
        }
        if let Some(r) = retention_seconds {
            options.replay_retention_seconds = retention_from_f64(r).map_err(to_js)?;
        }
        let refs: Vec<&[u8]> = secrets.iter().map(|s| s.as_bytes()).collect();
        Webhook::new(&refs, options)
            .map(|inner| WasmWebhook { inner, guard: None })
            .map_err(to_js)
    }

    /// The scheme's name.
    #[wasm_bindgen(getter)]
    pub fn scheme(&self) -> String {
        self.inner.scheme().as_str().to_owned()
    }

    /// Every header the scheme reads (lowercase), in the order `verify*` takes their values.
    #[wasm_bindgen(getter, js_name = headerNames)]
    pub fn header_names(&self) -> Vec<String> {
        self.inner
            .scheme()
            .header_names()
            .iter()
            .map(|name| (*name).to_owned())
            .collect()
    }

    /// The header a bare header string stands for.
    #[wasm_bindgen(getter, js_name = signatureHeader)]
    pub fn signature_header(&self) -> String {
        self.inner.scheme().signature_header().to_owned()
    }

    /// Records every verified delivery in `guard` from now on (refusing replays).
    #[wasm_bindgen(js_name = setReplayGuard)]
    pub fn set_replay_guard(&mut self, guard: &WasmReplayGuard) {
        self.guard = Some(Rc::clone(&guard.inner));
    }

    /// Verifies a payload given as bytes; `values` are the values of `headerNames`, in
    /// order, or the one value as a string for schemes that read one header. With
    /// `with_key`, the result carries the replay key and its time to live, for an external
    /// store.
    #[wasm_bindgen(js_name = verifyBytes)]
    pub fn verify_bytes(
        &self,
        payload: &[u8],
        values: JsValue,
        now: f64,
        with_key: bool,
    ) -> Result<JsValue, JsValue> {
        self.verify_payload(payload, &values, now, with_key)
    }

    /// Verifies a payload given as a string (hashed as its UTF-8 bytes).
    #[wasm_bindgen(js_name = verifyString)]
    pub fn verify_string(
        &self,
        payload: &str,
        values: JsValue,
        now: f64,
        with_key: bool,
    ) -> Result<JsValue, JsValue> {
        self.verify_payload(payload.as_bytes(), &values, now, with_key)
    }

    /// Signs a payload given as bytes at `timestamp`, returning the signature header value.
    #[wasm_bindgen(js_name = signBytes)]
    pub fn sign_bytes(&self, payload: &[u8], timestamp: f64) -> Result<String, JsValue> {
        let timestamp = unix_seconds_from_f64(timestamp).map_err(to_js)?;
        self.inner.sign(payload, timestamp).map_err(to_js)
    }

    /// Signs a payload given as a string.
    #[wasm_bindgen(js_name = signString)]
    pub fn sign_string(&self, payload: &str, timestamp: f64) -> Result<String, JsValue> {
        self.sign_bytes(payload.as_bytes(), timestamp)
    }

    /// Signs a payload given as bytes; returns every header a sender sets, flattened as
    /// `[name, value, name, value, …]` in the core's order.
    #[wasm_bindgen(js_name = signHeadersBytes)]
    pub fn sign_headers_bytes(
        &self,
        payload: &[u8],
        timestamp: f64,
        id: Option<String>,
    ) -> Result<Vec<String>, JsValue> {
        self.sign_headers_payload(payload, timestamp, id)
    }

    /// Signs a payload given as a string; see `signHeadersBytes`.
    #[wasm_bindgen(js_name = signHeadersString)]
    pub fn sign_headers_string(
        &self,
        payload: &str,
        timestamp: f64,
        id: Option<String>,
    ) -> Result<Vec<String>, JsValue> {
        self.sign_headers_payload(payload.as_bytes(), timestamp, id)
    }
}

/// Throws `WEBHOOK_REPLAYED` for a delivery an external store reported as seen; `by_id` tells
/// whether the scheme identifies deliveries by a signed id.
#[wasm_bindgen(js_name = replayedError)]
pub fn replayed_error(by_id: bool) -> Result<(), JsValue> {
    Err(to_js(CoreError::Replayed {
        by: if by_id { "id" } else { "signature" },
    }))
}

/// Throws `WEBHOOK_INVALID_OPTIONS` with `reason` (a misused argument the JS layer detected).
#[wasm_bindgen(js_name = webhookOptionsError)]
pub fn webhook_options_error(reason: &str) -> Result<(), JsValue> {
    Err(to_js(invalid_options(reason.to_owned())))
}

/// A delivery whose headers the core read and checked, waiting for the MAC that
/// `verifyAsync` computes with WebCrypto (see `edgeward_core::webhook::PendingMac`): the
/// core asks for one secret's MAC at a time and gives every verdict itself.
#[wasm_bindgen]
pub struct WasmPendingMac {
    inner: PendingMac,
}

#[wasm_bindgen]
impl WasmPendingMac {
    /// The signed content's bytes before the payload.
    #[wasm_bindgen(getter)]
    pub fn prefix(&self) -> Vec<u8> {
        self.inner.prefix().to_vec()
    }

    /// The signed content's bytes after the payload.
    #[wasm_bindgen(getter)]
    pub fn suffix(&self) -> Vec<u8> {
        self.inner.suffix().to_vec()
    }

    /// The index of the secret whose MAC is needed next; `undefined` once decided.
    #[wasm_bindgen(getter, js_name = nextKey)]
    pub fn next_key(&self) -> Option<u32> {
        self.inner
            .next_key()
            .and_then(|index| u32::try_from(index).ok())
    }
}

#[wasm_bindgen]
impl WasmWebhook {
    /// Reads and checks the header `values` (as `verifyBytes` takes them) at `now`, for a
    /// verification whose MAC WebCrypto computes; `undefined` when the endpoint must verify
    /// inline (an Ed25519 key). Throws what `verifyBytes` throws before hashing.
    #[wasm_bindgen(js_name = prepareMac)]
    pub fn prepare_mac(
        &self,
        values: JsValue,
        now: f64,
    ) -> Result<Option<WasmPendingMac>, JsValue> {
        let now = unix_seconds_from_f64(now).map_err(to_js)?;
        let values = header_values(&values);
        let lists: Vec<Vec<&str>> = values
            .iter()
            .map(|v| v.as_deref().into_iter().collect())
            .collect();
        let occurrences: Vec<&[&str]> = lists.iter().map(Vec::as_slice).collect();
        let pending = self.inner.prepare_mac(&occurrences, now).map_err(to_js)?;
        Ok(pending.map(|inner| WasmPendingMac { inner }))
    }

    /// The HMAC key of the secret at `index`, for WebCrypto's `importKey` (a copy: the
    /// caller zeroes it once imported); `undefined` for an Ed25519 key.
    #[wasm_bindgen(js_name = hmacKey)]
    pub fn hmac_key(&self, index: u32) -> Option<Vec<u8>> {
        let index = usize::try_from(index).ok()?;
        self.inner.hmac_key_bytes(index).map(<[u8]>::to_vec)
    }

    /// Gives the core `tag`, the MAC under the secret at `index` (`pending.nextKey`) of
    /// `prefix ‖ payload ‖ suffix`. Returns the delivery (as `verifyBytes` does, recorded in
    /// the replay guard if any), throws the verdict's error, or returns `undefined` when the
    /// MAC under `pending.nextKey` is needed too.
    #[wasm_bindgen(js_name = finishMac)]
    pub fn finish_mac(
        &self,
        pending: &mut WasmPendingMac,
        index: u32,
        tag: &[u8],
        with_key: bool,
    ) -> Result<JsValue, JsValue> {
        let index = usize::try_from(index).unwrap_or(usize::MAX);
        let now = pending.inner.now();
        let Some(verified) = self
            .inner
            .finish_mac(&mut pending.inner, index, tag)
            .map_err(to_js)?
        else {
            return Ok(JsValue::UNDEFINED);
        };
        // Only a delivery whose signature verified is recorded.
        if let Some(guard) = &self.guard {
            let mut guard = guard.try_borrow_mut().map_err(|_| {
                to_js(invalid_options(
                    "the replay guard is in use by another call".to_owned(),
                ))
            })?;
            guard.check(&verified, now).map_err(to_js)?;
        }
        Ok(delivery(&verified, now, with_key))
    }
}

/// The header values the JS layer passes: the one value as a string (schemes reading one
/// header), or an array of strings or `undefined`; anything else counts as absent.
fn header_values(values: &JsValue) -> Vec<Option<String>> {
    if let Some(one) = values.as_string() {
        vec![Some(one)]
    } else if let Some(all) = values.dyn_ref::<Array>() {
        all.iter().map(|v| v.as_string()).collect()
    } else {
        Vec::new() // the core then refuses the call (a value per header is needed)
    }
}
