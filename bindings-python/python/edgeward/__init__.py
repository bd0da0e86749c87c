"""edgeward: webhook signature verification for every major scheme, backed by one Rust core,
tested with shared vectors, property tests and fuzzing (see SECURITY.md).

Build one ``Webhook`` per endpoint, with the scheme your provider uses, then verify each
delivery with the raw request body and the request's headers::

    webhook = Webhook("whsec_...", scheme="standard", replay_guard=ReplayGuard())
    verified = webhook.verify(raw_body, request.headers)

Schemes: ``stripe`` (the default), ``standard`` (Standard Webhooks, Svix), ``github``,
``slack``, ``shopify``.
"""

from edgeward._errors import (
    BY_CODE,
    BY_FAMILY,
    EdgewardError,
    PathError,
    PathInvalidError,
    RedactionError,
    RedactionInvalidJsonError,
    RedactionInvalidOptionsError,
    RedactionLimitExceededError,
    SchemaError,
    SchemaInvalidError,
    ValidationError,
    ValidationFailedError,
    ValidationInvalidJsonError,
    ValidationInvalidOptionsError,
    ValidationLimitExceededError,
    WebhookInvalidOptionsError,
    WebhookInvalidPayloadError,
    WebhookInvalidSecretError,
    WebhookMalformedHeaderError,
    WebhookMissingHeaderError,
    WebhookNoSignaturesError,
    WebhookReplayedError,
    WebhookReplayGuardFullError,
    WebhookSignatureMismatchError,
    WebhookTimestampTooNewError,
    WebhookTimestampTooOldError,
    WebhookVerificationError,
)
from edgeward._native import (
    ReplayGuard,
    ValidationIssue,
    Validator,
    Verified,
    Webhook,
    build_path,
    encode_path_segment,
    error_codes,
    error_family,
)
from edgeward._native import __version__ as __version__
from edgeward._redaction import Redacted, RedactingFilter, Redactor, structlog_processor
from edgeward._replay import ReplayStore

__all__ = [
    "BY_CODE",
    "BY_FAMILY",
    "EdgewardError",
    "PathError",
    "PathInvalidError",
    "Redacted",
    "RedactingFilter",
    "RedactionError",
    "RedactionInvalidJsonError",
    "RedactionInvalidOptionsError",
    "RedactionLimitExceededError",
    "Redactor",
    "ReplayGuard",
    "ReplayStore",
    "SchemaError",
    "SchemaInvalidError",
    "ValidationError",
    "ValidationFailedError",
    "ValidationInvalidJsonError",
    "ValidationInvalidOptionsError",
    "ValidationIssue",
    "ValidationLimitExceededError",
    "Validator",
    "Verified",
    "Webhook",
    "WebhookInvalidOptionsError",
    "WebhookInvalidPayloadError",
    "WebhookInvalidSecretError",
    "WebhookMalformedHeaderError",
    "WebhookMissingHeaderError",
    "WebhookNoSignaturesError",
    "WebhookReplayGuardFullError",
    "WebhookReplayedError",
    "WebhookSignatureMismatchError",
    "WebhookTimestampTooNewError",
    "WebhookTimestampTooOldError",
    "WebhookVerificationError",
    "build_path",
    "encode_path_segment",
    "error_codes",
    "error_family",
    "structlog_processor",
]
