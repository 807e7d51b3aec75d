#!/usr/bin/env python3
"""Writes the torch.save files tests/train/state_dict_file_test.cpp reads, with python3-torch (run
once; the files are committed so the test needs no Python). Every tensor holds
arange(numel) * 0.5 + k (k given per file below), so the test knows each value without PyTorch.
Usage: make_state_dicts.py OUT_DIR
"""
import os
import sys

import torch
import torch.nn as nn


def fill(tensor, k):
    with torch.no_grad():
        tensor.copy_((torch.arange(tensor.numel(), dtype=torch.float64) * 0.5 + k).view_as(tensor))


def small_model():
    model = nn.Sequential(nn.Conv2d(2, 3, 3), nn.BatchNorm2d(3))
    for k, t in enumerate(model.state_dict().values()):  # parameters and buffers, in order
        if t.is_floating_point():
            fill(t, k)
    return model


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    # What `torch.save(model.state_dict())` writes: an OrderedDict with `_metadata` (zip format).
    torch.save(small_model().state_dict(), os.path.join(out, "ordered_dict.pth"))
    # OFA's published layout in the legacy (pre-1.6) format: the state_dict beside other entries.
    checkpoint = {"epoch": 7, "best_acc": 71.5, "state_dict": small_model().state_dict(),
                  "optimizer": {"state": {}, "param_groups": [{"lr": 0.1, "params": [0, 1]}]}}
    torch.save(checkpoint, os.path.join(out, "legacy_wrapped.pth"), _use_new_zipfile_serialization=False)
    # One entry: pickled with SETITEM, not SETITEMS.
    one = torch.empty(2, 2)
    fill(one, 3)
    torch.save({"only": one}, os.path.join(out, "one_entry.pth"))
    # Views sharing one storage, other dtypes and a Parameter, pickle protocol 4.
    base = torch.empty(24, dtype=torch.float64)
    fill(base, 1)
    half = torch.empty(5, dtype=torch.float16)
    fill(half, 2)
    parameter = nn.Parameter(torch.empty(3))
    fill(parameter, 4)
    mixed = {"base": base, "odd": base[1::2], "transposed": base.view(4, 6).t(), "half": half,
             "long": torch.arange(4, dtype=torch.int64) * 3, "mask": torch.tensor([True, False, True]),
             "parameter": parameter, "empty": torch.empty(0, 3), "note": "not a tensor"}
    torch.save(mixed, os.path.join(out, "views_and_dtypes.pth"), pickle_protocol=4)
    torch.save({"epoch": 3}, os.path.join(out, "no_tensors.pth"))


if __name__ == "__main__":
    main()
