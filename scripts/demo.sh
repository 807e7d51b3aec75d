#!/usr/bin/env bash
# The main job on this machine's CPU with the embedded defaults: a short tour of hwnas.
# Writes everything under out/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
hwnas=./build/hwnas
out=out/demo
mkdir -p "$out"

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
echo; echo "wrote $out/"
