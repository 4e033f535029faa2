#!/usr/bin/env bash
# Regenerates python/prevsim/_core.pyi from the installed extension. Run after
# changing src/bindings/ (and commit the stub with the bindings).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
"$python" -m pip install -q --disable-pip-version-check --root-user-action=ignore pybind11-stubgen
out=$(mktemp -d)
PREVSIM_STUBGEN=1 "$python" -m pybind11_stubgen prevsim._core -o "$out"
cp "$out/prevsim/_core.pyi" python/prevsim/_core.pyi
rm -rf "$out"
echo "wrote python/prevsim/_core.pyi"
