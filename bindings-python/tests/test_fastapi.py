"""edgeward.fastapi against the real FastAPI and Starlette (their TestClient): genuine,
tampered, stale, replayed, oversized and malformed deliveries; status, body, log."""

import json
import logging
from http import HTTPStatus
from typing import TYPE_CHECKING, Annotated

import pytest
from fastapi import Depends, FastAPI, Request, Response
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from _deliveries import (
    SCHEME,
    SECRETS,
    Delivery,
    asgi_http_scope,
    assert_logged,
    assert_problem,
    event,
    refusal_cases,
    signed,
    status_of,
)
from edgeward import RateLimiter, ReplayGuard
from edgeward.fastapi import (
    VerifiedWebhook,
    WebhookDelivery,
    WebhookRefused,
    exception_handlers,
)

if TYPE_CHECKING:
    from _redis_server import RedisServer


def make_app(**options: object) -> FastAPI:
    hook = VerifiedWebhook(SECRETS, scheme=SCHEME, **options)  # type: ignore[arg-type]
    app = FastAPI(exception_handlers=exception_handlers)

    @app.post("/webhooks")
    async def receive(
        request: Request, delivery: Annotated[WebhookDelivery, Depends(hook)]
    ) -> dict:
        raw = await request.body()  # the same bytes, after the dependency read them
        return {
            "type": delivery.event["type"],
            "id": delivery.event["id"],
            "secret_index": delivery.secret_index,
            "raw": raw.decode(),
        }

    return app


def post(client: TestClient, sent: Delivery, **headers: str):
    return client.post("/webhooks", content=sent.body, headers={**sent.headers, **headers})


@pytest.fixture
def caplog_warn(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO)
    return caplog


def test_genuine_delivery_reaches_the_handler(caplog_warn: pytest.LogCaptureFixture) -> None:
    client = TestClient(make_app())
    sent = signed()
    reply = post(client, sent, **{"x-request-id": "req-42"})
    assert reply.status_code == 200, reply.text
    got = reply.json()
    assert got["type"] == "invoice.paid"
    assert got["secret_index"] == 0
    assert got["raw"] == sent.body.decode()
    assert reply.headers["x-request-id"] == "req-42"
    assert not [r for r in caplog_warn.records if r.name == "edgeward.webhook"]


def test_previous_secret_is_reported() -> None:
    reply = post(TestClient(make_app()), signed(old=True))
    assert reply.status_code == 200
    assert reply.json()["secret_index"] == 1


@pytest.mark.parametrize(("name", "sent", "code"), refusal_cases(), ids=lambda v: str(v)[:20])
def test_refusals(
    name: str, sent: Delivery, code: str, caplog_warn: pytest.LogCaptureFixture
) -> None:
    reply = post(TestClient(make_app()), sent)
    assert_problem(reply.status_code, dict(reply.headers), reply.content, status_of(code), sent)
    assert_logged(caplog_warn.records, code, sent)


def test_replayed_delivery_is_refused(caplog_warn: pytest.LogCaptureFixture) -> None:
    client = TestClient(make_app(replay_guard=ReplayGuard()))
    sent = signed()
    assert post(client, sent).status_code == 200
    again = post(client, sent)
    assert_problem(
        again.status_code, dict(again.headers), again.content, status_of("WEBHOOK_REPLAYED"), sent
    )
    assert_logged(caplog_warn.records, "WEBHOOK_REPLAYED", sent)


def test_declared_oversized_body_is_refused_before_reading(
    caplog_warn: pytest.LogCaptureFixture,
) -> None:
    sent = signed(event(size=4096))
    reply = post(TestClient(make_app(max_body_bytes=1024)), sent)
    assert_problem(reply.status_code, dict(reply.headers), reply.content, 413, sent)
    assert_logged(caplog_warn.records, "BODY_TOO_LARGE", sent)


def test_streamed_oversized_body_is_refused() -> None:
    sent = signed(event(size=4096))
    client = TestClient(make_app(max_body_bytes=1024))
    chunks = [sent.body[i : i + 500] for i in range(0, len(sent.body), 500)]
    reply = client.post("/webhooks", content=iter(chunks), headers=sent.headers)
    assert "content-length" not in {k.lower() for k in reply.request.headers}
    assert_problem(reply.status_code, dict(reply.headers), reply.content, 413, sent)


def test_streamed_body_within_the_limit_verifies() -> None:
    sent = signed(event(size=3000))
    client = TestClient(make_app(max_body_bytes=4096))
    chunks = [sent.body[i : i + 700] for i in range(0, len(sent.body), 700)]
    reply = client.post("/webhooks", content=iter(chunks), headers=sent.headers)
    assert reply.status_code == 200, reply.text
    assert reply.json()["raw"] == sent.body.decode()


def test_rate_limit_answers_429_with_its_headers(caplog_warn: pytest.LogCaptureFixture) -> None:
    client = TestClient(make_app(rate_limiter=RateLimiter(limit=1, period_seconds=60)))
    first = post(client, signed())
    assert first.status_code == 200
    assert "ratelimit" in {k.lower() for k in first.headers}
    second = post(client, signed())
    assert_problem(second.status_code, dict(second.headers), second.content, 429, None)
    assert int(second.headers["retry-after"]) > 0
    assert_logged(caplog_warn.records, "RATE_LIMITED", None)


