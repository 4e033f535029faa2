#!/usr/bin/env bash
# The main job: install prevsim if needed, then run every bundled reference
# scenario (Botkyrka, Norrtälje, PAX/GBG, Comet parenting, KiVa) with 100 000
# Monte Carlo draws and write the report, in Swedish (out/report/sv/) and English
# (out/report/en/): report.md, report.html (standalone), report.json, one Excel
# workbook per scenario, CSV tables and plots (docs/reports.md).
# Extra arguments go to `prevsim run` (e.g. --draws 20000 --seed 7 --out out/x --lang sv).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install.sh
python=${PYTHON:-python3}
"$python" -m prevsim run --lang both "$@"
