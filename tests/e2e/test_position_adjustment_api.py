"""With position adjustment on, a second forced entry adds to the open trade (DCA) and a
forced exit with an amount exits part of it; /status shows both as freqtrade does: the
entry count, every order, the averaged open rate and the realized profit."""
import json

import pytest

from freqtrade.commands.userdir_commands import create_userdir
from tests.e2e.conftest import write_config
from tests.live_bot import running_bot
from tests.strategy_files import write_quiet_strategy


@pytest.fixture(scope="module")
def dca_bot(tmp_path_factory, free_port):
    tmp = tmp_path_factory.mktemp("dca")
    create_userdir(tmp / "user_data")
    write_quiet_strategy(tmp / "user_data")
    path = write_config(tmp, free_port())
    config = json.loads(path.read_text())
    config["position_adjustment_enable"] = True
    path.write_text(json.dumps(config))
    with running_bot(path) as live:
        yield live


def ok(response, status: int = 200):
    assert response.status_code == status, response.text
    return response.json()


def test_forced_dca_entry_and_partial_exit_show_in_status(dca_bot):
    first = ok(dca_bot.post("forceenter", {"pair": "SOL/USDT", "ordertype": "market",
                                           "stakeamount": 40}))
    second = ok(dca_bot.post("forceenter", {"pair": "SOL/USDT", "ordertype": "market",
                                            "stakeamount": 25, "entry_tag": "dca"}))
    assert second["trade_id"] == first["trade_id"]
    (trade,) = ok(dca_bot.get("status"))
    assert trade["nr_of_successful_entries"] == 2 and trade["nr_of_successful_exits"] == 0
    entries = [o for o in trade["orders"] if o["ft_order_side"] == "buy"]
    assert len(entries) == 2 and entries[1]["ft_order_tag"] == "dca"
    amounts = [o["filled"] for o in entries]
    costs = [o["filled"] * o["safe_price"] for o in entries]
    assert trade["amount"] == pytest.approx(sum(amounts))
    assert trade["stake_amount"] == pytest.approx(sum(costs))
    assert trade["open_rate"] == pytest.approx(sum(costs) / sum(amounts), rel=1e-4)
    assert trade["max_stake_amount"] == pytest.approx(sum(costs))

    half = trade["amount"] / 2
    ok(dca_bot.post("forceexit", {"tradeid": str(trade["trade_id"]), "ordertype": "market",
                                  "amount": half}))
    (after,) = ok(dca_bot.get("status"))
    assert after["nr_of_successful_exits"] == 1 and after["is_open"]
    assert len(after["orders"]) == 3
    exit_order = after["orders"][-1]
    assert after["amount"] == pytest.approx(trade["amount"] - exit_order["filled"])
    # booked against the exact average (open_rate is that average on the price grid)
    average = sum(costs) / sum(amounts)
    expected = exit_order["filled"] * exit_order["safe_price"] * (1 - after["fee_close"]) \
        - exit_order["filled"] * average * (1 + after["fee_open"])
    assert after["realized_profit"] == pytest.approx(expected, abs=1e-6)
