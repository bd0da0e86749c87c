"""Deliveries for the framework integration tests (edgeward.fastapi, .flask, .django, .asgi):
genuine, tampered, stale, malformed and oversized, signed with the real signer; and the checks
every refusal must pass (status, problem JSON, nothing echoed, one redacted log record)."""

from __future__ import annotations

import base64
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from edgeward import Webhook

SECRET = "whsec_" + base64.b64encode(b"edgeward-middleware-test-key-01").decode()
OLD_SECRET = "whsec_" + base64.b64encode(b"edgeward-middleware-old-key-002").decode()
SECRETS = [SECRET, OLD_SECRET]
SCHEME = "standard"
LOGGER = "edgeward.webhook"

_SIGNER = Webhook([SECRET], scheme=SCHEME)
_OLD_SIGNER = Webhook([OLD_SECRET], scheme=SCHEME)
_counter = 0


@dataclass
class Delivery:
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def signatures(self) -> list[str]:
        """The signature values a refusal must never echo."""
        value = self.headers.get("webhook-signature", "")
        return [part.split(",", 1)[-1] for part in value.split() if "," in part]


def event(kind: str = "invoice.paid", size: int = 0) -> bytes:
    """A JSON event, padded to about ``size`` bytes."""
    global _counter
    _counter += 1
    data = {"type": kind, "id": f"evt_{_counter}", "data": {"pad": "x" * max(0, size - 80)}}
    return json.dumps(data).encode()


def signed(
    body: bytes | None = None, *, age: int = 0, old: bool = False, msg_id: str | None = None
) -> Delivery:
    global _counter
    _counter += 1
    body = event() if body is None else body
    signer = _OLD_SIGNER if old else _SIGNER
    headers = signer.sign_headers(
        body, timestamp=int(time.time()) - age, id=msg_id or f"msg_{_counter}"
    )
    headers["content-type"] = "application/json"
    return Delivery(body, dict(headers))


def tampered() -> Delivery:
    good = signed()
    return Delivery(good.body.replace(b"invoice", b"INVOICE"), good.headers)


def stale() -> Delivery:
    return signed(age=3600)


def not_json() -> Delivery:
    return signed(b"amount=100&currency=eur")


def malformed_header() -> Delivery:
    good = signed()
    headers = dict(good.headers)
    headers["webhook-signature"] = "v1,%%%not-base64%%%"
    return Delivery(good.body, headers)


def status_of(code: str) -> int:
    """The status the integrations answer for ``code``: the core's table, read from the
    shared vectors (what the Node middleware answers too)."""
    return _HTTP_STATUS[code]


_HTTP_STATUS: dict[str, int] = json.loads(
    (Path(__file__).resolve().parents[2] / "tests" / "vectors" / "http_status.json").read_text(
        encoding="utf-8"
    )
)["codes"]


def assert_problem(
    status: int, headers: dict[str, str], body: bytes, expected: int, sent: Delivery | None
) -> dict[str, object]:
    """A refusal: the status, RFC 9457 problem JSON with the request id, nothing echoed."""
    lower = {k.lower(): v for k, v in headers.items()}
    assert status == expected, body
    assert lower["content-type"] == "application/problem+json"
    assert lower["cache-control"] == "no-store"
    problem = json.loads(body)
    assert problem["status"] == expected
    assert problem["type"] == "about:blank"
    assert isinstance(problem["title"], str)
    assert problem["title"]
    assert problem["requestId"] == lower["x-request-id"]
    assert set(problem) == {"type", "title", "status", "requestId"}
    text = body.decode()
    for secret in SECRETS:
        assert secret not in text
        assert secret.removeprefix("whsec_") not in text
    if sent is not None:
        for signature in sent.signatures:
            assert signature not in text
        if len(sent.body) > 8:
            assert sent.body.decode("utf-8", "replace") not in text
    return problem


def assert_logged(records: list[logging.LogRecord], reason: str, sent: Delivery | None) -> None:
    """Exactly one refusal record, naming ``reason``, carrying no secret or signature."""
    ours = [r for r in records if r.name == LOGGER]
    assert len(ours) == 1, [r.getMessage() for r in ours]
    record = ours[0]
    assert reason in record.getMessage()
    assert record.levelno == (logging.ERROR if "FULL" in reason else logging.WARNING)
    everything = record.getMessage() + json.dumps(vars(record), default=str)
    for secret in SECRETS:
        assert secret not in everything
        assert secret.removeprefix("whsec_") not in everything
    if sent is not None:
        for signature in sent.signatures:
            assert signature not in everything
    assert record.edgeward["requestId"]  # type: ignore[attr-defined]


def refusal_cases() -> list[tuple[str, Delivery, str]]:
    """(name, delivery, code) of every refusal the core decides."""
    return [
        ("tampered", tampered(), "WEBHOOK_SIGNATURE_MISMATCH"),
        ("stale", stale(), "WEBHOOK_TIMESTAMP_TOO_OLD"),
        ("not json", not_json(), "VALIDATION_INVALID_JSON"),
        ("malformed header", malformed_header(), "WEBHOOK_MALFORMED_HEADER"),
        (
            "unsigned",
            Delivery(event(), {"content-type": "application/json"}),
            "WEBHOOK_MISSING_HEADER",
        ),
    ]


def asgi_http_scope(headers: object, **extra: object) -> dict:
    """The scope an ASGI server gives a ``POST /webhooks`` over HTTP/1.1, with ``headers``
    exactly as given (any shape, to test what the app accepts) and ``extra`` keys added."""
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/webhooks",
        "raw_path": b"/webhooks",
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 4000),
        "server": ("testserver", 80),
        **extra,
    }
