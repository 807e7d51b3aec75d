#!/usr/bin/env python3
"""The Python half of bench/train_throughput.sh: trains one architecture of an MBConv space with
PyTorch's Python API (Debian's python3-torch) the way `hwnas supernet train --arch` does — same
network, batch size, Adam, cross entropy, augmentation-free batches from the same IDX files — and
prints images/s of the training steps.
The network is built here from the space YAML and the canonical architecture text, independently
of hwnas's C++ code. Usage: train_throughput.py SPACE_YAML ARCH DATA_DIR STEPS BATCH THREADS
"""
import gzip
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import yaml


def make_divisible(v, divisor=8):
    new_v = max(divisor, int(v + divisor / 2) // divisor * divisor)
    return new_v + divisor if new_v < 0.9 * v else new_v


ACTS = {"relu": F.relu, "relu6": F.relu6, "h_swish": F.hardswish, "identity": lambda x: x}


class MBConv(nn.Module):
    def __init__(self, cin, cout, k, stride, e, act, se, divisor):
        super().__init__()
        self.act, self.skip, self.se = ACTS[act], stride == 1 and cin == cout, se
        mid = cin if e == 1 else make_divisible(round(cin * e), divisor)
        self.expand = nn.Sequential(nn.Conv2d(cin, mid, 1, bias=False), nn.BatchNorm2d(mid)) if e != 1 else None
        self.dw = nn.Sequential(nn.Conv2d(mid, mid, k, stride, k // 2, groups=mid, bias=False), nn.BatchNorm2d(mid))
        if se:
            hidden = make_divisible(mid // 4, divisor)
            self.reduce, self.grow = nn.Conv2d(mid, hidden, 1), nn.Conv2d(hidden, mid, 1)
        self.project = nn.Sequential(nn.Conv2d(mid, cout, 1, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.act(self.expand(x)) if self.expand is not None else x
        y = self.act(self.dw(y))
        if self.se:
            y = y * F.hardsigmoid(self.grow(F.relu(self.reduce(y.mean((2, 3), keepdim=True)))))
        y = self.project(y)
        return x + y if self.skip else y


class Fixed(nn.Module):
    def __init__(self, spec, cin, divisor):
        super().__init__()
        self.op, self.out = spec["op"], spec.get("out", cin)
        if self.op == "conv":
            k, bn = spec.get("kernel", 1), spec.get("bn", True)
            self.conv = nn.Conv2d(cin, self.out, k, spec.get("stride", 1), k // 2, bias=spec.get("bias", False))
            self.bn = nn.BatchNorm2d(self.out) if bn else None
            self.act = ACTS[spec.get("act", "identity")]
        elif self.op == "block":
            b = spec["block"]
            self.block = MBConv(cin, self.out, b["kernel"], spec.get("stride", 1), b["expand"], spec["act"], False, divisor)
        elif self.op == "linear":
            self.linear = nn.Linear(cin, self.out, bias=spec.get("bias", True))

    def forward(self, x):
        if self.op == "conv":
            y = self.conv(x)
            return self.act(self.bn(y) if self.bn is not None else y)
        if self.op == "block":
            return self.block(x)
        if self.op == "global_avg_pool":
            return x.mean((2, 3), keepdim=True)
        return self.linear(x.flatten(1))


def build(space, arch):
    blocks = {b["name"]: b for b in space["blocks"]}
    divisor = space.get("channel_divisor", 8)
    layers, c = [], space["input"]["channels"]
    for spec in space["stem"]:
        layers.append(Fixed(spec, c, divisor)); c = layers[-1].out
    for unit, text in zip(space["units"], arch.split("|")[1:]):
        for i, name in enumerate(text.split(",")):
            b = blocks[name]
            layers.append(MBConv(c, unit["out"], b["kernel"], unit["stride"] if i == 0 else 1, b["expand"],
                                 unit["act"], unit.get("se", False), divisor))
            c = unit["out"]
    for spec in space["head"]:
        layers.append(Fixed(spec, c, divisor)); c = layers[-1].out
    return nn.Sequential(*layers)


def read_idx(path):
    with gzip.open(path) if str(path).endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * rank).reshape(dims)


def main():
    space_file, arch, data_dir, steps, batch, threads = sys.argv[1:7]
    steps, batch = int(steps), int(batch)
    torch.set_num_threads(int(threads))
    torch.manual_seed(0)
    space = yaml.safe_load(open(space_file))
    images = read_idx(f"{data_dir}/train-images-idx3-ubyte.gz")[: steps * batch]
    labels = read_idx(f"{data_dir}/train-labels-idx1-ubyte.gz")[: steps * batch]
    x_all = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    x_all = (x_all - x_all.mean()) / x_all.std()
    y_all = torch.from_numpy(labels.astype(np.int64))
    net = build(space, arch).train()
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)
    seconds = 0.0
    for step in range(steps):
        start = time.perf_counter()
        x, y = x_all[step * batch:(step + 1) * batch], y_all[step * batch:(step + 1) * batch]
        opt.zero_grad()
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        seconds += time.perf_counter() - start
    print(f"{steps * batch / seconds:.1f}")


if __name__ == "__main__":
    main()
