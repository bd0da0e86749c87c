"""The protocol of external replay stores.

``Webhook(..., replay_guard=store)`` accepts an ``edgeward.ReplayGuard`` (in-process, bounded)
or any object with a ``seen(key, ttl)`` method, which is how deliveries are shared between
processes and machines. After a delivery's signature verified, edgeward calls
``store.seen(key, ttl)`` once:

- ``key`` is ``"edgeward:<scheme>:<32 hex digits>"``: a digest of the delivery's signed id
  bound to the endpoint's first secret or public key (``standard``: endpoints may share a
  store) or of its signed content (other schemes). It holds no secret and no payload.
- ``ttl`` is how many seconds (at least 1) the key must be remembered: until the delivery's
  timestamp leaves the tolerance window, or the webhook's ``retention`` (default 7 days) for
  schemes without a timestamp (``github``, ``shopify``).

``seen`` must atomically answer ``True`` if the key is stored (a replay: edgeward raises
``WebhookReplayedError``), and otherwise store it for ``ttl`` seconds and answer ``False``. It must
return a real ``bool``. An exception it raises propagates out of ``verify``, so the delivery
is not accepted while the store is down (fail closed).

Redis (``redis-py``), where ``SET ... NX EX`` is that atomic operation::

    import redis
    from edgeward import Webhook

    class RedisReplayStore:
        def __init__(self, client: redis.Redis) -> None:
            self.client = client

        def seen(self, key: str, ttl: int) -> bool:
            # SET NX replies None when the key already existed.
            return self.client.set(key, 1, nx=True, ex=ttl) is None

    webhook = Webhook(
        "whsec_...",
        scheme="standard",
        replay_guard=RedisReplayStore(redis.Redis()),
    )

To let a provider's retry through after your handler failed, delete the key your store was
given (``client.delete(key)``).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["ReplayStore"]


@runtime_checkable
class ReplayStore(Protocol):
    """An external store of accepted deliveries: see the module documentation."""

    def seen(self, key: str, ttl: int) -> bool:
        """``True`` if ``key`` is stored; otherwise store it for ``ttl`` seconds and answer
        ``False``, atomically."""
        ...
