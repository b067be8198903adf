"""The read-only API user and the audit log bound in the config: one clear line per problem."""
import json

import pytest

from freqtrade.configuration import build_config
from freqtrade.exceptions import ConfigurationError

OWNER = {"username": "owner", "password": "owner-password-1"}


def load(tmp_path, api_server: dict) -> dict:
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"api_server": api_server}))
    return build_config([str(path)], environ={})


@pytest.mark.parametrize("api_server, message", [
    ({"readonly_username": "viewer"},
     "api_server.readonly_password: must be set when api_server.readonly_username is set"),
    ({"readonly_password": "viewer-password"},
     "api_server.readonly_username: must be set when api_server.readonly_password is set"),
    ({"readonly_username": "owner", "readonly_password": "viewer-password"},
     "api_server.readonly_username: must differ from api_server.username"),
    ({"readonly_username": "viewer", "readonly_password": "owner-password-1"},
     "api_server.readonly_password: must differ from api_server.password"),
    ({"readonly_username": 5, "readonly_password": "viewer-password"},
     "api_server.readonly_username: must be a string"),
    ({"audit_log_max_entries": 0}, "api_server.audit_log_max_entries: must be an integer from 1"),
    ({"audit_log_max_entries": "100"}, "api_server.audit_log_max_entries: must be an integer"),
])
def test_each_read_only_user_problem_has_one_clear_line(tmp_path, api_server, message):
    with pytest.raises(ConfigurationError) as err:
        load(tmp_path, {**OWNER, **api_server})
    lines = [line for line in err.value.errors if line.startswith("api_server.")]
    assert len(lines) == 1 and lines[0].startswith(message), err.value.errors


def test_a_complete_read_only_user_is_accepted_without_warnings(tmp_path, caplog):
    config = load(tmp_path, {**OWNER, "readonly_username": "viewer",
                             "readonly_password": "viewer-password", "audit_log_max_entries": 50})
    assert config["api_server"]["readonly_username"] == "viewer"
    assert "unknown key" not in caplog.text
