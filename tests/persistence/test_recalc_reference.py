"""A trade rebuilt from its orders (DCA entries, partial exits, the closing exit) gives
freqtrade 2026.9's numbers: the same script replays the same orders through our Trade and
through the reference's, and every figure is compared after every order."""
import pytest

from tests.reference.trade_replay import our_replay, reference_replay

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
    return {name: reference_replay(scenario) for name, scenario in SCENARIOS.items()}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_trade_recalculated_from_orders_matches_freqtrade(name, reference_results, database):
    ours = our_replay(SCENARIOS[name])
    theirs = reference_results[name]
    assert len(ours) == len(theirs)
    for step, (mine, ref) in enumerate(zip(ours, theirs, strict=True)):
        for field, expected in ref.items():
            got = mine[field]
            if isinstance(expected, float) and isinstance(got, float):
                assert got == expected, (step, field, got, expected)
            else:
                assert got == expected, (step, field, got, expected)
