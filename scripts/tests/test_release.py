"""scripts/release.py: the repository agrees on one version, and the check catches each copy
that does not (run on a copy of the release files, with a platform package added)."""

# ruff: noqa: S101 - assert is how pytest tests

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("release", ROOT / "scripts" / "release.py")
assert _spec is not None
assert _spec.loader is not None
release = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(release)

PLATFORM = "edgeward-linux-x64-gnu"


def test_the_repository_agrees_on_one_version() -> None:
    assert release.check(ROOT) == []


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """The files the check reads, copied, plus a platform package the main one depends on."""
    files = ["Cargo.toml", "Cargo.lock", "fuzz/Cargo.lock", *release.LICENSES]
    files += [str(p.relative_to(ROOT)) for p in release.member_manifests(ROOT)]
    files += [f"bindings-python/{name}" for name in (*release.LICENSES, "pyproject.toml")]
    files += ["bindings-node/package.json", "bindings-node/package-lock.json"]
    files += [str(p.relative_to(ROOT)) for p in release.npm_manifests(ROOT)]
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, tmp_path / name)
    version = release.workspace_version(ROOT)
    platform = tmp_path / "bindings-node/npm/linux-x64-gnu/package.json"
    if not platform.exists():
        platform.parent.mkdir(parents=True)
        platform.write_text(json.dumps({"name": PLATFORM, "version": version}))
    main = tmp_path / "bindings-node/package.json"
    manifest = json.loads(main.read_text())
    manifest.setdefault("optionalDependencies", {})[PLATFORM] = version
    main.write_text(json.dumps(manifest))
    assert release.check(tmp_path) == []
    return tmp_path


def edit_json(path: Path, change) -> None:
    value = json.loads(path.read_text())
    change(value)
    path.write_text(json.dumps(value))


@pytest.mark.parametrize(
    ("where", "change"),
    [
        ("bindings-node/package.json", lambda m: m.update(version="9.9.9")),
        (
            "bindings-node/package.json",
            lambda m: m["optionalDependencies"].update({PLATFORM: "9.9.9"}),
        ),
        ("bindings-node/npm/linux-x64-gnu/package.json", lambda m: m.update(version="9.9.9")),
        ("bindings-node/package-lock.json", lambda m: m["packages"][""].update(version="9.9.9")),
        ("bindings-node/package-lock.json", lambda m: m.update(version="9.9.9")),
    ],
)
def test_a_differing_npm_version_is_named(tree: Path, where: str, change) -> None:
    edit_json(tree / where, change)
    problems = release.check(tree)
    assert len(problems) == 1
    assert problems[0].startswith(where)
    assert "9.9.9" in problems[0]


def test_a_crate_with_its_own_version_is_named(tree: Path) -> None:
    path = tree / "core/Cargo.toml"
    path.write_text(path.read_text().replace("version.workspace = true", 'version = "9.9.9"'))
    assert [p.split(":")[0] for p in release.check(tree)] == ["core/Cargo.toml"]


def test_a_static_python_version_is_named(tree: Path) -> None:
    path = tree / "bindings-python/pyproject.toml"
    text = path.read_text().replace('dynamic = ["version"]', 'version = "9.9.9"')
    path.write_text(text)
    assert [p.split(":")[0] for p in release.check(tree)] == ["bindings-python/pyproject.toml"]


def test_a_stale_lock_file_is_named(tree: Path) -> None:
    path = tree / "Cargo.lock"
    version = release.workspace_version(tree)
    path.write_text(
        path.read_text().replace(
            f'name = "edgeward-core"\nversion = "{version}"',
            'name = "edgeward-core"\nversion = "9.9.9"',
        )
    )
    assert release.check(tree) == [f"Cargo.lock: edgeward-core 9.9.9 (want {version})"]


def test_a_licence_copy_that_drifted_is_named(tree: Path) -> None:
    (tree / "bindings-python/LICENSE-MIT").write_text("MIT\n")
    assert [p.split(":")[0] for p in release.check(tree)] == ["bindings-python/LICENSE-MIT"]


def test_set_version_writes_every_copy(tree: Path) -> None:
    release.set_version("1.2.3-beta.1", tree)
    assert release.check(tree) == []
    assert release.workspace_version(tree) == "1.2.3-beta.1"
    main = json.loads((tree / "bindings-node/package.json").read_text())
    assert main["version"] == "1.2.3-beta.1"
    assert main["optionalDependencies"][PLATFORM] == "1.2.3-beta.1"
    names = release.crate_names(tree)
    assert set(release.lock_versions(tree / "Cargo.lock", names).values()) == {"1.2.3-beta.1"}
    assert set(release.lock_versions(tree / "fuzz/Cargo.lock", names).values()) == {"1.2.3-beta.1"}
    # The rest of Cargo.toml is untouched: only [workspace.package]'s version line changed.
    before = (ROOT / "Cargo.toml").read_text().splitlines()
    after = (tree / "Cargo.toml").read_text().splitlines()
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
        (f'version = "{release.workspace_version(ROOT)}"', 'version = "1.2.3-beta.1"')
    ]


def test_set_version_refuses_what_cargo_would_refuse(tree: Path) -> None:
    with pytest.raises(SystemExit):
        release.set_version("1.2", tree)
    assert release.check(tree) == []
