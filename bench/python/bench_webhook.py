"""Webhook verification speed in CPython: edgeward vs stripe-python vs bare hmac.

Run with the venv that has the installed package and the dev requirements:

    .venv/bin/python bench/python/bench_webhook.py [--repeat 7] [--min-time 0.2] [--json FILE]

For each payload size it times, in one process:
- edgeward  ``Webhook.verify(payload, header)`` (header parsing, HMAC-SHA256, constant-time
  compare, timestamp check against ``time.time()``);
- stripe    ``stripe.WebhookSignature.verify_header(payload, header, secret, 300)``, same work
  in pure Python (it decodes the bytes to text and re-encodes them);
- hmac      ``hmac.new(key, ..., sha256).hexdigest()`` + ``hmac.compare_digest``: no parsing, no
  clock, the floor for any Python-level implementation.

Each figure is the best of ``--repeat`` timeit runs, each run long enough (``--min-time``) for
the clock's resolution not to matter. Payloads are UTF-8 JSON-like text passed as ``bytes``, as
a web framework hands them over (stripe-python cannot verify bodies that are not UTF-8).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import platform
import sys
import time
import timeit
from pathlib import Path

import stripe

import edgeward

SECRET = "whsec_bench_5a7d3f0c1b2e4d6f8a9c0b1d2e3f4a5b"  # noqa: S105 - a benchmark key
SIZES = [("256 B", 256), ("4 KiB", 4 * 1024), ("64 KiB", 64 * 1024), ("1 MiB", 1024 * 1024)]


def make_payload(size: int) -> bytes:
    unit = b'{"id":"evt_1","object":"event","type":"payment_intent.succeeded","amount":4200},'
    return (unit * (size // len(unit) + 1))[:size]


def best_seconds_per_op(fn, repeat: int, min_time: float) -> float:
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    # Scale up so that one run lasts at least min_time.
    one = timer.timeit(number) / number
    number = max(number, int(min_time / max(one, 1e-9)) + 1)
    return min(timer.repeat(repeat=repeat, number=number)) / number


def contenders(payload: bytes):
    timestamp = int(time.time())
    webhook = edgeward.Webhook(SECRET)
    header = webhook.sign(payload, timestamp=timestamp)
    key = SECRET.encode()
    prefix = f"{timestamp}.".encode()
    expected = header.split("v1=", 1)[1]

    def ours() -> object:
        return webhook.verify(payload, header)

    def official() -> object:
        return stripe.WebhookSignature.verify_header(payload, header, SECRET, 300)

    def bare() -> bool:
        mac = hmac.new(key, prefix, hashlib.sha256)
        mac.update(payload)
        return hmac.compare_digest(mac.hexdigest(), expected)

    # Every contender must accept the genuine delivery before it is timed.
    if not (ours() == edgeward.Verified(timestamp, 0) and official() is True and bare() is True):
        raise SystemExit("a contender refused the genuine delivery; nothing to time")
    return {"edgeward": ours, "stripe": official, "hmac": bare}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="timeit runs; the best counts")
    parser.add_argument("--min-time", type=float, default=0.2, help="seconds per run, at least")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()

    print(
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"edgeward {edgeward.__version__}, stripe {stripe.VERSION}, "
        f"best of {args.repeat} runs of >= {args.min_time} s each"
    )
    rows = []
    for label, size in SIZES:
        payload = make_payload(size)
        times = {
            name: best_seconds_per_op(fn, args.repeat, args.min_time)
            for name, fn in contenders(payload).items()
        }
        rows.append({"size": label, "bytes": size, **{k: v * 1e6 for k, v in times.items()}})

    head = (
        f"{'payload':>8} | {'edgeward µs':>11} | {'stripe µs':>10} | {'hmac µs':>9} | "
        f"{'vs stripe':>9} | {'of hmac thrpt':>13} | {'edgeward MB/s':>13}"
    )
    print(head)
    print("-" * len(head))
    for row in rows:
        ours, theirs, floor = row["edgeward"], row["stripe"], row["hmac"]
        print(
            f"{row['size']:>8} | {ours:>11.2f} | {theirs:>10.2f} | {floor:>9.2f} | "
            f"{theirs / ours:>8.2f}x | {floor / ours:>12.0%} | {row['bytes'] / ours:>13.0f}"
        )
    print(
        "vs stripe: how many times faster edgeward is than stripe-python. "
        "of hmac thrpt: edgeward's throughput as a share of bare hmac's (over 100% = faster)."
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        meta = {"python": sys.version, "stripe": stripe.VERSION, "repeat": args.repeat}
        args.json.write_text(json.dumps({"meta": meta, "rows": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
