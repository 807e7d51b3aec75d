#!/usr/bin/env bash
# Builds the libFuzzer harnesses of fuzz/ into build-fuzz/ (clang, -fsanitize=fuzzer,address,undefined;
# a second call reuses the folder), and those of fuzz/gcc_harnesses.cmake into the sanitized build,
# build-sanitize/ (gcc, ASan + UBSan, libFuzzer's engine, value-profile feedback), and runs each for SECONDS, two at a time, printing libFuzzer's
# final "Done N runs" line and executions per second per harness. A finding is a crash, an abort,
# an uncaught exception other than InputError, a sanitizer report, one input running over 2 s or
# memory over 1 GiB; its input is kept under build-fuzz/findings/<harness>/. Exits non-zero on any
# finding and when a harness could not be built or run.
#   bench/fuzz.sh 120                 every harness for 2 minutes
#   bench/fuzz.sh 180 fuzz_space_yaml one harness
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
seconds="${1:?usage: bench/fuzz.sh SECONDS [HARNESS...]}"
shift
jobs="${FUZZ_JOBS:-2}"

launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
if ! CXX=clang++ cmake -S fuzz -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null; then
  echo "fuzz.sh: configuring fuzz/ failed" >&2
  exit 1
fi
if ! cmake --build build-fuzz -j "$jobs"; then
  echo "fuzz.sh: building the harnesses failed" >&2
  exit 1
fi
mapfile -t gcc_harnesses < <(sed -n 's/^hwnas_gcc_fuzz_harness(\([a-z_]*\) .*/fuzz_\1/p' fuzz/gcc_harnesses.cmake)
if ! scripts/build-sanitized.sh "${gcc_harnesses[@]}"; then
  echo "fuzz.sh: building the gcc harnesses in build-sanitize/ failed" >&2
  exit 1
fi

if [ $# -gt 0 ]; then
  harnesses=("$@")
else
  harnesses=()
  for f in fuzz/fuzz_*.cpp; do harnesses+=("$(basename "$f" .cpp)"); done
fi

# One harness: fuzz/corpus/<format>/ seeds a working corpus in build-fuzz/ that grows over runs.
run_one() {
  local harness="$1" format="${1#fuzz_}"
  local work="build-fuzz/corpus/$format" findings="build-fuzz/findings/$format/" log="build-fuzz/logs/$harness.log"
  mkdir -p "$work" "$findings" build-fuzz/logs
  local dict=() binary="build-fuzz/$harness" feedback=()
  [ -f "fuzz/$format.dict" ] && dict=(-dict="fuzz/$format.dict")
  # gcc instruments comparisons only: libFuzzer's value profile is those harnesses' feedback.
  if [[ " ${gcc_harnesses[*]} " == *" $harness "* ]]; then
    binary="build-sanitize/$harness"
    feedback=(-use_value_profile=1)
  fi
  if [ ! -x "$binary" ]; then
    echo "$harness: not built" >"$log.result"
    return
  fi
  "$binary" "${feedback[@]}" -max_total_time="$seconds" -timeout=2 -rss_limit_mb=1024 -malloc_limit_mb=1024 \
    -print_final_stats=1 -artifact_prefix="$findings" "${dict[@]}" "$work" "fuzz/corpus/$format" >"$log" 2>&1
  local rc=$?
  local done_line execs
  done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -1)
  execs=$(grep -E '^stat::average_exec_per_sec' "$log" | awk '{print $2}')
  if [ "$rc" -eq 0 ] && [ -n "$done_line" ]; then
    echo "$harness: $done_line ($execs exec/s)" >"$log.result"
  else
    echo "$harness: FINDING or failure (exit $rc), see $log and $findings" >"$log.result"
  fi
}

# LibTorch's and OpenCV's own leaks only, each with its reason (docs/hardening.md); suppressions
# name functions, so the reports are symbolized.
export LSAN_OPTIONS="suppressions=$PWD/scripts/sanitize/lsan.supp:print_suppressions=0"
if symbolizer=$(command -v llvm-symbolizer); then
  export ASAN_SYMBOLIZER_PATH="$symbolizer"
fi
rm -f build-fuzz/logs/*.result
for harness in "${harnesses[@]}"; do
  run_one "$harness" &
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
done
wait

status=0
for harness in "${harnesses[@]}"; do
  result="build-fuzz/logs/$harness.log.result"
  if [ -f "$result" ]; then cat "$result"; else echo "$harness: did not run"; fi
  grep -q -E '^[a-z_]+: Done [0-9]+ runs' "$result" 2>/dev/null || status=1
done
exit $status
