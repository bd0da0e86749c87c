"""FastAPI and Starlette: ``VerifiedWebhook(...)``, a dependency that verifies the delivery
and gives it to your handler (``pip install 'edgeward[fastapi]'``)::

    from typing import Annotated

    from fastapi import Depends, FastAPI
    from edgeward.fastapi import VerifiedWebhook, WebhookDelivery, exception_handlers

    app = FastAPI(exception_handlers=exception_handlers)
    stripe = VerifiedWebhook([os.environ["STRIPE_WEBHOOK_SECRET"]], scheme="stripe")

    @app.post("/webhooks/stripe")
    async def receive(delivery: Annotated[WebhookDelivery, Depends(stripe)]) -> dict[str, str]:
        return {"received": delivery.event["id"]}

A refused request raises ``WebhookRefused`` (a Starlette ``HTTPException``): with
``exception_handlers`` installed its reply is the RFC 9457 problem JSON; without, the
status and headers are the same and the body is the framework's ``{"detail": title}``.
Starlette has no ``Depends``: ``delivery = await stripe.verify(request)`` in the endpoint.

The body is read from ``request.stream()`` up to ``max_body_bytes`` (a declared
``Content-Length`` over it is refused before reading) and is then ``await request.body()``
for the rest of the request, as Starlette caches it. Options: see
``help(edgeward.fastapi.VerifiedWebhook)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Literal

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from edgeward._guard import Admission, GuardOptions, Refusal, WebhookDelivery, WebhookGuard

if TYPE_CHECKING:
    # Python 3.11's typing.Unpack; only type checkers read it (annotations are strings).
    from typing_extensions import Unpack

__all__ = [
    "VerifiedWebhook",
    "WebhookDelivery",
    "WebhookRefused",
    "exception_handlers",
    "problem_response",
]


class WebhookRefused(HTTPException):
    """A refused delivery; ``refusal`` holds the reply (status, headers, problem JSON)."""

    def __init__(self, refusal: Refusal) -> None:
        headers = {k: v for k, v in refusal.headers.items() if k.lower() != "content-type"}
        super().__init__(refusal.status, HTTPStatus(refusal.status).phrase, headers)
        self.refusal = refusal


async def problem_response(request: Request, exc: Exception) -> Response:
    """The exception handler that answers a ``WebhookRefused`` with its problem JSON."""
    if not isinstance(exc, WebhookRefused):  # registered for WebhookRefused only
        raise exc
    refusal = exc.refusal
    return Response(refusal.body, status_code=refusal.status, headers=refusal.headers)


exception_handlers: dict[Any, Any] = {WebhookRefused: problem_response}
"""``FastAPI(exception_handlers=exception_handlers)`` (or ``Starlette(...)``)."""


async def _read_body(request: Request, limit: int) -> bytes | None:
    """The raw body, or ``None`` past ``limit`` bytes (reading stops there)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    body = b"".join(chunks)
    # Starlette's own cache of the body: `await request.body()` in the handler returns it.
    request._body = body
    return body


def _scan_headers(request: Request, request_id_name: bytes) -> tuple[Any, Any, Any]:
    """One pass over the ASGI headers: what to verify them as, the incoming request id and the
    declared ``Content-Length`` (the first of each, as ``request.headers.get`` finds them).

    The headers are verified as the raw ``scope["headers"]`` when that is a list of
    ``(name, value)`` tuples (the verifier reads those in place, Latin-1, as Starlette's
    ``Headers`` decodes them), which spares building Starlette's ``Headers`` and its decoded
    ``items()``; any other shape is verified as ``request.headers``.
    """
    raw = request.scope["headers"]
    exact = type(raw) is list
    incoming = declared = None
    for pair in raw:
        if type(pair) is not tuple:
            exact = False
        name, value = pair
        if name == request_id_name:
            if incoming is None:
                incoming = value.decode("latin-1")
        elif name == b"content-length" and declared is None:
            declared = value
    return (raw if exact else request.headers), incoming, declared


class VerifiedWebhook:
    """A dependency verifying one webhook endpoint's deliveries: ``Depends(VerifiedWebhook(
    secrets, scheme=...))`` gives the handler a ``WebhookDelivery`` (``.event``: the parsed
    body) and adds ``x-request-id`` and the rate limit headers to its response.

    ``secrets`` (newest first while rotating) and ``scheme`` (required) are ``Webhook``'s, as
    are ``tolerance``, ``retention``, ``replay_guard`` (a ``ReplayGuard`` or a store such as
    ``RedisStore``) and ``secret_format``; ``schema`` validates the event. ``max_body_bytes``
    bounds the body (413). ``allowlist`` admits only those client addresses (403);
    ``trusted_proxies`` and ``forwarded_header`` find the client behind your proxies
    (``client_ip``); ``rate_limiter`` limits each client address (429, ``Retry-After``).
    Refusals are logged through a ``RedactingFilter`` on ``logger`` (default
    ``edgeward.webhook``). An incoming ``request_id_header`` is kept when safe.
    """

    __slots__ = ("_request_id_name", "guard")

    def __init__(
        self,
        secrets: str | Sequence[str],
        *,
        scheme: Literal["stripe", "standard", "github", "slack", "shopify"],
        **options: Unpack[GuardOptions],
    ) -> None:
        self.guard = WebhookGuard(secrets, scheme=scheme, **options)
        self._request_id_name = self.guard.request_id_header.encode("latin-1")

    async def __call__(self, request: Request, response: Response) -> WebhookDelivery:
        delivery = await self.verify(request)
        headers = response.headers
        raw = headers.raw
        if raw:
            headers.update(delivery.headers)
        else:
            # FastAPI's response for dependencies starts empty: appending is what `update`
            # would do, without its search for each name.
            for name, value in delivery.headers.items():
                raw.append((name.lower().encode("latin-1"), value.encode("latin-1")))
        return delivery

    async def verify(self, request: Request) -> WebhookDelivery:
        """The verified delivery of ``request``; raises ``WebhookRefused`` otherwise."""
        guard = self.guard
        headers, incoming_id, declared = _scan_headers(request, self._request_id_name)
        client = request.scope.get("client")
        peer = client[0] if client is not None else None
        if guard.rate_limiter is None:
            admission = guard.admit(peer, headers, incoming_id)
        else:
            admission = await guard.admit_async(peer, headers, incoming_id)
        if not isinstance(admission, Admission):
            raise WebhookRefused(admission)
        refusal = guard.declared_length(declared, admission)
        if refusal is not None:
            raise WebhookRefused(refusal)
        body = await _read_body(request, guard.max_body_bytes)
        if body is None:
            raise WebhookRefused(guard.too_large(admission))
        result = guard.verify(body, headers, admission)
        if isinstance(result, Refusal):
            raise WebhookRefused(result)
        return result
