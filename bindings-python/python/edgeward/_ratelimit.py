"""Rate limiting: ``RateLimiter`` over the core's GCRA, in memory or in a shared store.

``RateLimiter(limit=100, period_seconds=60)`` keeps its keys in this process's memory (at most
``max_keys``, never evicting a key that is still limited): two processes each allow the full
limit. ``store=RedisStore(client)`` shares the limit between every process and machine using
that Redis: each check is one atomic Lua script (the core's, tested against the core on the
shared vectors) run with the Redis server's clock: one EVALSHA round trip (EVAL after a
NOSCRIPT, which caches the script again; one SCRIPT LOAD on the store's first use).

A store that fails (down, timed out, an unexpected answer) never raises out of ``check``: the
result follows ``on_store_error`` (``"deny"``, the default: fail closed; or ``"allow"``) and
has ``store_error=True``. For an asyncio client the wait is bounded by ``timeout`` (default
1 s). A synchronous call cannot be interrupted from outside, so a synchronous client bounds it
itself: ``RedisStore`` requires a ``socket_timeout``, and the longest wait is ``(retries + 1) x
(socket_connect_timeout + socket_timeout)`` plus the retry backoff of the client's ``retry``
(redis-py retries 10 times by default: pass ``retry=Retry(NoBackoff(), 1)`` for a short bound).

The same ``RedisStore`` is a replay store for ``Webhook(..., replay_guard=store)``
(``SET key 1 NX EX ttl``), so a delivery is accepted once across every instance.
"""

from __future__ import annotations

import asyncio
import inspect
import sys
from typing import Any, Literal, Protocol, runtime_checkable

from edgeward._native import RateLimiterCore, RateLimitResult, rate_limit_redis_script

__all__ = ["RateLimitStore", "RateLimiter", "RedisStore"]

DEFAULT_STORE_TIMEOUT = 1.0
"""Seconds a check waits for an asyncio store before ``on_store_error`` decides."""


@runtime_checkable
class RateLimitStore(Protocol):
    """A shared store: ``throttle`` answers a ``CL.THROTTLE`` reply
    ``[limited, limit, remaining, retry_after (-1: not applicable), reset_after]`` (five
    ``int``), or an allowed check as one ``int``, ``remaining * 2**22 + reset_after`` (the Redis
    script's common answer), for the GCRA parameters (microseconds) and the cost;
    ``now_micros`` is -1 for the store's own clock. Any other answer counts as a failed store
    (``on_store_error`` decides)."""

    def throttle(
        self, key: str, emission_micros: int, tolerance_micros: int, cost: int, now_micros: int
    ) -> Any: ...


if sys.version_info >= (3, 11):

    async def _within(awaitable: Any, timeout: float) -> Any:
        """``awaitable``'s answer, or ``TimeoutError`` after ``timeout`` seconds. A timeout
        scope in the running task: ``asyncio.wait_for`` wraps each call in a new task, which
        cost a fifth of a loopback round trip per check."""
        async with asyncio.timeout(timeout):
            return await awaitable

else:  # pragma: no cover - Python 3.10

    async def _within(awaitable: Any, timeout: float) -> Any:
        return await asyncio.wait_for(awaitable, timeout)


def _arguments(core: RateLimiterCore, now: float | None, cost: int) -> tuple[int, int]:
    """``(now_micros, cost)`` for a store, checked by the core; the common call (the store's
    clock, cost 1) needs no check."""
    if now is None and type(cost) is int and cost == 1:
        return -1, 1
    return core.arguments(now, cost)


