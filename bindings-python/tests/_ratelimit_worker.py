"""One app instance of the cross-instance test (test_ratelimit_redis.py): waits for the ``go``
key, checks one key ``attempts`` times against the shared Redis, verifies the same webhook
delivery once through the shared replay store, and prints {"allowed": n, "accepted": 0|1}.

Usage: python _ratelimit_worker.py <redis url> <sync|asyncio> <limit> <attempts> <delivery>
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

import redis
import redis.asyncio

from edgeward import RateLimiter, RedisStore, Webhook, WebhookReplayedError


def main() -> None:
    url, kind, limit, attempts, delivery_json = sys.argv[1:6]
    delivery = json.loads(delivery_json)
    sync_client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    webhook = Webhook(delivery["secret"], scheme="standard", replay_guard=RedisStore(sync_client))
    while sync_client.get("go") is None:
        time.sleep(0.002)
    if kind == "sync":
        limiter = RateLimiter(limit=int(limit), period_seconds=3600, store=RedisStore(sync_client))
        results = [limiter.check("shared") for _ in range(int(attempts))]
    else:

        async def run() -> list:
            client = redis.asyncio.Redis.from_url(url)
            limiter = RateLimiter(limit=int(limit), period_seconds=3600, store=RedisStore(client))
            out = await asyncio.gather(
                *(limiter.check_async("shared") for _ in range(int(attempts)))
            )
            await client.aclose()
            return out

        results = asyncio.run(run())
    accepted = 0
    try:
        webhook.verify(delivery["payload"], delivery["headers"], now=delivery["now"])
        accepted = 1
    except WebhookReplayedError:
        pass
    allowed = sum(r.allowed for r in results)
    errors = sum(r.store_error for r in results)
    print(json.dumps({"allowed": allowed, "accepted": accepted, "errors": errors}))


main()
