"""Network guards (IpAllowlist, client_ip): the shared vectors in every header shape, and
differential checks against the standard library's ``ipaddress``."""

from __future__ import annotations

import ipaddress
import json
import random
from typing import Any

import pytest
import starlette.datastructures
import werkzeug.datastructures

from edgeward import (
    EdgewardError,
    IpAllowlist,
    NetworkError,
    NetworkInvalidCidrError,
    NetworkInvalidIpError,
    NetworkInvalidOptionsError,
    client_ip,
    error_codes,
)
from tests._vectors import VECTORS_PATH


def load(name: str) -> Any:
    return json.loads((VECTORS_PATH / name).read_text(encoding="utf-8"))


CODES = {
    "NETWORK_INVALID_IP": NetworkInvalidIpError,
    "NETWORK_INVALID_CIDR": NetworkInvalidCidrError,
    "NETWORK_INVALID_OPTIONS": NetworkInvalidOptionsError,
}


def test_codes_are_listed_and_classed() -> None:
    for code, cls in CODES.items():
        assert code in error_codes()
        assert issubclass(cls, NetworkError)
        assert issubclass(cls, EdgewardError)
        assert cls.code == code


@pytest.mark.parametrize("case", load("net_ip.json")["addresses"], ids=lambda c: repr(c["input"]))
def test_addresses(case: dict[str, Any]) -> None:
    everything = IpAllowlist(["0.0.0.0/0", "::/0"])
    if "error" in case:
        with pytest.raises(CODES[case["error"]]):
            everything.allows(case["input"])
        with pytest.raises(CODES[case["error"]]):
            client_ip(peer=case["input"])
    else:
        assert everything.allows(case["input"])
        assert case["input"] in everything
        assert client_ip(peer=case["input"]).ip == case["ip"]


@pytest.mark.parametrize("case", load("net_ip.json")["ranges"], ids=lambda c: repr(c["input"]))
def test_ranges(case: dict[str, Any]) -> None:
    allow = case.get("allowHostBits", False)
    if "error" in case:
        with pytest.raises(CODES[case["error"]]):
            IpAllowlist([case["input"]], allow_host_bits=allow)
    else:
        assert len(IpAllowlist([case["input"]], allow_host_bits=allow)) == 1


def test_allowlists() -> None:
    doc = load("net_allowlist.json")
    for case in doc["cases"]:
        allowlist = IpAllowlist(case["entries"], allow_host_bits=case.get("allowHostBits", False))
        for ip, expected in case["allows"].items():
            assert allowlist.allows(ip) is expected, (case["name"], ip)
        for ip, code in case.get("errors", {}).items():
            with pytest.raises(CODES[code]):
                allowlist.allows(ip)
    for case in doc["invalid"]:
        with pytest.raises(CODES[case["error"]]):
            IpAllowlist(case["entries"])


def shapes(headers: dict[str, list[str]]) -> dict[str, object]:
    """The vector's headers in the shapes Python frameworks hand them over."""
    pairs = [(name, value) for name, values in headers.items() for value in values]
    split: dict[str, object] = {}
    for name, values in headers.items():
        # Case variants of one name are joined too: spread occurrences over two spellings.
        split[name.title()] = values[:1]
        if len(values) > 1:
            split[name.upper()] = values[1:]
    raw = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in pairs]
    return {
        "dict-of-lists": {name: list(values) for name, values in headers.items()},
        "dict-case-variants": split,
        "pairs": pairs,
        "bytes-pairs": raw,
        "starlette": starlette.datastructures.Headers(raw=raw),
        "werkzeug": werkzeug.datastructures.Headers(pairs),
    }


CLIENT_CASES = load("net_client_ip.json")["cases"]


def run(case: dict[str, Any], headers: object, trusted: object, explain: bool = False) -> Any:
    options = case.get("options", {})
    kwargs: dict[str, Any] = {}
    if "header" in options:
        kwargs["header"] = options["header"]
    if "maxHops" in options:
        kwargs["max_hops"] = options["maxHops"]
    if "maxHeaderBytes" in options:
        kwargs["max_header_bytes"] = options["maxHeaderBytes"]
    return client_ip(
        peer=case["peer"], headers=headers, trusted_proxies=trusted, explain=explain, **kwargs
    )


@pytest.mark.parametrize("case", CLIENT_CASES, ids=lambda c: c["name"])
def test_client_ip_vectors(case: dict[str, Any]) -> None:
    for shape, headers in shapes(case["headers"]).items():
        if "error" in case:
            with pytest.raises(CODES[case["error"]]):
                run(case, headers, case["trusted"])
            continue
        for trusted in (case["trusted"], IpAllowlist(case["trusted"])):
            found = run(case, headers, trusted)
            assert (found.ip, found.chain, found.reason) == (
                case["ip"],
                case["chain"],
                case["reason"],
            ), shape
            assert found.explanation is None
        explained = run(case, headers, case["trusted"], explain=True)
        assert isinstance(explained.explanation, str)
        if case["ip"]:
            assert case["ip"] in explained.explanation


