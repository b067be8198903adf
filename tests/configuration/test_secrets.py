"""Which config keys count as secret: freqtrade's names, near misses, and settings that are not."""
import pytest

from freqtrade.configuration.secrets import is_secret_key, mask_secrets


@pytest.mark.parametrize("key", ["key", "api_key", "apiKey", "secret", "password", "pasword",
                                 "passwort", "secrett", "jwt_secret_key", "ws_token", "token",
                                 "tokn", "uid", "private_key", "privateKey", "wallet_address",
                                 "walletAddress", "account_id", "accountId", "chat_id",
                                 "passphrase", "API_SECRET", "webhook_url"])
def test_secret_keys_are_recognised(key):
    assert is_secret_key(key)


@pytest.mark.parametrize("key", ["dry_run_wallet", "liquidation_buffer", "listen_ip_address",
                                 "username", "sort_key", "stake_amount", "pair_whitelist",
                                 "max_open_trades", "enabled", "bot_name", "CORS_origins"])
def test_settings_are_not_secret(key):
    assert not is_secret_key(key)


def test_mask_keeps_shape_and_empty_values():
    config = {"exchange": {"key": "", "secret": "s", "pair_whitelist": ["BTC/USDT"]},
              "webhook": {"url": "https://hooks.example/abc", "enabled": True},
              "api_server": {"ws_token": ["a", "b"]}}
    assert mask_secrets(config) == {
        "exchange": {"key": "", "secret": "REDACTED", "pair_whitelist": ["BTC/USDT"]},
        "webhook": {"url": "REDACTED", "enabled": True},
        "api_server": {"ws_token": "REDACTED"}}
