"""Configuration loading as users write configs: files, comments, overrides, validation."""
import json
import logging

import pytest

from freqtrade.configuration import (
    Configuration,
    build_config,
    environment_overrides,
    load_config_file,
    strip_json_extensions,
    validate_config,
)
from freqtrade.configuration.defaults import apply_defaults
from freqtrade.constants import DEFAULT_DB_DRYRUN_URL, DEFAULT_DB_PROD_URL
from freqtrade.exceptions import ConfigurationError


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_later_files_override_earlier_and_sections_merge(tmp_path):
    a = write(tmp_path, "a.json", json.dumps(
        {"stake_amount": 10, "api_server": {"listen_port": 8081, "username": "a"}}))
    b = write(tmp_path, "b.json", json.dumps(
        {"stake_amount": 20, "api_server": {"username": "b"}}))
    config = build_config([a, b], environ={})
    assert config["stake_amount"] == 20
    assert config["api_server"]["listen_port"] == 8081
    assert config["api_server"]["username"] == "b"
    assert config["config_files"] == [a, b]


def test_comments_and_trailing_commas_are_accepted(tmp_path):
    path = write(tmp_path, "c.json", """
    // documented example pasted by a user
    {
        /* block
           comment */
        "bot_name": "http://not-a-comment//really", // trailing comment
        "exchange": {"name": "simulated", "pair_whitelist": ["BTC/USDT", "ETH/USDT",],},
        "note": "a /* not a comment */ string",
    }
    """)
    config = load_config_file(path)
    assert config["bot_name"] == "http://not-a-comment//really"
    assert config["exchange"]["pair_whitelist"] == ["BTC/USDT", "ETH/USDT"]
    assert config["note"] == "a /* not a comment */ string"


def test_escaped_quotes_inside_strings_do_not_confuse_the_stripper():
    text = '{"a": "quote \\" // still string", "b": 1,}'
    assert json.loads(strip_json_extensions(text)) == {"a": 'quote " // still string', "b": 1}


def test_broken_json_reports_original_line_and_column(tmp_path):
    path = write(tmp_path, "broken.json", '{\n  /* c */\n  "a": 1\n  "b": 2\n}\n')
    with pytest.raises(ConfigurationError) as err:
        load_config_file(path)
    (message,) = err.value.errors
    assert "broken.json" in message and "line 4, column 3" in message


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(ConfigurationError) as err:
        build_config([str(tmp_path / "missing.json")], environ={})
    assert "missing.json" in err.value.errors[0] and "not found" in err.value.errors[0]


def test_top_level_must_be_an_object(tmp_path):
    with pytest.raises(ConfigurationError, match="top level"):
        load_config_file(write(tmp_path, "list.json", "[1, 2]"))


def test_environment_overrides_nest_and_parse_types():
    env = {
        "FREQTRADE__API_SERVER__PASSWORD": "s3cret",
        "FREQTRADE__API_SERVER__LISTEN_PORT": "8090",
        "FREQTRADE__API_SERVER__CORS_ORIGINS": '["http://localhost:3000"]',
        "FREQTRADE__DRY_RUN": "false",
        "FREQTRADE__BOT_NAME": "mybot",
        "OTHER": "ignored",
    }
    assert environment_overrides(env) == {
        "api_server": {"password": "s3cret", "listen_port": 8090,
                       "CORS_origins": ["http://localhost:3000"]},
        "dry_run": False,
        "bot_name": "mybot",
    }


def test_precedence_files_then_environment_then_cli(tmp_path):
    path = write(tmp_path, "a.json", json.dumps({"strategy": "FromFile", "bot_name": "file",
                                                 "db_url": "sqlite:///file.sqlite"}))
    env = {"FREQTRADE__STRATEGY": "FromEnv", "FREQTRADE__BOT_NAME": "env"}
    config = build_config([path], {"strategy": "FromCli", "db_url": None}, environ=env)
    assert config["strategy"] == "FromCli"
    assert config["bot_name"] == "env"
    assert config["db_url"] == "sqlite:///file.sqlite"


