#!/usr/bin/env bash
# Builds and installs the prevsim Python package (C++ extension included) into
# the current Python, after installing any missing dependency.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
python=${PYTHON:-python3}
"$python" -m pip install -q --disable-pip-version-check --root-user-action=ignore --no-build-isolation .
