"""What the FastAPI dependency costs: ``Depends(VerifiedWebhook(...))`` against a FastAPI
handler that reads the body and calls ``Webhook.verify_event`` itself, on the same signed
4 KiB delivery, both through the full FastAPI stack called in-process as an ASGI app (no
sockets, no TestClient threads: the overhead measured is FastAPI's and edgeward's).

Run with the venv that has the installed package and FastAPI:

    .venv/bin/python bench/python/bench_middleware.py [--requests 2000] [--rounds 7]

Target (issue 15): the dependency adds at most 10% to the direct handler.
"""

import argparse
import asyncio
import base64
import json
import sys
import time
from typing import Annotated, Any

import fastapi
from fastapi import Depends, FastAPI, Request, Response

from edgeward import Webhook
from edgeward.fastapi import VerifiedWebhook, WebhookDelivery, exception_handlers

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


async def run(app: Any, body: bytes, headers: list[tuple[bytes, bytes]], n: int) -> float:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/webhooks",
        "raw_path": b"/webhooks",
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 4000),
        "server": ("bench", 80),
    }
    message = {"type": "http.request", "body": body, "more_body": False}
    status = 0

    async def receive() -> dict:
        return message

    async def send(message: dict) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    start = time.perf_counter()
    for _ in range(n):
        await app(dict(scope), receive, send)
    elapsed = time.perf_counter() - start
    if status != 204:
        raise SystemExit(f"unexpected status {status}")
    return elapsed / n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    direct, dependency, floor = apps()
    body, headers = delivery()

    async def measure() -> tuple[float, float, float]:
        apps_ = {"direct": direct, "dependency": dependency, "floor": floor}
        for app in apps_.values():  # warm up
            await run(app, body, headers, 200)
        times: dict[str, list[float]] = {name: [] for name in apps_}
        for _ in range(args.rounds):  # interleaved: load changes hit all alike
            for name, app in apps_.items():
                times[name].append(await run(app, body, headers, args.requests))
        return min(times["direct"]), min(times["dependency"]), min(times["floor"])

    plain, guarded, floor_time = asyncio.run(measure())
    print(f"python {sys.version.split()[0]}, fastapi {fastapi.__version__}, 4 KiB delivery")
    print(f"handler calling verify_event directly   {plain * 1e6:8.1f} us/request")
    print(f"Depends(VerifiedWebhook(...))           {guarded * 1e6:8.1f} us/request")
    print(f"Depends(a function calling verify_event) {floor_time * 1e6:7.1f} us/request")
    print(f"FastAPI's own Depends: {(floor_time / plain - 1) * 100:+.1f}% over the direct handler")
    print(f"overhead: {(guarded / plain - 1) * 100:+.1f}% (target <= +10%)")


if __name__ == "__main__":
    main()
