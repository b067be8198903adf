"""CLI entry point: parse arguments, run one sub-command, turn known errors into exit codes."""
from __future__ import annotations

import logging
import sys

from freqtrade.commands.arguments import build_parser
from freqtrade.exceptions import ConfigurationError, FreqtradeException

logger = logging.getLogger(__name__)

_COMMANDS = {
    "trade": ("freqtrade.commands.trade_commands", "start_trading"),
    "webserver": ("freqtrade.commands.trade_commands", "start_webserver"),
    "create-userdir": ("freqtrade.commands.userdir_commands", "start_create_userdir"),
    "new-config": ("freqtrade.commands.config_commands", "start_new_config"),
    "show-config": ("freqtrade.commands.config_commands", "start_show_config"),
    "list-strategies": ("freqtrade.commands.strategy_commands", "start_list_strategies"),
    "download-data": ("freqtrade.commands.data_commands", "start_download_data"),
    "install-ui": ("freqtrade.commands.ui_commands", "start_install_ui"),
    "convert-db": ("freqtrade.commands.db_commands", "start_convert_db"),
}


def _forget_interrupt() -> None:
    """Keep a handled Ctrl-C or SIGTERM from ending the process as killed by SIGINT.

    CPython notes, in one interpreter-wide flag, a KeyboardInterrupt that leaves code run by
    ``exec`` of a string (SQLAlchemy builds some of its helpers that way while the bot starts),
    and kills the process with SIGINT at exit while the flag is set, even when the interrupt was
    caught further up. Each string run by ``exec`` clears the flag first, so an empty one that
    succeeds leaves it clear and the exit status is ours.
    """
    exec("")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns (and exits with) 0 on success, 1 on a known error, 2 on usage."""
    args = build_parser().parse_args(argv)
    module_name, func_name = _COMMANDS[args.command]
    try:
        import importlib

        func = getattr(importlib.import_module(module_name), func_name)
        code = func(args) or 0
    except ConfigurationError as exc:
        for line in exc.errors:
            print(line, file=sys.stderr)
        code = 1
    except FreqtradeException as exc:  # also exchange errors, e.g. the network lost mid-way
        print(str(exc), file=sys.stderr)
        code = 1
    except KeyboardInterrupt:
        logger.info("Interrupted, exiting.")
        _forget_interrupt()
        code = 0
    if argv is None:
        sys.exit(code)
    return code


if __name__ == "__main__":  # pragma: no cover
    main()
