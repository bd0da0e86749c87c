"""`edgeward redact` NDJSON throughput on one core, on realistic API log records.

Generates 100,000 records (~630 B each: request headers with a bearer token on every tenth,
a user object, a long description with a card number on every fiftieth, mostly benign
strings), pipes them through the binary and reports MB/s of CPU time (user + system of the
child, so a busy shared host does not distort it) and of wall time.

Run:  python bench/cli/redact_throughput.py [--edgeward target/release/edgeward]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import tempfile
import time


def records(n: int) -> bytes:
    lines = []
    for i in range(n):
        note = (
            "note says card 4242 4242 4242 4242"
            if i % 50 == 0
            else "without further notes from support"
        )
        record = {
            "ts": f"2026-12-06T11:{i % 60:02d}:{i % 60:02d}.{i % 1000:03d}Z",
            "level": "info",
            "msg": "request completed",
            "req": {
                "id": f"req_{i:08x}",
                "method": "POST",
                "url": f"/v1/charges?expand[]=customer&limit={i % 100}",
                "headers": {
                    "host": "api.example.com",
                    "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36",
                    "accept": "application/json",
                    "authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
                    if i % 10 == 0
                    else "none",
                    "x-request-id": f"{i * 7919:032x}",
                },
            },
            "res": {"statusCode": 200, "responseTime": 12.5 + i % 50},
            "user": {"id": i, "email": f"user{i}@example.com", "plan": "pro"},
            "description": f"Customer updated billing details and the order was shipped to the warehouse in Rotterdam; {note}",
        }
        lines.append(json.dumps(record, separators=(",", ":")))
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--edgeward", default=os.environ.get("EDGEWARD_BIN", "target/release/edgeward")
    )
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = records(args.records)
    with tempfile.NamedTemporaryFile(suffix=".ndjson") as file:
        file.write(data)
        file.flush()
        for run in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            with open(file.name, "rb") as stdin:
                subprocess.run(
                    [args.edgeward, "redact"],
                    stdin=stdin,
                    stdout=subprocess.DEVNULL,
                    check=True,
                )
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (
                after.ru_stime - before.ru_stime
            )
            mb = len(data) / 1e6
            print(
                f"run {run + 1}: {mb:.1f} MB, {mb / cpu:.0f} MB/s on-CPU, {mb / wall:.0f} MB/s wall"
            )


if __name__ == "__main__":
    main()
