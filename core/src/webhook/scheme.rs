//! The signing schemes, described in one table.
//!
//! A scheme is chosen explicitly by the receiver, never guessed from the request: guessing
//! would let an attacker pick the weakest scheme the receiver happens to accept.
//!
//! Every scheme is one [`Descriptor`] constant: which headers carry what, how the signed
//! content is assembled, how signatures are written, how secrets are read. The verifier and
//! the signer in `mod.rs` are generic over descriptors. Adding a provider is a new variant,
//! a new constant, and one line in each of [`Scheme::descriptor`] and [`Scheme::ALL`]; for
//! example Paddle (`paddle-signature: ts=…;h1=<hex>` over `ts:payload`) is a
//! [`SignatureFormat::Keyed`] with `;` separators, and Discord (`x-signature-ed25519` hex
//! over `timestamp ‖ payload`) a [`SignatureFormat::Single`] whose secrets are Ed25519 keys.

use super::keyed_header::{self, KeyedFormat};
use crate::error::Error;

/// A webhook signing scheme.
///
/// | scheme | headers | signed content | signature | timestamp | id |
/// |---|---|---|---|---|---|
/// | `stripe` | `stripe-signature: t=…,v1=<hex>` | `t.payload` | HMAC-SHA256, hex | yes | no |
/// | `standard` | `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<b64> v1a,<b64>` (or `svix-*`) | `id.timestamp.payload` | HMAC-SHA256 (`v1`) or Ed25519 (`v1a`), base64 | yes | yes |
/// | `github` | `x-hub-signature-256: sha256=<hex>` | `payload` | HMAC-SHA256, hex | **no** | no |
/// | `slack` | `x-slack-signature: v0=<hex>`, `x-slack-request-timestamp` | `v0:timestamp:payload` | HMAC-SHA256, hex | yes | no |
/// | `shopify` | `x-shopify-hmac-sha256: <b64>` | `payload` | HMAC-SHA256, base64 | **no** | no |
///
/// Schemes without a timestamp (`github`, `shopify`) cannot tell a fresh delivery from a
/// replayed one: a captured request stays valid forever. Use a
/// [`ReplayGuard`](super::ReplayGuard) (or an external store) with them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Scheme {
    /// Stripe's `stripe-signature` header (the default).
    #[default]
    Stripe,
    /// Standard Webhooks (`webhook-*` headers; `svix-*` accepted), symmetric `v1` and
    /// asymmetric `v1a`.
    Standard,
    /// GitHub's `x-hub-signature-256`. No timestamp.
    Github,
    /// Slack's `x-slack-signature` with `x-slack-request-timestamp`.
    Slack,
    /// Shopify's `x-shopify-hmac-sha256`. No timestamp.
    Shopify,
}

/// Where a scheme's headers are. All names are lowercase; lookups are case-insensitive.
#[derive(Debug)]
pub(crate) struct HeaderSet {
    pub id: Option<&'static str>,
    pub timestamp: Option<&'static str>,
    pub signature: &'static str,
}

/// How signature values are written in the signature header.
#[derive(Debug)]
pub(crate) enum SignatureFormat {
    /// A `key=value` list that also carries the timestamp (Stripe's `t=…,v1=…`).
    Keyed(&'static KeyedFormat),
    /// Space-separated `version,<base64>` entries: `v1` is HMAC-SHA256, `v1a` Ed25519
    /// (Standard Webhooks).
    Versioned,
    /// Exactly one signature after a fixed prefix (`sha256=`, `v0=`, or none).
    Single {
        prefix: &'static str,
        encoding: Encoding,
    },
}

/// Text encoding of a signature.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Encoding {
    /// Lowercase hex.
    Hex,
    /// Standard base64 with padding.
    Base64,
}

/// One piece of the signed content.
#[derive(Debug)]
pub(crate) enum Part {
    Literal(&'static [u8]),
    Id,
    Timestamp,
    Payload,
}

/// How the secrets given at construction become keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SecretKind {
    /// The secret's bytes are the HMAC key, exactly as given.
    Utf8,
    /// Standard Webhooks: `whsec_<base64>` HMAC key, `whpk_<base64>` Ed25519 public key,
    /// `whsk_<base64>` Ed25519 secret key; unprefixed text is base64 (as svix reads it).
    StandardWebhooks,
}

/// Everything that distinguishes one scheme from another.
#[derive(Debug)]
pub(crate) struct Descriptor {
    pub name: &'static str,
    /// Header sets, in order of preference; the first is the one `sign` writes. A request
    /// is read with the first set whose signature header is present.
    pub header_sets: &'static [HeaderSet],
    /// Every header name of every set, as [`Scheme::header_names`] lists them.
    pub header_names: &'static [&'static str],
    pub signature: SignatureFormat,
    pub content: &'static [Part],
    pub secrets: SecretKind,
    /// Shortest HMAC key accepted, in bytes: [`MIN_ISSUED_SECRET_BYTES`] where the provider
    /// issues the secret (a shorter one is a typo, a truncation or a placeholder), 1 where
    /// users choose their own (GitHub).
    pub min_secret_bytes: usize,
}

