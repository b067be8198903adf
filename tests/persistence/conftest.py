import pytest

from freqtrade.persistence import close_db, init_db
from freqtrade.util.clock import set_clock


@pytest.fixture
def db_file(tmp_path):
    path = tmp_path / "tradesv3.sqlite"
    init_db(f"sqlite:///{path}")
    yield path
    close_db()
    set_clock(None)
