"""JSON Schema validation and path helpers: the shared vectors (tests/validate/vectors.json at
the repo root), Python value semantics, and hostile input."""

from __future__ import annotations

import json
import pickle
import random
import threading
import time
from collections import OrderedDict, defaultdict
from enum import Enum, IntEnum
from pathlib import Path
from typing import Any

import pytest
from _converted import SubFloat, SubInt, SubList, SubStr, converted

from edgeward import (
    EdgewardError,
    PathError,
    PathInvalidError,
    SchemaError,
    ValidationError,
    ValidationFailedError,
    ValidationInvalidJsonError,
    ValidationInvalidOptionsError,
    ValidationIssue,
    ValidationLimitExceededError,
    Validator,
    WebhookVerificationError,
    build_path,
    encode_path_segment,
)

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parents[2] / "tests" / "validate" / "vectors.json").read_text(
        encoding="utf-8"
    )
)
CASES = VECTORS["validate"]

# --- the shared vectors ------------------------------------------------------------------------


def options_of(case: dict[str, Any]) -> dict[str, Any]:
    """A vector's options as keyword arguments (the limits are flat in Python)."""
    given = dict(case.get("options", {}))
    limits = given.pop("limits", {})
    return {**given, **limits}


def fill(parts: list[dict[str, Any]]) -> str:
    return "".join(p["text"] if "text" in p else p["repeat"] * p["times"] for p in parts)


def schema_of(case: dict[str, Any]) -> Any:
    schema = case["schema"]
    return VECTORS["schemas"][schema] if isinstance(schema, str) else schema


def at(value: Any, pointer: str) -> Any:
    if pointer == "":
        return value
    for part in pointer[1:].split("/"):
        key = part.replace("~1", "/").replace("~0", "~")
        value = value[int(key)] if isinstance(value, list) else value[key]
    return value


class Run:
    """One run's outcome: issues (empty when valid) and the parsed value, or an error."""

    def __init__(
        self,
        issues: list[ValidationIssue] | None,
        parsed: Any = None,
        error: EdgewardError | None = None,
    ) -> None:
        self.issues = issues
        self.parsed = parsed
        self.error = error


def run_document(validator: Validator, document: Any) -> Run:
    try:
        issues = validator.errors(document)
    except EdgewardError as error:
        return Run(None, error=error)
    assert validator.is_valid(document) == (not issues)
    if issues:
        with pytest.raises(ValidationFailedError) as raised:
            validator.validate(document)
        assert raised.value.errors == issues
        assert raised.value.code == "VALIDATION_FAILED"
        return Run(issues, error=raised.value)
    assert validator.validate(document) is None
    return Run([])


def run_text(validator: Validator, text: str | bytes) -> Run:
    try:
        return Run([], parsed=validator.validate_json(text))
    except ValidationFailedError as error:
        return Run(error.errors, error=error)
    except EdgewardError as error:
        return Run(None, error=error)


