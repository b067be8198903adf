import pytest

from freqtrade.persistence import close_db, init_db
from freqtrade.util.clock import set_clock


@pytest.fixture
def db_file(tmp_path):
    """An opened SQLite file, for what only SQLite has (pragmas, the file itself)."""
    path = tmp_path / "tradesv3.sqlite"
    init_db(f"sqlite:///{path}")
    yield path
    close_db()
    set_clock(None)


@pytest.fixture
def database(db_url):
    """An opened empty database, once SQLite and once PostgreSQL; yields its URL."""
    init_db(db_url)
    yield db_url
    close_db()
    set_clock(None)
