"""edgeward.django against the real Django (its test clients, minimal settings configured
here): the view decorator (sync and async views) and the middleware; genuine, tampered,
stale, replayed, oversized and malformed deliveries; status, body, log."""

import asyncio
import logging

import pytest

from _deliveries import (
    SCHEME,
    SECRETS,
    Delivery,
    assert_logged,
    assert_problem,
    event,
    refusal_cases,
    signed,
    status_of,
)
from _django_settings import configure
from edgeward import ReplayGuard

configure()

from django.http import JsonResponse  # noqa: E402
from django.test import AsyncClient, Client, RequestFactory, override_settings  # noqa: E402
from django.urls import path  # noqa: E402

from edgeward.django import WebhookMiddleware, verify_webhook  # noqa: E402

replay_guard = ReplayGuard()


@verify_webhook(SECRETS, scheme=SCHEME)
def receive(request):  # type: ignore[no-untyped-def]
    return JsonResponse(
        {
            "type": request.webhook.event["type"],
            "secret_index": request.webhook.secret_index,
            "raw": request.body.decode(),
        }
    )


@verify_webhook(SECRETS, scheme=SCHEME, replay_guard=replay_guard)
def receive_once(request):  # type: ignore[no-untyped-def]
    return JsonResponse({"id": request.webhook.event["id"]})


@verify_webhook(SECRETS, scheme=SCHEME, max_body_bytes=1024)
def receive_small(request):  # type: ignore[no-untyped-def]
    return JsonResponse({"ok": True})


@verify_webhook(SECRETS, scheme=SCHEME)
async def receive_async(request):  # type: ignore[no-untyped-def]
    await asyncio.sleep(0)
    return JsonResponse({"type": request.webhook.event["type"]})


def plain(request):  # type: ignore[no-untyped-def]
    webhook = getattr(request, "webhook", None)
    return JsonResponse({"type": webhook.event["type"] if webhook else None})


urlpatterns = [
    path("hook", receive),
    path("once", receive_once),
    path("small", receive_small),
    path("async", receive_async),
    path("mw", plain),
    path("open", plain),
]

MIDDLEWARE_SETTINGS = {
    "MIDDLEWARE": ["edgeward.django.WebhookMiddleware"],
    "EDGEWARD_WEBHOOKS": {"/mw": {"secrets": SECRETS, "scheme": SCHEME}},
}


def post(url: str, sent: Delivery, **headers: str):
    return Client().post(
        url, data=sent.body, content_type="application/json", headers={**sent.headers, **headers}
    )


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO)
    return caplog


def test_genuine_delivery_reaches_the_view(logs: pytest.LogCaptureFixture) -> None:
    sent = signed()
    reply = post("/hook", sent, **{"x-request-id": "dj-1"})
    assert reply.status_code == 200, reply.content
    assert reply.json() == {"type": "invoice.paid", "secret_index": 0, "raw": sent.body.decode()}
    assert reply["x-request-id"] == "dj-1"
    assert not [r for r in logs.records if r.name == "edgeward.webhook"]


def test_decorated_view_is_csrf_exempt() -> None:
    assert receive.csrf_exempt is True
    sent = signed()
    reply = Client(enforce_csrf_checks=True).post(
        "/hook", data=sent.body, content_type="application/json", headers=sent.headers
    )
    assert reply.status_code == 200


@pytest.mark.parametrize(("name", "sent", "code"), refusal_cases(), ids=lambda v: str(v)[:20])
def test_refusals(name: str, sent: Delivery, code: str, logs: pytest.LogCaptureFixture) -> None:
    reply = post("/hook", sent)
    assert_problem(reply.status_code, dict(reply.items()), reply.content, status_of(code), sent)
    assert_logged(logs.records, code, sent)


def test_replayed_delivery_is_refused(logs: pytest.LogCaptureFixture) -> None:
    sent = signed()
    assert post("/once", sent).status_code == 200
    again = post("/once", sent)
    expected = status_of("WEBHOOK_REPLAYED")
    assert_problem(again.status_code, dict(again.items()), again.content, expected, sent)
    assert_logged(logs.records, "WEBHOOK_REPLAYED", sent)


def test_oversized_bodies_are_refused(logs: pytest.LogCaptureFixture) -> None:
    sent = signed(event(size=4096))
    reply = post("/small", sent)
    assert_problem(reply.status_code, dict(reply.items()), reply.content, 413, sent)
    assert_logged(logs.records, "BODY_TOO_LARGE", sent)
    # Without a declared length, the body is read only up to the limit.
    request = RequestFactory().post("/small", data=sent.body, content_type="application/json")
    del request.META["CONTENT_LENGTH"]
    unknown = receive_small(request)
    assert_problem(unknown.status_code, dict(unknown.items()), unknown.content, 413, sent)


def test_body_without_declared_length_within_the_limit() -> None:
    sent = signed()
    request = RequestFactory().post(
        "/hook", data=sent.body, content_type="application/json", headers=sent.headers
    )
    del request.META["CONTENT_LENGTH"]
    reply = receive(request)
    assert reply.status_code == 200, reply.content
    assert b"invoice.paid" in reply.content


def test_async_view() -> None:
    sent = signed()

    async def send():  # type: ignore[no-untyped-def]
        return await AsyncClient().post(
            "/async", data=sent.body, content_type="application/json", headers=sent.headers
        )

    reply = asyncio.run(send())
    assert reply.status_code == 200, reply.content
    assert reply.json() == {"type": "invoice.paid"}
    bad = refusal_cases()[0][1]

    async def send_bad():  # type: ignore[no-untyped-def]
        return await AsyncClient().post(
            "/async", data=bad.body, content_type="application/json", headers=bad.headers
        )

    refused = asyncio.run(send_bad())
    expected = status_of("WEBHOOK_SIGNATURE_MISMATCH")
    assert_problem(refused.status_code, dict(refused.items()), refused.content, expected, bad)


def test_middleware_verifies_its_paths_only(logs: pytest.LogCaptureFixture) -> None:
    with override_settings(**MIDDLEWARE_SETTINGS):
        sent = signed()
        good = post("/mw", sent)
        assert good.status_code == 200, good.content
        assert good.json() == {"type": "invoice.paid"}
        assert good["x-request-id"]
        assert post("/open", Delivery(b"{}")).json() == {"type": None}
        bad = refusal_cases()[0][1]
        refused = post("/mw", bad)
        expected = status_of("WEBHOOK_SIGNATURE_MISMATCH")
        assert_problem(refused.status_code, dict(refused.items()), refused.content, expected, bad)
        assert_logged(logs.records, "WEBHOOK_SIGNATURE_MISMATCH", bad)


def test_middleware_refuses_missing_configuration() -> None:
    from django.core.exceptions import ImproperlyConfigured

    with override_settings(EDGEWARD_WEBHOOKS={}), pytest.raises(ImproperlyConfigured):
        WebhookMiddleware(plain)
    with (
        override_settings(EDGEWARD_WEBHOOKS={"/x": {"scheme": SCHEME}}),
        pytest.raises(ImproperlyConfigured),
    ):
        WebhookMiddleware(plain)
