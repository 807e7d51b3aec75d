#!/usr/bin/env python3
"""The PyTorch half of bench/imagefolder_eval.sh: the same OFA-MobileNetV3 subnet of the same
checkpoint (tests/reference/ofa_supernet.py's random OFA-layout weights, seed 19) evaluated with
PyTorch's Python API (Debian's python3-torch, eager, no_grad) on preprocessed batches; prints the
images/s of the forward passes. Decoding is not included (python3-torch here has no image decoder).
Usage: eval_throughput.py ARCH_JSON BATCH THREADS IMAGES
"""
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "reference"))
import ofa_supernet  # noqa: E402


def main():
    arch = json.loads(sys.argv[1])
    batch, threads, images = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(threads)
    sd = ofa_supernet.build_checkpoint("ofa-mbv3", seed=19)
    r = arch["r"]
    x = torch.randn(batch, 3, r, r)
    with torch.no_grad():
        ofa_supernet.subnet_logits("ofa-mbv3", sd, arch, x)  # warm-up
        start, done = time.perf_counter(), 0
        while done < images:
            ofa_supernet.subnet_logits("ofa-mbv3", sd, arch, x)
            done += batch
        seconds = time.perf_counter() - start
    print(json.dumps({"images": done, "seconds": seconds, "images_per_second": done / seconds,
                      "threads": threads, "resolution": r, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
