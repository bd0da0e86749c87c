//! Verified events: a delivery's body parsed as JSON, with the provider's event name and
//! delivery id, decided here once for every binding.
//!
//! [`Webhook::verify_event_with`] verifies a delivery exactly as [`Webhook::verify_with`] does
//! (same checks, same errors, same order), then reads the event: bindings call
//! [`Webhook::verify_occurrences`] (and their replay guard) as for `verify`, then
//! [`Webhook::read_event`] with the values of [`Scheme::event_header_names`].
//!
//! ## What names an event
//!
//! | scheme | `type` | `id` | `inner_type` |
//! |---|---|---|---|
//! | `stripe` | body `type` (signed) | body `id` (signed, `evt_…`) | — |
//! | `standard` | body `type` (signed) | `webhook-id` / `svix-id` (signed) | — |
//! | `github` | `x-github-event` header (**unsigned**) | `x-github-delivery` header (**unsigned**) | — |
//! | `slack` | body `type` (signed: `event_callback`, `url_verification`, …) | body `event_id` (signed) | body `event.type` of an `event_callback` (signed: `app_mention`, `message`, …) |
//! | `shopify` | `x-shopify-topic` header (**unsigned**, `orders/create`) | `x-shopify-webhook-id` header, else `x-shopify-event-id` (**unsigned**) | — |
//!
//! A body field is used only when the body is a JSON object and the field a string; anything
//! else gives `None` (no error: routing then treats the event as unhandled, which fails
//! closed). A header is read by the same rule as the signature headers ([`headers`]): every
//! occurrence joined with `, `, capped at [`WebhookOptions::max_header_bytes`] (longer is
//! `WEBHOOK_MALFORMED_HEADER`), blank = absent. So a repeated `x-github-event` gives
//! `push, issues`, a name no handler is registered for.
//!
//! Slack: `type` stays the envelope's so that `url_verification` (the endpoint check Slack
//! sends when the URL is set) can be answered; the event a bot handles is `inner_type`.
//! Slack's slash commands and interactive payloads are form-encoded, not JSON, and are
//! refused with `VALIDATION_INVALID_JSON`; GitHub must be set to the `application/json` content
//! type for the same reason.
//!
//! ## Threat model
//! The body is parsed only after its signature verified, by the validator's bounded parser
//! ([`parse_json`]) under [`JsonLimits`] (defaults: 1 MiB, depth 128, duplicate keys refused),
//! so a signed body still cannot exhaust memory or the stack, and errors keep the parser's
//! codes (`VALIDATION_INVALID_JSON`, `VALIDATION_LIMIT_EXCEEDED`). GitHub and Shopify sign the
//! body only: their event name and delivery id travel in headers an attacker holding a
//! captured delivery can rewrite, so the same signed body can be replayed under another event
//! name. A replay guard refuses the replay whatever its headers say (the key of those schemes
//! is derived from the signature), which is one more reason to use one with them; handlers
//! should still read the body they are given, not trust the name alone.
//!
//! ## Names without the body
//! [`Webhook::read_event_names`] checks the body exactly as [`Webhook::read_event`] does (the
//! same parser, limits, errors and messages) but builds no value: a sink of the parser keeps
//! only the keys of the open objects (duplicate keys are still refused object by object) and
//! the few string fields that name the event. Bindings whose runtime parses the body itself
//! (`JSON.parse`, `json.loads`) use it, so the body is built once, by the runtime.
//!
//! [`headers`]: super::headers
//! [`WebhookOptions::max_header_bytes`]: super::WebhookOptions::max_header_bytes

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde_json::Value;

use super::{Scheme, Verified, Webhook, headers, occurrence_lookup};
use crate::error::Error;
use crate::validate::json_sink::{Refused, Scalar, Sink, Str, parse_into};
use crate::validate::{JsonLimits, MAX_SAFE_INTEGER, parse_json};

/// A verified delivery's body and what names it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Event {
    /// The body, parsed under the limits.
    pub value: Value,
    /// The provider's event name (see the table in this module), when the delivery has one.
    pub event_type: Option<String>,
    /// The delivery (or event) id (see the table), when the delivery has one.
    pub id: Option<String>,
    /// Slack's inner event name (`event.type` of an `event_callback`); `None` otherwise.
    pub inner_type: Option<String>,
}