def check(name: str, expect: dict[str, Any], run: Run) -> None:
    messages = ""
    if run.issues is None:
        assert run.error is not None
        assert "error" in expect, f"{name}: unexpected {run.error!r}"
        assert run.error.code == expect["error"], f"{name}: {run.error}"
        assert isinstance(run.error, ValueError)
        messages += str(run.error)
    else:
        assert "error" not in expect, f"{name}: expected {expect['error']}, got {run.issues}"
        assert (not run.issues) == expect["valid"], f"{name}: {run.issues}"
        if "errors" in expect:
            got = sorted((i.instance_path, i.keyword, i.schema_path) for i in run.issues)
            want = sorted(
                (e["instance_path"], e["keyword"], e["schema_path"]) for e in expect["errors"]
            )
            assert got == want, name
        for issue in run.issues:
            assert issue.message, name
            messages += issue.message + "\n"
        if run.error is not None:
            messages += str(run.error)
        for item in expect.get("exact_integers", []):
            value = at(run.parsed, item["pointer"])
            assert type(value) is int, name
            assert value == int(item["decimal"]), name
    if "message_includes" in expect:
        assert expect["message_includes"] in messages, f"{name}: {messages}"
    if "message_excludes" in expect:
        assert expect["message_excludes"] not in messages, f"{name}: {messages}"


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_validation_vector(case: dict[str, Any]) -> None:
    name, expect = case["name"], case["expect"]
    try:
        validator = Validator(schema_of(case), **options_of(case))
    except EdgewardError as error:
        check(name, expect, Run(None, error=error))
        return
    runs: list[Run] = []
    if "document" in case:
        runs.append(run_document(validator, case["document"]))
        # The same document as JSON text gets the same verdict.
        runs.append(run_text(validator, json.dumps(case["document"])))
        runs.append(run_text(validator, json.dumps(case["document"]).encode()))
    elif "document_fill" in case:
        runs.append(run_document(validator, fill(case["document_fill"])))
    elif "text" in case:
        runs.append(run_text(validator, case["text"]))
        runs.append(run_text(validator, case["text"].encode()))
        runs.append(run_text(validator, bytearray(case["text"].encode())))
        runs.append(run_text(validator, memoryview(case["text"].encode())))
    elif "text_hex" in case:
        runs.append(run_text(validator, bytes.fromhex(case["text_hex"])))
    elif "text_fill" in case:
        runs.append(run_text(validator, fill(case["text_fill"])))
    else:
        pytest.fail(f"{name}: no input")
    for run in runs:
        check(name, expect, run)


def test_vectors_are_loaded() -> None:
    assert len(CASES) >= 70


def test_path_vectors() -> None:
    count = 0
    for case in VECTORS["paths"]["segments"]:
        if "ok" in case["expect"]:
            assert encode_path_segment(case["input"]) == case["expect"]["ok"]
        else:
            with pytest.raises(PathInvalidError) as raised:
                encode_path_segment(case["input"])
            assert raised.value.code == case["expect"]["error"]
        count += 1
    for case in VECTORS["paths"]["templates"]:
        for params in (case["params"], OrderedDict(case["params"])):
            if "ok" in case["expect"]:
                assert build_path(case["template"], params) == case["expect"]["ok"]
            else:
                with pytest.raises(PathInvalidError) as raised:
                    build_path(case["template"], params)
                assert raised.value.code == case["expect"]["error"]
            count += 1
    assert count > 30


# --- Python value semantics --------------------------------------------------------------------


def test_bool_is_never_an_integer_and_floats_may_be() -> None:
    integer = Validator({"type": "integer"})
    number = Validator({"type": "number"})
    assert integer.is_valid(1)
    assert integer.is_valid(1.0)
    assert not integer.is_valid(1.5)
    assert not integer.is_valid(True)
    assert not integer.is_valid(False)
    assert not number.is_valid(True)
    assert Validator({"const": 1}).is_valid(1.0)
    assert not Validator({"const": 1}).is_valid(True)
    assert not Validator({"enum": [0]}).is_valid(False)
    assert integer.is_valid(2**64 - 1)
    assert integer.is_valid(-(2**63))


def test_containers_and_keys() -> None:
    v = Validator({"type": "array", "items": {"type": "integer"}})
    assert v.is_valid((1, 2))
    assert v.is_valid([])
    obj = Validator({"type": "object", "required": ["a"]})
    assert obj.is_valid(OrderedDict(a=1))
    with pytest.raises(ValidationInvalidJsonError, match="key of type int"):
        obj.is_valid({1: "a"})
    for value in ({1, 2}, b"bytes", object(), float("nan"), float("inf"), "\ud800", 1j):
        with pytest.raises(ValidationInvalidJsonError):
            Validator({}).is_valid(value)


def test_big_integers() -> None:
    v = Validator({"type": "integer"})
    with pytest.raises(ValidationLimitExceededError, match="64-bit"):
        v.is_valid(2**64)
    with pytest.raises(ValidationLimitExceededError):
        v.is_valid(-(2**63) - 1)
    lossy = Validator({"type": "integer"}, allow_lossy_integers=True)
    assert lossy.is_valid(2**100)
    with pytest.raises(ValidationLimitExceededError):
        lossy.is_valid(10**400)
    exact = Validator({"type": "integer", "maximum": 9007199254740993})
    assert exact.is_valid(9007199254740993)
    assert not exact.is_valid(9007199254740994)
    parsed = Validator({}).validate_json(b'{"id":18446744073709551615,"n":-9223372036854775808}')
    assert parsed == {"id": 18446744073709551615, "n": -9223372036854775808}


