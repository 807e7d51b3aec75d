#!/usr/bin/env bash
# S3NAS on s3nas-fmnist (docs/s3nas.md): search for each latency target on the simulated MIDAP, then
# train the found network and K random architectures of the same latency (within 5% below the found
# one's, seed 004 Table 6's random baseline) from scratch under one budget, and print a table.
# Usage: bench/s3nas_random_vs_searched.sh BUILD_DIR OUT_DIR [targets...]   (default targets 0.04 0.07)
# Budgets are environment variables: SEARCH_WARMUP, SEARCH_STEPS, TRAIN_STEPS, RANDOM_COUNT.
set -euo pipefail
build=${1:?build dir}; out=${2:?output dir}; shift 2
targets=${*:-0.04 0.07}
hwnas="$build/hwnas"
data=${DATA:-/usr/share/datasets/fashion-mnist}
warmup=${SEARCH_WARMUP:-100}; search=${SEARCH_STEPS:-150}; train=${TRAIN_STEPS:-300}; count=${RANDOM_COUNT:-2}
mkdir -p "$out"
echo "| target (ms) | network | latency sim:midap (ms) | test accuracy (%) |"
echo "| --- | --- | --- | --- |"
for t in $targets; do
  run="$out/search-$t"
  nice -n 10 "$hwnas" s3nas search --target-ms "$t" --latency sim:midap --data "$data" --out "$run" \
    --warmup-steps "$warmup" --search-steps "$search" --batch 32 --train-images 4096 --threshold-lr 0.1 \
    >"$run.log" 2>&1
  arch=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['architecture'])" "$run/result.json")
  ms=$(python3 -c "import json,sys; print('%.4f' % json.load(open(sys.argv[1]))['source_ms'])" "$run/result.json")
  acc=$(nice -n 10 "$hwnas" s3nas train --arch "$arch" --data "$data" --steps "$train" --json |
        python3 -c "import json,sys; print('%.2f' % (100 * json.load(sys.stdin)['test_accuracy']))")
  echo "| $t | searched \`$arch\` | $ms | $acc |"
  "$hwnas" s3nas random --target-ms "$ms" --tolerance 0.05 --count "$count" --seed 1 |
  while read -r random_arch random_ms; do
    acc=$(nice -n 10 "$hwnas" s3nas train --arch "$random_arch" --data "$data" --steps "$train" --json |
          python3 -c "import json,sys; print('%.2f' % (100 * json.load(sys.stdin)['test_accuracy']))")
    printf '| %s | random `%s` | %.4f | %s |\n' "$t" "$random_arch" "$random_ms" "$acc"
  done
done
