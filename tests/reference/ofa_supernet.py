#!/usr/bin/env python3
"""Independent check of `hwnas supernet import-ofa` and `hwnas export --supernet`.

Writes a supernet checkpoint in the layout of OFA's OFAMobileNetV3 (w1.2) or OFAProxylessNASNets
(w1.3) state_dict (ks 3/5/7, expand 3/4/6, depth 2-4), or OFAResNets (ResNet50: depth 0-2 beyond
the base, expand 0.2/0.25/0.35, width 0.65/0.8/1.0) with random weights: non-identity kernel
transformation matrices, random BN statistics. Computes here, in plain PyTorch written from OFA's
public definitions (not from hwnas's code), the logits of several subnets as OFA's
get_active_subnet() builds them: leading channels for expand ratios and widths, SE width
make_divisible(mid // 4, 8), smaller kernels by OFA's kernel transformation, the network's BN eps;
for ResNet50 the skippable stem block, bottleneck mid = make_divisible(round(width * e), 8) and the
avgpool + 1x1 conv shortcut of each stage's first block.
Then hwnas imports the checkpoint, exports each subnet (ONNX and TorchScript, BN folded) and
the logits of the ONNX model in ONNX Runtime (node, build-deps/ort) and of the TorchScript module
must match to 1e-4 relative (max |difference| / max |logit|).
Usage: ofa_supernet.py HWNAS_BINARY SPACE [N_RANDOM_SUBNETS]   (SPACE: ofa-mbv3 | proxyless | resnet50)
       ofa_supernet.py --write-checkpoint SPACE FILE   (only the checkpoint, a bare state_dict)
"""
import collections
import json
import os
import random
import subprocess
import sys
import tempfile

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
KERNELS = [3, 5, 7]
EXPANDS = [3, 4, 6]
DEPTHS = [2, 3, 4]
TOLERANCE = 1e-4


