# shellcheck shell=bash
# Sourced by the bench scripts that run trainings side by side: run_in_slot CMD... starts CMD in the
# background once fewer than $job_slots are running; wait_for_slots waits for all of them. A job that
# fails fails the caller under `set -e` (wait -n returns its status), unlike a bare `wait`.
job_slots=${JOBS:-1}
running_jobs=0
run_in_slot() {
  if ((running_jobs >= job_slots)); then
    wait -n
    running_jobs=$((running_jobs - 1))
  fi
  "$@" < /dev/null &
  running_jobs=$((running_jobs + 1))
}
wait_for_slots() {
  while ((running_jobs > 0)); do
    wait -n
    running_jobs=$((running_jobs - 1))
  done
}
