"""Where the reference freqtrade 2026.9 lives for the tests that compare with it.

Our package is also named ``freqtrade``, so the reference runs in a virtualenv of its own (in a
git-ignored cache folder) and is only ever driven as a subprocess. ``install.py`` creates it;
``tests/setup_env.py`` (README command 2) runs it before pytest.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

VERSION = "2026.9"
ROOT = Path(__file__).resolve().parents[2]
DEFAULT_VENV = ROOT / ".cache" / f"freqtrade-{VERSION}"


def venv_dir() -> Path:
    """The reference venv: ``FT_REFERENCE_VENV`` when set (to share one between clones)."""
    return Path(os.environ.get("FT_REFERENCE_VENV") or DEFAULT_VENV)


def python_path() -> Path:
    return venv_dir() / "bin" / "python"


def installed_version() -> str | None:
    """The freqtrade version the reference venv holds, or None when it is not usable."""
    python = python_path()
    if not python.exists():
        return None
    probe = subprocess.run(
        [str(python), "-c", "import freqtrade; print(freqtrade.__version__)"],
        capture_output=True, text=True, timeout=120, cwd="/")
    return probe.stdout.strip() if probe.returncode == 0 else None


def require_python() -> Path:
    """The reference interpreter; fails the calling test (not skips) when it was not installed."""
    if installed_version() != VERSION:
        pytest.fail(f"freqtrade {VERSION} reference venv missing at {venv_dir()}: run "
                    "`.venv/bin/python tests/setup_env.py` (part of README command 2)")
    return python_path()
