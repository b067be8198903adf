import pytest

from freqtrade.persistence import close_db, init_db


@pytest.fixture
def database(db_url):
    """An opened empty database, once SQLite and once PostgreSQL; yields its URL."""
    init_db(db_url)
    yield db_url
    close_db()
