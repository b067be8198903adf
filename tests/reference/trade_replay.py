"""Replaying a list of orders through a Trade, ours or freqtrade 2026.9's (in its own venv).

One script serves both sides, so both build the same trade from the same orders; each
returns the trade's figures after every order and after a final recalculation.
"""
import json
import subprocess
import textwrap

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



def reference_replay(scenario: dict) -> list[dict]:
    """The figures freqtrade 2026.9 computes for ``scenario``."""
    done = subprocess.run([str(require_python()), "-c", REFERENCE_MAIN, json.dumps(scenario)],
                          capture_output=True, text=True, timeout=180, cwd="/")
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def our_replay(scenario: dict) -> list[dict]:
    """The same through our Trade (needs an open database)."""
    from freqtrade.persistence import Order, Trade

    namespace: dict = {}
    exec(REPLAY, namespace)
    return json.loads(json.dumps(namespace["replay"](Trade, Order, scenario)))
