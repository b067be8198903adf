"""The garbage collections that run on the calling thread while a block runs."""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collections_on_this_thread() -> Iterator[list[int]]:
    """Yields a list that collects the generation of each collection started on this thread
    inside the block; the collector is on and its allocation counts at zero when it begins."""
    reader = threading.get_ident()
    collections: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "start" and threading.get_ident() == reader:
            collections.append(info["generation"])

    gc.enable()
    gc.collect()
    gc.callbacks.append(count)
    try:
        yield collections
    finally:
        gc.callbacks.remove(count)
