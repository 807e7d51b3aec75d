#!/usr/bin/env bash
# BlockProfile §5.1 / Figure 8 skeleton: the same algorithm and budget on the original space and on
# a reduced one, 5 seeds each, hypervolume mean ± std in ONE fixed box, plus median attainment
# fronts. Usage:
#   bench/search_experiment.sh OUT_DIR [ORIGINAL_SPACE] [REDUCED_SPACE]
# Environment (defaults reproduce the paper's Pareto runs with proxies available today):
#   ALGO=blockprofile-pareto BUDGET=2100 SEEDS="1 2 3 4 5"
#   OBJECTIVES="--objective max:params --objective min:macs"   (params: an ACCURACY PROXY, not accuracy)
#   HV_BOX="--hv-box max:params=1.2e7:3e6 --hv-box min:macs=5e7:6e8"
# Once the simulator and reduced spaces land, e.g.:
#   OBJECTIVES="--objective max:accuracy:ofa-predictor --objective min:latency:sim:npu" \
#   HV_BOX="--hv-box max:accuracy:ofa-predictor=80:70 --hv-box min:latency:sim:npu=0:10" \
#   bench/search_experiment.sh runs/fig8-npu ofa-mbv3 spaces/reduced/ofa-npu.yaml
set -euo pipefail
out=${1:?usage: search_experiment.sh OUT_DIR [ORIGINAL_SPACE] [REDUCED_SPACE]}
original=${2:-ofa-mbv3}
reduced=${3:-}
hwnas=${HWNAS:-$(dirname "$0")/../build/hwnas}
algo=${ALGO:-blockprofile-pareto}
budget=${BUDGET:-2100}
seeds=${SEEDS:-1 2 3 4 5}
objectives=${OBJECTIVES:---objective max:params --objective min:macs}
box=${HV_BOX:---hv-box max:params=1.2e7:3e6 --hv-box min:macs=5e7:6e8}

run_space() {  # label space
  local label=$1 space=$2 hvs=()
  for seed in $seeds; do
    local dir="$out/$label/seed$seed"
    rm -rf "$dir"
    # shellcheck disable=SC2086
    "$hwnas" search --space "$space" $objectives $box --algo "$algo" --budget "$budget" --seed "$seed" \
      --out "$dir" 2>/dev/null >/dev/null
    hvs+=("$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["hypervolume"])' "$dir/front.json")")
  done
  python3 - "$label" "${hvs[@]}" <<'PY'
import statistics, sys
label, values = sys.argv[1], [float(v) for v in sys.argv[2:]]
print(f"{label}: hypervolume {statistics.mean(values):.4f} ± {statistics.stdev(values):.4f} "
      f"over {len(values)} seeds ({', '.join(f'{v:.4f}' for v in values)})")
PY
  "$hwnas" front attainment "$out/$label"/seed*/front.json --level 0.5 > "$out/$label/median_front.csv"
}

mkdir -p "$out"
echo "algorithm $algo, budget $budget, seeds $seeds; $objectives; $box"
run_space original "$original"
if [[ -n "$reduced" ]]; then
  run_space reduced "$reduced"
  "$hwnas" front compare "$out/original/seed1/front.json" "$out/reduced/seed1/front.json"
fi
