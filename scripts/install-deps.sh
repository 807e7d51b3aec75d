#!/usr/bin/env bash
# Installs every Debian package hwnas builds, tests and runs with (Debian 12). Needs root.
set -euo pipefail
packages=(
  cmake ninja-build g++ pkg-config
  ccache  # scripts/build.sh compiles through it: a rebuild or a second checkout recompiles only what changed
  libgtest-dev libgmock-dev libbenchmark-dev
  libtorch-dev libopencv-dev libonnx-dev libprotobuf-dev protobuf-compiler
  libsqlite3-dev sqlite3 libpqxx-dev libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  libeigen3-dev libpagmo-dev libboost-dev libxgboost-dev zlib1g-dev
  libdnnl-dev  # oneDNN headers: the torchscript engine compiles its convolutions with it
  libopenblas0-openmp  # LibTorch's BLAS: Debian's default reference BLAS runs a 256x512x512 gemm 25x slower
  gnuplot-nox dataset-fashion-mnist
  clang libclang-rt-14-dev  # bench/fuzz.sh: the libFuzzer harnesses of fuzz/ (clang with libFuzzer and the sanitizer runtimes)
  llvm  # llvm-symbolizer: names the functions in sanitizer reports, which the LibTorch leak suppression matches
  postgresql openssl  # tests: a private PostgreSQL cluster (farm, store contract) and a throwaway TLS CA
  chromium  # tests: renders the profile report headless and checks every image loads
  python3-torch  # tests: independent PyTorch reference builds; the Python module's tests load its exports
  pybind11-dev python3-dev python3-numpy  # the Python module hwnas (python/, docs/python.md)
)
# Node.js + npm for ONNX Runtime for node (below); a machine that already has npm keeps its own.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# ONNX Runtime for node (not in Debian 12): the independent runtime that tests and benchmarks check
# exported models with (scripts/ort_bench.mjs). Goes into build-deps/ort (ignored by git). The CPU
# build ships in the npm package; skipping the CUDA download keeps it offline-friendly.
cd "$(dirname "$0")/.."
if [ ! -d build-deps/ort/node_modules/onnxruntime-node ]; then
  mkdir -p build-deps/ort
  ONNXRUNTIME_NODE_INSTALL_CUDA=skip npm install --silent --no-audit --no-fund --prefix build-deps/ort onnxruntime-node@1.20.1
fi
