"""The library installs with pip and works as one copied file, with the standard library only."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECK = "import sys, orchestrator_trainer as ot; assert 'torch' not in sys.modules, 'torch imported'; print(ot.EXIT_TERMINATED)"


class PackagingTests(unittest.TestCase):
    def test_one_copied_file_imports_without_torch(self):
        with tempfile.TemporaryDirectory() as folder:
            shutil.copy(os.path.join(HERE, "orchestrator_trainer.py"), folder)
            out = subprocess.run([sys.executable, "-c", CHECK], cwd=folder, capture_output=True, text=True, check=False)
        self.assertEqual(0, out.returncode, out.stderr)
        self.assertEqual("143", out.stdout.strip())

    def test_pip_installs_the_folder(self):
        with tempfile.TemporaryDirectory() as target, tempfile.TemporaryDirectory() as work:
            # A copy, so the build's leftovers (build/, *.egg-info) never land in the repository.
            source = shutil.copytree(HERE, os.path.join(work, "orchestrator-trainer"), ignore=shutil.ignore_patterns("__pycache__", "tests"))
            # No index: everything needed is here (setuptools and wheel come with Debian's python3-pip).
            install = subprocess.run(
                [sys.executable, "-m", "pip", "install", "--quiet", "--no-build-isolation", "--no-deps", "--no-index", "--target", target, source],
                capture_output=True, text=True, check=False)
            self.assertEqual(0, install.returncode, install.stdout + install.stderr)
            out = subprocess.run([sys.executable, "-c", CHECK], cwd=tempfile.gettempdir(), env={**os.environ, "PYTHONPATH": target},
                                 capture_output=True, text=True, check=False)
        self.assertEqual(0, out.returncode, out.stderr)


if __name__ == "__main__":
    unittest.main()