/// Where a scheme's event name and id are.
enum Source {
    /// A string field of the top-level body object.
    Body(&'static str),
    /// The first of these headers present (under the header rule).
    Header(&'static [&'static str]),
    /// The signed id the verifier reported ([`Verified::id`]).
    SignedId,
}

struct EventFields {
    event_type: Source,
    id: Source,
    /// Slack: the `type` of the object under this key, when `type` is `event_callback`.
    inner: Option<(&'static str, &'static str)>,
}

impl Scheme {
    fn event_fields(self) -> EventFields {
        match self {
            Scheme::Stripe => EventFields {
                event_type: Source::Body("type"),
                id: Source::Body("id"),
                inner: None,
            },
            Scheme::Standard => EventFields {
                event_type: Source::Body("type"),
                id: Source::SignedId,
                inner: None,
            },
            Scheme::Github => EventFields {
                event_type: Source::Header(&["x-github-event"]),
                id: Source::Header(&["x-github-delivery"]),
                inner: None,
            },
            Scheme::Slack => EventFields {
                event_type: Source::Body("type"),
                id: Source::Body("event_id"),
                inner: Some(("event_callback", "event")),
            },
            Scheme::Shopify => EventFields {
                event_type: Source::Header(&["x-shopify-topic"]),
                id: Source::Header(&["x-shopify-webhook-id", "x-shopify-event-id"]),
                inner: None,
            },
        }
    }

    /// The headers (lowercase) that name a delivery's event or carry its id, besides
    /// [`Scheme::header_names`]: what a binding hands to [`Webhook::read_event`], in this order.
    /// Empty for schemes that name events in the body.
    pub const fn event_header_names(self) -> &'static [&'static str] {
        match self {
            Scheme::Github => &["x-github-event", "x-github-delivery"],
            Scheme::Shopify => &[
                "x-shopify-topic",
                "x-shopify-webhook-id",
                "x-shopify-event-id",
            ],
            Scheme::Stripe | Scheme::Standard | Scheme::Slack => &[],
        }
    }
}

/// Refuses a count of event header values other than the scheme's.
fn check_occurrences(scheme: Scheme, given: usize) -> Result<(), Error> {
    let reads = scheme.event_header_names().len();
    if given != reads {
        return Err(Error::InvalidOptions {
            reason: format!(
                "{given} event header values given, the {scheme} scheme reads {reads}: pass one \
                 per name of Scheme::event_header_names(), in order"
            ),
        });
    }
    Ok(())
}

/// The string field `name` of `value`, if `value` is an object holding a string there.
fn body_text(value: &Value, name: &str) -> Option<String> {
    value.get(name)?.as_str().map(str::to_owned)
}

impl Webhook {
    /// Reads the event of a delivery that [`Webhook::verify_occurrences`] (or another `verify`)
    /// accepted: parses `payload` under `limits` and names it (see the module's table).
    /// `occurrences[i]` holds every value received for `event_header_names()[i]`;
    /// `verified_id` is the id the verification reported ([`Verified::id`]).
    ///
    /// Call it only with a payload that verified: it checks no signature itself. Bindings
    /// call it after `verify` so that every path of theirs (replay stores, asynchronous
    /// hashing) stays the one `verify` takes.
    pub fn read_event(
        &self,
        payload: &[u8],
        occurrences: &[&[&str]],
        verified_id: Option<&str>,
        limits: &JsonLimits,
    ) -> Result<Event, Error> {
        let names = self.options.scheme.event_header_names();
        check_occurrences(self.options.scheme, occurrences.len())?;
        self.read_event_with(
            payload,
            occurrence_lookup(names, occurrences),
            verified_id,
            limits,
        )
    }

