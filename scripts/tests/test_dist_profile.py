"""Cargo.toml [profile.dist]: the profile every release artefact is built with (npm platform
packages, wheels), size-optimised only where no request or document runs, and still unwinding."""

# ruff: noqa: S101 - assert is how pytest tests

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROFILES = tomllib.loads((ROOT / "Cargo.toml").read_text())["profile"]

# Crates whose code runs per webhook, per redacted value or per validated document: they must
# keep the release profile's speed (a size-optimised hash or keyword loop is a slower request).
HOT = {
    "edgeward-core", "edgeward-js", "edgeward-node", "edgeward-python",
    "jsonschema", "jsonschema-value", "jsonschema-regex", "serde_json", "sha2", "hmac",
    "subtle", "ed25519-dalek", "curve25519-dalek", "regex", "regex-automata", "aho-corasick",
    "memchr", "mimalloc", "libmimalloc-sys", "napi", "pyo3", "hashbrown", "email_address",
    "fluent-uri", "uuid-simd", "aes", "aes-gcm", "base64ct",
}


def test_dist_is_release_without_symbols_and_still_unwinds() -> None:
    dist = PROFILES["dist"]
    assert dist["inherits"] == "release"
    assert dist["strip"] == "symbols"
    # napi-rs and PyO3 turn a Rust panic into a JS/Python exception only while it unwinds.
    assert "panic" not in dist
    assert "panic" not in PROFILES["release"]


def test_dist_size_optimises_no_crate_of_a_hot_path() -> None:
    overrides = PROFILES["dist"]["package"]
    assert overrides, "the cold crates are size-optimised"
    assert HOT.isdisjoint(overrides), HOT & set(overrides)
    assert {o["opt-level"] for o in overrides.values()} <= {"s", "z"}


def test_every_release_build_uses_the_dist_profile() -> None:
    platform = (ROOT / "bindings-node/scripts/build-platform.mjs").read_text()
    assert "export const PROFILE = 'dist';" in platform
    assert "'--profile', PROFILE" in platform
    for path in ("scripts/build-wheels.sh", ".github/workflows/release.yml"):
        builds = re.findall(r"maturin build [^\n]*", (ROOT / path).read_text())
        assert builds, path
        for build in builds:
            assert "--profile dist" in build, (path, build)
            assert "--release" not in build, (path, build)
