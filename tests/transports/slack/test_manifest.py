"""manifest.yml: valid against Slack's app manifest schema, and asking only for scopes the code
uses, each documented with the API methods that need it."""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema
import pytest
import yaml

from handlers import dispatch, home
from tests.support.paths import ROOT

MANIFEST_TEXT = (ROOT / "manifest.yml").read_text(encoding="utf-8")
MANIFEST: dict[str, Any] = yaml.safe_load(MANIFEST_TEXT)
SCHEMA = json.loads(
    (ROOT / "tests" / "data" / "slack-app-manifest.schema.1.0.0.json").read_text(encoding="utf-8")
)
SLACK_CODE = "\n".join(
    p.read_text(encoding="utf-8")
    for p in sorted((ROOT / "bot" / "transports" / "slack").glob("*.py"))
)
# Web API methods files_upload_v2 calls for us (slack_sdk), so they do not appear by name
VIA_FILES_UPLOAD_V2 = {"files.getUploadURLExternal", "files.completeUploadExternal"}
_METHOD = re.compile(r"\b([a-z]+\.[a-zA-Z]+)\b")


def scope_comments() -> dict[str, str]:
    """Each bot scope line of manifest.yml -> its YAML comment."""
    out: dict[str, str] = {}
    in_bot = False
    for line in MANIFEST_TEXT.splitlines():
        if re.match(r"^\s+bot:\s*$", line):
            in_bot = True
            continue
        if in_bot:
            m = re.match(r"^\s+-\s+([a-z:.]+)\s*(?:#\s*(.*))?$", line)
            if not m:
                break
            out[m.group(1)] = (m.group(2) or "").strip()
    return out


def test_manifest_validates_against_slacks_schema() -> None:
    validator = jsonschema.Draft7Validator(SCHEMA)
    errors = sorted(validator.iter_errors(MANIFEST), key=lambda e: list(e.path))
    assert not errors, "; ".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_schema_really_rejects_a_broken_manifest() -> None:
    broken = {**MANIFEST, "features": {**MANIFEST["features"], "slash_commands": [{"x": 1}]}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SCHEMA)


def test_app_features_socket_mode_home_and_interactivity() -> None:
    features, settings = MANIFEST["features"], MANIFEST["settings"]
    assert features["bot_user"]["display_name"] == "vaktbot"
    assert features["app_home"]["home_tab_enabled"] is True
    assert features["app_home"]["messages_tab_enabled"] is True
    assert settings["socket_mode_enabled"] is True
    assert settings["interactivity"]["is_enabled"] is True
    [vakt] = features["slash_commands"]
    assert vakt["command"] == "/vakt" and vakt["description"] and vakt["usage_hint"]
    assert '@bolt.command("/vakt")' in SLACK_CODE


def test_usage_hint_names_only_real_subcommands() -> None:
    hint = MANIFEST["features"]["slash_commands"][0]["usage_hint"]
    words = [part.strip().split()[0] for part in hint.split("|")]
    known = set(dispatch.commands()) | set(home.COMMANDS)
    assert "help" in words
    assert set(words) <= known, set(words) - known


def test_subscribed_events_are_handled_and_only_those() -> None:
    events = MANIFEST["settings"]["event_subscriptions"]["bot_events"]
    assert events == ["app_home_opened"]
    handled = set(re.findall(r'@bolt\.event\("([a-z_]+)"\)', SLACK_CODE))
    assert handled == set(events)


def test_every_scope_is_documented_and_used() -> None:
    scopes = MANIFEST["oauth_config"]["scopes"]["bot"]
    comments = scope_comments()
    assert list(comments) == scopes
    for scope in scopes:
        comment = comments[scope]
        assert comment, f"{scope} has no comment saying what it is for"
        if scope == "commands":
            assert "/vakt" in comment
            continue
        methods = _METHOD.findall(comment)
        assert methods, f"{scope}: name the API methods that need it"
        for method in methods:
            if method in VIA_FILES_UPLOAD_V2:
                assert "files_upload_v2" in SLACK_CODE
                continue
            assert method.replace(".", "_") in SLACK_CODE, f"{scope}: {method} is never called"


def test_no_scope_beyond_what_the_code_needs() -> None:
    scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    assert scopes == {
        "commands",
        "chat:write",
        "users:read",
        "files:write",
        "channels:history",
        "groups:history",
        "im:history",
        "im:write",
        "usergroups:write",  # the on-duty user groups
        "channels:manage",  # the team channels' topic
    }
    # e-mail lookups are not used, so no users:read.email; no user-token scopes at all
    assert "users_lookupByEmail" not in SLACK_CODE
    assert "user" not in MANIFEST["oauth_config"]["scopes"]
