"""Which API credentials are too weak to expose beyond loopback, and which host names
``api_server.allowed_hosts`` may list.

An API reachable from other hosts controls real money, so it must not start with a secret anyone
can look up or guess: the sample passwords and websocket tokens printed in freqtrade's
documentation, sample configs and tests, the demo password of this repository, or anything
shorter than ``MIN_SECRET_LENGTH`` characters. On loopback the same values only warn (a local
demo stays one command away). Docker is no exception: the container listens on ``0.0.0.0``.
"""
from __future__ import annotations

import ipaddress
import re
from typing import Any

from freqtrade.configuration.api_users import READONLY_PASSWORD, READONLY_USERNAME

MIN_SECRET_LENGTH = 12

# Compared case-insensitively: changing the case of a published value adds nothing.
PUBLISHED_SECRETS = frozenset(value.casefold() for value in (
    "SuperSecret1!",  # freqtrade's REST API documentation
    "SuperSecurePassword",  # freqtrade's full sample config
    "SuperSecurePassword1!",  # freqtrade's API test suite
    "demo-only-password",  # this repository's demo config and README
    "secret_ws_t0ken.",  # freqtrade's sample configs (ws_token)
    "sercet_Ws_t0ken",  # freqtrade's REST API documentation (ws_token)
    "secret_Ws_t0ken",  # freqtrade's API test suite (ws_token)
))


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127/8, ``::1``, ``::ffff:127.0.0.1``)."""
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback


def secret_problem(value: Any, name: str) -> str | None:
    """Why the secret ``value`` (configured as ``name``) is too weak to expose, or None.

    Empty values are not judged here: an empty password never authenticates and an empty
    ws_token is never accepted.
    """
    if not isinstance(value, str) or not value:
        return None
    if value.casefold() in PUBLISHED_SECRETS:
        return f"{name} is a published sample value"
    if len(value) < MIN_SECRET_LENGTH:
        return f"{name} is shorter than {MIN_SECRET_LENGTH} characters"
    return None


def weak_secrets(api_config: dict[str, Any]) -> list[str]:
    """One reason per weak password (the read-only user's too, when configured) or ws_token
    of an ``api_server`` section."""
    tokens = api_config.get("ws_token")
    named = [("api_server.password", api_config.get("password"))]
    if api_config.get(READONLY_USERNAME) is not None or api_config.get(READONLY_PASSWORD):
        named.append((f"api_server.{READONLY_PASSWORD}", api_config.get(READONLY_PASSWORD)))
    if isinstance(tokens, list):
        named += [(f"api_server.ws_token[{i}]", token) for i, token in enumerate(tokens)]
    else:
        named.append(("api_server.ws_token", tokens))
    return [reason for name, value in named if (reason := secret_problem(value, name))]


def exposure_problems(api_config: dict[str, Any]) -> list[str]:
    """One line per reason not to listen where ``api_config`` says (empty list: fine).

    Only an address beyond loopback can have problems: missing credentials, or a password or
    ws_token from ``weak_secrets``.
    """
    host = str(api_config.get("listen_ip_address", "127.0.0.1"))
    if is_loopback(host):
        return []
    fix = (f"set a value of at least {MIN_SECRET_LENGTH} characters that is not a published "
           "sample (`freqtrade new-config` generates such values), or set "
           "api_server.listen_ip_address to 127.0.0.1")
    if not api_config.get("username") or not api_config.get("password"):
        return [f"Refusing to start the API server on {host}: api_server.username and "
                "api_server.password must both be set when listening beyond loopback. Set them "
                "in the config, or set api_server.listen_ip_address to 127.0.0.1."]
    return [f"Refusing to start the API server on {host}: {reason}; {fix}."
            for reason in weak_secrets(api_config)]


_HOSTNAME_RE = re.compile(r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
                          r"(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")


def normalize_host(host: str) -> str:
    """Lower-case, without brackets around IPv6 and without a trailing dot."""
    return host.strip().lower().removeprefix("[").removesuffix("]").rstrip(".")


def is_host_name(value: Any) -> bool:
    """An allow-list entry: a DNS name or an IP address, without scheme or port."""
    if not isinstance(value, str) or not value.strip():
        return False
    host = normalize_host(value)
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return bool(_HOSTNAME_RE.match(host))
    return True
