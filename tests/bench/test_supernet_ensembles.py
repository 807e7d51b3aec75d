"""bench/supernet_ensembles.py and bench/ranking_inputs.py: supernets ranking together, scored on a folder
whose answers are known."""

import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from ranking_inputs import standardised, standardised_inherited

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "supernet_ensembles.py"
ARCHS = [f"r28|a{i}" for i in range(8)]
TRUTH = [80.0 + i for i in range(8)]


def write_folder(out, supernets, seeds):
    (out / "subnets.txt").write_text("".join(a + "\n" for a in ARCHS))
    for s, offsets in enumerate(seeds):
        folder = out / "scratch" / ("" if s == 0 else f"seed{s}")
        folder.mkdir(parents=True, exist_ok=True)
        for i, (t, o) in enumerate(zip(TRUTH, offsets)):
            (folder / f"{i + 1}.json").write_text(json.dumps({"results": [{"accuracy": t + o}]}))
    for name, accuracies in supernets.items():
        rows = [{"arch": a, "accuracy": v} for a, v in zip(ARCHS, accuracies)]
        (out / f"inherited-{name}.json").write_text(json.dumps({"results": rows[::-1]}))  # order must not matter


class SupernetEnsemblesTest(unittest.TestCase):
    def test_standardised_inherited_follows_the_subnet_order_not_the_file_order(self) -> None:
        self.assertEqual(standardised([1.0, 3.0]), [-1.0, 1.0])
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            write_folder(out, {"s": TRUTH}, [[0.0] * 8])
            z = standardised_inherited(out, "s", ARCHS)
            self.assertEqual(z, sorted(z))
            self.assertAlmostEqual(sum(z), 0.0)

    def test_errors_of_two_supernets_cancel_in_their_ensemble(self) -> None:
        # Each supernet swaps a different pair of neighbours, where the other one has a wide gap; summed,
        # their standardised scores order all eight subnets as the truth does. Seed 1 swaps the two largest.
        first = [80, 82, 81, 83, 84, 85, 86, 87]
        second = [80, 81, 84, 85, 86, 88, 87, 89]
        seeds = [[0.0] * 8, [0.0] * 6 + [0.6, -0.6], [0.0] * 8]
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            write_folder(out, {"first": first, "second": second}, seeds)
            run = subprocess.run([sys.executable, str(SCRIPT), "--seeds", "3", str(out), "--group", "g", "first", "second",
                                  "--ensemble", "both", "first", "second"], capture_output=True, text=True, check=True)
            summary = json.loads((out / "ensembles.json").read_text())
        self.assertIn("both (2 supernets)", run.stdout)
        sizes = summary["groups"]["g"]["sizes"]
        self.assertEqual([s["combinations"] for s in sizes], [2, 1])
        self.assertLess(sizes[0]["kendall_tau_max"], 1.0)
        self.assertEqual(summary["ensembles"]["both"]["kendall_tau"], 1.0)
        self.assertTrue(summary["ensembles"]["both"]["meets_target"])
        # Seed 1 against the mean of seeds 0 and 2 (the truth) has one discordant pair of 28.
        one = summary["one_from_scratch_training"]["per_seed"]
        self.assertAlmostEqual(one[1]["kendall_tau"], 26 / 28)
        self.assertEqual(one[0]["kendall_tau"], 1.0)

    def test_one_seed_is_refused(self) -> None:
        run = subprocess.run([sys.executable, str(SCRIPT), "--seeds", "1", "/nonexistent", "--group", "g", "x"],
                             capture_output=True, text=True)
        self.assertEqual(run.returncode, 2)
        self.assertIn("--seeds must be at least 2", run.stderr)


if __name__ == "__main__":
    unittest.main()