def test_validate_json_returns_the_parsed_value() -> None:
    v = Validator({"type": "object"})
    parsed = v.validate_json('{"b":1,"a":[true,null,1.5,"x"],"c":{}}')
    assert parsed == {"b": 1, "a": [True, None, 1.5, "x"], "c": {}}
    assert list(parsed) == ["b", "a", "c"]
    assert type(parsed["a"][0]) is bool
    assert Validator({}).validate_json("1.0") == 1.0
    for body in ({"a": 1}, None, 42, ["x"]):
        with pytest.raises(ValidationInvalidJsonError):
            v.validate_json(body)
    with pytest.raises(ValidationInvalidJsonError):
        v.validate_json('{"a":"\ud800"}')
    lenient = Validator({}, allow_duplicate_keys=True)
    assert lenient.validate_json('{"a":1,"b":0,"a":2}') == {"a": 2, "b": 0}
    assert list(lenient.validate_json('{"a":1,"b":0,"a":2}')) == ["a", "b"]


def test_options_and_schema_errors() -> None:
    assert Validator({}).draft == "draft2020-12"
    assert Validator({"$schema": "http://json-schema.org/draft-07/schema#"}).draft == "draft7"
    assert Validator({}, draft="draft7").draft == "draft7"
    assert repr(Validator({}, draft="draft7")) == "Validator(draft='draft7')"
    with pytest.raises(ValidationInvalidOptionsError) as bad_draft:
        Validator({}, draft="draft8")
    # Family "validation": caught with the other validation errors, never a webhook error.
    assert isinstance(bad_draft.value, ValidationError)
    assert not isinstance(bad_draft.value, WebhookVerificationError)
    assert bad_draft.value.code == "VALIDATION_INVALID_OPTIONS"
    for bad in ({"max_depth": 0}, {"max_depth": 513}, {"max_bytes": 0}):
        with pytest.raises(ValidationInvalidOptionsError):
            Validator({}, **bad)
    with pytest.raises(TypeError):
        Validator({}, assert_format=False)  # type: ignore[call-arg]
    bad_formats: list[dict[str, Any]] = [
        {"unknown_formats": "warn"},
        {"formats": {"x-sku": 5}},
        {"formats": {5: "[A-Z]+"}},
        {"formats": {"x-sku": "["}},
        {"formats": {"email": ".+"}},
    ]
    for bad in bad_formats:
        with pytest.raises(ValidationInvalidOptionsError):
            Validator({}, **bad)
    with pytest.raises(SchemaError, match="`emial`"):
        Validator({"format": "emial"})
    assert Validator({"format": "emial"}, unknown_formats="ignore").is_valid("x")
    sku = Validator({"format": "x-sku"}, formats={"x-sku": "[A-Z]{3}"})
    assert sku.is_valid("ABC")
    assert not sku.is_valid("ABCD")
    # Wrong types and out-of-range ints are refused like wrong values, as in JS.
    for bad_limit in ({"max_depth": -1}, {"max_depth": "deep"}, {"max_bytes": True}):
        with pytest.raises(ValidationInvalidOptionsError):
            Validator({}, **bad_limit)
    for bad_flag in ({"assert_formats": 0}, {"allow_duplicate_keys": "yes"}, {"draft": 7}):
        with pytest.raises(ValidationInvalidOptionsError):
            Validator({}, **bad_flag)
    assert Validator({}, max_depth=None, assert_formats=None, draft=None).is_valid(1)
    with pytest.raises(SchemaError, match="/properties/a/minimum") as raised:
        Validator({"properties": {"a": {"minimum": "zero"}}})
    assert raised.value.code == "SCHEMA_INVALID"
    assert isinstance(raised.value, ValueError)
    with pytest.raises(SchemaError, match="never fetches"):
        Validator({"$ref": "https://example.com/s.json"})
    with pytest.raises(SchemaError):
        Validator({"pattern": "(?<=a)b"})
    with pytest.raises(SchemaError):
        Validator({"enum": [object()]})
    cyclic: dict[str, Any] = {}
    cyclic["items"] = cyclic
    with pytest.raises(SchemaError):
        Validator(cyclic)
    with pytest.raises(ValidationInvalidOptionsError):
        Validator({}, resources={1: {}})
    amount = {"type": "number", "exclusiveMinimum": 0}
    v = Validator({"$ref": "urn:amount"}, resources={"urn:amount": amount})
    assert v.is_valid(1)
    assert not v.is_valid(0)
    assert Validator(True).is_valid({"any": [1]})
    assert not Validator(False).is_valid(1)


