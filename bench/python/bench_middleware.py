"""What the FastAPI dependency costs: ``Depends(VerifiedWebhook(...))`` against a FastAPI
handler that reads the body and calls ``Webhook.verify_event`` itself, on the same signed
4 KiB delivery, both through the full FastAPI stack called in-process as an ASGI app (no
sockets, no TestClient threads: the overhead measured is FastAPI's and edgeward's).

Run with the venv that has the installed package and FastAPI:

    .venv/bin/python bench/python/bench_middleware.py [--requests 500] [--rounds 31] [--clock cpu]

Target (issue 15): the dependency adds at most 10% to the direct handler. FastAPI's own
``Depends`` (the direct handler's work moved into a plain dependency function) is measured in
the same run: it is the floor no dependency can go under, so the dependency is reported
against both.

The machine may be shared: the rounds are interleaved (each round runs the three apps, in a
rotated order), each app's time is the median of its rounds, and each ratio is the median of
the rounds' own ratios (a round's apps ran seconds apart, under the same load). ``--clock cpu``
(the default) counts this thread's CPU time, which time spent waiting for a core does not
inflate; ``--clock wall`` counts elapsed time. The load average is printed with the results.

A count that no load moves: ``--only NAME`` runs one app's requests and nothing else, so that
``valgrind --tool=cachegrind --cache-sim=no`` counts its instructions; the difference between
two request counts is the per-request cost (``PYTHONHASHSEED=0`` makes the runs repeatable):

    for n in 200 1200; do PYTHONHASHSEED=0 valgrind --tool=cachegrind --cache-sim=no \
        --cachegrind-out-file=/dev/null .venv/bin/python bench/python/bench_middleware.py \
        --only ours --rounds 1 --requests $n 2>&1 | grep 'I *refs'; done
"""

import argparse
import asyncio
import base64
import json
import os
import statistics
import sys
import time
from typing import Annotated, Any

import fastapi
from fastapi import Depends, FastAPI, Request, Response

from edgeward import Webhook
from edgeward.fastapi import VerifiedWebhook, WebhookDelivery, exception_handlers

# The ASGI scope the framework tests use (bindings-python/tests/_deliveries.py).
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "bindings-python", "tests"))
from _deliveries import asgi_http_scope

SECRET = "whsec_" + base64.b64encode(b"edgeward-middleware-benchmark!!").decode()


def apps() -> tuple[FastAPI, FastAPI, FastAPI]:
    webhook = Webhook([SECRET], scheme="standard")
    direct = FastAPI()

    @direct.post("/webhooks")
    async def verify_directly(request: Request) -> Response:
        delivery = webhook.verify_event(await request.body(), request.headers)
        return Response(status_code=204, headers={"x-event": delivery.event["type"]})

    hook = VerifiedWebhook([SECRET], scheme="standard")
    dependency = FastAPI(exception_handlers=exception_handlers)

    @dependency.post("/webhooks")
    async def verify_by_dependency(delivery: Annotated[WebhookDelivery, Depends(hook)]) -> Response:
        return Response(status_code=204, headers={"x-event": delivery.event["type"]})

    # FastAPI's own cost of a dependency: the direct handler's work moved into Depends.
    async def verify_in_a_dependency(request: Request) -> Any:
        return webhook.verify_event(await request.body(), request.headers)

    floor = FastAPI()

    @floor.post("/webhooks")
    async def plain_dependency(
        delivery: Annotated[Any, Depends(verify_in_a_dependency)],
    ) -> Response:
        return Response(status_code=204, headers={"x-event": delivery.event["type"]})

    return direct, dependency, floor


def delivery() -> tuple[bytes, list[tuple[bytes, bytes]]]:
    event = {"type": "invoice.paid", "id": "evt_1", "data": {"pad": ""}}
    event["data"]["pad"] = "x" * (4096 - len(json.dumps(event)))
    body = json.dumps(event).encode()
    if len(body) != 4096:
        raise SystemExit(f"the delivery is {len(body)} bytes, not 4096")
    signed = Webhook([SECRET], scheme="standard").sign_headers(
        body, timestamp=int(time.time()), id="msg_bench"
    )
    headers = [(k.encode(), v.encode()) for k, v in signed.items()]
    headers += [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    return body, headers


async def run(
    app: Any, body: bytes, headers: list[tuple[bytes, bytes]], n: int, clock: Any
) -> float:
    scope = asgi_http_scope(headers)
    message = {"type": "http.request", "body": body, "more_body": False}
    status = 0

    async def receive() -> dict:
        return message

    async def send(message: dict) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    start = clock()
    for _ in range(n):
        await app(dict(scope), receive, send)
    elapsed = clock() - start
    if status != 204:
        raise SystemExit(f"unexpected status {status}")
    return elapsed / n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500, help="requests per app per round")
    parser.add_argument("--rounds", type=int, default=31)
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    parser.add_argument(
        "--only", choices=("direct", "ours", "floor"), help="run one app, print nothing"
    )
    args = parser.parse_args()
    clock = time.thread_time if args.clock == "cpu" else time.perf_counter
    direct, dependency, floor = apps()
    body, headers = delivery()
    apps_ = {"direct": direct, "ours": dependency, "floor": floor}
    names = list(apps_)
    if args.only:
        only = apps_[args.only]
        asyncio.run(run(only, body, headers, args.rounds * args.requests, clock))
        return

    async def measure() -> dict[str, list[float]]:
        for app in apps_.values():  # warm up
            await run(app, body, headers, 200, clock)
        times: dict[str, list[float]] = {name: [] for name in names}
        for round_ in range(args.rounds):
            # Interleaved and rotated: a change of load, or running first, hits all alike.
            shift = round_ % len(names)
            for name in names[shift:] + names[:shift]:
                times[name].append(await run(apps_[name], body, headers, args.requests, clock))
        return times

    load_before = os.getloadavg()[0]
    times = asyncio.run(measure())
    load_after = os.getloadavg()[0]

    def per_request(name: str) -> str:
        got = times[name]
        return f"{statistics.median(got) * 1e6:7.1f} us/request (min {min(got) * 1e6:.1f})"

    def ratio(name: str, over: str) -> float:
        rounds = zip(times[name], times[over], strict=True)
        return (statistics.median(a / b for a, b in rounds) - 1) * 100

    print(
        f"python {sys.version.split()[0]}, fastapi {fastapi.__version__}, 4 KiB delivery, "
        f"{args.rounds} rounds x {args.requests} requests, {args.clock} clock, "
        f"load average {load_before:.2f} -> {load_after:.2f}"
    )
    print(f"handler calling verify_event directly     {per_request('direct')}")
    print(f"Depends(VerifiedWebhook(...))             {per_request('ours')}")
    print(f"Depends(a function calling verify_event)  {per_request('floor')}")
    floor_cost = ratio("floor", "direct")
    print(f"FastAPI's own Depends (the floor): {floor_cost:+.1f}% over the direct handler")
    print(
        f"Depends(VerifiedWebhook(...)): {ratio('ours', 'direct'):+.1f}% over the direct handler "
        f"(target <= +10%), {ratio('ours', 'floor'):+.1f}% over FastAPI's own Depends"
    )


if __name__ == "__main__":
    main()