    /// [`Webhook::read_event`] reading headers through `lookup`, as
    /// [`Webhook::verify_with`] does.
    pub fn read_event_with<'h, F, I>(
        &self,
        payload: &[u8],
        lookup: F,
        verified_id: Option<&str>,
        limits: &JsonLimits,
    ) -> Result<Event, Error>
    where
        F: FnMut(&'static str) -> I,
        I: IntoIterator<Item = &'h str>,
    {
        let fields = self.options.scheme.event_fields();
        // Headers first: a malformed one is refused before the body is parsed.
        let (header_type, header_id) = self.header_names(&fields, lookup, verified_id)?;
        let value = parse_json(payload, limits)?;
        let pick = |source: &Source, found: Option<Cow<'h, str>>| match source {
            Source::Body(name) => body_text(&value, name),
            _ => found.map(Cow::into_owned),
        };
        let event_type = pick(&fields.event_type, header_type);
        let id = pick(&fields.id, header_id);
        let inner_type = match (fields.inner, event_type.as_deref()) {
            (Some((envelope, key)), Some(outer)) if outer == envelope => {
                value.get(key).and_then(|inner| body_text(inner, "type"))
            }
            _ => None,
        };
        Ok(Event {
            value,
            event_type,
            id,
            inner_type,
        })
    }

    /// [`Webhook::read_event`] without the body: the same checks, errors and names, but the
    /// payload is parsed into nothing (see "Names without the body" in this module), for a
    /// binding whose runtime builds the body itself.
    pub fn read_event_names(
        &self,
        payload: &[u8],
        occurrences: &[&[&str]],
        verified_id: Option<&str>,
        limits: &JsonLimits,
    ) -> Result<EventNames, Error> {
        let names = self.options.scheme.event_header_names();
        check_occurrences(self.options.scheme, occurrences.len())?;
        self.read_event_names_with(
            payload,
            occurrence_lookup(names, occurrences),
            verified_id,
            limits,
        )
    }

    /// [`Webhook::read_event_names`] reading headers through `lookup`, as
    /// [`Webhook::verify_with`] does.
    pub fn read_event_names_with<'h, F, I>(
        &self,
        payload: &[u8],
        lookup: F,
        verified_id: Option<&str>,
        limits: &JsonLimits,
    ) -> Result<EventNames, Error>
    where
        F: FnMut(&'static str) -> I,
        I: IntoIterator<Item = &'h str>,
    {
        let fields = self.options.scheme.event_fields();
        let (header_type, header_id) = self.header_names(&fields, lookup, verified_id)?;
        limits.check()?;
        let mut sink = NameSink::new(&fields);
        parse_into(payload, limits, false, &mut sink, &mut Vec::new())?;
        let body = sink.found;
        let pick = |source: &Source, body: Option<String>, found: Option<Cow<'h, str>>| match source
        {
            Source::Body(_) => body,
            _ => found.map(Cow::into_owned),
        };
        let event_type = pick(&fields.event_type, body.event_type, header_type);
        let id = pick(&fields.id, body.id, header_id);
        let inner_type = match (fields.inner, event_type.as_deref()) {
            (Some((envelope, _)), Some(outer)) if outer == envelope => body.inner_type,
            _ => None,
        };
        Ok(EventNames {
            event_type,
            id,
            inner_type,
            may_hold_unsafe_integers: body.may_hold_unsafe_integers,
        })
    }

    /// The event type and id a scheme takes from headers (or the verified id), under the
    /// header rule; `None` for those it takes from the body.
    #[allow(clippy::type_complexity)]
    fn header_names<'h, F, I>(
        &self,
        fields: &EventFields,
        mut lookup: F,
        verified_id: Option<&str>,
    ) -> Result<(Option<Cow<'h, str>>, Option<Cow<'h, str>>), Error>
    where
        F: FnMut(&'static str) -> I,
        I: IntoIterator<Item = &'h str>,
    {
        let max = self.options.max_header_bytes;
        let mut from_source = |source: &Source| -> Result<Option<Cow<'h, str>>, Error> {
            match source {
                Source::Header(names) => {
                    for name in *names {
                        if let Some(value) = headers::field_value(name, lookup(name), max)? {
                            return Ok(Some(value));
                        }
                    }
                    Ok(None)
                }
                Source::SignedId => Ok(verified_id.map(|id| Cow::Owned(id.to_owned()))),
                Source::Body(_) => Ok(None),
            }
        };
        let event_type = from_source(&fields.event_type)?;
        let id = from_source(&fields.id)?;
        Ok((event_type, id))
    }

    /// Verifies a delivery as [`Webhook::verify_with`] does, then reads its event as
    /// [`Webhook::read_event_with`] does (the body under `limits`). A replay check, if any,
    /// goes between the two, as in the bindings.
    ///
    /// ```
    /// use edgeward_core::validate::JsonLimits;
    /// use edgeward_core::webhook::{Scheme, Webhook, WebhookOptions};
    /// let options = WebhookOptions { scheme: Scheme::Github, ..WebhookOptions::default() };
    /// let wh = Webhook::new(&["It's a Secret to Everybody"], options)?;
    /// let body = br#"{"ref":"refs/heads/main"}"#;
    /// let signature = wh.sign(body, 0)?;
    /// let headers = [("X-Hub-Signature-256", signature.as_str()), ("X-GitHub-Event", "push")];
    /// let lookup = |name: &'static str| headers.iter().filter(move |(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| *v);
    /// let (_, event) = wh.verify_event_with(body, lookup, 0, &JsonLimits::default())?;
    /// assert_eq!(event.event_type.as_deref(), Some("push"));
    /// assert_eq!(event.value["ref"], "refs/heads/main");
    /// # Ok::<(), edgeward_core::Error>(())
    /// ```
    pub fn verify_event_with<'h, F, I>(
        &self,
        payload: &[u8],
        mut lookup: F,
        now: i64,
        limits: &JsonLimits,
    ) -> Result<(Verified, Event), Error>
    where
        F: FnMut(&'static str) -> I,
        I: IntoIterator<Item = &'h str>,
    {
        let verified = self.verify_with(payload, &mut lookup, now)?;
        let event = self.read_event_with(payload, lookup, verified.id.as_deref(), limits)?;
        Ok((verified, event))
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the names without building the body
// ---------------------------------------------------------------------------------------------

/// What names a verified delivery, read by [`Webhook::read_event_names`] without building the
/// body: the [`Event`] of the same delivery minus its value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EventNames {
    /// As [`Event::event_type`].
    pub event_type: Option<String>,
    /// As [`Event::id`].
    pub id: Option<String>,
    /// As [`Event::inner_type`].
    pub inner_type: Option<String>,
    /// Whether the body may hold an integer beyond [`MAX_SAFE_INTEGER`] in magnitude (one
    /// that `JSON.parse` would round): `true` whenever the value of [`Webhook::read_event`]
    /// holds one, and otherwise only when a copy of a repeated key that the value drops held
    /// one (under `allow_duplicate_keys`). A JavaScript binding then reads where they are with
    /// [`unsafe_integers`](crate::validate::unsafe_integers) from the full parse.
    pub may_hold_unsafe_integers: bool,
}

/// Which of the wanted fields a key names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    /// The body source of the event type (top level).
    Type,
    /// The body source of the id (top level).
    Id,
    /// Slack: the top-level key of the inner event object.
    Envelope,
    /// Slack: `type` directly inside the inner event object.
    InnerType,
}

/// Objects up to this many keys are checked for duplicates key by key; larger ones get a set
/// (as the document sink does), so a many-keyed object costs `n log n`, never `n²`.
const SMALL_OBJECT: usize = 16;

/// A sink for the validator's parser that builds nothing: it keeps the keys of the open
/// objects (for the per-object duplicate and key-count checks, which the sink decides) and the
/// content of the few string fields that name an event. The parser does every other check and
/// words every error, so this accepts and refuses exactly what [`parse_json`] does.
struct NameSink {
    type_key: Option<&'static str>,
    id_key: Option<&'static str>,
    envelope_key: Option<&'static str>,
    /// Open containers, the root being 1.
    depth: usize,
    /// The field whose value the parser reads next, when wanted.
    want: Option<Field>,
    /// Inside the envelope object (directly or deeper).
    in_envelope: bool,
    /// The keys of the small open objects, innermost last, end to end.
    keys: String,
    /// Where each key of `keys` ends, object after object.
    key_ends: Vec<usize>,
    found: EventNames,
}

/// A key being read: where it lies in `NameSink::keys`, and the field it names.
struct NameKey {
    from: usize,
    to: usize,
    field: Option<Field>,
}

/// A finished value, as far as the names go.
enum Named {
    Other,
    /// A wanted string.
    Text(String),
    /// The envelope object, with its `type` if that was a string.
    Envelope(Option<String>),
}

/// An object being read.
struct NameObject {
    /// Where its keys start in `NameSink::keys` / `key_ends` while it is small.
    keys_from: usize,
    ends_from: usize,
    /// Its keys once it is not small.
    index: Option<BTreeSet<Box<str>>>,
    envelope: bool,
    inner_type: Option<String>,
}

