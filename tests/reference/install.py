"""Install freqtrade 2026.9 from PyPI into its own venv for the differential tests.

Idempotent: does nothing when the venv already holds that version. ``tests/setup_env.py`` (README
command 2) calls it; alone, from the project root: ``.venv/bin/python tests/reference/install.py``.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.reference import VERSION, installed_version, python_path, venv_dir  # noqa: E402


def main() -> int:
    if installed_version() == VERSION:
        print(f"reference freqtrade {VERSION}: already installed in {venv_dir()}")
        return 0
    target = venv_dir()
    print(f"reference freqtrade {VERSION}: installing into {target} (a few minutes) ...",
          flush=True)
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(target)], check=True)
    pip = [str(python_path()), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run(pip + [f"freqtrade=={VERSION}", f"freqtrade-client=={VERSION}"],
                   check=True, cwd="/")
    if installed_version() != VERSION:
        print("reference freqtrade: install finished but the package does not import",
              file=sys.stderr)
        return 1
    print(f"reference freqtrade {VERSION}: ready", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
