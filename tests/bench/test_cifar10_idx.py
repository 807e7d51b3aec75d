"""bench/cifar10_idx.py: CIFAR-10's binary batches rewritten as rank-4 IDX files in the MNIST layout."""

import struct
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "cifar10_idx.py"
PIXELS = 3 * 32 * 32


def record(label, seed):
    return bytes([label]) + bytes((seed + i) % 256 for i in range(PIXELS))


class Cifar10IdxTest(unittest.TestCase):
    def convert(self, batches):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        source, out = Path(tmp.name) / "bin", Path(tmp.name) / "out"
        source.mkdir()
        for name, data in batches.items():
            (source / name).write_bytes(data)
        run = subprocess.run([sys.executable, str(SCRIPT), str(source), str(out)], capture_output=True, text=True)
        return run, out

    def test_records_keep_their_order_labels_and_planes(self) -> None:
        batches = {f"data_batch_{i}.bin": record(i, 10 * i) + record(9 - i, 10 * i + 1) for i in range(1, 6)}
        batches["test_batch.bin"] = record(3, 7)
        run, out = self.convert(batches)
        self.assertEqual(run.returncode, 0, run.stderr)
        images = (out / "train-images-idx3-ubyte").read_bytes()
        self.assertEqual(images[:4], bytes([0, 0, 8, 4]))
        self.assertEqual(struct.unpack(">4I", images[4:20]), (10, 3, 32, 32))
        # The fourth training image is the second record of batch 2: its pixels, without its label byte.
        self.assertEqual(images[20 + 3 * PIXELS:20 + 4 * PIXELS], record(7, 21)[1:])
        labels = (out / "train-labels-idx1-ubyte").read_bytes()
        self.assertEqual(labels[:8], bytes([0, 0, 8, 1]) + struct.pack(">I", 10))
        self.assertEqual(list(labels[8:]), [1, 8, 2, 7, 3, 6, 4, 5, 5, 4])
        self.assertEqual(list((out / "t10k-labels-idx1-ubyte").read_bytes()[8:]), [3])

    def test_a_truncated_batch_or_a_missing_one_is_named(self) -> None:
        batches = {f"data_batch_{i}.bin": record(0, i) for i in range(1, 6)}
        batches["test_batch.bin"] = record(0, 0)[:-1]
        run, _ = self.convert(batches)
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("test_batch.bin", run.stderr)
        self.assertIn("whole number", run.stderr)
        del batches["data_batch_3.bin"]
        run, _ = self.convert(batches)
        self.assertIn("no data_batch_3.bin", run.stderr)


if __name__ == "__main__":
    unittest.main()
