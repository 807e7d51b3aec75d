#!/usr/bin/env python3
"""Independent PyTorch builds of OFA's MobileNetV3, ProxylessNAS and ResNet50 subnets.

Samples random OFA arch dicts, builds each network here in plain PyTorch (written from OFA's
published structure, not from hwnas's code), counts MACs with forward hooks and params with
numel(), and checks that `hwnas stats --json` reports exactly the same numbers.
Usage: ofa_counts.py HWNAS_BINARY [N_PER_SPACE]
"""
import json
import random
import subprocess
import sys

import torch
import torch.nn as nn


def make_divisible(v, divisor=8):
    new_v = max(divisor, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


class HSwish(nn.Module):
    def forward(self, x):
        return x * nn.functional.relu6(x + 3.0) / 6.0


class HSigmoid(nn.Module):
    def forward(self, x):
        return nn.functional.relu6(x + 3.0) / 6.0


def act(name):
    return {"relu": nn.ReLU(), "relu6": nn.ReLU6(), "h_swish": HSwish()}[name]


class SE(nn.Module):
    def __init__(self, c):
        super().__init__()
        mid = make_divisible(c // 4)
        self.reduce = nn.Conv2d(c, mid, 1, bias=True)
        self.expand = nn.Conv2d(mid, c, 1, bias=True)

    def forward(self, x):
        s = x.mean((2, 3), keepdim=True)
        s = HSigmoid()(self.expand(torch.relu(self.reduce(s))))
        return x * s


class MBConv(nn.Module):
    def __init__(self, cin, cout, k, stride, e, a, se):
        super().__init__()
        layers = []
        mid = cin
        if e != 1:
            mid = make_divisible(round(cin * e))
            layers += [nn.Conv2d(cin, mid, 1, bias=False), nn.BatchNorm2d(mid), act(a)]
        layers += [nn.Conv2d(mid, mid, k, stride, k // 2, groups=mid, bias=False), nn.BatchNorm2d(mid), act(a)]
        if se:
            layers.append(SE(mid))
        layers += [nn.Conv2d(mid, cout, 1, bias=False), nn.BatchNorm2d(cout)]
        self.body = nn.Sequential(*layers)
        self.skip = stride == 1 and cin == cout

    def forward(self, x):
        y = self.body(x)
        return x + y if self.skip else y


def conv_bn_act(cin, cout, k, s, a, bn=True, bias=False):
    layers = [nn.Conv2d(cin, cout, k, s, k // 2, bias=bias)]
    if bn:
        layers.append(nn.BatchNorm2d(cout))
    if a:
        layers.append(act(a))
    return nn.Sequential(*layers)


def mbv3(arch):
    widths = [32, 48, 96, 136, 192]
    strides = [2, 2, 2, 1, 2]
    acts = ["relu", "relu", "h_swish", "h_swish", "h_swish"]
    ses = [False, True, False, True, True]
    layers = [conv_bn_act(3, 24, 3, 2, "h_swish"), MBConv(24, 24, 3, 1, 1, "relu", False)]
    cin = 24
    for u in range(5):
        for l in range(arch["d"][u]):
            i = 4 * u + l
            layers.append(MBConv(cin, widths[u], arch["ks"][i], strides[u] if l == 0 else 1, arch["e"][i], acts[u], ses[u]))
            cin = widths[u]
    layers += [conv_bn_act(cin, 1152, 1, 1, "h_swish"), nn.AdaptiveAvgPool2d(1),
               conv_bn_act(1152, 1536, 1, 1, "h_swish", bn=False), nn.Flatten(), nn.Linear(1536, 1000)]
    return nn.Sequential(*layers)


def proxyless(arch):
    widths = [32, 56, 104, 128, 248, 416]
    strides = [2, 2, 2, 1, 2, 1]
    layers = [conv_bn_act(3, 40, 3, 2, "relu6"), MBConv(40, 24, 3, 1, 1, "relu6", False)]
    cin = 24
    for u in range(6):
        depth = min(arch["d"][u], 1 if u == 5 else 4)
        for l in range(depth):
            i = 4 * u + l
            layers.append(MBConv(cin, widths[u], arch["ks"][i], strides[u] if l == 0 else 1, arch["e"][i], "relu6", False))
            cin = widths[u]
    layers += [conv_bn_act(cin, 1664, 1, 1, "relu6"), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(1664, 1000)]
    return nn.Sequential(*layers)


class Bottleneck(nn.Module):
    def __init__(self, cin, cout, stride, e):
        super().__init__()
        mid = make_divisible(round(cout * e))
        self.body = nn.Sequential(
            nn.Conv2d(cin, mid, 1, bias=False), nn.BatchNorm2d(mid), nn.ReLU(),
            nn.Conv2d(mid, mid, 3, stride, 1, bias=False), nn.BatchNorm2d(mid), nn.ReLU(),
            nn.Conv2d(mid, cout, 1, bias=False), nn.BatchNorm2d(cout))
        if stride == 1 and cin == cout:
            self.down = nn.Identity()
        else:
            self.down = nn.Sequential(nn.AvgPool2d(stride, stride, 0, ceil_mode=True),
                                      nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        return torch.relu(self.body(x) + self.down(x))


class StemResidual(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = conv_bn_act(c, c, 3, 1, "relu")

    def forward(self, x):
        return x + self.conv(x)


def resnet50(arch):
    ratios = [0.65, 0.8, 1.0]
    stage_widths = [[make_divisible(w * r) for r in ratios] for w in (256, 512, 1024, 2048)]
    stem_out = [make_divisible(64 * r) for r in ratios]
    stem_mid = [make_divisible(c / 2) for c in stem_out]
    base_depth = [2, 2, 4, 2]
    d, e, w = arch["d"], arch["e"], arch["w"]
    mid, out = stem_mid[w[0]], stem_out[w[1]]
    layers = [conv_bn_act(3, mid, 3, 2, "relu")]
    if d[0] == 2:
        layers.append(StemResidual(mid))
    layers += [conv_bn_act(mid, out, 3, 1, "relu"), nn.MaxPool2d(3, 2, 1)]
    cin, idx = out, 0
    for u in range(4):
        cout = stage_widths[u][w[u + 2]]
        for l in range(base_depth[u] + 2):
            if l < base_depth[u] + d[u + 1]:
                layers.append(Bottleneck(cin, cout, (1 if u == 0 else 2) if l == 0 else 1, e[idx]))
                cin = cout
            idx += 1
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, 1000)]
    return nn.Sequential(*layers)


def count(net, r):
    macs = [0]

    def hook(m, inp, out):
        if isinstance(m, nn.Conv2d):
            macs[0] += out.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]
        elif isinstance(m, nn.Linear):
            macs[0] += m.in_features * m.out_features

    for m in net.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            m.register_forward_hook(hook)
    net.eval()
    with torch.no_grad():
        net(torch.zeros(1, 3, r, r))
    return macs[0], sum(p.numel() for p in net.parameters())


def random_arch(space, rng):
    r = rng.choice(range(128, 225, 16))
    if space == "resnet50":
        return {"d": [rng.choice([0, 1, 2]) for _ in range(5)], "e": [rng.choice([0.2, 0.25, 0.35]) for _ in range(18)],
                "w": [rng.choice([0, 1, 2]) for _ in range(6)], "r": r}
    n = 20 if space == "ofa-mbv3" else 24
    return {"ks": [rng.choice([3, 5, 7]) for _ in range(n)], "e": [rng.choice([3, 4, 6]) for _ in range(n)],
            "d": [rng.choice([2, 3, 4]) for _ in range(n // 4)], "r": r}


def main():
    binary = sys.argv[1]
    per_space = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    rng = random.Random(2021)
    builders = {"ofa-mbv3": mbv3, "proxyless": proxyless, "resnet50": resnet50}
    failures = 0
    for space, builder in builders.items():
        for _ in range(per_space):
            arch = random_arch(space, rng)
            macs, params = count(builder(arch), arch["r"])
            out = subprocess.run([binary, "stats", "--space", space, "--arch", json.dumps(arch), "--json"],
                                 capture_output=True, text=True)
            if out.returncode != 0:
                print(f"FAIL {space} {json.dumps(arch)}: hwnas exited {out.returncode}: {out.stderr.strip()}")
                failures += 1
                continue
            got = json.loads(out.stdout)
            ok = got["macs"] == macs and got["params"] == params
            failures += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {space} r{arch['r']}: macs {got['macs']} vs {macs}, "
                  f"params {got['params']} vs {params}" + ("" if ok else f"  arch {json.dumps(arch)}"))
    total = per_space * len(builders)
    print(f"{total - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
