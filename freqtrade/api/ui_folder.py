"""Where the installed FreqUI lives and which of its files a URL may reach.

Default folder: ``<user_data_dir>/ui/installed``; ``api_server.ui_folder`` overrides it.
``.uiversion`` in that folder holds the installed release (written by ``install-ui``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

STATIC_DIR = Path(__file__).parent / "static"
VERSION_FILE = ".uiversion"


def ui_folder(config: dict[str, Any]) -> Path:
    configured = (config.get("api_server") or {}).get("ui_folder")
    if configured:
        return Path(configured).expanduser()
    return Path(config.get("user_data_dir") or "user_data").expanduser() / "ui" / "installed"


def installed_version(folder: Path) -> str:
    try:
        return (folder / VERSION_FILE).read_text(encoding="utf-8").strip() or "not_installed"
    except OSError:
        return "not_installed"


def resolve_file(folder: Path, url_path: str) -> Path | None:
    """The file ``url_path`` names inside ``folder``, or None (missing, a folder, or outside).

    The check runs on resolved paths, so ``..`` segments, encoded or not, and symlinks that
    point out of the folder are refused.
    """
    if "\x00" in url_path:
        return None
    try:
        root = folder.resolve(strict=True)
        candidate = (root / url_path.lstrip("/")).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate
