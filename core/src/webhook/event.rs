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
//! [`headers`]: super::headers
//! [`WebhookOptions::max_header_bytes`]: super::WebhookOptions::max_header_bytes

use std::borrow::Cow;

use serde_json::Value;

use super::{Scheme, Verified, Webhook, headers, occurrence_lookup};
use crate::error::Error;
use crate::validate::{JsonLimits, parse_json};

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
        if occurrences.len() != names.len() {
            return Err(Error::InvalidOptions {
                reason: format!(
                    "{} event header values given, the {} scheme reads {}: pass one per name \
                     of Scheme::event_header_names(), in order",
                    occurrences.len(),
                    self.options.scheme,
                    names.len()
                ),
            });
        }
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
        mut lookup: F,
        verified_id: Option<&str>,
        limits: &JsonLimits,
    ) -> Result<Event, Error>
    where
        F: FnMut(&'static str) -> I,
        I: IntoIterator<Item = &'h str>,
    {
        let fields = self.options.scheme.event_fields();
        let max = self.options.max_header_bytes;
        // Headers first: a malformed one is refused before the body is parsed.
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
        let header_type = from_source(&fields.event_type)?;
        let header_id = from_source(&fields.id)?;
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
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
}
