#!/usr/bin/env bash
# docs/store.md, "With export and engine build": engine_bench's BuildOverhead (IR, weights and engine
# build against the least the default protocol spends running the network) and a real `hwnas measure`
# of 20 ofa-mbv3 networks at 128 whose JSON summary splits hwnas's own time from the protocols'.
#   taskset -c 1 bench/build_overhead.sh OUT     writes OUT/build_overhead.{json,txt}, OUT/measure.json
set -euo pipefail
out=${1:?usage: build_overhead.sh OUT}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"; rm -f "$out/measure.db"
"$root/build/bench/engine_bench" --benchmark_filter=BuildOverhead --benchmark_out="$out/build_overhead.json" \
  --benchmark_out_format=json | tee "$out/build_overhead.txt"
for timing in wall thread-cpu; do
  "$root/build/hwnas" measure --space ofa-mbv3 -n 20 --seed 5 --resolution 128 --reference-every 0 \
    --timing "$timing" --device-key "overhead-$timing" --db "$out/measure.db" --json 2>/dev/null |
    python3 -c "import json,sys; d=json.load(sys.stdin); d.pop('rows', None); print(json.dumps(d))" |
    tee -a "$out/measure.json"
done
rm -f "$out/measure.db"