class RateLimiter:
    """``limit`` requests per ``period_seconds``, at most ``burst`` at once (default
    ``limit``); see the module documentation."""

    __slots__ = (
        "_allow",
        "_check",
        "_core",
        "_emission",
        "_prefix",
        "_store",
        "_timeout",
        "_tolerance",
    )

    def __init__(
        self,
        *,
        limit: int,
        period_seconds: float,
        burst: int | None = None,
        store: RateLimitStore | None = None,
        max_keys: int | None = None,
        on_store_error: Literal["deny", "allow"] = "deny",
        timeout: float = DEFAULT_STORE_TIMEOUT,
        policy: str = "default",
        prefix: str = "edgeward:rl:",
    ) -> None:
        if on_store_error not in ("deny", "allow"):
            raise ValueError(f'on_store_error must be "deny" or "allow", got {on_store_error!r}')
        if store is not None and not callable(getattr(store, "throttle", None)):
            raise TypeError("store must be a rate limit store such as RedisStore(client)")
        if not isinstance(timeout, (int, float)) or not timeout > 0:
            raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
        self._core = RateLimiterCore(limit, period_seconds, burst, max_keys, policy)
        self._check = self._core.check
        # The store's per-limiter arguments, read from the core once rather than per check.
        self._emission = self._core.emission_micros
        self._tolerance = self._core.tolerance_micros
        self._store = store
        self._allow = on_store_error == "allow"
        self._timeout = float(timeout)
        self._prefix = prefix

    def check(self, key: str, *, cost: int = 1, now: float | None = None) -> RateLimitResult:
        """Checks ``key`` for ``cost`` at ``now`` (Unix seconds; the clock by default)."""
        store = self._store
        if store is None:
            return self._check(key, now, cost)
        core = self._core
        now_micros, cost = _arguments(core, now, cost)
        try:
            answer = store.throttle(
                self._prefix + key, self._emission, self._tolerance, cost, now_micros
            )
        except Exception:
            return core.store_failed(self._allow)
        # An int or a list is the answer itself (inspect.isawaitable costs a third of a µs).
        if type(answer) is not int and inspect.isawaitable(answer):
            _discard(answer)
            raise TypeError("this limiter's store is asynchronous: use check_async()")
        return core.result_from_store(answer, self._allow)

    async def check_async(
        self, key: str, *, cost: int = 1, now: float | None = None
    ) -> RateLimitResult:
        """``check`` for asyncio stores (and any other store)."""
        store = self._store
        if store is None:
            return self._check(key, now, cost)
        core = self._core
        now_micros, cost = _arguments(core, now, cost)
        try:
            answer = store.throttle(
                self._prefix + key, self._emission, self._tolerance, cost, now_micros
            )
            if inspect.isawaitable(answer):
                answer = await _within(answer, self._timeout)
        except Exception:
            return core.store_failed(self._allow)
        return core.result_from_store(answer, self._allow)

    @property
    def limit(self) -> int:
        return self._core.limit

    @property
    def burst(self) -> int:
        return self._core.burst

    @property
    def period_seconds(self) -> float:
        return self._core.period_seconds

    @property
    def size(self) -> int:
        """Keys held in memory (0 with a store)."""
        return self._core.size

    @property
    def max_keys(self) -> int:
        return self._core.max_keys

    @property
    def refused_full(self) -> int:
        """New keys refused because memory was full of keys still limited."""
        return self._core.refused_full

    def __repr__(self) -> str:
        return (
            f"RateLimiter(limit={self.limit}, period_seconds={self.period_seconds}, "
            f"burst={self.burst}, store={type(self._store).__name__ if self._store else None})"
        )


def _discard(awaitable: Any) -> None:
    close = getattr(awaitable, "close", None)
    if callable(close):
        close()


class RedisStore:
    """A shared store on Redis, for ``RateLimiter(store=...)`` and
    ``Webhook(replay_guard=...)``, over a ``redis-py`` client: ``redis.Redis`` (synchronous;
    it must have a ``socket_timeout``) or ``redis.asyncio.Redis`` (use
    ``RateLimiter.check_async``)."""

    __slots__ = ("_async", "_client", "_no_script", "_sha")

    def __init__(self, client: Any) -> None:
        if not callable(getattr(client, "evalsha", None)) or not callable(
            getattr(client, "script_load", None)
        ):
            raise TypeError(f"RedisStore takes a redis-py client, got {type(client).__name__}")
        self._client = client
        self._async = inspect.iscoroutinefunction(client.evalsha) or type(
            client
        ).__module__.startswith("redis.asyncio")
        if not self._async:
            pool = getattr(client, "connection_pool", None)
            kwargs = getattr(pool, "connection_kwargs", {}) or {}
            if kwargs.get("socket_timeout") is None:
                raise ValueError(
                    "RedisStore needs a client with a socket_timeout (for example "
                    "redis.Redis(..., socket_timeout=1, socket_connect_timeout=1)): without one, "
                    "a stalled Redis would hang every request"
                )
        self._sha: str | None = None
        # Imported once here rather than on every check (redis-py is an optional dependency).
        from redis.exceptions import NoScriptError

        self._no_script = NoScriptError

    @property
    def is_async(self) -> bool:
        return self._async

    def throttle(
        self, key: str, emission_micros: int, tolerance_micros: int, cost: int, now_micros: int
    ) -> Any:
        # The common check (cost 1, the server's clock) sends two arguments, which the script
        # reads as cost 1 and TIME: redis-py encodes each argument in Python on every call.
        if cost == 1 and now_micros == -1:
            args: tuple[int, ...] = (emission_micros, tolerance_micros)
        else:
            args = (emission_micros, tolerance_micros, cost, now_micros)
        if self._async:
            return self._throttle_async(key, args)
        if self._sha is None:
            self._sha = self._client.script_load(rate_limit_redis_script())
        try:
            return self._client.evalsha(self._sha, 1, key, *args)
        except self._no_script:
            # Flushed or restarted: EVAL runs the script and caches it again (one round trip).
            return self._client.eval(rate_limit_redis_script(), 1, key, *args)

    async def _throttle_async(self, key: str, args: tuple[int, ...]) -> Any:
        if self._sha is None:
            self._sha = await self._client.script_load(rate_limit_redis_script())
        try:
            return await self._client.evalsha(self._sha, 1, key, *args)
        except self._no_script:
            return await self._client.eval(rate_limit_redis_script(), 1, key, *args)

    def seen(self, key: str, ttl: int) -> Any:
        """The replay store contract: ``True`` if ``key`` is stored, else store it for ``ttl``
        seconds and answer ``False`` (``SET key 1 NX EX ttl``, atomic)."""
        if self._async:
            return self._seen_async(key, ttl)
        return self._client.set(key, 1, nx=True, ex=max(1, int(ttl))) is None

    async def _seen_async(self, key: str, ttl: int) -> bool:
        return (await self._client.set(key, 1, nx=True, ex=max(1, int(ttl)))) is None
