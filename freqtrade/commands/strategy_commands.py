"""``freqtrade list-strategies``."""
from __future__ import annotations

import argparse
from pathlib import Path

from freqtrade.commands.common import make_configuration
from freqtrade.constants import USERPATH_STRATEGIES


def start_list_strategies(args: argparse.Namespace) -> int:
    from freqtrade.strategy.resolver import search_all_strategies

    config = make_configuration(args).load()
    folders = [Path(config["user_data_dir"]) / USERPATH_STRATEGIES]
    if config.get("strategy_path"):
        folders.append(Path(config["strategy_path"]))
    found = []
    for folder in folders:
        if folder.is_dir():
            found.extend(search_all_strategies(folder,
                                               config.get("recursive_strategy_search", False)))
    if not found:
        print(f"No strategies found in {', '.join(str(f) for f in folders)}.")
        return 0
    width = max(len(s["name"] or "") for s in found)
    for item in sorted(found, key=lambda s: s["name"] or ""):
        status = f"ERROR: {item['error']}" if item.get("error") else "OK"
        print(f"{(item['name'] or '-'):<{width}}  {item['location']}  {status}")
    return 0
