"""A trade rebuilt from its orders (DCA entries, partial exits, the closing exit) gives
freqtrade 2026.9's numbers: the same script replays the same orders through our Trade and
through the reference's, and every figure is compared after every order."""
import json
import subprocess
import textwrap

import pytest

from tests.reference import require_python

# Shared by both sides: only the names both packages export, and the keywords both accept.
REPLAY = textwrap.dedent('''
    from datetime import datetime, timedelta

    FIELDS = ("open_rate", "amount", "stake_amount", "max_stake_amount", "open_trade_value",
              "realized_profit", "close_profit", "close_profit_abs", "fee_open_cost",
              "is_open", "nr_of_successful_entries", "nr_of_successful_exits")

    def replay(Trade, Order, scenario):
        start = datetime(2026, 3, 2, 12, 0, 0)
        trade = Trade(pair="ETH/USDT", exchange="binance", stake_currency="USDT",
                      base_currency="ETH", open_rate=scenario["orders"][0]["price"],
                      amount=scenario["orders"][0]["amount"],
                      stake_amount=scenario["orders"][0]["amount"]
                      * scenario["orders"][0]["price"],
                      fee_open=scenario["fee"], fee_close=scenario["fee"], is_open=True,
                      open_date=start, strategy="S", timeframe=5, leverage=1.0,
                      amount_precision=scenario.get("amount_precision"),
                      price_precision=scenario.get("price_precision"),
                      precision_mode=4, precision_mode_price=4, contract_size=1.0)
        Trade.session.add(trade)
        Trade.session.flush()
        snapshots = []
        for number, spec in enumerate(scenario["orders"]):
            when = start + timedelta(minutes=5 * number)
            side = spec["side"]
            order = Order(ft_order_side=side, ft_pair="ETH/USDT", ft_is_open=False,
                          ft_amount=spec["amount"], ft_price=spec["price"],
                          order_id=f"o{number}", status=spec.get("status", "closed"),
                          symbol="ETH/USDT", order_type="limit", side=side,
                          price=spec["price"], average=spec["price"], amount=spec["amount"],
                          filled=spec.get("filled", spec["amount"]),
                          remaining=spec["amount"] - spec.get("filled", spec["amount"]),
                          cost=spec.get("filled", spec["amount"]) * spec["price"],
                          order_date=when, order_filled_date=when,
                          ft_fee_base=spec.get("fee_base"))
            trade.orders.append(order)
            trade.update_trade(order)
            snapshots.append({name: getattr(trade, name) for name in FIELDS})
        trade.recalc_trade_from_orders(is_closing=not trade.is_open)
        snapshots.append({name: getattr(trade, name) for name in FIELDS})
        return snapshots
''')

REFERENCE_MAIN = REPLAY + textwrap.dedent('''
    import json, sys
    from freqtrade.persistence import Order, Trade, init_db
    init_db("sqlite://")
    print(json.dumps(replay(Trade, Order, json.loads(sys.argv[1]))))
''')

SCENARIOS = {
    "dca_two_entries": {"fee": 0.001, "orders": [
        {"side": "buy", "amount": 1.0, "price": 100.0},
        {"side": "buy", "amount": 1.5, "price": 90.0}]},
    "dca_then_partial_then_close": {"fee": 0.001, "orders": [
        {"side": "buy", "amount": 2.0, "price": 3000.0},
        {"side": "buy", "amount": 1.0, "price": 2850.5},
        {"side": "sell", "amount": 1.2, "price": 3100.25},
        {"side": "buy", "amount": 0.7, "price": 2990.0},
        {"side": "sell", "amount": 0.5, "price": 2900.0},
        {"side": "sell", "amount": 2.0, "price": 3050.0}]},
    "precision_rounds_average_and_amount": {
        "fee": 0.00075, "amount_precision": 0.001, "price_precision": 0.01, "orders": [
            {"side": "buy", "amount": 0.123, "price": 3001.37},
            {"side": "buy", "amount": 0.457, "price": 2987.11},
            {"side": "sell", "amount": 0.2, "price": 3010.0},
            {"side": "sell", "amount": 0.38, "price": 2999.99}]},
    "partially_filled_cancelled_entry_counts_its_fill": {"fee": 0.001, "orders": [
        {"side": "buy", "amount": 1.0, "price": 50.0},
        {"side": "buy", "amount": 2.0, "price": 45.0, "filled": 0.8, "status": "canceled"},
        {"side": "sell", "amount": 1.8, "price": 48.0}]},
    "fee_in_base_currency_reduces_the_amount": {"fee": 0.001, "orders": [
        {"side": "buy", "amount": 1.0, "price": 200.0, "fee_base": 0.001},
        {"side": "buy", "amount": 1.0, "price": 190.0, "fee_base": 0.001},
        {"side": "sell", "amount": 1.998, "price": 210.0}]},
}


@pytest.fixture(scope="module")
def reference_results():
    python = require_python()
    results = {}
    for name, scenario in SCENARIOS.items():
        done = subprocess.run([str(python), "-c", REFERENCE_MAIN, json.dumps(scenario)],
                              capture_output=True, text=True, timeout=180, cwd="/")
        assert done.returncode == 0, done.stderr[-2000:]
        results[name] = json.loads(done.stdout.strip().splitlines()[-1])
    return results


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_trade_recalculated_from_orders_matches_freqtrade(name, reference_results, db_file):
    from freqtrade.persistence import Order, Trade

    namespace: dict = {}
    exec(REPLAY, namespace)
    ours = json.loads(json.dumps(namespace["replay"](Trade, Order, SCENARIOS[name])))
    theirs = reference_results[name]
    assert len(ours) == len(theirs)
    for step, (mine, ref) in enumerate(zip(ours, theirs, strict=True)):
        for field, expected in ref.items():
            got = mine[field]
            if isinstance(expected, float) and isinstance(got, float):
                assert got == expected, (step, field, got, expected)
            else:
                assert got == expected, (step, field, got, expected)
