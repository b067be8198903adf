"""``import freqtrade.vendor.qtpylib.indicators as qtpylib`` keeps working for old strategies.

The qtpylib indicator helpers live in the ``technical`` package (``technical.qtpylib``); this
module re-exports all of them, so a strategy gets the very functions, and so the very numbers,
it gets under freqtrade. Importing it warns that the path is deprecated, as freqtrade does.
"""
import warnings

from technical.qtpylib import *  # noqa: F403

warnings.warn(
    "'freqtrade.vendor.qtpylib.indicators' is deprecated: import the helpers from the "
    "technical package instead (`from technical import qtpylib` or "
    "`from technical.qtpylib import crossed_above`).",
    FutureWarning,
    stacklevel=2,
)
