"""Small helpers with no dependency on the rest of the bot (and what strategies import from
``freqtrade.util``)."""
from freqtrade.util.clock import dt_now
from freqtrade.util.dt import (
    dt_floor_day,
    dt_from_ts,
    dt_now_no_micro,
    dt_ts,
    dt_ts_def,
    dt_ts_none,
    dt_utc,
    format_date,
    format_ms_time,
    format_ms_time_det,
    shorten_date,
)
from freqtrade.util.formatters import (
    decimals_per_coin,
    fmt_coin,
    fmt_coin2,
    format_duration,
    format_pct,
    round_value,
)


def get_dry_run_wallet(config: dict) -> int | float:
    """The dry-run starting balance in the stake currency (``dry_run_wallet`` may be a
    per-currency dict)."""
    wallet = config["dry_run_wallet"]
    if isinstance(wallet, int | float):
        return wallet
    return wallet.get(config["stake_currency"], 0.0)


__all__ = ["decimals_per_coin", "dt_floor_day", "dt_from_ts", "dt_now", "dt_now_no_micro",
           "dt_ts", "dt_ts_def", "dt_ts_none", "dt_utc", "fmt_coin", "fmt_coin2",
           "format_date", "format_duration", "format_ms_time", "format_ms_time_det",
           "format_pct", "get_dry_run_wallet", "round_value", "shorten_date"]
