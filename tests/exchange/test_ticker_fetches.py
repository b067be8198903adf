"""All-tickers fetches under concurrent readers: one fetch serves everyone waiting for it."""
import threading
import time

from freqtrade.exchange.exchange import TICKER_CACHE_SECS, Exchange


class CountingExchange(Exchange):
    """An exchange whose all-tickers endpoint takes 50 ms and counts its calls."""

    def __init__(self) -> None:
        super().__init__({"exchange": {"name": "counting"}, "dry_run": True})
        self.fetches = 0

    def _fetch_tickers(self) -> dict[str, dict]:
        self.fetches += 1
        time.sleep(0.05)
        return {"BTC/USDT": {"symbol": "BTC/USDT", "last": 100.0 + self.fetches}}


def read_together(exchange: Exchange, readers: int, cached: bool = True) -> list[dict]:
    barrier = threading.Barrier(readers)
    results: list[dict] = []

    def read() -> None:
        barrier.wait()
        results.append(exchange.get_tickers(cached=cached))

    threads = [threading.Thread(target=read) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return results


def test_readers_arriving_together_on_an_empty_cache_share_one_fetch():
    exchange = CountingExchange()
    results = read_together(exchange, 20)
    assert exchange.fetches == 1
    assert len(results) == 20 and all(r["BTC/USDT"]["last"] == 101.0 for r in results)


def test_an_expired_cache_is_fetched_again_once():
    exchange = CountingExchange()
    exchange.get_tickers()
    exchange._tickers_time -= TICKER_CACHE_SECS + 1  # the cache is now too old
    results = read_together(exchange, 10)
    assert exchange.fetches == 2
    assert all(r["BTC/USDT"]["last"] == 102.0 for r in results)


def test_uncached_reads_get_a_fetch_started_after_they_asked():
    exchange = CountingExchange()
    exchange.get_tickers()
    assert exchange.get_tickers(cached=False)["BTC/USDT"]["last"] == 102.0
    assert exchange.get_tickers()["BTC/USDT"]["last"] == 102.0  # still fresh: no fetch
    assert exchange.fetches == 2
