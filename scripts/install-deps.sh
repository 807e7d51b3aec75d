#!/usr/bin/env bash
# Installs every Debian package hwnas builds, tests and runs with (Debian 12). Needs root.
set -euo pipefail
packages=(
  cmake ninja-build g++ pkg-config
  libgtest-dev libgmock-dev libbenchmark-dev
  libtorch-dev libopencv-dev libonnx-dev libprotobuf-dev protobuf-compiler
  libsqlite3-dev sqlite3 libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  libeigen3-dev libpagmo-dev libboost-dev libxgboost-dev zlib1g-dev
  gnuplot-nox dataset-fashion-mnist
  chromium  # tests: renders the profile report headless and checks every image loads
  python3-torch  # tests: independent PyTorch reference builds
)
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
