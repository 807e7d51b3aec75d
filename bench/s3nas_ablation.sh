#!/usr/bin/env bash
# S3NAS ablations on Fashion-MNIST (docs/s3nas.md), S3NAS Tables 4-6 in small, for two latency
# sources: the simulated MIDAP (latency:sim:midap) and this machine's CPU (TorchScript on 1 thread,
# measured with thread-CPU timing into OUT/cpu.db as the search needs it).
# For each source, one latency target, three supernets searched with the same budget:
#   s3nas-fmnist           MixConv blocks, linear stage depth (S3NAS)
#   s3nas-fmnist-constant  MixConv blocks, constant stage depth     (Table 4: depth assignment)
#   s3nas-fmnist-mbconv    MBConv blocks, linear stage depth        (Table 5: building block)
# then every found network and RANDOM_COUNT random s3nas-fmnist architectures within 5% below the
# S3NAS network's latency (Table 6: searched vs random) are trained from scratch under one budget.
# Usage: nice -n 10 bench/s3nas_ablation.sh BUILD_DIR OUT_DIR     (tables on stdout and OUT/results.md)
# Budgets are environment variables: SIM_TARGET (ms), CPU_TARGET (ms), SEARCH_WARMUP, SEARCH_STEPS,
# TRAIN_STEPS, TEST_IMAGES, RANDOM_COUNT; SOURCES="sim cpu" picks the sources.
set -euo pipefail
build=${1:?build dir}; out=${2:?output dir}
hwnas="$build/hwnas"
data=${DATA:-/usr/share/datasets/fashion-mnist}
sim_target=${SIM_TARGET:-0.04}; cpu_target=${CPU_TARGET:-1.0}
warmup=${SEARCH_WARMUP:-50}; search=${SEARCH_STEPS:-150}
train=${TRAIN_STEPS:-150}; test_images=${TEST_IMAGES:-5000}; count=${RANDOM_COUNT:-2}
sources=${SOURCES:-sim cpu}
mkdir -p "$out"
start=$(date +%s)
log() { echo "[$(( $(date +%s) - start )) s] $*" >&2; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }  # file expression

train_accuracy() {  # space arch -> test accuracy (%)
  "$hwnas" s3nas train --space "$1" --arch "$2" --data "$data" --steps "$train" --test-images "$test_images" \
    --threads 1 --json </dev/null | python3 -c "import json,sys; print('%.2f' % (100 * json.load(sys.stdin)['test_accuracy']))"
}

row() {  # table supernet network ms target accuracy
  python3 -c "import sys; t, s, n, ms, target, acc = sys.argv[1:]; ms = float(ms); target = float(target)
print('| %s | %s | \`%s\` | %.4f | %+.1f %% | %s |' % (t, s, n.replace('|', '\\|'), ms, (ms / target - 1) * 100, acc))" "$@" |
    tee -a "$out/results.md"
}

for source in $sources; do
  latency=(--metric latency:sim:midap); target=$sim_target
  if [ "$source" = cpu ]; then
    key="cpu-torchscript-t1-thread-cpu@$(hostname)"
    # One measurement fixes the device key's engine and a quick protocol, which --measure-missing reuses.
    "$hwnas" measure --space s3nas-fmnist --engine torchscript --threads 1 -n 1 --seed 1 --db "$out/cpu.db" \
      --device-key "$key" --timing thread-cpu --min-runs 10 --max-runs 200 --max-seconds 0.5 --warmup 5 \
      --target 0.02 --reference-every 0 >"$out/cpu-measure.log" 2>&1
    latency=(--metric "latency:$key" --db "$out/cpu.db" --measure-missing); target=$cpu_target
  fi
  {
    echo
    echo "### ${latency[1]}, target $target ms ($warmup warm-up + $search search steps; training $train steps of 64, $test_images test images)"
    echo
    echo "| table | supernet | network | latency (ms) | vs target | test accuracy (%) |"
    echo "| --- | --- | --- | --- | --- | --- |"
  } | tee -a "$out/results.md"
  for space in s3nas-fmnist s3nas-fmnist-constant s3nas-fmnist-mbconv; do
    run="$out/$source-$space"
    log "$source: search $space"
    "$hwnas" s3nas search --space "$space" --target-ms "$target" "${latency[@]}" --data "$data" --out "$run" \
      --warmup-steps "$warmup" --search-steps "$search" --batch 32 --train-images 4096 --threshold-lr 0.1 \
      --threads 1 --seed 1 >"$run.log" 2>&1
    arch=$(json "$run/result.json" "d['architecture']")
    ms=$(json "$run/result.json" "d['source_ms']")
    log "$source: train $space $arch"
    case $space in
      s3nas-fmnist) table="4, 5, 6"; found_ms=$ms ;;
      s3nas-fmnist-constant) table=4 ;;
      s3nas-fmnist-mbconv) table=5 ;;
    esac
    row "$table" "$space" "$arch" "$ms" "$target" "$(train_accuracy "$space" "$arch")"
  done
  log "$source: random architectures at $found_ms ms"
  "$hwnas" s3nas random --target-ms "$found_ms" --tolerance 0.05 --count "$count" --seed 1 "${latency[@]}" \
    --table "$out/$source-s3nas-fmnist/latency_table.json" --max-draws 200000 >"$out/$source-random.txt"
  while read -r random_arch random_ms; do
    log "$source: train random $random_arch"
    row 6 "random s3nas-fmnist" "$random_arch" "$random_ms" "$target" "$(train_accuracy s3nas-fmnist "$random_arch")"
  done <"$out/$source-random.txt"
done
log "done"
