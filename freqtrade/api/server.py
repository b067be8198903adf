"""Run the app with hypercorn on its own event loop in a daemon thread named ``ApiServer``.

The bot loop owns the main thread; the API must never block it and must start and stop
deterministically. ``start()`` returns once the socket listens (or raises
OperationalException, e.g. port in use); ``stop()`` triggers a graceful shutdown and joins the
thread within a bounded time. hypercorn awaits the shutdown trigger only after its sockets
listen, which is how ``start()`` knows the server is up.

Before binding, ``check_listen_security`` logs freqtrade's security warnings and goes further:
listening beyond loopback is refused with an empty username or password (such an API could never
be logged into) and with a published sample or short password or ws_token
(``freqtrade.configuration.exposure``).
"""
from __future__ import annotations

import asyncio
import logging
import signal
import socket
import sys
import threading
from pathlib import Path
from typing import Any

from hypercorn.asyncio import serve
from hypercorn.config import Config as HypercornConfig
from starlette.types import ASGIApp

from freqtrade.api.body_drain import DrainRequestBody
from freqtrade.api.context import ApiContext
from freqtrade.api.inputs import MAX_BODY_BYTES
from freqtrade.api.routes_ws import MAX_INCOMING_BYTES
from freqtrade.configuration.exposure import exposure_problems, is_loopback, weak_secrets
from freqtrade.enums import RunMode
from freqtrade.exceptions import OperationalException
from freqtrade.loggers import AccessLineFilter

logger = logging.getLogger(__name__)

THREAD_NAME = "ApiServer"
START_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0
GRACEFUL_TIMEOUT = 3.0
ACCESS_LOG_FORMAT = '%(h)s "%(R)s" %(s)s %(b)s'
# Idle keep-alive connections stay open this long. hypercorn's default is 5 s, FreqUI's refresh
# period: the server then closes idle connections just as clients send their next request on
# them, and those requests fail with "connection reset" / "closed without response".
KEEP_ALIVE_TIMEOUT = 75.0
# hypercorn closes a keep-alive connection after 1,000 requests by default: a client polling
# fast then pays a new connection (and hypercorn a new connection task) every 1,000 answers,
# and sees a ``connection: close`` freqtrade's server never sends. No request limit here.
KEEP_ALIVE_MAX_REQUESTS = sys.maxsize


EXTERNAL_WARNINGS = (
    "SECURITY WARNING - Local Rest Server listening to external connections",
    "SECURITY WARNING - This is insecure please set to your loopback,e.g 127.0.0.1 in config.json",
)
NO_PASSWORD_WARNING = ("SECURITY WARNING - No password for local REST Server defined. "
                       "Please make sure that this is intentional!")


def running_in_docker() -> bool:
    """Docker publishes ports explicitly, so binding 0.0.0.0 inside it is the normal set-up."""
    return Path("/.dockerenv").exists()


def check_listen_security(api_config: dict[str, Any], in_docker: bool | None = None) -> None:
    """Log freqtrade's security warnings; raise when the API would be exposed weakly.

    Beyond loopback, missing credentials and weak passwords / ws_tokens are refused (Docker
    included); on loopback weak values only warn.
    """
    host = str(api_config.get("listen_ip_address", "127.0.0.1"))
    password = api_config.get("password")
    problems = exposure_problems(api_config)
    if problems:
        raise OperationalException(problems[0])
    if not is_loopback(host) and not (running_in_docker() if in_docker is None else in_docker):
        for line in EXTERNAL_WARNINGS:
            logger.warning(line)
    if not password:
        logger.warning(NO_PASSWORD_WARNING)
    for reason in weak_secrets(api_config) if is_loopback(host) else ():
        logger.warning("SECURITY WARNING - %s: acceptable on loopback only, the API will refuse "
                       "to start on any other address with it.", reason)
    for key in ("username", "password"):
        value = api_config.get(key)
        if isinstance(value, str) and not value.isascii():
            logger.warning("api_server.%s contains non-ASCII characters: HTTP Basic credentials "
                           "must be ASCII, so logins with it will fail.", key)


def access_logger() -> logging.Logger:
    """Access lines go through Python logging with ``token=`` values redacted and control
    characters of the decoded path escaped (one request = one line)."""
    access = logging.getLogger("freqtrade.api.access")
    if not any(isinstance(f, AccessLineFilter) for f in access.filters):
        access.addFilter(AccessLineFilter())
    return access


