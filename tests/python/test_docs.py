"""docs/python.md's walk-through runs as a script: its ```python blocks, in order, in a scratch folder."""

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


if __name__ == "__main__":
    unittest.main()
