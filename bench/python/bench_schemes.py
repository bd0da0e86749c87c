"""Standard Webhooks verification speed in CPython: edgeward vs `standardwebhooks` vs `svix`.

Run with the venv that has the installed package and the dev requirements:

    .venv/bin/python bench/python/bench_schemes.py [--repeat 7] [--min-time 0.2] [--json FILE]

For each payload size it times, in one process, the same delivery (a `webhook-*` headers dict
and a `bytes` body, as a web framework hands them over) verified by:
- edgeward          ``Webhook(secret, scheme="standard").verify(payload, headers)``: header
  lookup, signature parsing, HMAC-SHA256, constant-time compare, timestamp check against
  ``time.time()``;
- standardwebhooks  ``Webhook(secret).verify(payload, headers, json_parse=False)``, the same
  work in Python (it decodes the body to text and re-encodes it; JSON parsing switched off,
  as edgeward does not parse);
- svix              ``Webhook(secret).verify(payload, headers)`` (svix's wrapper around it,
  which also maps `svix-*` header names);
- hmac              ``hmac.new(key, ..., sha256).digest()`` + ``hmac.compare_digest``: no
  parsing, no clock, the floor for any Python-level implementation.

Each figure is the best of ``--repeat`` timeit runs, each long enough (``--min-time``) for the
clock's resolution not to matter; the contenders' runs are interleaved, so that a busy moment
of a shared machine does not favour one of them. The target is edgeward >= 3x faster than
each library at 4 KiB.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import platform
import sys
import time
import timeit
from importlib.metadata import version
from pathlib import Path

import standardwebhooks
import svix

import edgeward

KEY = bytes(range(32))
SECRET = "whsec_" + base64.b64encode(KEY).decode()
MSG_ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
SIZES = [("256 B", 256), ("4 KiB", 4 * 1024), ("64 KiB", 64 * 1024)]
TARGET_SIZE = "4 KiB"
TARGET_RATIO = 3.0


def make_payload(size: int) -> bytes:
    unit = b'{"id":"evt_1","object":"event","type":"invoice.paid","amount":4200},'
    return (unit * (size // len(unit) + 1))[:size]


def best_seconds_per_op(fns: dict, repeat: int, min_time: float) -> dict[str, float]:
    """Best time per call of each contender. Runs are interleaved (one run of each contender
    per round), so that a busy moment of the machine hits every contender alike."""
    timers = {name: timeit.Timer(fn) for name, fn in fns.items()}
    numbers = {}
    for name, timer in timers.items():
        number, _ = timer.autorange()
        one = timer.timeit(number) / number
        numbers[name] = max(number, int(min_time / max(one, 1e-9)) + 1)
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(repeat):
        for name, timer in timers.items():
            best[name] = min(best[name], timer.timeit(numbers[name]) / numbers[name])
    return best


def contenders(payload: bytes):
    timestamp = int(time.time())
    ours_webhook = edgeward.Webhook(SECRET, scheme="standard")
    headers = ours_webhook.sign_headers(payload, timestamp=timestamp, id=MSG_ID)
    std_webhook = standardwebhooks.Webhook(SECRET)
    svix_webhook = svix.Webhook(SECRET)
    prefix = f"{MSG_ID}.{timestamp}.".encode()
    expected = base64.b64decode(headers["webhook-signature"].split(",", 1)[1])

    def ours() -> object:
        return ours_webhook.verify(payload, headers)

    def standard() -> object:
        return std_webhook.verify(payload, headers, json_parse=False)

    def svix_verify() -> object:
        return svix_webhook.verify(payload, headers)

    def bare() -> bool:
        mac = hmac.new(KEY, prefix, hashlib.sha256)
        mac.update(payload)
        return hmac.compare_digest(mac.digest(), expected)

    # Every contender must accept the genuine delivery before it is timed.
    accepted = (
        ours() == edgeward.Verified(timestamp, 0, MSG_ID, "standard")
        and standard() is None
        and svix_verify() is None
        and bare() is True
    )
    if not accepted:
        raise SystemExit("a contender refused the genuine delivery; nothing to time")
    return {"edgeward": ours, "standardwebhooks": standard, "svix": svix_verify, "hmac": bare}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15, help="timeit runs; the best counts")
    parser.add_argument("--min-time", type=float, default=0.1, help="seconds per run, at least")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()

    versions = {name: version(name) for name in ("standardwebhooks", "svix")}
    print(
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"edgeward {edgeward.__version__}, standardwebhooks {versions['standardwebhooks']}, "
        f"svix {versions['svix']}, best of {args.repeat} runs of >= {args.min_time} s each"
    )
    rows = []
    for label, size in SIZES:
        payload = make_payload(size)
        times = best_seconds_per_op(contenders(payload), args.repeat, args.min_time)
        rows.append({"size": label, "bytes": size, **{k: v * 1e6 for k, v in times.items()}})

    head = (
        f"{'payload':>8} | {'edgeward µs':>11} | {'stdwebhooks µs':>14} | {'svix µs':>8} | "
        f"{'hmac µs':>8} | {'vs stdwebhooks':>14} | {'vs svix':>8} | {'of hmac thrpt':>13}"
    )
    print(head)
    print("-" * len(head))
    for row in rows:
        ours = row["edgeward"]
        print(
            f"{row['size']:>8} | {ours:>11.2f} | {row['standardwebhooks']:>14.2f} | "
            f"{row['svix']:>8.2f} | {row['hmac']:>8.2f} | "
            f"{row['standardwebhooks'] / ours:>13.2f}x | {row['svix'] / ours:>7.2f}x | "
            f"{row['hmac'] / ours:>12.0%}"
        )
    print(
        "vs X: how many times faster edgeward is than library X. "
        "of hmac thrpt: edgeward's throughput as a share of bare hmac's (over 100% = faster)."
    )
    target = next(row for row in rows if row["size"] == TARGET_SIZE)
    worst = min(target["standardwebhooks"], target["svix"]) / target["edgeward"]
    verdict = "met" if worst >= TARGET_RATIO else "NOT met"
    print(f"target >= {TARGET_RATIO:.0f}x at {TARGET_SIZE}: {verdict} (worst ratio {worst:.2f}x)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        meta = {"python": sys.version, **versions, "repeat": args.repeat}
        args.json.write_text(json.dumps({"meta": meta, "rows": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