def hypercorn_config(api_config: dict[str, Any]) -> HypercornConfig:
    host = str(api_config.get("listen_ip_address", "127.0.0.1"))
    port = int(api_config.get("listen_port", 8080))
    config = HypercornConfig()
    config.bind = [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"]
    config.accesslog = access_logger() if api_config.get("verbosity") == "info" else None
    config.access_log_format = ACCESS_LOG_FORMAT
    config.errorlog = logging.getLogger("hypercorn.error")
    config.graceful_timeout = GRACEFUL_TIMEOUT
    config.keep_alive_timeout = KEEP_ALIVE_TIMEOUT
    config.keep_alive_max_requests = KEEP_ALIVE_MAX_REQUESTS
    config.include_server_header = False
    config.websocket_max_message_size = MAX_INCOMING_BYTES  # buffered before the app sees it
    return config


def _bind_error(host: str, port: int, error: BaseException) -> OperationalException:
    return OperationalException(
        f"Could not start the API server on {host}:{port}: {error}. Is another process using "
        "this port? Change api_server.listen_port or stop the other process.")


def _check_bindable(host: str, port: int) -> None:
    """Probe the address first: hypercorn leaks its socket when binding fails."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as hypercorn does
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as exc:
            raise _bind_error(host, port, exc) from exc


def new_event_loop() -> asyncio.AbstractEventLoop:
    """The server thread's loop: uvloop's where it is installed (not on Windows), whose I/O,
    timers and callbacks are implemented in C; asyncio's otherwise."""
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


def _cancel_leftovers(loop: asyncio.AbstractEventLoop) -> None:
    """hypercorn leaves its lifespan task behind when binding fails; end it before closing."""
    pending = asyncio.all_tasks(loop)
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))


class ApiServer:
    """Owns the server thread. Not re-entrant: one ``start()`` per ``stop()``."""

    def __init__(self, context: ApiContext, app: ASGIApp) -> None:
        self.context = context
        self.app = app
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_event: asyncio.Event | None = None
        self._listening = threading.Event()
        self._error: BaseException | None = None
        self._foreground_done = threading.Event()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Bind and serve in the background; OperationalException if that is not possible."""
        if self.running:
            return
        api_config = self.context.api_config
        host = api_config.get("listen_ip_address", "127.0.0.1")
        port = api_config.get("listen_port", 8080)
        check_listen_security(api_config)
        logger.info("Starting HTTP Server at %s:%s", host, port)
        _check_bindable(str(host), int(port))
        config = hypercorn_config(api_config)
        self._listening.clear()
        self._error = None
        self._thread = threading.Thread(target=self._run, args=(config,), name=THREAD_NAME,
                                        daemon=True)
        self._thread.start()
        if not self._listening.wait(START_TIMEOUT):
            self._stop_thread()
            raise OperationalException(
                f"API server did not start listening on {host}:{port} within {START_TIMEOUT} s.")
        if self._error is not None:
            error = self._error
            self._thread.join(STOP_TIMEOUT)
            self._thread = None
            raise _bind_error(host, port, error) from error
        logger.info("Starting Local Rest Server.")

    def _run(self, config: HypercornConfig) -> None:
        loop = new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        self._stop_event = asyncio.Event()
        try:
            app = DrainRequestBody(self.app, MAX_BODY_BYTES)  # keeps keep-alive connections
            loop.run_until_complete(serve(app, config,  # type: ignore[arg-type]  # ASGI 3
                                          shutdown_trigger=self._until_stopped))
        except BaseException as exc:  # bind errors end up here; report them to start()
            self._error = exc
            if self._listening.is_set():
                logger.exception("API server stopped unexpectedly.")
        finally:
            self._listening.set()
            try:
                _cancel_leftovers(loop)
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.run_until_complete(loop.shutdown_default_executor())
            finally:
                loop.close()

    async def _until_stopped(self) -> None:
        self._listening.set()  # hypercorn calls the trigger once its sockets are listening
        assert self._stop_event is not None
        await self._stop_event.wait()

    def stop(self) -> None:
        """Graceful shutdown; returns once the thread ended (or after STOP_TIMEOUT)."""
        self._foreground_done.set()
        self._stop_thread()

    def _stop_thread(self) -> None:
        thread, loop, event = self._thread, self._loop, self._stop_event
        if thread is None:
            return
        logger.info("Stopping API Server")
        stream = getattr(getattr(self.app, "state", None), "message_stream", None)
        if stream is not None:  # open websockets would hold hypercorn's graceful shutdown
            stream.close_all()
        if loop is not None and event is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:  # loop closed in between: the thread is ending anyway
                pass
        thread.join(STOP_TIMEOUT)
        if thread.is_alive():
            logger.warning("API server thread did not stop within %s s.", STOP_TIMEOUT)
        self._thread = None
        self._loop = None
        self._stop_event = None

    def run_forever(self) -> None:
        """Serve in the foreground (``freqtrade webserver``) until SIGINT/SIGTERM or ``stop()``."""
        self._foreground_done.clear()
        previous: dict[int, Any] = {}
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                previous[signum] = signal.signal(signum, lambda *_: self._foreground_done.set())
        try:
            self.start()
            while not self._foreground_done.wait(0.5):
                if not self.running:
                    logger.error("API server thread ended; shutting down.")
                    break
        finally:
            self.stop()
            for number, handler in previous.items():
                signal.signal(number, handler)


def run_webserver(config: dict[str, Any]) -> None:
    """``freqtrade webserver``: the API without a trading bot, until SIGINT/SIGTERM."""
    from freqtrade.api.app import create_app

    context = ApiContext(config, RunMode.WEBSERVER)
    ApiServer(context, create_app(context)).run_forever()
