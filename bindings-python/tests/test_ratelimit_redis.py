"""RateLimiter and replay protection on a real redis-server (started by the tests on a free
loopback port, without persistence): the core's Lua script against the shared vectors with
redis-py (sync and asyncio), four app instances (two Node, two Python) sharing one limit and
one replay store, and Redis going down and coming back mid-run."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import redis
import redis.asyncio
from _redis_server import RedisServer
from redis.backoff import NoBackoff
from redis.retry import Retry
from test_ratelimit import GROUPS, as_dict, expected

from edgeward import RateLimiter, RedisStore, Webhook, WebhookReplayedError

ROOT = Path(__file__).resolve().parents[2]
NODE_WORKER = ROOT / "bindings-node" / "test" / "helpers" / "ratelimit-worker.mjs"
PY_WORKER = Path(__file__).resolve().parent / "_ratelimit_worker.py"


def sync_client(server: RedisServer, timeout: float = 0.5) -> redis.Redis:
    # One retry without backoff: the documented way to bound a synchronous client's wait.
    return redis.Redis.from_url(
        server.url,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        retry=Retry(NoBackoff(), 1),
    )


def test_the_lua_script_answers_every_vector_step_sync(redis_server: RedisServer) -> None:
    client = sync_client(redis_server)
    client.flushall()
    store = RedisStore(client)
    for n, group in enumerate(GROUPS):
        limiter = RateLimiter(
            limit=group["limit"],
            period_seconds=group["period_seconds"],
            burst=group["burst"],
            store=store,
            prefix=f"vectors-sync-{n}:",
        )
        for step in group["steps"]:
            now = group["start"] + step["at_ms"] / 1000
            result = limiter.check("key", cost=step["cost"], now=now)
            assert not result.store_error
            assert as_dict(result) == expected(step), (group["name"], step)


def test_the_script_answers_an_allowed_check_packed_and_a_denied_one_as_the_reply(
    redis_server: RedisServer,
) -> None:
    client = sync_client(redis_server)
    store = RedisStore(client)
    # Two per minute (emission 30 s, tolerance 60 s), at the server's clock.
    answers = [store.throttle("packed:k", 30_000_000, 60_000_000, 1, -1) for _ in range(3)]
    assert answers[:2] == [1 * 2**22 + 30, 0 * 2**22 + 60]
    assert answers[2] == [1, 2, 0, 30, 60]
    # The stored state reads back exactly: a microsecond timestamp has 16 digits.
    assert client.get("packed:k").decode().isdigit()
    assert len(client.get("packed:k")) == 16


def test_the_lua_script_answers_every_vector_step_asyncio(redis_server: RedisServer) -> None:
    async def run() -> None:
        client = redis.asyncio.Redis.from_url(redis_server.url)
        store = RedisStore(client)
        assert store.is_async
        for n, group in enumerate(GROUPS):
            limiter = RateLimiter(
                limit=group["limit"],
                period_seconds=group["period_seconds"],
                burst=group["burst"],
                store=store,
                prefix=f"vectors-async-{n}:",
            )
            for step in group["steps"]:
                now = group["start"] + step["at_ms"] / 1000
                result = await limiter.check_async("key", cost=step["cost"], now=now)
                assert as_dict(result) == expected(step), (group["name"], step)
        await client.aclose()

    asyncio.run(run())


def test_the_servers_clock_is_used(redis_server: RedisServer) -> None:
    client = sync_client(redis_server)
    limiter = RateLimiter(limit=3, period_seconds=60, store=RedisStore(client), prefix="clock:")
    results = [limiter.check("k") for _ in range(4)]
    assert [r.allowed for r in results] == [True, True, True, False]
    assert results[3].retry_after_seconds == 20
    # The key expires with its state: its TTL is the time until the budget is full.
    ttl = client.pttl("clock:k")
    assert 59_000 < ttl <= 60_000


def command_calls(client: redis.Redis) -> dict[str, int]:
    """Calls per command since the last CONFIG RESETSTAT (the script's own included)."""
    stats = client.info("commandstats")
    return {name.removeprefix("cmdstat_"): fields["calls"] for name, fields in stats.items()}


def test_a_check_is_one_evalsha_and_one_eval_after_a_script_flush(
    redis_server: RedisServer,
) -> None:
    admin = sync_client(redis_server)
    client = sync_client(redis_server)
    limiter = RateLimiter(limit=100, period_seconds=3600, store=RedisStore(client), prefix="trips:")
    assert limiter.check("k").allowed  # the store's first use loads the script
    admin.config_resetstat()
    for _ in range(5):
        assert limiter.check("k").allowed
    calls = command_calls(admin)
    assert calls["evalsha"] == 5
    # No SCRIPT EXISTS or LOAD, no EVAL, no TIME beside the script's own (one per check).
    assert [c for c in calls if c.startswith("script") or c == "eval"] == []
    assert calls.get("time", 0) <= 5
    admin.script_flush()
    admin.config_resetstat()
    flushed = limiter.check("k")
    assert (flushed.allowed, flushed.store_error, flushed.remaining) == (True, False, 93)
    calls = command_calls(admin)
    assert calls["eval"] == 1
    assert "script|load" not in calls
    # EVAL cached the script again: the next check is one EVALSHA.
    admin.config_resetstat()
    assert limiter.check("k").remaining == 92
    calls = command_calls(admin)
    assert (calls["evalsha"], calls.get("eval")) == (1, None)

    async def run() -> None:
        aclient = redis.asyncio.Redis.from_url(redis_server.url)
        alimiter = RateLimiter(
            limit=100, period_seconds=3600, store=RedisStore(aclient), prefix="trips-async:"
        )
        assert (await alimiter.check_async("k")).allowed
        admin.script_flush()
        admin.config_resetstat()
        result = await alimiter.check_async("k")
        assert (result.allowed, result.store_error, result.remaining) == (True, False, 98)
        assert command_calls(admin)["eval"] == 1
        await aclient.aclose()

    asyncio.run(run())


def test_a_client_without_a_socket_timeout_is_refused(redis_server: RedisServer) -> None:
    with pytest.raises(ValueError, match="socket_timeout"):
        RedisStore(redis.Redis.from_url(redis_server.url))
    with pytest.raises(TypeError):
        RedisStore(object())


def test_replay_store_set_nx(redis_server: RedisServer) -> None:
    store = RedisStore(sync_client(redis_server))
    assert store.seen("edgeward:test:1", 60) is False
    assert store.seen("edgeward:test:1", 60) is True

    async def run() -> None:
        client = redis.asyncio.Redis.from_url(redis_server.url)
        astore = RedisStore(client)
        assert await astore.seen("edgeward:test:2", 60) is False
        assert await astore.seen("edgeward:test:2", 60) is True
        await client.aclose()

    asyncio.run(run())


def signed_delivery() -> dict[str, Any]:
    secret = "whsec_" + "ZWRnZXdhcmQtY3Jvc3MtaW5zdGFuY2UtdGVzdA=="
    webhook = Webhook(secret, scheme="standard")
    now = int(time.time())
    payload = '{"type":"invoice.paid","id":"evt_cross_instance"}'
    headers = webhook.sign_headers(payload, timestamp=now, id="msg_cross_instance")
    return {"secret": secret, "payload": payload, "headers": headers, "now": now}


def node() -> str:
    return os.environ.get("NODE", "node")


def test_four_instances_share_one_limit_and_one_replay_store(redis_server: RedisServer) -> None:
    client = sync_client(redis_server)
    client.flushall()
    limit, attempts = 50, 40
    delivery = json.dumps(signed_delivery())
    args = [redis_server.url]
    commands = [
        [node(), str(NODE_WORKER), *args, "ioredis", str(limit), str(attempts), delivery],
        [node(), str(NODE_WORKER), *args, "redis", str(limit), str(attempts), delivery],
        [sys.executable, str(PY_WORKER), *args, "sync", str(limit), str(attempts), delivery],
        [sys.executable, str(PY_WORKER), *args, "asyncio", str(limit), str(attempts), delivery],
    ]
    processes = [
        subprocess.Popen(  # noqa: S603 - our own workers
            c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for c in commands
    ]
    time.sleep(1.5)  # every instance connected and waiting
    client.set("go", 1)
    outputs = []
    for process in processes:
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        outputs.append(json.loads(out.strip().splitlines()[-1]))
    assert sum(o["errors"] for o in outputs) == 0, outputs
    assert sum(o["allowed"] for o in outputs) == limit, outputs
    assert sum(o["accepted"] for o in outputs) == 1, outputs


def test_redis_down_then_back(redis_server: RedisServer) -> None:
    server = RedisServer().start()
    try:
        client = sync_client(server, timeout=0.3)
        deny = RateLimiter(limit=1000, period_seconds=60, store=RedisStore(client))
        allow = RateLimiter(
            limit=1000, period_seconds=60, store=RedisStore(client), on_store_error="allow"
        )
        webhook = Webhook("whsec_" + "ZmF1bHQ=", scheme="github", replay_guard=RedisStore(client))
        assert deny.check("k").allowed
        server.stop()
        for _ in range(5):
            started = time.monotonic()
            denied = deny.check("k")
            allowed = allow.check("k")
            # The documented bound: (retries + 1) x (connect + socket timeouts), for both checks.
            assert time.monotonic() - started < 2 * (2 * (0.3 + 0.3)) + 0.5
            assert (denied.allowed, denied.store_error) == (False, True)
            assert (allowed.allowed, allowed.store_error) == (True, True)
        # Replay protection fails closed: the delivery is not accepted while Redis is down.
        body = b'{"zen":"fault"}'
        headers = webhook.sign_headers(body)
        with pytest.raises(redis.exceptions.ConnectionError):
            webhook.verify(body, headers)
        server.start()
        for _ in range(50):  # the client reconnects by itself
            recovered = deny.check("k")
            if not recovered.store_error:
                break
            time.sleep(0.05)
        assert (recovered.allowed, recovered.store_error) == (True, False)
        webhook.verify(body, headers)
        with pytest.raises(WebhookReplayedError):
            webhook.verify(body, headers)
    finally:
        server.stop()


def test_redis_down_then_back_asyncio() -> None:
    server = RedisServer().start()

    async def run() -> None:
        client = redis.asyncio.Redis.from_url(server.url)
        limiter = RateLimiter(limit=1000, period_seconds=60, store=RedisStore(client), timeout=0.3)
        assert (await limiter.check_async("k")).allowed
        server.stop()
        for _ in range(3):
            started = time.monotonic()
            result = await limiter.check_async("k")
            assert time.monotonic() - started < 0.3 + 0.5
            assert (result.allowed, result.store_error) == (False, True)
        server.start()
        for _ in range(50):  # the client reconnects by itself
            recovered = await limiter.check_async("k")
            if not recovered.store_error:
                break
            await asyncio.sleep(0.05)
        assert (recovered.allowed, recovered.store_error) == (True, False)
        await client.aclose()

    try:
        asyncio.run(run())
    finally:
        server.stop()
