"""Read one config file: JSON plus comments and trailing commas, with precise error positions."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from freqtrade.exceptions import ConfigurationError


def strip_json_extensions(text: str) -> str:
    """Blank out ``//`` and ``/* */`` comments and trailing commas, keeping strings intact.

    Removed characters become spaces (newlines are kept), so JSON error positions still point
    at the user's original line and column.
    """
    out = list(text)
    i, n = 0, len(text)
    in_string = False
    last_significant = -1  # index of the last non-space char outside comments
    while i < n:
        ch = text[i]
        if in_string:
            if ch == "\\":
                i += 2
                continue
            if ch == '"':
                in_string = False
                last_significant = i
            i += 1
            continue
        if ch == '"':
            in_string = True
            i += 1
            continue
        if ch == "/" and i + 1 < n and text[i + 1] == "/":
            while i < n and text[i] != "\n":
                out[i] = " "
                i += 1
            continue
        if ch == "/" and i + 1 < n and text[i + 1] == "*":
            end = text.find("*/", i + 2)
            end = n if end == -1 else end + 2
            for j in range(i, end):
                if out[j] != "\n":
                    out[j] = " "
            i = end
            continue
        if ch in "}]" and last_significant >= 0 and out[last_significant] == ",":
            out[last_significant] = " "
        if not ch.isspace():
            last_significant = i
        i += 1
    return "".join(out)


def parse_config_text(text: str, source: str) -> dict:
    try:
        data = json.loads(strip_json_extensions(text))
    except json.JSONDecodeError as exc:
        raise ConfigurationError(
            f"{source}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    if not isinstance(data, dict):
        raise ConfigurationError(f"{source}: the top level must be a JSON object {{...}}")
    return data


def load_config_file(path: str) -> dict:
    """Load ``path`` (``-`` = stdin); missing or broken files raise one clear line."""
    if path == "-":
        return parse_config_text(sys.stdin.read(), "<stdin>")
    file = Path(path)
    if not file.is_file():
        raise ConfigurationError(
            f'Config file "{path}" not found. Create one with "freqtrade new-config" or pass '
            "an existing file with --config.")
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f'Config file "{path}" could not be read: {exc}') from None
    return parse_config_text(text, path)
