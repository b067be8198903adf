"""Exception types shared across layers; the API maps them to HTTP statuses."""


class FreqtradeException(Exception):
    """Base of every error the bot raises on purpose."""


class OperationalException(FreqtradeException):
    """Fatal to the current operation: bad configuration, missing file, unknown strategy."""


class ConfigurationError(OperationalException):
    """Configuration invalid; ``errors`` lists every problem as ``key.path: rule``."""

    def __init__(self, errors: list[str] | str):
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        super().__init__("\n".join(self.errors))


class DependencyException(FreqtradeException):
    """A precondition for an action is missing (not enough balance, pair locked, ...)."""


class PricingError(DependencyException):
    """No usable price for a pair."""


class ExchangeError(DependencyException):
    """The exchange refused or failed a request."""


class InvalidOrderException(ExchangeError):
    """Order could not be created / found / cancelled."""


class InsufficientFundsError(InvalidOrderException):
    """Not enough funds for an order."""


class TemporaryError(ExchangeError):
    """Network or rate-limit trouble: retrying may help."""


class DDosProtection(TemporaryError):
    """The exchange throttled us (rate limit / DDoS protection)."""


class RetryableOrderError(InvalidOrderException):
    """An order call that failed in a way worth retrying (e.g. order not found yet)."""


class AuthenticationError(ExchangeError):
    """API key or secret rejected by the exchange."""


class StrategyError(FreqtradeException):
    """A strategy callback raised or returned something invalid."""


class RPCException(FreqtradeException):
    """A bot-level command failed; the API renders it as 502 ``{"error": ...}``."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
