"""``Webhook.verify_event`` against what it replaces, on a 4 KiB Stripe-style delivery: ``verify``
then ``json.loads`` (what users write by hand), ``verify`` alone, and ``verify_event``; the
Python twin of bench/node/verify_event.mjs. Contenders in turn, the median of the rounds.

    .venv/bin/python bench/python/bench_verify_event.py [--calls 20000] [--rounds 7]
"""

import argparse
import base64
import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from edgeward import Webhook

SECRET = "whsec_" + base64.b64encode(b"edgeward-verify-event-bench!!").decode()
NOW = 1_700_000_000


def delivery() -> bytes:
    items = [
        {"id": f"ii_{i}", "amount": 1000 + i, "currency": "usd", "description": f"line item {i}"}
        for i in range(40)
    ]
    event: dict[str, Any] = {
        "id": "evt_1",
        "object": "event",
        "type": "invoice.paid",
        "data": {"object": {"id": "in_1", "lines": items}},
    }
    text = json.dumps(event, separators=(",", ":"))
    pad = max(0, 4096 - len(text) - 10)
    return (text[:-1] + f',"pad":"{"x" * pad}"}}').encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    webhook = Webhook([SECRET])
    body = delivery()
    header = webhook.sign(body, timestamp=NOW)

    def verify_and_loads() -> Any:
        webhook.verify(body, header, now=NOW)
        return json.loads(body)

    contenders: dict[str, Callable[[], Any]] = {
        "verify": lambda: webhook.verify(body, header, now=NOW),
        "verify + json.loads": verify_and_loads,
        "verify_event": lambda: webhook.verify_event(body, header, now=NOW),
    }
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(args.rounds):
        for name, run in contenders.items():
            start = time.perf_counter()
            for _ in range(args.calls):
                run()
            times[name].append((time.perf_counter() - start) / args.calls)
    print(f"python {sys.version.split()[0]}, {len(body)} byte delivery, median of {args.rounds}")
    for name, samples in times.items():
        print(f"{name:<22} {statistics.median(samples) * 1e6:8.2f} us/call")


if __name__ == "__main__":
    main()