def test_allowlist_refuses_unknown_clients(caplog_warn: pytest.LogCaptureFixture) -> None:
    app = make_app(allowlist=["192.0.2.0/24"], trusted_proxies=["loopback"])
    allowed = TestClient(app, client=("127.0.0.1", 5000))
    reply = post(allowed, signed(), **{"x-forwarded-for": "192.0.2.7"})
    assert reply.status_code == 200, reply.text
    refused = post(allowed, signed(), **{"x-forwarded-for": "198.51.100.7"})
    assert_problem(refused.status_code, dict(refused.headers), refused.content, 403, None)
    assert_logged(caplog_warn.records, "CLIENT_NOT_ALLOWED", None)
    # Starlette's TestClient peer "testclient" is no address: refused, never "allowed".
    unknown = post(TestClient(app), signed())
    assert unknown.status_code == 403


def test_unsafe_request_id_is_replaced() -> None:
    reply = post(TestClient(make_app()), signed(), **{"x-request-id": "bad id; drop"})
    assert reply.status_code == 200
    assert reply.headers["x-request-id"] != "bad id; drop"
    assert len(reply.headers["x-request-id"]) == 22


def test_refusal_without_the_handlers_keeps_status_and_headers() -> None:
    hook = VerifiedWebhook(SECRETS, scheme=SCHEME)
    app = FastAPI()

    @app.post("/webhooks")
    async def receive(delivery: Annotated[WebhookDelivery, Depends(hook)]) -> dict:
        return {"ok": True}

    reply = TestClient(app).post("/webhooks", content=b"{}", headers={"x-request-id": "r1"})
    assert reply.status_code == status_of("WEBHOOK_MISSING_HEADER")
    assert reply.headers["x-request-id"] == "r1"
    assert reply.json() == {"detail": HTTPStatus(reply.status_code).phrase}


def test_starlette_without_fastapi() -> None:
    hook = VerifiedWebhook(SECRETS, scheme=SCHEME)

    async def receive(request):  # type: ignore[no-untyped-def]
        delivery = await hook.verify(request)
        return JSONResponse({"type": delivery.event["type"]}, headers=delivery.headers)

    app = Starlette(
        routes=[Route("/webhooks", receive, methods=["POST"])],
        exception_handlers=exception_handlers,
    )
    client = TestClient(app)
    good = post(client, signed())
    assert good.status_code == 200
    assert good.json() == {"type": "invoice.paid"}
    assert good.headers["x-request-id"]
    sent = refusal_cases()[0][1]
    bad = post(client, sent)
    assert_problem(
        bad.status_code,
        dict(bad.headers),
        bad.content,
        status_of("WEBHOOK_SIGNATURE_MISMATCH"),
        sent,
    )


def test_refused_is_an_http_exception() -> None:
    from starlette.exceptions import HTTPException

    assert issubclass(WebhookRefused, HTTPException)


def test_scheme_is_required() -> None:
    with pytest.raises(TypeError):
        VerifiedWebhook(SECRETS)  # type: ignore[call-arg]


def test_redis_replay_store_shared_by_two_apps(
    redis_server: "RedisServer", caplog_warn: pytest.LogCaptureFixture
) -> None:
    import redis

    from edgeward import RedisStore

    def store() -> RedisStore:
        client = redis.Redis.from_url(redis_server.url, socket_timeout=1, socket_connect_timeout=1)
        return RedisStore(client)

    # Two processes' worth of apps, one Redis: a delivery is accepted once across both.
    first = TestClient(make_app(replay_guard=store()))
    second = TestClient(make_app(replay_guard=store()))
    sent = signed()
    assert post(first, sent).status_code == 200
    again = post(second, sent)
    assert_problem(
        again.status_code, dict(again.headers), again.content, status_of("WEBHOOK_REPLAYED"), sent
    )
    assert_logged(caplog_warn.records, "WEBHOOK_REPLAYED", sent)


def test_failing_replay_store_refuses_with_503(caplog_warn: pytest.LogCaptureFixture) -> None:
    class DownStore:
        def seen(self, key: str, ttl: int) -> bool:
            raise ConnectionError("redis://:hunter2hunter2@10.0.0.5:6379 unreachable")

    sent = signed()
    reply = post(TestClient(make_app(replay_guard=DownStore())), sent)
    assert_problem(reply.status_code, dict(reply.headers), reply.content, 503, sent)
    records = [r for r in caplog_warn.records if r.name == "edgeward.webhook"]
    assert len(records) == 1
    assert records[0].levelno == logging.ERROR
    # The store's message reached the log redacted (the password in its URL), never the reply.
    assert "hunter2hunter2" not in json.dumps(vars(records[0]), default=str)
    assert "hunter2" not in reply.text


