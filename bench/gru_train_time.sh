#!/usr/bin/env bash
# GRU predictor training time on 1,000 ofa-mbv3 networks (issue 5 target: < 5 min), through the CLI
# with its defaults (200 epochs, batch 16, one thread). The latencies are synthetic (a sum over the
# blocks of expansion x kernel^2, plus a per-layer constant): training time does not depend on what is
# learned, and 1,000 real measurements would take an hour here. Figures: docs/predictors.md.
#   bench/gru_train_time.sh OUT     writes OUT/nets.csv, OUT/gru.json (provenance.metrics.train_seconds) and prints the time
set -euo pipefail
out=${1:?usage: gru_train_time.sh OUT}
hwnas=${HWNAS:-$(dirname "$0")/../build/hwnas}
mkdir -p "$out"; rm -f "$out/store.db"
"$hwnas" sample --space ofa-mbv3 -n 1000 --seed 1 --resolution 160 --format net_str | python3 -c "
import re, sys
print('net_id,net_str,device,resolution,lat unit,end-to-end lat')
for i, line in enumerate(sys.stdin):
    ms = 4.0 + sum(0.02 * int(e) * int(k) ** 2 + 0.3 for e, k in re.findall(r'_e(\d)_k(\d)', line))
    print('%d,%s,synthetic,160,ms,%.4f' % (i, line.strip(), ms))" >"$out/nets.csv"
"$hwnas" db import --db "$out/store.db" --csv "$out/nets.csv" >/dev/null
/usr/bin/time -f "wall %e s, user %U s, sys %S s, max RSS %M kB" \
  "$hwnas" predictor train --kind gru --space ofa-mbv3 --db "$out/store.db" --device-key synthetic \
  --out "$out/gru.json" 2>&1 | tee "$out/train.txt"
rm -f "$out/store.db" "$out/gru.pt"
python3 -c "import json,sys; print('train_seconds', json.load(open(sys.argv[1]))['provenance']['metrics']['train_seconds'])" "$out/gru.json"
