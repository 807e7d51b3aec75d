#!/bin/sh
# Stand-in drifting device for measure --compensate's tests. Reports a latency proportional to the
# model file's size times a drift factor 1 + 0.3 sin(2 pi (t - t0) / period) of the wall clock t,
# as a phone that heats up and cools down would (t0: $HWNAS_DRIFT_T0, default 0). It reports
# instead of sleeping, so tests stay fast and the true ratio of two networks is that of their sizes.
#   drifting_device.sh MODEL_FILE PERIOD_SECONDS
model=$1 period=$2
[ -s "$model" ] || { echo "missing model file: $model" >&2; exit 3; }
size=$(wc -c < "$model")
awk -v size="$size" -v period="$period" -v t="$(date +%s.%N)" -v t0="${HWNAS_DRIFT_T0:-0}" \
  'BEGIN { printf "latency: %.9f ms\n", size * 1e-6 * (1 + 0.3 * sin(6.283185307179586 * (t - t0) / period)) }'
