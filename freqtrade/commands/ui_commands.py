"""``freqtrade install-ui``: put a FreqUI release into the folder the API serves it from.

``--from`` takes a release zip (``freqUI.zip``) or an unpacked folder the user downloaded, so a
bot without internet can get its UI; without ``--from`` the latest release is fetched from
GitHub. The new files are unpacked beside the target and swapped in at the end, so a failed
install never leaves half a UI behind. Zip entries that would land outside the folder are
refused.
"""
from __future__ import annotations

import argparse
import io
import logging
import shutil
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from freqtrade.api.ui_folder import VERSION_FILE, installed_version, ui_folder
from freqtrade.exceptions import OperationalException

logger = logging.getLogger(__name__)

RELEASES_URL = "https://api.github.com/repos/freqtrade/frequi/releases/latest"
RELEASES_PAGE = "https://github.com/freqtrade/frequi/releases"
ASSET_NAME = "freqUI.zip"
NETWORK_TIMEOUT = 20


def _safe_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    members = []
    for info in archive.infolist():
        path = PurePosixPath(info.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or ":" in info.filename:
            raise OperationalException(
                f"Refusing the archive: entry {info.filename!r} points outside the UI folder.")
        members.append(info)
    return members


def _ui_root(folder: Path) -> Path:
    """The folder holding index.html: the top level, or a single wrapping folder."""
    if (folder / "index.html").is_file():
        return folder
    children = [p for p in folder.iterdir() if p.name != "__MACOSX"]
    if len(children) == 1 and children[0].is_dir() and (children[0] / "index.html").is_file():
        return children[0]
    raise OperationalException(
        "This does not look like a FreqUI build: no index.html at its top level. Use the "
        f"{ASSET_NAME} asset of a release from {RELEASES_PAGE}.")


def _unpack(source: Path | bytes, staging: Path) -> Path:
    if isinstance(source, bytes) or source.is_file():
        data = source if isinstance(source, bytes) else source.read_bytes()
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                archive.extractall(staging, members=_safe_members(archive))
        except zipfile.BadZipFile as exc:
            raise OperationalException(f"Not a zip file: {exc}") from None
        return _ui_root(staging)
    if source.is_dir():
        root = _ui_root(source)
        shutil.copytree(root, staging, dirs_exist_ok=True, symlinks=False)
        return staging
    raise OperationalException(f"{source} does not exist.")


def install_ui(source: Path | bytes, target: Path, version: str) -> Path:
    """Install ``source`` (zip path, zip bytes or folder) as the UI in ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".ui-", dir=target.parent) as tmp:
        staging = Path(tmp) / "new"
        staging.mkdir()
        root = _unpack(source, staging)
        (root / VERSION_FILE).write_text(version + "\n", encoding="utf-8")
        old = Path(tmp) / "old"
        if target.exists():
            target.rename(old)
        try:
            root.rename(target)
        except OSError:
            if old.exists():
                old.rename(target)
            raise
    return target


def download_latest() -> tuple[bytes, str]:
    """The latest release's zip and its tag, or an OperationalException saying what to do."""
    import requests

    hint = (f"Download {ASSET_NAME} from {RELEASES_PAGE} on a machine with internet access "
            f"and run `freqtrade install-ui --from {ASSET_NAME}`.")
    try:
        release = requests.get(RELEASES_URL, timeout=NETWORK_TIMEOUT)
        release.raise_for_status()
        info = release.json()
        url = next(a["browser_download_url"] for a in info.get("assets", [])
                   if a.get("name") == ASSET_NAME)
        archive = requests.get(url, timeout=NETWORK_TIMEOUT)
        archive.raise_for_status()
    except StopIteration:
        raise OperationalException(f"The latest FreqUI release has no {ASSET_NAME}. {hint}") \
            from None
    except (requests.RequestException, ValueError) as exc:
        raise OperationalException(f"Could not download FreqUI: {exc}. {hint}") from None
    return archive.content, str(info.get("tag_name") or "unknown")


def _target(args: argparse.Namespace) -> Path:
    from freqtrade.commands.common import config_files, make_configuration

    if config_files(args) or getattr(args, "user_data_dir", None):
        config = make_configuration(args).load()
    else:
        config = {}
    return ui_folder(config)


def start_install_ui(args: argparse.Namespace) -> int:
    from freqtrade.loggers import setup_logging

    setup_logging(getattr(args, "verbosity", 0))
    target = _target(args)
    if args.erase:
        if target.exists():
            shutil.rmtree(target)
        logger.info("Removed the UI from %s.", target)
        return 0
    if args.source:
        source = Path(args.source).expanduser()
        version = args.ui_version or (source.stem if source.is_file() else "local")
        install_ui(source, target, version)
    else:
        data, version = download_latest()
        install_ui(data, target, version)
    logger.info("FreqUI %s installed in %s; open the API's address in a browser.",
                installed_version(target), target)
    return 0
