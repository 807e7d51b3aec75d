#!/usr/bin/env bash
# Compile time of single translation units at each optimisation level: the evidence for compiling
# the programs (CLI, tests, benchmarks) at -O1 (cmake/compile_sources.cmake, docs/benchmarks.md).
# Takes each unit's command from BUILD/compile_commands.json, swaps its -O flags for the level and
# compiles to a scratch object, one at a time. Prints CSV on stdout:
#   unit,level,seconds,max_rss_kb
# Usage: bench/optimisation_levels.sh BUILD UNIT...   UNIT: a substring of the source path, e.g.
#   bench/optimisation_levels.sh build unity/farm_tests/plain_1 unity/hwnas_cli/plain_1
# Only units without LibTorch's precompiled header: GCC takes one built at another level, and then
# may crash (an internal compiler error at -O3 on a header built at -O1), so the build never mixes them.
# Run it on an otherwise idle machine.
set -euo pipefail
build="$1"; shift
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
echo "unit,level,seconds,max_rss_kb"
for unit in "$@"; do
  command="$(/usr/bin/python3 - "$build/compile_commands.json" "$unit" <<'PY'
import json, sys
for entry in json.load(open(sys.argv[1])):
    if sys.argv[2] in entry["file"]:
        print(entry["command"])
        break
else:
    sys.exit(f"no unit matching {sys.argv[2]!r} in {sys.argv[1]}")
PY
)"
  if [[ "$command" == *cmake_pch* ]]; then
    echo "$unit loads LibTorch's precompiled header, built at one level: pick a plain_* unit" >&2
    exit 2
  fi
  for level in -O3 -O2 -O1 -O0; do
    # Every -O flag goes; the level and the scratch output come last, so they win.
    c="$(echo "$command" | sed -E "s/ -O[0-3s]( |$)/ /g; s| -o [^ ]+| -o $scratch/unit.o|") $level"
    (cd "$build" && /usr/bin/time -f "%e %M" -o "$scratch/time" bash -c "$c" >/dev/null 2>&1)
    read -r seconds rss < "$scratch/time"
    echo "$unit,${level#-},$seconds,$rss"
  done
done
