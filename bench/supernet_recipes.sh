#!/usr/bin/env bash
# Supernets of one space trained by different recipes, to be judged by bench/supernet_ranking.sh
# (pass the folders this prints as its SUPERNET_DIR arguments). Each recipe's folder is named after it;
# a finished one is kept and an interrupted one resumes. JOBS trainings run at once, THREADS threads each.
# Usage: bench/supernet_recipes.sh OUT_DIR RECIPE...   (run it under `nice -n 10`)
#   RECIPE: uniform-<E>epochs (or -1epoch; SPOS uniform path sampling), sandwich-<E>epochs (the sandwich rule, four
#   paths a step, each learning the labels) or sandwich-distill-<E>epochs (the sandwich rule with in-place
#   distillation) or progressive-<E>epochs (OFA's progressive shrinking, its six stages sharing the E epochs) or
#   uniform-teacher-<E>epochs (uniform sampling, every path learning the labels and the largest subnet of the
#   separately trained supernet TEACHER=DIR, frozen) or fair-<E>epochs (uniform sampling with FairNAS's fairness:
#   each layer's choices cycle, every one trained equally often); uniform-<N>paths-<E>epochs or fair-<N>paths-<E>epochs
#   train N random subnets a step, gradients summed,
#   E epochs over the training images; a suffix -seed<S> trains the same recipe with seed S (default 0), to see
#   how much the recipe's result varies.
#   (environment: SPACE=ofa-mbv3-fmnist DATA=/usr/share/datasets/fashion-mnist JOBS=1 THREADS=1 HWNAS=build/hwnas TEACHER=)
set -euo pipefail
out=${1:?usage: supernet_recipes.sh OUT_DIR RECIPE...}
shift
[[ $# -gt 0 ]] || { echo "usage: supernet_recipes.sh OUT_DIR RECIPE..." >&2; exit 2; }
hwnas=${HWNAS:-build/hwnas}
# shellcheck source=bench/job_slots.sh
source "$(dirname "$0")/job_slots.sh"
space=${SPACE:-ofa-mbv3-fmnist}
data=${DATA:-/usr/share/datasets/fashion-mnist}
threads=${THREADS:-1}
recipe_pattern='^(uniform|uniform-teacher|fair|sandwich|sandwich-distill|progressive)(-([0-9]+)paths)?-([0-9]+)epochs?(-seed([0-9]+))?$'
for recipe in "$@"; do
  [[ $recipe =~ $recipe_pattern ]] ||
    { echo "unknown recipe '$recipe' (uniform-<E>epochs, uniform-teacher-<E>epochs (TEACHER=DIR), fair-<E>epochs, uniform- or fair-<N>paths-<E>epochs, sandwich-<E>epochs, sandwich-distill-<E>epochs or progressive-<E>epochs, E=1: -1epoch; optionally -seed<S>)" >&2; exit 2; }
done
mkdir -p "$out"

train_recipe() {  # recipe
  [[ $1 =~ $recipe_pattern ]]
  local options=(--epochs "${BASH_REMATCH[4]}" --seed "${BASH_REMATCH[6]:-0}")
  [[ -n ${BASH_REMATCH[3]} ]] && options+=(--paths "${BASH_REMATCH[3]}")
  [[ ${BASH_REMATCH[1]} == sandwich* ]] && options+=(--sandwich)
  [[ ${BASH_REMATCH[1]} == sandwich-distill ]] && options+=(--distill)
  [[ ${BASH_REMATCH[1]} == progressive ]] && options+=(--progressive)
  [[ ${BASH_REMATCH[1]} == fair ]] && options+=(--fair)
  [[ ${BASH_REMATCH[1]} == uniform-teacher ]] && options+=(--teacher "${TEACHER:?uniform-teacher needs TEACHER=SUPERNET_DIR}")
  local start=$SECONDS
  "$hwnas" supernet train --space "$space" --data "$data" "${options[@]}" --batch-size 64 --threads "$threads" \
    --out "$out/$1" --quiet --json > "$out/$1.train.json.part"
  # Only a finished run is kept: an interrupted one resumes next time.
  grep -q '"finished": true' "$out/$1.train.json.part" || { echo "$1: not finished" >&2; return 1; }
  mv "$out/$1.train.json.part" "$out/$1.train.json"
  echo "$1: trained in $((SECONDS - start)) s wall ($(nproc) cores, $(cut -d' ' -f1 /proc/loadavg) load)" | tee -a "$out/recipes.txt"
}
for recipe in "$@"; do
  [[ -s "$out/$recipe.train.json" ]] && continue
  run_in_slot train_recipe "$recipe"
done
wait_for_slots
for recipe in "$@"; do echo "$out/$recipe"; done
