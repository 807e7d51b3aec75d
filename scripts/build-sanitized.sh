#!/usr/bin/env bash
# Configures and builds the ASan + UBSan build (gcc) in build-sanitize/: everything the suite needs,
# or only the targets named (bench/fuzz.sh builds the gcc fuzz harnesses this way). The Python module
# is left out: a sanitized shared object cannot load into the uninstrumented interpreter without
# preloading the ASan runtime into python itself. Benchmarks are not tests.
#   scripts/build-sanitized.sh [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros,include_file_mtime,include_file_ctime}"
cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DHWNAS_BUILD_PYTHON=OFF -DHWNAS_BUILD_BENCH=OFF >/dev/null
targets=()
for target in "$@"; do targets+=(--target "$target"); done
cmake --build build-sanitize -j "$(nproc)" "${targets[@]}"
