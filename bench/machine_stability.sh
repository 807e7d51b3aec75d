#!/usr/bin/env bash
# On what time scale does this machine's speed drift? Runs engine_bench's Stability benchmark
# (the reference network `hwnas measure` checks, back to back with an ALU-only loop and a pass over
# a fixed 24 MB buffer, for 64 s) and prints, per window length, how far a window's median strays
# from the median of the whole; writes OUT/windows.csv (1 s window medians over the overall median)
# and OUT/stability.png. A drift the ALU loop does not show but the buffer pass does is the shared
# cache or memory, not the core (docs/measurement.md, "What the drift is").
# Usage: taskset -c 1 bench/machine_stability.sh OUT_DIR
set -euo pipefail
out=${1:?usage: machine_stability.sh OUT_DIR}
bench=${ENGINE_BENCH:-$(dirname "$0")/../build/bench/engine_bench}
mkdir -p "$out"
HWNAS_STABILITY_CSV="$out/windows.csv" "$bench" --benchmark_filter='^Stability' \
  --benchmark_format=json 2>/dev/null > "$out/stability.json"

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(grep -c ^processor /proc/cpuinfo) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: bench/machine_stability.sh $out ($(date -u '+%Y-%m-%d %H:%M UTC'))"
echo
echo "| workload | timing | 0.25 s | 1 s | 4 s | 16 s |"
echo "| --- | --- | --- | --- | --- | --- |"
for row in "net:network:wall" "net_cpu:network:thread CPU" "mem:24 MB buffer pass:wall" \
           "mem_cpu:24 MB buffer pass:thread CPU" "alu:ALU loop:wall" "alu_cpu:ALU loop:thread CPU"; do
  IFS=: read -r key name timing <<< "$row"
  printf "| %s | %s |" "$name" "$timing"
  for w in 0.25s 1s 4s 16s; do
    printf " %s |" "$(sed -n "s/.*\"${key}_${w}\": \([0-9.e+-]*\).*/\1/p" "$out/stability.json" |
      awk '{ printf "%.2f %%", 100 * $1 }')"
  done
  echo
done

gnuplot <<GP
set terminal pngcairo size 900,450 noenhanced
set output "$out/stability.png"
set datafile separator ","
set key top right
set grid
set title "1 s window medians over the median of 64 s (pinned, one thread)"
set xlabel "time (s)"
set ylabel "window median / overall median"
plot "$out/windows.csv" using 1:2 every ::1 with linespoints lw 2 title "reference network (wall)", \
     "$out/windows.csv" using 1:4 every ::1 with linespoints lw 2 title "24 MB buffer pass (wall)", \
     "$out/windows.csv" using 1:5 every ::1 with linespoints lw 2 title "ALU loop (wall)"
GP
echo
echo "wrote $out/windows.csv and $out/stability.png"
