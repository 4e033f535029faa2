#!/usr/bin/env bash
# The main job: install prevsim if needed, then run it. Until the reference
# scenarios exist, the main job samples the demonstration parameter set (inputs
# of a Swedish drug-prevention calculation, with sources) and prints its summary.
# Extra arguments go to `prevsim demo` (e.g. --draws 1000000 --seed 7).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install.sh
python=${PYTHON:-python3}
"$python" -m prevsim demo "$@"