def test_absurd_lengths_follow_the_documented_cap() -> None:
    trusted = IpAllowlist(["loopback"])
    long = "198.51.100.1, " * 2000 + "203.0.113.9"
    found = client_ip(peer="127.0.0.1", headers={"x-forwarded-for": long}, trusted_proxies=trusted)
    assert (found.ip, found.reason) == (None, "header-too-long")
    repeats = [("X-Forwarded-For", "198.51.100.1")] * 3000
    found = client_ip(peer="127.0.0.1", headers=repeats, trusted_proxies=trusted)
    assert found.reason == "header-too-long"
    found = client_ip(
        peer="127.0.0.1",
        headers={"x-forwarded-for": long},
        trusted_proxies=trusted,
        max_header_bytes=1 << 20,
    )
    assert found.ip == "203.0.113.9"


def test_argument_errors() -> None:
    with pytest.raises(NetworkInvalidOptionsError):
        IpAllowlist("10.0.0.0/8")  # a str, not a list of them
    with pytest.raises(NetworkInvalidOptionsError):
        IpAllowlist([10])  # type: ignore[list-item]
    with pytest.raises(NetworkInvalidOptionsError):
        IpAllowlist([], max_entries=0)
    with pytest.raises(NetworkInvalidCidrError):
        IpAllowlist(["private"], max_entries=2)
    with pytest.raises(NetworkInvalidIpError):
        IpAllowlist([]).allows(None)  # type: ignore[arg-type]
    with pytest.raises(NetworkInvalidIpError):
        client_ip(peer=None)  # type: ignore[arg-type]
    with pytest.raises(NetworkInvalidOptionsError):
        client_ip(peer="127.0.0.1", headers=5)  # type: ignore[arg-type]
    with pytest.raises(NetworkInvalidOptionsError):
        client_ip(peer="127.0.0.1", headers={"x-forwarded-for": 5})  # type: ignore[dict-item]
    with pytest.raises(NetworkInvalidOptionsError):
        client_ip(peer="127.0.0.1", headers=[("x-forwarded-for",)])  # type: ignore[list-item]
    with pytest.raises(NetworkInvalidOptionsError):
        client_ip(peer="127.0.0.1", header="x-real-ip")  # type: ignore[arg-type]
    with pytest.raises(NetworkInvalidOptionsError):
        client_ip(peer="127.0.0.1", max_hops=0)
    with pytest.raises(NetworkInvalidOptionsError):
        client_ip(peer="127.0.0.1", trusted_proxies="loopback")


def oracle_parse(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """``ipaddress``'s answer, narrowed to edgeward's documented strictness (no zone ids, no
    IPv4-compatible ``::a.b.c.d``); IPv4-mapped as IPv4."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if "%" in text:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if "." in text and int(address) >> 32 == 0:
            return None
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
    return address


def random_address(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return str(ipaddress.IPv4Address(rng.getrandbits(32)))
    if kind == 1:
        return f"10.0.{rng.randrange(16)}.{rng.randrange(256)}"
    if kind == 2:
        return f"::ffff:{ipaddress.IPv4Address(rng.getrandbits(32))}"
    return str(ipaddress.IPv6Address(rng.getrandbits(128) & ~(rng.getrandbits(128))))


def test_parsing_matches_ipaddress_differentially() -> None:
    rng = random.Random(14)
    pieces = ["0", "1", "00", "01", "10", "255", "256", "0x1", "ff", "ffff", "fffff", ".", ":"]
    pieces += ["::", "%", "%eth0", "a", " ", "1.2.3.4", "::ffff:"]
    accepted = 0
    everything = IpAllowlist(["0.0.0.0/0", "::/0"])
    for _ in range(20000):
        if rng.randrange(3) == 0:
            text = random_address(rng)
        else:
            text = "".join(rng.choice(pieces) for _ in range(1 + rng.randrange(8)))
        expected = oracle_parse(text)
        try:
            everything.allows(text)
            ours = True
        except NetworkInvalidIpError:
            ours = False
        assert ours == (expected is not None), text
        if expected is not None:
            accepted += 1
            assert client_ip(peer=text).ip == str(expected), text
    assert accepted > 5000


MAPPED_BLOCK = ipaddress.IPv6Network("::ffff:0:0/96")


def oracle_member(
    address: str, networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network]
) -> bool:
    parsed = ipaddress.ip_address(address)
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        parsed = parsed.ipv4_mapped
    mapped = (
        ipaddress.IPv6Address(f"::ffff:{parsed}")
        if isinstance(parsed, ipaddress.IPv4Address)
        else None
    )
    for network in networks:
        if network.version == parsed.version:
            if parsed in network:
                return True
        # An IPv6 network spans IPv4 only when it lies inside ::ffff:0:0/96.
        elif mapped is not None and mapped in network and network.subnet_of(MAPPED_BLOCK):  # type: ignore[arg-type]
            return True
    return False


def test_membership_matches_ipaddress_differentially() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        networks = []
        for _ in range(1 + rng.randrange(12)):
            address = ipaddress.ip_address(random_address(rng))
            if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
                address = address.ipv4_mapped
            prefix = rng.randrange(address.max_prefixlen + 1)
            networks.append(ipaddress.ip_network(f"{address}/{prefix}", strict=False))
        allowlist = IpAllowlist([str(network) for network in networks])
        for _ in range(8):
            probe = random_address(rng)
            assert allowlist.allows(probe) == oracle_member(probe, networks), (probe, networks)
