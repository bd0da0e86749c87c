"""Flask: ``verify_webhook(...)``, a view decorator that verifies the delivery and puts it on
``flask.g.webhook`` (``pip install 'edgeward[flask]'``)::

    from flask import Flask, g
    from edgeward import ReplayGuard
    from edgeward.flask import verify_webhook

    app = Flask(__name__)
    guard = ReplayGuard()

    @app.post("/webhooks/github")
    @verify_webhook(os.environ["GITHUB_WEBHOOK_SECRET"], scheme="github", replay_guard=guard)
    def receive():
        return {"received": g.webhook.event["action"]}

The raw body is ``request.get_data(cache=True)``, read before any form parsing and under
``max_body_bytes`` (a declared ``Content-Length`` over it is refused before reading, a body
without one stops at the limit): ``request.get_data()`` and ``request.get_json()`` in the view
read the same bytes. A refused request is answered with the RFC 9457 problem JSON and the
view does not run. Options: as ``edgeward.fastapi.VerifiedWebhook``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal, ParamSpec, TypeVar

from flask import Response, after_this_request, g, request
from werkzeug.exceptions import RequestEntityTooLarge

from edgeward._guard import Admission, GuardOptions, Refusal, WebhookDelivery, WebhookGuard

if TYPE_CHECKING:
    # Python 3.11's typing.Unpack; only type checkers read it (annotations are strings).
    from typing_extensions import Unpack

__all__ = ["WebhookDelivery", "verify_webhook"]

P = ParamSpec("P")
R = TypeVar("R")


def _reply(refusal: Refusal) -> Response:
    return Response(refusal.body, status=refusal.status, headers=refusal.headers)


def _verify(guard: WebhookGuard) -> WebhookDelivery | Refusal:
    headers = request.headers
    admission = guard.admit(request.remote_addr, headers, headers.get(guard.request_id_header))
    if not isinstance(admission, Admission):
        return admission
    refusal = guard.declared_length(headers.get("content-length"), admission)
    if refusal is not None:
        return refusal
    configured = request.max_content_length
    limit = guard.max_body_bytes if configured is None else min(configured, guard.max_body_bytes)
    # Werkzeug stops reading a stream without a Content-Length at max_content_length, silently
    # (the body is cut, not refused): one byte more tells a cut body from a whole one.
    request.max_content_length = limit + 1
    try:
        body = request.get_data(cache=True)
    except RequestEntityTooLarge:
        return guard.too_large(admission)
    if len(body) > limit:
        return guard.too_large(admission)
    return guard.verify(body, headers, admission)


def verify_webhook(
    secrets: str | Sequence[str],
    *,
    scheme: Literal["stripe", "standard", "github", "slack", "shopify"],
    **options: Unpack[GuardOptions],
) -> Callable[[Callable[P, R]], Callable[P, R | Response]]:
    """A decorator for a Flask view: the verified ``WebhookDelivery`` is ``flask.g.webhook``
    while the view runs, and its headers (``x-request-id``, rate limit) are added to the
    view's response; a refused request gets the problem JSON reply and the view never runs.
    The options are ``edgeward.fastapi.VerifiedWebhook``'s."""
    guard = WebhookGuard(secrets, scheme=scheme, **options)

    def decorate(view: Callable[P, R]) -> Callable[P, R | Response]:
        @functools.wraps(view)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | Response:
            result = _verify(guard)
            if isinstance(result, Refusal):
                return _reply(result)
            g.webhook = result

            @after_this_request
            def add_headers(response: Response) -> Response:
                response.headers.update(result.headers)
                return response

            return view(*args, **kwargs)

        return wrapper

    return decorate
