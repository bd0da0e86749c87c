"""edgeward.asgi: the plain ASGI middleware, over a raw ASGI app (through Starlette's
TestClient and httpx2's ASGITransport) and in front of a Starlette app; body buffered under a
limit and replayed to the app exactly, delivery in scope["state"]."""

import asyncio
import json
import logging
import subprocess
import sys

import httpx2
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

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
from edgeward.asgi import WebhookMiddleware


async def echo(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
    """A raw ASGI app: answers what it received, and the delivery it was given."""
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    webhook = scope.get("state", {}).get("webhook")
    reply = json.dumps(
        {
            "body": body.decode(),
            "type": webhook.event["type"] if webhook else None,
            "secret_index": webhook.secret_index if webhook else None,
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": reply})


def make_app(**options: object) -> WebhookMiddleware:
    options.setdefault("paths", ["/webhooks"])
    return WebhookMiddleware(echo, secrets=SECRETS, scheme=SCHEME, **options)  # type: ignore[arg-type]


def post(client: TestClient, sent: Delivery, url: str = "/webhooks", **headers: str):
    return client.post(url, content=sent.body, headers={**sent.headers, **headers})


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO)
    return caplog


def test_genuine_delivery_reaches_the_app_with_its_body(logs: pytest.LogCaptureFixture) -> None:
    sent = signed()
    reply = post(TestClient(make_app()), sent, **{"x-request-id": "asgi-1"})
    assert reply.status_code == 200, reply.text
    assert reply.json() == {"body": sent.body.decode(), "type": "invoice.paid", "secret_index": 0}
    assert reply.headers["x-request-id"] == "asgi-1"
    assert not [r for r in logs.records if r.name == "edgeward.webhook"]


def test_other_paths_pass_untouched() -> None:
    reply = TestClient(make_app()).post("/other", content=b"anything")
    assert reply.json() == {"body": "anything", "type": None, "secret_index": None}


@pytest.mark.parametrize(("name", "sent", "code"), refusal_cases(), ids=lambda v: str(v)[:20])
def test_refusals(name: str, sent: Delivery, code: str, logs: pytest.LogCaptureFixture) -> None:
    reply = post(TestClient(make_app()), sent)
    assert_problem(reply.status_code, dict(reply.headers), reply.content, status_of(code), sent)
    assert_logged(logs.records, code, sent)


def test_replayed_delivery_is_refused(logs: pytest.LogCaptureFixture) -> None:
    client = TestClient(make_app(replay_guard=ReplayGuard()))
    sent = signed()
    assert post(client, sent).status_code == 200
    again = post(client, sent)
    expected = status_of("WEBHOOK_REPLAYED")
    assert_problem(again.status_code, dict(again.headers), again.content, expected, sent)
    assert_logged(logs.records, "WEBHOOK_REPLAYED", sent)


def test_declared_oversized_body_is_refused(logs: pytest.LogCaptureFixture) -> None:
    sent = signed(event(size=4096))
    reply = post(TestClient(make_app(max_body_bytes=1024)), sent)
    assert_problem(reply.status_code, dict(reply.headers), reply.content, 413, sent)
    assert_logged(logs.records, "BODY_TOO_LARGE", sent)


def run_asgi(app, messages: list[dict], headers: list[tuple[bytes, bytes]]):  # type: ignore[no-untyped-def]
    """Calls ``app`` with ``messages`` as the request; returns (status, headers, body, read)."""
    pending = list(messages)
    sent: list[dict] = []

    async def receive() -> dict:
        if pending:
            return pending.pop(0)
        await asyncio.sleep(3600)  # never: the app must not ask past the last message
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = asgi_http_scope(headers, state={"shared": True})
    asyncio.run(asyncio.wait_for(app(scope, receive, send), 10))
    start = sent[0]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    consumed = len(messages) - len(pending)
    return (
        start["status"],
        dict((k.decode(), v.decode()) for k, v in start["headers"]),
        body,
        consumed,
    )


def chunked(sent: Delivery, size: int) -> tuple[list[dict], list[tuple[bytes, bytes]]]:
    parts = [sent.body[i : i + size] for i in range(0, len(sent.body), size)]
    messages = [
        {"type": "http.request", "body": part, "more_body": i < len(parts) - 1}
        for i, part in enumerate(parts)
    ]
    headers = [(k.encode(), v.encode()) for k, v in sent.headers.items()]
    return messages, headers


def test_body_in_many_messages_is_replayed_whole() -> None:
    sent = signed(event(size=3000))
    messages, headers = chunked(sent, 256)
    status, _, body, consumed = run_asgi(make_app(), messages, headers)
    assert status == 200, body
    assert json.loads(body)["body"] == sent.body.decode()
    assert consumed == len(messages)


def test_streamed_oversized_body_stops_reading_at_the_limit() -> None:
    sent = signed(event(size=8000))
    messages, headers = chunked(sent, 512)
    status, got_headers, body, consumed = run_asgi(make_app(max_body_bytes=2048), messages, headers)
    assert_problem(status, got_headers, body, 413, sent)
    assert consumed == 5  # the fifth message passed 2048 bytes: nothing more was read


def test_state_is_copied_not_shared() -> None:
    seen: list[dict] = []

    async def app(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        seen.append(scope["state"])
        await echo(scope, receive, send)

    sent = signed()
    messages, headers = chunked(sent, 4096)
    wrapped = WebhookMiddleware(app, secrets=SECRETS, scheme=SCHEME)
    status, _, _, _ = run_asgi(wrapped, messages, headers)
    assert status == 200
    assert seen[0]["shared"] is True
    assert seen[0]["webhook"].event["type"] == "invoice.paid"


def test_rate_limit_and_allowlist() -> None:
    client = TestClient(
        make_app(rate_limiter=RateLimiter(limit=1, period_seconds=60), allowlist=["loopback"]),
        client=("127.0.0.1", 4000),
    )
    assert post(client, signed()).status_code == 200
    limited = post(client, signed())
    assert_problem(limited.status_code, dict(limited.headers), limited.content, 429, None)
    outsider = TestClient(make_app(allowlist=["loopback"]), client=("203.0.113.5", 4000))
    refused = post(outsider, signed())
    assert_problem(refused.status_code, dict(refused.headers), refused.content, 403, None)


def test_in_front_of_starlette_through_httpx_asgi_transport() -> None:
    async def receive(request: Request) -> JSONResponse:
        delivery = request.state.webhook
        return JSONResponse(
            {"type": delivery.event["type"], "raw": (await request.body()).decode()}
        )

    inner = Starlette(routes=[Route("/webhooks", receive, methods=["POST"])])
    app = WebhookMiddleware(inner, secrets=SECRETS, scheme=SCHEME, paths=["/webhooks"])
    sent = signed()

    async def send() -> httpx2.Response:
        transport = httpx2.ASGITransport(app=app)
        async with httpx2.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.post("/webhooks", content=sent.body, headers=sent.headers)

    reply = asyncio.run(send())
    assert reply.status_code == 200, reply.text
    assert reply.json() == {"type": "invoice.paid", "raw": sent.body.decode()}


def test_paths_must_be_a_list() -> None:
    with pytest.raises(TypeError):
        WebhookMiddleware(echo, secrets=SECRETS, scheme=SCHEME, paths="/webhooks")


def test_import_edgeward_imports_no_framework() -> None:
    code = (
        "import sys, edgeward, edgeward.asgi\n"
        "frameworks = ('fastapi', 'starlette', 'flask', 'werkzeug', 'django', 'httpx2')\n"
        "print([m for m in frameworks if m in sys.modules])"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("shape", [list, tuple])
def test_header_pairs_of_any_iterable_shape_verify(shape: type) -> None:
    # The ASGI spec's headers are two-item iterables: a server may send lists, not tuples.
    sent = signed()
    pairs = [shape((k.encode(), v.encode())) for k, v in sent.headers.items()]
    pairs.append(shape((b"x-request-id", b"asgi-shape")))
    out: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": sent.body, "more_body": False}

    async def send(message: dict) -> None:
        out.append(message)

    scope = {"type": "http", "path": "/webhooks", "headers": pairs, "client": ("127.0.0.1", 1)}
    asyncio.run(make_app()(scope, receive, send))
    assert out[0]["status"] == 200, out
    assert (b"x-request-id", b"asgi-shape") in out[0]["headers"]
    assert json.loads(out[1]["body"])["type"] == "invoice.paid"
