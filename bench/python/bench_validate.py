"""JSON Schema validation speed in CPython: edgeward vs jsonschema-rs, fastjsonschema, jsonschema.

Run with the venv that has the installed package and the dev requirements:

    .venv/bin/python bench/python/bench_validate.py [--repeat 7] [--min-time 0.2] [--json FILE]

Same schemas and documents for every contender, in one process: the guide's payment schema
and a larger order-event schema (``$ref``, patterns, enums, ``uuid``/``date-time``/``email``
formats), with 3 and 50 line items. The schemas are draft 7, the newest draft
fastjsonschema supports. Every contender asserts formats and answers "is it valid?":

- edgeward        ``Validator(schema).is_valid(doc)`` on the Python value, and
                  ``validate_json(body)`` on the raw bytes (parse under limits, validate,
                  return the parsed value);
- jsonschema-rs   ``validator_for(schema, validate_formats=True).is_valid(doc)`` (Rust);
- fastjsonschema  ``compile(schema)(doc)`` (generated Python code; raises when invalid);
- jsonschema      ``Draft7Validator(schema, format_checker=...).is_valid(doc)`` (pure Python).

For the raw body, the peers run ``json.loads`` then validate. Each figure is the best of
``--repeat`` timeit runs, each at least ``--min-time`` seconds long.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import sys
import timeit
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
import jsonschema_rs

import edgeward

DRAFT7 = "http://json-schema.org/draft-07/schema#"
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

PAYMENT = {
    "$schema": DRAFT7,
    "type": "object",
    "properties": {
        "email": {"type": "string", "format": "email"},
        "amount": {"type": "number", "exclusiveMinimum": 0, "maximum": 1000000},
        "metadata": {"type": "object"},
    },
    "required": ["email", "amount"],
}

ORDER = {
    "$schema": DRAFT7,
    "definitions": {
        "money": {
            "type": "object",
            "properties": {
                "amount": {"type": "integer", "minimum": 0},
                "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
            },
            "required": ["amount", "currency"],
            "additionalProperties": False,
        },
        "address": {
            "type": "object",
            "properties": {
                "line1": {"type": "string", "minLength": 1, "maxLength": 200},
                "city": {"type": "string", "minLength": 1},
                "postal_code": {"type": "string", "maxLength": 16},
                "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
            },
            "required": ["line1", "city", "country"],
        },
    },
    "type": "object",
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "type": {"enum": ["order.created", "order.updated", "order.cancelled"]},
        "created": {"type": "string", "format": "date-time"},
        "customer": {
            "type": "object",
            "properties": {
                "id": {"type": "string", "pattern": "^cus_[A-Za-z0-9]{8,}$"},
                "email": {"type": "string", "format": "email"},
                "name": {"type": "string", "maxLength": 100},
                "address": {"$ref": "#/definitions/address"},
            },
            "required": ["id", "email"],
        },
        "items": {
            "type": "array",
            "minItems": 1,
            "maxItems": 100,
            "items": {
                "type": "object",
                "properties": {
                    "sku": {"type": "string", "pattern": "^[A-Z0-9-]+$"},
                    "quantity": {"type": "integer", "minimum": 1, "maximum": 1000},
                    "price": {"$ref": "#/definitions/money"},
                    "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
                },
                "required": ["sku", "quantity", "price"],
                "additionalProperties": False,
            },
        },
        "total": {"$ref": "#/definitions/money"},
        "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
    },
    "required": ["id", "type", "created", "customer", "items", "total"],
}


def order_document(items: int) -> dict[str, Any]:
    return {
        "id": "3f2c8a1e-9b7d-4c6e-8f0a-1b2c3d4e5f60",
        "type": "order.created",
        "created": "2024-05-01T12:30:00Z",
        "customer": {
            "id": "cus_A1b2C3d4E5",
            "email": "ada@example.com",
            "name": "Ada Lovelace",
            "address": {
                "line1": "12 Analytical Row",
                "city": "London",
                "postal_code": "N1 9GU",
                "country": "GB",
            },
        },
        "items": [
            {
                "sku": f"SKU-{1000 + i}",
                "quantity": 1 + i % 5,
                "price": {"amount": 1999 + i, "currency": "EUR"},
                "tags": ["gift", f"batch-{i % 7}"],
            }
            for i in range(items)
        ],
        "total": {"amount": 123456, "currency": "EUR"},
        "metadata": {"channel": "web", "campaign": "spring"},
    }


WORKLOADS = [
    (
        "payment (guide)",
        PAYMENT,
        {"email": "ada@example.com", "amount": 42.5, "metadata": {"order": "A-1"}},
    ),
    ("order, 3 items", ORDER, order_document(3)),
    ("order, 50 items", ORDER, order_document(50)),
]
NAMES = ["edgeward", "jsonschema-rs", "fastjsonschema", "jsonschema"]


def best_seconds_per_op(fn: Callable[[], object], repeat: int, min_time: float) -> float:
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    one = timer.timeit(number) / number
    number = max(number, int(min_time / max(one, 1e-9)) + 1)
    return min(timer.repeat(repeat=repeat, number=number)) / number


def fast_is_valid(validate: Callable[[Any], Any]) -> Callable[[Any], bool]:
    def is_valid(doc: Any) -> bool:
        try:
            validate(doc)
        except fastjsonschema.JsonSchemaValueException:
            return False
        return True

    return is_valid


def contenders(schema: dict[str, Any]) -> dict[str, Callable[[Any], bool]]:
    ours = edgeward.Validator(schema)
    rust = jsonschema_rs.validator_for(schema, validate_formats=True)
    fast = fast_is_valid(fastjsonschema.compile(schema, formats={"uuid": UUID.pattern}))
    reference = jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    return {
        "edgeward": ours.is_valid,
        "jsonschema-rs": rust.is_valid,
        "fastjsonschema": fast,
        "jsonschema": reference.is_valid,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="timeit runs; the best counts")
    parser.add_argument("--min-time", type=float, default=0.2, help="seconds per run, at least")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()

    versions = {name: version(name) for name in ("edgeward", *NAMES[1:])}
    print(
        f"Python {platform.python_version()} ({platform.python_implementation()}); "
        + ", ".join(f"{k} {v}" for k, v in versions.items())
        + f"; best of {args.repeat} runs of >= {args.min_time} s each; µs per call"
    )
    rows = []
    for label, schema, doc in WORKLOADS:
        checks = contenders(schema)
        body = json.dumps(doc).encode()
        broken = {**doc, "email": "not-an-email", "customer": {"email": "nope", "id": "x"}}
        for name, check in checks.items():
            if check(doc) is not True or check(broken) is not False:
                raise SystemExit(f"{label}: {name} disagrees on the documents; nothing to time")
        ours = edgeward.Validator(schema)
        if ours.validate_json(body) != doc:
            raise SystemExit(f"{label}: validate_json returned another value")
        value_times = {
            name: best_seconds_per_op(lambda c=check, d=doc: c(d), args.repeat, args.min_time)
            for name, check in checks.items()
        }
        text_times = {
            name: best_seconds_per_op(
                lambda c=check, b=body: c(json.loads(b)), args.repeat, args.min_time
            )
            for name, check in checks.items()
            if name != "edgeward"
        }
        text_times["edgeward"] = best_seconds_per_op(
            lambda o=ours, b=body: o.validate_json(b), args.repeat, args.min_time
        )
        rows.append(
            {
                "workload": label,
                "bytes": len(body),
                "value": {k: v * 1e6 for k, v in value_times.items()},
                "text": {k: v * 1e6 for k, v in text_times.items()},
            }
        )

    for kind, title in (
        ("value", "Python value (is_valid)"),
        ("text", "raw JSON bytes (edgeward: validate_json; peers: json.loads + is_valid)"),
    ):
        print(f"\n{title}")
        head = (
            f"{'workload':<16} {'bytes':>6} | "
            + " ".join(f"{n:>14}" for n in NAMES)
            + " | vs jsonschema-rs  vs fastjsonschema  vs jsonschema"
        )
        print(head)
        print("-" * len(head))
        for row in rows:
            t = row[kind]
            ours = t["edgeward"]
            print(
                f"{row['workload']:<16} {row['bytes']:>6} | "
                + " ".join(f"{t[n]:>14.2f}" for n in NAMES)
                + f" | {t['jsonschema-rs'] / ours:>15.2f}x {t['fastjsonschema'] / ours:>17.1f}x"
                + f" {t['jsonschema'] / ours:>12.0f}x"
            )
    print(
        "\nvs X: X's time / edgeward's time (above 1 = edgeward is faster; "
        "0.67 = edgeward takes 1.5x as long)."
    )
    # Fixed costs a call pays whatever the schema: the floor under the small-document rows.
    anything = edgeward.Validator({})
    floor = []
    for label, _schema, doc in WORKLOADS:
        body = json.dumps(doc).encode()
        empty = best_seconds_per_op(lambda d=doc: anything.is_valid(d), args.repeat, args.min_time)
        loads = best_seconds_per_op(lambda b=body: json.loads(b), args.repeat, args.min_time)
        floor.append(f"{label}: is_valid {empty * 1e6:.2f} µs, json.loads {loads * 1e6:.2f} µs")
    print("fixed costs (empty schema; parsing alone): " + "; ".join(floor))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        meta = {"python": sys.version, "versions": versions, "repeat": args.repeat}
        args.json.write_text(json.dumps({"meta": meta, "rows": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
