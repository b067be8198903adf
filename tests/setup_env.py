"""Everything the test suite needs besides the package itself; README command 2 runs this.

1. freqtrade 2026.9 in its own venv (``tests/reference/install.py``), for the differential tests;
2. a headless Chromium for the Swagger UI test: Debian's ``chromium`` package, installed with
   apt-get when the machine has none and we are root. Otherwise it prints why and goes on: that
   one test then skips and names the reason.
3. PostgreSQL's server binaries for the suites that also run on PostgreSQL: Debian's
   ``postgresql`` package, installed the same way when no ``initdb`` is found. Debian would
   create and start a ``main`` cluster on port 5432; that is switched off first, so nothing
   is left running: each test session starts its own server on a free loopback port and
   stops it (``tests/postgres_server.py``). Without it those tests skip (fail under CI).

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

from tests import postgres_server  # noqa: E402
from tests.reference import install as reference_install  # noqa: E402

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
APT_TIMEOUT = 900


def find_browser() -> str | None:
    """Path of the first Chromium-family browser on PATH, or None."""
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def apt_install(package: str) -> str:
    """Install a Debian package; returns "" on success, else why it could not be done."""
    if shutil.which("apt-get") is None:
        return "no apt-get on this machine"
    if os.geteuid() != 0:
        return f"not root, cannot apt-get install {package}"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"],
                    ["apt-get", "install", "-y", "-qq", "--no-install-recommends", package]):
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
    problem = apt_install("chromium")
    browser = find_browser()
    if browser:
        print(f"chromium: ready at {browser}")
    else:
        print(f"chromium: not installed ({problem or 'no browser on PATH afterwards'}); "
              "the Swagger UI browser test will skip", file=sys.stderr)


NO_MAIN_CLUSTER = Path("/etc/postgresql-common/createcluster.d/ft-no-main-cluster.conf")


def ensure_postgres() -> None:
    bindir = postgres_server.find_bindir()
    if bindir:
        print(f"postgresql: already installed at {bindir}")
        return
    print("postgresql: installing Debian's postgresql with apt-get ...", flush=True)
    if os.geteuid() == 0:  # no cluster of Debian's own on 5432: the tests start theirs
        NO_MAIN_CLUSTER.parent.mkdir(parents=True, exist_ok=True)
        NO_MAIN_CLUSTER.write_text("create_main_cluster = false\n")
    problem = apt_install("postgresql")
    bindir = postgres_server.find_bindir()
    if bindir:
        print(f"postgresql: ready at {bindir}")
    else:
        print(f"postgresql: not installed ({problem or 'no initdb afterwards'}); "
              "the PostgreSQL variants of the tests will skip", file=sys.stderr)


def main() -> int:
    status = reference_install.main()
    ensure_chromium()
    ensure_postgres()
    return status


if __name__ == "__main__":
    sys.exit(main())
