"""Start-up safety checks for the listen address and credentials (research §7, peers §3c).

Keeps freqtrade's warning texts, and goes one step further: listening beyond loopback with
an empty username or password is refused, since such an API could never be logged into
(empty credentials never authenticate here) and is an exposed, half-configured service.
"""
from __future__ import annotations

import ipaddress
import logging
from pathlib import Path
from typing import Any

from freqtrade.exceptions import OperationalException

logger = logging.getLogger(__name__)

EXTERNAL_WARNINGS = (
    "SECURITY WARNING - Local Rest Server listening to external connections",
    "SECURITY WARNING - This is insecure please set to your loopback,e.g 127.0.0.1 in config.json",
)
NO_PASSWORD_WARNING = ("SECURITY WARNING - No password for local REST Server defined. "
                       "Please make sure that this is intentional!")


def running_in_docker() -> bool:
    """Docker publishes ports explicitly, so binding 0.0.0.0 inside it is the normal set-up."""
    return Path("/.dockerenv").exists()


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_listen_security(api_config: dict[str, Any], in_docker: bool | None = None) -> None:
    """Log freqtrade's security warnings; raise when the API would be exposed unusable."""
    host = str(api_config.get("listen_ip_address", "127.0.0.1"))
    username = api_config.get("username")
    password = api_config.get("password")
    loopback = is_loopback(host)
    if not loopback and (not username or not password):
        raise OperationalException(
            f"Refusing to start the API server on {host}: api_server.username and "
            "api_server.password must both be set when listening beyond loopback. Set them in "
            "the config, or set api_server.listen_ip_address to 127.0.0.1.")
    if not loopback and not (running_in_docker() if in_docker is None else in_docker):
        for line in EXTERNAL_WARNINGS:
            logger.warning(line)
    if not password:
        logger.warning(NO_PASSWORD_WARNING)
    for key in ("username", "password"):
        value = api_config.get(key)
        if isinstance(value, str) and not value.isascii():
            logger.warning("api_server.%s contains non-ASCII characters: HTTP Basic credentials "
                           "must be ASCII, so logins with it will fail.", key)
