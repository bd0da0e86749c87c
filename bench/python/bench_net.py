"""IP allowlist speed in CPython: edgeward ``IpAllowlist.allows`` on 1,000 ranges vs a Python
loop over ``ipaddress`` networks (the usual hand-written allowlist), same ranges, same probes.

Run with the venv that has the installed package:

    .venv/bin/python bench/python/bench_net.py [--repeat 7]

Target (issue 14): at least 10x the loop. Also times ``client_ip`` on a 5-hop chain.
"""

from __future__ import annotations

import argparse
import ipaddress
import random
import sys
import timeit

import edgeward


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(14)  # noqa: S311 - deterministic benchmark data

    def v4() -> str:
        return str(ipaddress.IPv4Address(rng.getrandbits(32)))

    def v6() -> str:
        return str(ipaddress.IPv6Address((0x2 << 124) | rng.getrandbits(100)))

    ranges = [f"{v6()}/128" if rng.randrange(4) == 0 else f"{v4()}/32" for _ in range(1000)]
    probes = [
        ranges[rng.randrange(1000)].split("/")[0] if i % 4 == 0 else v4() for i in range(1024)
    ]
    allowlist = edgeward.IpAllowlist(ranges)
    networks = [ipaddress.ip_network(r) for r in ranges]

    def loop_allows(ip: str) -> bool:
        address = ipaddress.ip_address(ip)
        return any(address in network for network in networks)

    if [allowlist.allows(p) for p in probes] != [loop_allows(p) for p in probes]:
        raise SystemExit("edgeward and the ipaddress loop disagree")

    def best(fn) -> float:
        number = 1024
        return min(timeit.repeat(fn, repeat=args.repeat, number=1)) / number

    ours = best(lambda: [allowlist.allows(p) for p in probes])
    loop = best(lambda: [loop_allows(p) for p in probes])
    print(f"python {sys.version.split()[0]}")
    print(f"edgeward IpAllowlist.allows, 1,000 ranges  {ours * 1e9:10.0f} ns/call")
    print(f"ipaddress loop, 1,000 networks             {loop * 1e9:10.0f} ns/call")
    print(f"ratio allows: {loop / ours:.0f}x the ipaddress loop (target >= 10x)")

    trusted = edgeward.IpAllowlist(["loopback", "private"])
    headers = {
        "host": "api.example.com",
        "content-type": "application/json",
        "x-forwarded-for": "203.0.113.9, 10.0.0.5, 10.0.0.4, 10.0.0.3, 10.0.0.2",
    }
    found = edgeward.client_ip(peer="10.0.0.1", headers=headers, trusted_proxies=trusted)
    if found.ip != "203.0.113.9":
        raise SystemExit(f"client_ip answered {found.ip}")
    runs = timeit.repeat(
        lambda: edgeward.client_ip(peer="10.0.0.1", headers=headers, trusted_proxies=trusted),
        repeat=args.repeat,
        number=20000,
    )
    print(f"edgeward client_ip, 5 hops                 {min(runs) / 20000 * 1e9:10.0f} ns/call")


if __name__ == "__main__":
    main()
