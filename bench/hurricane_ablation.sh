#!/usr/bin/env bash
# HURRICANE ablation (HURRICANE Table 5 and Figure 3) on each device:
#   1. generate the device's space from the 32-op pool, at 224 (spaces/hurricane.yaml) and at the
#      small input (spaces/hurricane-fmnist.yaml), printing the Table 1 analogue;
#   2. latency distributions of generated, manual SPOS and original 32-op spaces (Figure 3);
#   3. on Fashion-MNIST at one constraint (the manual space's median latency): generated vs manual
#      space, two-stage (t = T) vs one-stage SPOS (t = 0) — accuracy, latency, training iterations.
# Usage: bench/hurricane_ablation.sh OUT_DIR
# Environment (defaults are the full run; see docs/benchmarks.md for the reduced one quoted there):
#   DEVICES="latency:sim:hexagon-dsp-like latency:sim:myriad-vpu-like"  (add latency:<cpu key> with DB=sqlite:///...)
#   DB=  SAMPLES=100000  T=8  ITERS=3000  TARGET_LOSS=0.9  GENERATIONS=20  POPULATION=50
#   SEARCH_IMAGES=2000  THREADS=1  SEED=0
#   FULL_INPUT=1   0 skips the 224x224 generation and distribution (a measured engine would time
#                  640 networks at 224 and SAMPLES of each space: hours on a CPU)
#   SMALL_SAMPLES=5000   architectures per space in the small-input distribution
set -euo pipefail
out=${1:?usage: hurricane_ablation.sh OUT_DIR}
hwnas=${HWNAS:-$(dirname "$0")/../build/hwnas}
devices=${DEVICES:-latency:sim:hexagon-dsp-like latency:sim:myriad-vpu-like}
db=${DB:+--db $DB --measure-missing}
samples=${SAMPLES:-100000}
t=${T:-8}
search="--iters ${ITERS:-3000} --target-loss ${TARGET_LOSS:-0.9} --generations ${GENERATIONS:-20} \
  --population ${POPULATION:-50} --search-images ${SEARCH_IMAGES:-2000} --threads ${THREADS:-1} --seed ${SEED:-0}"
mkdir -p "$out"
summary="$out/summary.csv"
echo "device,space,t,constraint,test_accuracy,validation_accuracy,latency,iterations,stage_iterations,reached_target_loss" > "$summary"

for device in $devices; do
  dir="$out/$(echo "$device" | tr ':/' '__')"
  mkdir -p "$dir"
  if [ "${FULL_INPUT:-1}" = 1 ]; then
    # shellcheck disable=SC2086
    "$hwnas" hurricane generate --space hurricane --metric "$device" $db --out "$dir/generated-224.yaml" | tee "$dir/table1-224.txt"
    # shellcheck disable=SC2086
    "$hwnas" hurricane distribution --metric "$device" $db --samples "$samples" \
      --space "$dir/generated-224.yaml" spos hurricane --out "$dir/distribution-224" | tee "$dir/distribution-224.txt"
  fi
  # shellcheck disable=SC2086
  "$hwnas" hurricane generate --space hurricane-fmnist --metric "$device" $db --out "$dir/generated-fmnist.yaml" | tee "$dir/table1-fmnist.txt"
  # shellcheck disable=SC2086
  "$hwnas" hurricane distribution --metric "$device" $db --samples "${SMALL_SAMPLES:-5000}" \
    --space "$dir/generated-fmnist.yaml" spos-fmnist hurricane-fmnist --out "$dir/distribution-fmnist" > "$dir/distribution-fmnist.txt"
  bound=$(python3 -c 'import csv,sys; print(next(r["median"] for r in csv.DictReader(open(sys.argv[1])) if r["space"]=="spos-fmnist"))' \
    "$dir/distribution-fmnist/latency-summary.csv")
  for space in generated-fmnist spos-fmnist; do
    file=$space
    [ "$space" = generated-fmnist ] && file="$dir/generated-fmnist.yaml"
    for stages in "$t" 0; do
      result="$dir/search-$space-t$stages.json"
      # shellcheck disable=SC2086
      "$hwnas" hurricane search --space "$file" --constraint "$device<=$bound" --t "$stages" $db $search --out "$result" \
        > "$dir/search-$space-t$stages.txt" 2> "$dir/search-$space-t$stages.log"
      python3 - "$result" "$device" "$space" "$stages" "$bound" >> "$summary" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
stages = "+".join(str(s["iterations"]) for s in r["stages"])
reached = "+".join("yes" if s["reached_target_loss"] else "no" for s in r["stages"])
print(f'{sys.argv[2]},{sys.argv[3]},{sys.argv[4]},{sys.argv[5]},{r["test_accuracy"]:.2f},'
      f'{r["validation_accuracy"]:.2f},{r["latency"]:.6g},{r["iterations"]},{stages},{reached}')
PY
    done
  done
done
column -s, -t < "$summary"
