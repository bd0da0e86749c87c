"""Generates ratelimit.json: GCRA rate-limit vectors, computed independently of edgeward by a
direct port of redis-cell's `CL.THROTTLE` decision (nanosecond integers, as redis-cell keeps
them), with its rounding of times to whole seconds (up when there is a fraction).

Run (from the repository root, no dependencies):  python3 tests/vectors/generate_ratelimit.py

redis-cell's documented case table (its `it_rate_limits` test: 5 at once, 1 per second) and the
README's example (`CL.THROTTLE user123 15 30 60` answers 0 16 15 -1 2) are reproduced exactly
and asserted here before anything is written. The other groups are our own cases (idle
recovery, a rate that is not a whole number of seconds per request, a burst below the limit,
costs).

Each step's `expect` is edgeward's reply; it equals `reply` except on the one step marked
`deviation` (a request larger than the burst on a long-idle key, where redis-cell reports a
negative reset time and more than the burst as remaining).

Mapping to edgeward: `limit`/`period_seconds` are redis-cell's `count per period`/`period`;
edgeward's `burst` is redis-cell's `max_burst + 1` (the reply's `limit`). Each step's `reply` is
CL.THROTTLE's `[limited, limit, remaining, retry_after, reset_after]`; edgeward's result is
`allowed = not expect[0]`, `remaining`, `resetAfterSeconds = reset_after`, and
`retryAfterSeconds` = 0 when allowed, `null` when the cost exceeds the burst (redis-cell's -1
on a limited reply), `retry_after` otherwise.
"""

import json
import pathlib

NS = 1_000_000_000
START = 1_700_000_000  # Unix seconds of every group's first step


def whole_seconds_up(ns: int) -> int:
    # redis-cell: whole seconds, plus one when a millisecond fraction remains.
    secs = int(ns / NS) if ns >= 0 else -int(-ns / NS)
    if (abs(ns) % NS) // 1_000_000 > 0 and ns > 0:
        secs += 1
    return secs


