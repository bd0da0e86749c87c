"""Event routing over ``Webhook.verify_event``: ``router.on("push", handler)``, then
``router.handle(body, headers)`` verifies the delivery and calls the handlers registered for its
event name. What names an event (header or body field, per scheme) is the core's rule
(``VerifiedEvent.type`` and ``inner_type``); this module only keeps the handler table and calls
it.

Failure policy: nothing is swallowed. A verification error propagates as ``verify_event``
raises it (a ``WebhookVerificationError`` or ``ValidationError``: a 4xx); a handler's exception
is raised as a ``WebhookHandlerError`` whose ``__cause__`` (and ``cause``) is the handler's
exception (a 5xx, so the provider retries), never turned into a result a framework could
answer 2xx to.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from edgeward._errors import WebhookInvalidOptionsError
from edgeward._native import VerifiedEvent, Webhook

__all__ = ["RouteResult", "WebhookHandlerError", "WebhookRouter"]

ANY = "*"

# A handler returns anything, or an awaitable of it (handle_async awaits it).
Handler = Callable[[VerifiedEvent], Any]


class WebhookHandlerError(Exception):
    """A handler (or ``on_unhandled``) raised: ``cause`` is its exception, ``type`` the event's
    name."""

    def __init__(self, type: str | None, cause: BaseException) -> None:
        super().__init__(f"the handler of webhook event {type!r} failed: {cause}")
        self.type = type
        self.cause = cause


@dataclass(frozen=True)
class RouteResult:
    """What ``handle`` returns."""

    #: Whether a handler registered for this event's name ran (``*`` handlers aside).
    handled: bool
    #: The name dispatched on: Slack's inner event name for an ``event_callback``, else ``type``.
    type: str | None
    #: Each handler's return value, in the order called.
    results: list[Any] = field(default_factory=list)
    #: The verified event the handlers received.
    delivery: VerifiedEvent | None = None


def _misuse(message: str) -> WebhookInvalidOptionsError:
    return WebhookInvalidOptionsError(message)


class WebhookRouter:
    """Routes verified events to handlers by name (``push``, ``invoice.paid``,
    ``orders/create``, ``app_mention``, or ``*`` for every event)."""

    def __init__(self, webhook: Webhook, *, on_unhandled: Handler | None = None) -> None:
        if not isinstance(webhook, Webhook):
            raise _misuse(
                "WebhookRouter takes an edgeward.Webhook: "
                "WebhookRouter(Webhook(secret, scheme=...))"
            )
        self._webhook = webhook
        self._handlers: dict[str, list[Handler]] = {}
        self._on_unhandled: Handler | None = None
        if on_unhandled is not None:
            self.set_on_unhandled(on_unhandled)

    def on(self, type: str | Iterable[str], handler: Handler | None = None) -> Any:
        """Registers ``handler(delivery)`` for events named ``type`` (a name or several names;
        ``*`` for every event). Slack's ``event_callback`` events are named by their inner
        event (``app_mention``, ``message``, ...), everything else by ``type``. Without
        ``handler``, returns a decorator."""
        types = [type] if isinstance(type, str) else list(type)
        if not types or not all(isinstance(t, str) and t for t in types):
            raise _misuse(
                'router.on() takes an event name (or a list of names), such as "push", or "*"'
            )

        def register(function: Handler) -> Handler:
            if not callable(function):
                raise _misuse("router.on() takes a callable handler")
            for name in types:
                self._handlers.setdefault(name, []).append(function)
            return function

        if handler is None:
            return register
        register(handler)
        return self

    def set_on_unhandled(self, callback: Handler) -> WebhookRouter:
        """Sets the callback for verified events no handler is registered for."""
        if not callable(callback):
            raise _misuse("on_unhandled must be callable")
        self._on_unhandled = callback
        return self

    def _route(
        self, payload: Any, headers: Any, options: dict[str, Any]
    ) -> tuple[VerifiedEvent, str | None, list[Handler], bool]:
        delivery = self._webhook.verify_event(payload, headers, **options)
        name = delivery.inner_type if delivery.inner_type is not None else delivery.type
        # An event literally named "*" (an unsigned header can say anything) is no wildcard.
        named = None if name is None or name == ANY else self._handlers.get(name)
        handlers = [*(named or []), *self._handlers.get(ANY, [])]
        return delivery, name, handlers, named is not None

    def handle(self, payload: Any, headers: Any, **options: Any) -> RouteResult:
        """Verifies the delivery (``verify_event``, with ``now``, ``schema``, ``max_bytes``),
        then calls each handler of its event in registration order, then each ``*`` handler,
        then ``on_unhandled`` if no handler is registered for the event. A handler returning
        a coroutine needs ``handle_async``."""
        delivery, name, handlers, handled = self._route(payload, headers, options)
        results = [self._call(handler, delivery, name) for handler in handlers]
        if not handled and self._on_unhandled is not None:
            self._call(self._on_unhandled, delivery, name)
        return RouteResult(handled, name, results, delivery)

    async def handle_async(self, payload: Any, headers: Any, **options: Any) -> RouteResult:
        """``handle``, awaiting handlers that are coroutines (or return awaitables)."""
        delivery, name, handlers, handled = self._route(payload, headers, options)
        results = [await self._await(handler, delivery, name) for handler in handlers]
        if not handled and self._on_unhandled is not None:
            await self._await(self._on_unhandled, delivery, name)
        return RouteResult(handled, name, results, delivery)

    @staticmethod
    def _call(handler: Handler, delivery: VerifiedEvent, name: str | None) -> Any:
        try:
            result = handler(delivery)
        except Exception as error:
            raise WebhookHandlerError(name, error) from error
        if inspect.isawaitable(result):
            _close(result)
            raise _misuse(
                "a handler returned an awaitable (an async def?): use "
                "`await router.handle_async(...)`"
            )
        return result

    @staticmethod
    async def _await(handler: Handler, delivery: VerifiedEvent, name: str | None) -> Any:
        try:
            result = handler(delivery)
            if inspect.isawaitable(result):
                result = await result
        except Exception as error:
            raise WebhookHandlerError(name, error) from error
        return result


def _close(awaitable: Any) -> None:
    """Closes a coroutine that will never be awaited (no "never awaited" warning)."""
    close = getattr(awaitable, "close", None)
    if callable(close):
        close()
