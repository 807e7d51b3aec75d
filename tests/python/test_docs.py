"""docs/python.md's walk-through runs as a script: its ```python blocks, in order, in a scratch folder."""

import ast
import os
import re
import subprocess
import sys
import unittest

from hwnas_test_support import SOURCE_DIR, ScratchTestCase

import hwnas


def walkthrough(markdown: str) -> str:
    return "\n".join(re.findall(r"^```python\n(.*?)^```", markdown, flags=re.S | re.M))


class DocsTest(ScratchTestCase):
    def test_python_md_walkthrough_runs(self) -> None:
        with open(os.path.join(SOURCE_DIR, "docs", "python.md")) as f:
            script = walkthrough(f.read())
        self.assertIn("import hwnas", script)
        # The script runs in a scratch folder: the module from where this process found it.
        env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.abspath(hwnas.__file__)))
        done = subprocess.run([sys.executable, "-c", script], cwd=self.tmp, env=env, capture_output=True, text=True,
                              timeout=500)
        self.assertEqual(done.returncode, 0, f"docs/python.md failed:\n{done.stdout}\n{done.stderr}")

    def test_stubs_name_every_public_function_and_class(self) -> None:
        with open(os.path.join(SOURCE_DIR, "python", "hwnas.pyi")) as f:
            tree = ast.parse(f.read())
        stubbed = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        public = {n for n in dir(hwnas) if not n.startswith("_")}
        self.assertEqual(stubbed, public)
        for name in public:
            self.assertTrue(getattr(hwnas, name).__doc__, f"hwnas.{name} has no docstring")


if __name__ == "__main__":
    unittest.main()
