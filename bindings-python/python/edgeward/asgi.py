"""A plain ASGI middleware (no framework needed): ``WebhookMiddleware(app, ...)`` verifies
HTTP requests to its ``paths`` before the app sees them::

    from edgeward.asgi import WebhookMiddleware

    app = WebhookMiddleware(app, secrets=[os.environ["WEBHOOK_SECRET"]], scheme="standard",
                            paths=["/webhooks"])

The verified ``WebhookDelivery`` is ``scope["state"]["webhook"]`` (``request.state.webhook``
in Starlette and FastAPI; the state dict is copied, never shared with other requests). The app
receives the body exactly as sent: the middleware buffers the ``http.request`` messages (at
most ``max_body_bytes``: a declared ``Content-Length`` over it is refused before reading, a
longer stream as soon as it passes the limit, both 413) and replays them as one message. A
refused request is answered by the middleware with the RFC 9457 problem JSON; the app never
runs. ``x-request-id`` and the rate limit headers are added to the app's response. Requests
to other paths, websockets and lifespan messages pass untouched. ``paths=None`` verifies every
HTTP request.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, MutableMapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from edgeward._guard import Admission, GuardOptions, Refusal, WebhookDelivery, WebhookGuard

if TYPE_CHECKING:
    # Python 3.11's typing.Unpack; only type checkers read it (annotations are strings).
    from typing_extensions import Unpack

__all__ = ["WebhookDelivery", "WebhookMiddleware"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def _header(raw: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in raw:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


async def _send_refusal(send: Send, refusal: Refusal) -> None:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in refusal.headers.items()]
    headers.append((b"content-length", str(len(refusal.body)).encode()))
    await send({"type": "http.response.start", "status": refusal.status, "headers": headers})
    await send({"type": "http.response.body", "body": refusal.body})


class _DisconnectedError(Exception):
    """The client went away before the whole body arrived."""


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The body of the ``http.request`` messages, or ``None`` past ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _DisconnectedError
        if message["type"] != "http.request":
            continue
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


class WebhookMiddleware:
    """An ASGI middleware verifying the webhook deliveries to ``paths`` (every HTTP request
    when ``None``). The other options are ``edgeward.fastapi.VerifiedWebhook``'s."""

    __slots__ = ("app", "guard", "paths")

    def __init__(
        self,
        app: ASGIApp,
        *,
        secrets: str | Sequence[str],
        scheme: Literal["stripe", "standard", "github", "slack", "shopify"],
        paths: Iterable[str] | None = None,
        **options: Unpack[GuardOptions],
    ) -> None:
        if isinstance(paths, str):
            raise TypeError('paths must be a list of paths, such as ["/webhooks"]')
        self.app = app
        self.paths = None if paths is None else frozenset(paths)
        self.guard = WebhookGuard(secrets, scheme=scheme, **options)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (self.paths is not None and scope["path"] not in self.paths):
            await self.app(scope, receive, send)
            return
        guard = self.guard
        # The spec lets a server give any two-item iterables; the verifier reads tuples.
        raw: list[tuple[bytes, bytes]] = [
            pair if type(pair) is tuple else tuple(pair) for pair in scope.get("headers") or ()
        ]
        client = scope.get("client")
        peer = client[0] if client else None
        incoming = _header(raw, guard.request_id_header.encode("latin-1"))
        admission = await guard.admit_async(peer, raw, incoming)
        if not isinstance(admission, Admission):
            await _send_refusal(send, admission)
            return
        refusal = guard.declared_length(_header(raw, b"content-length"), admission)
        if refusal is not None:
            await _send_refusal(send, refusal)
            return
        try:
            body = await _read_body(receive, guard.max_body_bytes)
        except _DisconnectedError:
            return
        if body is None:
            await _send_refusal(send, guard.too_large(admission))
            return
        result = guard.verify(body, raw, admission)
        if isinstance(result, Refusal):
            await _send_refusal(send, result)
            return
        await self.app(_with_delivery(scope, result), _replay(body, receive), _adding(send, result))


def _with_delivery(scope: Scope, delivery: WebhookDelivery) -> Scope:
    state = dict(scope.get("state") or {})
    state["webhook"] = delivery
    return {**scope, "state": state}


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


def _adding(send: Send, delivery: WebhookDelivery) -> Send:
    extra = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in delivery.headers.items()]

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", ()), *extra]}
        await send(message)

    return sending
