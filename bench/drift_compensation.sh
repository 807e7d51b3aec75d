#!/usr/bin/env bash
# Issue 22's evidence: does measure --compensate cancel this machine's drift?
#  1. The same N networks measured twice (pass A, then pass B), raw and compensated, the four passes
#     interleaved (raw A, compensated A, raw B, compensated B) so both protocols see the same hours:
#     median and p90 of |B - A| / A for each, and the pairs' correlation.
#  2. M networks measured raw and compensated; predictors (lut, ridge) trained on each and scored on
#     the same held-out networks: raw (plain protocol), raw medians of the compensated run, compensated.
#  3. The cost in time per network of each protocol.
# Usage: bench/drift_compensation.sh OUT_DIR [N] [M]
#   (environment: SPACE=ofa-mbv3 ENGINE=opencv RESOLUTION=128 TIMING=thread-cpu TARGET=0.01 MAX_RUNS=1000
#    HOLDOUT=60 SEED=7)
set -euo pipefail
out=${1:?usage: drift_compensation.sh OUT_DIR [N] [M]}
n=${2:-20}
m=${3:-200}
hwnas=${HWNAS:-$(dirname "$0")/../build/hwnas}
space=${SPACE:-ofa-mbv3}
engine=${ENGINE:-opencv}
resolution=${RESOLUTION:-128}
timing=${TIMING:-thread-cpu}
target=${TARGET:-0.01}
max_runs=${MAX_RUNS:-1000}
holdout=${HOLDOUT:-60}
seed=${SEED:-7}
mkdir -p "$out"
db="$out/drift.db"
rm -f "$db" "$db-wal" "$db-shm"
common=(--space "$space" --engine "$engine" --threads 1 --resolution "$resolution" --target "$target" --max-runs "$max_runs"
        --timing "$timing" --reference-every 0 --db "sqlite://$db" --json)
started=$(date +%s)

for pass in a b; do
  "$hwnas" measure "${common[@]}" -n "$n" --seed "$seed" --device-key "raw-$pass" > "$out/raw-$pass.json"
  "$hwnas" measure "${common[@]}" -n "$n" --seed "$seed" --compensate --device-key "comp-$pass" > "$out/comp-$pass.json"
done
"$hwnas" measure "${common[@]}" -n "$m" --seed 11 --device-key raw-p > "$out/raw-p.json"
"$hwnas" measure "${common[@]}" -n "$m" --seed 11 --compensate --device-key comp-p > "$out/comp-p.json"

# Pass B has a device key of its own, hence a T_ref of its own; under one key it would reuse A's.
# So the compensated difference is taken under one baseline: that of A (B's ratios times A's T_ref).
sqlite3 -csv -header "$db" "
  WITH t AS (SELECT d.key, r.baseline_s FROM reference_baselines r JOIN devices d ON d.id = r.device_id)
  SELECT x.hash,
         ra.median_s AS raw_a_s, rb.median_s AS raw_b_s,
         ca.compensated_median_s AS comp_a_s,
         cb.compensated_median_s * (SELECT baseline_s FROM t WHERE key = 'comp-a') / (SELECT baseline_s FROM t WHERE key = 'comp-b') AS comp_b_s,
         ca.median_s AS comp_run_raw_a_s, cb.median_s AS comp_run_raw_b_s,
         ca.pair_correlation AS r_a, cb.pair_correlation AS r_b
  FROM architectures x
  JOIN measurements ra ON ra.arch_id = x.id AND ra.device_id = (SELECT id FROM devices WHERE key = 'raw-a')
  JOIN measurements rb ON rb.arch_id = x.id AND rb.device_id = (SELECT id FROM devices WHERE key = 'raw-b')
  JOIN measurements ca ON ca.arch_id = x.id AND ca.device_id = (SELECT id FROM devices WHERE key = 'comp-a')
  JOIN measurements cb ON cb.arch_id = x.id AND cb.device_id = (SELECT id FROM devices WHERE key = 'comp-b')
  ORDER BY x.hash" > "$out/repeat_pairs.csv"

for kind_target in "raw-p:latency:raw-p" "comp-p-raw:latency:comp-p:raw" "comp-p:latency:comp-p"; do
  name=${kind_target%%:*}
  target_spec=${kind_target#*:}
  device=${target_spec#latency:}
  device=${device%:raw}
  "$hwnas" predictor train --kind lut,ridge --space "$space" --device-key "$device" --target "$target_spec" \
    --db "sqlite://$db" --holdout "$holdout" --seed 1 --out "$out/models-$name" --json > "$out/predict-$name.json"
done
finished=$(date +%s)

python3 - "$out" "$n" "$m" "$holdout" "$((finished - started))" <<'EOF'
import csv, json, statistics, sys
out, n, m, holdout, wall = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
rows = list(csv.DictReader(open(f"{out}/repeat_pairs.csv")))
def rel(a, b): return [abs(float(r[b]) - float(r[a])) / float(r[a]) for r in rows]
def p90(v): s = sorted(v); return s[min(len(s) - 1, round(0.9 * (len(s) - 1)))]
summary = {"networks": len(rows), "repeat": {}, "predictors": {}, "cost": {}, "wall_seconds": wall}
for name, a, b in [("raw", "raw_a_s", "raw_b_s"), ("compensated", "comp_a_s", "comp_b_s"),
                   ("raw medians of the compensated runs", "comp_run_raw_a_s", "comp_run_raw_b_s")]:
    v = rel(a, b)
    summary["repeat"][name] = {"median_pct": 100 * statistics.median(v), "p90_pct": 100 * p90(v), "max_pct": 100 * max(v),
                               "within_1pct": sum(x <= 0.01 for x in v)}
summary["repeat"]["pair_correlation_median"] = statistics.median([float(r["r_a"]) for r in rows] + [float(r["r_b"]) for r in rows])
for name in ["raw-p", "comp-p-raw", "comp-p"]:
    p = json.load(open(f"{out}/predict-{name}.json"))
    summary["predictors"][name] = {k: {f: p[k]["held_out"][f] for f in ["count", "mape_pct", "within10_pct", "within5_pct", "kendall"]}
                                   for k in ["lut", "ridge"]}
for key in ["raw-a", "comp-a", "raw-b", "comp-b", "raw-p", "comp-p"]:
    s = json.load(open(f"{out}/{key}.json"))
    summary["cost"][key] = {"measured": s["measured"], "protocol_s_per_network": s["protocol_seconds"] / max(1, s["measured"]),
                            "own_s_per_network": s["own_seconds"] / max(1, s["measured"])}
json.dump(summary, open(f"{out}/summary.json", "w"), indent=2)
print(json.dumps(summary, indent=2))
EOF
echo "machine: $(lscpu | grep -m1 'Model name' | cut -d: -f2- | xargs), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: bench/drift_compensation.sh $out $n $m (space $space, engine $engine, max runs $max_runs, resolution $resolution, timing $timing, target $target, holdout $holdout)"
sqlite3 "$db" "SELECT 'T_ref ' || d.key || ': ' || printf('%.4f', 1000 * r.baseline_s) || ' ms' FROM reference_baselines r JOIN devices d ON d.id = r.device_id"