/// Shortest HMAC key accepted for schemes whose provider issues the secret (Stripe, Standard
/// Webhooks, Slack and Shopify all issue 24 bytes or more).
pub const MIN_ISSUED_SECRET_BYTES: usize = 16;

const STRIPE: Descriptor = Descriptor {
    name: "stripe",
    header_sets: &[HeaderSet {
        id: None,
        timestamp: None,
        signature: "stripe-signature",
    }],
    header_names: &["stripe-signature"],
    signature: SignatureFormat::Keyed(&keyed_header::STRIPE),
    content: &[Part::Timestamp, Part::Literal(b"."), Part::Payload],
    secrets: SecretKind::Utf8,
    min_secret_bytes: MIN_ISSUED_SECRET_BYTES,
};

const STANDARD: Descriptor = Descriptor {
    name: "standard",
    header_sets: &[
        HeaderSet {
            id: Some("webhook-id"),
            timestamp: Some("webhook-timestamp"),
            signature: "webhook-signature",
        },
        HeaderSet {
            id: Some("svix-id"),
            timestamp: Some("svix-timestamp"),
            signature: "svix-signature",
        },
    ],
    header_names: &[
        "webhook-id",
        "webhook-timestamp",
        "webhook-signature",
        "svix-id",
        "svix-timestamp",
        "svix-signature",
    ],
    signature: SignatureFormat::Versioned,
    content: &[
        Part::Id,
        Part::Literal(b"."),
        Part::Timestamp,
        Part::Literal(b"."),
        Part::Payload,
    ],
    secrets: SecretKind::StandardWebhooks,
    min_secret_bytes: MIN_ISSUED_SECRET_BYTES,
};

const GITHUB: Descriptor = Descriptor {
    name: "github",
    header_sets: &[HeaderSet {
        id: None,
        timestamp: None,
        signature: "x-hub-signature-256",
    }],
    header_names: &["x-hub-signature-256"],
    signature: SignatureFormat::Single {
        prefix: "sha256=",
        encoding: Encoding::Hex,
    },
    content: &[Part::Payload],
    secrets: SecretKind::Utf8,
    // Users choose GitHub secrets themselves; GitHub sets no minimum.
    min_secret_bytes: 1,
};

const SLACK: Descriptor = Descriptor {
    name: "slack",
    header_sets: &[HeaderSet {
        id: None,
        timestamp: Some("x-slack-request-timestamp"),
        signature: "x-slack-signature",
    }],
    header_names: &["x-slack-request-timestamp", "x-slack-signature"],
    signature: SignatureFormat::Single {
        prefix: "v0=",
        encoding: Encoding::Hex,
    },
    content: &[
        Part::Literal(b"v0:"),
        Part::Timestamp,
        Part::Literal(b":"),
        Part::Payload,
    ],
    secrets: SecretKind::Utf8,
    min_secret_bytes: MIN_ISSUED_SECRET_BYTES,
};

const SHOPIFY: Descriptor = Descriptor {
    name: "shopify",
    header_sets: &[HeaderSet {
        id: None,
        timestamp: None,
        signature: "x-shopify-hmac-sha256",
    }],
    header_names: &["x-shopify-hmac-sha256"],
    signature: SignatureFormat::Single {
        prefix: "",
        encoding: Encoding::Base64,
    },
    content: &[Part::Payload],
    secrets: SecretKind::Utf8,
    min_secret_bytes: MIN_ISSUED_SECRET_BYTES,
};

