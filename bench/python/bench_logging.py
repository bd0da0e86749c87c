"""Cost of ``RedactingFilter`` on a stdlib ``logging`` call in CPython.

Run with the venv that has the installed package:

    .venv/bin/python bench/python/bench_logging.py [--repeat 7] [--min-time 0.2]

Each call shape is logged through a ``StreamHandler`` writing to a ``StringIO`` with the
default format, once on a handler without the filter and once on a handler with
``RedactingFilter()``; the two runs are interleaved, each figure is the best of ``--repeat``
timeit runs. The filter formats the message and redacts it as one text (one core call), plus
one core call for the container arguments and one for the ``extra`` fields when there are any.
"""

from __future__ import annotations

import argparse
import io
import logging
import timeit
from collections.abc import Callable

from edgeward import RedactingFilter

# An opaque credential: only its context (`Bearer `, a key name) gives it away.
OPAQUE = "q8ZlW3nR5tYp0vXs7bKd2mJf"


def logger(name: str, redacting: bool) -> logging.Logger:
    handler = logging.StreamHandler(io.StringIO())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    if redacting:
        handler.addFilter(RedactingFilter())
    log = logging.getLogger(f"bench-logging-{name}-{redacting}")
    log.propagate = False
    log.addHandler(handler)
    return log


def shapes(log: logging.Logger) -> dict[str, Callable[[], None]]:
    return {
        "str args": lambda: log.warning("Authorization: Bearer %s for %s", OPAQUE, "ann"),
        "no args": lambda: log.warning("user ann logged in from 203.0.113.7"),
        "dict arg": lambda: log.warning("payload %s", {"user": "ann", "token": OPAQUE}),
        "extra": lambda: log.warning("login", extra={"user": "ann", "token": OPAQUE}),
    }


def best(fn: Callable[[], None], n: int) -> float:
    return timeit.Timer(fn).timeit(n) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--min-time", type=float, default=0.2)
    args = parser.parse_args()
    plain, redacted = shapes(logger("plain", False)), shapes(logger("redacted", True))
    print(f"{'call':<10} {'no filter':>11} {'filter':>11} {'added':>11}")
    for name in plain:
        n = 1
        while timeit.Timer(redacted[name]).timeit(n) < args.min_time:
            n *= 2
        base, with_filter = float("inf"), float("inf")
        for _ in range(args.repeat):
            base = min(base, best(plain[name], n))
            with_filter = min(with_filter, best(redacted[name], n))
        added = with_filter - base
        print(
            f"{name:<10} {base * 1e6:>8.2f} µs {with_filter * 1e6:>8.2f} µs {added * 1e6:>8.2f} µs"
        )


if __name__ == "__main__":
    main()
