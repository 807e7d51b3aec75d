#!/bin/sh
# Stand-in device runner for the command engine tests: checks that the model file it was given
# exists and is non-empty, then prints a latency in the format chosen by $1.
#   fake_bench.sh text|json|micro|none|fail MODEL_FILE THREADS
format=$1 model=$2 threads=$3
[ -s "$model" ] || { echo "missing model file: $model" >&2; exit 3; }
case $format in
  text) echo "warming up"; echo "latency: 12.5 ms (threads=$threads)" ;;
  json) echo "{\"latency_ms\": 7.25, \"threads\": $threads}" ;;
  micro) echo "latency = 850 us" ;;
  none) echo "done" ;;
  fail) echo "device not found"; exit 1 ;;
esac
