#!/usr/bin/env bash
# Training throughput of `hwnas supernet train --arch` (the C++ loop) against the same network in
# PyTorch's Python API (bench/train_throughput.py, python3-torch), run alternately so both see the
# same machine load: 8 steps of batch 128, Adam, no augmentation, THREADS intra-op threads.
# Writes OUT_DIR/throughput.txt (a `cpp N` and a `python N` line per round, images/s) and
# OUT_DIR/machine.txt. Usage: bench/train_throughput.sh OUT_DIR ARCH [HWNAS_BINARY]
#   (environment: SPACE=ofa-mbv3-fmnist ROUNDS=2 THREADS=1 DATA=/usr/share/datasets/fashion-mnist)
set -euo pipefail
out=${1:?usage: train_throughput.sh OUT_DIR ARCH [HWNAS_BINARY]}
arch=${2:?usage: train_throughput.sh OUT_DIR ARCH [HWNAS_BINARY]}
hwnas=${3:-build/hwnas}
here=$(cd "$(dirname "$0")" && pwd)
data=${DATA:-/usr/share/datasets/fashion-mnist}
space=${SPACE:-ofa-mbv3-fmnist}
threads=${THREADS:-1}
mkdir -p "$out"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)" \
  > "$out/machine.txt"
echo "arch: $arch" >> "$out/machine.txt"
rm -f "$out/throughput.txt"
for _ in $(seq "${ROUNDS:-2}"); do
  rm -rf "$out/throughput_cpp"
  "$hwnas" supernet train --space "$space" --data "$data" --arch "$arch" --epochs 1 --batch-size 128 --max-shift 0 \
    --no-flip --stop-after-steps 8 --threads "$threads" --out "$out/throughput_cpp" --quiet --json |
    python3 -c "import json,sys; print('cpp', json.load(sys.stdin)['images_per_second'])" >> "$out/throughput.txt"
  echo "python $(/usr/bin/python3 "$here/train_throughput.py" "$here/../spaces/$space.yaml" "$arch" "$data" 8 128 "$threads")" \
    >> "$out/throughput.txt"
done
rm -rf "$out/throughput_cpp"
cat "$out/throughput.txt"
