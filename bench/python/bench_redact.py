"""Redaction speed in CPython: edgeward vs a plain recursive pure-Python redactor.

Run with the venv that has the installed package:

    .venv/bin/python bench/python/bench_redact.py [--repeat 5] [--min-time 0.2]

Same records (the JSON records of tests/redact/corpus.json), same run, ratio printed:
- edgeward ``Redactor().redact(record)`` (dict in, dict out) and ``redact_json(text)``;
- ``json.dumps`` of the same records (issue #12's yardstick for ``redact(dict)``: at most 1.0x
  its time), per corpus record and on one realistic ~1 KB API log record (the one
  bench/node/redact_record.mjs uses);
- pure     a recursive dict/list walker with the same normalised key list and ``re``
  patterns for the value detectors (Stripe, AWS, GitHub, Slack, Google, JWT, PEM, Bearer/
  Basic, URL userinfo, URL parameters, card numbers with Luhn), the way such a redactor is
  usually written; and ``json.loads`` + pure + ``json.dumps`` for the text path.
The pure redactor is simpler than the core (no camelCase word splitting beyond a regex, no
JWT header check, no GitHub checksum), so it does less work.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import timeit
from pathlib import Path
from typing import Any

import edgeward

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "redact" / "corpus.json"

KEYS = {
    "password", "passwd", "pwd", "passphrase", "secret", "clientsecret", "token", "accesstoken",
    "refreshtoken", "idtoken", "apikey", "xapikey", "authorization", "proxyauthorization", "auth",
    "cookie", "setcookie", "session", "sessionid", "sessiontoken", "privatekey", "credentials",
    "csrf", "xsrf", "csrftoken", "webhooksecret", "signature", "cardnumber", "cvv", "cvc", "ssn",
}  # fmt: skip
WORDS = {"password", "secret", "token", "auth", "cookie", "session", "signature", "credentials"}
CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
SPLIT = re.compile(r"[-_.\s]+")
VALUES = re.compile(
    r"(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{10,}|whsec_[0-9A-Za-z+/=]{10,}"
    r"|\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b"
    r"|\b(?:gh[pousr]_[0-9A-Za-z]{36}|github_pat_[0-9A-Za-z_]{22,})"
    r"|\bxox[bpares]-[0-9A-Za-z-]{10,}|https://hooks\.slack\.com/services/[0-9A-Za-z/]+"
    r"|\bAIza[0-9A-Za-z_-]{35}"
    r"|\beyJ[0-9A-Za-z_-]+\.[0-9A-Za-z_-]+\.[0-9A-Za-z_-]+"
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----"
    r"|\b(?:Bearer|Basic)\s+[0-9A-Za-z._~+/=-]{8,}"
    r"|(?<=://)[^/\s:@]+:[^/\s@]+(?=@)"
    r"|(?<=[?&#])(?:token|access_token|api_key|signature|sig|password)=[^&#\s]+"
)
CARD = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")


def luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def card(m: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", m.group(0))
    ok = 13 <= len(digits) <= 19 and digits[0] in "3456" and luhn(digits)
    return "[REDACTED]" if ok else m.group(0)


def sensitive(key: str) -> bool:
    words = [w.lower() for w in SPLIT.split(CAMEL.sub("_", key)) if w]
    return "".join(words) in KEYS or any(w in WORDS for w in words)


def scrub(text: str) -> str:
    return CARD.sub(card, VALUES.sub("[REDACTED]", text))


def pure(value: Any, depth: int = 0) -> Any:
    if depth > 64:
        return "[Too deep]"
    if isinstance(value, dict):
        return {
            k: ("[REDACTED]" if sensitive(k) and v is not None and not isinstance(v, bool)
                else pure(v, depth + 1))
            for k, v in value.items()
        }  # fmt: skip
    if isinstance(value, list):
        return [pure(v, depth + 1) for v in value]
    if isinstance(value, str):
        return scrub(value)
    return value


# The realistic API log record of bench/node/redact_record.mjs.
RECORD = {
    "level": 30, "time": 1765000000123, "pid": 4242, "hostname": "api-7f9c6d5b8-x2k4q",
    "reqId": "req-3f2a9c1e-5b7d-4e0a-9c3b-1d2e3f4a5b6c",
    "req": {
        "method": "POST", "url": "/v1/orders?expand=items&limit=20",
        "remoteAddress": "203.0.113.42", "remotePort": 51234,
        "headers": {
            "host": "api.example.com",
            "user-agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Safari/605.1.15",
            "accept": "application/json", "accept-language": "en-GB,en;q=0.9",
            "content-type": "application/json", "content-length": "512",
            "authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c3JfODgyMSJ9."
            "c2lnbmF0dXJlLXBsYWNlaG9sZGVy",
            "x-request-id": "3f2a9c1e-5b7d-4e0a-9c3b-1d2e3f4a5b6c",
        },
    },
    "user": {"id": "usr_8821", "email": "ada@example.com", "name": "Ada Lovelace",
             "plan": "business", "roles": ["admin", "billing"]},
    "order": {"id": "ord_5521", "items": 3, "total": 129.5, "currency": "EUR", "coupon": None,
              "gift": False},
    "description": "Customer called support about a failed renewal of the annual business plan; "
    "they asked us to retry with the card 4242 4242 4242 4242 on file and to send the invoice "
    "to the billing contact. Agent confirmed the address, updated the shipping notes and "
    "scheduled a follow-up for next Tuesday morning.",
    "res": {"statusCode": 201, "responseTime": 42.7},
    "msg": "request completed",
}  # fmt: skip


def best(fn: Any, repeat: int, min_time: float) -> float:
    timer = timeit.Timer(fn)
    n, _ = timer.autorange()
    while n * 0.001 < min_time and n < 1_000_000:
        n *= 2
        if timer.timeit(n) >= min_time:
            break
    return min(timer.repeat(repeat, n)) / n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--min-time", type=float, default=0.2)
    args = parser.parse_args()
    records = [
        r["input"]
        for r in json.loads(CORPUS.read_text(encoding="utf-8"))["records"]
        if r["kind"] == "json" and not r.get("options")
    ]
    texts = [json.dumps(r, separators=(",", ":")) for r in records]
    r = edgeward.Redactor()
    rows = [
        ("edgeward redact(dict)", lambda: [r.redact(x) for x in records]),
        ("pure-Python redactor (dict)", lambda: [pure(x) for x in records]),
        ("json.dumps(dict)", lambda: [json.dumps(x) for x in records]),
        ("edgeward redact_json(text)", lambda: [r.redact_json(t) for t in texts]),
        (
            "json.loads + pure + json.dumps",
            lambda: [json.dumps(pure(json.loads(t)), separators=(",", ":")) for t in texts],
        ),
    ]
    times = {name: best(fn, args.repeat, args.min_time) / len(records) for name, fn in rows}
    print(f"Python {sys.version.split()[0]}; {len(records)} corpus records; per record")
    for name, t in times.items():
        print(f"  {name:34} {t * 1e6:9.1f} µs  {1 / t:10.0f} rec/s")
    dict_ratio = times["pure-Python redactor (dict)"] / times["edgeward redact(dict)"]
    text_ratio = times["json.loads + pure + json.dumps"] / times["edgeward redact_json(text)"]
    print(f"ratio dict: edgeward {dict_ratio:.1f}x the pure-Python redactor")
    dumps_ratio = times["edgeward redact(dict)"] / times["json.dumps(dict)"]
    print(f"redact(dict) takes {dumps_ratio:.2f}x as long as json.dumps (corpus; target <= 1.0)")
    one = {
        "redact": best(lambda: r.redact(RECORD), args.repeat, args.min_time),
        "dumps": best(lambda: json.dumps(RECORD), args.repeat, args.min_time),
    }
    print(
        f"realistic {len(json.dumps(RECORD))}-byte record: "
        f"redact(dict) {one['redact'] * 1e6:.2f} µs, json.dumps {one['dumps'] * 1e6:.2f} µs, "
        f"{one['redact'] / one['dumps']:.2f}x"
    )
    print(f"ratio text: edgeward {text_ratio:.1f}x json.loads + pure + json.dumps")


if __name__ == "__main__":
    main()
