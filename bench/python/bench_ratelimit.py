"""Rate limit check speed in CPython: edgeward's in-memory RateLimiter.check against limits'
moving-window limiter on its memory storage (target: at least 2x), and edgeward's Redis check
(one EVALSHA of the core's Lua script) against one bare Redis round trip (GET of a missing key;
target: at most 1.2x), on a redis-server started here on a free port.

The Redis contenders (edgeward's check, GET, PING, and EVALSHA of ``return 1``: the floor of
any script) run in turns, one call each per round, on one connection; the ratio is the median
of the per-round ratios, which load from other processes hits alike. The same runs for the
asyncio client (``check_async`` against an awaited GET), in an event loop.

    .venv/bin/python bench/python/bench_ratelimit.py [--repeat 7] [--number 20000] [--rounds 4000]
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import time
import timeit
from typing import Any

import redis
import redis.asyncio
from limits import RateLimitItemPerHour
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from edgeward import RateLimiter, RedisStore

KEYS = [f"203.0.113.{i % 250}:{i}" for i in range(1000)]
LIMIT = 10**6


def best(fn, number: int, repeat: int) -> float:
    """Best µs per call over `repeat` runs of `number` calls."""
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e6


def rounds(
    contenders: dict[str, Any], of: str, to: str, n: int
) -> tuple[dict[str, float], float, dict[str, list[float]]]:
    """Median µs per call of each contender, the median per-round ratio of `of` to `to`, and
    the times of every round."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    clock = time.perf_counter
    for round_ in range(-(n // 10), n):
        for name, fn in contenders.items():
            start = clock()
            fn()
            if round_ >= 0:
                times[name].append((clock() - start) * 1e6)
    medians = {name: statistics.median(values) for name, values in times.items()}
    ratio = statistics.median(a / b for a, b in zip(times[of], times[to], strict=True))
    return medians, ratio, times


async def rounds_async(
    contenders: dict[str, Any], of: str, to: str, n: int
) -> tuple[dict[str, float], float]:
    """`rounds` for coroutine functions, each awaited in turn."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    clock = time.perf_counter
    for round_ in range(-(n // 10), n):
        for name, fn in contenders.items():
            start = clock()
            await fn()
            if round_ >= 0:
                times[name].append((clock() - start) * 1e6)
    medians = {name: statistics.median(values) for name, values in times.items()}
    ratio = statistics.median(a / b for a, b in zip(times[of], times[to], strict=True))
    return medians, ratio


async def asyncio_redis(port: int, key: Any, n: int) -> tuple[dict[str, float], float]:
    client = redis.asyncio.Redis(port=port)
    try:
        shared = RateLimiter(limit=LIMIT, period_seconds=3600, store=RedisStore(client))
        return await rounds_async(
            {
                "edgeward check_async (asyncio)": lambda: shared.check_async(key()),
                "await GET (asyncio)": lambda: client.get("missing:" + key()),
            },
            "edgeward check_async (asyncio)",
            "await GET (asyncio)",
            n,
        )
    finally:
        await client.aclose()


def counter():
    state = {"i": 0}

    def key() -> str:
        state["i"] += 1
        return KEYS[state["i"] % 1000]

    return key


def start_redis() -> tuple[subprocess.Popen[bytes], int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"]
    process = subprocess.Popen(  # noqa: S603 - a fixed command line
        command,
        stdout=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.025)
    return process, port


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--number", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=4000)
    args = parser.parse_args()

    key = counter()
    edgeward = RateLimiter(limit=LIMIT, period_seconds=3600)
    moving = MovingWindowRateLimiter(MemoryStorage())
    item = RateLimitItemPerHour(LIMIT)
    ours = best(lambda: edgeward.check(key()), args.number, args.repeat)
    peer = best(lambda: moving.hit(item, key()), args.number, args.repeat)

    process, port = start_redis()
    try:
        client = redis.Redis(port=port, socket_timeout=1, socket_connect_timeout=1)
        shared = RateLimiter(limit=LIMIT, period_seconds=3600, store=RedisStore(client))
        empty = client.script_load("return 1")
        # The floor of an atomic, server-clocked GCRA: the script's Redis calls alone (TIME,
        # GET, SET with an expiry), none of its arithmetic; the same as bench/node/ratelimit.mjs.
        minimal = client.script_load(
            "local t = redis.call('TIME') redis.call('GET', KEYS[1]) "
            "redis.call('SET', KEYS[1], t[1], 'PX', 60000) return 1"
        )
        medians, ratio, times = rounds(
            {
                "edgeward check (Redis)": lambda: shared.check(key()),
                "one round trip (GET)": lambda: client.get("missing:" + key()),
                "one round trip (PING)": client.ping,
                'EVALSHA of "return 1"': lambda: client.evalsha(empty, 1, key()),
                "EVALSHA of TIME + GET + SET": lambda: client.evalsha(minimal, 1, "floor:" + key()),
            },
            "edgeward check (Redis)",
            "one round trip (GET)",
            args.rounds,
        )
        async_medians, async_ratio = asyncio.run(asyncio_redis(port, key, args.rounds))
    finally:
        process.terminate()
        process.wait()

    print(f"Python {sys.version.split()[0]}")
    print(f"edgeward check (memory)            {ours:8.3f} µs")
    print(f"limits moving window (memory)      {peer:8.3f} µs")
    for name, us in {**medians, **async_medians}.items():
        print(f"{name:34} {us:8.3f} µs (median)")
    print(f"in-memory: edgeward is {peer / ours:.2f}x limits' moving window (target >= 2)")
    print(
        f"Redis: edgeward check costs {ratio:.2f}x one round trip "
        "(median of per-round ratios; target <= 1.2)"
    )

    def per_round(of: str, to: str) -> float:
        return statistics.median(a / b for a, b in zip(times[of], times[to], strict=True))

    floor = "EVALSHA of TIME + GET + SET"
    print(
        f"  floor: TIME + GET + SET alone costs {per_round(floor, 'one round trip (GET)'):.2f}x "
        f"one round trip; edgeward is {per_round('edgeward check (Redis)', floor):.2f}x that floor"
    )
    print(f"Redis, asyncio: edgeward check_async costs {async_ratio:.2f}x one awaited round trip")


if __name__ == "__main__":
    main()
