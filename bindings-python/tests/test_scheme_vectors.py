"""Every webhook scheme against the shared vectors (tests/vectors/webhook_schemes.json, computed
independently of edgeward with Python's hmac/hashlib/base64 and `cryptography`), as the Rust
core runs them in core/tests/schemes.rs: verify, sign, sign errors and replay sequences.

Each verify case is run with its headers in every container a Python user may hold them in, and
must give the same answer in all of them."""

from __future__ import annotations

import email.message
import http.client
import io
from collections import Counter
from typing import Any

import pytest
import starlette.datastructures
import werkzeug.datastructures

from _vectors import SCHEME_VECTORS, raw_payload, scheme_headers
from edgeward import (
    BY_CODE,
    EdgewardError,
    ReplayGuard,
    Verified,
    Webhook,
    WebhookReplayedError,
    WebhookReplayGuardFullError,
    WebhookVerificationError,
)

SCHEMES = ("stripe", "standard", "github", "slack", "shopify")


def build(case: dict[str, Any], **extra: Any) -> Webhook:
    options: dict[str, Any] = {"scheme": case["scheme"], **extra}
    if "tolerance" in case:
        options["tolerance"] = case["tolerance"]
    if "retention" in case:
        options["retention"] = case["retention"]
    if "secret_format" in case:
        options["secret_format"] = case["secret_format"]
    return Webhook(case["secrets"], **options)


def try_build(case: dict[str, Any], **extra: Any) -> Webhook | EdgewardError:
    """The case's verifier, or the error that building it raised (the core checks secrets
    and options at construction)."""
    try:
        return build(case, **extra)
    except EdgewardError as error:
        return error


def containers(headers: dict[str, str]) -> list[tuple[str, object]]:
    """The same headers in every form the binding accepts."""
    forms: list[tuple[str, object]] = [
        ("dict", dict(headers)),
        ("dict-upper", {k.upper(): v for k, v in headers.items()}),
        ("dict-title", {k.title(): v for k, v in headers.items()}),
        ("pairs", list(headers.items())),
        ("asgi-bytes", [(k.lower().encode(), v.encode("latin-1")) for k, v in headers.items()]),
        ("starlette", starlette.datastructures.Headers(headers=headers)),
        ("werkzeug", werkzeug.datastructures.Headers(list(headers.items()))),
    ]
    message = email.message.Message()
    for name, value in headers.items():
        message[name] = value
    forms.append(("email.message", message))
    if all(len(v) < 60_000 for v in headers.values()):  # http.client's line limit is 64 KiB
        raw = "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        forms.append(("http.client", http.client.parse_headers(io.BytesIO(raw.encode("latin-1")))))
    return forms


