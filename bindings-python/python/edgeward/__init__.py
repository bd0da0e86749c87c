"""edgeward: webhook signature verification (Stripe scheme) backed by one audited Rust core.

Build one ``Webhook`` per endpoint, then verify each delivery with the raw request body::

    webhook = Webhook("whsec_...")
    verified = webhook.verify(raw_body, request.headers.get("Stripe-Signature"))
"""

from edgeward._errors import (
    BY_CODE,
    BY_FAMILY,
    EdgewardError,
    InvalidJsonError,
    InvalidOptionsError,
    InvalidPathError,
    InvalidPayloadError,
    InvalidSecretError,
    LimitExceededError,
    MalformedHeaderError,
    MissingHeaderError,
    NoSignaturesError,
    PathError,
    ReplayedError,
    SchemaError,
    SignatureMismatchError,
    TimestampTooNewError,
    TimestampTooOldError,
    ValidationError,
    ValidationFailedError,
    WebhookVerificationError,
)
from edgeward._native import Verified, Webhook, error_codes, error_family
from edgeward._native import __version__ as __version__

__all__ = [
    "BY_CODE",
    "BY_FAMILY",
    "EdgewardError",
    "InvalidJsonError",
    "InvalidOptionsError",
    "InvalidPathError",
    "InvalidPayloadError",
    "InvalidSecretError",
    "LimitExceededError",
    "MalformedHeaderError",
    "MissingHeaderError",
    "NoSignaturesError",
    "PathError",
    "ReplayedError",
    "SchemaError",
    "SignatureMismatchError",
    "TimestampTooNewError",
    "TimestampTooOldError",
    "ValidationError",
    "ValidationFailedError",
    "Verified",
    "Webhook",
    "WebhookVerificationError",
    "error_codes",
    "error_family",
]