def test_dry_run_flag_from_cli(tmp_path):
    path = write(tmp_path, "a.json", json.dumps({"dry_run": False}))
    assert build_config([path], {"dry_run": True}, environ={})["dry_run"] is True


def test_defaults_fill_everything_optional():
    config = build_config([], environ={})
    assert config["exchange"]["name"] == "simulated"
    assert config["api_server"]["listen_ip_address"] == "127.0.0.1"
    assert config["api_server"]["enabled"] is False
    assert "unfilledtimeout" not in config  # none unless the config or the strategy sets it
    assert config["db_url"] == DEFAULT_DB_DRYRUN_URL


def test_db_url_default_depends_on_dry_run():
    assert apply_defaults({"dry_run": False})["db_url"] == DEFAULT_DB_PROD_URL
    assert apply_defaults({"dry_run": True})["db_url"] == DEFAULT_DB_DRYRUN_URL


@pytest.mark.parametrize("patch, message", [
    ({"api_server": {"listen_port": 70000}}, "api_server.listen_port: must be an integer 1-65535"),
    ({"api_server": {"listen_port": True}}, "api_server.listen_port: must be an integer 1-65535"),
    ({"api_server": {"listen_port": "8080"}}, "api_server.listen_port: must be an integer"),
    ({"api_server": {"listen_ip_address": "localhost"}}, "api_server.listen_ip_address:"),
    ({"api_server": {"verbosity": "debug"}}, 'api_server.verbosity: must be "error" or "info"'),
    ({"api_server": {"ws_token": 5}}, "api_server.ws_token: must be a string or a list"),
    ({"api_server": {"CORS_origins": ["http://localhost:8080/"]}},
     'api_server.CORS_origins[0]: "http://localhost:8080/" must be an origin without a '
     'trailing slash or path; write it as "http://localhost:8080"'),
    ({"api_server": {"CORS_origins": ["localhost:8080"]}}, "api_server.CORS_origins[0]:"),
    ({"max_open_trades": -2}, "max_open_trades: must be an integer >= -1"),
    ({"stake_currency": ""}, "stake_currency: must be a non-empty string"),
    ({"stake_amount": 0}, 'stake_amount: must be a positive number or "unlimited"'),
    ({"stake_amount": "all"}, 'stake_amount: must be a positive number or "unlimited"'),
    ({"tradable_balance_ratio": 1.5}, "tradable_balance_ratio: must be a number greater than 0"),
    ({"dry_run": "yes"}, "dry_run: must be true or false"),
    ({"dry_run_wallet": -5}, "dry_run_wallet: must be a positive number"),
    ({"timeframe": "7m"}, "timeframe: must be one of"),
    ({"minimal_roi": {"abc": 0.1}}, "minimal_roi: must be an object"),
    ({"stoploss": 0.1}, "stoploss: must be a negative number"),
    ({"trailing_stop": 1}, "trailing_stop: must be true or false"),
    ({"trailing_stop_positive": -0.1}, "trailing_stop_positive: must be a number >= 0"),
    ({"unfilledtimeout": {"unit": "hours"}}, 'unfilledtimeout.unit: must be "minutes"'),
    ({"entry_pricing": {"price_side": "mid"}}, "entry_pricing.price_side: must be"),
    ({"exit_pricing": {"order_book_top": 0}}, "exit_pricing.order_book_top: must be an int"),
    ({"order_types": {"entry": "stop"}}, 'order_types.entry: must be "limit" or "market"'),
    ({"initial_state": "on"}, 'initial_state: must be "running", "stopped" or "paused"'),
    ({"internals": {"process_throttle_secs": 0}}, "internals.process_throttle_secs: must be"),
    ({"exchange": {"name": ""}}, "exchange.name: must be a non-empty exchange id"),
    ({"exchange": {"pair_whitelist": "BTC/USDT"}}, "exchange.pair_whitelist: must be a list"),
    ({"pairlists": [{"name": "x"}]}, "pairlists: must be a list of objects"),
    ({"force_entry_enable": "true"}, "force_entry_enable: must be true or false"),
    ({"available_capital": -1}, "available_capital: must be a positive number"),
    ({"max_open_trades": -1, "stake_amount": "unlimited"},
     'max_open_trades: -1 (no limit) and stake_amount "unlimited" cannot both be unlimited'),
    ({"trading_mode": "futures"}, "trading_mode: 'futures' is not supported yet"),
])
def test_each_validation_rule_has_a_clear_message(tmp_path, patch, message):
    path = write(tmp_path, "c.json", json.dumps(patch))
    with pytest.raises(ConfigurationError) as err:
        build_config([path], environ={})
    assert any(line.startswith(message) for line in err.value.errors), err.value.errors


