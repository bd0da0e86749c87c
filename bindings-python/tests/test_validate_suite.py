"""The official JSON-Schema-Test-Suite (draft 2020-12 and draft 7: the required tests and
``optional/format``) through ``Validator`` with its default options, as in the Rust runner
(core/tests/validate_suite.rs).

Every failure must be listed, with a reason, in tests/validate/known-failures-<draft>.txt; a
failure not listed fails this test. The suite's ``remotes/`` are registered as resources under
``http://localhost:1234/``: nothing is fetched. Each test runs on the Python value
(``is_valid``, ``errors``; read in place, and converted) and on its JSON text
(``validate_json``).

The suite's files are read as the Rust runner reads them (serde_json): integers beyond 64
bits become floats, so the data is the same in every runtime.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _converted import converted

from edgeward import EdgewardError, ValidationFailedError, Validator

REPO = Path(__file__).resolve().parents[2]
SUITE = REPO / ".." / "shared" / "conformance" / "json-schema-test-suite"
REMOTES_BASE = "http://localhost:1234/"
PRESENT = (SUITE / "tests").is_dir()


def parse_int(text: str) -> int | float:
    value = int(text)
    return value if -(2**63) <= value < 2**64 else float(text)


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"), parse_int=parse_int)


def json_files(directory: Path, recursive: bool) -> list[Path]:
    if not directory.is_dir():
        return []
    found: list[Path] = []
    for path in sorted(directory.iterdir()):
        if path.is_dir():
            if recursive:
                found.extend(json_files(path, True))
        elif path.suffix == ".json":
            found.append(path)
    return found


def remotes(folder: str) -> dict[str, Any]:
    """The suite's remotes, less the other drafts' folders."""
    directory = SUITE / "remotes"
    resources: dict[str, Any] = {}
    for path in json_files(directory, True):
        rel = path.relative_to(directory).as_posix()
        top = rel.split("/")[0]
        other_draft = "/" in rel and (top.startswith("draft") or top == "v1") and top != folder
        if not other_draft:
            resources[REMOTES_BASE + rel] = read_json(path)
    return resources


def read_known(folder: str) -> dict[str, str]:
    path = REPO / "tests" / "validate" / f"known-failures-{folder}.txt"
    known: dict[str, str] = {}
    if not path.is_file():
        return known
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, sep, reason = line.rpartition(" || ")
        assert sep, f"no ` || reason` in: {line}"
        assert reason.strip(), f"empty reason: {line}"
        known[key] = reason
    return known


def verdict(validator: Validator | EdgewardError, data: Any, expected: bool) -> str | None:
    """``None`` when every path gives the expected verdict, else a reason."""
    if isinstance(validator, EdgewardError):
        return f"schema refused: {validator}"
    valid = validator.is_valid(data)
    if valid != (not validator.errors(data)):
        return "is_valid and errors disagree"
    if validator.is_valid(converted(data)) != valid:
        return "the value read in place and the converted value disagree"
    if validator.errors(converted(data)) != validator.errors(data):
        return "the value read in place and the converted value have other issues"
    try:
        validator.validate_json(json.dumps(data))
        text_valid = True
    except ValidationFailedError:
        text_valid = False
    except EdgewardError as error:
        return f"validate_json: {error}"
    if text_valid != valid:
        return f"validate_json disagrees with is_valid ({text_valid} vs {valid})"
    if valid != expected:
        return "wrongly rejected" if expected else "wrongly accepted"
    return None


def build(schema: Any, **options: Any) -> Validator | EdgewardError:
    try:
        return Validator(schema, **options)
    except EdgewardError as error:
        return error


def run_draft(folder: str) -> tuple[int, dict[str, str]]:
    resources = remotes(folder)
    directory = SUITE / "tests" / folder
    files = json_files(directory, False) + json_files(directory / "optional" / "format", False)
    passed = 0
    failures: dict[str, str] = {}
    for path in files:
        file = path.relative_to(directory).as_posix()
        for group in read_json(path):
            schema = group["schema"]
            has_schema_keyword = isinstance(schema, dict) and "$schema" in schema
            validator = build(
                schema, draft=None if has_schema_keyword else folder, resources=resources
            )
            for test in group["tests"]:
                reason = verdict(validator, test["data"], test["valid"])
                if reason is None:
                    passed += 1
                else:
                    key = f"{file} :: {group['description']} :: {test['description']}"
                    failures[key] = reason
    return passed, failures


@pytest.mark.parametrize("folder", ["draft2020-12", "draft7"])
def test_json_schema_test_suite(folder: str) -> None:
    if not PRESENT:
        print(
            f"SKIPPED: JSON-Schema-Test-Suite not found at {SUITE} (the conformance data lives "
            "in ../shared/conformance relative to the repository root)"
        )
        return
    passed, failures = run_draft(folder)
    known = read_known(folder)
    total = passed + len(failures)
    print(f"{folder} (python): {passed} of {total} passed, {len(failures)} known failures")
    for key in known:
        if key not in failures:
            print(f"{folder} (python): NOW PASSING, remove from the known-failures list: {key}")
    unexpected = [f"{key} ({reason})" for key, reason in failures.items() if key not in known]
    assert unexpected == [], f"{len(unexpected)} unexpected failure(s), not in the list"
    assert passed > 1000


def test_format_annotation_only_when_formats_are_off() -> None:
    if not PRESENT:
        print("SKIPPED: JSON-Schema-Test-Suite not found (../shared/conformance)")
        return
    passed = 0
    problems: list[str] = []
    for group in read_json(SUITE / "tests" / "draft2020-12" / "format.json"):
        validator = build(group["schema"], assert_formats=False)
        for test in group["tests"]:
            reason = verdict(validator, test["data"], test["valid"])
            if reason is None:
                passed += 1
            else:
                problems.append(f"{group['description']} :: {test['description']} ({reason})")
    print(f"draft2020-12 format.json with assert_formats off (python): {passed} passed")
    assert problems == []
    assert passed > 100


def test_unknown_formats_refused_by_default_and_ignored_on_request() -> None:
    """Refused by design with the default options (listed as known failures): an unknown
    format name is a schema error. With ``unknown_formats="ignore"`` the suite's verdicts hold."""
    if not PRESENT:
        print("SKIPPED: JSON-Schema-Test-Suite not found (../shared/conformance)")
        return
    passed = 0
    problems: list[str] = []
    for folder in ("draft2020-12", "draft7"):
        for group in read_json(SUITE / "tests" / folder / "optional" / "format" / "unknown.json"):
            refused = build(group["schema"], draft=folder)
            if not (isinstance(refused, EdgewardError) and refused.code == "SCHEMA_INVALID"):
                problems.append(f"{folder} {group['description']}: not refused by default")
            validator = build(group["schema"], draft=folder, unknown_formats="ignore")
            for test in group["tests"]:
                reason = verdict(validator, test["data"], test["valid"])
                if reason is None:
                    passed += 1
                else:
                    where = f"{folder} {group['description']} :: {test['description']}"
                    problems.append(f"{where} ({reason})")
    print(f"optional/format/unknown.json with unknown_formats ignore (python): {passed} passed")
    assert problems == []
    assert passed >= 14
