#!/usr/bin/env bash
# Does a supernet rank subnets as training them from scratch would? SUBNETS subnets chosen to span the
# space's MACs range (evenly spaced MACs quantiles of 120 uniform samples), each trained from scratch
# on one fixed budget and scored on the test split (SELECT=ladder: a ladder of subnets from the space's
# smallest to its largest, bench/ladder_subnets.py, which reaches both ends of the range); then each SUPERNET_DIR scores the same subnets
# with inherited weights (BN recalibrated). Kendall's tau and Spearman's rho between the two, with a
# 95% bootstrap interval over subnets (10,000 resamples). SCRATCH_SEEDS=N trains every subnet from
# scratch with seeds 0..N-1 (seed 0 in scratch/I, seed S in scratch/seedS/I); the reference is their
# mean, and the seeds' agreement with each other is the ceiling a supernet can reach against one seed.
# JOBS trainings run at once, THREADS threads each. Resumable: a finished subnet, evaluation or choice
# of subnets is kept, an interrupted training resumes; it may run across several sessions.
# Usage: bench/supernet_ranking.sh OUT_DIR SUPERNET_DIR...   (run it under `nice -n 10`)
#   (environment: SPACE=ofa-mbv3-fmnist SELECT=quantiles|ladder SUBNETS=12 SCRATCH_EPOCHS=2 SCRATCH_IMAGES=0
#    SCRATCH_SEEDS=1 JOBS=1 TEST_IMAGES=0 CALIBRATION_IMAGES=2000 THREADS=1 HWNAS=build/hwnas
#    FINETUNE_STEPS=0 FINETUNE_LR=1e-3)
set -euo pipefail
out=${1:?usage: supernet_ranking.sh OUT_DIR SUPERNET_DIR...}
shift
[[ $# -gt 0 ]] || { echo "usage: supernet_ranking.sh OUT_DIR SUPERNET_DIR..." >&2; exit 2; }
hwnas=${HWNAS:-build/hwnas}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/job_slots.sh
source "$here/job_slots.sh"
space=${SPACE:-ofa-mbv3-fmnist}
data=${DATA:-/usr/share/datasets/fashion-mnist}
subnets=${SUBNETS:-12}
threads=${THREADS:-1}
seeds=${SCRATCH_SEEDS:-1}
eval_opts=(--test-images "${TEST_IMAGES:-0}" --calibration-images "${CALIBRATION_IMAGES:-2000}" --threads "$threads")
mkdir -p "$out/scratch"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)" \
  >> "$out/machine.txt"

# 1. The subnets, smallest to largest MACs: evenly spaced quantiles of uniform samples, or a ladder.
if [[ ! -s "$out/subnets.txt" && ${SELECT:-quantiles} == ladder ]]; then
  python3 "$here/ladder_subnets.py" "$here/../spaces/$space.yaml" "$subnets" 1 | while read -r arch; do
    printf '%s\t%s\n' "$("$hwnas" stats --space "$space" --arch "$arch" --json |
      python3 -c 'import json, sys; print(json.load(sys.stdin)["macs"])')" "$arch"
  done | sort -n > "$out/sampled_macs.tsv"
  cut -f2 "$out/sampled_macs.tsv" > "$out/subnets.txt"
elif [[ ! -s "$out/subnets.txt" ]]; then
  "$hwnas" sample --space "$space" -n 120 --seed 1 | while read -r arch; do
    printf '%s\t%s\n' "$("$hwnas" stats --space "$space" --arch "$arch" --json |
      python3 -c 'import json, sys; print(json.load(sys.stdin)["macs"])')" "$arch"
  done | sort -n > "$out/sampled_macs.tsv"
  python3 - "$out/sampled_macs.tsv" "$subnets" > "$out/subnets.txt" <<'PY'
import sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
k = int(sys.argv[2])
for i in range(k):
    print(rows[round(i * (len(rows) - 1) / (k - 1))][1])