impl Scheme {
    /// Every scheme, in a stable order.
    pub const ALL: &'static [Scheme] = &[
        Scheme::Stripe,
        Scheme::Standard,
        Scheme::Github,
        Scheme::Slack,
        Scheme::Shopify,
    ];

    pub(crate) const fn descriptor(self) -> &'static Descriptor {
        match self {
            Scheme::Stripe => &STRIPE,
            Scheme::Standard => &STANDARD,
            Scheme::Github => &GITHUB,
            Scheme::Slack => &SLACK,
            Scheme::Shopify => &SHOPIFY,
        }
    }

    /// The scheme's stable name, as bindings accept it (`"stripe"`, `"standard"`, …).
    pub const fn as_str(self) -> &'static str {
        self.descriptor().name
    }

    /// Looks a scheme up by its name (exact, lowercase).
    pub fn from_name(name: &str) -> Option<Scheme> {
        Scheme::ALL.iter().copied().find(|s| s.as_str() == name)
    }

    /// Every header this scheme may read, lowercase, in a fixed order. Bindings look each
    /// one up case-insensitively in the request's headers and pass the values in this order
    /// to [`Webhook::verify_values`](super::Webhook::verify_values), so that only these
    /// headers cross the language boundary.
    pub const fn header_names(self) -> &'static [&'static str] {
        self.descriptor().header_names
    }

    /// The header that carries the signature (the one a bare header string stands for in
    /// [`Webhook::verify`](super::Webhook::verify)).
    pub const fn signature_header(self) -> &'static str {
        match self.descriptor().header_sets {
            [first, ..] => first.signature,
            [] => "",
        }
    }

    /// Whether a binding's `sign` answers the signature header's value alone (`stripe`,
    /// whose one header carries the timestamp and the signatures) rather than every header a
    /// sender sets, as `sign_headers` does. Decided here once, so every binding's `sign`
    /// answers alike.
    pub const fn signs_one_value(self) -> bool {
        matches!(self, Scheme::Stripe)
    }

    /// Whether deliveries carry a signed timestamp. Without one, tolerance cannot reject
    /// replays: only a replay guard can.
    pub const fn has_timestamp(self) -> bool {
        match self.descriptor().signature {
            SignatureFormat::Keyed(_) => true,
            _ => match self.descriptor().header_sets {
                [first, ..] => first.timestamp.is_some(),
                [] => false,
            },
        }
    }

    /// Whether deliveries carry a signed, unique delivery id (reported in
    /// [`Verified::id`](super::Verified::id) and used as the replay key).
    pub const fn has_id(self) -> bool {
        match self.descriptor().header_sets {
            [first, ..] => first.id.is_some(),
            [] => false,
        }
    }
}

impl core::fmt::Display for Scheme {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl core::str::FromStr for Scheme {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self, Error> {
        Scheme::from_name(name).ok_or_else(|| {
            let names: Vec<&str> = Scheme::ALL.iter().map(|s| s.as_str()).collect();
            let shown: String = name.chars().take(32).collect();
            Error::InvalidOptions {
                reason: format!(
                    "unknown scheme {shown:?}: use one of {} (chosen by you, never from the \
                     request)",
                    names.join(", ")
                ),
            }
        })
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

    /// The flattened name list must be exactly the names of the header sets, so that
    /// bindings fetching `header_names()` fetch everything the verifier may read.
    #[test]
    fn header_names_match_header_sets() {
        for scheme in Scheme::ALL {
            let d = scheme.descriptor();
            let mut from_sets = Vec::new();
            for set in d.header_sets {
                from_sets.extend(set.id);
                from_sets.extend(set.timestamp);
                from_sets.push(set.signature);
            }
            let mut listed = d.header_names.to_vec();
            listed.sort_unstable();
            from_sets.sort_unstable();
            assert_eq!(listed, from_sets, "{scheme}");
            for name in d.header_names {
                assert_eq!(*name, name.to_ascii_lowercase(), "{scheme}: {name}");
            }
        }
    }

    /// Every part of the signed content must be provided by every header set.
    #[test]
    fn content_parts_are_available() {
        for scheme in Scheme::ALL {
            let d = scheme.descriptor();
            for set in d.header_sets {
                for part in d.content {
                    match part {
                        Part::Id => assert!(set.id.is_some(), "{scheme}"),
                        Part::Timestamp => assert!(
                            set.timestamp.is_some()
                                || matches!(d.signature, SignatureFormat::Keyed(_)),
                            "{scheme}"
                        ),
                        Part::Literal(_) | Part::Payload => {}
                    }
                }
            }
            assert_eq!(
                scheme.has_timestamp(),
                d.content.iter().any(|p| matches!(p, Part::Timestamp)),
                "{scheme}"
            );
        }
    }

    #[test]
    fn names_round_trip() {
        for scheme in Scheme::ALL {
            assert_eq!(Scheme::from_name(scheme.as_str()), Some(*scheme));
            assert_eq!(scheme.as_str().parse::<Scheme>(), Ok(*scheme));
        }
        assert_eq!(Scheme::default(), Scheme::Stripe);
        assert!("Stripe".parse::<Scheme>().is_err());
        let err = "x".repeat(10_000).parse::<Scheme>().unwrap_err();
        assert!(err.to_string().len() < 300);
        assert!(!Scheme::Github.has_timestamp() && !Scheme::Shopify.has_timestamp());
        assert!(Scheme::Stripe.has_timestamp() && Scheme::Slack.has_timestamp());
        assert!(Scheme::Standard.has_id() && !Scheme::Stripe.has_id());
        assert_eq!(Scheme::Slack.signature_header(), "x-slack-signature");
    }
}
