#!/usr/bin/env python3
"""Writes a PyTorch state_dict in the layout of OFA's published accuracy predictor, plus a few OFA
arch dicts and this model's predictions for them, for tests/train/predictor_test.cpp.
The model and the feature encoding (OFA's spec2feats: one-hot kernel per block, one-hot expand per
block, inactive blocks zero, one-hot (r - 112) // 16) are written here from OFA's code, not hwnas's.
The ofa_nas layout is saved as `torch.save(model.state_dict())` writes it (an OrderedDict with
`_metadata`, zip format); the tutorial layout under "state_dict" in the legacy (pre-1.6) format.
Usage: make_ofa_predictor.py OUT.pth OUT.json {ofa_nas|tutorial}
"""
import json
import random
import sys

import torch
import torch.nn as nn


def spec2feats(ks, e, d, r):
    ks, e = list(ks), list(e)
    for stage, depth in enumerate(d):
        for j in range(stage * 4 + depth, stage * 4 + 4):
            ks[j] = e[j] = 0
    kmap, emap = {3: 0, 5: 1, 7: 2}, {3: 0, 4: 1, 6: 2}
    k1, e1, r1 = [0.0] * 60, [0.0] * 60, [0.0] * 8
    for i in range(20):
        if ks[i]:
            k1[i * 3 + kmap[ks[i]]] = 1.0
        if e[i]:
            e1[i * 3 + emap[e[i]]] = 1.0
    r1[(r - 112) // 16] = 1.0
    return torch.tensor(k1 + e1 + r1)


class OfaNasPredictor(nn.Module):
    """ofa/nas/accuracy_predictor/acc_predictor.py: layers.{0,1,2} = Linear+ReLU, layers.3 = Linear(no bias)."""

    def __init__(self):
        super().__init__()
        layers = [nn.Sequential(nn.Linear(128 if i == 0 else 400, 400), nn.ReLU()) for i in range(3)]
        layers.append(nn.Linear(400, 1, bias=False))
        self.layers = nn.Sequential(*layers)
        self.base_acc = nn.Parameter(torch.tensor([0.7]), requires_grad=False)

    def forward(self, x):
        return self.layers(x).squeeze(1) + self.base_acc


def main():
    out_pth, out_json, layout = sys.argv[1:4]
    torch.manual_seed(0)
    random.seed(0)
    if layout == "ofa_nas":
        model = OfaNasPredictor()
        torch.save(model.state_dict(), out_pth)
    else:
        model = nn.Sequential(nn.Linear(128, 400), nn.ReLU(), nn.Linear(400, 400), nn.ReLU(),
                              nn.Linear(400, 400), nn.ReLU(), nn.Linear(400, 1))
        torch.save({"state_dict": model.state_dict()}, out_pth, _use_new_zipfile_serialization=False)
    archs, preds = [], []
    for _ in range(6):
        arch = {"ks": [random.choice([3, 5, 7]) for _ in range(20)], "e": [random.choice([3, 4, 6]) for _ in range(20)],
                "d": [random.choice([2, 3, 4]) for _ in range(5)], "r": random.choice([128, 160, 192, 224])}
        with torch.no_grad():
            y = model(spec2feats(arch["ks"], arch["e"], arch["d"], arch["r"]).unsqueeze(0)).reshape(-1)
        archs.append(arch)
        preds.append(float(y[0]))
    json.dump({"archs": archs, "predictions": preds}, open(out_json, "w"))


if __name__ == "__main__":
    main()
