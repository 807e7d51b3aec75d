"""What the Python tests share: the module under test, the CLI to compare it with, scratch folders."""

import json
import os
import subprocess
import tempfile
import unittest

import hwnas  # noqa: F401  (build/python on PYTHONPATH; ctest sets it)

SOURCE_DIR = os.environ.get("HWNAS_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
CLI = os.environ.get("HWNAS_CLI", os.path.join(SOURCE_DIR, "build", "hwnas"))


def cli(*args: str) -> str:
    """Runs `hwnas ARGS...` and returns its stdout; a failure shows the command and its stderr."""
    done = subprocess.run([CLI, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise AssertionError(f"hwnas {' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done.stdout


def cli_json(*args: str):
    return json.loads(cli(*args))


class ScratchTestCase(unittest.TestCase):
    """A test case with a fresh temporary folder, self.tmp, removed afterwards."""

    def setUp(self) -> None:
        self._scratch = tempfile.TemporaryDirectory(prefix="hwnas-python-test-")
        self.tmp = self._scratch.name

    def tearDown(self) -> None:
        self._scratch.cleanup()

    def path(self, name: str) -> str:
        return os.path.join(self.tmp, name)
