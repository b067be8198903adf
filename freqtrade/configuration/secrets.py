"""Hide secret-looking config values before a config is printed or served."""
from __future__ import annotations

import difflib
import re
from typing import Any

REDACTED = "REDACTED"
# a key is secret when one of its words is one of these (or a near miss: "pasword")
SECRET_WORDS = ("key", "apikey", "secret", "password", "passwd", "passphrase", "pwd", "token",
                "uid", "privatekey", "credentials", "chat", "webhook")
_FUZZY_WORDS = ("secret", "password", "passphrase", "token", "apikey", "privatekey")
# secrets whose words are harmless alone: "wallet_address", "account_id", webhook "url"
SECRET_PHRASES = ("walletaddress", "accountid", "chatid")
# settings with a secret-looking word
NOT_SECRET = frozenset({"sort_key"})
_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
_URL_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@/\s]+@")


def _words(key: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(key)]


def is_secret_key(key: Any, parent: Any = None) -> bool:
    """True for keys that name or nearly name a secret (``pasword`` and ``apiKey`` too)."""
    if not isinstance(key, str) or key in NOT_SECRET:
        return False
    words = _words(key)
    joined = "".join(words)
    if joined in SECRET_WORDS or joined in SECRET_PHRASES:
        return True
    if key == "url" and isinstance(parent, str) and parent.lower() in ("webhook", "discord"):
        return True
    for word in words:
        if word in SECRET_WORDS:
            return True
        if len(word) >= 4 and difflib.get_close_matches(word, _FUZZY_WORDS, n=1, cutoff=0.8):
            return True
    return False


def mask_secrets(value: Any, key: Any = None, parent: Any = None) -> Any:
    """A copy of ``value`` with every non-empty value under a secret-looking key replaced.

    Passwords inside URLs (``postgresql://user:pw@host``) are replaced too.
    """
    if isinstance(value, dict):
        return {k: mask_secrets(v, k, key) for k, v in value.items()}
    if is_secret_key(key, parent) and value not in ("", None, [], {}):
        return REDACTED
    if isinstance(value, list):
        return [mask_secrets(v, key, parent) for v in value]
    if isinstance(value, str) and "://" in value:
        return _URL_PASSWORD.sub(rf"\1{REDACTED}@", value)
    return value
