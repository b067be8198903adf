"""Logging set-up: console, optional rotating file, and the in-memory buffer behind ``/logs``."""
from __future__ import annotations

import logging
import re
import sys
from collections import deque
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler
from urllib.parse import unquote_plus

from freqtrade.constants import LOG_BUFFER_CAPACITY

LOG_FORMAT = "%(asctime)s - %(name)s - %(levelname)s - %(message)s"
_NOISY_LOGGERS = ("ccxt", "urllib3", "asyncio", "hypercorn.error", "sqlalchemy", "httpx")

# ``key=value`` in a URL or message; the key is judged after percent-decoding, so
# ``?%74oken=...`` (which the server reads as ``token``) is redacted as well.
_PARAM_RE = re.compile(r"(?<![^\s?&;\"'])([^\s=?&;\"']+)=([^\s&\"']*)")
# C0/C1 controls (NUL, ESC, CR ...), Unicode line/paragraph separators and bidi overrides: they
# forge log lines, drive terminals, or reorder what a reader sees.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_CONTROL_RE = re.compile(f"[{_CONTROLS}]")  # newline and tab stay: multi-line messages
_LINE_CONTROL_RE = re.compile(f"[\t\n{_CONTROLS}]")  # one record = one line


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str, *, single_line: bool = False) -> str:
    """``text`` with control characters as ``\\xNN`` / ``\\uNNNN`` escapes."""
    return (_LINE_CONTROL_RE if single_line else _CONTROL_RE).sub(_escape_char, text)


def _redact_param(match: re.Match[str]) -> str:
    key = match.group(1)
    if not unquote_plus(key).strip().lower().endswith("token"):
        return match.group()
    return f"{key}=***"


def redact_tokens(text: str) -> str:
    """Blank the value of every ``...token=`` parameter (key percent-decoded, any case)."""
    return _PARAM_RE.sub(_redact_param, text) if "=" in text else text


def log_preview(value: str | None, keep: int = 4) -> str:
    """A short, escaped, quoted prefix of untrusted input (e.g. a username that may be a
    mistyped password): enough to recognise it, too little to reuse it."""
    if value is None:
        return "None"
    shown = escape_controls(value[:keep], single_line=True)
    return f"'{shown}...' ({len(value)} characters)" if len(value) > keep else f"'{shown}'"


class RedactTokenFilter(logging.Filter):
    """Before any handler: blank ``token=...`` values (websocket tokens travel in URLs) and
    escape control characters, so a message cannot forge lines or drive a terminal."""

    single_line = False

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = escape_controls(redact_tokens(message), single_line=self.single_line)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True


class AccessLineFilter(RedactTokenFilter):
    """Access lines carry the percent-decoded path: newlines are escaped as well."""

    single_line = True


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
