#!/usr/bin/env bash
# One network measured in six processes seconds apart, each into a fresh store, by wall clock and by
# thread CPU time (docs/measurement.md, "Drift compensation"): how far apart are the medians?
#   bench/measure_six.sh OUT [ARCH]     writes OUT/six.csv (timing, process, median_ms, cov, runs)
set -euo pipefail
out=${1:?usage: measure_six.sh OUT [ARCH]}
arch=${2:-'r28|e3k3,e4k3,e6k7|e4k7,e4k7|e6k5,e3k5,e4k3|e6k5,e4k5|e6k3,e4k5'}  # hwnas sample --seed 1
hwnas=${HWNAS:-$(dirname "$0")/../build/hwnas}
mkdir -p "$out"; echo "$arch" > "$out/arch.txt"
echo "timing,process,median_ms,cov,runs" > "$out/six.csv"
for timing in wall thread-cpu; do
  for i in 1 2 3 4 5 6; do
    rm -f "$out/store.db"
    "$hwnas" measure --space ofa-mbv3-fmnist --engine torchscript --threads 1 --archs "$out/arch.txt" \
      --db "$out/store.db" --timing "$timing" --device-key "six-$timing" --reference-every 0 --json 2>/dev/null |
      python3 -c "import json,sys; r=json.load(sys.stdin)['rows'][0]; print('$timing,$i,%.4f,%.4f,%d' % (r['median_ms'], r['cov'], r['runs']))" \
      >> "$out/six.csv"
    sleep 2
  done
done
rm -f "$out/store.db"
cat "$out/six.csv"
