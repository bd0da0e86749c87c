#!/usr/bin/env bash
# Quick start, step 1: install the toolchain pieces, build everything, run the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
PYTHON="${VENV:-.venv}/bin/python" node demo/run.mjs
