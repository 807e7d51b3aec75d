#!/usr/bin/env bash
# docs/engines.md, "Measured latency": the default engine vs ONNX Runtime on 20 random ofa-mbv3
# networks (CPU time, then wall clock), every engine on the three hand-picked networks, and ONNX
# Runtime on the same three (exported by hwnas, seed 0 weights). Needs scripts/install-deps.sh.
#   taskset -c 1 bench/engine_measured.sh OUT      writes OUT/*.json and OUT/*.txt
set -euo pipefail
out=${1:?usage: engine_measured.sh OUT}
root=$(cd "$(dirname "$0")/.." && pwd)
bench=$root/build/bench/engine_bench; hwnas=$root/build/hwnas
mkdir -p "$out"
for t in 1 0; do  # 1: CPU time, 0: wall clock
  "$bench" --benchmark_filter="VersusOrt/20/1/$t" --benchmark_out="$out/versus_ort_$t.json" \
    --benchmark_out_format=json | tee "$out/versus_ort_$t.txt"
done
"$bench" --benchmark_filter='Engine/' --benchmark_out="$out/engines.json" --benchmark_out_format=json |
  tee "$out/engines.txt"
e6='e6k3,e6k3,e6k3,e6k3'; e7='e6k7,e6k7,e6k7,e6k7'; e4='e4k5,e4k5,e4k5,e4k5'
for net in "mbv3_e6k3 ofa-mbv3 r224|$e6|$e6|$e6|$e6|$e6" "mbv3_e6k7 ofa-mbv3 r224|$e7|$e7|$e7|$e7|$e7" \
           "proxyless_e4k5 proxyless r224|$e4|$e4|$e4|$e4|$e4|e4k5"; do
  read -r name space arch <<<"$net"
  "$hwnas" export --space "$space" --arch "$arch" --seed 0 --onnx "$out/$name.onnx" >/dev/null
  for timing in cpu wall; do
    echo "$name $timing $(node "$root/scripts/ort_bench.mjs" "$out/$name.onnx" 1x3x224x224 1 50 10 "$timing")"
  done
  rm -f "$out/$name.onnx"
done | tee "$out/ort.txt"
