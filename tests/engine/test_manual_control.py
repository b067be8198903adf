"""Manual commands through the RPC facade while the bot runs: freqtrade's messages."""
import pytest

from freqtrade.enums import State
from freqtrade.exceptions import RPCException
from freqtrade.persistence import Trade, get_session, remove_session
from freqtrade.rpc.rpc import RPC
from tests.engine.conftest import run


@pytest.fixture
def rpc(make_bot):
    return RPC(make_bot())


def open_trades():
    remove_session()
    return Trade.get_open_trades()


def test_force_entry_checks_in_freqtrades_order(rpc, clock):
    rpc.bot.config["force_entry_enable"] = False
    with pytest.raises(RPCException, match="Force_entry not enabled."):
        rpc.force_entry("BTC/USDT")
    rpc.bot.config["force_entry_enable"] = True
    rpc.bot.state = State.STOPPED
    with pytest.raises(RPCException, match="trader is not running"):
        rpc.force_entry("BTC/USDT")
    rpc.bot.state = State.RUNNING
    with pytest.raises(RPCException, match="Can't go short on Spot markets."):
        rpc.force_entry("BTC/USDT", side="short")
    with pytest.raises(RPCException, match="Symbol does not exist or market is not active."):
        rpc.force_entry("NOPE/USDT")
    with pytest.raises(RPCException, match="Only pairs with stake-currency USDT allowed."):
        rpc.force_entry("ETH/BTC")
    trade = rpc.force_entry("BTC/USDT", ordertype="market")
    assert trade["pair"] == "BTC/USDT" and trade["enter_tag"] == "force_entry"
    assert trade["is_open"] and trade["nr_of_successful_entries"] == 1
    with pytest.raises(RPCException, match=r"position for BTC/USDT already open - id: 1"):
        rpc.force_entry("BTC/USDT")
    rpc.bot.config["max_open_trades"] = 1
    with pytest.raises(RPCException, match="Maximum number of trades is reached."):
        rpc.force_entry("ETH/USDT")


def test_2021_forcebuy_enable_key_still_allows_force_entry(make_bot, clock):
    bot = make_bot(force_entry_enable=False, forcebuy_enable=True)
    assert RPC(bot).force_entry("ETH/USDT", price=None, ordertype="market")["pair"] == \
        "ETH/USDT"


def test_force_exit_full_partial_and_all(rpc, clock):
    for pair in ("BTC/USDT", "ETH/USDT", "SOL/USDT"):
        rpc.force_entry(pair, ordertype="market")
    with pytest.raises(RPCException, match="invalid argument"):
        rpc.force_exit("99")
    with pytest.raises(RPCException, match="invalid argument"):
        rpc.force_exit("abc")
    eth = next(t for t in open_trades() if t.pair == "ETH/USDT")
    half = round(eth.amount / 2, 4)
    assert rpc.force_exit(str(eth.id), ordertype="market", amount=half) == {
        "result": f"Created exit order for trade {eth.id}."}
    eth = next(t for t in open_trades() if t.pair == "ETH/USDT")
    assert eth.is_open and eth.nr_of_successful_exits == 1
    assert eth.realized_profit != 0
    btc = next(t for t in open_trades() if t.pair == "BTC/USDT")
    rpc.force_exit(btc.id, ordertype="market")
    assert "BTC/USDT" not in {t.pair for t in open_trades()}
    assert rpc.force_exit("all", ordertype="market") == {
        "result": "Created exit orders for all open trades."}
    assert open_trades() == []
    closed = get_session().query(Trade).filter(Trade.exit_reason == "force_exit").count()
    assert closed == 3
    rpc.bot.state = State.STOPPED
    with pytest.raises(RPCException, match="trader is not running"):
        rpc.force_exit("all")


def test_partial_exit_leaving_too_little_is_refused(rpc, clock):
    trade = rpc.force_entry("BTC/USDT", ordertype="market", stake_amount=10)
    with pytest.raises(RPCException, match="would be too small"):
        rpc.force_exit(trade["trade_id"], ordertype="market", amount=trade["amount"] * 0.9)


