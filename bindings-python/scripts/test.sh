#!/usr/bin/env bash
# Builds and tests the edgeward Python package for real: a venv, the pinned dev tools, a
# non-editable `pip install ./bindings-python` (maturin builds the abi3 wheel from source),
# then ruff, stubtest (via pytest) and pytest against the installed package.
#
# Usage, from anywhere (a clean clone works):  bash bindings-python/scripts/test.sh [pytest args]
# Environment: VENV (default <repo>/.venv), PYTHON (interpreter for a new venv, default python3),
#              CARGO_TARGET_DIR (default <repo>/target-py, kept apart from other builds).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target-py}"
export PIP_DISABLE_PIP_VERSION_CHECK=1

step() { printf '\n==> %s\n' "$*"; }

if [[ ! -x "$VENV/bin/python" ]]; then
    step "creating venv $VENV"
    "$PYTHON" -m venv "$VENV"
fi
PY="$VENV/bin/python"
"$PY" -c 'import sys; assert sys.version_info >= (3, 9), sys.version'

step "installing dev requirements"
"$PY" -m pip install --quiet -r "$ROOT/bindings-python/requirements-dev.txt"

step "building and installing ./bindings-python (non-editable)"
# --force-reinstall: the version does not change between builds, the code does.
(cd "$ROOT" && "$PY" -m pip install --quiet --force-reinstall --no-deps ./bindings-python)
"$PY" -c 'import edgeward, edgeward._native as n; print("installed", edgeward.__version__, "from", n.__file__)'

step "ruff"
(cd "$ROOT" && "$VENV/bin/ruff" check bindings-python bench/python demo)
(cd "$ROOT" && "$VENV/bin/ruff" format --check bindings-python bench/python demo)

step "pytest"
# Run from the tests' parent so the source tree's python/ is never on sys.path: the tests
# import the installed package.
set +e
(cd "$ROOT/bindings-python" && "$PY" -m pytest -p no:cacheprovider "$@")
status=$?
set -e
if [[ $status -eq 5 ]]; then
    echo "ERROR: pytest collected no tests" >&2
    exit 1
fi
exit "$status"
