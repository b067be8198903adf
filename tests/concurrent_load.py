"""Many FreqUI-like clients and a force-trading writer against a real ``freqtrade trade``.

Shared by ``tests/e2e/test_concurrent_clients.py`` (short, asserts) and
``bench/bench_concurrency.py`` (long, prints figures). The bot is a child process (its own
GIL, as in production), dry-run on the simulated market, trading by itself with
``ChurnStrategy``: it enters every pair it owns and leaves each trade after a few seconds.
The writer force-enters and force-exits on pairs the strategy leaves alone, so every one of
its calls has one expected answer (200).

Each poller logs in like FreqUI (``/token/login``, then Bearer) and keeps one keep-alive
connection; every refresh reads the open trades, balance, profit, locks, whitelist, a page of
closed trades and a pair's candles, then pauses. Websocket clients (fewer than the server's
socket cap) subscribe to FreqUI's message types. The loop's iterations are read from the
bot's own ``-v`` log lines (``Loop iteration took ... s``).
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import math
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import requests
from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed

from tests.live_bot import free_port

USERNAME = "loadtester"
PASSWORD = "load-password-123"
WS_TOKEN = "load-ws-token"
STRATEGY_PAIRS = ["BTC/USDT", "ETH/USDT", "SOL/USDT", "XRP/USDT", "ADA/USDT", "BNB/USDT",
                  "LTC/USDT", "LINK/USDT", "AVAX/USDT", "DOT/USDT"]
WRITER_PAIRS = ["ATOM/USDT", "NEAR/USDT", "UNI/USDT", "ETC/USDT"]
FREQUI_SUBSCRIPTION = ["whitelist", "entry_fill", "exit_fill", "entry_cancel", "exit_cancel",
                       "new_candle"]
START_TIMEOUT = 90.0
REQUEST_TIMEOUT = 30.0
TRADES_PAGE = 50

CHURN_STRATEGY = '''
from pandas import DataFrame
from freqtrade.strategy import IStrategy


class ChurnStrategy(IStrategy):
    """Enters every pair it owns, leaves each trade after HOLD_SECONDS (market orders)."""
    timeframe = "1m"
    minimal_roi = {{"0": 100.0}}
    stoploss = -0.5
    process_only_new_candles = False
    startup_candle_count = 20
    order_types = {{"entry": "market", "exit": "market", "stoploss": "market",
                   "stoploss_on_exchange": False}}
    HOLD_SECONDS = {hold}
    MANUAL = {manual!r}

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["sma"] = dataframe["close"].rolling(20).mean()
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["enter_long"] = int(metadata["pair"] not in self.MANUAL)
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["exit_long"] = 0
        return dataframe

    def custom_exit(self, pair, trade, current_time, current_rate, current_profit, **kwargs):
        held = (current_time - trade.open_date_utc).total_seconds()
        if pair not in self.MANUAL and held >= self.HOLD_SECONDS:
            return "churn"
        return None
'''
_ITERATION = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) - freqtrade\.worker - DEBUG - "
                        r"Loop iteration took ([\d.]+) s", re.MULTILINE)
LOG_PROBLEMS = ("database is locked", "Traceback", " - ERROR - ", "QueuePool limit")


def write_bot_files(folder: Path, throttle: float = 1.0, hold: float = 4.0,
                    db_file: Path | None = None) -> Path:
    """User dir, ChurnStrategy and a dry-run config in ``folder``; returns the config path."""
    strategies = folder / "user_data" / "strategies"
    strategies.mkdir(parents=True, exist_ok=True)
    (strategies / "churn_strategy.py").write_text(
        CHURN_STRATEGY.format(hold=hold, manual=set(WRITER_PAIRS)))
    config = {
        "dry_run": True, "dry_run_wallet": 100000, "stake_currency": "USDT",
        "stake_amount": 20, "max_open_trades": len(STRATEGY_PAIRS) + len(WRITER_PAIRS),
        "timeframe": "1m", "strategy": "ChurnStrategy",
        "user_data_dir": str(folder / "user_data"),
        "db_url": f"sqlite:///{db_file or folder / 'load.sqlite'}",
        "initial_state": "running", "force_entry_enable": True,
        "exchange": {"name": "simulated", "pair_whitelist": STRATEGY_PAIRS + WRITER_PAIRS},
        "pairlists": [{"method": "StaticPairList"}],
        "entry_pricing": {"price_side": "other"}, "exit_pricing": {"price_side": "other"},
        "internals": {"process_throttle_secs": throttle},
        "api_server": {"enabled": True, "listen_ip_address": "127.0.0.1",
                       "listen_port": free_port(), "username": USERNAME,
                       "password": PASSWORD, "ws_token": WS_TOKEN,
                       "jwt_secret_key": "load-secret-" + "x" * 40},
    }
    path = folder / "config.json"
    path.write_text(json.dumps(config))
    return path


@dataclass(frozen=True)
class Iteration:
    ended: float  # epoch seconds, from the log line's local timestamp
    took: float


def logged_iterations(log: str, start: float = 0.0, end: float = float("inf")
                      ) -> list[Iteration]:
    """The loop iterations a ``-v`` log reports as ended between ``start`` and ``end``."""
    found = []
    for stamp, took in _ITERATION.findall(log):
        ended = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S,%f").timestamp()
        if start <= ended <= end:
            found.append(Iteration(ended, float(took)))
    return found


class TradingBot:
    """``freqtrade trade -v`` as a child process; its log is ``folder/bot.log``."""

    def __init__(self, config_file: Path) -> None:
        config = json.loads(config_file.read_text())
        self.base_url = f"http://127.0.0.1:{config['api_server']['listen_port']}"
        self.log_file = config_file.parent / "bot.log"
        self._log = open(self.log_file, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "freqtrade", "trade", "-v", "--config", str(config_file)],
            cwd=config_file.parent, stdout=self._log, stderr=subprocess.STDOUT)
        try:
            self._wait_until_trading()
        except BaseException:
            self.stop()
            raise

    @property
    def log(self) -> str:
        return self.log_file.read_text(errors="replace")

    def _wait_until_trading(self) -> None:
        """Until the loop has run twice and the strategy holds trades."""
        deadline = time.monotonic() + START_TIMEOUT
        while not self._trading():
            if self.proc.poll() is not None:
                raise AssertionError(f"the bot exited with {self.proc.returncode}:\n{self.log}")
            if time.monotonic() > deadline:
                raise AssertionError(f"the bot did not trade within {START_TIMEOUT} s:\n"
                                     f"{self.log}")
            time.sleep(0.2)

    def _trading(self) -> bool:
        try:
            count = requests.get(f"{self.base_url}/api/v1/count", timeout=5,
                                 auth=(USERNAME, PASSWORD))
        except requests.RequestException:
            return False
        return count.ok and count.json()["current"] > 0 and len(self.iterations()) >= 2

    def iterations(self, start: float = 0.0, end: float = float("inf")) -> list[Iteration]:
        """The loop iterations that ended between ``start`` and ``end`` (epoch seconds)."""
        return logged_iterations(self.log, start, end)

    def log_problems(self) -> list[str]:
        return [line for line in self.log.splitlines()
                if any(problem in line for problem in LOG_PROBLEMS)]

    def stop(self, timeout: float = 30.0) -> int | None:
        """SIGTERM and wait (killed after ``timeout``); the exit code."""
        try:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
                try:
                    self.proc.wait(timeout)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(10)
            return self.proc.returncode
        finally:
            self._log.close()


@dataclass
class Tally:
    """What all clients saw: latencies per endpoint, errors, websocket messages."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    errors: list[str] = field(default_factory=list)
    ws_messages: Counter = field(default_factory=Counter)
    ws_open: int = 0
    writer_round_trips: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, name: str, status: int, seconds: float) -> None:
        with self._lock:
            self.latencies[name].append(seconds)
            self.statuses[name][status] += 1

    def error(self, text: str) -> None:
        with self._lock:
            self.errors.append(text)

    @property
    def requests(self) -> int:
        return sum(len(values) for values in self.latencies.values())


