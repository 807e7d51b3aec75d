#!/usr/bin/env bash
# The main job on this machine's CPU with the embedded defaults: the hwnas pipeline end to end on
# ofa-mbv3 — design space, measured latency, block profiles with a report, an insight-reduced space.
# Writes everything under out/demo/ (the store is out/demo/runs.db; re-running resumes from it).
set -euo pipefail
cd "$(dirname "$0")/.."
hwnas=./build/hwnas
out=out/demo
mkdir -p "$out"
db="sqlite://$out/runs.db"
host=$(hostname)

echo "== design spaces"
$hwnas spaces

echo; echo "== exact size of ofa-mbv3"
$hwnas size --space ofa-mbv3

echo; echo "== three uniform samples, and three with MBConv6-7 fixed at unit 2, layer 4"
$hwnas sample --space ofa-mbv3 -n 3 --seed 1 --resolution 224 | tee "$out/samples.txt"
$hwnas sample --space ofa-mbv3 -n 3 --seed 1 --resolution 224 --fix 2:4:e6k7

echo; echo "== per-layer cost of the first sample"
$hwnas stats --space ofa-mbv3 --arch "$(head -n 1 "$out/samples.txt")"
$hwnas stats --space ofa-mbv3 --arch "$(head -n 1 "$out/samples.txt")" --json > "$out/stats.json"

echo; echo "== simulated latency per layer on a Kirin-like NPU (a model, not a measurement)"
$hwnas devices
$hwnas stats --space ofa-mbv3 --arch "$(head -n 1 "$out/samples.txt")" --device sim:kirin-npu-like

echo; echo "== measured latency: 30 uniform ofa-mbv3 networks at 224, frozen TorchScript (oneDNN), 1 thread"
$hwnas measure --space ofa-mbv3 -n 30 --seed 1 --resolution 224 --db "$db"

echo; echo "== block profile on MACs: all 180 cells, 1000 paired backgrounds"
$hwnas profile --space ofa-mbv3 --metric macs --samples 1000 --out "$out/profile-macs"

echo; echo "== block profile on latency measured with OpenCV DNN: a small paired design at 128"
# A quick protocol (5 timed runs, 5% target) keeps 362 networks within a few minutes; the device
# records it, so the profile measures its missing networks the same way.
opencv_key="demo-opencv@$host"
$hwnas measure --space ofa-mbv3 --engine opencv -n 2 --seed 2 --resolution 128 --warmup 3 --min-runs 5 \
  --target 0.05 --reference-every 0 --device-key "$opencv_key" --db "$db"
$hwnas profile --space ofa-mbv3 --metric "latency:$opencv_key" macs --samples 2 --resolution 128 \
  --db "$db" --measure-missing --out "$out/profile-opencv"

echo; echo "== insights: rules proposed from the latency profile, and the reduced space"
$hwnas insights --profile "$out/profile-opencv" --write "$out/insight-rules.yaml"
$hwnas reduce --space ofa-mbv3 --rules "$out/insight-rules.yaml" --out "$out/ofa-insight.yaml"
$hwnas size --space "$out/ofa-insight.yaml"

echo; echo "wrote $out/ (reports: $out/profile-macs/report/index.html, $out/profile-opencv/report/index.html)"
