"""``convert-db``: move a bot's database to another one (e.g. its SQLite file to PostgreSQL)."""
from __future__ import annotations

import argparse
import logging

logger = logging.getLogger(__name__)


def start_convert_db(args: argparse.Namespace) -> int:
    """Copy every trade, order, lock and stored fact from ``--db-url-from`` to ``--db-url``."""
    from freqtrade.loggers import setup_logging
    from freqtrade.persistence.copy_db import copy_database_url

    setup_logging(getattr(args, "verbosity", 0))
    counts = copy_database_url(args.db_url_from, args.db_url)
    logger.info("Copied %d trades, %d orders and %d pair locks; start the bot with --db-url on "
                "the new database.", counts.get("trades", 0), counts.get("orders", 0),
                counts.get("pairlocks", 0))
    return 0