def test_issues_and_errors() -> None:
    v = Validator({"type": "object", "properties": {"amount": {"maximum": 10}}})
    issue = v.errors({"amount": 11})[0]
    assert issue == ValidationIssue(
        "/amount", "/properties/amount/maximum", "maximum", issue.message
    )
    assert pickle.loads(pickle.dumps(issue)) == issue  # noqa: S301 - our own object
    assert issue.to_dict() == {
        "instance_path": "/amount",
        "schema_path": "/properties/amount/maximum",
        "keyword": "maximum",
        "message": "must be at most 10",
    }
    assert repr(issue).startswith("ValidationIssue(instance_path='/amount'")
    with pytest.raises(ValidationError) as raised:
        v.validate({"amount": 11})
    assert isinstance(raised.value, ValueError)
    assert raised.value.errors == [issue]
    assert "/amount must be at most 10" in str(raised.value)
    with pytest.raises(ValidationLimitExceededError) as limit:
        v.validate_json("[" * 1000)
    assert limit.value.errors == []


def test_messages_never_echo_values_unless_asked() -> None:
    schema = {
        "type": "object",
        "properties": {"card": {"type": "string", "pattern": "^tok_"}},
        "propertyNames": {"maxLength": 8},
    }
    doc = {"card": "4242424242424242", "sk_live_secret_key": 1}
    quiet = Validator(schema)
    with pytest.raises(ValidationFailedError) as raised:
        quiet.validate(doc)
    shown = str(raised.value) + repr(raised.value.errors)
    assert "4242424242424242" not in shown
    assert "sk_live_secret_key" not in shown
    loud = Validator(schema, include_values=True)
    assert "4242424242424242" in repr(loud.errors(doc))


# --- plain values are read in place, the rest converted ------------------------------------


