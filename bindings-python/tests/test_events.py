"""Webhook.verify_event against the shared vectors (tests/vectors/webhook_events.json, signed by
the providers' own libraries), as core/tests/events.rs and the Node suite run them, plus what
only Python has (header objects, replay stores, the schema argument)."""

from __future__ import annotations

import base64
import json
from email.message import Message
from pathlib import Path
from typing import Any

import pytest

from edgeward import (
    EdgewardError,
    ReplayGuard,
    ValidationError,
    ValidationFailedError,
    Validator,
    VerifiedEvent,
    Webhook,
    WebhookInvalidOptionsError,
    WebhookReplayedError,
    WebhookVerificationError,
)

VECTORS_PATH = Path(__file__).resolve().parent / ".." / ".." / "tests" / "vectors"
EVENTS: dict[str, Any] = json.loads(
    (VECTORS_PATH / "webhook_events.json").read_text(encoding="utf-8")
)


def header_shapes(case: dict[str, Any]) -> list[tuple[str, object]]:
    """The case's headers as frameworks hand them over: a dict, ASGI pairs, a Message."""
    pairs: list[tuple[str, str]] = []
    for name, value in case["headers"].items():
        for one in value if isinstance(value, list) else [value]:
            pairs.append((name, one))
    message = Message()
    for name, value in pairs:
        message[name] = value
    asgi = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in pairs]
    return [("dict", case["headers"]), ("asgi", asgi), ("message", message)]


def options(case: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"now": case["now"]}
    if "schema" in case:
        out["schema"] = case["schema"]
    if "max_bytes" in case.get("options", {}):
        out["max_bytes"] = case["options"]["max_bytes"]
    return out


@pytest.mark.parametrize("case", EVENTS["cases"], ids=lambda c: c["name"])
def test_event_vectors(case: dict[str, Any]) -> None:
    webhook = Webhook(case["secrets"], scheme=case["scheme"])
    expect = case["expect"]
    # A body that is not UTF-8 (payload_base64) exists as bytes only.
    if "payload_base64" in case:
        bodies: tuple[str | bytes, ...] = (base64.b64decode(case["payload_base64"]),)
    else:
        bodies = (case["payload_text"], case["payload_text"].encode("utf-8"))
    for shape, headers in header_shapes(case):
        for body in bodies:
            label = f"{shape}, {type(body).__name__}"
            if expect["ok"]:
                result = webhook.verify_event(body, headers, **options(case))
                assert isinstance(result, VerifiedEvent)
                assert result.event == expect["event"], label
                assert result.type == expect["type"], label
                assert result.id == expect["id"], label
                assert result.inner_type == expect["inner_type"], label
                assert result.timestamp == expect["timestamp"], label
                assert result.secret_index == expect["secret_index"], label
            else:
                with pytest.raises(EdgewardError) as raised:
                    webhook.verify_event(body, headers, **options(case))
                assert raised.value.code == expect["code"], label
                family = (
                    WebhookVerificationError
                    if expect["code"].startswith("WEBHOOK_")
                    else ValidationError
                )
                assert isinstance(raised.value, family), label


SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
NOW = 1_700_000_000


def test_big_integers_stay_exact() -> None:
    webhook = Webhook(SECRET, scheme="standard")
    body = '{"type":"a","n":18446744073709551615}'
    headers = webhook.sign_headers(body, timestamp=NOW, id="msg_1")
    result = webhook.verify_event(body, headers, now=NOW)
    assert result.event["n"] == 18446744073709551615
    assert result.id == "msg_1"
    assert "msg_1" in repr(result)
    assert "18446744073709551615" not in repr(result)


def test_replay_guard_records_as_verify_does() -> None:
    webhook = Webhook(SECRET, scheme="standard", replay_guard=ReplayGuard())
    body = '{"type":"a"}'
    headers = webhook.sign_headers(body, timestamp=NOW, id="msg_1")
    assert webhook.verify_event(body, headers, now=NOW).type == "a"
    with pytest.raises(WebhookReplayedError):
        webhook.verify_event(body, headers, now=NOW)


def test_schema_as_validator_or_mapping() -> None:
    webhook = Webhook(SECRET, scheme="standard")
    body = '{"type":"a","amount":5}'
    headers = webhook.sign_headers(body, timestamp=NOW, id="msg_1")
    schema = {"type": "object", "required": ["amount"]}
    for given in (schema, Validator(schema)):
        assert webhook.verify_event(body, headers, now=NOW, schema=given).event["amount"] == 5
    with pytest.raises(ValidationFailedError) as raised:
        webhook.verify_event(body, headers, now=NOW, schema={"required": ["missing"]})
    assert len(raised.value.errors) == 1


@pytest.mark.parametrize("bad", [0, -1, 1.5, "1", True])
def test_max_bytes_must_be_a_positive_int(bad: object) -> None:
    webhook = Webhook("s", scheme="github")
    body = b'{"zen":"x"}'
    signature = webhook.sign_headers(body)["x-hub-signature-256"]
    with pytest.raises(WebhookInvalidOptionsError):
        webhook.verify_event(body, signature, max_bytes=bad)


def test_bare_signature_names_no_event() -> None:
    webhook = Webhook("s", scheme="github")
    body = b'{"zen":"x"}'
    signature = webhook.sign_headers(body)["x-hub-signature-256"]
    result = webhook.verify_event(body, signature)
    assert (result.type, result.id, result.timestamp) == (None, None, None)
    named = webhook.verify_event(
        body, {"X-Hub-Signature-256": signature, "X-GitHub-Event": b"ping"}
    )
    assert named.type == "ping"
