#!/usr/bin/env bash
# S3NAS target steering on the simulated MIDAP (docs/s3nas.md): one search per latency target with
# the documented budget; writes OUT/t<target>/ (result.json, architecture.txt, latency_table.json)
# and OUT/summary.csv (target, found architecture, latency, vs target).
#   bench/s3nas_target_steering.sh OUT [TARGETS]     TARGETS default "0.04 0.07"
#   THRESHOLD_LR (default 0.1) sets --threshold-lr.
set -euo pipefail
out=${1:?usage: s3nas_target_steering.sh OUT [TARGETS]}
targets=${2:-0.04 0.07}
hwnas=${HWNAS:-$(dirname "$0")/../build/hwnas}
data=${DATA:-/usr/share/datasets/fashion-mnist}
threshold_lr=${THRESHOLD_LR:-0.1}
mkdir -p "$out"
echo "target_ms,architecture,latency_ms,vs_target_percent" > "$out/summary.csv"
for t in $targets; do
  run="$out/t$t"
  "$hwnas" s3nas search --target-ms "$t" --metric latency:sim:midap --data "$data" --out "$run" \
    --warmup-steps 50 --search-steps 150 --batch 32 --train-images 4096 --threshold-lr "$threshold_lr" --seed 1 >/dev/null
  rm -f "$run/checkpoint.pt"  # the resumable state, not a result
  python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print('{},{},{:.4f},{:+.1f}'.format(r['target_ms'], r['architecture'], r['source_ms'], (r['source_ms']/r['target_ms']-1)*100))" \
    "$run/result.json" >> "$out/summary.csv"
done
cat "$out/summary.csv"
