#!/usr/bin/env bash
# Builds all three packages: the npm package (native addon + WASM) and the Python wheel,
# installed into the venv.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV:-.venv}
(cd bindings-node && npm run build)
"$venv/bin/python" -m pip install --quiet --force-reinstall --no-deps ./bindings-python