class RecordingStore:
    """An external replay store that remembers nothing and records what it was asked."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def seen(self, key: str, ttl: int) -> bool:
        self.calls.append((key, ttl))
        return False


def assert_no_secret(case: dict[str, Any], error: BaseException) -> None:
    shown = [str(error), repr(error), *map(str, error.args)]
    for secret in case["secrets"]:
        if len(secret) > 6:  # the shortest secrets are prefixes alone
            for text in shown:
                assert secret not in text
                assert secret[6:] not in text


VERIFY = SCHEME_VECTORS["verify"]


def test_vectors_are_loaded() -> None:
    per_scheme = Counter(case["scheme"] for case in VERIFY)
    assert set(per_scheme) == set(SCHEMES)
    assert all(count >= 3 for count in per_scheme.values()), per_scheme
    assert len(VERIFY) >= 90
    assert len(SCHEME_VECTORS["sign"]) >= len(SCHEMES)
    assert SCHEME_VECTORS["sign_errors"]
    assert SCHEME_VECTORS["replay"]


@pytest.mark.parametrize("case", VERIFY, ids=[case["name"] for case in VERIFY])
def test_verify_vector(case: dict[str, Any]) -> None:
    expect = case["expect"]
    payload = raw_payload(case)
    store = RecordingStore()
    webhook = try_build(case, replay_guard=store)
    if isinstance(webhook, EdgewardError):
        assert not expect["ok"], f"construction failed: {webhook}"
        assert type(webhook) is BY_CODE[expect["code"]]
        assert webhook.code == expect["code"]
        assert_no_secret(case, webhook)
        return
    assert webhook.scheme == case["scheme"]

    headers = scheme_headers(case)
    forms: list[tuple[str, object]] = (
        [("bare str", case["header"])] if headers is None else containers(headers)
    )
    payloads: list[object] = [payload, bytearray(payload)]
    if "payload_text" in case:
        payloads.append(case["payload_text"])

    for index, (form, value) in enumerate(forms):
        body = payloads[index % len(payloads)]
        if expect["ok"]:
            verified = webhook.verify(body, value, now=case["now"])  # type: ignore[arg-type]
            assert verified == Verified(
                expect["timestamp"], expect["secret_index"], expect["id"], case["scheme"]
            ), form
            assert verified.timestamp == expect["timestamp"]
            assert verified.secret_index == expect["secret_index"]
            assert verified.id == expect["id"]
            assert verified.scheme == case["scheme"]
            # The external store saw the key the vectors name, for as long as they say.
            key, ttl = store.calls.pop()
            assert key == expect["replay_key"], form
            assert ttl == max(1, expect["replay_expires_at"] - case["now"]), form
        else:
            with pytest.raises(EdgewardError) as caught:
                webhook.verify(body, value, now=case["now"])  # type: ignore[arg-type]
            error = caught.value
            assert type(error) is BY_CODE[expect["code"]], f"{form}: {error}"
            assert isinstance(error, WebhookVerificationError)
            assert error.code == expect["code"]
            assert_no_secret(case, error)
            assert not store.calls, "a delivery that did not verify reached the store"


SIGN = SCHEME_VECTORS["sign"]


@pytest.mark.parametrize("case", SIGN, ids=[case["name"] for case in SIGN])
def test_sign_vector(case: dict[str, Any]) -> None:
    webhook = build(case)
    payload = raw_payload(case)
    timestamp = case["timestamp"]
    signed = webhook.sign_headers(payload, timestamp=timestamp, id=case.get("id"))
    assert signed == case["headers"]
    assert list(signed) == list(case["headers"]), "header order: id, timestamp, signature"
    if case["scheme"] == "stripe":
        assert webhook.sign(payload, timestamp=timestamp) == case["headers"]["stripe-signature"]
    else:
        assert webhook.sign(payload, timestamp=timestamp, id=case.get("id")) == case["headers"]
    # What was signed verifies, with the signing secret (index 0).
    now = timestamp if case["scheme"] in ("stripe", "standard", "slack") else 0
    verified = webhook.verify(payload, signed, now=now)
    assert verified.secret_index == 0
    assert verified.id == (case["id"] if case["scheme"] == "standard" else None)


SIGN_ERRORS = SCHEME_VECTORS["sign_errors"]


@pytest.mark.parametrize("case", SIGN_ERRORS, ids=[case["name"] for case in SIGN_ERRORS])
def test_sign_error_vector(case: dict[str, Any]) -> None:
    webhook = build(case)
    for sign in (webhook.sign, webhook.sign_headers):
        with pytest.raises(EdgewardError) as caught:
            sign(raw_payload(case), timestamp=case["timestamp"], id=case.get("id"))
        assert caught.value.code == case["expect"]["code"]
        assert type(caught.value) is BY_CODE[case["expect"]["code"]]


class ClockedDictStore:
    """An unbounded external store over a dict, with expiry against a clock the test sets:
    the `seen(key, ttl)` protocol as Redis `SET NX EX` implements it."""

    def __init__(self) -> None:
        self.now = 0
        self.expires: dict[str, int] = {}

    def seen(self, key: str, ttl: int) -> bool:
        self.expires = {k: t for k, t in self.expires.items() if t > self.now}
        if key in self.expires:
            return True
        self.expires[key] = self.now + ttl
        return False


REPLAY = SCHEME_VECTORS["replay"]


def run_replay(case: dict[str, Any], guard: object, clock: ClockedDictStore | None) -> None:
    webhook = build(case, replay_guard=guard)
    for index, step in enumerate(case["steps"]):
        if clock is not None:
            clock.now = step["now"]
        # A step with its own secrets is another endpoint sharing the guard or store.
        endpoint = (
            build({**case, "secrets": step["secrets"]}, replay_guard=guard)
            if "secrets" in step
            else webhook
        )
        expect = step["expect"]
        call = (raw_payload(step), step["headers"])
        if expect["ok"]:
            endpoint.verify(*call, now=step["now"])
        else:
            with pytest.raises(EdgewardError) as caught:
                endpoint.verify(*call, now=step["now"])
            assert caught.value.code == expect["code"], f"step {index}: {caught.value}"
            if expect["code"] == "WEBHOOK_REPLAYED":
                assert type(caught.value) is WebhookReplayedError
            if expect["code"] == "WEBHOOK_REPLAY_GUARD_FULL":
                assert type(caught.value) is WebhookReplayGuardFullError
        if isinstance(guard, ReplayGuard):
            assert len(guard) <= case["max_entries"]


@pytest.mark.parametrize("case", REPLAY, ids=[case["name"] for case in REPLAY])
def test_replay_vector_with_replay_guard(case: dict[str, Any]) -> None:
    guard = ReplayGuard(max_entries=case["max_entries"])
    run_replay(case, guard, None)


@pytest.mark.parametrize(
    "case",
    # An unbounded store answers as the guard does while the guard never fills up.
    [case for case in REPLAY if case["max_entries"] >= len(case["steps"])],
    ids=lambda case: case["name"],
)
def test_replay_vector_with_an_external_store(case: dict[str, Any]) -> None:
    store = ClockedDictStore()
    run_replay(case, store, store)