impl NameSink {
    fn new(fields: &EventFields) -> NameSink {
        let body = |source: &Source| match source {
            Source::Body(name) => Some(*name),
            Source::Header(_) | Source::SignedId => None,
        };
        NameSink {
            type_key: body(&fields.event_type),
            id_key: body(&fields.id),
            envelope_key: fields.inner.map(|(_, key)| key),
            depth: 0,
            want: None,
            in_envelope: false,
            keys: String::new(),
            key_ends: Vec::new(),
            found: EventNames::default(),
        }
    }

    /// The key `key` of the open object `object` if it already holds it.
    fn holds(&self, object: &NameObject, key: &str) -> bool {
        if let Some(index) = &object.index {
            return index.contains(key);
        }
        let mut start = object.keys_from;
        for &end in self.key_ends.get(object.ends_from..).unwrap_or_default() {
            if self.keys.get(start..end) == Some(key) {
                return true;
            }
            start = end;
        }
        false
    }
}

impl Sink for NameSink {
    type Value = Named;
    type Key = NameKey;
    type Array = usize;
    type Object = NameObject;

    fn scalar(&mut self, scalar: Scalar<'_>) -> Named {
        let want = self.want.take();
        match scalar {
            Scalar::String(s) if want.is_some() => Named::Text(s.content.to_owned()),
            Scalar::Number(n) => {
                let beyond = match (n.as_u64(), n.as_i64()) {
                    (Some(n), _) => n > MAX_SAFE_INTEGER,
                    (None, Some(n)) => n.unsigned_abs() > MAX_SAFE_INTEGER,
                    (None, None) => false,
                };
                self.found.may_hold_unsafe_integers |= beyond;
                Named::Other
            }
            Scalar::Null | Scalar::Bool(_) | Scalar::String(_) => Named::Other,
        }
    }

    fn key(&mut self, key: Str<'_>) -> NameKey {
        let name = key.content;
        let field = if self.depth == 1 {
            if Some(name) == self.type_key {
                Some(Field::Type)
            } else if Some(name) == self.id_key {
                Some(Field::Id)
            } else if Some(name) == self.envelope_key {
                Some(Field::Envelope)
            } else {
                None
            }
        } else if self.depth == 2 && self.in_envelope && name == "type" {
            Some(Field::InnerType)
        } else {
            None
        };
        self.want = field;
        let from = self.keys.len();
        self.keys.push_str(name);
        NameKey {
            from,
            to: self.keys.len(),
            field,
        }
    }

    fn open_array(&mut self) -> usize {
        self.want = None;
        self.depth += 1;
        0
    }

    fn open_object(&mut self) -> NameObject {
        let envelope = self.want.take() == Some(Field::Envelope);
        self.in_envelope |= envelope;
        self.depth += 1;
        NameObject {
            keys_from: self.keys.len(),
            ends_from: self.key_ends.len(),
            index: None,
            envelope,
            inner_type: None,
        }
    }

    fn items(array: &usize) -> usize {
        *array
    }

    fn push(&mut self, array: &mut usize, _item: Named) {
        *array += 1;
    }

    fn insert(
        &mut self,
        object: &mut NameObject,
        key: NameKey,
        value: Named,
        limits: &JsonLimits,
    ) -> Result<(), Refused> {
        // The key is the last one read: nested objects' keys were dropped when they closed.
        let name = self.keys.get(key.from..key.to).unwrap_or_default();
        if self.holds(object, name) {
            if !limits.allow_duplicate_keys {
                return Err(Refused::Duplicate(name.to_owned()));
            }
            // The last copy wins, as in the value: its own key is dropped, the first stays.
            self.keys.truncate(key.from);
        } else {
            let len = object.index.as_ref().map_or(
                self.key_ends.len().saturating_sub(object.ends_from),
                BTreeSet::len,
            );
            if len >= limits.max_object_keys {
                return Err(Refused::TooManyKeys);
            }
            if let Some(index) = &mut object.index {
                index.insert(name.into());
                self.keys.truncate(key.from);
            } else if len >= SMALL_OBJECT {
                let mut index: BTreeSet<Box<str>> = BTreeSet::new();
                let mut start = object.keys_from;
                for &end in self.key_ends.get(object.ends_from..).unwrap_or_default() {
                    index.insert(self.keys.get(start..end).unwrap_or_default().into());
                    start = end;
                }
                index.insert(name.into());
                self.keys.truncate(object.keys_from);
                self.key_ends.truncate(object.ends_from);
                object.index = Some(index);
            } else {
                self.key_ends.push(key.to);
            }
        }
        let text = |value: Named| match value {
            Named::Text(text) => Some(text),
            Named::Other | Named::Envelope(_) => None,
        };
        match key.field {
            // Top-level fields land in the sink, the inner type in its object: a later copy
            // of a key (under allow_duplicate_keys) overwrites, as in the value.
            Some(Field::Type) => self.found.event_type = text(value),
            Some(Field::Id) => self.found.id = text(value),
            Some(Field::Envelope) => {
                self.found.inner_type = match value {
                    Named::Envelope(inner) => inner,
                    Named::Other | Named::Text(_) => None,
                }
            }
            Some(Field::InnerType) => object.inner_type = text(value),
            None => {}
        }
        Ok(())
    }

