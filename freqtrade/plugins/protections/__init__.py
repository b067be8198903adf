"""Protections: temporary pair locks after losing streaks, drawdowns or recent exits."""
from freqtrade.plugins.protections.base import Protection, ProtectionResult
from freqtrade.plugins.protections.manager import (
    PROTECTIONS,
    ProtectionManager,
    load_protections,
    protection_problems,
)

__all__ = ["PROTECTIONS", "Protection", "ProtectionManager", "ProtectionResult",
           "load_protections", "protection_problems"]
