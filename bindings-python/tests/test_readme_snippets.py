"""The README's Python examples run as written, so they cannot rot: every fenced ``python``
block must follow a ``<!-- snippet: NAME -->`` marker, and each NAME has a test here that
executes the block (a fresh module; environment variables and, for fragments, the few names
the text around it defines) and drives it with the framework's real test client."""

import base64
import json
import os
import re
import subprocess
import sys
import time
import types
from pathlib import Path
from typing import Any

import pytest

from _deliveries import status_of
from edgeward import Webhook, WebhookReplayedError

README = Path(__file__).resolve().parents[2] / "README.md"
SNIPPET = re.compile(r"<!-- snippet: ([a-z0-9-]+) -->\n```python\n(.*?)\n```", re.S)
SECRET = "whsec_" + base64.b64encode(b"edgeward-readme-snippet-secret!").decode()


def snippets() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    found = SNIPPET.findall(text)
    names = [name for name, _ in found]
    assert len(names) == len(set(names)), "snippet names must be unique"
    return dict(found)


# Run by test_readme_events.py (each as its own script, output compared).
TESTED_ELSEWHERE = {"events", "router", "loggers"}


def test_every_python_block_is_a_tested_snippet() -> None:
    text = README.read_text(encoding="utf-8")
    here = {
        name.removeprefix("test_snippet_").replace("_", "-")
        for name in globals()
        if name.startswith("test_snippet_")
    }
    assert text.count("```python") == len(snippets())
    assert set(snippets()) == here | TESTED_ELSEWHERE


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    return monkeypatch


def load(name: str, **names: Any) -> types.ModuleType:
    """Executes snippet ``name`` as module ``readme_<name>`` (registered in sys.modules, as an
    imported file would be) with ``names`` predefined."""
    module = types.ModuleType(f"readme_{name.replace('-', '_')}")
    module.__dict__.update(names)
    sys.modules[module.__name__] = module
    exec(compile(snippets()[name], f"README.md <{name}>", "exec"), module.__dict__)  # noqa: S102
    return module


def stripe_event() -> bytes:
    return json.dumps(
        {"id": f"evt_{time.time_ns()}", "type": "invoice.paid", "data": {"object": {}}}
    ).encode()


# --- the framework sections --------------------------------------------------------------------


