#!/usr/bin/env bash
# Configures and builds hwnas into build/ (Release, Ninja). Uses ccache where it is installed, so
# a rebuild (or another checkout of the same sources) recompiles only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
  # What ccache needs to cache translation units that use LibTorch's precompiled header
  # (cmake/torch_pch.cmake): the header's own macros and timestamps are not part of the hash.
  export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros,include_file_mtime,include_file_ctime}"
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
cmake --build build -j "$(nproc)"
