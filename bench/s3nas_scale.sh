#!/usr/bin/env bash
# S3NAS compound scaling of the 0.04 ms network to 0.07 ms on the simulated MIDAP, three ways
# (docs/s3nas.md): filters in multiples of 8, the same with 5 % tolerance, multiples of 16. Writes
# OUT/<variant>/ (scale.json, space.yaml, architecture.txt). Deterministic: no training involved.
#   bench/s3nas_scale.sh OUT [ARCH]
set -euo pipefail
out=${1:?usage: s3nas_scale.sh OUT [ARCH]}
arch=${2:-r28|k5-k5-x,k5-k5-x|k5-k5-x,k5-k5-x|k5-k5-x,k5-k5-x|k5-k5-x|k5-k5-x}
hwnas=${HWNAS:-$(dirname "$0")/../build/hwnas}
"$hwnas" s3nas scale --arch "$arch" --target-ms 0.07 --out "$out/m8" | tail -2
"$hwnas" s3nas scale --arch "$arch" --target-ms 0.07 --tolerance 0.05 --out "$out/m8-tol5" | tail -2
"$hwnas" s3nas scale --arch "$arch" --target-ms 0.07 --filter-multiple 16 --out "$out/m16" | tail -2
