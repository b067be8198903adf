"""JWT format, lifetimes and refusals (tokens are checked over HTTP against a protected route)."""
from __future__ import annotations

import hashlib
import json
import logging
from typing import TYPE_CHECKING, Any

import pytest
from api_helpers import (
    JWT_SECRET,
    USERNAME,
    b64url_decode,
    basic_header,
    bearer_header,
    hand_made_token,
    signing_key,
)

from freqtrade.api.jwt_tokens import InvalidToken, create_token, decode_token
from freqtrade.constants import DEFAULT_JWT_SECRETS

if TYPE_CHECKING:
    from conftest import MakeClient
    from starlette.testclient import TestClient

    from freqtrade.util.clock import FrozenClock

PROTECTED = "/api/v1/test/protected"
HS256 = {"alg": "HS256", "typ": "JWT"}


def tokens(client: TestClient) -> dict[str, str]:
    response = client.post("/api/v1/token/login", headers=basic_header())
    assert response.status_code == 200
    return response.json()


def status_with(client: TestClient, token: str) -> int:
    return client.get(PROTECTED, headers=bearer_header(token)).status_code


def valid_claims(now: int, **changes: Any) -> dict[str, Any]:
    claims = {"identity": {"u": USERNAME}, "exp": now + 900, "iat": now, "type": "access",
              "sid": "hand-made-session"}
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def test_token_structure_is_standard_hs256(client: TestClient,
                                           frozen_clock: FrozenClock) -> None:
    issued = tokens(client)
    now = int(frozen_clock().timestamp())
    for kind, lifetime in (("access", 15 * 60), ("refresh", 30 * 86400)):
        header_b64, claims_b64, signature = issued[f"{kind}_token"].split(".")
        assert json.loads(b64url_decode(header_b64)) == HS256
        claims = json.loads(b64url_decode(claims_b64))
        session_id = claims.pop("sid")
        assert claims == {"identity": {"u": USERNAME}, "exp": now + lifetime, "iat": now,
                          "type": kind}
        assert isinstance(session_id, str) and len(session_id) >= 16
        # the signature is plain HMAC-SHA256 over header.claims, as PyJWT computes it, with
        # the configured secret bound to the credentials as the key
        resigned = hand_made_token(json.loads(b64url_decode(header_b64)),
                                   {**claims, "sid": session_id}, signing_key())
        assert len(b64url_decode(signature)) == 32
        assert status_with(client, resigned) == (200 if kind == "access" else 401)


def test_hand_made_pyjwt_style_token_is_accepted(client: TestClient,
                                                 frozen_clock: FrozenClock) -> None:
    now = int(frozen_clock().timestamp())
    assert status_with(client, hand_made_token(HS256, valid_claims(now), signing_key())) == 200


def test_access_token_expires_after_15_minutes(client: TestClient,
                                               frozen_clock: FrozenClock) -> None:
    access = tokens(client)["access_token"]
    frozen_clock.advance(minutes=14, seconds=59)
    assert status_with(client, access) == 200
    frozen_clock.advance(seconds=1)
    assert status_with(client, access) == 401


def test_a_token_in_use_is_checked_on_every_request(client: TestClient,
                                                    frozen_clock: FrozenClock) -> None:
    """A token that verified is remembered, but not its validity: a copy with another
    signature, the end of its session and its expiry still refuse it."""
    access = tokens(client)["access_token"]
    for _ in range(3):
        assert status_with(client, access) == 200
    header, claims, signature = access.split(".")
    other_signature = ("B" if signature[0] == "A" else "A") + signature[1:]
    assert status_with(client, f"{header}.{claims}.{other_signature}") == 401
    frozen_clock.advance(minutes=14)
    assert status_with(client, access) == 200
    assert client.post("/api/v1/token/logout",
                       headers=bearer_header(access)).status_code == 200
    assert status_with(client, access) == 401
    second = tokens(client)["access_token"]
    assert status_with(client, second) == 200
    frozen_clock.advance(minutes=15)
    assert status_with(client, second) == 401


def test_refresh_token_expires_after_30_days(client: TestClient,
                                             frozen_clock: FrozenClock) -> None:
    refresh = tokens(client)["refresh_token"]
    frozen_clock.advance(days=30, seconds=-1)
    response = client.post("/api/v1/token/refresh", headers=bearer_header(refresh))
    assert response.status_code == 200
    frozen_clock.advance(seconds=1)
    response = client.post("/api/v1/token/refresh", headers=bearer_header(refresh))
    assert response.status_code == 401
    assert response.json() == {"detail": "Could not validate credentials"}


