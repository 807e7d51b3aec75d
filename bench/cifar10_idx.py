#!/usr/bin/env python3
"""CIFAR-10's binary batches (data_batch_1..5.bin, test_batch.bin: records of one label byte and 3,072 bytes
of 32x32 red, green and blue planes) rewritten as a data folder that `hwnas supernet train --data` reads: the
MNIST file names holding rank-4 IDX images (N x 3 x 32 x 32) and rank-1 labels (docs/training.md, Data).

Usage: cifar10_idx.py BATCH_DIR OUT_DIR
"""
import struct
import sys
from pathlib import Path

RECORD = 1 + 3 * 32 * 32


def read_batches(files):
    labels, images = bytearray(), bytearray()
    for f in files:
        data = f.read_bytes()
        if len(data) % RECORD:
            sys.exit(f"{f}: {len(data)} bytes is not a whole number of {RECORD}-byte CIFAR-10 records")
        for offset in range(0, len(data), RECORD):
            labels.append(data[offset])
            images += data[offset + 1:offset + RECORD]
    if max(labels) > 9:
        sys.exit(f"{files[0].parent}: a label above 9; not CIFAR-10")
    return labels, images


def write_idx(path, payload, dims):
    path.write_bytes(struct.pack(">BBBB", 0, 0, 8, len(dims)) + struct.pack(f">{len(dims)}I", *dims) + bytes(payload))


if len(sys.argv) != 3:
    sys.exit(__doc__.strip().splitlines()[-1])
source, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
for split, names in (("train", [f"data_batch_{i}.bin" for i in range(1, 6)]), ("t10k", ["test_batch.bin"])):
    missing = [n for n in names if not (source / n).is_file()]
    if missing:
        sys.exit(f"{source}: no {', '.join(missing)}")
    labels, images = read_batches([source / n for n in names])
    write_idx(out / f"{split}-images-idx3-ubyte", images, (len(labels), 3, 32, 32))
    write_idx(out / f"{split}-labels-idx1-ubyte", labels, (len(labels),))
    print(f"{out}/{split}-*: {len(labels)} images")