def test_all_problems_are_reported_together():
    config = apply_defaults({"stake_amount": -1, "api_server": {"listen_port": 0},
                             "max_open_trades": "x"})
    problems = validate_config(config)
    assert len(problems) == 3
    assert {p.split(":")[0] for p in problems} == {"stake_amount", "api_server.listen_port",
                                                    "max_open_trades"}


def test_unknown_keys_are_kept_and_typos_warned(tmp_path, caplog):
    path = write(tmp_path, "c.json", json.dumps({
        "my_strategy_setting": 42, "api_server": {"lisen_port": 8081}}))
    with caplog.at_level(logging.WARNING):
        config = build_config([path], environ={})
    assert config["my_strategy_setting"] == 42
    assert config["api_server"]["lisen_port"] == 8081
    assert 'api_server.lisen_port: unknown key, did you mean "listen_port"?' in caplog.text


def test_unimplemented_sections_are_named_once(tmp_path, caplog):
    path = write(tmp_path, "c.json", json.dumps({
        "telegram": {"enabled": True, "token": "x"},
        "pairlists": [{"method": "StaticPairList"}, {"method": "VolumePairList"}]}))
    with caplog.at_level(logging.INFO):
        build_config([path], environ={})
    lines = [r.getMessage() for r in caplog.records if "not used by this bot" in r.getMessage()]
    assert len(lines) == 1
    assert "telegram" in lines[0]
    assert "VolumePairList" not in lines[0]  # applied by the pairlist manager


def test_protections_in_the_config_are_refused_as_freqtrade_refuses_them(tmp_path):
    path = write(tmp_path, "c.json", json.dumps({"protections": []}))
    with pytest.raises(ConfigurationError) as exc:
        build_config([path], environ={})
    assert exc.value.errors == [
        "protections: setting protections in the configuration is deprecated and refused; "
        "define them in the strategy (its `protections` attribute or property)"]


def test_deprecated_2021_keys_are_mapped(tmp_path, caplog):
    path = write(tmp_path, "c.json", json.dumps({
        "forcebuy_enable": True,
        "bid_strategy": {"price_side": "ask"},
        "ask_strategy": {"price_side": "bid"},
        "sell_profit_only": True,
        "order_types": {"buy": "market", "sell": "limit", "stoploss": "market",
                        "stoploss_on_exchange": False},
        "unfilledtimeout": {"buy": 5, "sell": 7},
    }))
    with caplog.at_level(logging.WARNING):
        config = build_config([path], environ={})
    assert config["force_entry_enable"] is True
    assert config["entry_pricing"]["price_side"] == "ask"
    assert config["exit_pricing"]["price_side"] == "bid"
    assert config["exit_profit_only"] is True
    assert config["order_types"]["entry"] == "market"
    assert config["unfilledtimeout"]["entry"] == 5 and config["unfilledtimeout"]["exit"] == 7
    assert "forcebuy_enable is deprecated" in caplog.text
    assert "forcebuy_enable" not in config


def test_explicit_new_key_wins_over_deprecated(tmp_path):
    path = write(tmp_path, "c.json", json.dumps(
        {"forcebuy_enable": True, "force_entry_enable": False}))
    assert build_config([path], environ={})["force_entry_enable"] is False


def test_configuration_reload_rereads_files(tmp_path):
    path = write(tmp_path, "c.json", json.dumps({"bot_name": "one"}))
    configuration = Configuration([path], environ={})
    assert configuration.load()["bot_name"] == "one"
    (tmp_path / "c.json").write_text(json.dumps({"bot_name": "two"}))
    assert configuration.load()["bot_name"] == "two"
