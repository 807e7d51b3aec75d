"""export_torchscript read back by python3-torch in the same process, whichever of torch and hwnas
is imported first (both use Debian's LibTorch 1.13); export_onnx writes a model."""

import os
import subprocess
import sys
import textwrap
import unittest

from hwnas_test_support import ScratchTestCase

import hwnas


class ExportTest(ScratchTestCase):
    def test_torchscript_loads_in_torch_with_the_right_output_shape(self) -> None:
        import torch

        space = hwnas.load_space("ofa-mbv3")
        arch = space.sample(1, seed=6, resolution=160)[0]
        path = hwnas.export_torchscript(space, arch, self.path("net.pt"), seed=1)
        module = torch.jit.load(path)
        module.eval()
        with torch.no_grad():
            y = module(torch.rand(1, 3, 160, 160))
        self.assertEqual(tuple(y.shape), (1, 1000))
        params = sum(p.numel() for p in module.parameters())
        self.assertEqual(params, hwnas.stats(space, arch)["params"])

    def test_onnx_export_writes_a_model(self) -> None:
        space = hwnas.load_space("proxyless")
        path = hwnas.export_onnx(space, str(space.sample(1, seed=2)[0]), self.path("net.onnx"))
        self.assertGreater(os.path.getsize(path), 100_000)

    def test_import_order_does_not_matter(self) -> None:
        script = textwrap.dedent(
            """
            import sys
            first, second = sys.argv[1], sys.argv[2]
            modules = {name: __import__(name) for name in (first, second)}
            torch, hwnas = modules["torch"], modules["hwnas"]
            space = hwnas.load_space("ofa-mbv3-fmnist")
            path = hwnas.export_torchscript(space, space.sample(1, seed=1)[0], sys.argv[3])
            y = torch.jit.load(path)(torch.rand(1, 1, 28, 28))
            print(tuple(y.shape))
            """
        )
        for order in (("torch", "hwnas"), ("hwnas", "torch")):
            done = subprocess.run([sys.executable, "-c", script, *order, self.path(f"{order[0]}.pt")],
                                  capture_output=True, text=True, timeout=300)
            self.assertEqual(done.returncode, 0, f"{order}: {done.stderr}")
            self.assertEqual(done.stdout.strip(), "(1, 10)")


if __name__ == "__main__":
    unittest.main()
