"""The process around the bot: the state machine, the throttled loop, signals, config reload.

States: RUNNING and PAUSED run the loop (PAUSED opens no trades), STOPPED only idles,
RELOAD_CONFIG tears the bot down, re-reads the config files and builds a new bot whose state is
the config's ``initial_state``. The API server keeps running across a reload unless its own
config section changed.
"""
from __future__ import annotations

import logging
import signal
import threading
import time
from typing import Any

from freqtrade.enums import RunMode, State
from freqtrade.util import start_stop
from freqtrade.util.clock import dt_now

logger = logging.getLogger(__name__)


class Worker:
    """Runs a FreqtradeBot until SIGINT/SIGTERM."""

    def __init__(self, configuration, config: dict | None = None, exchange=None):
        self._configuration = configuration
        self._exchange = exchange
        self._stop_event = threading.Event()
        self._api = None
        self.bot = None
        self._last_state: State | None = None
        try:
            self._init(config or configuration.load())
        except BaseException:  # e.g. interrupted while starting: no half-started server left
            self.cleanup()
            raise

    # -------------------------------------------------------------- set-up / tear-down
    def _init(self, config: dict) -> None:
        from freqtrade.bot import FreqtradeBot

        config.setdefault("runmode", RunMode.DRY_RUN if config.get("dry_run", True)
                          else RunMode.LIVE)
        self.config = config
        # the exchange handed in (its markets loaded by the start's reachability check) serves
        # the first bot only: a reload builds its own, from the configuration it reads
        exchange, self._exchange = self._exchange, None
        self.bot = FreqtradeBot(config, exchange=exchange)
        self._last_state = None
        start_stop.checkpoint()  # a SIGTERM while starting ends the start here, or
        self._start_api()
        start_stop.checkpoint()  # here

    def _start_api(self) -> None:
        api_config = self.config.get("api_server") or {}
        if not api_config.get("enabled"):
            if self._api is not None:
                self._api.stop()
                self._api = None
            return
        from freqtrade.api.bootstrap import BotApi

        if self._api is not None and self._api.config_section == api_config:
            self._api.attach(self.bot, self.config)
            return
        if self._api is not None:
            logger.info("api_server section changed: restarting the API server.")
            self._api.stop()
        self._api = BotApi(self.config)
        self._api.attach(self.bot, self.config)
        self._api.start()

    def _reload(self) -> None:
        logger.info("Reloading configuration ...")
        old_bot = self.bot
        if self._api is not None:
            self._api.detach()
        old_bot.cleanup()
        try:
            config = self._configuration.load()
        except Exception as exc:  # keep the old config rather than dying on a typo
            logger.error("Reload failed, keeping the previous configuration: %s", exc)
            config = self.config
            config["initial_state"] = str(State.STOPPED)
        config["runmode"] = self.config.get("runmode")
        self._init(config)

    @property
    def stop_requested(self) -> bool:
        return self._stop_event.is_set()

    def request_stop(self, *_args) -> None:
        """Signal handler: finish the current step, then exit cleanly."""
        logger.info("Stop requested, finishing the current step ...")
        self._stop_event.set()

    def cleanup(self) -> None:
        if self._api is not None:
            self._api.stop()
            self._api = None
        if self.bot is not None:
            self.bot.cleanup()
        else:  # the bot was not built: the database it opened is closed all the same
            from freqtrade.persistence import close_db

            close_db()

    # -------------------------------------------------------------- the loop
    def run(self) -> None:
        """Loop until a stop is requested (SIGINT/SIGTERM in the main thread)."""
        previous: dict[int, Any] = {}
        try:
            if threading.current_thread() is threading.main_thread():
                for signum in (signal.SIGINT, signal.SIGTERM):
                    previous[signum] = signal.signal(signum, self.request_stop)
                if start_stop.taken_over():  # asked for since the last step of the start
                    self.request_stop()
            while not self._stop_event.is_set():
                self.step()
        finally:
            self.cleanup()
            logger.info("Bot stopped.")
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def step(self) -> None:
        """One worker tick: handle state changes, run one bot iteration, then throttle."""
        started = time.monotonic()
        state = self.bot.state
        if state == State.RELOAD_CONFIG:
            self._reload()
            return
        if state != self._last_state:
            self._on_state_change(state)
        if state in (State.RUNNING, State.PAUSED):
            try:
                self.bot.process()
            except Exception:
                logger.exception("Error in the trading loop; continuing with the next step.")
        self.bot.last_heartbeat = dt_now()
        throttle = float((self.config.get("internals") or {}).get("process_throttle_secs", 5))
        took = time.monotonic() - started
        remaining = throttle - took
        # at -v: what each iteration cost, the figure to watch when the loop seems slow
        logger.debug("Loop iteration took %.3f s; next one in %.3f s.", took, max(remaining, 0.0))
        if remaining > 0:
            self._stop_event.wait(remaining)

    def _on_state_change(self, state: State) -> None:
        previous = self._last_state
        self._last_state = state
        logger.info("Changing state%s to: %s", f" from: {previous}" if previous else "", state)
        if state in (State.RUNNING, State.PAUSED):
            self.bot.startup()
        self.bot.send_msg({"type": "status", "status": str(state)})
        if state == State.STOPPED:
            from freqtrade.persistence import Trade, remove_session

            try:
                open_count = len(Trade.get_open_trades())
            finally:
                remove_session()
            if open_count:
                logger.warning("%d open trades remain while the bot is stopped.", open_count)
            if self.config.get("cancel_open_orders_on_exit") and previous is not None:
                with self.bot.lock:
                    self.bot.cancel_all_open_orders()
