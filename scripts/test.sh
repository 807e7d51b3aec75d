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

launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
# The Python module is left out: a sanitized shared object cannot load into the uninstrumented
# interpreter without preloading the ASan runtime into python itself. Benchmarks are not tests.
export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros,include_file_mtime,include_file_ctime}"
cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DHWNAS_BUILD_PYTHON=OFF -DHWNAS_BUILD_BENCH=OFF >/dev/null
cmake --build build-sanitize -j "$(nproc)"

supp="$PWD/scripts/sanitize"
# Every process the tests start (the hwnas CLI included) inherits these.
export ASAN_OPTIONS="suppressions=$supp/asan.supp:detect_leaks=1"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="suppressions=$supp/ubsan.supp:print_stacktrace=1:halt_on_error=1"
ctest --test-dir build-sanitize --output-on-failure -j "$(nproc)" "$@"
