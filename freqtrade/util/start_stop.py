"""A stop asked for while the bot is still starting (``docker stop`` right after a start).

Raising KeyboardInterrupt from the signal handler itself lands wherever the start happens to
be, including library code that must not be interrupted: SQLAlchemy's pool, returning a
connection, logs the interrupt with a traceback; CPython notes one leaving code run by
``exec`` as unhandled. So the handler only notes the stop, and the start ends at its next step
boundary (``checkpoint``), where nothing is half done. A step that takes longer than
``GRACE_SECS`` (an exchange that does not answer) is interrupted where it is, as Ctrl-C would.
"""
from __future__ import annotations

import signal
import threading
from typing import Any

GRACE_SECS = 3.0

_lock = threading.Lock()
_requested = threading.Event()
_timer: threading.Timer | None = None


def on_signal(*_args: Any) -> None:
    """Signal handler while starting: note the stop; a second signal interrupts at once."""
    global _timer

    if _requested.is_set():
        raise KeyboardInterrupt
    _requested.set()
    with _lock:
        _timer = threading.Timer(GRACE_SECS, _interrupt_main)
        _timer.daemon = True
        _timer.start()


def _interrupt_main() -> None:
    """Ctrl-C for the main thread: a real signal, so that a blocking call (a socket read, a
    sleep) returns and Python's SIGINT handler raises KeyboardInterrupt there."""
    ident = threading.main_thread().ident
    if ident is not None:
        signal.pthread_kill(ident, signal.SIGINT)


def taken_over() -> bool:
    """The start is over (the loop's own handlers take signals from here): stop the grace
    timer; returns whether a stop was asked for meanwhile."""
    global _timer

    with _lock:
        if _timer is not None:
            _timer.cancel()
            _timer = None
    asked = _requested.is_set()
    _requested.clear()
    return asked


def checkpoint() -> None:
    """A step boundary of the start: end it here if a stop was asked for."""
    if _requested.is_set():
        taken_over()
        raise KeyboardInterrupt


def reset() -> None:
    """Forget a noted stop (a new start in the same process)."""
    taken_over()
