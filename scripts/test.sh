#!/usr/bin/env bash
# Installs dependencies, builds, and runs the whole test suite (what CI runs).
#   scripts/test.sh                      the normal build in build/
#   scripts/test.sh --sanitize [ARGS]    an ASan + UBSan build (gcc) in build-sanitize/, the suite run
#                                        under it; ARGS go to ctest (e.g. -R '^Space'). Reports from
#                                        LibTorch and OpenCV themselves are suppressed by the files of
#                                        scripts/sanitize/, each entry with its reason (docs/hardening.md).
#   scripts/test.sh --baseline-isa [ARGS] the normal build, the suite run with every vector kernel held
#                                        to SSE4.1 (oneDNN, ATen, OpenBLAS), so a threshold that holds
#                                        only with one CPU's AVX2 or AVX-512 rounding shows (docs/testing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
if [ "${1:-}" = "--baseline-isa" ]; then
  shift
  ./scripts/build.sh
  DNNL_MAX_CPU_ISA=SSE41 ONEDNN_MAX_CPU_ISA=SSE41 ATEN_CPU_CAPABILITY=default OPENBLAS_CORETYPE=Nehalem \
    ctest --test-dir build --output-on-failure -j "$(nproc)" "$@"
  exit 0
fi
if [ "${1:-}" != "--sanitize" ]; then
  ./scripts/build.sh
  ctest --test-dir build --output-on-failure -j "$(nproc)"
  exit 0
fi
shift

./scripts/build-sanitized.sh

supp="$PWD/scripts/sanitize"
# Every process the tests start (the hwnas CLI included) inherits these.
export ASAN_OPTIONS="suppressions=$supp/asan.supp:detect_leaks=1"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="suppressions=$supp/ubsan.supp:print_stacktrace=1:halt_on_error=1"
ctest --test-dir build-sanitize --output-on-failure -j "$(nproc)" "$@"
