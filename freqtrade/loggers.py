"""Logging set-up: console, optional rotating file, and the in-memory buffer behind ``/logs``."""
from __future__ import annotations

import logging
import re
import sys
from collections import deque
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler

from freqtrade.constants import LOG_BUFFER_CAPACITY

LOG_FORMAT = "%(asctime)s - %(name)s - %(levelname)s - %(message)s"
_TOKEN_RE = re.compile(r"(token=)[^&\s\"']+")
_NOISY_LOGGERS = ("ccxt", "urllib3", "asyncio", "hypercorn.error", "sqlalchemy", "httpx")


class RedactTokenFilter(logging.Filter):
    """Blank out ``token=...`` values (websocket tokens travel in URLs) before any handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "token=" in message:
            record.msg = _TOKEN_RE.sub(r"\1***", message)
            record.args = None
        return True


class LogBufferHandler(logging.Handler):
    """Keeps the newest ``capacity`` records, pre-rendered in the ``/logs`` wire shape.

    Rendering at emit time keeps no references to arguments (which may be large or mutable).
    """

    def __init__(self, capacity: int = LOG_BUFFER_CAPACITY):
        super().__init__()
        self.records: deque[list] = deque(maxlen=capacity)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
            if record.exc_info and not record.exc_text:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            if record.exc_text:
                message = f"{message}\n{record.exc_text}"
            when = datetime.fromtimestamp(record.created, tz=UTC)
            self.records.append([
                when.strftime("%Y-%m-%d %H:%M:%S"),
                record.created * 1000.0,
                record.name,
                record.levelname,
                message,
            ])
        except Exception:  # pragma: no cover - logging must never raise
            self.handleError(record)

    def get(self, limit: int | None = None) -> list[list]:
        """The newest ``limit`` records (all when ``limit`` is falsy), oldest first."""
        records = list(self.records)
        return records[-limit:] if limit else records


_buffer = LogBufferHandler()
_redact = RedactTokenFilter()


def get_log_buffer() -> LogBufferHandler:
    return _buffer


def setup_logging(verbosity: int = 0, logfile: str | None = None) -> None:
    """Configure the root logger once per process (calling again replaces our handlers).

    verbosity 0: INFO; 1: DEBUG for the bot; 2+: DEBUG for third-party libraries too.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_freqtrade", False):
            root.removeHandler(handler)
            if handler is not _buffer:
                handler.close()
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr), _buffer]
    if logfile:
        handlers.append(RotatingFileHandler(logfile, maxBytes=10 * 1024 * 1024, backupCount=10))
    formatter = logging.Formatter(LOG_FORMAT)
    for handler in handlers:
        handler.setFormatter(formatter)
        if _redact not in handler.filters:
            handler.addFilter(_redact)
        handler._freqtrade = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbosity >= 1 else logging.INFO)
    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG if verbosity >= 2 else logging.WARNING)
