#!/usr/bin/env bash
# The measurement farm's benchmarks (docs/farm.md, "Benchmarks"), on a private PostgreSQL server
# this script starts on 127.0.0.1 and removes at the end:
#  1. queue overhead per job (claim + heartbeat + commit) on SQLite and loopback PostgreSQL, and a
#     claim and `farm status` with 100,000 jobs queued (build/bench/farm_queue_bench);
#  2. scaling: JOBS jobs measured by 1, 2, 4, 8 workers whose `command:` engine sleeps 200 ms a run
#     (a remote device), throughput against 1 worker's times N.
# Usage: bench/farm_bench.sh OUT_DIR [JOBS]   (environment: HWNAS, SLEEP=0.2, PARTS="queue scaling")
# Writes OUT_DIR/farm_queue.txt and OUT_DIR/farm_scaling.txt.
set -euo pipefail
out=$(realpath -m "${1:?usage: farm_bench.sh OUT_DIR [JOBS]}")
jobs=${2:-128}
root=$(cd "$(dirname "$0")/.." && pwd)
hwnas=${HWNAS:-$root/build/hwnas}
bench=$root/build/bench/farm_queue_bench
sleep_s=${SLEEP:-0.2}
parts=${PARTS:-queue scaling}
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

header() {
  echo "# farm_bench.sh $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# commit $(git -C "$root" rev-parse --short HEAD), cpu: $(lscpu | sed -n 's/^Model name: *//p')"
}

# 1. Queue overhead.
if [[ " $parts " == *" queue "* ]]; then
  header > "$out/farm_queue.txt"
  psql_do "CREATE DATABASE queue"
  TMPDIR=$pg HWNAS_BENCH_PG_URL=$(url queue) "$bench" --benchmark_format=console 2>&1 | tee -a "$out/farm_queue.txt"
fi
[[ " $parts " == *" scaling "* ]] || exit 0

# 2. Scaling over worker count. Wall time counts each worker process's start (loading LibTorch,
# the first engine); steady throughput is jobs over the span from the first claim to the last
# commit, by the server's clock, as for long-running workers.
printf '#!/bin/sh\nsleep %s\necho "latency: %s s"\n' "$sleep_s" "$sleep_s" > "$pg/device.sh"
results=$out/farm_scaling.txt
header > "$results"
echo "# $jobs jobs, engine sleeps $sleep_s s a run, warm-up of 1 run, 2 timed runs a job" >> "$results"
echo "workers wall_s jobs_per_s_wall steady_jobs_per_s steady_efficiency" | tee -a "$results"
base=""
for n in 1 2 4 8; do
  psql_do "CREATE DATABASE scale$n"
  db=$(url "scale$n")
  "$hwnas" db init --db "$db" >/dev/null
  "$hwnas" farm submit --db "$db" --space ofa-mbv3-fmnist -n "$jobs" --seed 11 --device-key remote \
    --warmup 1 --min-runs 2 --max-runs 2 >/dev/null
  start=$(date +%s.%N)
  pids=()
  for _ in $(seq "$n"); do
    "$hwnas" farm worker --db "$db" --device-key remote --engine "command:sh $pg/device.sh {onnx}" \
      --reference-every 0 --poll-s 0.2 --exit-when-empty 2>>"$out/workers.log" >/dev/null &
    pids+=($!)
  done
  wait "${pids[@]}"
  end=$(date +%s.%N)
  steady=$("$bin/psql" -qtA "$db" -c "SELECT count(*) / (max(finished_at) - min(started_at)) FROM jobs WHERE state = 'done'")
  python3 - "$n" "$start" "$end" "$jobs" "$steady" "${base:-0}" <<'PY' | tee -a "$results"
import sys
n, start, end, jobs, steady, base = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
eff = steady / (base * n) if base else 1.0
print(f"{n} {end - start:.1f} {jobs / (end - start):.3f} {steady:.3f} {eff:.2f}")
PY
  if [ -z "$base" ]; then base=$steady; fi
done
