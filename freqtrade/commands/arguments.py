"""The argparse definition of every sub-command (kept apart from what the commands do)."""
from __future__ import annotations

import argparse

from freqtrade import __version__


def positive_days(text: str) -> int:
    """argparse type: a whole number above zero (``--days 0`` or ``-3`` is a mistake)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number of days")
    return value


def timeframe(text: str) -> str:
    """argparse type: a timeframe such as 1m, 4h or 1d."""
    from freqtrade.util.timeframes import timeframe_to_seconds

    try:
        if timeframe_to_seconds(text) > 0:
            return text
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(
        f"{text!r} is not a timeframe (a number and one of s, m, h, d, w, M, y: e.g. 5m, 1h)")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-v", "--verbose", action="count", default=0, dest="verbosity",
                        help="More log output (-vv for library debug output too).")
    parser.add_argument("--logfile", help="Also log to this file (rotated at 10 MB).")
    parser.add_argument("-c", "--config", action="append", dest="config", metavar="PATH",
                        help="Config file; may be given several times, later files override "
                             "earlier ones. Default: config.json if it exists.")
    parser.add_argument("--userdir", "--user-data-dir", dest="user_data_dir", metavar="DIR",
                        help="Folder with strategies/, data/, logs/ (default user_data).")


def _trading(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-s", "--strategy", help="Strategy class name.")
    parser.add_argument("--strategy-path", help="Extra folder to search for strategies.")
    parser.add_argument("--db-url", help="SQLAlchemy database URL (default: sqlite file).")
    parser.add_argument("--dry-run", action="store_true", default=None,
                        help="Force dry-run (simulated orders) whatever the config says.")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="freqtrade",
        description="Crypto trading bot (freqtrade-compatible) controlled through a REST API.",
    )
    parser.add_argument("-V", "--version", action="version", version=f"freqtrade {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="<command>")
    sub.required = True

    trade = sub.add_parser("trade", help="Run the trading bot (and its API if enabled).")
    _common(trade)
    _trading(trade)

    web = sub.add_parser("webserver", help="Run only the API server (no trading).")
    _common(web)
    _trading(web)

    userdir = sub.add_parser("create-userdir", help="Create the user data folder layout.")
    userdir.add_argument("--userdir", "--user-data-dir", dest="user_data_dir", required=True,
                         metavar="DIR")
    userdir.add_argument("--reset", action="store_true",
                         help="Overwrite the sample strategy with the shipped version.")

    newconf = sub.add_parser("new-config", help="Write a new config file with fresh secrets.")
    newconf.add_argument("-c", "--config", default="config.json", metavar="PATH")
    newconf.add_argument("--non-interactive", action="store_true",
                         help="Use defaults instead of asking (the only mode for now).")
    newconf.add_argument("--force", action="store_true", help="Overwrite an existing file.")

    show = sub.add_parser("show-config", help="Print the effective configuration (secrets "
                                              "masked).")
    _common(show)
    _trading(show)

    lst = sub.add_parser("list-strategies", help="List the strategies found in the user folder.")
    _common(lst)
    lst.add_argument("--strategy-path", help="Extra folder to search for strategies.")

    dl = sub.add_parser("download-data", help="Download candles to user_data/data/<exchange>.")
    _common(dl)
    dl.add_argument("--exchange", help="Exchange id (default: the config's, or simulated).")
    dl.add_argument("-p", "--pairs", nargs="+", help="Pairs, e.g. BTC/USDT ETH/USDT.")
    dl.add_argument("-t", "--timeframes", nargs="+", default=None, type=timeframe,
                    help="Timeframes (default: 1m 5m).")
    span = dl.add_mutually_exclusive_group()
    span.add_argument("--days", type=positive_days, help="Download this many days up to now.")
    span.add_argument("--timerange", help="Range like 20240101-20240201 (open ends allowed).")
    dl.add_argument("--erase", action="store_true", help="Replace existing data.")
    dl.add_argument("--data-format", choices=["feather", "json"], default=None)
    ui = sub.add_parser("install-ui", help="Install FreqUI where the API serves it from.")
    _common(ui)
    ui.add_argument("--from", dest="source", metavar="ZIP_OR_FOLDER",
                    help="A downloaded freqUI.zip or unpacked release (no internet needed). "
                         "Without it the latest release is fetched from GitHub.")
    ui.add_argument("--ui-version", help="Version to record for --from (default: the file "
                                         "name).")
    ui.add_argument("--erase", action="store_true", help="Remove the installed UI.")

    convert = sub.add_parser("convert-db", help="Copy the bot's database into another, empty "
                                                "one (e.g. SQLite into PostgreSQL).")
    convert.add_argument("-v", "--verbose", action="count", default=0, dest="verbosity")
    convert.add_argument("--db-url-from", required=True, metavar="URL",
                         help="The database to copy from (e.g. sqlite:///tradesv3.sqlite).")
    convert.add_argument("--db-url", required=True, metavar="URL",
                         help="The empty database to copy into (created if need be).")
    return parser
