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
    RateLimitError,
    RateLimitInvalidOptionsError,
    RedactionError,
    RedactionInvalidJsonError,
    RedactionInvalidOptionsError,
    RedactionLimitExceededError,
    ReplayedError,
    ReplayGuardFullError,
    SchemaError,
    SignatureMismatchError,
    TimestampTooNewError,
    TimestampTooOldError,
    ValidationError,
    ValidationFailedError,
    ValidationInvalidOptionsError,
    WebhookVerificationError,
)
from edgeward._native import (
    RateLimiterCore,
    RateLimitResult,
    ReplayGuard,
    ValidationIssue,
    Validator,
    Verified,
    Webhook,
    build_path,
    encode_path_segment,
    error_codes,
    error_family,
    rate_limit_redis_script,
)
from edgeward._native import __version__ as __version__
from edgeward._ratelimit import RateLimiter, RateLimitStore, RedisStore
from edgeward._redaction import Redacted, RedactingFilter, Redactor, structlog_processor
from edgeward._replay import ReplayStore

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
    "RateLimitError",
    "RateLimitInvalidOptionsError",
    "RateLimitResult",
    "RateLimitStore",
    "RateLimiter",
    "RateLimiterCore",
    "Redacted",
    "RedactingFilter",
    "RedactionError",
    "RedactionInvalidJsonError",
    "RedactionInvalidOptionsError",
    "RedactionLimitExceededError",
    "Redactor",
    "RedisStore",
    "ReplayGuard",
    "ReplayGuardFullError",
    "ReplayStore",
    "ReplayedError",
    "SchemaError",
    "SignatureMismatchError",
    "TimestampTooNewError",
    "TimestampTooOldError",
    "ValidationError",
    "ValidationFailedError",
    "ValidationInvalidOptionsError",
    "ValidationIssue",
    "Validator",
    "Verified",
    "Webhook",
    "WebhookVerificationError",
    "build_path",
    "encode_path_segment",
    "error_codes",
    "error_family",
    "rate_limit_redis_script",
    "structlog_processor",
]
