#!/usr/bin/env bash
# BlockProfile §5.1 / Figure 8: the same algorithms and budget on an original and a reduced space,
# several seeds each; hypervolume mean ± std in ONE fixed box per experiment, median (50%)
# attainment fronts, a results table (results.md) and a plot of the fronts (fronts.png).
# Usage:
#   bench/search_experiment.sh OUT_DIR ORIGINAL_SPACE REDUCED_SPACE
# Environment (defaults: the paper's Pareto-run settings, MACs as an explicitly labelled accuracy
# proxy against the simulated Kirin-like NPU):
#   ALGOS="random blockprofile-pareto nsga2" BUDGET=2100 SEEDS="1 2 3 4 5"
#   ACCURACY=macs   LATENCY=latency:sim:kirin-npu-like   DB=   (store URL, for measured sources)
#   HV_BOX="--hv-box max:macs=9e8:5e7 --hv-box min:latency:sim:kirin-npu-like=0:8"
#   LABEL="MACs (accuracy proxy)"
#   CONSTRAINT=   e.g. 3: single-objective runs (max accuracy subject to latency <= 3; for
#                 ofa-evolution, spos-evolution, blockprofile-maxacc); the hypervolume of one
#                 objective is the best feasible accuracy's position in its box
set -euo pipefail
out=${1:?usage: search_experiment.sh OUT_DIR ORIGINAL_SPACE REDUCED_SPACE}
original=${2:?original space}
reduced=${3:?reduced space}
hwnas=${HWNAS:-$(dirname "$0")/../build/hwnas}
algos=${ALGOS:-random blockprofile-pareto nsga2}
budget=${BUDGET:-2100}
seeds=${SEEDS:-1 2 3 4 5}
accuracy=${ACCURACY:-macs}
latency=${LATENCY:-latency:sim:kirin-npu-like}
box=${HV_BOX:---hv-box max:$accuracy=9e8:5e7 --hv-box min:$latency=0:8}
label=${LABEL:-$accuracy}
constraint=${CONSTRAINT:-}
objective_args=(--objective "max:$accuracy" --objective "min:$latency")
if [[ -n "$constraint" ]]; then
  objective_args=(--objective "max:$accuracy" --constraint "$latency<=$constraint")
  box=${HV_BOX:---hv-box max:$accuracy=9e8:5e7}
fi
db_args=()
[[ -n "${DB:-}" ]] && db_args=(--db "$DB")

mkdir -p "$out"
table="$out/results.md"
{
  if [[ -n "$constraint" ]]; then
    echo "objective: max $accuracy ($label) subject to $latency <= $constraint; budget $budget; seeds $seeds"
  else
    echo "objectives: max $accuracy ($label), min $latency; budget $budget; seeds $seeds"
  fi
  echo "hypervolume box: $box"
  echo
  echo "| space | algorithm | hypervolume mean ± std | per seed |"
  echo "| --- | --- | --- | --- |"
} > "$table"
for algo in $algos; do
  for side in original reduced; do
    space=$original; [[ $side == reduced ]] && space=$reduced
    hvs=()
    for seed in $seeds; do
      dir="$out/$algo/$side/seed$seed"
      rm -rf "$dir"; mkdir -p "$dir"
      # shellcheck disable=SC2086
      "$hwnas" search --space "$space" "${objective_args[@]}" $box \
        --algo "$algo" --budget "$budget" --seed "$seed" "${db_args[@]}" --no-plot --out "$dir" \
        > "$dir/search.log" 2>&1 || { echo "search failed, see $dir/search.log" >&2; exit 1; }
      hvs+=("$(sed -n 's/.*"hypervolume": *\([0-9.eE+-]*\).*/\1/p' "$dir/front.json" | head -n 1)")
    done
    printf '%s\n' "${hvs[@]}" | awk -v s="$side ($space)" -v a="$algo" '
      { v[NR] = $1; sum += $1 }
      END { m = sum / NR; for (i = 1; i <= NR; i++) ss += (v[i] - m) ^ 2; sd = NR > 1 ? sqrt(ss / (NR - 1)) : 0
            line = ""; for (i = 1; i <= NR; i++) line = line (i > 1 ? ", " : "") sprintf("%.4f", v[i])
            printf "| %s | %s | %.4f ± %.4f | %s |\n", s, a, m, sd, line }' >> "$table"
    [[ -z "$constraint" ]] &&
      "$hwnas" front attainment "$out/$algo/$side"/seed*/front.json --level 0.5 > "$out/$algo/$side/median_front.csv"
  done
done
cat "$table"

[[ -n "$constraint" ]] && { echo "wrote $table"; exit 0; }
# The fronts of the first algorithm: median attainment over seeds, original vs reduced.
first=${algos%% *}
[[ $first == random && $algos == *" "* ]] && first=$(echo "$algos" | cut -d' ' -f2)
gnuplot <<GP
set terminal pngcairo size 900,600 noenhanced
set output "$out/fronts.png"
set datafile separator ","
set key bottom right
set grid
set title "$first: median attainment fronts over seeds ($(echo "$seeds" | wc -w) seeds, budget $budget)"
set xlabel "$latency (ms)"
set ylabel "$label"
plot "$out/$first/original/median_front.csv" using 2:1 every ::1 with steps lw 2 title "original: $original", \
     "$out/$first/reduced/median_front.csv" using 2:1 every ::1 with steps lw 2 title "reduced: $reduced"
GP
echo "wrote $table and $out/fronts.png"