def make_divisible(v, divisor=8):
    new_v = max(divisor, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


def h_swish(x):
    return x * F.relu6(x + 3.0) / 6.0


def h_sigmoid(x):
    return F.relu6(x + 3.0) / 6.0


ACTS = {"relu": F.relu, "relu6": F.relu6, "h_swish": h_swish}

# OFA's network definitions: base widths, then per stage (the first is the fixed first block)
# stride, activation, SE and number of blocks.
NETWORKS = {
    "ofa-mbv3": dict(
        width_mult=1.2, eps=1e-5, first_act="h_swish",
        base=[16, 16, 24, 40, 80, 112, 160, 960, 1280],
        strides=[1, 2, 2, 2, 1, 2], acts=["relu", "relu", "relu", "h_swish", "h_swish", "h_swish"],
        se=[False, False, True, False, True, True], blocks=[1, 4, 4, 4, 4, 4]),
    "proxyless": dict(
        width_mult=1.3, eps=1e-3, first_act="relu6",
        base=[32, 16, 24, 40, 80, 96, 192, 320, 1280],
        strides=[1, 2, 2, 2, 1, 2, 1], acts=["relu6"] * 7,
        se=[False] * 7, blocks=[1, 4, 4, 4, 4, 4, 1]),
}


class Checkpoint:
    """Random tensors under OFA's state_dict names."""

    def __init__(self, gen):
        self.sd = {}
        self.gen = gen

    def conv(self, name, out, cin, k):
        self.sd[name] = torch.randn(out, cin, k, k, generator=self.gen) * (2.0 / (cin * k * k)) ** 0.5

    def bn(self, prefix, c):
        g = self.gen
        self.sd[prefix + "weight"] = torch.rand(c, generator=g) + 0.5
        self.sd[prefix + "bias"] = torch.randn(c, generator=g) * 0.2
        self.sd[prefix + "running_mean"] = torch.randn(c, generator=g) * 0.2
        self.sd[prefix + "running_var"] = torch.rand(c, generator=g) * 1.5 + 0.5
        self.sd[prefix + "num_batches_tracked"] = torch.tensor(1000)


def widths(net):
    return [make_divisible(w * net["width_mult"]) for w in net["base"]]


def build_checkpoint(space, seed):
    net = NETWORKS[space]
    w = widths(net)
    ck = Checkpoint(torch.Generator().manual_seed(seed))
    sd = ck.sd
    ck.conv("first_conv.conv.weight", w[0], 3, 3)
    ck.bn("first_conv.bn.", w[0])
    # blocks.0: OFA's static MBConvLayer, expand 1 (no inverted_bottleneck), kernel 3
    ck.conv("blocks.0.conv.depth_conv.conv.weight", w[0], 1, 3)
    ck.bn("blocks.0.conv.depth_conv.bn.", w[0])
    ck.conv("blocks.0.conv.point_linear.conv.weight", w[1], w[0], 1)
    ck.bn("blocks.0.conv.point_linear.bn.", w[1])
    cin, index = w[1], 1
    for stage in range(1, len(net["strides"])):
        out = w[stage + 1]
        for _ in range(net["blocks"][stage]):
            p = f"blocks.{index}.conv."
            mid = make_divisible(round(cin * max(EXPANDS)))
            ck.conv(p + "inverted_bottleneck.conv.conv.weight", mid, cin, 1)
            ck.bn(p + "inverted_bottleneck.bn.bn.", mid)
            ck.conv(p + "depth_conv.conv.conv.weight", mid, 1, 7)
            # DynamicSeparableConv2d's transformation matrices, identity plus noise
            for big, small in ((7, 5), (5, 3)):
                sd[p + f"depth_conv.conv.{big}to{small}_matrix"] = (
                    torch.eye(small * small) + 0.1 * torch.randn(small * small, small * small, generator=ck.gen))
            ck.bn(p + "depth_conv.bn.bn.", mid)
            if net["se"][stage]:
                se = make_divisible(mid // 4)
                ck.conv(p + "depth_conv.se.fc.reduce.weight", se, mid, 1)
                sd[p + "depth_conv.se.fc.reduce.bias"] = torch.randn(se, generator=ck.gen) * 0.1
                ck.conv(p + "depth_conv.se.fc.expand.weight", mid, se, 1)
                sd[p + "depth_conv.se.fc.expand.bias"] = torch.randn(mid, generator=ck.gen) * 0.1
            ck.conv(p + "point_linear.conv.conv.weight", out, mid, 1)
            ck.bn(p + "point_linear.bn.bn.", out)
            cin, index = out, index + 1
    if space == "ofa-mbv3":
        ck.conv("final_expand_layer.conv.weight", w[-2], cin, 1)
        ck.bn("final_expand_layer.bn.", w[-2])
        ck.conv("feature_mix_layer.conv.weight", w[-1], w[-2], 1)
    else:
        ck.conv("feature_mix_layer.conv.weight", w[-1], cin, 1)
        ck.bn("feature_mix_layer.bn.", w[-1])
    sd["classifier.linear.weight"] = torch.randn(1000, w[-1], generator=ck.gen) * (1.0 / w[-1]) ** 0.5
    sd["classifier.linear.bias"] = torch.randn(1000, generator=ck.gen) * 0.1
    return sd


# OFAResNets (ofa_resnet50): ResNets' BASE_DEPTH_LIST and STAGE_WIDTH_LIST, the elastic choices.
RESNET_BASE_DEPTHS = [2, 2, 4, 2]
RESNET_STAGE_WIDTHS = [256, 512, 1024, 2048]
RESNET_STRIDES = [1, 2, 2, 2]
RESNET_WIDTH_MULTS = [0.65, 0.8, 1.0]
RESNET_EXPANDS = [0.2, 0.25, 0.35]
RESNET_DEPTHS = [0, 1, 2]


def resnet_widths():
    stem_out = [make_divisible(64 * m) for m in RESNET_WIDTH_MULTS]
    stem_mid = [make_divisible(c // 2) for c in stem_out]
    stages = [[make_divisible(w * m) for m in RESNET_WIDTH_MULTS] for w in RESNET_STAGE_WIDTHS]
    return stem_mid, stem_out, stages


def build_resnet_checkpoint(seed):
    """OFAResNets' state_dict: DynamicConvLayer / DynamicResNetBottleneckBlock / DynamicLinearLayer
    hold their nn modules one level down (conv.conv, bn.bn, linear.linear)."""
    stem_mid, stem_out, stages = resnet_widths()
    ck = Checkpoint(torch.Generator().manual_seed(seed))
    sd = ck.sd
    ck.conv("input_stem.0.conv.conv.weight", stem_mid[-1], 3, 3)
    ck.bn("input_stem.0.bn.bn.", stem_mid[-1])
    ck.conv("input_stem.1.conv.conv.conv.weight", stem_mid[-1], stem_mid[-1], 3)
    ck.bn("input_stem.1.conv.bn.bn.", stem_mid[-1])
    ck.conv("input_stem.2.conv.conv.weight", stem_out[-1], stem_mid[-1], 3)
    ck.bn("input_stem.2.bn.bn.", stem_out[-1])
    in_list, index = stem_out, 0
    for stage, widths in enumerate(stages):
        for i in range(RESNET_BASE_DEPTHS[stage] + max(RESNET_DEPTHS)):
            p = f"blocks.{index}."
            stride = RESNET_STRIDES[stage] if i == 0 else 1
            mid = make_divisible(round(max(widths) * max(RESNET_EXPANDS)))
            ck.conv(p + "conv1.conv.conv.weight", mid, max(in_list), 1)
            ck.bn(p + "conv1.bn.bn.", mid)
            ck.conv(p + "conv2.conv.conv.weight", mid, mid, 3)
            ck.bn(p + "conv2.bn.bn.", mid)
            ck.conv(p + "conv3.conv.conv.weight", max(widths), mid, 1)
            ck.bn(p + "conv3.bn.bn.", max(widths))
            if stride != 1 or in_list != widths:  # OFA: else an IdentityLayer, no tensors
                ck.conv(p + "downsample.conv.conv.weight", max(widths), max(in_list), 1)
                ck.bn(p + "downsample.bn.bn.", max(widths))
            in_list, index = widths, index + 1
    sd["classifier.linear.linear.weight"] = torch.randn(1000, max(in_list), generator=ck.gen) * (1.0 / max(in_list)) ** 0.5
    sd["classifier.linear.linear.bias"] = torch.randn(1000, generator=ck.gen) * 0.1
    return sd


def resnet_logits(sd, arch, x):
    """OFAResNets.set_active_subnet(d, e, w) + get_active_subnet(), in eval mode (BN eps 1e-5)."""
    eps = 1e-5
    stem_mid, stem_out, stages = resnet_widths()
    d, e, w = arch["d"], arch["e"], arch["w"]

    def conv_bn(y, name, bn, out, stride=1, pad=0):
        z = F.conv2d(y, sd[name][:out, :y.size(1)], None, stride, pad)
        return batch_norm(z, sd, bn, eps)

    mid = stem_mid[w[0]]
    y = F.relu(conv_bn(x, "input_stem.0.conv.conv.weight", "input_stem.0.bn.bn.", mid, 2, 1))
    if d[0] == max(RESNET_DEPTHS):  # else input_stem_skipping
        y = y + F.relu(conv_bn(y, "input_stem.1.conv.conv.conv.weight", "input_stem.1.conv.bn.bn.", mid, 1, 1))
    y = F.relu(conv_bn(y, "input_stem.2.conv.conv.weight", "input_stem.2.bn.bn.", stem_out[w[1]], 1, 1))
    y = F.max_pool2d(y, 3, 2, 1)
    index = 0
    for stage, widths in enumerate(stages):
        n = RESNET_BASE_DEPTHS[stage] + max(RESNET_DEPTHS)
        width = widths[w[2 + stage]]
        for i in range(RESNET_BASE_DEPTHS[stage] + d[1 + stage]):
            p = f"blocks.{index + i}."
            stride = RESNET_STRIDES[stage] if i == 0 else 1
            mid = make_divisible(round(width * e[index + i]))
            z = F.relu(conv_bn(y, p + "conv1.conv.conv.weight", p + "conv1.bn.bn.", mid))
            z = F.relu(conv_bn(z, p + "conv2.conv.conv.weight", p + "conv2.bn.bn.", mid, stride, 1))
            z = conv_bn(z, p + "conv3.conv.conv.weight", p + "conv3.bn.bn.", width)
            residual = y
            if p + "downsample.conv.conv.weight" in sd:
                residual = F.avg_pool2d(y, stride, stride, 0, ceil_mode=True)
                residual = conv_bn(residual, p + "downsample.conv.conv.weight", p + "downsample.bn.bn.", width)
            y = F.relu(z + residual)
        index += n
    y = y.mean((2, 3))
    return F.linear(y, sd["classifier.linear.linear.weight"][:, :y.size(1)], sd["classifier.linear.linear.bias"])


def resnet_archs(count, rng):
    blocks = sum(RESNET_BASE_DEPTHS) + len(RESNET_BASE_DEPTHS) * max(RESNET_DEPTHS)
    out = [{"d": [2, 2, 2, 2, 2], "e": [0.35] * blocks, "w": [2] * 6, "r": 144},
           {"d": [0, 0, 0, 0, 0], "e": [0.2] * blocks, "w": [0] * 6, "r": 128},
           {"d": [2, 1, 0, 2, 1], "e": [0.25] * blocks, "w": [1, 0, 2, 1, 0, 2], "r": 224}]
    for _ in range(count):
        out.append({"d": [rng.choice([0, 2])] + [rng.choice(RESNET_DEPTHS) for _ in RESNET_BASE_DEPTHS],
                    "e": [rng.choice(RESNET_EXPANDS) for _ in range(blocks)],
                    "w": [rng.randrange(3) for _ in range(6)], "r": rng.choice([128, 144, 160, 176, 208])})
    return out


def batch_norm(x, sd, prefix, eps):
    c = x.size(1)
    return F.batch_norm(x, sd[prefix + "running_mean"][:c], sd[prefix + "running_var"][:c],
                        sd[prefix + "weight"][:c], sd[prefix + "bias"][:c], False, 0.0, eps)


def depthwise_kernel(sd, p, mid, k):
    """OFA's get_active_filter with KERNEL_TRANSFORM_MODE = 1."""
    w = sd[p + "depth_conv.conv.conv.weight"][:mid]
    size = max(KERNELS)
    while size > k:
        smaller = KERNELS[KERNELS.index(size) - 1]
        start = (size - smaller) // 2
        centre = w[:, :, start:start + smaller, start:start + smaller].reshape(mid, smaller * smaller)
        w = F.linear(centre, sd[p + f"depth_conv.conv.{size}to{smaller}_matrix"]).reshape(mid, 1, smaller, smaller)
        size = smaller
    return w


def subnet_logits(space, sd, arch, x):
    """The subnet OFA's set_active_subnet(ks, e, d) + get_active_subnet() gives, in eval mode."""
    net = NETWORKS[space]
    eps = net["eps"]
    w = widths(net)
    y = F.conv2d(x, sd["first_conv.conv.weight"], None, 2, 1)
    y = ACTS[net["first_act"]](batch_norm(y, sd, "first_conv.bn.", eps))
    z = F.conv2d(y, sd["blocks.0.conv.depth_conv.conv.weight"], None, 1, 1, 1, w[0])
    z = ACTS[net["acts"][0]](batch_norm(z, sd, "blocks.0.conv.depth_conv.bn.", eps))
    z = batch_norm(F.conv2d(z, sd["blocks.0.conv.point_linear.conv.weight"]), sd, "blocks.0.conv.point_linear.bn.", eps)
    y = y + z if w[0] == w[1] else z
    cin, index, position = w[1], 1, 0
    for stage in range(1, len(net["strides"])):
        out, n = w[stage + 1], net["blocks"][stage]
        depth = min(arch["d"][stage - 1], n)
        for i in range(n):
            if i < depth:
                p = f"blocks.{index + i}.conv."
                k, e = arch["ks"][position + i], arch["e"][position + i]
                stride = net["strides"][stage] if i == 0 else 1
                act = ACTS[net["acts"][stage]]
                mid = make_divisible(round(cin * e))
                z = F.conv2d(y, sd[p + "inverted_bottleneck.conv.conv.weight"][:mid, :cin])
                z = act(batch_norm(z, sd, p + "inverted_bottleneck.bn.bn.", eps))
                z = F.conv2d(z, depthwise_kernel(sd, p, mid, k), None, stride, k // 2, 1, mid)
                z = act(batch_norm(z, sd, p + "depth_conv.bn.bn.", eps))
                if net["se"][stage]:
                    se = make_divisible(mid // 4)
                    s = z.mean((2, 3), keepdim=True)
                    s = F.relu(F.conv2d(s, sd[p + "depth_conv.se.fc.reduce.weight"][:se, :mid],
                                        sd[p + "depth_conv.se.fc.reduce.bias"][:se]))
                    s = h_sigmoid(F.conv2d(s, sd[p + "depth_conv.se.fc.expand.weight"][:mid, :se],
                                           sd[p + "depth_conv.se.fc.expand.bias"][:mid]))
                    z = z * s
                z = batch_norm(F.conv2d(z, sd[p + "point_linear.conv.conv.weight"][:, :mid]), sd,
                               p + "point_linear.bn.bn.", eps)
                y = y + z if stride == 1 and cin == out else z
                cin = out
        index += n
        position += n
    if space == "ofa-mbv3":
        y = h_swish(batch_norm(F.conv2d(y, sd["final_expand_layer.conv.weight"]), sd, "final_expand_layer.bn.", eps))
        y = h_swish(F.conv2d(y.mean((2, 3), keepdim=True), sd["feature_mix_layer.conv.weight"]))
    else:
        y = F.relu6(batch_norm(F.conv2d(y, sd["feature_mix_layer.conv.weight"]), sd, "feature_mix_layer.bn.", eps))
        y = y.mean((2, 3), keepdim=True)
    return F.linear(y.flatten(1), sd["classifier.linear.weight"], sd["classifier.linear.bias"])


def archs(space, count, rng):
    stages = len(NETWORKS[space]["strides"]) - 1
    n = 4 * stages
    out = [{"ks": [7] * n, "e": [6] * n, "d": [4] * stages, "r": 160},
           {"ks": [3] * n, "e": [3] * n, "d": [2] * stages, "r": 128},
           {"ks": [5] * n, "e": [4] * n, "d": [3] * stages, "r": 224}]
    for _ in range(count):
        out.append({"ks": [rng.choice(KERNELS) for _ in range(n)], "e": [rng.choice(EXPANDS) for _ in range(n)],
                    "d": [rng.choice(DEPTHS) for _ in range(stages)], "r": rng.choice([128, 144, 160, 176])})
    return out


def relative_error(got, expected):
    return float((got - expected).abs().max() / expected.abs().max())


def main():
    if sys.argv[1] == "--write-checkpoint":
        space = sys.argv[2]
        torch.save(build_resnet_checkpoint(19) if space == "resnet50" else build_checkpoint(space, seed=19), sys.argv[3])
        return
    binary, space = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    torch.set_num_threads(1)
    resnet = space == "resnet50"
    sd = build_resnet_checkpoint(19) if resnet else build_checkpoint(space, seed=19)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        checkpoint = os.path.join(tmp, "ofa.pth")
        # As model.state_dict() returns it: an OrderedDict carrying `_metadata`. OFA's published
        # checkpoints hold it under 'state_dict' beside e.g. the epoch, saved by PyTorch < 1.6 in the
        # legacy format; a bare state_dict in the zip format is accepted too.
        state = collections.OrderedDict(sd)
        state._metadata = collections.OrderedDict([("", {"version": 1})])
        if space == "ofa-mbv3":
            torch.save({"state_dict": state, "epoch": 180}, checkpoint, _use_new_zipfile_serialization=False)
        else:
            torch.save(state, checkpoint)
        supernet = os.path.join(tmp, "supernet")
        subprocess.run([binary, "supernet", "import-ofa", "--checkpoint", checkpoint, "--space", space,
                        "--out", supernet], check=True)
        for i, arch in enumerate(resnet_archs(count, random.Random(7)) if resnet else archs(space, count, random.Random(7))):
            r = arch["r"]
            x = torch.randn(1, 3, r, r, generator=torch.Generator().manual_seed(100 + i))
            with torch.no_grad():
                expected = resnet_logits(sd, arch, x) if resnet else subnet_logits(space, sd, arch, x)
            onnx, script, raw = (os.path.join(tmp, f"net{i}.{ext}") for ext in ("onnx", "pt", "bin"))
            subprocess.run([binary, "export", "--supernet", supernet, "--arch", json.dumps(arch), "--onnx", onnx,
                            "--torchscript", script], check=True, stdout=subprocess.DEVNULL)
            x.numpy().astype("<f4").tofile(raw)
            ort = subprocess.run(["node", os.path.join(HERE, "ort_run.mjs"), onnx, raw, f"1x3x{r}x{r}"],
                                 capture_output=True, text=True)
            if ort.returncode != 0:
                print(f"FAIL {space} subnet {i}: ONNX Runtime: {ort.stderr.strip()}")
                failures += 1
                continue
            got_ort = torch.tensor(json.loads(ort.stdout)["values"]).reshape(expected.shape)
            with torch.no_grad():
                got_ts = torch.jit.load(script)(x)
            errors = (relative_error(got_ort, expected), relative_error(got_ts, expected))
            ok = max(errors) <= TOLERANCE
            failures += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {space} r{r} d{arch['d']}: max |logit| {float(expected.abs().max()):.3g}, "
                  f"relative error ONNX Runtime {errors[0]:.2e}, TorchScript {errors[1]:.2e}"
                  + ("" if ok else f"  arch {json.dumps(arch)}"))
    print(f"{space}: {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