AGREEMENT_SCHEMAS: list[Any] = [
    {
        "type": "object",
        "properties": {
            "id": {"type": "integer", "minimum": -5, "maximum": 2**62},
            "name": {"type": "string", "minLength": 1, "maxLength": 6, "pattern": "^[a-z]"},
            "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
            "price": {"type": "number", "exclusiveMinimum": 0, "multipleOf": 0.5},
            "email": {"format": "email"},
            "when": {"format": "date-time"},
        },
        "required": ["id"],
        "additionalProperties": {"type": ["boolean", "null", "object"]},
    },
    {"enum": [1, "a", [1, 2], {"k": None}, True]},
    {"const": {"a": [1.0, {"b": -0.0}]}},
    {"type": "array", "uniqueItems": True},
    {"type": "array", "contains": {"type": "integer"}, "maxContains": 2},
    {"propertyNames": {"maxLength": 3}, "minProperties": 1, "maxProperties": 3},
    {"patternProperties": {"^x": {"type": "number"}}, "additionalProperties": False},
    {"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {"maxProperties": 2}},
    {"dependentRequired": {"a": ["b"]}, "dependentSchemas": {"b": {"required": ["c"]}}},
    {"type": "integer"},
    {"type": "number", "maximum": 1.5},
    {"$defs": {"t": {"type": "array", "items": {"$ref": "#/$defs/t"}}}, "$ref": "#/$defs/t"},
    {"items": {"anyOf": [{"type": "string"}, {"type": "object", "required": ["a"]}]}},
    {
        "unevaluatedProperties": False,
        "properties": {"a": True},
        "allOf": [{"properties": {"b": {}}}],
    },
]


def random_value(rng: random.Random, depth: int = 0) -> Any:
    kinds = ["int", "float", "str", "bool", "none"] + (["list", "dict"] * 2 if depth < 4 else [])
    kind = rng.choice(kinds)
    if kind == "int":
        return rng.choice([0, 1, -1, 2, 7, 2**31, -(2**63), 2**63 - 1, rng.randint(-100, 100)])
    if kind == "float":
        return rng.choice([0.0, -0.0, 0.5, 1.0, 1.5, 2.0, -3.25, 1e300, 5e-324, 0.1])
    if kind == "str":
        return rng.choice(
            ["", "a", "abc", "x1", "é", "\U0001f600", "a@b.co", "2024-05-01T12:00:00Z"]
        )
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "none":
        return None
    if kind == "list":
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    keys = ["a", "b", "c", "id", "name", "tags", "price", "email", "when", "x1", "xy", "k", "é"]
    return {rng.choice(keys): random_value(rng, depth + 1) for _ in range(rng.randint(0, 5))}


def test_values_read_in_place_and_converted_agree() -> None:
    rng = random.Random(20240501)
    documents: list[Any] = [random_value(rng) for _ in range(400)]
    documents += [
        {"id": 3, "name": "abc", "tags": ["x", "y"], "price": 2.5, "email": "a@b.co"},
        {"id": 3, "tags": ["x", "x"]},
        {"id": True},
        {"id": 1.0, "k": {}},
        [1, 1.0],
        [{"a": 1}, {"a": 1.0}],
        [[[[]]]],
        {"a": 1},
        {"a": 1, "b": 2, "c": 3},
        {"x1": 1, "xy": 2},
        {"a": [1.0, {"b": 0.0}]},
        (1, "a"),
    ]
    checked = 0
    for schema in AGREEMENT_SCHEMAS:
        v = Validator(schema)
        for doc in documents:
            valid = v.is_valid(doc)
            assert v.is_valid(converted(doc)) == valid, (schema, doc)
            assert (v.errors(doc) == []) == valid, (schema, doc)
            assert v.errors(doc) == v.errors(converted(doc)), (schema, doc)
            if not isinstance(doc, tuple):
                text_valid = True
                try:
                    v.validate_json(json.dumps(doc))
                except ValidationFailedError:
                    text_valid = False
                assert text_valid == valid, (schema, doc)
            checked += 1
    assert checked > 5000


def test_values_that_are_converted_keep_their_meaning() -> None:
    # Empty keys, integers from 2^63 to 2^64 and subclasses are not read in place.
    assert Validator({"required": [""]}).is_valid({"": 1})
    assert not Validator({"properties": {"": {"type": "string"}}}).is_valid({"a": {}, "": 1})
    at_least = Validator({"type": "integer", "minimum": 2**63})
    assert at_least.is_valid(2**63)
    assert at_least.is_valid({"n": 2**64 - 1}["n"])
    assert not at_least.is_valid(2**63 - 1)
    assert Validator({"items": {"maximum": 2**64 - 1}}).is_valid([1, 2**64 - 1])
    assert not Validator({"items": {"maximum": 2**63}}).is_valid([2**63 + 1])

    class Color(IntEnum):
        RED = 1

    class Side(str, Enum):
        LEFT = "left"

    assert Validator({"const": 1}).is_valid(Color.RED)
    assert Validator({"const": "left"}).is_valid(Side.LEFT)
    assert Validator({"required": ["left"]}).is_valid({Side.LEFT: 1})
    assert Validator({"required": ["a"]}).is_valid(defaultdict(int, a=1))
    assert Validator({"properties": {"a": {"type": "string"}}}).is_valid({"a": SubStr("x")})
    assert not Validator({"properties": {"a": {"type": "integer"}}}).is_valid({"a": SubFloat(1.5)})
    nested = {"a": [{"b": OrderedDict(c=SubList([SubInt(1)]))}]}
    assert Validator({}).is_valid(nested)
    with pytest.raises(ValidationInvalidJsonError):
        Validator({}).is_valid({"a": [{"b": object()}]})


def test_surrogates_are_refused_wherever_they_are() -> None:
    v = Validator({})
    for value in (
        {"\ud800": 1},
        {"a": [{"\udc00": 1}]},
        {"": 1, "\ud800": 2},
        {"\ud800": 1, "": 2},
        ["ok", {"k": "\ud800"}],
        ("\udfff",),
    ):
        for check in (v.is_valid, v.errors, v.validate):
            with pytest.raises(ValidationInvalidJsonError, match="unpaired surrogates") as raised:
                check(value)
            assert raised.value.code == "VALIDATION_INVALID_JSON"


def test_every_limit_holds_deep_inside_plain_values() -> None:
    small = Validator({}, max_string_bytes=4, max_array_items=2, max_object_keys=2, max_depth=3)
    cases = [
        ({"a": ["xxxxx"]}, "over max_string_bytes"),
        ({"a": [{"kkkkk": 1}]}, "over max_string_bytes"),
        ({"a": ["é" * 3]}, "over max_string_bytes"),
        ({"a": [[1, 2, 3]]}, "over max_array_items"),
        ([(1, 2, 3)], "over max_array_items"),
        ({"a": [{"x": 1, "y": 2, "z": 3}]}, "over max_object_keys"),
        ({"a": [[[]]]}, "max_depth"),
        ([{"a": ({},)}], "max_depth"),
    ]
    for value, fragment in cases:
        for check in (small.is_valid, small.errors, small.validate):
            with pytest.raises(ValidationLimitExceededError, match=fragment) as raised:
                check(value)
            assert raised.value.code == "VALIDATION_LIMIT_EXCEEDED"
    assert small.is_valid({"a": [[], {"k": "éé"}], "é": "éé"})
    for value in ({"a": [2**64]}, [-(2**63) - 1]):
        with pytest.raises(ValidationLimitExceededError, match="64-bit"):
            small.is_valid(value)
    for value in ({"a": [float("nan")]}, [{"b": float("-inf")}]):
        with pytest.raises(ValidationInvalidJsonError, match="NaN or infinite"):
            small.is_valid(value)
    with pytest.raises(ValidationInvalidJsonError, match="key of type int"):
        small.is_valid({"a": [{1: 2}]})


def test_validate_json_returns_what_json_loads_returns() -> None:
    lenient = Validator({}, allow_duplicate_keys=True)
    texts = [
        ' \r\n\t{"z": 1, "a": [2, 3.5, -0.0, 1e2], "m": {"y": null, "x": true}} \n',
        r'"caf\u00e9 \ud83d\ude00 \\ \"x\" \/"',
        "[18446744073709551615, -9223372036854775808, 0.1, 1E-7]",
        '{"b": 1, "a": 2, "b": 3}',
        "\n\n  42",
        '{"é": "ü", "k": ["\\u0000"]}',
    ]
    for text in texts:
        expected = json.loads(text)
        for body in (text, text.encode(), bytearray(text.encode()), memoryview(text.encode())):
            parsed = lenient.validate_json(body)
            assert parsed == expected
            assert json.dumps(parsed) == json.dumps(expected)  # same order, same types


# --- hostile input ---------------------------------------------------------------------------


def nested(depth: int, make: Any) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = make(value)
    return value


def test_deep_nesting_is_a_clean_limit_error() -> None:
    v = Validator({"type": "object"})
    deep_list = nested(100_000, lambda x: [x])
    deep_dict = nested(100_000, lambda x: {"a": x})
    attempts = [
        lambda: v.is_valid(deep_list),
        lambda: v.errors(deep_dict),
        lambda: v.validate(deep_list),
        lambda: v.validate_json("[" * 100_000),
        lambda: v.validate_json("[" * 100_000 + "]" * 100_000),
        lambda: v.validate_json(('{"a":' * 100_000 + "1" + "}" * 100_000).encode()),
        lambda: v.is_valid(nested(129, lambda x: [x])),
        lambda: v.is_valid(nested(129, lambda x: (x,))),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationLimitExceededError):
            attempt()
        assert v.is_valid({"ok": True})
    assert Validator({}).is_valid(nested(128, lambda x: [x]))
    deep = Validator({}, max_depth=512)
    assert deep.is_valid(nested(512, lambda x: [x]))
    with pytest.raises(ValidationLimitExceededError):
        deep.is_valid(nested(513, lambda x: [x]))


def test_cycles_are_refused_cleanly() -> None:
    v = Validator({})
    a: dict[str, Any] = {"name": "a"}
    a["self"] = a
    items: list[Any] = [1]
    items.append(items)
    for value in (a, items, {"x": {"y": [a]}}):
        with pytest.raises(ValidationLimitExceededError, match="cycle"):
            v.is_valid(value)


def test_limits_on_values_and_text() -> None:
    small = Validator({}, max_string_bytes=16, max_array_items=3, max_object_keys=2, max_bytes=64)
    for value in (
        "x" * 17,
        "é" * 9,
        {"k" * 17: 1},
        [1, 2, 3, 4],
        (1, 2, 3, 4),
        {"a": 1, "b": 2, "c": 3},
    ):
        with pytest.raises(ValidationLimitExceededError):
            small.is_valid(value)
    assert small.is_valid({"a": "x" * 16, "b": [1, 2, 3]}), "max_bytes does not apply to values"
    with pytest.raises(ValidationLimitExceededError):
        small.validate_json('"' + "a" * 70 + '"')
    v = Validator({})
    for text in ("1e400", "-1e400", "9" * 100_000, "[" + "1" * 30 + "]"):
        with pytest.raises(ValidationLimitExceededError):
            v.validate_json(text)
    with pytest.raises(ValidationInvalidJsonError):
        v.validate_json('{"a":1,"a":2}')
    with pytest.raises(ValidationInvalidJsonError):
        v.validate_json(b"\xef\xbb\xbf{}")


def test_catastrophic_patterns_run_in_linear_time() -> None:
    v = Validator({"type": "string", "pattern": "^(a+)+$"})
    evil = "a" * 100_000 + "!"
    start = time.perf_counter()
    assert not v.is_valid(evil)
    assert v.errors(evil)[0].keyword == "pattern"
    with pytest.raises(ValidationFailedError):
        v.validate_json(json.dumps(evil))
    assert time.perf_counter() - start < 5


def test_large_bodies_validate_concurrently() -> None:
    v = Validator({"type": "array", "items": {"type": "object", "required": ["id"]}})
    body = json.dumps([{"id": i, "name": "x" * 20} for i in range(5000)]).encode()
    assert len(body) > 64 * 1024  # parsed with the interpreter released
    results: list[int] = []

    def work() -> None:
        results.append(len(v.validate_json(body)))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [5000] * 4


def test_path_helpers_refuse_what_they_cannot_encode_safely() -> None:
    assert encode_path_segment(42) == "42"
    assert encode_path_segment(2**70) == "1180591620717411303424"
    assert build_path("/r/{id}", {"id": 7}) == "/r/7"
    assert build_path("/static") == "/static"
    for bad in (True, 1.5, None, b"x", ["a"]):
        with pytest.raises(PathInvalidError):
            encode_path_segment(bad)  # type: ignore[arg-type]
        with pytest.raises(PathInvalidError):
            build_path("/r/{id}", {"id": bad})  # type: ignore[dict-item]
    with pytest.raises(PathError):
        build_path(1, {})  # type: ignore[arg-type]
    with pytest.raises(PathError):
        build_path("/r", ["id"])  # type: ignore[arg-type]
    with pytest.raises(PathError):
        build_path("/r/{id}", {1: "x"})  # type: ignore[dict-item]
    with pytest.raises(PathInvalidError, match="`extra`"):
        build_path("/r/{id}", {"id": "x", "extra": "y"})
    with pytest.raises(PathInvalidError) as raised:
        build_path("/r/{id}", {"id": ".."})
    assert "'..'" not in str(raised.value)
