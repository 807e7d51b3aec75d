#!/usr/bin/env bash
# Fresh-build time: clones this checkout at REV into a temporary folder and runs scripts/build.sh
# there with ccache off, so every translation unit compiles as on a new machine. Appends one CSV
# line to bench/fresh_build.csv (docs/benchmarks.md quotes it):
#   date,revision,precompiled_torch,cpu,cores,wall_s,user_s,sys_s
# and keeps the build's step log as docs/benchmarks/fresh-build/REV.ninja_log (bench/build_steps.py
# sums it by kind of step).
# Usage: bench/fresh_build.sh [REV] [ON|OFF]    REV defaults to HEAD; ON|OFF sets
# HWNAS_PRECOMPILE_TORCH (cmake/torch_pch.cmake; revisions before it ignore it). Run it on an
# otherwise idle machine: the wall time is the figure, and other work inflates it.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
rev="$(git -C "$here" rev-parse --short "${1:-HEAD}")"
pch="${2:-ON}"
work="$(mktemp -d /tmp/hwnas-fresh-build.XXXXXX)"
trap 'rm -rf "$work"' EXIT
git clone -q "$here" "$work/src"
git -C "$work/src" checkout -q "$rev"
cd "$work/src"
export CCACHE_DISABLE=1
# The option goes in as the build folder's initial cache; scripts/build.sh then configures and builds.
/usr/bin/time -f '%e %U %S' -o "$work/time" bash -c \
  "cmake -DHWNAS_PRECOMPILE_TORCH=$pch -S . -B build -G Ninja >/dev/null && scripts/build.sh" \
  > "$work/log" 2>&1 || { tail -n 30 "$work/log"; exit 1; }
read -r wall user sys < "$work/time"
cp "$work/src/build/.ninja_log" "$here/docs/benchmarks/fresh-build/$rev.ninja_log"
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//; s/,/ /g')"
out="$here/bench/fresh_build.csv"
[ -f "$out" ] || echo "date,revision,precompiled_torch,cpu,cores,wall_s,user_s,sys_s" > "$out"
echo "$(date -u +%Y-%m-%dT%H:%MZ),$rev,$pch,$cpu,$(nproc),$wall,$user,$sys" | tee -a "$out"