def _call_asgi(app: FastAPI, scope_headers: object, body: bytes) -> tuple[int, list, bytes]:
    """``app`` called as an ASGI server would, with ``scope_headers`` exactly as given."""
    import asyncio

    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = asgi_http_scope(scope_headers)
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    content = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], start["headers"], content


@pytest.mark.parametrize(
    "shape",
    ["list of tuples", "list of lists", "tuple of tuples"],
)
def test_every_asgi_header_shape_verifies(shape: str) -> None:
    # The ASGI spec allows any iterable of two-item iterables; the dependency verifies the raw
    # list of tuples in place and every other shape through Starlette's headers, alike.
    sent = signed()
    pairs = [
        (k.encode(), v.encode()) for k, v in {**sent.headers, "x-request-id": "req-shape"}.items()
    ]
    pairs.append((b"content-length", str(len(sent.body)).encode()))
    scope_headers: object = {
        "list of tuples": pairs,
        "list of lists": [list(p) for p in pairs],
        "tuple of tuples": tuple(pairs),
    }[shape]
    status, headers, content = _call_asgi(make_app(), scope_headers, sent.body)
    assert status == 200, content
    assert json.loads(content)["type"] == "invoice.paid"
    assert (b"x-request-id", b"req-shape") in headers


def test_every_asgi_header_shape_refuses_a_tampered_delivery() -> None:
    sent = refusal_cases()[0][1]
    pairs = [(k.encode(), v.encode()) for k, v in sent.headers.items()]
    for scope_headers in (pairs, [list(p) for p in pairs]):
        status, _, content = _call_asgi(make_app(), scope_headers, sent.body)
        assert status == status_of("WEBHOOK_SIGNATURE_MISMATCH"), content


def test_request_id_and_content_length_are_read_as_starlette_reads_them() -> None:
    # Repeated headers: the first of each counts, as `request.headers.get` finds it.
    hook = VerifiedWebhook(SECRETS, scheme=SCHEME, max_body_bytes=4096)
    app = FastAPI(exception_handlers=exception_handlers)

    @app.post("/webhooks")
    async def receive(
        request: Request, delivery: Annotated[WebhookDelivery, Depends(hook)]
    ) -> dict:
        return {"starlette": request.headers.get("x-request-id"), "ours": delivery.request_id}

    sent = signed()
    pairs = [(k.encode(), v.encode()) for k, v in sent.headers.items()]
    first = [(b"x-request-id", b"req-first"), (b"x-request-id", b"req-second")]
    status, headers, content = _call_asgi(app, [*first, *pairs], sent.body)
    assert status == 200, content
    assert json.loads(content) == {"starlette": "req-first", "ours": "req-first"}
    assert [v for k, v in headers if k == b"x-request-id"] == [b"req-first"]
    # A declared length over the limit, then a small one: the first is the declared length.
    lengths = [(b"content-length", b"999999"), (b"content-length", b"10")]
    status, _, content = _call_asgi(app, [*pairs, *lengths], sent.body)
    assert status == 413, content


def test_headers_set_by_another_dependency_are_kept() -> None:
    hook = VerifiedWebhook(SECRETS, scheme=SCHEME)
    app = FastAPI(exception_handlers=exception_handlers)

    def tag(response: Response) -> None:
        response.headers["x-other"] = "kept"
        response.headers["x-request-id"] = "replaced-by-the-guard"

    @app.post("/webhooks", dependencies=[Depends(tag)])
    async def receive(delivery: Annotated[WebhookDelivery, Depends(hook)]) -> dict:
        return {"ok": True}

    reply = post(TestClient(app), signed(), **{"x-request-id": "req-7"})
    assert reply.status_code == 200, reply.text
    assert reply.headers["x-other"] == "kept"
    assert reply.headers.get_list("x-request-id") == ["req-7"]


def test_the_delivery_is_a_frozen_webhook_delivery() -> None:
    import dataclasses

    got: list[WebhookDelivery] = []
    hook = VerifiedWebhook(SECRETS, scheme=SCHEME)
    app = FastAPI(exception_handlers=exception_handlers)

    @app.post("/webhooks")
    async def receive(delivery: Annotated[WebhookDelivery, Depends(hook)]) -> dict:
        got.append(delivery)
        return {"ok": True}

    assert post(TestClient(app), signed(), **{"x-request-id": "req-9"}).status_code == 200
    (delivery,) = got
    assert type(delivery) is WebhookDelivery
    with pytest.raises(dataclasses.FrozenInstanceError):
        delivery.request_id = "other"  # type: ignore[misc]
    fields = {f.name: getattr(delivery, f.name) for f in dataclasses.fields(delivery)}
    assert fields["request_id"] == "req-9"
    assert fields["scheme"] == SCHEME
    assert fields["type"] == "invoice.paid"
    assert fields["headers"] == {"x-request-id": "req-9"}
    assert WebhookDelivery(**fields) == delivery
    assert dataclasses.replace(delivery, request_id="req-10").request_id == "req-10"
    assert repr(delivery).startswith("WebhookDelivery(event=")
    assert "verified=" not in repr(delivery)
