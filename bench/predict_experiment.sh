#!/usr/bin/env bash
# The issue-5 experiment: every predictor kind trained on <= 1,000 ofa-mbv3 networks measured on the
# opencv engine and scored on >= 300 others of the same session, beside the noise floor (a second
# session of the same networks) and a learning curve. Results: docs/predictors.md.
#
# The measurements (a few tens of minutes, see docs/predictors.md for the exact commands):
#   hwnas measure --space ofa-mbv3 --engine opencv --threads 1 --seed 5 --resolution 160 \
#     --db /work/data/opencv.db --warmup 10 --min-runs 10 --max-runs 10 --max-seconds 5 -n 1300
#   ... the same with --device-key cpu-opencv-t1@vm-repeat (the repeat session)
# The thread-CPU-time sessions (docs/measurement.md) run the same way with --timing thread-cpu and
# keys cpu-opencv-t1-cputime@vm(-repeat); then:
#   DEVICE=cpu-opencv-t1-cputime@vm REPEAT=cpu-opencv-t1-cputime@vm-repeat DRIFT=0 OUT=... $0
# HOLDOUT (default 300) and SIZES (learning-curve sizes, default 50,100,300,1000) shrink it for a
# smaller session.
set -euo pipefail
cd "$(dirname "$0")/.."
hwnas=./build/hwnas
db=${DB:-/work/data/opencv.db}
device=${DEVICE:-cpu-opencv-t1@vm}
repeat=${REPEAT:-cpu-opencv-t1@vm-repeat}
out=${OUT:-out/predict}
holdout=${HOLDOUT:-300}
sizes=${SIZES:-50,100,300,1000}
mkdir -p "$out"
common=(--space ofa-mbv3 --db "$db" --device-key "$device")

echo "== noise floor: the repeat session scored as if it predicted the first"
$hwnas predictor noise "${common[@]}" --repeat-device-key "$repeat" | tee "$out/noise.txt"
# Under the drift gate too (fails when no repeat measurement passed the gate: then it says so).
$hwnas predictor noise "${common[@]}" --repeat-device-key "$repeat" --max-drift 0.1 | tee "$out/noise_drift.txt" || true

echo; echo "== every kind: $holdout held out, up to 1,000 trained on (all measurements)"
$hwnas predictor train --kind lut,ridge,gru,xgb,macs "${common[@]}" --holdout "$holdout" --train-limit 1000 \
  --out "$out/all" --noise-device-key "$repeat" | tee "$out/train_all.txt"

if [ "${DRIFT:-1}" = 1 ]; then
echo; echo "== the same on measurements taken while the reference network was within 10% of its best"
$hwnas predictor train --kind lut,ridge,gru,xgb,macs "${common[@]}" --max-drift 0.1 --holdout "${HOLDOUT_DRIFT:-150}" \
  --train-limit 1000 --out "$out/drift" | tee "$out/train_drift.txt"
fi

echo; echo "== learning curve (held-out $holdout)"
$hwnas predictor curve --kind ridge,xgb,macs "${common[@]}" --holdout "$holdout" --sizes "$sizes" | tee "$out/curve.txt"
