"""Handing freed memory back to the system."""
from __future__ import annotations

import ctypes


def release_free_memory() -> None:
    """Give the pages freed after a large read back to the system: glibc's allocator keeps
    them for the process otherwise (about 110 MB after reading a million trades). Elsewhere
    a no-op."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass
