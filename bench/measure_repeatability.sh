#!/usr/bin/env bash
# Issue 3's repeatability check: the same N architectures measured twice in one session, on the
# same engine, into two device keys (pass A, then pass B), with a reference check every K networks.
# Prints the distribution of the relative difference of medians |B - A| / A, and how the reference
# network's medians spread around their own median against the protocol's precision target.
# Usage: bench/measure_repeatability.sh OUT_DIR [N] [ENGINE]
#   (environment: RESOLUTION=224 SEED=7 TARGET=0.01 REFERENCE_EVERY=5 TIMING=wall|thread-cpu)
set -euo pipefail
out=${1:?usage: measure_repeatability.sh OUT_DIR [N] [ENGINE]}
n=${2:-20}
engine=${3:-torchscript}
hwnas=${HWNAS:-$(dirname "$0")/../build/hwnas}
resolution=${RESOLUTION:-224}
seed=${SEED:-7}
target=${TARGET:-0.01}
every=${REFERENCE_EVERY:-5}
timing=${TIMING:-wall}
mkdir -p "$out"
db="$out/repeat.db"
rm -f "$db" "$db-wal" "$db-shm"
for pass in a b; do
  "$hwnas" measure --space ofa-mbv3 --engine "$engine" --threads 1 -n "$n" --seed "$seed" \
    --resolution "$resolution" --target "$target" --reference-every "$every" --timing "$timing" \
    --device-key "repeat-$pass" --db "sqlite://$db" > "$out/pass-$pass.txt"
done

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(grep -c ^processor /proc/cpuinfo) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: bench/measure_repeatability.sh $out $n $engine (resolution $resolution, seed $seed, target $target, timing $timing)"
sqlite3 -csv "$db" "
  SELECT abs(b.median_s - a.median_s) / a.median_s
  FROM measurements a JOIN measurements b ON a.arch_id = b.arch_id
  JOIN devices da ON a.device_id = da.id JOIN devices db ON b.device_id = db.id
  JOIN architectures x ON a.arch_id = x.id
  WHERE da.key = 'repeat-a' AND db.key = 'repeat-b' AND x.hash NOT LIKE '@reference%'" |
  sort -g > "$out/relative_differences.txt"
awk '{ v[NR] = $1; s += $1 }
  END { if (NR == 0) { print "no pairs"; exit 1 }
        printf "pairs %d: relative difference of medians |B-A|/A: median %.2f%%, mean %.2f%%, p90 %.2f%%, max %.2f%%; within 1%%: %d, within 2%%: %d\n",
          NR, 100 * v[int((NR + 1) / 2)], 100 * s / NR, 100 * v[int(0.9 * NR + 0.5) < 1 ? 1 : int(0.9 * NR + 0.5)], 100 * v[NR],
          c1 + 0, c2 + 0 }
  { if ($1 <= 0.01) c1++; if ($1 <= 0.02) c2++ }' "$out/relative_differences.txt"
sqlite3 -csv "$db" "
  SELECT m.median_s FROM measurements m JOIN architectures x ON m.arch_id = x.id
  WHERE x.hash LIKE '@reference%' ORDER BY m.median_s" > "$out/reference_medians.txt"
awk -v target="$target" '{ v[NR] = $1 }
  END { if (NR == 0) { print "no reference checks"; exit 1 }
        m = v[int((NR + 1) / 2)]
        for (i = 1; i <= NR; i++) { d = (v[i] - m) / m; if (d < 0) d = -d; if (d <= target) inside++; if (d > worst) worst = d }
        printf "reference network: %d checks, median %.3f ms, within ±%.0f%% of it: %d of %d, worst %.2f%%\n",
          NR, 1000 * m, 100 * target, inside, NR, 100 * worst }' "$out/reference_medians.txt"