class ApiClient:
    """One keep-alive session; every answer is timed, anything but ``expect`` is an error."""

    def __init__(self, base_url: str, tally: Tally) -> None:
        self.base = f"{base_url}/api/v1"
        self.tally = tally
        self.session = requests.Session()

    def call(self, name: str, method: str, path: str, expect: int = 200,
             **kwargs) -> dict | list | None:
        started = time.perf_counter()
        try:
            response = self.session.request(method, f"{self.base}/{path}",
                                            timeout=REQUEST_TIMEOUT, **kwargs)
        except requests.RequestException as exc:
            self.tally.error(f"{name}: {type(exc).__name__}: {exc}")
            return None
        self.tally.record(name, response.status_code, time.perf_counter() - started)
        if response.status_code != expect:
            self.tally.error(f"{name}: {response.status_code} {response.text[:200]}")
            return None
        return response.json()

    def login(self) -> str | None:
        """FreqUI's login: basic auth once for a token pair, Bearer afterwards."""
        tokens = self.call("token/login", "POST", "token/login", auth=(USERNAME, PASSWORD))
        if not isinstance(tokens, dict):
            return None
        self.session.headers["Authorization"] = f"Bearer {tokens['access_token']}"
        return tokens["access_token"]

    def close(self) -> None:
        self.session.close()


