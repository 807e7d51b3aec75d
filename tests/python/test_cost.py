"""stats, simulate and evaluate: equal to `hwnas stats --json` for the same architecture."""

import unittest

import numpy as np

from hwnas_test_support import cli_json

import hwnas


class CostTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.space = hwnas.load_space("ofa-mbv3")
        cls.arch = cls.space.sample(1, seed=3)[0]

    def test_stats_equal_the_cli(self) -> None:
        expected = cli_json("stats", "--space", "ofa-mbv3", "--arch", str(self.arch), "--json")
        self.assertEqual(hwnas.stats(self.space, self.arch), expected)
        # Any --arch text works, and a resolution override too.
        ofa = self.arch.to_ofa_dict()
        self.assertEqual(hwnas.stats(self.space, ofa), expected)
        expected_160 = cli_json("stats", "--space", "ofa-mbv3", "--arch", str(self.arch), "--resolution", "160", "--json")
        self.assertEqual(hwnas.stats(self.space, str(self.arch), resolution=160), expected_160)

    def test_stats_with_a_simulated_device_equal_the_cli(self) -> None:
        expected = cli_json("stats", "--space", "ofa-mbv3", "--arch", str(self.arch), "--device", "sim:midap", "--json")
        got = hwnas.stats(self.space, self.arch, device="sim:midap")
        self.assertEqual(got, expected)
        self.assertGreater(got["latency_ms"], 0)

    def test_simulate_agrees_with_stats(self) -> None:
        expected = hwnas.stats(self.space, self.arch, device="sim:kirin-npu-like")
        got = hwnas.simulate(self.space, self.arch, device="sim:kirin-npu-like")
        self.assertAlmostEqual(got["latency_ms"], expected["latency_ms"], places=12)
        self.assertEqual([l["latency_ms"] for l in got["layers"]], [l["latency_ms"] for l in expected["layers"]])
        self.assertEqual(got["kernels"], expected["kernels"])
        self.assertIn("midap", hwnas.devices())

    def test_evaluate_over_many_archs(self) -> None:
        archs = self.space.sample(30, seed=5)
        macs = hwnas.evaluate(self.space, "macs", archs)
        self.assertIsInstance(macs, np.ndarray)
        self.assertEqual(macs.dtype, np.float64)
        self.assertEqual(list(macs), [hwnas.stats(self.space, a)["macs"] for a in archs])
        sim = hwnas.evaluate(self.space, "latency:sim:midap", [str(a) for a in archs[:3]])
        self.assertEqual(list(sim), [hwnas.simulate(self.space, a)["latency_ms"] for a in archs[:3]])

    def test_bad_input_raises_input_error(self) -> None:
        with self.assertRaisesRegex(hwnas.InputError, "unknown metric 'nonsense'"):
            hwnas.evaluate(self.space, "nonsense", [self.arch])
        with self.assertRaisesRegex(hwnas.InputError, "expected sim:<device>"):
            hwnas.stats(self.space, self.arch, device="midap")
        with self.assertRaises(hwnas.InputError):
            hwnas.simulate(self.space, self.arch, device="sim:no-such-device")
        with self.assertRaises(TypeError):
            hwnas.stats(self.space, 42)


if __name__ == "__main__":
    unittest.main()
