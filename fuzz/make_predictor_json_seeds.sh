#!/usr/bin/env bash
# Writes the seeds of fuzz_predictor_json: one small predictor file of each kind for ofa-mbv3-fmnist
# (gru-paper shares the gru's reader; its 512-unit weights would be megabytes), trained on 40 networks
# measured here, and the gru's tensor archive the harness puts beside every input.
#   fuzz/make_predictor_json_seeds.sh [HWNAS_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
hwnas=${1:-build/hwnas}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="sqlite://$work/seeds.db"
"$hwnas" measure --space ofa-mbv3-fmnist -n 40 --seed 1 --threads 1 --min-runs 5 --target 0.1 \
  --device-key seeds@fuzz --db "$db"
"$hwnas" predictor train --kind lut,ridge,gru,xgb,macs --option epochs=2 hidden=8 rounds=10 \
  --space ofa-mbv3-fmnist --device-key seeds@fuzz --db "$db" --out "$work/kinds"
# acc-mlp's reader does not care what it was trained on; latency stands in for accuracy here.
"$hwnas" predictor train --kind acc-mlp --option epochs=2 hidden=8 --space ofa-mbv3-fmnist \
  --target latency:seeds@fuzz --db "$db" --out "$work/kinds/acc-mlp.json"
mkdir -p fuzz/corpus/predictor_json
cp "$work"/kinds/*.json fuzz/corpus/predictor_json/
cp "$work/kinds/gru.pt" fuzz/predictor_json_gru.pt