def test_delete_trade_cancels_open_orders(rpc, clock):
    trade = rpc.bot.execute_entry("BTC/USDT", 50, price=1000.0, is_forced=True)
    trade_id = trade.id
    result = rpc.delete_trade(trade_id)
    assert result == {"result": "success", "trade_id": trade_id, "cancel_order_count": 1,
                      "result_msg": f"Deleted trade #{trade_id} for pair BTC/USDT. Closed 1 "
                                    "open orders."}
    with pytest.raises(RPCException, match=f"Trade with id '{trade_id}' not found."):
        rpc.delete_trade(trade_id)


def test_cancel_open_order_messages(rpc, clock):
    with pytest.raises(RPCException, match="Invalid trade_id."):
        rpc.cancel_open_order(42)
    filled = rpc.force_entry("ETH/USDT", ordertype="market")
    with pytest.raises(RPCException, match="No open order for trade_id."):
        rpc.cancel_open_order(filled["trade_id"])
    pending = rpc.bot.execute_entry("BTC/USDT", 50, price=1000.0, is_forced=True)
    assert rpc.cancel_open_order(pending.id) == {}  # nothing filled: the trade is removed
    assert [t.pair for t in open_trades()] == ["ETH/USDT"]


def test_state_commands_texts(rpc, clock):
    assert rpc.start() == {"status": "already running"}
    assert rpc.pause()["status"].startswith("paused, no more entries")
    assert rpc.bot.state == State.PAUSED
    assert rpc.start() == {"status": "starting trader ..."}
    assert rpc.stop() == {"status": "stopping trader ..."}
    assert rpc.stop() == {"status": "already stopped"}
    assert rpc.pause()["status"].startswith("starting bot with trader in paused state")
    assert rpc.reload_config() == {"status": "Reloading config ..."}
    assert rpc.bot.state == State.RELOAD_CONFIG


def test_paused_bot_rejects_force_entry_but_allows_exit(rpc, clock):
    trade = rpc.force_entry("BTC/USDT", ordertype="market")
    rpc.pause()
    with pytest.raises(RPCException, match="trader is not running"):
        rpc.force_entry("ETH/USDT")
    rpc.force_exit(trade["trade_id"], ordertype="market")
    assert open_trades() == []


def test_locks_round_up_to_next_candle_and_delete_by_pair(rpc, clock):
    from datetime import timedelta

    until = clock() + timedelta(minutes=3)
    for _ in range(2):  # the second identical request does not duplicate the lock
        result = rpc.add_locks([{"pair": "ETH/USDT", "until": until, "side": "*",
                                 "reason": "manual"}])
    assert result["lock_count"] == 1
    lock = result["locks"][0]
    expected_end = (until.replace(second=0, microsecond=0) + timedelta(minutes=1))
    assert lock["lock_end_timestamp"] == int(expected_end.timestamp() * 1000)
    rpc.add_locks([{"pair": "ETH/USDT", "until": until, "side": "long", "reason": "x"}])
    assert rpc.delete_lock(pair="ETH/USDT")["lock_count"] == 0


def test_loop_keeps_trading_after_manual_commands(rpc, clock):
    rpc.bot.config["_signals"]["enter"].add("SOL/USDT")
    rpc.force_entry("BTC/USDT", ordertype="market")
    run(rpc.bot, clock, 10)
    assert {t.pair for t in open_trades()} == {"BTC/USDT", "SOL/USDT"}


def test_strategy_confirmations_apply_to_forced_orders(rpc, clock):
    """As in freqtrade, confirm_trade_entry / confirm_trade_exit may refuse forced orders."""
    signals = rpc.bot.config["_signals"]
    signals["refuse_entry"] = {"ETH/USDT"}
    with pytest.raises(RPCException, match="Failed to enter position for ETH/USDT."):
        rpc.force_entry("ETH/USDT", ordertype="market")
    assert open_trades() == []
    trade = rpc.force_entry("SOL/USDT", ordertype="market")
    signals["refuse_exit"] = {"force_exit"}
    with pytest.raises(RPCException, match="Failed to exit trade."):
        rpc.force_exit(str(trade["trade_id"]), ordertype="market")
    assert [t.pair for t in open_trades()] == ["SOL/USDT"]
    signals["refuse_exit"] = set()
    rpc.force_exit(str(trade["trade_id"]), ordertype="market")
    assert open_trades() == []
