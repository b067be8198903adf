"""``freqtrade create-userdir``: the folder layout strategies and data live in."""
from __future__ import annotations

import argparse
import logging
import shutil
from pathlib import Path

from freqtrade.constants import USER_DATA_SUBDIRS, USERPATH_STRATEGIES
from freqtrade.exceptions import OperationalException

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def create_userdir(directory: str | Path, reset: bool = False) -> Path:
    """Create ``strategies/``, ``data/``, ``logs/``, ``backtest_results/`` and the sample strategy.

    Idempotent: existing files are kept unless ``reset`` (then the sample strategy is rewritten).
    """
    base = Path(directory).expanduser().resolve()
    base.mkdir(parents=True, exist_ok=True)
    for sub in USER_DATA_SUBDIRS:
        (base / sub).mkdir(exist_ok=True)
    sample = TEMPLATES / "sample_strategy.py"
    target = base / USERPATH_STRATEGIES / "sample_strategy.py"
    if sample.is_file() and (reset or not target.exists()):
        shutil.copyfile(sample, target)
    return base


def start_create_userdir(args: argparse.Namespace) -> int:
    from freqtrade.loggers import setup_logging

    setup_logging(0)
    try:
        base = create_userdir(args.user_data_dir, reset=args.reset)
    except OSError as exc:
        raise OperationalException(f"Cannot create the user data folder {args.user_data_dir}: "
                                   f"{exc.strerror} ({exc.filename}).") from None
    logger.info("User data folder ready: %s (%s)", base, ", ".join(USER_DATA_SUBDIRS))
    return 0
