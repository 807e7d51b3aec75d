#!/usr/bin/env bash
# The measurement farm's benchmarks (docs/farm.md, "Benchmarks"), on a private PostgreSQL server
# this script starts on 127.0.0.1 and removes at the end:
#  1. queue overhead per job (claim + heartbeat + commit) on SQLite and loopback PostgreSQL, and a
#     claim and `farm status` with 100,000 jobs queued (build/bench/farm_queue_bench);
#  2. scaling: JOBS jobs measured by 1, 2, 4, 8 workers whose `command:` engine sleeps 200 ms a run
#     (a remote device), throughput against 1 worker's times N.
# Usage: bench/farm_bench.sh OUT_DIR [JOBS]   (environment: HWNAS, SLEEP=0.2)
set -euo pipefail
out=$(realpath -m "${1:?usage: farm_bench.sh OUT_DIR [JOBS]}")
jobs=${2:-48}
root=$(cd "$(dirname "$0")/.." && pwd)
hwnas=${HWNAS:-$root/build/hwnas}
bench=$root/build/bench/farm_queue_bench
sleep_s=${SLEEP:-0.2}
bin=/usr/lib/postgresql/15/bin
mkdir -p "$out"
pg=$(mktemp -d /tmp/hwnas-farm-bench-XXXXXX)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$pg"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$bin/initdb" -D "$pg/data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
as_pg "$bin/pg_ctl" -D "$pg/data" -l "$pg/log" -w -o "-h 127.0.0.1 -p $port -k $pg" start >/dev/null
trap 'as_pg "$bin/pg_ctl" -D "$pg/data" -m immediate stop >/dev/null; rm -rf "$pg"' EXIT
url() { echo "postgresql://postgres@127.0.0.1:$port/$1"; }
psql_do() { "$bin/psql" -q "$(url postgres)" -c "$1"; }

{
  echo "# farm_bench.sh $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# commit $(git -C "$root" rev-parse --short HEAD)"
} > "$out/farm_bench.txt"

# 1. Queue overhead.
psql_do "CREATE DATABASE queue"
TMPDIR=$pg HWNAS_BENCH_PG_URL=$(url queue) "$bench" --benchmark_format=console 2>&1 | tee -a "$out/farm_bench.txt"

# 2. Scaling over worker count.
printf '#!/bin/sh\nsleep %s\necho "latency: %s s"\n' "$sleep_s" "$sleep_s" > "$pg/device.sh"
echo "# scaling: $jobs jobs, engine sleeps $sleep_s s a run, 1 warm-up + 2 timed runs a job" | tee -a "$out/farm_bench.txt"
echo "workers seconds jobs_per_s efficiency" | tee -a "$out/farm_bench.txt"
base=""
for n in 1 2 4 8; do
  psql_do "CREATE DATABASE scale$n"
  db=$(url "scale$n")
  "$hwnas" db init --db "$db" >/dev/null
  "$hwnas" farm submit --db "$db" --space ofa-mbv3-fmnist -n "$jobs" --seed 11 --device-key remote \
    --warmup 1 --min-runs 2 --max-runs 2 >/dev/null
  start=$(date +%s.%N)
  pids=()
  for i in $(seq "$n"); do
    "$hwnas" farm worker --db "$db" --device-key remote --engine "command:sh $pg/device.sh {onnx}" \
      --reference-every 0 --poll-s 0.2 --exit-when-empty 2>>"$out/workers.log" >/dev/null &
    pids+=($!)
  done
  wait "${pids[@]}"
  end=$(date +%s.%N)
  done_jobs=$("$hwnas" farm status --db "$db" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["keys"][0]["done"])')
  python3 - "$n" "$start" "$end" "$done_jobs" "${base:-0}" <<'PY' | tee -a "$out/farm_bench.txt"
import sys
n, start, end, done, base = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
rate = done / (end - start)
eff = rate / (base * n) if base else 1.0
print(f"{n} {end - start:.1f} {rate:.3f} {eff:.2f}")
PY
  [ -z "$base" ] && base=$(tail -1 "$out/farm_bench.txt" | cut -d' ' -f3)
done
