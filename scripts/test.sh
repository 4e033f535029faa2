#!/usr/bin/env bash
# Every test: the C++ suite (Catch2, through CTest, built with warnings as errors)
# and the Python suite (pytest) against a fresh install of the package.
# Installs whatever is missing first.
#   --sanitize   also build and run the C++ tests under AddressSanitizer and
#                UndefinedBehaviorSanitizer (CI does)
set -euo pipefail
cd "$(dirname "$0")/.."
sanitize=0
for arg in "$@"; do
  case "$arg" in
    --sanitize) sanitize=1 ;;
    *) echo "test.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
./scripts/install.sh
python=${PYTHON:-python3}
jobs=$(nproc)

cpp_suite() {  # $1 = build dir, rest = extra CMake options
  local dir=$1; shift
  cmake -S . -B "$dir" -DPREVSIM_BUILD_TESTS=ON -DPREVSIM_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
  ctest --test-dir "$dir" -j "$jobs" --output-on-failure
}

echo "== C++ tests (Release, -Werror)"
cpp_suite build/tests -DCMAKE_BUILD_TYPE=Release
if [ "$sanitize" = 1 ]; then
  echo "== C++ tests under AddressSanitizer + UndefinedBehaviorSanitizer"
  cpp_suite build/sanitize -DCMAKE_BUILD_TYPE=Debug -DPREVSIM_SANITIZE=ON -DPREVSIM_HEADER_CHECK=OFF
fi
echo "== Python tests"
"$python" -m pytest -q
