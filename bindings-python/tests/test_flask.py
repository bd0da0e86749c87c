"""edgeward.flask against the real Flask (its test client): genuine, tampered, stale, replayed,
oversized and malformed deliveries; status, body, log; the raw body before form parsing."""

import io
import logging

import pytest
from flask import Flask, g, request

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
from edgeward import RateLimiter, ReplayGuard
from edgeward.flask import verify_webhook


def make_app(**options: object) -> Flask:
    app = Flask(__name__)

    @app.post("/webhooks")
    @verify_webhook(SECRETS, scheme=SCHEME, **options)  # type: ignore[arg-type]
    def receive() -> dict:
        return {
            "type": g.webhook.event["type"],
            "secret_index": g.webhook.secret_index,
            "raw": request.get_data(as_text=True),
            "json": request.get_json()["id"],
        }

    return app


def post(app: Flask, sent: Delivery, **headers: str):
    return app.test_client().post("/webhooks", data=sent.body, headers={**sent.headers, **headers})


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO)
    return caplog


def test_genuine_delivery_reaches_the_view(logs: pytest.LogCaptureFixture) -> None:
    sent = signed()
    reply = post(make_app(), sent, **{"x-request-id": "req-7"})
    assert reply.status_code == 200, reply.text
    got = reply.get_json()
    assert got["type"] == "invoice.paid"
    assert got["raw"] == sent.body.decode()
    assert got["json"].startswith("evt_")
    assert reply.headers["x-request-id"] == "req-7"
    assert not [r for r in logs.records if r.name == "edgeward.webhook"]


def test_previous_secret_is_reported() -> None:
    assert post(make_app(), signed(old=True)).get_json()["secret_index"] == 1


@pytest.mark.parametrize(("name", "sent", "code"), refusal_cases(), ids=lambda v: str(v)[:20])
def test_refusals(name: str, sent: Delivery, code: str, logs: pytest.LogCaptureFixture) -> None:
    reply = post(make_app(), sent)
    assert_problem(reply.status_code, dict(reply.headers), reply.data, status_of(code), sent)
    assert_logged(logs.records, code, sent)


def test_replayed_delivery_is_refused(logs: pytest.LogCaptureFixture) -> None:
    app = make_app(replay_guard=ReplayGuard())
    sent = signed()
    assert post(app, sent).status_code == 200
    again = post(app, sent)
    expected = status_of("WEBHOOK_REPLAYED")
    assert_problem(again.status_code, dict(again.headers), again.data, expected, sent)
    assert_logged(logs.records, "WEBHOOK_REPLAYED", sent)


def test_oversized_bodies_are_refused(logs: pytest.LogCaptureFixture) -> None:
    app = make_app(max_body_bytes=1024)
    sent = signed(event(size=4096))
    declared = post(app, sent)
    assert_problem(declared.status_code, dict(declared.headers), declared.data, 413, sent)
    assert_logged(logs.records, "BODY_TOO_LARGE", sent)
    # No Content-Length (chunked): Werkzeug stops reading at the limit.
    streamed = post_chunked(app, sent)
    assert_problem(streamed.status_code, dict(streamed.headers), streamed.data, 413, sent)


def post_chunked(app: Flask, sent: Delivery):  # type: ignore[no-untyped-def]
    """A body without a declared length, as a chunked request reaches WSGI."""
    return app.test_client().post(
        "/webhooks",
        input_stream=io.BytesIO(sent.body),
        headers={**sent.headers, "transfer-encoding": "chunked"},
        environ_overrides={"CONTENT_LENGTH": "", "wsgi.input_terminated": True},
    )


def test_chunked_body_within_the_limit_verifies() -> None:
    sent = signed()
    reply = post_chunked(make_app(max_body_bytes=4096), sent)
    assert reply.status_code == 200, reply.text
    assert reply.get_json()["raw"] == sent.body.decode()


def test_raw_body_is_read_before_form_parsing() -> None:
    # A form content type (as Slack sends): Werkzeug would consume the stream parsing the form;
    # the decorator reads the raw bytes first, and the view can still read request.form.
    app = Flask(__name__)
    sent = signed()

    @app.post("/form")
    @verify_webhook(SECRETS, scheme=SCHEME)
    def form() -> dict:
        return {"fields": len(request.form), "raw": request.get_data(as_text=True)}

    reply = app.test_client().post(
        "/form",
        data=sent.body,
        headers={**sent.headers, "content-type": "application/x-www-form-urlencoded"},
    )
    assert reply.status_code == 200, reply.text
    assert reply.get_json() == {"fields": 1, "raw": sent.body.decode()}


def test_rate_limit_answers_429() -> None:
    app = make_app(rate_limiter=RateLimiter(limit=1, period_seconds=60))
    first = post(app, signed())
    assert first.status_code == 200
    assert "RateLimit" in first.headers
    second = post(app, signed())
    assert_problem(second.status_code, dict(second.headers), second.data, 429, None)
    assert int(second.headers["Retry-After"]) > 0


def test_allowlist_with_trusted_proxies() -> None:
    app = make_app(allowlist=["192.0.2.0/24"], trusted_proxies=["loopback"])
    client = app.test_client()
    sent = signed()
    good = client.post(
        "/webhooks",
        data=sent.body,
        headers={**sent.headers, "x-forwarded-for": "192.0.2.9"},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )
    assert good.status_code == 200, good.text
    sent = signed()
    bad = client.post(
        "/webhooks",
        data=sent.body,
        headers={**sent.headers, "x-forwarded-for": "203.0.113.1"},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )
    assert_problem(bad.status_code, dict(bad.headers), bad.data, 403, sent)
