#!/usr/bin/env python3
"""One version for every package, and the release files that must agree.

The version is set in ONE place, ``[workspace.package] version`` in the root ``Cargo.toml``:
every crate inherits it (``version.workspace = true``), the Python package reads it through
maturin (``dynamic = ["version"]`` in ``bindings-python/pyproject.toml``), and the npm
packages copy it (``bindings-node/package.json``, its ``package-lock.json``, the per-platform
packages ``bindings-node/npm/*/package.json`` and the main package's ``optionalDependencies``
on them). The lock files record the workspace crates' versions too.

    python3 scripts/release.py check              # exit 1, naming each file that differs
    python3 scripts/release.py set-version 0.2.0  # writes every copy, then checks

``check`` also verifies what a release needs besides the version: the Python package's licence
files are byte-identical copies of the repository's (PEP 639 paths cannot leave the package
directory), and the repository URL in the npm and Python metadata is the workspace's.

Standard library only (``tomllib``: Python 3.11+), so CI runs it before any install.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent

# A version as Cargo accepts it (SemVer 2.0). npm uses the same string; maturin turns a
# pre-release into its PEP 440 spelling (1.0.0-beta.1 -> 1.0.0b1) in the wheel by itself.
SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?"
    r"(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$"
)
LICENSES = ("LICENSE-MIT", "LICENSE-APACHE")


def workspace(root: Path) -> dict:
    return tomllib.loads((root / "Cargo.toml").read_text(encoding="utf-8"))["workspace"]


def workspace_version(root: Path) -> str:
    return workspace(root)["package"]["version"]


def member_manifests(root: Path) -> list[Path]:
    return [root / member / "Cargo.toml" for member in workspace(root)["members"]]


def crate_names(root: Path) -> list[str]:
    return [
        tomllib.loads(path.read_text(encoding="utf-8"))["package"]["name"]
        for path in member_manifests(root)
    ]


def lock_files(root: Path) -> list[Path]:
    # The fuzz workspace locks edgeward-core by path as well.
    return [path for path in (root / "Cargo.lock", root / "fuzz" / "Cargo.lock") if path.exists()]


def lock_versions(path: Path, names: list[str]) -> dict[str, str]:
    packages = tomllib.loads(path.read_text(encoding="utf-8")).get("package", [])
    return {p["name"]: p["version"] for p in packages if p["name"] in names}


def npm_manifests(root: Path) -> list[Path]:
    node = root / "bindings-node"
    return [node / "package.json", *sorted((node / "npm").glob("*/package.json"))]


def npm_lock(root: Path) -> Path:
    return root / "bindings-node" / "package-lock.json"


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def write_json(path: Path, value: dict) -> None:
    # npm's own formatting (JSON.stringify(value, null, 2) plus a newline).
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def platform_names(root: Path) -> set[str]:
    return {read_json(path)["name"] for path in npm_manifests(root)[1:]}


def repository_url(value: object) -> str | None:
    """The URL of a package.json ``repository`` (a string or ``{type, url}``), normalised."""
    url = value.get("url") if isinstance(value, dict) else value
    if not isinstance(url, str):
        return None
    return re.sub(r"^git\+|\.git$", "", url).rstrip("/")


def check(root: Path = ROOT) -> list[str]:
    """Every disagreement, as one line each naming the file; empty when all agree."""
    problems: list[str] = []
    version = workspace_version(root)
    if not SEMVER.match(version):
        problems.append(f"Cargo.toml: [workspace.package] version {version!r} is not SemVer")

    for path in member_manifests(root):
        package = tomllib.loads(path.read_text(encoding="utf-8"))["package"]
        if package.get("version") != {"workspace": True}:
            problems.append(
                f"{path.relative_to(root)}: version must be `version.workspace = true`, "
                f"found {package.get('version')!r}"
            )

    names = crate_names(root)
    for path in lock_files(root):
        for name, locked in lock_versions(path, names).items():
            if locked != version:
                problems.append(f"{path.relative_to(root)}: {name} {locked} (want {version})")

    pyproject = tomllib.loads(
        (root / "bindings-python" / "pyproject.toml").read_text(encoding="utf-8")
    )["project"]
    if "version" in pyproject or "version" not in pyproject.get("dynamic", []):
        problems.append(
            "bindings-python/pyproject.toml: the version must be dynamic (read from Cargo.toml), "
            "not written in [project]"
        )

    platforms = platform_names(root)
    for path in npm_manifests(root):
        manifest = read_json(path)
        rel = path.relative_to(root)
        if manifest.get("version") != version:
            problems.append(f"{rel}: version {manifest.get('version')} (want {version})")
        for name, wanted in manifest.get("optionalDependencies", {}).items():
            if name in platforms and wanted != version:
                problems.append(f"{rel}: optionalDependencies {name} {wanted} (want {version})")

    lock_path = npm_lock(root)
    if lock_path.exists():
        lock = read_json(lock_path)
        root_entry = lock.get("packages", {}).get("", {})
        found_versions = {
            "version": lock.get("version"),
            'packages[""].version': root_entry.get("version"),
        }
        for where, found in found_versions.items():
            if found != version:
                problems.append(
                    f"bindings-node/package-lock.json: {where} {found} (want {version})"
                )
        for name, wanted in root_entry.get("optionalDependencies", {}).items():
            if name in platforms and wanted != version:
                problems.append(
                    f"bindings-node/package-lock.json: optionalDependencies {name} {wanted} "
                    f"(want {version})"
                )

    for name in LICENSES:
        original, copy = root / name, root / "bindings-python" / name
        if not copy.exists() or copy.read_bytes() != original.read_bytes():
            problems.append(f"bindings-python/{name}: must be an identical copy of {name}")

    repository = workspace(root)["package"].get("repository", "").rstrip("/")
    urls = pyproject.get("urls", {})
    if urls.get("Repository", "").rstrip("/") != repository:
        problems.append(
            f"bindings-python/pyproject.toml: [project.urls] Repository "
            f"{urls.get('Repository')!r} (want {repository!r})"
        )
    for path in npm_manifests(root):
        found = repository_url(read_json(path).get("repository"))
        if found is not None and found != repository:
            problems.append(f"{path.relative_to(root)}: repository {found!r} (want {repository!r})")
    return problems


def set_version(version: str, root: Path = ROOT) -> None:
    if not SEMVER.match(version):
        raise SystemExit(f"{version!r} is not a SemVer version (Cargo and npm need one)")
    cargo = root / "Cargo.toml"
    text = cargo.read_text(encoding="utf-8")
    # Only the [workspace.package] table's version line.
    table = re.search(r"(?ms)^\[workspace\.package\]\n.*?(?=^\[|\Z)", text)
    if table is None:
        raise SystemExit("Cargo.toml has no [workspace.package] table")
    body = re.sub(r'(?m)^version = ".*"$', f'version = "{version}"', table.group(0), count=1)
    cargo.write_text(text[: table.start()] + body + text[table.end() :], encoding="utf-8")

    names = crate_names(root)
    for path in lock_files(root):
        lock = path.read_text(encoding="utf-8")
        for name in names:
            lock = re.sub(
                rf'(?m)^(name = "{re.escape(name)}"\nversion = )".*"$', rf'\g<1>"{version}"', lock
            )
        path.write_text(lock, encoding="utf-8")

    platforms = platform_names(root)
    for path in npm_manifests(root):
        manifest = read_json(path)
        manifest["version"] = version
        for name in manifest.get("optionalDependencies", {}):
            if name in platforms:
                manifest["optionalDependencies"][name] = version
        write_json(path, manifest)

    lock_path = npm_lock(root)
    if lock_path.exists():
        lock = read_json(lock_path)
        lock["version"] = version
        root_entry = lock.get("packages", {}).get("")
        if root_entry is not None:
            root_entry["version"] = version
            for name in root_entry.get("optionalDependencies", {}):
                if name in platforms:
                    root_entry["optionalDependencies"][name] = version
        write_json(lock_path, lock)


def main(argv: list[str]) -> int:
    if argv[:1] == ["set-version"] and len(argv) == 2:
        set_version(argv[1])
    elif argv != ["check"]:
        print(__doc__, file=sys.stderr)
        return 2
    problems = check()
    for problem in problems:
        print(f"release check: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"release check: every package is at version {workspace_version(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
