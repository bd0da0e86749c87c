"""Django: ``verify_webhook(...)``, a view decorator, and ``WebhookMiddleware``, configured in
settings; both put the verified delivery on ``request.webhook`` (``pip install
'edgeward[django]'``)::

    from django.http import JsonResponse
    from edgeward.django import verify_webhook

    @verify_webhook([os.environ["STRIPE_WEBHOOK_SECRET"]], scheme="stripe")
    def receive(request):
        return JsonResponse({"received": request.webhook.event["id"]})

The decorator exempts the view from CSRF checks (a provider sends no CSRF token; the signature
is the proof). The middleware verifies the requests to the paths of ``EDGEWARD_WEBHOOKS``, a
setting mapping each path to the options of ``verify_webhook`` (``secrets``, ``scheme``, ...);
mark those views ``csrf_exempt`` and list the middleware before ``CsrfViewMiddleware``.

The raw body is ``request.body``: a declared ``Content-Length`` over ``max_body_bytes`` is
refused before reading, and a body without one is read up to the limit only. A refused
request is answered with the RFC 9457 problem JSON and the view does not run.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping, Sequence
from io import BytesIO
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import (  # type: ignore[import-untyped]
    ImproperlyConfigured,
    RequestDataTooBig,
)
from django.http import HttpRequest, HttpResponse  # type: ignore[import-untyped]
from django.views.decorators.csrf import csrf_exempt  # type: ignore[import-untyped]

from edgeward._guard import Admission, GuardOptions, Refusal, WebhookDelivery, WebhookGuard

if TYPE_CHECKING:
    # Python 3.11's typing.Unpack; only type checkers read it (annotations are strings).
    from typing_extensions import Unpack

__all__ = ["WebhookDelivery", "WebhookMiddleware", "verify_webhook"]


def _reply(refusal: Refusal) -> Any:
    response = HttpResponse(refusal.body, status=refusal.status)
    for name, value in refusal.headers.items():
        response[name] = value
    return response


def _read_body(request: Any, limit: int) -> bytes | None:
    """The raw body, or ``None`` past ``limit`` bytes."""
    if request.META.get("CONTENT_LENGTH"):
        return bytes(request.body)  # declared, and checked against the limit before
    # No declared length (chunked, under ASGI): read at most one byte past the limit, then
    # cache it where Django's `request.body` does, so the view reads the same bytes.
    body = request.read(limit + 1)
    if len(body) > limit:
        return None
    request._body = body
    request._stream = BytesIO(body)
    return body


def _verify(guard: WebhookGuard, request: Any) -> WebhookDelivery | Refusal:
    headers = request.headers
    peer = request.META.get("REMOTE_ADDR") or None
    admission = guard.admit(peer, headers, headers.get(guard.request_id_header))
    if not isinstance(admission, Admission):
        return admission
    refusal = guard.declared_length(request.META.get("CONTENT_LENGTH"), admission)
    if refusal is not None:
        return refusal
    try:
        body = _read_body(request, guard.max_body_bytes)
    except RequestDataTooBig:  # Django's own DATA_UPLOAD_MAX_MEMORY_SIZE is lower
        return guard.too_large(admission)
    if body is None:
        return guard.too_large(admission)
    return guard.verify(body, headers, admission)


def _respond(result: WebhookDelivery, response: Any) -> Any:
    for name, value in result.headers.items():
        response[name] = value
    return response


def verify_webhook(
    secrets: str | Sequence[str],
    *,
    scheme: Literal["stripe", "standard", "github", "slack", "shopify"],
    **options: Unpack[GuardOptions],
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A decorator for a Django view (sync or async): the verified ``WebhookDelivery`` is
    ``request.webhook`` while the view runs, and its headers (``x-request-id``, rate limit)
    are added to the view's response; a refused request gets the problem JSON reply and the
    view never runs. The options are ``edgeward.fastapi.VerifiedWebhook``'s."""
    guard = WebhookGuard(secrets, scheme=scheme, **options)

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        if inspect.iscoroutinefunction(view):

            @functools.wraps(view)
            async def async_wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
                result = _verify(guard, request)
                if isinstance(result, Refusal):
                    return _reply(result)
                request.webhook = result
                return _respond(result, await view(request, *args, **kwargs))

            return csrf_exempt(async_wrapper)  # type: ignore[no-any-return]

        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            result = _verify(guard, request)
            if isinstance(result, Refusal):
                return _reply(result)
            request.webhook = result
            return _respond(result, view(request, *args, **kwargs))

        return csrf_exempt(wrapper)  # type: ignore[no-any-return]

    return decorate


class WebhookMiddleware:
    """Verifies the requests to the paths of the ``EDGEWARD_WEBHOOKS`` setting (path ->
    ``verify_webhook`` options, ``secrets`` and ``scheme`` required) and puts the delivery on
    ``request.webhook``; requests to other paths pass untouched."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        # Imported here: the lazy settings object must not be touched before Django is set up.
        from django.conf import settings  # type: ignore[import-untyped]

        self.get_response = get_response
        config = getattr(settings, "EDGEWARD_WEBHOOKS", None)
        if not isinstance(config, Mapping) or not config:
            raise ImproperlyConfigured(
                "EDGEWARD_WEBHOOKS must map each webhook path to its options "
                '({"/webhooks/stripe": {"secrets": [...], "scheme": "stripe"}})'
            )
        self.guards: dict[str, WebhookGuard] = {}
        for path, options in config.items():
            if not isinstance(path, str) or not isinstance(options, Mapping):
                raise ImproperlyConfigured("EDGEWARD_WEBHOOKS maps path strings to option dicts")
            options = dict(options)
            try:
                secrets = options.pop("secrets")
            except KeyError:
                raise ImproperlyConfigured(f"EDGEWARD_WEBHOOKS[{path!r}] has no secrets") from None
            self.guards[path] = WebhookGuard(secrets, **options)

    def __call__(self, request: Any) -> Any:
        guard = self.guards.get(request.path)
        if guard is None:
            return self.get_response(request)
        result = _verify(guard, request)
        if isinstance(result, Refusal):
            return _reply(result)
        request.webhook = result
        return _respond(result, self.get_response(request))
