#!/usr/bin/env bash
# Installs what a fresh machine lacks to build and test prevsim: Debian packages
# with apt-get, Python packages with pip. Idempotent and without prompts; safe to
# run again (it installs only what is missing).
set -euo pipefail

debian_packages=(
  cmake g++ make
  libeigen3-dev libboost-dev libtbb-dev librandom123-dev libpcg-cpp-dev catch2
  chromium  # headless, for the test that renders the HTML report
)
python_packages=(numpy pandas scipy pytest scikit-build-core pybind11 matplotlib openpyxl jsonschema)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for p in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
missing_py=()
for p in "${python_packages[@]}"; do
  module=${p//-/_}
  "$python" -c "import $module" 2>/dev/null || missing_py+=("$p")
done
if [ ${#missing_py[@]} -gt 0 ]; then
  echo "bootstrap: installing Python packages: ${missing_py[*]}"
  "$python" -m pip install -q --disable-pip-version-check --root-user-action=ignore "${missing_py[@]}"
fi
