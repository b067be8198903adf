"""Vendored-name compatibility modules (our own code under freqtrade-compatible names)."""
