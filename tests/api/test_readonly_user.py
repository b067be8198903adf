"""The read-only user's credentials in-process: which pair grants which scopes."""
from __future__ import annotations

from api_helpers import PASSWORD, USERNAME, basic_header

VIEWER, VIEWER_PASSWORD = "viewer", "read-only-password"


def test_read_only_basic_reads_and_is_refused_trade_routes(make_client, api_config):
    api_config["api_server"].update(readonly_username=VIEWER, readonly_password=VIEWER_PASSWORD)
    client = make_client()
    viewer = basic_header(VIEWER, VIEWER_PASSWORD)
    assert client.get("/api/v1/test/protected", headers=viewer).json() == {"user": VIEWER}
    refused = client.post("/api/v1/test/action", headers=viewer)
    assert (refused.status_code, refused.json()) == (403, {"detail": "Not enough permissions"})
    assert client.post("/api/v1/test/action", headers=basic_header()).status_code == 200
    for wrong in (basic_header(VIEWER, PASSWORD), basic_header(USERNAME, VIEWER_PASSWORD)):
        assert client.get("/api/v1/test/protected", headers=wrong).status_code == 401


def test_a_read_only_pair_reusing_the_full_users_name_never_authenticates(make_client,
                                                                           api_config):
    """Config validation refuses the clash; the server never lets that password in either."""
    api_config["api_server"].update(readonly_username=USERNAME,
                                    readonly_password=VIEWER_PASSWORD)
    client = make_client()
    assert client.get("/api/v1/test/protected", headers=basic_header()).status_code == 200
    refused = client.post("/api/v1/test/action", headers=basic_header(USERNAME, VIEWER_PASSWORD))
    assert refused.status_code == 401


def test_an_incomplete_read_only_pair_never_authenticates(make_client, api_config):
    api_config["api_server"].update(readonly_username=VIEWER, readonly_password="")
    client = make_client()
    assert client.get("/api/v1/test/protected", headers=basic_header(VIEWER, "")
                      ).status_code == 401
