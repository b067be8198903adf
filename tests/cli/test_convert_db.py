"""``freqtrade convert-db``: a freqtrade-layout SQLite file moved into PostgreSQL, as a user
outgrowing one file does it, then traded on there."""
from __future__ import annotations

from freqtrade.persistence import Trade, close_db, get_session, init_db
from tests.cli.test_config_problems import _error_lines, run_cli


def _sqlite_with_trades(path, count: int) -> str:
    url = f"sqlite:///{path}"
    init_db(url)
    try:
        for n in range(count):
            get_session().add(Trade(pair=f"P{n}/USDT", exchange="simulated", amount=1.0,
                                    open_rate=10.0, stake_amount=10.0, fee_open=0.001,
                                    fee_close=0.001, is_open=n % 2 == 0))
        Trade.commit()
    finally:
        close_db()
    return url


def test_convert_db_copies_into_postgres_once(tmp_path, postgres_url):
    source = _sqlite_with_trades(tmp_path / "tradesv3.sqlite", 5)
    done = run_cli("convert-db", "--db-url-from", source, "--db-url", postgres_url,
                   cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Copied 5 trades" in done.stdout + done.stderr
    init_db(postgres_url)
    try:
        assert Trade.get_open_trade_count() == 3
        get_session().add(Trade(pair="NEW/USDT", exchange="simulated", amount=1.0,
                                open_rate=1.0, stake_amount=1.0, fee_open=0.0, fee_close=0.0,
                                is_open=True))
        Trade.commit()
        assert get_session().query(Trade).filter(Trade.pair == "NEW/USDT").one().id == 6
    finally:
        close_db()

    again = run_cli("convert-db", "--db-url-from", source, "--db-url", postgres_url,
                    cwd=tmp_path)
    assert _error_lines(again)[-1] == \
        "The target database already holds trades: copy only into an empty database."
