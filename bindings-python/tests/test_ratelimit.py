"""RateLimiter in memory: the shared vectors (redis-cell's CL.THROTTLE case table and our own),
the bounded key map, headers, errors, and the store-failure policy."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from edgeward import (
    EdgewardError,
    RateLimiter,
    RateLimitError,
    RateLimitInvalidOptionsError,
    RateLimitResult,
    error_codes,
)

VECTORS = json.loads(
    (Path(__file__).resolve().parents[2] / "tests" / "vectors" / "ratelimit.json").read_text()
)
GROUPS: list[dict[str, Any]] = VECTORS["groups"]


def expected(step: dict[str, Any]) -> dict[str, Any]:
    limited, limit, remaining, retry, reset = step["expect"]
    return {
        "allowed": limited == 0,
        "limit": limit,
        "remaining": remaining,
        "retry_after_seconds": 0 if limited == 0 else (None if retry == -1 else retry),
        "reset_after_seconds": reset,
    }


def as_dict(result: RateLimitResult) -> dict[str, Any]:
    return {
        "allowed": result.allowed,
        "limit": result.limit,
        "remaining": result.remaining,
        "retry_after_seconds": result.retry_after_seconds,
        "reset_after_seconds": result.reset_after_seconds,
    }


def test_every_vector_step() -> None:
    steps = 0
    for group in GROUPS:
        limiter = RateLimiter(
            limit=group["limit"], period_seconds=group["period_seconds"], burst=group["burst"]
        )
        for step in group["steps"]:
            now = group["start"] + step["at_ms"] / 1000
            result = limiter.check("key", cost=step["cost"], now=now)
            assert as_dict(result) == expected(step), (group["name"], step)
            assert bool(result) is result.allowed
            assert result.store_error is False
            steps += 1
    assert steps == 44


def test_the_clock_is_used_without_now() -> None:
    limiter = RateLimiter(limit=2, period_seconds=60)
    assert limiter.check("b").remaining == 1
    assert limiter.check("b").remaining == 0
    assert not limiter.check("b")


def test_headers() -> None:
    limiter = RateLimiter(limit=100, period_seconds=60, burst=1, policy="webhooks")
    now = 1_700_000_000
    ok = limiter.check("ip", now=now)
    assert ok.headers == {
        "RateLimit-Policy": '"webhooks";q=100;w=60',
        "RateLimit": '"webhooks";r=0;t=1',
    }
    denied = limiter.check("ip", now=now)
    assert denied.headers == {
        "RateLimit-Policy": '"webhooks";q=100;w=60',
        "RateLimit": '"webhooks";r=0;t=1',
        "Retry-After": "1",
    }


def test_a_flood_of_new_keys_cannot_reset_a_busy_key() -> None:
    limiter = RateLimiter(limit=5, period_seconds=60, max_keys=1000)
    now = 1_700_000_000
    for _ in range(5):
        assert limiter.check("busy", now=now)
    assert not limiter.check("busy", now=now)
    refused = sum(not limiter.check(f"flood-{i}", now=now + i / 1e6).allowed for i in range(20_000))
    assert limiter.size <= 1000
    assert refused == 20_000 - 999
    assert limiter.refused_full == refused
    assert not limiter.check("busy", now=now + 0.5)
    assert limiter.check("newcomer", now=now + 13)


@pytest.mark.parametrize(
    "options",
    [
        {"limit": 0, "period_seconds": 60},
        {"limit": 1.5, "period_seconds": 60},
        {"limit": 10, "period_seconds": 0},
        {"limit": 10, "period_seconds": 60, "burst": 0},
        {"limit": 10, "period_seconds": 60, "max_keys": 0},
    ],
)
def test_invalid_options(options: dict[str, Any]) -> None:
    assert "RATE_LIMIT_INVALID_OPTIONS" in error_codes()
    with pytest.raises(RateLimitInvalidOptionsError) as raised:
        RateLimiter(**options)
    assert isinstance(raised.value, RateLimitError)
    assert isinstance(raised.value, EdgewardError)
    assert raised.value.code == "RATE_LIMIT_INVALID_OPTIONS"


def test_invalid_arguments() -> None:
    limiter = RateLimiter(limit=10, period_seconds=60)
    for kwargs in ({"cost": -1}, {"cost": 0.5}, {"now": float("nan")}):
        with pytest.raises(RateLimitInvalidOptionsError):
            limiter.check("k", **kwargs)
    with pytest.raises(TypeError):
        limiter.check("k", now="soon")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        limiter.check(1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        RateLimiter(limit="10", period_seconds=60)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="on_store_error"):
        RateLimiter(limit=10, period_seconds=60, on_store_error="ignore")  # type: ignore[arg-type]


class FailingStore:
    def throttle(self, *args: Any) -> Any:
        raise ConnectionError("down")


class NonsenseStore:
    def throttle(self, *args: Any) -> Any:
        return "OK"


class AnswerStore:
    def __init__(self, answer: Any) -> None:
        self.answer = answer

    def throttle(self, *args: Any) -> Any:
        return self.answer


# Answers that are neither a packed allowed check nor a five-int reply: never read as a budget.
NONSENSE_ANSWERS = [
    True,
    -1,
    2**52,
    2**64,
    1.5,
    "5",
    b"\x00\x01\x02\x03\x04",
    None,
    [0, 10, 9, -1],
    [0, 10, 9, -1, 1, 1],
    [0, "10", 9, -1, 1],
    [0, 10, 9.0, -1, 1],
    (False, 10, 9, -1, 1),
]


def test_a_store_may_answer_an_allowed_check_packed_into_one_int() -> None:
    limiter = RateLimiter(limit=10, period_seconds=60, burst=8, store=AnswerStore(7 * 2**22 + 3))
    assert as_dict(limiter.check("k")) == {
        "allowed": True,
        "limit": 8,
        "remaining": 7,
        "retry_after_seconds": 0,
        "reset_after_seconds": 3,
    }
    # The packed and the reply form of one decision give the same result.
    decided = RateLimiter(limit=10, period_seconds=60).check("k", now=1_700_000_000)
    reply = [0, decided.limit, decided.remaining, -1, decided.reset_after_seconds]
    packed = decided.remaining * 2**22 + decided.reset_after_seconds
    for answer in (reply, tuple(reply), packed):
        result = RateLimiter(limit=10, period_seconds=60, store=AnswerStore(answer)).check("k")
        assert as_dict(result) == as_dict(decided)
        assert result.store_error is False
        assert result.headers == decided.headers


@pytest.mark.parametrize("answer", NONSENSE_ANSWERS, ids=repr)
def test_an_answer_that_is_not_a_decision_follows_on_store_error(answer: Any) -> None:
    result = RateLimiter(limit=10, period_seconds=60, store=AnswerStore(answer)).check("k")
    assert (result.allowed, result.store_error, result.retry_after_seconds) == (False, True, 1)


@pytest.mark.parametrize("store", [FailingStore(), NonsenseStore()])
def test_a_failing_store_follows_on_store_error(store: Any) -> None:
    deny = RateLimiter(limit=10, period_seconds=60, store=store)
    result = deny.check("k")
    assert as_dict(result) == {
        "allowed": False,
        "limit": 10,
        "remaining": 0,
        "retry_after_seconds": 1,
        "reset_after_seconds": 0,
    }
    assert result.store_error is True
    assert result.headers["Retry-After"] == "1"
    allow = RateLimiter(limit=10, period_seconds=60, store=store, on_store_error="allow")
    result = asyncio.run(allow.check_async("k"))
    assert result.allowed
    assert result.store_error
    assert result.remaining == 10


def test_a_slow_async_store_times_out() -> None:
    class Slow:
        async def _never(self) -> Any:
            await asyncio.sleep(30)

        def throttle(self, *args: Any) -> Any:
            return self._never()

    limiter = RateLimiter(limit=10, period_seconds=60, store=Slow(), timeout=0.05)
    result = asyncio.run(limiter.check_async("k"))
    assert not result.allowed
    assert result.store_error
    with pytest.raises(TypeError):
        limiter.check("k")
