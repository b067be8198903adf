#!/usr/bin/env python3
"""Run freqtrade 2026.9 itself (trade mode, dry-run, REST API) on a config file, offline.

Run by the reference interpreter from a directory outside our repository:
  python reference_server.py --config /tmp/x/config.json --logfile /tmp/x/freqtrade.log

Only the exchange's network edge is replaced: freqtrade's ``Exchange._init_ccxt`` (the patch
point of freqtrade's own test-suite) is wrapped so each ccxt instance answers from
``offline_ccxt``, and ccxt's HTTP layer raises. Stop it with SIGINT or SIGTERM.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import offline_ccxt  # noqa: E402


def install_offline_exchange() -> None:
    from freqtrade.exchange import Exchange

    offline_ccxt.block_network()
    original = Exchange._init_ccxt

    def init_ccxt(self, exchange_config, sync, ccxt_kwargs):
        return offline_ccxt.offline_api(original(self, exchange_config, sync, ccxt_kwargs),
                                        is_async=not sync)

    Exchange._init_ccxt = init_ccxt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--logfile", required=True)
    args = parser.parse_args()
    install_offline_exchange()
    from freqtrade.main import main as freqtrade_main

    freqtrade_main(["trade", "--config", args.config, "--logfile", args.logfile])


if __name__ == "__main__":
    main()
