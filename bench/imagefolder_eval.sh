#!/usr/bin/env bash
# Throughput of `hwnas supernet eval --data imagefolder:DIR` next to PyTorch's on the same subnet
# (docs/training.md): an OFA-MobileNetV3 checkpoint in OFA's layout with random weights
# (tests/reference/ofa_supernet.py) imported with `hwnas supernet import-ofa`, one subnet at r160
# and r224, 1 and 2 threads. hwnas: decoding 500×375 JPEGs in its worker thread, OFA's
# preprocessing, forward passes (BN recalibration not counted); PyTorch (bench/eval_throughput.py):
# forward passes only, on preprocessed tensors.
# Usage: bench/imagefolder_eval.sh [OUT_DIR] [TEST_IMAGES]   (after ./scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/hwnas-imagefolder-bench}
images=${2:-200}
hwnas=build/hwnas
mkdir -p "$out"
[ -d "$out/images" ] || build/bench/make_image_folder /usr/share/datasets/fashion-mnist "$out/images" 20
[ -f "$out/ofa.pth" ] || /usr/bin/python3 tests/reference/ofa_supernet.py --write-checkpoint ofa-mbv3 "$out/ofa.pth"
[ -d "$out/supernet" ] || "$hwnas" supernet import-ofa --checkpoint "$out/ofa.pth" --space ofa-mbv3 --out "$out/supernet"
batch=50
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); batch $batch, $images test images"
for r in 160 224; do
  arch="{\"ks\": [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5], \"e\": [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4], \"d\": [3, 3, 3, 3, 3], \"r\": $r}"
  for threads in 1 2; do
    hw=$("$hwnas" supernet eval --supernet "$out/supernet" --data "imagefolder:$out/images" --arch "$arch" \
      --calibration-images 100 --test-images "$images" --batch-size $batch --threads $threads --json |
      /usr/bin/python3 -c 'import json,sys; print(round(json.load(sys.stdin)["results"][0]["images_per_second"], 1))')
    py=$(/usr/bin/python3 bench/eval_throughput.py "$arch" $batch $threads "$images" |
      /usr/bin/python3 -c 'import json,sys; print(round(json.load(sys.stdin)["images_per_second"], 1))')
    echo "r$r threads $threads: hwnas (decode + preprocess + forward) $hw images/s, PyTorch (forward only) $py images/s"
  done
done
