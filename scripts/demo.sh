#!/usr/bin/env bash
# The main job on this machine's CPU with the embedded defaults: BlockProfile's method end to end.
#   scripts/demo.sh          about 15 minutes on a 2-core machine, everything under out/demo/
#   scripts/demo.sh --full   the long version (about 36 minutes): a supernet trained by the recipe that ranked
#                            subnets closest to training from scratch (docs/training.md), more subnets, more
#                            samples per cell and search seeds, and ofa-mbv3 measured at 224; out/demo-full/
# On ofa-mbv3: the design space, per-layer cost, a simulated device and a block profile on MACs. On its
# Fashion-MNIST variant, where accuracy can be trained here: a supernet, real subnet accuracies and an
# accuracy predictor; latency measured as docs/measurement.md recommends on a shared machine (one
# thread, the measuring thread's CPU time); a block profile on measured latency and predicted accuracy,
# the insights it supports and the reduced space; latency predictors; and a search of the original vs
# the reduced space. Ends with a one-screen summary. Re-running resumes from the store (runs.db).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=quick
case "${1:-}" in
  "") ;;
  --full) mode=full ;;
  *) echo "usage: scripts/demo.sh [--full]" >&2; exit 2 ;;
esac
hwnas=./build/hwnas
fm=ofa-mbv3-fmnist
data=/usr/share/datasets/fashion-mnist
if [[ $mode == quick ]]; then
  out=out/demo
  epochs=1 train_images=0            # supernet: one epoch of all 55,000 images, ~3 minutes; it does not
  sampling=() recipe="uniform path sampling"  # rank subnets, the recipe that ranks closest takes ~20 (docs/training.md)
  subnets=40 test_images=5000        # subnets evaluated (standard error ~0.6 points near 80 %)
  cell_samples=6                     # paired backgrounds per profile cell: 181 x 6 networks measured
  seeds="1 2 3" budget=1100          # search: 100 initial + 5 generations of 200
else
  out=out/demo-full
  epochs=2 train_images=0            # the recipe that ranked subnets closest in docs/training.md
  sampling=(--sandwich --distill) recipe="sandwich rule, in-place distillation"
  subnets=100 test_images=0
  cell_samples=10
  seeds="1 2 3 4 5" budget=2100
fi
mkdir -p "$out"
db="sqlite://$out/runs.db"
host=$(hostname)
started=$(date +%s)
# Each step's wall time, for the summary.
stage() { echo; echo "== $1"; echo "$(($(date +%s) - started)) $1" >> "$out/stages.txt"; }
rm -f "$out/stages.txt"

stage "design spaces, the exact size of ofa-mbv3, samples"
$hwnas spaces
$hwnas size --space ofa-mbv3 --json > "$out/size.json"
$hwnas size --space ofa-mbv3
$hwnas sample --space ofa-mbv3 -n 3 --seed 1 --resolution 224 | tee "$out/samples.txt"
echo "(three more with MBConv6-7 fixed at unit 2, layer 4)"
$hwnas sample --space ofa-mbv3 -n 3 --seed 1 --resolution 224 --fix 2:4:e6k7

stage "per-layer cost of the first sample, and its latency on a simulated Kirin-like NPU (a model, not a measurement)"
$hwnas stats --space ofa-mbv3 --arch "$(head -n 1 "$out/samples.txt")"
$hwnas stats --space ofa-mbv3 --arch "$(head -n 1 "$out/samples.txt")" --device sim:kirin-npu-like

stage "block profile of ofa-mbv3 on MACs: all 180 cells, 1000 paired backgrounds"
$hwnas profile --space ofa-mbv3 --metric macs --samples 1000 --out "$out/profile-macs"
echo "BlockProfile's CPU reduction of the space, for comparison with what this machine's profile finds:"
$hwnas reduce --space ofa-mbv3 --rules ofa-cpu --out "$out/ofa-cpu.yaml"

if [[ $mode == full ]]; then
  stage "measured latency: 30 uniform ofa-mbv3 networks at 224, frozen TorchScript (oneDNN), 1 thread"
  $hwnas measure --space ofa-mbv3 -n 30 --seed 1 --resolution 224 --threads 1 --timing thread-cpu \
    --device-key "demo-torchscript-thread-cpu@$host" --db "$db"
fi

# Real accuracy needs training, so the rest runs on the Fashion-MNIST variant of the space
# (28x28x1, 10 classes; docs/training.md).
stage "supernet on Fashion-MNIST ($epochs epoch(s), $recipe, 1 thread)"
# One intra-op thread: on a machine doing anything else, two OpenMP threads ran ~10x slower here.
$hwnas supernet train --space $fm --data $data --epochs $epochs "${sampling[@]}" --train-images $train_images \
  --batch-size 64 --threads 1 --out "$out/supernet"