    fn close_array(&mut self, _array: usize) -> Named {
        self.depth = self.depth.saturating_sub(1);
        Named::Other
    }

    fn close_object(&mut self, object: NameObject) -> Named {
        self.depth = self.depth.saturating_sub(1);
        self.keys.truncate(object.keys_from);
        self.key_ends.truncate(object.ends_from);
        if object.envelope {
            self.in_envelope = false;
            Named::Envelope(object.inner_type)
        } else {
            Named::Other
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use crate::webhook::WebhookOptions;

    fn webhook(scheme: Scheme) -> Webhook {
        let options = WebhookOptions {
            scheme,
            ..WebhookOptions::default()
        };
        Webhook::new(&["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"], options).unwrap()
    }

    #[test]
    fn every_scheme_names_its_event() {
        for scheme in Scheme::ALL {
            let names = scheme.event_header_names();
            assert!(
                names
                    .iter()
                    .all(|n| n.bytes().all(|b| !b.is_ascii_uppercase()))
            );
            let wh = webhook(*scheme);
            let none: Vec<&[&str]> = vec![&[]; names.len()];
            let event = wh
                .read_event(b"{\"type\":\"a\"}", &none, None, &JsonLimits::default())
                .unwrap();
            let body_named = matches!(scheme, Scheme::Stripe | Scheme::Standard | Scheme::Slack);
            assert_eq!(event.event_type.is_some(), body_named, "{scheme}");
        }
    }

    #[test]
    fn slack_inner_type_only_for_event_callbacks() {
        let wh = webhook(Scheme::Slack);
        let limits = JsonLimits::default();
        let body = br#"{"type":"event_callback","event_id":"Ev1","event":{"type":"app_mention"}}"#;
        let event = wh.read_event(body, &[], None, &limits).unwrap();
        assert_eq!(event.inner_type.as_deref(), Some("app_mention"));
        assert_eq!(event.id.as_deref(), Some("Ev1"));
        let other = br#"{"type":"url_verification","event":{"type":"x"}}"#;
        assert_eq!(
            wh.read_event(other, &[], None, &limits).unwrap().inner_type,
            None
        );
    }

    #[test]
    fn header_names_follow_the_header_rule() {
        let wh = webhook(Scheme::Shopify);
        let limits = JsonLimits::default();
        let event = wh
            .read_event(b"{}", &[&[" orders/create "], &[], &["e1"]], None, &limits)
            .unwrap();
        assert_eq!(event.event_type.as_deref(), Some("orders/create"));
        assert_eq!(event.id.as_deref(), Some("e1"));
        let twice = wh
            .read_event(b"{}", &[&["a", "b"], &["w"], &["e"]], None, &limits)
            .unwrap();
        assert_eq!(
            (twice.event_type.as_deref(), twice.id.as_deref()),
            (Some("a, b"), Some("w"))
        );
        let long = "x".repeat(DEFAULT_MAX + 1);
        let err = wh
            .read_event(b"{}", &[&[long.as_str()], &[], &[]], None, &limits)
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::MalformedHeader);
        let err = wh.read_event(b"{}", &[], None, &limits).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidOptions);
    }

    const DEFAULT_MAX: usize = crate::webhook::DEFAULT_MAX_HEADER_BYTES;

