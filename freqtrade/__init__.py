"""A freqtrade-compatible trading bot whose product is its control API."""

__version__ = "2026.11"
