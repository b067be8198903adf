"""The exchange credentials of a config reach ccxt under ccxt's names, whichever key holds them.

freqtrade 2026.9's ``new-config`` writes ``exchange.api_key``; older files use ``key``, some
``apiKey``. ccxt itself is replaced by a fake class that records what it was built with.
"""
import ccxt
import pytest

from freqtrade.exchange import create_exchange


class RecordingCcxt:
    built: list[dict] = []
    name = "Binance"

    def __init__(self, params: dict):
        RecordingCcxt.built.append(params)


@pytest.fixture
def fake_binance(monkeypatch):
    RecordingCcxt.built = []
    monkeypatch.setattr(ccxt, "binance", RecordingCcxt)
    return RecordingCcxt.built


@pytest.mark.parametrize("key_name", ["api_key", "apiKey", "key"])
def test_api_key_under_any_freqtrade_name_is_passed_to_ccxt(fake_binance, key_name):
    create_exchange({"dry_run": False, "exchange": {"name": "binance", key_name: "AK-1",
                                                    "secret": "SE-2", "password": "PW-3"}})
    params = fake_binance[0]
    assert params["apiKey"] == "AK-1" and params["secret"] == "SE-2"
    assert params["password"] == "PW-3"


def test_api_key_wins_over_the_old_key_and_empty_values_are_not_sent(fake_binance):
    create_exchange({"dry_run": False,
                     "exchange": {"name": "binance", "api_key": "new", "key": "old",
                                  "secret": "", "wallet_address": "0xabc",
                                  "private_key": "pk"}})
    params = fake_binance[0]
    assert params["apiKey"] == "new"
    assert "secret" not in params and "password" not in params
    assert params["walletAddress"] == "0xabc" and params["privateKey"] == "pk"


def test_ccxt_config_still_overrides(fake_binance):
    create_exchange({"exchange": {"name": "binance", "api_key": "k",
                                  "ccxt_config": {"enableRateLimit": False}}})
    assert fake_binance[0]["enableRateLimit"] is False


def test_dry_run_keeps_the_keys_away_from_ccxt(fake_binance):
    create_exchange({"dry_run": True, "exchange": {"name": "binance", "api_key": "AK",
                                                   "secret": "SE"}})
    assert "apiKey" not in fake_binance[0] and "secret" not in fake_binance[0]