PY
fi

# 2. Each subnet from scratch on the same budget, once per seed, then scored on the test split.
scratch_dir() {  # seed subnet
  if [[ $1 -eq 0 ]]; then echo "$out/scratch/$2"; else echo "$out/scratch/seed$1/$2"; fi
}
train_from_scratch() {  # seed subnet arch
  local dir
  dir=$(scratch_dir "$1" "$2")
  mkdir -p "$(dirname "$dir")"
  "$hwnas" supernet train --space "$space" --data "$data" --arch "$3" --epochs "${SCRATCH_EPOCHS:-2}" --seed "$1" \
    --train-images "${SCRATCH_IMAGES:-0}" --batch-size 64 --threads "$threads" --out "$dir" --quiet
  "$hwnas" supernet eval --supernet "$dir" --arch "$3" "${eval_opts[@]}" --json > "$dir.json.part"
  mv "$dir.json.part" "$dir.json"
  echo "from scratch, seed $1, subnet $2/$subnets: $(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][0]["accuracy"])' "$dir.json") %"
}
for seed in $(seq 0 $((seeds - 1))); do
  i=0
  while read -r arch; do
    i=$((i + 1))
    [[ -s "$(scratch_dir "$seed" "$i").json" ]] && continue
    run_in_slot train_from_scratch "$seed" "$i" "$arch"
  done < "$out/subnets.txt"
done
wait_for_slots

# 3. The supernets' inherited accuracies of the same subnets.
for supernet in "$@"; do
  name=$(basename "$supernet")
  if [[ ! -s "$out/inherited-$name.json" ]]; then
    "$hwnas" supernet eval --supernet "$supernet" --archs "$out/subnets.txt" "${eval_opts[@]}" --json > "$out/inherited-$name.json.part"
    mv "$out/inherited-$name.json.part" "$out/inherited-$name.json"
  fi
done

# 3b. FINETUNE_STEPS=N: each subnet also fine-tuned from its inherited weights for N steps (batch 64,
# Adam at FINETUNE_LR, cosine) and scored again; ranked as the supernet "finetunedN-NAME".
finetune_steps=${FINETUNE_STEPS:-0}
finetune() {  # supernet subnet arch
  local dir
  dir="$out/finetuned$finetune_steps/$(basename "$1")/$2"
  mkdir -p "$(dirname "$dir")"
  "$hwnas" supernet train --space "$space" --data "$data" --arch "$3" --init-from "$1" --epochs 1 \
    --train-images $((finetune_steps * 64)) --batch-size 64 --lr "${FINETUNE_LR:-1e-3}" --threads "$threads" \
    --out "$dir" --quiet > /dev/null
  "$hwnas" supernet eval --supernet "$dir" --arch "$3" "${eval_opts[@]}" --json > "$dir.json.part"
  mv "$dir.json.part" "$dir.json"
}
ranked=("$@")
if ((finetune_steps > 0)); then
  for supernet in "$@"; do
    name=$(basename "$supernet")
    i=0
    while read -r arch; do
      i=$((i + 1))
      [[ -s "$out/finetuned$finetune_steps/$name/$i.json" ]] || run_in_slot finetune "$supernet" "$i" "$arch"
    done < "$out/subnets.txt"
    ranked+=("finetuned$finetune_steps-$name")
  done
  wait_for_slots
  for supernet in "$@"; do
    name=$(basename "$supernet")
    python3 -c 'import json, sys; print(json.dumps({"results": [json.load(open(f))["results"][0] for f in sys.argv[1:]]}, indent=2))' \
      $(seq -f "$out/finetuned$finetune_steps/$name/%g.json" 1 "$subnets") > "$out/inherited-finetuned$finetune_steps-$name.json"
  done
fi

# 4. Rank agreement with bootstrap intervals.
python3 "$here/supernet_ranking.py" --seeds "$seeds" "$out" "${ranked[@]}"