    #[test]
    fn bodies_are_parsed_under_the_limits() {
        let wh = webhook(Scheme::Stripe);
        let limits = JsonLimits::default();
        for (body, code) in [
            (&b"not json"[..], ErrorCode::InvalidJson),
            (b"{\"a\":1,\"a\":2}", ErrorCode::InvalidJson),
            (&[b'['; 200][..], ErrorCode::LimitExceeded),
        ] {
            assert_eq!(
                wh.read_event(body, &[], None, &limits).unwrap_err().code(),
                code
            );
        }
        // Not an object, or a type that is not a string: no name, no error.
        for body in [&b"[1]"[..], b"{\"type\":5}", b"\"x\""] {
            let event = wh.read_event(body, &[], None, &limits).unwrap();
            assert_eq!((event.event_type, event.id), (None, None));
        }
    }

    #[test]
    fn verify_event_verifies_first() {
        let wh = webhook(Scheme::Stripe);
        let limits = JsonLimits::default();
        let header = wh.sign(b"not json", 1000).unwrap();
        // A forged body is a signature error, not a JSON one.
        let forged = wh
            .verify_event_with(b"nope", |_| Some(header.as_str()), 1000, &limits)
            .unwrap_err();
        assert_eq!(forged.code(), ErrorCode::SignatureMismatch);
        let genuine = wh
            .verify_event_with(b"not json", |_| Some(header.as_str()), 1000, &limits)
            .unwrap_err();
        assert_eq!(genuine.code(), ErrorCode::InvalidJson);
    }

    /// `read_event_names` against `read_event` (the oracle) on one body, for every limit.
    fn names_agree(wh: &Webhook, body: &[u8], limits: &JsonLimits) -> Result<EventNames, Error> {
        let none: Vec<&[&str]> = vec![&[]; wh.scheme().event_header_names().len()];
        let full = wh.read_event(body, &none, Some("signed"), limits);
        let names = wh.read_event_names(body, &none, Some("signed"), limits);
        match (&full, &names) {
            (Ok(event), Ok(names)) => {
                assert_eq!(
                    (&names.event_type, &names.id, &names.inner_type),
                    (&event.event_type, &event.id, &event.inner_type),
                    "{}",
                    String::from_utf8_lossy(body)
                );
            }
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
            _ => panic!("disagree: {full:?} / {names:?}"),
        }
        names
    }

