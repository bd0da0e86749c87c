"""WebhookRouter: dispatch by the core's event name, unhandled events reported, handler errors
raised (wrapped, with their cause), verification errors untouched; sync and async."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from edgeward import (
    EdgewardError,
    ReplayGuard,
    RouteResult,
    ValidationFailedError,
    VerifiedEvent,
    Webhook,
    WebhookHandlerError,
    WebhookInvalidOptionsError,
    WebhookReplayedError,
    WebhookRouter,
    WebhookVerificationError,
)

VECTORS_PATH = Path(__file__).resolve().parent / ".." / ".." / "tests" / "vectors"
CASES: list[dict[str, Any]] = json.loads(
    (VECTORS_PATH / "webhook_events.json").read_text(encoding="utf-8")
)["cases"]


def vector(name: str) -> dict[str, Any]:
    return next(c for c in CASES if c["name"] == name)


def router_for(case: dict[str, Any], **options: Any) -> WebhookRouter:
    return WebhookRouter(Webhook(case["secrets"], scheme=case["scheme"]), **options)


GENUINE = [c for c in CASES if c["expect"]["ok"] and "schema" not in c and "options" not in c]


@pytest.mark.parametrize("case", GENUINE, ids=lambda c: c["name"])
def test_genuine_vectors_route_by_name(case: dict[str, Any]) -> None:
    expect = case["expect"]
    name = expect["inner_type"] or expect["type"]
    calls: list[tuple[str, Any]] = []
    router = router_for(case)
    router.on("*", lambda d: calls.append(("*", d.type)) or "star")
    if name is not None:
        router.on(name, lambda d: calls.append((name, d.id)) or f"handled {name}")
    result = router.handle(case["payload_text"], case["headers"], now=case["now"])
    assert isinstance(result, RouteResult)
    assert isinstance(result.delivery, VerifiedEvent)
    assert (result.type, result.handled) == (name, name is not None)
    assert result.delivery.event == expect["event"]
    if name is None:
        assert calls == [("*", expect["type"])]
        assert result.results == ["star"]
    else:
        assert calls == [(name, expect["id"]), ("*", expect["type"])]
        assert result.results == [f"handled {name}", "star"]


def test_decorator_and_async_handlers() -> None:
    case = vector("github: push")
    router = router_for(case)
    seen: list[str] = []

    @router.on(["push", "ping"])
    async def on_push(delivery: VerifiedEvent) -> str:
        await asyncio.sleep(0)
        return delivery.event["ref"]

    @router.on("*")
    def log(delivery: VerifiedEvent) -> None:
        seen.append(str(delivery.type))

    result = asyncio.run(
        router.handle_async(case["payload_text"], case["headers"], now=case["now"])
    )
    assert result.results == ["refs/heads/main", None]
    assert seen == ["push"]
    # The synchronous handle refuses a coroutine rather than dropping it un-run.
    with pytest.raises(WebhookInvalidOptionsError, match="handle_async"):
        router.handle(case["payload_text"], case["headers"], now=case["now"])


def test_unhandled_events_are_reported() -> None:
    case = vector("github: push")
    seen: list[Any] = []
    router = router_for(case, on_unhandled=lambda d: seen.append(d.type))
    router.on("issues", lambda d: "no")
    router.on("*", lambda d: "logged")
    result = router.handle(case["payload_text"], case["headers"], now=case["now"])
    assert (result.handled, result.type, result.results) == (False, "push", ["logged"])
    assert seen == ["push"]

    async def record(delivery: VerifiedEvent) -> None:
        seen.append(f"async {delivery.type}")

    router.set_on_unhandled(record)
    asyncio.run(router.handle_async(case["payload_text"], case["headers"], now=case["now"]))
    assert seen[-1] == "async push"


def test_handler_errors_propagate_wrapped() -> None:
    case = vector("stripe: payment_intent.succeeded")
    failure = RuntimeError("database down")
    later: list[bool] = []

    def fail(delivery: VerifiedEvent) -> None:
        raise failure

    router = router_for(case)
    router.on("payment_intent.succeeded", fail)
    router.on("*", lambda d: later.append(True))
    with pytest.raises(WebhookHandlerError) as raised:
        router.handle(case["payload_text"], case["headers"], now=case["now"])
    assert raised.value.cause is failure
    assert raised.value.__cause__ is failure
    assert raised.value.type == "payment_intent.succeeded"
    assert not isinstance(raised.value, WebhookVerificationError)
    assert later == []

    async def async_fail(delivery: VerifiedEvent) -> None:
        raise failure

    router = router_for(case, on_unhandled=async_fail)
    with pytest.raises(WebhookHandlerError) as raised:
        asyncio.run(router.handle_async(case["payload_text"], case["headers"], now=case["now"]))
    assert raised.value.cause is failure


@pytest.mark.parametrize(
    "name",
    [
        "stripe: a tampered body fails as verify fails, before any parsing",
        "stripe: a signed body that is not JSON",
        "github: missing signature",
    ],
)
def test_verification_errors_are_not_wrapped(name: str) -> None:
    case = vector(name)
    ran: list[bool] = []
    router = router_for(case)
    router.on("*", lambda d: ran.append(True))
    with pytest.raises(EdgewardError) as raised:
        router.handle(case["payload_text"], case["headers"], now=case["now"])
    assert getattr(raised.value, "code", None) == case["expect"]["code"]
    assert not isinstance(raised.value, WebhookHandlerError)
    assert ran == []


def test_schema_and_replays_through_the_router() -> None:
    case = vector("standard: the schema refuses the event")
    router = router_for(case)
    with pytest.raises(ValidationFailedError):
        router.handle(case["payload_text"], case["headers"], now=case["now"], schema=case["schema"])
    webhook = Webhook("s", scheme="github", replay_guard=ReplayGuard())
    body = b'{"zen":"x"}'
    headers = {**webhook.sign_headers(body), "x-github-event": "*"}
    router = WebhookRouter(webhook)
    router.on("*", lambda d: "star")
    result = router.handle(body, headers)
    # An event literally named "*" is no wildcard: only the `*` handlers ran.
    assert (result.handled, result.type, result.results) == (False, "*", ["star"])
    with pytest.raises(WebhookReplayedError):
        router.handle(body, headers)


def test_misuse() -> None:
    router = WebhookRouter(Webhook("s", scheme="github"))
    with pytest.raises(WebhookInvalidOptionsError):
        WebhookRouter(object())  # type: ignore[arg-type]
    for bad in ("", []):
        with pytest.raises(WebhookInvalidOptionsError):
            router.on(bad, lambda d: None)
    with pytest.raises(WebhookInvalidOptionsError):
        router.on("push", 5)  # type: ignore[arg-type]
    with pytest.raises(WebhookInvalidOptionsError):
        router.set_on_unhandled(5)  # type: ignore[arg-type]
    assert router.on("push", lambda d: None) is router
