#!/usr/bin/env bash
# The main job on this machine's CPU with the embedded defaults: the hwnas pipeline end to end on
# ofa-mbv3 — design space, measured and simulated latency, block profiles with reports, latency
# predictors, an insight-reduced space — and on its Fashion-MNIST variant a trained supernet, real
# subnet accuracies, an accuracy predictor, and a search of the original vs the reduced space.
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

echo; echo "== insights from the OpenCV profile (MACs stand in for accuracy here, so bigger blocks count as gains)"
$hwnas insights --profile "$out/profile-opencv"
echo; echo "== the paper's CPU reduction of the space, for comparison"
$hwnas reduce --space ofa-mbv3 --rules ofa-cpu --out "$out/ofa-cpu.yaml"

echo; echo "== latency predictors trained on the OpenCV networks just measured (100 held out)"
$hwnas predictor train --kind lut,ridge,xgb,gru,macs --space ofa-mbv3 --device-key "$opencv_key" --db "$db" \
  --holdout 100 --out "$out/predictors-opencv"

# Real accuracy needs training, so the rest runs on the Fashion-MNIST variant of the space
# (28x28x1, 10 classes; docs/training.md): one supernet, real subnet accuracies, an accuracy
# predictor and a CPU latency predictor, then a profile, insights and a search on both.
fm=ofa-mbv3-fmnist
data=/usr/share/datasets/fashion-mnist
echo; echo "== supernet on Fashion-MNIST: 2 epochs of uniform path sampling (about 10 minutes here)"
# One intra-op thread: on a machine doing anything else, two OpenMP threads ran ~10x slower here.
$hwnas supernet train --space $fm --data $data --epochs 2 --batch-size 64 --threads 1 --out "$out/supernet"
echo; echo "== real accuracy of 100 sampled subnets (BN recalibrated, whole test split)"
$hwnas supernet eval --supernet "$out/supernet" -n 100 --seed 1 --threads 1 --db "$db"

echo; echo "== CPU latency of 300 $fm networks (frozen TorchScript, 1 thread) and predictors for it"
ts_key="demo-torchscript-$fm@$host"
$hwnas measure --space $fm -n 300 --seed 3 --device-key "$ts_key" --db "$db"
$hwnas predictor train --kind lut,ridge,xgb,macs --space $fm --device-key "$ts_key" --db "$db" --holdout 100 \
  --out "$out/predictors-cpu"
echo; echo "== accuracy predictor (OFA's MLP) on the evaluated subnets"
$hwnas predictor train --kind acc-mlp --space $fm --target accuracy:supernet --db "$db" --holdout 20 \
  --out "$out/accuracy-mlp.json"
accuracy="accuracy:pred:$out/accuracy-mlp.json"
latency="latency:pred:$out/predictors-cpu/lut.json"

echo; echo "== block profile of $fm on predicted accuracy and CPU latency, insights, the reduced space"
$hwnas profile --space $fm --metric "$accuracy" "$latency" macs --samples 200 --out "$out/profile-$fm"
rm -f "$out/$fm-rules.yaml" "$out/$fm-insight.yaml"
$hwnas insights --profile "$out/profile-$fm" --write "$out/$fm-rules.yaml"
if [[ -f "$out/$fm-rules.yaml" ]]; then
  $hwnas reduce --space $fm --rules "$out/$fm-rules.yaml" --out "$out/$fm-insight.yaml"
fi
# The predictors were trained on the original space; they score the reduced space's networks as the
# original's networks they are (docs/reduction.md). Same algorithm, budget and seeds on both.
echo; echo "== search: original vs insight-reduced $fm on predicted accuracy and CPU latency"
reduced="$out/$fm-insight.yaml"
[[ -f "$reduced" ]] || { echo "(insights proposed no reduction; searching the original twice)"; reduced=$fm; }
# The latency side of the hypervolume box: 0 to twice the slowest network measured above, so the
# box fits this machine's speed (0.25-0.66 ms networks here; a fixed 5 ms box squeezed them flat).
slowest_ms=$(sqlite3 "$out/runs.db" "SELECT 1000 * max(m.median_s) FROM measurements m
  JOIN devices d ON m.device_id = d.id WHERE d.key = '$ts_key'")
latency_box=$(awk -v s="$slowest_ms" 'BEGIN { printf "%.2g", 2 * s }')
ALGOS=blockprofile-pareto SEEDS="1 2 3 4 5" BUDGET=2100 ACCURACY="$accuracy" LATENCY="$latency" \
  LABEL="predicted top-1 (%)" HV_BOX="--hv-box max:$accuracy=100:60 --hv-box min:$latency=0:$latency_box" \
  HWNAS="$hwnas" bench/search_experiment.sh "$out/search" $fm "$reduced"
$hwnas front compare "$out/search/blockprofile-pareto/original/seed1/front.json" \
  "$out/search/blockprofile-pareto/reduced/seed1/front.json"

echo; echo "wrote $out/ (reports: $out/profile-macs/report/index.html, $out/profile-opencv/report/index.html,"
echo "  $out/profile-$fm/report/index.html; fronts, original vs reduced: $out/search/fronts.png)"
