"""``freqtrade download-data``: fetch candles to disk (works offline with ``simulated``)."""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from freqtrade.commands.common import connect_exchange, load_config_with_logging
from freqtrade.enums import RunMode
from freqtrade.exceptions import OperationalException

logger = logging.getLogger(__name__)


def _progress_bar(done: int, total: int, label: str) -> None:
    """A single-line text progress bar on stderr (no extra dependency)."""
    width = 30
    filled = int(width * done / total) if total else width
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label:<30}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def start_download_data(args: argparse.Namespace) -> int:
    from freqtrade.data.download import download_pair_data

    _configuration, config = load_config_with_logging(args, RunMode.OTHER)
    if args.exchange:
        config["exchange"]["name"] = args.exchange
    pairs = args.pairs or config["exchange"].get("pair_whitelist") or []
    if not pairs:
        raise OperationalException("No pairs given: use --pairs or exchange.pair_whitelist.")
    timeframes = args.timeframes or ["1m", "5m"]
    if args.days is None and not args.timerange:
        args.days = 30
    exchange = connect_exchange(config)
    unsupported = [tf for tf in timeframes if tf not in exchange.timeframes]
    if unsupported:
        exchange.close()
        raise OperationalException(
            f"{exchange.name} has no {', '.join(unsupported)} candles; it offers "
            f"{', '.join(exchange.timeframes)}.")
    datadir = Path(config["user_data_dir"]) / "data" / config["exchange"]["name"]
    try:
        datadir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        exchange.close()
        raise OperationalException(f"Cannot create the data folder {datadir}: {exc.strerror} "
                                   f"({exc.filename}).") from None
    try:
        missing = download_pair_data(
            exchange, pairs, timeframes, datadir, days=args.days, timerange=args.timerange,
            erase=args.erase, data_format=args.data_format or config.get("dataformat_ohlcv",
                                                                          "feather"),
            progress=_progress_bar)
    finally:
        exchange.close()
    if missing:
        logger.warning("No data found for: %s", ", ".join(missing))
    logger.info("Data stored in %s", datadir)
    return 0
