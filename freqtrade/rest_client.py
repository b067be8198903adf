#!/usr/bin/env python3
"""Command-line client for the bot's REST API.

Needs only the Python standard library and ``requests``, so this one file can be copied to
any machine (``scripts/rest_client.py`` is a link to it). Method names and argument order
match the ``freqtrade_client`` package, so code written for that package runs against it.

Usage: rest_client.py [--config FILE ...] <command> [args] [key=value ...]
       rest_client.py help
"""
from __future__ import annotations

import argparse
import inspect
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import requests

__version__ = "2026.11"
__all__ = ["FtRestClient", "FtRestConnectionError", "FtRestError", "main"]

logger = logging.getLogger("ft_rest_client")


class FtRestError(Exception):
    """The server answered with an error status."""

    def __init__(self, status: int, message: str):
        super().__init__(f"HTTP {status}: {message}")
        self.status = status
        self.message = message


class FtRestConnectionError(Exception):
    """Nothing answered at the configured address."""


def _number(value: Any) -> Any:
    """Command-line values arrive as strings; send numbers as JSON numbers."""
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            try:
                return float(value)
            except ValueError:
                return value
    return value


def _error_text(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text.strip()[:300] or response.reason
    if isinstance(body, dict):
        detail = body.get("detail", body.get("error"))
        if isinstance(detail, list):
            return "; ".join(f"{'.'.join(str(p) for p in item.get('loc', []))}: "
                             f"{item.get('msg')}" for item in detail if isinstance(item, dict))
        if detail is not None:
            return str(detail)
    return json.dumps(body)[:300]


class FtRestClient:
    """One method per API command; each returns the decoded JSON answer."""

    def __init__(self, serverurl: str, username: str | None = None,
                 password: str | None = None, *, timeout: int = 10,
                 pool_connections: int = 10, pool_maxsize: int = 10):
        self._serverurl = serverurl.rstrip("/")
        self._session = requests.Session()
        adapter = requests.adapters.HTTPAdapter(pool_connections=pool_connections,
                                                pool_maxsize=pool_maxsize)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        if username and password:
            self._session.auth = (username, password)
        self._timeout = timeout

    def _call(self, method: str, path: str, params: dict | None = None,
              data: Any = None) -> Any:
        if method not in ("GET", "POST", "PUT", "DELETE"):
            raise ValueError(f"invalid method <{method}>")
        url = f"{self._serverurl}/api/v1/{path}"
        if params:
            url = f"{url}?{urlencode(params, doseq=True)}"
        try:
            response = self._session.request(
                method, url, data=json.dumps(data),
                headers={"Accept": "application/json", "Content-Type": "application/json"},
                timeout=self._timeout)
        except requests.ConnectionError:
            host = self._serverurl.split("://", 1)[-1]
            raise FtRestConnectionError(
                f"could not connect to {host}: is the bot running with api_server "
                "enabled?") from None
        if response.status_code == 401:
            raise FtRestError(401, f"login refused (401): {_error_text(response)}")
        if not response.ok:
            raise FtRestError(response.status_code, _error_text(response))
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise FtRestError(response.status_code, "the answer is not JSON") from None

    def _get(self, path: str, params: dict | None = None) -> Any:
        return self._call("GET", path, params)

    def _post(self, path: str, params: dict | None = None, data: Any = None) -> Any:
        return self._call("POST", path, params, data)

    def _delete(self, path: str, params: dict | None = None) -> Any:
        return self._call("DELETE", path, params)

    # ------------------------------------------------------------------ bot control
    def start(self) -> Any:
        """Start the bot if it's in the stopped state."""
        return self._post("start")

    def stop(self) -> Any:
        """Stop the bot. Use `start` to restart."""
        return self._post("stop")

    def stopbuy(self) -> Any:
        """Stop entering new trades (exits continue). Use `start` to resume entries."""
        return self._post("stopbuy")

    def stopentry(self) -> Any:
        """Stop entering new trades (same as stopbuy)."""
        return self._post("stopentry")

    def pause(self) -> Any:
        """Pause entries; exits and stoplosses keep running. Use `start` to resume."""
        return self._post("pause")

    def reload_config(self) -> Any:
        """Reload the configuration files and restart the bot."""
        return self._post("reload_config")

    # ------------------------------------------------------------------ info
    def balance(self) -> Any:
        """Get the account balance."""
        return self._get("balance")

    def count(self) -> Any:
        """Return the number of open trades and the maximum."""
        return self._get("count")

    def entries(self, pair: str | None = None) -> Any:
        """Profit statistics per entry tag.

        :param pair: only trades of this pair
        """
        return self._get("entries", params={"pair": pair} if pair else None)

    def exits(self, pair: str | None = None) -> Any:
        """Profit statistics per exit reason.

        :param pair: only trades of this pair
        """
        return self._get("exits", params={"pair": pair} if pair else None)

    def mix_tags(self, pair: str | None = None) -> Any:
        """Profit statistics per entry tag and exit reason combination.

        :param pair: only trades of this pair
        """
        return self._get("mix_tags", params={"pair": pair} if pair else None)

    def locks(self) -> Any:
        """Return the active pair locks."""
        return self._get("locks")

    def delete_lock(self, lock_id: int) -> Any:
        """Delete (deactivate) a lock.

        :param lock_id: id of the lock to delete
        """
        return self._delete(f"locks/{lock_id}")

    def lock_add(self, pair: str, until: str, side: str = "*", reason: str = "") -> Any:
        """Lock a pair until a date.

        :param pair: pair to lock, e.g. BTC/USDT
        :param until: end of the lock, with time zone, e.g. "2025-01-01 20:00:00Z"
        :param side: long, short or * (both)
        :param reason: text stored with the lock
        """
        return self._post("locks", data=[{"pair": pair, "until": until, "side": side,
                                          "reason": reason}])

    def daily(self, days: int | None = None) -> Any:
        """Profit per day.

        :param days: number of days (default 7)
        """
        return self._get("daily", params={"timescale": _number(days)} if days else None)

    def weekly(self, weeks: int | None = None) -> Any:
        """Profit per week.

        :param weeks: number of weeks (default 4)
        """
        return self._get("weekly", params={"timescale": _number(weeks)} if weeks else None)

    def monthly(self, months: int | None = None) -> Any:
        """Profit per month.

        :param months: number of months (default 3)
        """
        return self._get("monthly", params={"timescale": _number(months)} if months else None)

    def profit(self) -> Any:
        """Profit summary of all trades."""
        return self._get("profit")

    def profit_all(self) -> Any:
        """Profit summary, all trades and split long/short (futures)."""
        return self._get("profit_all")

    def historic_balance(self) -> Any:
        """Daily wallet value history."""
        return self._get("historic_balance")

    def stats(self) -> Any:
        """Exit reasons by outcome and average trade durations."""
        return self._get("stats")

    def performance(self) -> Any:
        """Profit per pair."""
        return self._get("performance")

    def status(self) -> Any:
        """The open trades."""
        return self._get("status")

    def version(self) -> Any:
        """The bot's version."""
        return self._get("version")

    def show_config(self) -> Any:
        """The bot's configuration (no secrets)."""
        return self._get("show_config")

    def ping(self) -> Any:
        """Simple ping: "pong" when the bot is running, else "not_running"."""
        try:
            config = self.show_config()
        except FtRestConnectionError:
            return {"status": "not_running"}
        if isinstance(config, dict) and config.get("state") == "running":
            return {"status": "pong"}
        return {"status": "not_running"}

    def logs(self, limit: int | None = None) -> Any:
        """The newest log records.

        :param limit: how many records (default all, at most 1000)
        """
        return self._get("logs", params={"limit": _number(limit)} if limit else None)

    def audit(self, limit: int | None = None) -> Any:
        """The newest state-changing API calls, newest first (not for the read-only user).

        :param limit: how many entries (default 100, at most 1000)
        """
        return self._get("audit", params={"limit": _number(limit)} if limit else None)

    def trades(self, limit: int | None = None, offset: int | None = None,
               order_by_id: bool = True) -> Any:
        """Closed trades, oldest first.

        :param limit: how many trades (at most 500)
        :param offset: how many trades to skip
        :param order_by_id: sort by id (default) or, when empty, by close date
        """
        params: dict[str, Any] = {}
        if limit:
            params["limit"] = _number(limit)
        if offset:
            params["offset"] = _number(offset)
        if not order_by_id:
            params["order_by_id"] = False
        return self._get("trades", params=params or None)

    def list_open_trades_custom_data(self, key: str | None = None, limit: int = 100,
                                     offset: int = 0) -> Any:
        """Custom data of the open trades.

        :param key: only this key
        :param limit: how many trades
        :param offset: how many trades to skip
        """
        params = {"limit": _number(limit), "offset": _number(offset)}
        if key is not None:
            params["key"] = key
        return self._get("trades/open/custom-data", params=params)

    def list_custom_data(self, trade_id: int, key: str | None = None) -> Any:
        """Custom data of one trade.

        :param trade_id: the trade's id
        :param key: only this key
        """
        params: dict[str, Any] = {"trade_id": trade_id}
        if key is not None:
            params["key"] = key
        return self._get(f"trades/{trade_id}/custom-data", params=params)

    def trade(self, trade_id: int) -> Any:
        """One trade.

        :param trade_id: the trade's id
        """
        return self._get(f"trade/{trade_id}")

    def delete_trade(self, trade_id: int) -> Any:
        """Delete a trade (open orders are cancelled first).

        :param trade_id: the trade's id
        """
        return self._delete(f"trades/{trade_id}")

    def cancel_open_order(self, trade_id: int) -> Any:
        """Cancel the open order of a trade.

        :param trade_id: the trade's id
        """
        return self._delete(f"trades/{trade_id}/open-order")

    def reload_trade(self, trade_id: int) -> Any:
        """Re-read a trade's orders from the exchange.

        :param trade_id: the trade's id
        """
        return self._post(f"trades/{trade_id}/reload")

    def whitelist(self) -> Any:
        """The active whitelist."""
        return self._get("whitelist")

    def blacklist(self, *args: str) -> Any:
        """Show the blacklist, or add pairs to it.

        :param args: pairs or regular expressions to add (none: just show it)
        """
        if not args:
            return self._get("blacklist")
        return self._post("blacklist", data={"blacklist": list(args)})

    def delete_blacklist(self, *args: str) -> Any:
        """Remove pairs from the blacklist.

        :param args: entries to remove (exactly as listed)
        """
        return self._delete("blacklist", params={"pairs_to_delete": list(args)})

    def forcebuy(self, pair: str, price: float | None = None) -> Any:
        """Buy an asset (2021 name of forceenter, long only).

        :param pair: pair to buy, e.g. ETH/USDT
        :param price: optional limit price
        """
        return self._post("forcebuy", data={"pair": pair, "price": _number(price)})

    def forceenter(self, pair: str, side: str, price: float | None = None, *,
                   order_type: str | None = None, stake_amount: float | None = None,
                   leverage: float | None = None, enter_tag: str | None = None) -> Any:
        """Enter a trade now.

        :param pair: pair to trade, e.g. ETH/USDT
        :param side: long or short
        :param price: optional limit price
        :param order_type: limit or market
        :param stake_amount: stake to use instead of the configured one
        :param leverage: leverage (futures)
        :param enter_tag: tag stored with the trade
        """
        data: dict[str, Any] = {"pair": pair, "side": side}
        for key, value in (("price", price), ("ordertype", order_type),
                           ("stakeamount", stake_amount), ("leverage", leverage),
                           ("entry_tag", enter_tag)):
            if value:
                data[key] = _number(value) if key in ("price", "stakeamount",
                                                      "leverage") else value
        return self._post("forceenter", data=data)

    def forceexit(self, tradeid: str, ordertype: str | None = None,
                  amount: float | None = None, price: float | None = None) -> Any:
        """Exit a trade now.

        :param tradeid: trade id, or "all"
        :param ordertype: limit or market
        :param amount: exit only this amount (partial exit)
        :param price: limit price (with ordertype limit)
        """
        data: dict[str, Any] = {"tradeid": tradeid, "ordertype": ordertype,
                                "amount": _number(amount)}
        if price is not None:
            data["price"] = _number(price)
        return self._post("forceexit", data=data)

    def forcesell(self, tradeid: str) -> Any:
        """Exit a trade now (2021 name of forceexit).

        :param tradeid: trade id, or "all"
        """
        return self._post("forcesell", data={"tradeid": tradeid})

    def strategies(self) -> Any:
        """Strategies found in the strategy folder."""
        return self._get("strategies")

    def strategy(self, strategy: str) -> Any:
        """A strategy's code, timeframe and parameters.

        :param strategy: strategy class name
        """
        return self._get(f"strategy/{strategy}")

    def pairlists_available(self) -> Any:
        """Available pairlist methods (webserver mode)."""
        return self._get("pairlists/available")

    def plot_config(self) -> Any:
        """The running strategy's plot configuration."""
        return self._get("plot_config")

    def available_pairs(self, timeframe: str | None = None,
                        stake_currency: str | None = None) -> Any:
        """Pairs with candle data on disk.

        :param timeframe: only this timeframe, e.g. 5m
        :param stake_currency: only pairs quoted in this currency
        """
        return self._get("available_pairs", params={"stake_currency": stake_currency or "",
                                                    "timeframe": timeframe or ""})

    def pair_candles(self, pair: str, timeframe: str, limit: int | None = None,
                     columns: list | None = None) -> Any:
        """The bot's analyzed candles of a pair.

        :param pair: pair, e.g. ETH/USDT
        :param timeframe: timeframe, e.g. 5m
        :param limit: only the newest candles
        :param columns: only these columns (plus OHLCV and signals)
        """
        params: dict[str, Any] = {"pair": pair, "timeframe": timeframe}
        if limit:
            params["limit"] = _number(limit)
        if columns is not None:
            if isinstance(columns, str):
                columns = [c for c in columns.split(",") if c]
            return self._post("pair_candles", data={**params, "columns": columns})
        return self._get("pair_candles", params=params)

    def pair_history(self, pair: str, timeframe: str, strategy: str,
                     timerange: str | None = None, freqaimodel: str | None = None) -> Any:
        """Stored candles analyzed by a strategy.

        :param pair: pair, e.g. ETH/USDT
        :param timeframe: timeframe, e.g. 5m
        :param strategy: strategy class name
        :param timerange: e.g. 20240101-20240201
        :param freqaimodel: FreqAI model (not supported by this bot)
        """
        return self._get("pair_history", params={
            "pair": pair, "timeframe": timeframe, "strategy": strategy,
            "timerange": timerange or "", "freqaimodel": freqaimodel or ""})

    def markets(self, base: str | None = None, quote: str | None = None) -> Any:
        """Markets of the exchange.

        :param base: only this base currency
        :param quote: only this quote currency
        """
        params = {k: v for k, v in (("base", base), ("quote", quote)) if v}
        return self._get("markets", params=params or None)

    def exchanges(self) -> Any:
        """Exchanges the bot can use."""
        return self._get("exchanges")

    def edge(self) -> Any:
        """Edge positioning (not enabled in this bot: answers an error)."""
        return self._get("edge")

    def sysinfo(self) -> Any:
        """CPU and memory usage of the bot's machine."""
        return self._get("sysinfo")

    def health(self) -> Any:
        """Time of the bot's last loop iteration and start times."""
        return self._get("health")


# ---------------------------------------------------------------------- command line
def commands() -> list[str]:
    return [name for name, _ in inspect.getmembers(FtRestClient, inspect.isfunction)
            if not name.startswith("_")]


def help_text() -> str:
    lines = ["Possible commands:", ""]
    for name in commands():
        doc = inspect.getdoc(getattr(FtRestClient, name)) or ""
        signature = inspect.signature(getattr(FtRestClient, name))
        params = [p for p in signature.parameters if p != "self"]
        lines.append(f"{name} {' '.join(params)}".rstrip())
        for line in doc.splitlines():
            if line.strip():
                lines.append(f"    {line}")
        lines.append("")
    return "\n".join(lines)


def _strip_json_comments(text: str) -> str:
    out = []
    i, n = 0, len(text)
    in_string = False
    while i < n:
        ch = text[i]
        if in_string:
            out.append(ch)
            if ch == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if ch == '"':
                in_string = False
            i += 1
            continue
        if ch == '"':
            in_string = True
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
            continue
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end == -1 else end + 2
            continue
        elif ch in "}]":
            j = len(out) - 1
            while j >= 0 and out[j].isspace():
                j -= 1
            if j >= 0 and out[j] == ",":
                out[j] = " "
        out.append(ch)
        i += 1
    return "".join(out)


def _merge(base: dict, extra: dict) -> dict:
    result = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _merge(result[key], value)
        else:
            result[key] = value
    return result


def load_config(paths: list[str]) -> dict:
    config: dict = {}
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        config = _merge(config, json.loads(_strip_json_comments(text)))
    return config


def server_url(config: dict) -> str:
    api = config.get("api_server") or {}
    host = str(api.get("listen_ip_address") or "127.0.0.1")
    if host == "0.0.0.0":
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{api.get('listen_port') or 8080}"


def _parse_args(tokens: list[str]) -> tuple[list[str], dict[str, str]]:
    args, kwargs = [], {}
    for token in tokens:
        if "=" in token:
            key, value = token.split("=", 1)
            kwargs[key] = value
        else:
            args.append(token)
    return args, kwargs


def main(argv: list[str] | None = None) -> int:
    """Run one command; a reader that goes away (``| head -1``) ends it quietly, as in Unix
    tools, instead of a BrokenPipeError traceback."""
    try:
        code = _run(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        # stdout is gone: point it at /dev/null so the flush at interpreter exit stays silent
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return code


def _run(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="freqtrade-client",
                                     description="Command-line client for the bot's API.")
    parser.add_argument("command", nargs="?", help="command to run; `help` lists them")
    parser.add_argument("command_arguments", nargs="*", help="arguments, key=value for "
                                                              "keywords")
    parser.add_argument("-c", "--config", action="append", metavar="FILE",
                        help="config file(s) with the api_server section (merged in order)")
    parser.add_argument("--show", action="store_true", help="list the commands")
    parser.add_argument("-V", "--version", action="version",
                        version=f"freqtrade-client {__version__}")
    options = parser.parse_args(argv)
    if options.show or options.command in ("help", "show", None):
        print(help_text())
        return 0 if options.command or options.show else 2
    if options.command not in commands():
        print(f"Command {options.command} not defined (run `help` for the list).",
              file=sys.stderr)
        return 2
    paths = options.config or (["config.json"] if Path("config.json").is_file() else [])
    try:
        config = load_config(paths)
    except (OSError, ValueError) as exc:
        failed = next((p for p in paths if not Path(p).is_file()), paths[-1] if paths else "")
        print(f"Could not load config file {failed}. ({exc})", file=sys.stderr)
        return 1
    api = config.get("api_server") or {}
    client = FtRestClient(server_url(config), api.get("username"), api.get("password"))
    args, kwargs = _parse_args(options.command_arguments)
    method = getattr(client, options.command)
    try:
        inspect.signature(method).bind(*args, **kwargs)
    except TypeError as exc:
        print(f"Error executing command {options.command}: {exc}", file=sys.stderr)
        return 2
    try:
        result = method(*args, **kwargs)
    except FtRestConnectionError as exc:
        print(f"{options.command}: {exc}", file=sys.stderr)
        return 3
    except FtRestError as exc:
        print(f"{options.command}: HTTP {exc.status}: {exc.message}", file=sys.stderr)
        return 1
    except requests.RequestException as exc:
        print(f"{options.command}: request failed: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
