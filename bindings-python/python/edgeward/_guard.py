"""The framework-free part of edgeward's web integrations (``edgeward.fastapi``,
``edgeward.flask``, ``edgeward.django``, ``edgeward.asgi``): one ``WebhookGuard`` per endpoint
runs the guards in a fixed order and answers either a ``WebhookDelivery`` or a ``Refusal``
(status, headers, RFC 9457 problem JSON) that the framework module turns into its response.
It imports no framework.

Order, cheapest refusal first: the request id; the client's address (``client_ip`` behind
``trusted_proxies``) against the ``allowlist``; the ``rate_limiter`` (keyed by that address);
the declared ``Content-Length`` against ``max_body_bytes`` (before the body is read); the body
read by the framework module under the same limit; then ``Webhook.verify_event`` (signature,
timestamp, replay guard, JSON under the validation parser's limits, the optional ``schema``).

Threat model:

- **A refusal leaks nothing.** The reply is the core's ``safe_error_response``: status,
  generic title and request id; never the error's message, a header, a signature, a secret or
  the body. The request id is the client's ``x-request-id`` only when it is safe to log.
- **Logs are redacted.** Each refusal is logged once (``warning`` for 4xx, ``error`` for 5xx)
  with the core's redacted record, through a ``RedactingFilter`` that the guard puts on its
  logger (``edgeward.webhook`` by default, or the one given): a formatted argument or an
  ``extra`` field with a secret is redacted before any handler sees it.
- **Memory is bounded.** A declared length over ``max_body_bytes`` is refused before reading;
  the framework modules stop reading a body without one at the limit (413).
- **Fail closed.** A client whose address cannot be known is refused by an allowlist or a
  rate limiter (never keyed by a shared placeholder); an exception of a replay store (down,
  timed out) refuses the delivery with 503 so the provider retries; nothing is accepted
  without a verified signature.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, make_dataclass
from typing import Any, Literal, NamedTuple, TypedDict

from edgeward._errors import EdgewardError, NetworkError
from edgeward._native import (
    IpAllowlist,
    RateLimitResult,
    ReplayGuard,
    Validator,
    VerifiedEvent,
    Webhook,
    client_ip,
    http_status,
    request_id,
)
from edgeward._problem import safe_error_response
from edgeward._ratelimit import RateLimiter
from edgeward._redaction import RedactingFilter
from edgeward._replay import ReplayStore

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "LOGGER_NAME",
    "GuardOptions",
    "Refusal",
    "WebhookDelivery",
    "WebhookGuard",
]

DEFAULT_MAX_BODY_BYTES = 1024 * 1024
"""The largest body accepted by default (1 MiB, the validation parser's default too)."""

LOGGER_NAME = "edgeward.webhook"
"""The logger refusals go to unless one is given."""


@dataclass(frozen=True, slots=True)
class WebhookDelivery:
    """A delivery that passed every guard.

    ``event`` is the parsed JSON body; ``type``, ``inner_type`` (Slack), ``id``,
    ``timestamp``, ``secret_index`` and ``scheme`` are what ``Webhook.verify_event`` verified
    and named (``verified`` is its ``VerifiedEvent``).
    ``headers`` are the headers the integration adds to your reply (``x-request-id`` and the
    rate limit's ``RateLimit``/``RateLimit-Policy``).
    """

    event: Any
    type: str | None
    inner_type: str | None
    id: str | None
    timestamp: int | None
    secret_index: int
    scheme: str
    request_id: str
    client_ip: str | None
    rate_limit: RateLimitResult | None
    headers: dict[str, str]
    verified: VerifiedEvent = field(repr=False)


# The guard builds one `WebhookDelivery` per request. A frozen dataclass's `__init__` sets each
# of its twelve fields through `object.__setattr__` (2.2 us a delivery with keywords); this
# twin, with the same slots in the same order, is built with plain stores (0.3 us) and then
# becomes a `WebhookDelivery` by a `__class__` assignment, which CPython allows between classes
# of the same layout. The result is an ordinary, frozen `WebhookDelivery` (test_fastapi checks).
_DeliveryBuilder = make_dataclass(
    "_DeliveryBuilder",
    [(f.name, Any) for f in fields(WebhookDelivery)],
    slots=True,
    eq=False,
    repr=False,
)


@dataclass(frozen=True, slots=True)
class Refusal:
    """A refused request: reply with ``status``, ``headers`` and ``body`` (problem JSON)."""

    status: int
    headers: dict[str, str]
    body: bytes
    reason: str
    request_id: str


class Admission(NamedTuple):
    """A request that passed the guards that run before its body is read.

    A named tuple rather than a frozen dataclass: one is made per request, and a tuple is
    built in a quarter of the time (a frozen dataclass sets each field through
    ``object.__setattr__``)."""

    request_id: str
    client_ip: str | None
    rate_limit: RateLimitResult | None
    headers: dict[str, str]


class _GuardRefusalError(Exception):
    """A refusal that is no core error (its class name is what the log shows)."""

    code = ""


class ClientNotAllowedError(_GuardRefusalError):
    code = "CLIENT_NOT_ALLOWED"


class ClientUnknownError(_GuardRefusalError):
    code = "CLIENT_UNKNOWN"


class RateLimitedError(_GuardRefusalError):
    code = "RATE_LIMITED"


class BodyTooLargeError(_GuardRefusalError):
    code = "BODY_TOO_LARGE"


def _redacting(logger: logging.Logger | logging.LoggerAdapter[Any] | None) -> Any:
    """``logger`` (or the default one) with a ``RedactingFilter`` on its underlying logger."""
    if logger is None:
        logger = logging.getLogger(LOGGER_NAME)
    base = logger.logger if isinstance(logger, logging.LoggerAdapter) else logger
    if not isinstance(base, logging.Logger):
        raise TypeError(f"logger must be a logging.Logger, got {type(logger).__name__}")
    if not any(isinstance(f, RedactingFilter) for f in base.filters):
        base.addFilter(RedactingFilter())
    return logger


class GuardOptions(TypedDict, total=False):
    """The keyword options every integration passes on to ``WebhookGuard`` (after
    ``secrets`` and ``scheme``), listed once so that the four integrations' signatures say
    the same thing; see ``WebhookGuard`` for their meaning and defaults."""

    tolerance: int | float
    retention: int | float
    replay_guard: ReplayGuard | ReplayStore | None
    secret_format: Literal["provider", "raw"]
    schema: Validator | Mapping[str, Any] | bool | None
    max_body_bytes: int
    allowlist: IpAllowlist | Iterable[str] | None
    trusted_proxies: IpAllowlist | Iterable[str] | None
    forwarded_header: Literal["x-forwarded-for", "forwarded"]
    rate_limiter: RateLimiter | None
    logger: logging.Logger | logging.LoggerAdapter[Any] | None
    request_id_header: str


class WebhookGuard:
    """The guards of one webhook endpoint; see the module documentation.

    ``secrets`` (newest first while rotating), ``scheme`` (required: never guessed),
    ``tolerance``, ``retention``, ``replay_guard`` and ``secret_format`` are ``Webhook``'s;
    ``schema`` is passed to ``verify_event``. ``allowlist`` (an ``IpAllowlist`` or its
    entries) admits only those client addresses; ``trusted_proxies`` (an ``IpAllowlist`` or
    entries) and ``forwarded_header`` find the client behind your proxies (without them the
    socket's peer is the client); ``rate_limiter`` limits each client address.
    """

    __slots__ = (
        "_allowlist",
        "_checks_client",
        "_forwarded_header",
        "_logger",
        "_max_body_bytes",
        "_rate_limiter",
        "_request_id_header",
        "_schema",
        "_scheme",
        "_trusted_proxies",
        "_webhook",
    )

    def __init__(
        self,
        secrets: str | Sequence[str],
        *,
        scheme: Literal["stripe", "standard", "github", "slack", "shopify"],
        tolerance: int | float = 300,
        retention: int | float = 604800,
        replay_guard: ReplayGuard | ReplayStore | None = None,
        secret_format: Literal["provider", "raw"] = "provider",  # noqa: S107 - not a secret
        schema: Validator | Mapping[str, Any] | bool | None = None,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        allowlist: IpAllowlist | Iterable[str] | None = None,
        trusted_proxies: IpAllowlist | Iterable[str] | None = None,
        forwarded_header: Literal["x-forwarded-for", "forwarded"] = "x-forwarded-for",
        rate_limiter: RateLimiter | None = None,
        logger: logging.Logger | logging.LoggerAdapter[Any] | None = None,
        request_id_header: str = "x-request-id",
    ) -> None:
        self._webhook = Webhook(
            secrets,
            scheme=scheme,
            tolerance=tolerance,
            retention=retention,
            replay_guard=replay_guard,
            secret_format=secret_format,
        )
        if isinstance(max_body_bytes, bool) or not isinstance(max_body_bytes, int):
            raise TypeError("max_body_bytes must be an int")
        if max_body_bytes < 1:
            raise ValueError(f"max_body_bytes must be positive, got {max_body_bytes}")
        if rate_limiter is not None and not isinstance(rate_limiter, RateLimiter):
            raise TypeError("rate_limiter must be an edgeward.RateLimiter")
        # A schema given as JSON is compiled once here, not on every delivery.
        self._schema = (
            schema if schema is None or isinstance(schema, Validator) else Validator(schema)
        )
        self._max_body_bytes = max_body_bytes
        self._allowlist = (
            allowlist
            if allowlist is None or isinstance(allowlist, IpAllowlist)
            else IpAllowlist(allowlist)
        )
        self._trusted_proxies = (
            trusted_proxies
            if trusted_proxies is None or isinstance(trusted_proxies, IpAllowlist)
            else IpAllowlist(trusted_proxies)
        )
        self._forwarded_header = forwarded_header
        self._rate_limiter = rate_limiter
        # Whether any guard looks at the client's address: without one, `admit` takes the
        # peer as it is.
        self._checks_client = (
            self._allowlist is not None
            or self._trusted_proxies is not None
            or rate_limiter is not None
        )
        self._logger = _redacting(logger)
        self._request_id_header = request_id_header.lower()
        self._scheme = self._webhook.scheme

    @property
    def webhook(self) -> Webhook:
        """The ``Webhook`` that verifies deliveries."""
        return self._webhook

    @property
    def max_body_bytes(self) -> int:
        return self._max_body_bytes

    @property
    def request_id_header(self) -> str:
        """The (lowercase) header an incoming request id is read from."""
        return self._request_id_header

    @property
    def rate_limiter(self) -> RateLimiter | None:
        return self._rate_limiter

    # --- before the body -------------------------------------------------------------

    def _client(
        self, peer: str | None, headers: Any, rid: str
    ) -> tuple[str | None, Refusal | None]:
        """The client's address, or the refusal when a guard needs it and it is not allowed."""
        needs_ip = self._allowlist is not None or self._rate_limiter is not None
        ip = peer
        reason = "no-peer"
        if self._trusted_proxies is not None and peer is not None:
            try:
                found = client_ip(
                    peer=peer,
                    headers=headers,
                    trusted_proxies=self._trusted_proxies,
                    header=self._forwarded_header,
                )
                ip, reason = found.ip, found.reason
            except NetworkError:
                ip, reason = None, "invalid-peer"
        if ip is None:
            if needs_ip:
                error = ClientUnknownError(f"the client's address is unknown ({reason})")
                return None, self.refuse(error, 403, rid)
            return None, None
        if self._allowlist is not None:
            try:
                allowed = self._allowlist.allows(ip)
            except NetworkError:
                allowed = False
            if not allowed:
                return ip, self.refuse(
                    ClientNotAllowedError("the client's address is not allowed"), 403, rid
                )
        return ip, None

    def admit(self, peer: str | None, headers: Any, incoming_id: Any = None) -> Admission | Refusal:
        """The guards before the body: request id, client address, allowlist, rate limit
        (synchronous store)."""
        rid, ip, answer = self._before_rate_limit(peer, headers, incoming_id)
        if answer is not None:
            return answer
        result = None
        if self._rate_limiter is not None and ip is not None:
            result = self._rate_limiter.check(ip)
        return self._admitted(rid, ip, result)

    async def admit_async(
        self, peer: str | None, headers: Any, incoming_id: Any = None
    ) -> Admission | Refusal:
        """``admit`` for asyncio code (the rate limiter's ``check_async``)."""
        rid, ip, answer = self._before_rate_limit(peer, headers, incoming_id)
        if answer is not None:
            return answer
        result = None
        if self._rate_limiter is not None and ip is not None:
            result = await self._rate_limiter.check_async(ip)
        return self._admitted(rid, ip, result)

    def _before_rate_limit(
        self, peer: str | None, headers: Any, incoming_id: Any
    ) -> tuple[str, str | None, Admission | Refusal | None]:
        """The request id and the client address, and the answer when one is already
        given (admitted without client guards, or refused by the allowlist); ``None`` when
        the rate limit decides."""
        rid = request_id(incoming_id if isinstance(incoming_id, str) else None)
        if not self._checks_client:
            # No allowlist, proxies or rate limit: nothing to refuse, the peer as it is.
            return rid, peer, Admission(rid, peer, None, {"x-request-id": rid})
        ip, refusal = self._client(peer, headers, rid)
        return rid, ip, refusal

    def _admitted(
        self, rid: str, ip: str | None, result: RateLimitResult | None
    ) -> Admission | Refusal:
        headers = {"x-request-id": rid}
        if result is not None:
            headers.update(result.headers)
            if not result.allowed:
                error = RateLimitedError(
                    "rate limited (store failed)" if result.store_error else "rate limited"
                )
                return self.refuse(error, 429, rid, headers)
        return Admission(rid, ip, result, headers)

    def declared_length(self, value: Any, admission: Admission) -> Refusal | None:
        """The refusal of a declared ``Content-Length`` over ``max_body_bytes`` (413)."""
        if type(value) is bytes and value.isdigit() and len(value) <= 19:
            # ASGI's usual value: ASCII digits (what `bytes.isdigit` means), nothing to decode.
            return self.too_large(admission) if int(value) > self._max_body_bytes else None
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        if value is None or value == "":
            return None
        text = str(value).strip()
        if not text.isdigit() or not text.isascii():
            return self.refuse(BodyTooLargeError("unreadable Content-Length"), 400, admission)
        if len(text) > 19 or int(text) > self._max_body_bytes:
            return self.too_large(admission)
        return None

    def too_large(self, admission: Admission) -> Refusal:
        """The refusal of a body over ``max_body_bytes`` (413)."""
        error = BodyTooLargeError(f"the body exceeds max_body_bytes ({self._max_body_bytes})")
        return self.refuse(error, 413, admission)

    # --- the body --------------------------------------------------------------------

    def verify(self, body: bytes, headers: Any, admission: Admission) -> WebhookDelivery | Refusal:
        """Verifies the raw ``body`` with ``headers``: the delivery, or its refusal."""
        if len(body) > self._max_body_bytes:
            return self.too_large(admission)
        try:
            verified = self._webhook.verify_event(
                body, headers, schema=self._schema, max_bytes=self._max_body_bytes
            )
        except EdgewardError as error:
            return self.refuse(error, http_status(error.code), admission)
        except Exception as error:
            # A replay store that failed (down, timed out): refused, and the provider retries.
            return self.refuse(error, 503, admission)
        rid, ip, rate_limit, reply_headers = admission
        # WebhookDelivery's fields, in their order (see _DeliveryBuilder).
        delivery: Any = _DeliveryBuilder(
            verified.event,
            verified.type,
            verified.inner_type,
            verified.id,
            verified.timestamp,
            verified.secret_index,
            self._scheme,
            rid,
            ip,
            rate_limit,
            reply_headers,
            verified,
        )
        delivery.__class__ = WebhookDelivery
        return delivery

    # --- refusals --------------------------------------------------------------------

    def refuse(
        self,
        error: BaseException,
        status: int,
        admission: Admission | str,
        headers: Mapping[str, str] | None = None,
    ) -> Refusal:
        """The reply to ``error`` (the core's problem JSON), logged through the redactor."""
        if isinstance(admission, Admission):
            rid, headers = admission.request_id, {**admission.headers, **(headers or {})}
        else:
            rid = admission
        reply = safe_error_response(error, request_id=rid, status=status)
        reason = getattr(error, "code", "") or type(error).__name__
        log = self._logger.error if reply.status >= 500 else self._logger.warning
        log(
            "webhook refused: %s %s (request %s)",
            reply.status,
            reason,
            reply.request_id,
            extra={"edgeward": reply.log},
        )
        merged = dict(headers or {})
        merged.update(reply.headers)
        return Refusal(reply.status, merged, reply.body.encode(), reason, reply.request_id)
