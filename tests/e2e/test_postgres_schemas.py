"""Several bots on one PostgreSQL database, one schema each (``options=-csearch_path=...``).

Two real ``freqtrade trade`` processes run at the same time on one database, each with its
own schema: each creates its tables there, trades, and sees only its own trades, ids and
locks.
"""
from __future__ import annotations

import signal
from contextlib import ExitStack

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.restart.bot_process import BotProcess, write_config

BOTS = ("bot_a", "bot_b")


def _create_schemas(url: str) -> None:
    parsed = make_url(url)
    with psycopg.connect(host=parsed.host, port=parsed.port, user=parsed.username,
                         password=parsed.password, dbname=parsed.database,
                         autocommit=True) as conn:
        for schema in BOTS:
            conn.execute(f"CREATE SCHEMA {schema}")


@pytest.mark.timeout(300)
def test_two_bots_share_one_database_in_their_own_schemas(tmp_path, postgres_url):
    _create_schemas(postgres_url)
    with ExitStack() as stack:
        bots = {}
        for schema, pair in zip(BOTS, ("BTC/USDT", "ETH/USDT"), strict=True):
            config = write_config(tmp_path / schema, None,
                                  f"{postgres_url}?options=-csearch_path%3D{schema}")
            bot = BotProcess(config, tmp_path / f"{schema}.log")
            stack.callback(bot.stop, signal.SIGTERM)
            bots[schema] = bot
            entered = bot.post("forceenter", {"pair": pair, "ordertype": "market"})
            assert entered.status_code == 200, entered.text
            assert entered.json()["trade_id"] == 1  # ids count per schema
        second = bots["bot_b"].post("forceenter", {"pair": "SOL/USDT", "ordertype": "market"})
        assert second.json()["trade_id"] == 2
        pairs = {schema: sorted(t["pair"] for t in bot.get("status").json())
                 for schema, bot in bots.items()}
        counts = {schema: bot.get("count").json()["current"] for schema, bot in bots.items()}
    assert pairs == {"bot_a": ["BTC/USDT"], "bot_b": ["ETH/USDT", "SOL/USDT"]}
    assert counts == {"bot_a": 1, "bot_b": 2}
