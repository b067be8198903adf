"""The ledger's reads of a few changed trades return what SQLAlchemy's own execution returns,
whatever the number of ids, on SQLite (its text compiled once per count) and PostgreSQL."""
import random

import pytest
from sqlalchemy import bindparam, select

from freqtrade.ledger import rows
from freqtrade.persistence import Trade, get_engine
from freqtrade.persistence.db import fetch_rows_for_ids
from tests.ledger.history_writer import HistoryWriter

_BY_ID_STATEMENTS = {"trades": rows._TRADES_BY_ID,
                     "order sums": rows._ORDER_SUMS_QUERIES[1]}


def _sqlalchemy_rows(connection, statement, ids: list[int]) -> list[tuple]:
    return [tuple(row) for row in connection.execute(statement, {"ids": ids})]


@pytest.mark.parametrize("name", sorted(_BY_ID_STATEMENTS))
def test_rows_for_ids_equal_sqlalchemys_for_every_count(database, name):
    statement = _BY_ID_STATEMENTS[name]
    HistoryWriter(seed=11).history(get_engine(), closed=120, open_trades=3)
    rng = random.Random(5)
    with get_engine().connect() as connection:
        every_id = [row[0] for row in connection.execute(select(Trade.id))]
        for count in (1, 2, 3, 1, 2, 7, 40, 120, 3):  # repeated counts reuse their text
            ids = sorted(rng.sample(every_id, count))
            got = [tuple(row) for row in fetch_rows_for_ids(statement, connection, ids)]
            expected = _sqlalchemy_rows(connection, statement, ids)
            assert got == expected and len(got) > 0
        # ids of no trade, mixed with one that exists
        missing = [max(every_id) + 1000, max(every_id) + 1001]
        assert list(fetch_rows_for_ids(statement, connection, missing)) == []
        both = [every_id[0], *missing]
        assert [tuple(r) for r in fetch_rows_for_ids(statement, connection, both)] == \
            _sqlalchemy_rows(connection, statement, both)


def test_statements_with_the_same_count_keep_their_own_text(database):
    HistoryWriter(seed=3).history(get_engine(), closed=30)
    pairs = select(Trade.id, Trade.pair).where(Trade.id.in_(bindparam("ids", expanding=True)))
    profits = select(Trade.id, Trade.close_profit_abs).where(
        Trade.id.in_(bindparam("ids", expanding=True)))
    with get_engine().connect() as connection:
        ids = [row[0] for row in connection.execute(select(Trade.id).limit(2))]
        for statement in (pairs, profits, pairs):
            assert sorted(fetch_rows_for_ids(statement, connection, ids)) == \
                sorted(_sqlalchemy_rows(connection, statement, ids))


def test_a_statement_without_an_ids_parameter_is_refused(database):
    if get_engine().dialect.name != "sqlite":
        pytest.skip("the compiled-text path is SQLite's")
    statement = select(Trade.id).where(Trade.id > 5)
    with get_engine().connect() as connection, pytest.raises(ValueError, match="ids"):
        fetch_rows_for_ids(statement, connection, [1])
