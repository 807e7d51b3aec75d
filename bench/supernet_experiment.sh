#!/usr/bin/env bash
# The measurements of docs/training.md in one run, one step after another (never two at once):
#  1. a supernet trained on a ~10-minute budget, 2. accuracies of sampled subnets (spread),
#  3. a few of them trained from scratch (Spearman correlation with the supernet's ranking),
#  4. training throughput of `hwnas supernet train --arch` vs the same network in PyTorch's Python API.
# Usage: bench/supernet_experiment.sh OUT_DIR [HWNAS_BINARY]   (run it under `nice -n 10`)
set -euo pipefail
out=${1:?usage: supernet_experiment.sh OUT_DIR [HWNAS_BINARY]}
hwnas=${2:-build/hwnas}
here=$(cd "$(dirname "$0")" && pwd)
data=${DATA:-/usr/share/datasets/fashion-mnist}
space=${SPACE:-ofa-mbv3-fmnist}
epochs=${EPOCHS:-2}                     # supernet budget: ~10 minutes here
train_images=${TRAIN_IMAGES:-0}         # images per epoch, 0 = all 55000
scratch_images=${SCRATCH_IMAGES:-12000}  # from-scratch budget per subnet
subnets=${SUBNETS:-10}
scratch=${SCRATCH:-5}
# One intra-op thread: on a loaded 2-core machine two OpenMP threads ran ~7x slower than one.
threads=${THREADS:-1}
eval_opts=(--test-images "${TEST_IMAGES:-2000}" --calibration-images 1000 --threads "$threads")
mkdir -p "$out"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/machine.txt"

# Re-running with the same OUT keeps a finished supernet (and its measured wall time).
if [[ ! -s "$out/supernet_time.txt" ]]; then
  start=$(date +%s)
  "$hwnas" supernet train --space "$space" --data "$data" --epochs "$epochs" --train-images "$train_images" --batch-size 64 \
    --threads "$threads" --out "$out/supernet" --id "fmnist-${space}" --quiet --json > "$out/supernet_train.json"
  echo "supernet training wall time: $(( $(date +%s) - start )) s" | tee "$out/supernet_time.txt"
fi

"$hwnas" supernet eval --supernet "$out/supernet" -n "$subnets" --seed 1 --db "$out/experiment.db" "${eval_opts[@]}" \
  --json > "$out/supernet_eval.json"

python3 - "$out/supernet_eval.json" "$scratch" > "$out/scratch_archs.txt" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))["results"]
for r in rows[: int(sys.argv[2])]:
    print(r["arch"])
PY
i=0
while read -r arch; do
  i=$((i + 1))
  "$hwnas" supernet train --space "$space" --data "$data" --arch "$arch" --epochs 1 --train-images "$scratch_images" \
    --batch-size 64 --threads "$threads" --out "$out/scratch$i" --quiet --json > "$out/scratch${i}_train.json"
  "$hwnas" supernet eval --supernet "$out/scratch$i" --arch "$arch" "${eval_opts[@]}" --json > "$out/scratch${i}_eval.json"
done < "$out/scratch_archs.txt"

# Throughput, interleaved so both see the same machine load: C++ loop vs PyTorch's Python API.
SPACE="$space" THREADS="$threads" DATA="$data" "$here/train_throughput.sh" "$out" "$(head -1 "$out/scratch_archs.txt")" "$hwnas" \
  > /dev/null

python3 - "$out" "$scratch" "$here" <<'PY' | tee "$out/summary.txt"
import json, sys
out, n = sys.argv[1], int(sys.argv[2])
sn = json.load(open(f"{out}/supernet_eval.json"))["results"]
acc = [r["accuracy"] for r in sn]
print(f"supernet subnets: n={len(acc)} min={min(acc):.2f}% max={max(acc):.2f}% mean={sum(acc)/len(acc):.2f}%")
pairs = [(sn[i]["accuracy"], json.load(open(f"{out}/scratch{i+1}_eval.json"))["results"][0]["accuracy"]) for i in range(n)]
sys.path.insert(0, sys.argv[3])
from rank_agreement import spearman
rho = spearman([p[0] for p in pairs], [p[1] for p in pairs])
for s, f in pairs: print(f"supernet {s:.2f}%  from scratch {f:.2f}%")
print(f"spearman(supernet, from scratch) = {rho:.3f} over {n} subnets")
t = open(f"{out}/throughput.txt").read().split()
print("throughput images/s:", " ".join(t))
PY
