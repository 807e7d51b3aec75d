"""Predictors and the store: load_predictor(...).predict equal to `hwnas predict`, open_store equal to
`hwnas db show --json`, and measure into a store with a progress callback."""

import csv
import unittest

import numpy as np

from hwnas_test_support import ScratchTestCase, cli, cli_json

import hwnas


class PredictStoreTest(ScratchTestCase):
    space: hwnas.Space

    @classmethod
    def setUpClass(cls) -> None:
        cls.space = hwnas.load_space("ofa-mbv3")

    def make_store(self) -> str:
        """A store of 80 ofa-mbv3 networks with simulated latencies, imported as BlockProfile's CSV."""
        archs = self.space.sample(80, seed=1, resolution=224)
        latency = hwnas.evaluate(self.space, "latency:sim:midap", archs)
        table = self.path("latency.csv")
        with open(table, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["net_id", "net_str", "device", "resolution", "lat unit", "end-to-end lat"])
            for i, (a, ms) in enumerate(zip(archs, latency)):
                w.writerow([i, a.to_net_str(), "simdev", 224, "ms", repr(float(ms))])
        db = self.path("store.db")
        cli("db", "import", "--db", db, "--csv", table, "--space", "ofa-mbv3")
        return db

    def test_predictions_equal_the_cli(self) -> None:
        db = self.make_store()
        model = self.path("ridge.json")
        cli("predictor", "train", "--kind", "ridge", "--space", "ofa-mbv3", "--db", db, "--device-key", "simdev", "--out", model)
        archs = self.space.sample(25, seed=9, resolution=224)
        predictor = hwnas.load_predictor(model)
        got = predictor.predict(self.space, archs)
        self.assertIsInstance(got, np.ndarray)
        self.assertEqual(got.shape, (25,))
        args = ["predict", "--model", model, "--space", "ofa-mbv3", "--json"]
        for a in archs:
            args += ["--arch", str(a)]
        expected = [row["predicted"] for row in cli_json(*args)["rows"]]
        self.assertEqual(list(got), expected)
        self.assertEqual(predictor.provenance["kind"], "ridge")
        self.assertEqual(list(predictor.predict(self.space, [str(a) for a in archs[:3]])), expected[:3])
        self.assertEqual(predictor.predict(self.space, archs[0]).shape, (1,))
        # Space.sample's ArchList, a list of its Arch objects and an ArchList built from texts agree.
        self.assertIsInstance(archs, hwnas.ArchList)
        self.assertEqual(list(predictor.predict(self.space, list(archs))), expected)
        self.assertEqual(list(predictor.predict(self.space, hwnas.ArchList(self.space, [str(a) for a in archs]))),
                         expected)
        self.assertEqual(list(predictor.predict(self.space, archs[5:10])), expected[5:10])
        with self.assertRaisesRegex(hwnas.InputError, "space 'proxyless' given for space 'ofa-mbv3'"):
            predictor.predict(self.space, hwnas.load_space("proxyless").sample(2))
        # The same file through the metric spec.
        self.assertEqual(list(hwnas.evaluate(self.space, f"latency:pred:{model}", archs)), expected)
        with self.assertRaisesRegex(hwnas.InputError, "trained for space 'ofa-mbv3', not 'proxyless'"):
            hwnas.load_predictor(model).predict(hwnas.load_space("proxyless"), hwnas.load_space("proxyless").sample(1))

    def test_store_reads_equal_the_cli(self) -> None:
        db = self.make_store()
        store = hwnas.open_store(db)
        rows = store.measurements(device="simdev")
        self.assertEqual(rows, cli_json("db", "show", "--db", db, "--device-key", "simdev", "--json"))
        self.assertEqual(len(rows), 80)
        table = store.measurements(as_array=True)
        self.assertEqual(table.shape, (80,))
        self.assertEqual(list(table["median_s"]), [r["median_s"] for r in rows])
        self.assertEqual(list(table["arch_hash"]), [r["arch_hash"] for r in rows])
        self.assertEqual([d["key"] for d in store.devices()], ["simdev"])
        self.assertEqual(store.counts(), [{"space": "ofa-mbv3", "device": "simdev", "measurements": 80}])
        self.assertEqual(store.metrics("accuracy:none"), [])
        with self.assertRaises(hwnas.InputError):
            hwnas.open_store("postgresqlx://nowhere")

    def test_measure_with_a_progress_callback(self) -> None:
        space = hwnas.load_space("ofa-mbv3-fmnist")
        archs = space.sample(2, seed=4)
        db = self.path("measured.db")
        seen = []
        summary = hwnas.measure(space, archs, db=db, min_runs=3, max_runs=5, warmup=1, max_seconds=1.0,
                                reference_every=0, device_key="py-test", progress=lambda *p: seen.append(p))
        self.assertEqual(summary["measured"], 2)
        self.assertEqual([(d, t) for d, t, _ in seen], [(1, 2), (2, 2)])
        self.assertTrue(all(m is not None and m > 0 for _, _, m in seen))
        self.assertEqual([r["arch"] for r in summary["rows"]], [str(a) for a in archs])
        self.assertEqual(hwnas.open_store(db).measurements(device="py-test"), summary["rows"])
        # Run again: resumed, nothing measured.
        again = hwnas.measure(space, [str(a) for a in archs], db=db, min_runs=3, max_runs=5, warmup=1,
                              max_seconds=1.0, reference_every=0, device_key="py-test")
        self.assertEqual((again["measured"], again["skipped"]), (0, 2))
        with self.assertRaisesRegex(hwnas.InputError, "give archs"):
            hwnas.measure(space, db=db)


if __name__ == "__main__":
    unittest.main()
