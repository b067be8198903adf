"""Pairlist handling (whitelist/blacklist); pair locks live in ``freqtrade.persistence``."""
