"""Constants and header builders shared by the API tests (imported as a plain module)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from freqtrade.api.jwt_tokens import bound_key
from freqtrade.exceptions import RPCException
from tests.live_bot import free_port  # noqa: F401 - re-exported for the API tests

USERNAME = "freqtrader"
PASSWORD = "SuperSecurePassword1!"
JWT_SECRET = "0123456789abcdef" * 4
ORIGIN = "http://example.com"


def signing_key(secret: str = JWT_SECRET, username: str = USERNAME,
                password: str = PASSWORD) -> str:
    """The key the server signs tokens with: its secret bound to the credentials."""
    return bound_key(secret, [username, password])


def basic_header(username: str = USERNAME, password: str = PASSWORD) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def bearer_header(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def hand_made_token(header: dict[str, Any], claims: dict[str, Any], secret: str,
                    digest: Any = hashlib.sha256) -> str:
    """A JWT built without our code (stdlib HMAC), to test what the server accepts."""
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
    if header.get("alg") == "none":
        return signing_input + "."
    signature = hmac.new(secret.encode(), signing_input.encode(), digest).digest()
    return f"{signing_input}.{b64url(signature)}"


class FakeRPC:
    """Stands in for the bot's RPC facade."""

    def fail(self) -> None:
        raise RPCException("Force_entry not enabled.")