def poll_like_frequi(client: ApiClient, stop: threading.Event, interval: float,
                     rng: random.Random) -> None:
    """Refresh what FreqUI's dashboard and trade views show until ``stop``, pausing about
    ``interval`` s (jittered so clients do not march in step) between refreshes."""
    page = 0
    while not stop.is_set():
        client.call("status", "GET", "status")
        client.call("balance", "GET", "balance")
        client.call("profit", "GET", "profit")
        client.call("locks", "GET", "locks")
        client.call("whitelist", "GET", "whitelist")
        trades = client.call("trades page", "GET", "trades",
                             params={"limit": TRADES_PAGE, "offset": page * TRADES_PAGE})
        total = trades.get("total_trades", 0) if isinstance(trades, dict) else 0
        page = page + 1 if (page + 1) * TRADES_PAGE < total else 0
        client.call("pair_candles", "GET", "pair_candles",
                    params={"pair": rng.choice(STRATEGY_PAIRS), "timeframe": "1m",
                            "limit": 200})
        stop.wait(interval * rng.uniform(0.5, 1.5))


def force_trade(client: ApiClient, stop: threading.Event, pause: float) -> None:
    """Force-enter a writer pair, force-exit that trade, next pair; every answer must be 200
    and the exited trade must read back closed."""
    turn = 0
    while not stop.is_set():
        pair = WRITER_PAIRS[turn % len(WRITER_PAIRS)]
        turn += 1
        entered = client.call("forceenter", "POST", "forceenter",
                              json={"pair": pair, "ordertype": "market"})
        if not isinstance(entered, dict):
            stop.wait(pause)
            continue
        stop.wait(pause)
        trade_id = entered["trade_id"]
        exited = client.call("forceexit", "POST", "forceexit",
                             json={"tradeid": trade_id, "ordertype": "market"})
        trade = client.call("trade", "GET", f"trade/{trade_id}")
        if isinstance(exited, dict) and isinstance(trade, dict):
            if trade["is_open"]:
                client.tally.error(f"trade {trade_id} still open after its forced exit")
            else:
                with client.tally._lock:
                    client.tally.writer_round_trips += 1
        stop.wait(pause)


async def _listen(url: str, tally: Tally, stop: threading.Event) -> None:
    try:
        async with ws_connect(url, open_timeout=REQUEST_TIMEOUT) as socket:
            await socket.send(json.dumps({"type": "subscribe", "data": FREQUI_SUBSCRIPTION}))
            await socket.send(json.dumps({"type": "whitelist", "data": ""}))
            with tally._lock:
                tally.ws_open += 1
            while not stop.is_set():
                try:
                    message = json.loads(await asyncio.wait_for(socket.recv(), 0.5))
                except TimeoutError:
                    continue
                with tally._lock:
                    tally.ws_messages[message.get("type")] += 1
    except ConnectionClosed as exc:
        tally.error(f"websocket closed by the server: {exc}")
    except (OSError, TimeoutError) as exc:
        tally.error(f"websocket: {type(exc).__name__}: {exc}")


def _listen_all(urls: list[str], tally: Tally, stop: threading.Event) -> None:
    async def main() -> None:
        await asyncio.gather(*(_listen(url, tally, stop) for url in urls))

    asyncio.run(main())


@dataclass
class LoadSettings:
    clients: int = 50
    websockets: int = 30  # under the server's 32-socket cap
    interval: float = 1.0  # pause between one client's refreshes
    writer_pause: float = 0.5


def run_load(base_url: str, seconds: float, settings: LoadSettings) -> Tally:
    """Pollers, websockets and the writer for ``seconds``; then everything is joined."""
    tally = Tally()
    stop = threading.Event()
    clients = [ApiClient(base_url, tally) for _ in range(settings.clients + 1)]
    tokens = [client.login() for client in clients]
    if not all(tokens):
        for client in clients:
            client.close()
        return tally
    ws_base = base_url.replace("http://", "ws://") + "/api/v1/message/ws?token="
    ws_urls = [ws_base + token for token in tokens[:settings.websockets]]
    threads = [threading.Thread(target=poll_like_frequi, daemon=True,
                                args=(client, stop, settings.interval, random.Random(n)))
               for n, client in enumerate(clients[:-1])]
    threads.append(threading.Thread(target=force_trade, daemon=True,
                                    args=(clients[-1], stop, settings.writer_pause)))
    threads.append(threading.Thread(target=_listen_all, daemon=True,
                                    args=(ws_urls, tally, stop)))
    for thread in threads:
        thread.start()
    try:
        stop.wait(seconds)
    finally:
        stop.set()
        for thread in threads:
            thread.join(REQUEST_TIMEOUT + 5)
        for client in clients:
            client.close()
    stuck = [thread.name for thread in threads if thread.is_alive()]
    if stuck:
        tally.error(f"client threads still running after the stop: {stuck}")
    return tally


@contextlib.contextmanager
def trading_bot(folder: Path, **files) -> Iterator[TradingBot]:
    """The bot of ``write_bot_files(folder, **files)``, stopped when the block ends."""
    bot = TradingBot(write_bot_files(folder, **files))
    try:
        yield bot
    finally:
        bot.stop()


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (``pct`` in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(pct / 100 * len(ordered))))
    return ordered[rank - 1]