    #[test]
    fn names_without_the_body_match_the_full_parse() {
        let limits = JsonLimits::default();
        let slack = webhook(Scheme::Slack);
        // The envelope before or after the type, its type escaped, nested deeper, not an
        // object: the inner type only where the full parse finds it.
        for (body, inner) in [
            (
                &br#"{"event":{"type":"app_mention"},"type":"event_callback"}"#[..],
                Some("app_mention"),
            ),
            (
                br#"{"type":"event_callback","event":{"t\u0079pe":"message","x":{"type":"no"}}}"#,
                Some("message"),
            ),
            (
                br#"{"type":"event_callback","event":{"x":{"type":"deeper"}}}"#,
                None,
            ),
            (
                br#"{"type":"event_callback","event":[{"type":"no"}]}"#,
                None,
            ),
            (br#"{"type":"event_callback","event":{"type":5}}"#, None),
            (br#"{"type":"url_verification","event":{"type":"x"}}"#, None),
            (
                br#"{"type":"event_callback","x":{"event":{"type":"no"}}}"#,
                None,
            ),
        ] {
            let names = names_agree(&slack, body, &limits).unwrap();
            assert_eq!(names.inner_type.as_deref(), inner);
        }
        let stripe = webhook(Scheme::Stripe);
        let names = names_agree(&stripe, br#"{"id":"evt_1","type":"a.b"}"#, &limits).unwrap();
        assert_eq!(
            (names.event_type.as_deref(), names.id.as_deref()),
            (Some("a.b"), Some("evt_1"))
        );
        // Not an object, or fields that are not strings: no names, as the full parse.
        for body in [&b"[{\"type\":\"a\"}]"[..], b"\"x\"", b"{\"type\":[\"a\"]}"] {
            assert_eq!(
                names_agree(&stripe, body, &limits).unwrap().event_type,
                None
            );
        }
        // Header-named and signed-id schemes take nothing from the body.
        let standard = webhook(Scheme::Standard);
        let names = names_agree(&standard, br#"{"type":"t","id":"body"}"#, &limits).unwrap();
        assert_eq!(names.id.as_deref(), Some("signed"));
        let github = webhook(Scheme::Github);
        assert_eq!(
            names_agree(&github, br#"{"type":"t"}"#, &limits)
                .unwrap()
                .event_type,
            None
        );
    }

    #[test]
    fn names_without_the_body_refuse_what_the_full_parse_refuses() {
        let stripe = webhook(Scheme::Stripe);
        let limits = JsonLimits::default();
        for (body, code) in [
            (&b"not json"[..], ErrorCode::InvalidJson),
            (b"", ErrorCode::InvalidJson),
            (b"{\"a\":1,\"a\":2}", ErrorCode::InvalidJson),
            // A repeat nested anywhere, after objects that held the same key.
            (
                b"{\"type\":\"a\",\"x\":{\"k\":1},\"y\":{\"k\":1,\"z\":[{\"k\":1,\"k\":2}]}}",
                ErrorCode::InvalidJson,
            ),
            (
                b"{\"type\":\"a\",\"t\\u0079pe\":\"b\"}",
                ErrorCode::InvalidJson,
            ),
            (b"[\"\xff\"]", ErrorCode::InvalidJson),
            (b"{} x", ErrorCode::InvalidJson),
            (&[b'['; 200][..], ErrorCode::LimitExceeded),
            (b"[18446744073709551616]", ErrorCode::LimitExceeded),
        ] {
            let err = names_agree(&stripe, body, &limits).unwrap_err();
            assert_eq!(err.code(), code, "{}", String::from_utf8_lossy(body));
        }
        // Limits on keys and items count per object and array, as in the full parse.
        let tight = JsonLimits {
            max_object_keys: 2,
            max_array_items: 2,
            ..JsonLimits::default()
        };
        assert!(names_agree(&stripe, b"{\"a\":{\"b\":1,\"c\":2},\"d\":[1,2]}", &tight).is_ok());
        for body in [&b"{\"a\":1,\"b\":2,\"c\":3}"[..], b"{\"a\":[1,2,3]}"] {
            let err = names_agree(&stripe, body, &tight).unwrap_err();
            assert_eq!(err.code(), ErrorCode::LimitExceeded);
        }
        let bad = JsonLimits {
            max_depth: 0,
            ..JsonLimits::default()
        };
        assert_eq!(
            names_agree(&stripe, b"{}", &bad).unwrap_err().code(),
            ErrorCode::ValidationInvalidOptions
        );
    }

    #[test]
    fn repeated_keys_when_allowed_take_the_last_copy() {
        let allow = JsonLimits {
            allow_duplicate_keys: true,
            ..JsonLimits::default()
        };
        let slack = webhook(Scheme::Slack);
        for body in [
            &br#"{"type":"event_callback","event":{"type":"a"},"event":{"type":"b"}}"#[..],
            br#"{"type":"x","type":"event_callback","event":{"type":"a","type":"b"}}"#,
            br#"{"type":"event_callback","event":{"type":"a"},"event":5}"#,
            br#"{"type":"event_callback","type":7,"event":{"type":"a"}}"#,
        ] {
            names_agree(&slack, body, &allow).unwrap();
        }
        // Many keys: past the small-object scan, repeats are still found.
        let members: Vec<String> = (0..40).map(|i| format!("\"k{i}\":{i}")).collect();
        let body = format!("{{{},\"k3\":0}}", members.join(","));
        let stripe = webhook(Scheme::Stripe);
        let err = names_agree(&stripe, body.as_bytes(), &JsonLimits::default()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidJson);
        assert!(names_agree(&stripe, body.as_bytes(), &allow).is_ok());
    }

    #[test]
    fn names_tell_whether_integers_exceed_javascript_numbers() {
        let stripe = webhook(Scheme::Stripe);
        let limits = JsonLimits::default();
        for (body, beyond) in [
            (&b"{\"n\":9007199254740991}"[..], false),
            (b"{\"n\":\"90071992547409910000\"}", false),
            (b"{\"n\":1.8e19}", false),
            (b"{\"n\":[9007199254740992]}", true),
            (b"-9007199254740992", true),
            (b"{\"a\":{\"n\":18446744073709551615}}", true),
        ] {
            let names = names_agree(&stripe, body, &limits).unwrap();
            assert_eq!(
                names.may_hold_unsafe_integers,
                beyond,
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }
}
