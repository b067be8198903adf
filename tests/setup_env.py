"""Everything the test suite needs besides the package itself; README command 2 runs this.

1. freqtrade 2026.9 in its own venv (``tests/reference/install.py``), for the differential tests;
2. a headless Chromium for the Swagger UI test: Debian's ``chromium`` package, installed with
   apt-get when the machine has none and we are root. Otherwise it prints why and goes on: that
   one test then skips and names the reason.

Idempotent: what is already there is not installed again. Run from the project root:
``.venv/bin/python tests/setup_env.py``.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.reference import install as reference_install  # noqa: E402

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
APT_TIMEOUT = 900


def find_browser() -> str | None:
    """Path of the first Chromium-family browser on PATH, or None."""
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def install_chromium() -> str:
    """Install Debian's chromium; returns "" on success, else why it could not be done."""
    if shutil.which("apt-get") is None:
        return "no apt-get on this machine"
    if os.geteuid() != 0:
        return "not root, cannot apt-get install chromium"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"],
                    ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"]):
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True,
                                  timeout=APT_TIMEOUT)
        except subprocess.TimeoutExpired:
            return f"{' '.join(command)} timed out"
        if done.returncode != 0:
            return f"{' '.join(command)} failed: {done.stderr.strip()[-300:]}"
    return ""


def ensure_chromium() -> None:
    browser = find_browser()
    if browser:
        print(f"chromium: already installed at {browser}")
        return
    print("chromium: installing Debian's chromium with apt-get ...", flush=True)
    problem = install_chromium()
    browser = find_browser()
    if browser:
        print(f"chromium: ready at {browser}")
    else:
        print(f"chromium: not installed ({problem or 'no browser on PATH afterwards'}); "
              "the Swagger UI browser test will skip", file=sys.stderr)


def main() -> int:
    status = reference_install.main()
    ensure_chromium()
    return status


if __name__ == "__main__":
    sys.exit(main())