def test_snippet_fastapi(env: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    env.setenv("STRIPE_WEBHOOK_SECRET", SECRET)
    env.delenv("STRIPE_WEBHOOK_SECRET_PREVIOUS", raising=False)
    client = TestClient(load("fastapi").app)
    body = stripe_event()
    header = Webhook(SECRET).sign(body)
    reply = client.post("/webhooks/stripe", content=body, headers={"stripe-signature": header})
    assert reply.status_code == 200, reply.text
    assert reply.json() == {"received": json.loads(body)["id"]}
    again = client.post("/webhooks/stripe", content=body, headers={"stripe-signature": header})
    assert again.status_code == status_of("WEBHOOK_REPLAYED")
    assert again.headers["content-type"] == "application/problem+json"
    forged = client.post(
        "/webhooks/stripe", content=body, headers={"stripe-signature": "t=1,v1=00"}
    )
    assert forged.status_code >= 400
    assert forged.json()["requestId"] == forged.headers["x-request-id"]


def test_snippet_flask(env: pytest.MonkeyPatch) -> None:
    env.setenv("GITHUB_WEBHOOK_SECRET", "a github secret")
    client = load("flask").app.test_client()
    body = json.dumps({"action": "opened", "number": 1}).encode()
    headers = Webhook("a github secret", scheme="github").sign_headers(body)
    headers["x-github-event"] = "pull_request"
    headers["x-github-delivery"] = "72d3162e-cc78-11e3-81ab-4c9367dc0958"
    reply = client.post("/webhooks/github", data=body, headers=headers)
    assert reply.status_code == 200, reply.text
    assert reply.get_json() == {"event": "pull_request", "action": "opened"}
    again = client.post("/webhooks/github", data=body, headers=headers)
    assert again.status_code == status_of("WEBHOOK_REPLAYED")


def _urlconf(name: str, route: str, view: Any) -> str:
    from django.urls import path

    module = types.ModuleType(f"readme_urls_{name}")
    module.urlpatterns = [path(route, view)]  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    return module.__name__


def test_snippet_django(env: pytest.MonkeyPatch) -> None:
    from _django_settings import configure

    configure()
    from django.test import Client, override_settings

    env.setenv("STRIPE_WEBHOOK_SECRET", SECRET)
    views = load("django")
    urls = _urlconf("django", "webhooks/stripe", views.stripe_webhook)
    body = stripe_event()
    header = Webhook(SECRET).sign(body)
    with override_settings(ROOT_URLCONF=urls):
        client = Client(enforce_csrf_checks=True)
        reply = client.post(
            "/webhooks/stripe",
            data=body,
            content_type="application/json",
            headers={"stripe-signature": header},
        )
        assert reply.status_code == 200, reply.content
        assert reply.json() == {"received": json.loads(body)["id"]}
        stale = Webhook(SECRET).sign(body, timestamp=int(time.time()) - 3600)
        refused = client.post(
            "/webhooks/stripe",
            data=body,
            content_type="application/json",
            headers={"stripe-signature": stale},
        )
        assert refused.status_code == status_of("WEBHOOK_TIMESTAMP_TOO_OLD")


def test_snippet_django_middleware(env: pytest.MonkeyPatch) -> None:
    from _django_settings import configure

    configure()
    from django.http import JsonResponse
    from django.test import Client, override_settings
    from django.views.decorators.csrf import csrf_exempt

    env.setenv("SHOPIFY_WEBHOOK_SECRET", SECRET)
    config = load("django-middleware")

    @csrf_exempt
    def shopify_webhook(request):  # type: ignore[no-untyped-def]
        return JsonResponse({"topic": request.webhook.type, "id": request.webhook.event["id"]})

    urls = _urlconf("django_middleware", "webhooks/shopify", shopify_webhook)
    body = json.dumps({"id": 820982911946154508}).encode()
    headers = Webhook(SECRET, scheme="shopify").sign_headers(body)
    headers["x-shopify-topic"] = "orders/create"
    with override_settings(
        ROOT_URLCONF=urls,
        MIDDLEWARE=config.MIDDLEWARE,
        EDGEWARD_WEBHOOKS=config.EDGEWARD_WEBHOOKS,
    ):
        client = Client(enforce_csrf_checks=True)
        reply = client.post(
            "/webhooks/shopify", data=body, content_type="application/json", headers=headers
        )
        assert reply.status_code == 200, reply.content
        assert reply.json() == {"topic": "orders/create", "id": 820982911946154508}
        forged = client.post("/webhooks/shopify", data=body, content_type="application/json")
        assert forged.status_code == status_of("WEBHOOK_MISSING_HEADER")


def test_snippet_asgi(env: pytest.MonkeyPatch) -> None:
    from starlette.testclient import TestClient

    env.setenv("WEBHOOK_SECRET", SECRET)
    client = TestClient(load("asgi").app)
    body = json.dumps({"type": "user.created", "data": {}}).encode()
    headers = Webhook(SECRET, scheme="standard").sign_headers(body, id="msg_readme_1")
    reply = client.post("/webhooks", content=body, headers=headers)
    assert reply.status_code == 200, reply.text
    assert reply.json() == {"received": "msg_readme_1"}
    assert client.post("/elsewhere", content=b"{}").status_code == 404
    big = client.post("/webhooks", content=b"x" * (256 * 1024 + 1), headers=headers)
    assert big.status_code == 413


# --- the other Python examples -----------------------------------------------------------------


def test_snippet_replay() -> None:
    import fakeredis

    body = b'{"zen":"Keep it logically awesome."}'

    class Request:  # what the text around the example has: a Flask request
        headers = Webhook(SECRET, scheme="github").sign_headers(body)

        @staticmethod
        def get_data() -> bytes:
            return body

    module = load("replay", secret=SECRET, request=Request(), redis=fakeredis.FakeRedis())
    assert len(module.github.replay_guard) == 1
    signed = module.standard.sign_headers(b"{}", id="msg_1")
    module.standard.verify(b"{}", signed)
    with pytest.raises(WebhookReplayedError) as caught:
        module.standard.verify(b"{}", signed)
    assert caught.value.code == "WEBHOOK_REPLAYED"


def test_snippet_redaction_logging(tmp_path: Path) -> None:
    # Its own process: the example configures the root logger.
    script = tmp_path / "snippet.py"
    script.write_text(snippets()["redaction-logging"], encoding="utf-8")
    result = subprocess.run(  # noqa: S603 - our own interpreter and the README's example
        [sys.executable, str(script)], capture_output=True, text=True, check=True, timeout=60
    )
    assert "q8ZlW3nR5tYp0vXs7bKd2mJf" not in result.stderr
    assert "hunter2" not in result.stderr
    assert "Authorization: Bearer [REDACTED]" in result.stderr
    assert "user=ann" in result.stderr


def test_snippet_quickstart(capsys: pytest.CaptureFixture[str]) -> None:
    load("quickstart")
    assert capsys.readouterr().out == "0\n{'user': 'ann', 'password': '[REDACTED]'}\n"


def test_snippet_validation() -> None:
    module = load("validation")
    assert module.parse_payment(b'{"email": "a@example.com"}')[0] == 422


def test_snippet_validation_formats() -> None:
    load("validation-formats", schema_with_vendor_formats={"format": "x-vendor-id"})


def test_snippet_ratelimit_fastapi() -> None:
    from fastapi.testclient import TestClient

    module = load("ratelimit-fastapi")
    reply = TestClient(module.app).post("/webhooks")
    # 204 with a Redis on localhost, else 429: the store failed and the limiter failed closed.
    assert reply.status_code in (204, 429)
    assert "ratelimit" in reply.headers


def test_snippet_oauth() -> None:
    import fakeredis

    module = load(
        "oauth",
        STATE_SECRET="a" * 32,
        STATE_SECRET_OLD="b" * 32,
        session_id="session-1",
        redis_client=fakeredis.FakeRedis(),
        expires_at=time.time() + 3600,
        obtained_at=time.time(),
    )
    assert module.result.return_to == "/settings"
    assert module.result.verifier == module.verifier


def test_snippet_seal() -> None:
    from cryptography.fernet import Fernet

    def key() -> str:
        return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")

    old_key = Fernet.generate_key()
    module = load(
        "seal",
        SEAL_KEY_2=key(),
        SEAL_KEY_1=key(),
        refresh_token="rt_example",
        user_id=42,
        OLD_FERNET_KEY=old_key,
        old_token=Fernet(old_key).encrypt(b"legacy"),
    )
    assert module.plain == b"rt_example"
    assert module.sealer.open(module.stored) == b"legacy"


def test_snippet_key_hygiene(env: pytest.MonkeyPatch) -> None:
    env.setenv("STRIPE_KEY", "sk_test_" + "4eC39HqLyjWDarjtT1zdp7dc")
    env.setenv("APP_ENV", "development")
    env.setenv("WEBHOOK_SECRET_NEW", SECRET)
    env.delenv("WEBHOOK_SECRET_OLD", raising=False)
    module = load("key-hygiene", key="sk_live_" + "x" * 24)
    assert module.webhook.scheme == "stripe"


def test_snippet_policy() -> None:
    module = load("policy")
    assert module.policy.can({"roles": ["support"]}, "tickets:close")


def test_snippet_safe_errors(caplog: pytest.LogCaptureFixture) -> None:
    from fastapi.testclient import TestClient

    module = load("safe-errors")

    @module.app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("db password=hunter2hunter2 unreachable")

    reply = TestClient(module.app).get("/boom", headers={"x-request-id": "req-9"})
    assert reply.status_code == 500
    assert reply.json()["requestId"] == "req-9"
    assert "hunter2" not in reply.text
    record = next(r for r in caplog.records if r.name == "app")
    assert record.error["requestId"] == "req-9"  # type: ignore[attr-defined]
    assert "hunter2hunter2" not in json.dumps(record.error)  # type: ignore[attr-defined]


def test_snippet_net_fastapi() -> None:
    from fastapi.testclient import TestClient

    app = load("net-fastapi").app
    assert TestClient(app, client=("192.0.2.10", 4000)).post("/webhooks").status_code == 200
    refused = TestClient(app, client=("203.0.113.10", 4000)).post("/webhooks")
    assert refused.status_code == 403