class CellThrottle:
    """redis-cell's RateLimiter::rate_limit over one key, with an injected clock."""

    def __init__(self, max_burst: int, count: int, period_s: int, clamp: bool = False) -> None:
        self.clamp = clamp
        self.emission = int((period_s * NS) / count)
        self.dvt = self.emission * (max_burst + 1)
        self.limit = max_burst + 1
        self.tat = None

    def throttle(self, now: int, quantity: int):
        increment = self.emission * quantity
        tat = now if self.tat is None else self.tat
        if self.clamp:
            tat = max(tat, now)  # edgeward: a drained state is a full budget, no more
        new_tat = now + increment if now > tat else tat + increment
        allow_at = new_tat - self.dvt
        diff = now - allow_at
        retry_after = -NS
        if diff < 0:
            if increment <= self.dvt:
                retry_after = -diff
            limited = True
            ttl = tat - now
        else:
            limited = False
            ttl = new_tat - now
            self.tat = new_tat
        remaining = 0
        nxt = self.dvt - ttl
        if nxt > -self.emission:
            remaining = int((nxt // 1000) / (self.emission // 1000))
        retry = -1 if retry_after == -NS else whole_seconds_up(retry_after)
        return [int(limited), self.limit, remaining, retry, whole_seconds_up(ttl)], retry_after, ttl


def group(name, note, count, period_s, max_burst, steps):
    cell = CellThrottle(max_burst, count, period_s)
    ours = CellThrottle(max_burst, count, period_s, clamp=True)
    out = []
    for at_ms, cost in steps:
        now = START * NS + at_ms * 1_000_000
        reply, _, _ = cell.throttle(now, cost)
        expect, retry_ns, ttl_ns = ours.throttle(now, cost)
        step = {
            "at_ms": at_ms,
            "cost": cost,
            "reply": reply,
            "expect": expect,
            "retry_after_ms": None if retry_ns == -NS else retry_ns // 1_000_000,
            "reset_after_ms": ttl_ns // 1_000_000,
        }
        if expect != reply:
            step["deviation"] = (
                "redis-cell counts a drained key's past TAT for a request larger than the burst "
                "(negative reset, remaining above the burst); edgeward treats it as now"
            )
        out.append(step)
    return {
        "name": name,
        "note": note,
        "redis_cell": f"CL.THROTTLE <key> {max_burst} {count} {period_s} <cost>",
        "limit": count,
        "period_seconds": period_s,
        "burst": max_burst + 1,
        "start": START,
        "steps": out,
    }


# redis-cell's `it_rate_limits` table: (ms after start, volume, expected reply).
DOCUMENTED = [
    (0, 6, [1, 5, 5, -1, 0]),
    (0, 1, [0, 5, 4, -1, 1]),
    (0, 1, [0, 5, 3, -1, 2]),
    (0, 1, [0, 5, 2, -1, 3]),
    (0, 1, [0, 5, 1, -1, 4]),
    (0, 1, [0, 5, 0, -1, 5]),
    (0, 1, [1, 5, 0, 1, 5]),
    (3000, 1, [0, 5, 2, -1, 3]),
    (3100, 1, [0, 5, 1, -1, 4]),
    (4000, 1, [0, 5, 1, -1, 4]),
    (8000, 1, [0, 5, 4, -1, 1]),
    (9500, 1, [0, 5, 4, -1, 1]),
    (9500, 0, [0, 5, 4, -1, 1]),
    (9500, 2, [0, 5, 2, -1, 3]),
    (9500, 5, [1, 5, 2, 3, 3]),
]

groups = [
    group(
        "redis-cell case table",
        "redis-cell's own test (it_rate_limits): 5 at once, 1 per second",
        1,
        1,
        4,
        [(at, cost) for at, cost, _ in DOCUMENTED],
    ),
    group(
        "redis-cell README example",
        "CL.THROTTLE user123 15 30 60 answers 0 16 15 -1 2",
        30,
        60,
        15,
        [(0, 1)],
    ),
    group(
        "guide limit: 100 per minute",
        "the security guide's webhook limit; 600 ms per request, not a whole second",
        100,
        60,
        99,
        [(0, 1)] * 3 + [(0, 97), (0, 1), (300, 1), (600, 1), (601, 1), (1200, 2), (61_000, 0), (61_000, 100), (61_000, 101)],
    ),
    group(
        "burst below the limit",
        "10 per second, at most 2 at once",
        10,
        1,
        1,
        [(0, 1), (0, 1), (0, 1), (50, 1), (100, 1), (100, 1), (250, 3), (1000, 2), (1000, 1)],
    ),
    group(
        "idle key and large costs",
        "6 per minute, burst 6: a long idle time restores exactly the burst",
        6,
        60,
        5,
        [(0, 6), (0, 1), (9_999, 1), (10_000, 1), (3_600_000, 7), (3_600_000, 6), (3_600_001, 1)],
    ),
]

documented = groups[0]["steps"]
assert [s["reply"] for s in documented] == [r for _, _, r in DOCUMENTED], "redis-cell table"
assert groups[1]["steps"][0]["reply"] == [0, 16, 15, -1, 2], "redis-cell README"
# redis-cell's table also gives durations to the millisecond (case 8: reset after 3.9 s).
assert documented[8]["reset_after_ms"] == 3900
assert all("deviation" not in s for g in groups[:2] for s in g["steps"]), "table reproduced"
assert sum("deviation" in s for g in groups for s in g["steps"]) == 1

vectors = {
    "description": __doc__.strip(),
    "groups": groups,
}
path = pathlib.Path(__file__).with_name("ratelimit.json")
path.write_text(json.dumps(vectors, indent=1) + "\n")
print(f"wrote {path} ({sum(len(g['steps']) for g in groups)} steps)")