@pytest.mark.parametrize("case", [
    "other_key", "alg_none", "alg_hs512", "no_exp", "exp_not_number", "iat_future",
    "identity_string", "identity_without_u", "no_identity", "no_type", "refresh_type",
    "unbound_secret", "no_iat", "no_sid", "sid_not_string", "overlong_exp",
])
def test_bad_tokens_are_refused_with_401(client: TestClient, frozen_clock: FrozenClock,
                                         case: str) -> None:
    now = int(frozen_clock().timestamp())
    header, claims, key, digest = dict(HS256), valid_claims(now), signing_key(), hashlib.sha256
    if case == "other_key":
        key = "another-secret-that-is-long-enough-0123456789"
    elif case == "alg_none":
        header["alg"] = "none"
    elif case == "alg_hs512":
        header["alg"], digest = "HS512", hashlib.sha512
    elif case == "no_exp":
        claims.pop("exp")
    elif case == "exp_not_number":
        claims["exp"] = "never"
    elif case == "iat_future":
        claims["iat"] = now + 60
    elif case == "identity_string":
        claims["identity"] = USERNAME
    elif case == "identity_without_u":
        claims["identity"] = {"user": USERNAME}
    elif case == "no_identity":
        claims.pop("identity")
    elif case == "no_type":
        claims.pop("type")
    elif case == "refresh_type":
        claims["type"] = "refresh"
    elif case == "unbound_secret":  # the configured secret itself is not the signing key
        key = JWT_SECRET
    elif case == "no_iat":
        claims.pop("iat")
    elif case == "no_sid":
        claims.pop("sid")
    elif case == "sid_not_string":
        claims["sid"] = 12345
    elif case == "overlong_exp":
        claims["exp"] = now + 15 * 60 + 1
    token = hand_made_token(header, claims, key, digest)
    response = client.get(PROTECTED, headers=bearer_header(token))
    assert response.status_code == 401
    assert response.json() == {"detail": "Could not validate credentials"}
    assert response.headers["www-authenticate"] == "Bearer"


def test_small_clock_skew_on_iat_is_tolerated(client: TestClient,
                                              frozen_clock: FrozenClock) -> None:
    now = int(frozen_clock().timestamp())
    token = hand_made_token(HS256, valid_claims(now, iat=now + 3), signing_key())
    assert status_with(client, token) == 200


def test_create_and_decode_round_trip(frozen_clock: FrozenClock) -> None:
    token = create_token({"u": "bob"}, JWT_SECRET, "refresh", "s1")
    assert decode_token(token, JWT_SECRET, "refresh") == "bob"
    with pytest.raises(InvalidToken):
        decode_token(token, JWT_SECRET, "access")
    with pytest.raises(ValueError, match="Unknown token type"):
        create_token({"u": "bob"}, JWT_SECRET, "session", "s1")  # type: ignore[arg-type]


@pytest.mark.parametrize("secret", [None, "", "short-secret", *DEFAULT_JWT_SECRETS])
def test_unusable_jwt_secret_is_replaced_by_a_random_one(
        make_client: MakeClient, api_config: dict[str, Any], caplog: pytest.LogCaptureFixture,
        frozen_clock: FrozenClock, secret: str | None) -> None:
    if secret is None:
        del api_config["api_server"]["jwt_secret_key"]
    else:
        api_config["api_server"]["jwt_secret_key"] = secret
    caplog.set_level(logging.WARNING)
    client = make_client()
    assert any("jwt_secret_key" in r.getMessage() and "will not survive a restart"
               in r.getMessage() for r in caplog.records)
    issued = tokens(client)
    assert status_with(client, issued["access_token"]) == 200
    generated = client.context.generated_jwt_secret
    assert generated is not None and len(generated) == 64
    now = int(frozen_clock().timestamp())
    # a token signed with the configured (weak / default) value is worthless
    for weak in filter(None, [secret, *DEFAULT_JWT_SECRETS]):
        forged = hand_made_token(HS256, valid_claims(now), signing_key(weak))
        assert status_with(client, forged) == 401


def test_expired_token_during_refresh_window_gets_new_access(
        client: TestClient, frozen_clock: FrozenClock) -> None:
    issued = tokens(client)
    frozen_clock.advance(hours=2)
    assert status_with(client, issued["access_token"]) == 401
    new = client.post("/api/v1/token/refresh", headers=bearer_header(issued["refresh_token"]))
    fresh = new.json()["access_token"]
    assert status_with(client, fresh) == 200
    claims = json.loads(b64url_decode(fresh.split(".")[1]))
    assert claims["iat"] == int(frozen_clock().timestamp())
