"""Spaces and architectures: load_space, size, sample (equal to `hwnas size` / `hwnas sample`), Arch."""

import unittest

from hwnas_test_support import cli, cli_json

import hwnas


class SpaceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.space = hwnas.load_space("ofa-mbv3")

    def test_loads_shipped_spaces_by_name(self) -> None:
        self.assertIn("ofa-mbv3", hwnas.spaces())
        self.assertEqual(self.space.name, "ofa-mbv3")
        self.assertIn(224, self.space.resolutions)
        self.assertIn("e6k7", self.space.blocks)

    def test_size_equals_the_cli(self) -> None:
        for name in ("ofa-mbv3", "resnet50"):
            expected = cli_json("size", "--space", name, "--json")
            space = hwnas.load_space(name)
            self.assertEqual(space.size(), int(expected["total"]))
            self.assertEqual(space.size_per_resolution(), int(expected["per_resolution"]))
        self.assertEqual(self.space.size_per_resolution(), 7371**5)

    def test_sample_with_a_seed_equals_the_cli(self) -> None:
        archs = self.space.sample(20, seed=7)
        self.assertEqual([str(a) for a in archs], cli("sample", "--space", "ofa-mbv3", "-n", "20", "--seed", "7").split())

    def test_sample_returns_an_arch_list(self) -> None:
        archs = self.space.sample(6, seed=7)
        self.assertIsInstance(archs, hwnas.ArchList)
        self.assertEqual(len(archs), 6)
        self.assertIsInstance(archs[0], hwnas.Arch)
        self.assertEqual(archs[-1], list(archs)[5])
        self.assertEqual([str(a) for a in archs[1:5:2]], [str(archs[1]), str(archs[3])])
        self.assertEqual(archs, self.space.sample(6, seed=7))
        self.assertEqual(archs, list(archs))
        self.assertEqual(hwnas.ArchList(self.space, [str(a) for a in archs]), archs)
        with self.assertRaises(IndexError):
            archs[6]
        with self.assertRaises(hwnas.InputError):
            hwnas.ArchList(self.space, [str(archs[0]), "r224|not,blocks"])
        at_160 = hwnas.ArchList(self.space, archs, resolution=160)
        self.assertTrue(all(a.resolution == 160 for a in at_160))

    def test_sample_with_a_fixed_block_equals_the_cli(self) -> None:
        for fix in ((2, 4, "e6k7"), "2:4:e6k7"):
            archs = self.space.sample(15, seed=3, fix=fix, resolution=192)
            expected = cli("sample", "--space", "ofa-mbv3", "-n", "15", "--seed", "3", "--fix", "2:4:e6k7",
                           "--resolution", "192").split()
            self.assertEqual([str(a) for a in archs], expected)
            for a in archs:
                self.assertEqual(a.blocks[1][3], "e6k7")
                self.assertEqual(a.resolution, 192)

    def test_bad_input_raises_input_error(self) -> None:
        with self.assertRaisesRegex(hwnas.InputError, "no-such-space"):
            hwnas.load_space("no-such-space")
        with self.assertRaises(hwnas.InputError):
            self.space.sample(3, fix=(9, 1, "e3k3"))
        with self.assertRaisesRegex(hwnas.InputError, "resolution 100"):
            self.space.sample(3, resolution=100)
        with self.assertRaises(hwnas.InputError):
            hwnas.Arch(self.space, "r224|not,blocks")
        self.assertTrue(issubclass(hwnas.InputError, ValueError))


class ArchTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.space = hwnas.load_space("ofa-mbv3")

    def test_text_round_trip_equality_and_hash(self) -> None:
        a = self.space.sample(1, seed=11)[0]
        b = hwnas.Arch(self.space, str(a))
        self.assertEqual(a, b)
        self.assertEqual(hash(a), hash(b))
        self.assertEqual(len({a, b, *self.space.sample(1, seed=12)}), 2)
        self.assertNotEqual(a, str(a))
        self.assertEqual(repr(a), f"hwnas.Arch(space='ofa-mbv3', arch='{a}')")
        self.assertEqual(len(a.arch_hash), 16)

    def test_ofa_dict_round_trip(self) -> None:
        for a in self.space.sample(5, seed=2):
            d = a.to_ofa_dict()
            self.assertEqual(set(d), {"ks", "e", "d", "r"})
            self.assertEqual(hwnas.Arch.from_ofa_dict(self.space, d), a)
            self.assertEqual(hwnas.Arch(self.space, d), a)
            self.assertEqual(hwnas.Arch(self.space, a.to_net_str(), resolution=a.resolution), a)
            self.assertEqual(hwnas.Arch(self.space, a.to_json()), a)
        r50 = hwnas.load_space("resnet50")
        a = r50.sample(1, seed=1)[0]
        self.assertEqual(hwnas.Arch.from_ofa_dict(r50, a.to_ofa_dict()), a)

    def test_resolution_override_and_space_mismatch(self) -> None:
        a = self.space.sample(1, seed=4, resolution=224)[0]
        self.assertEqual(hwnas.Arch(self.space, a, resolution=160).resolution, 160)
        proxyless = hwnas.load_space("proxyless")
        with self.assertRaisesRegex(hwnas.InputError, "space 'ofa-mbv3' given for space 'proxyless'"):
            hwnas.stats(proxyless, a)


if __name__ == "__main__":
    unittest.main()