stage "real accuracy of $subnets sampled subnets (BN recalibrated)"
$hwnas supernet eval --supernet "$out/supernet" -n $subnets --seed 1 --threads 1 --test-images $test_images \
  --calibration-images 1000 --db "$db" --json > "$out/supernet_eval.json"
python3 -c "import json,sys; r=[x['accuracy'] for x in json.load(open(sys.argv[1]))['results']]; \
print(f'{len(r)} subnets: top-1 {min(r):.2f} to {max(r):.2f} %')" "$out/supernet_eval.json"
stage "accuracy predictor (OFA's MLP) on those subnets, a quarter held out"
$hwnas predictor train --kind acc-mlp --space $fm --target accuracy:supernet --db "$db" --holdout $((subnets / 4)) \
  --seed 1 --out "$out/accuracy-mlp.json" --json > "$out/accuracy-mlp-eval.json"
accuracy="accuracy:pred:$out/accuracy-mlp.json"

stage "block profile of $fm on latency measured here and predicted accuracy ($cell_samples backgrounds per cell)"
# Measured as docs/measurement.md recommends on a shared machine: TorchScript on one thread, each run
# timed by the measuring thread's CPU time (other jobs' time slices do not count) and paired with a
# run of a fixed reference network (--compensate), so that the machine's own slow and fast phases
# cancel: on a 2-core cloud VM the same network's plain median moved by up to 2x between processes
# seconds apart, its ratio to the reference by about 1 %. The first command records that protocol
# with the device; the profile measures its missing networks the same way.
key="demo-torchscript-compensated-$fm@$host"
$hwnas measure --space $fm -n 2 --seed 2 --threads 1 --timing thread-cpu --compensate --warmup 3 --min-runs 10 \
  --max-runs 50 --target 0.02 --reference-every 0 --device-key "$key" --db "$db"
$hwnas profile --space $fm --metric "latency:$key" "$accuracy" macs --samples $cell_samples --db "$db" \
  --measure-missing --out "$out/profile-$fm"

stage "insights: blocks that cost latency here without buying predicted accuracy, and the reduced space"
rm -f "$out/$fm-rules.yaml" "$out/$fm-insight.yaml"
$hwnas insights --profile "$out/profile-$fm" --write "$out/$fm-rules.yaml"
reduced=$fm
if [[ -f "$out/$fm-rules.yaml" ]]; then
  $hwnas reduce --space $fm --rules "$out/$fm-rules.yaml" --out "$out/$fm-insight.yaml"
  reduced="$out/$fm-insight.yaml"
fi

stage "latency predictors trained on the networks the profile measured (200 held out)"
$hwnas predictor train --kind lut,ridge,xgb,macs --space $fm --device-key "$key" --db "$db" --holdout 200 --seed 1 \
  --out "$out/predictors" --json > "$out/predictors-eval.json"
python3 - "$out/predictors-eval.json" <<'PY'
import json, sys
for kind, r in json.load(open(sys.argv[1])).items():
    h = r["held_out"]
    print(f"{kind:6} held out {h['count']}: {h['within10_pct']:5.1f} % within ±10 %, MAPE {h['mape_pct']:.1f} %, Kendall {h['kendall']:.3f}")
PY
latency="latency:pred:$out/predictors/lut.json"

# The predictors were trained on the original space; they score the reduced space's networks as the
# original's networks they are (docs/reduction.md). Same algorithm, budget and seeds on both.
stage "search: original vs reduced $fm on predicted accuracy and latency (blockprofile-pareto)"
[[ $reduced == "$fm" ]] && echo "(insights proposed no reduction; searching the original twice)"
# The latency side of the hypervolume box: 0 to twice the slowest network measured.
slowest_ms=$(sqlite3 "$out/runs.db" "SELECT 1000 * max(m.median_s) FROM measurements m
  JOIN devices d ON m.device_id = d.id WHERE d.key = '$key'")
latency_box=$(awk -v s="$slowest_ms" 'BEGIN { printf "%.2g", 2 * s }')
ALGOS=blockprofile-pareto SEEDS="$seeds" BUDGET=$budget ACCURACY="$accuracy" LATENCY="$latency" \
  LABEL="predicted top-1 (%)" HV_BOX="--hv-box max:$accuracy=100:60 --hv-box min:$latency=0:$latency_box" \
  HWNAS="$hwnas" bench/search_experiment.sh "$out/search" $fm "$reduced"

stage "done"
python3 scripts/demo_summary.py "$out" "$key" "$(($(date +%s) - started))"
