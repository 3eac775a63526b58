"""`vaktbot teams-package`: the Teams app zip (manifest v1.17, icons, nb/sv localisation)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import jsonschema
import numpy as np
import pytest
import typer
from PIL import Image
from typer.testing import CliRunner

from bot.cli.teams import register
from bot.transports.teams.package import (
    MAX_COMMANDS,
    AppInfo,
    TeamsPackageError,
    build_manifest,
    build_package,
    check_app_id,
)
from handlers import dispatch
from tests.support.paths import ROOT

APP_ID = "3f2b8c1e-9d4a-4e6b-8a7c-1b2d3e4f5a6b"

# The constraints of Microsoft's Teams manifest schema v1.17 that apply to a bot-only app
# (required fields, lengths, formats), written out so the test runs offline.
_STR = {"type": "string"}
_HTTPS = {"type": "string", "pattern": "^https://", "maxLength": 2048}
_COMMAND = {
    "type": "object",
    "required": ["title", "description"],
    "additionalProperties": False,
    "properties": {
        "title": {"type": "string", "minLength": 1, "maxLength": 32},
        "description": {"type": "string", "minLength": 1, "maxLength": 128},
    },
}
MANIFEST_SCHEMA = {
    "type": "object",
    "required": [
        "manifestVersion",
        "version",
        "id",
        "developer",
        "name",
        "description",
        "icons",
        "accentColor",
    ],
    "properties": {
        "manifestVersion": {"const": "1.17"},
        "version": {"type": "string", "pattern": r"^\d+\.\d+\.\d+$"},
        "id": {
            "type": "string",
            "pattern": r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$",
        },
        "developer": {
            "type": "object",
            "required": ["name", "websiteUrl", "privacyUrl", "termsOfUseUrl"],
            "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 32},
                "websiteUrl": _HTTPS,
                "privacyUrl": _HTTPS,
                "termsOfUseUrl": _HTTPS,
            },
        },
        "name": {
            "type": "object",
            "required": ["short"],
            "properties": {
                "short": {"type": "string", "minLength": 1, "maxLength": 30},
                "full": {"type": "string", "maxLength": 100},
            },
        },
        "description": {
            "type": "object",
            "required": ["short", "full"],
            "properties": {
                "short": {"type": "string", "minLength": 1, "maxLength": 80},
                "full": {"type": "string", "minLength": 1, "maxLength": 4000},
            },
        },
        "icons": {
            "type": "object",
            "required": ["color", "outline"],
            "properties": {"color": _STR, "outline": _STR},
        },
        "accentColor": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
        "bots": {
            "type": "array",
            "maxItems": 1,
            "items": {
                "type": "object",
                "required": ["botId", "scopes"],
                "properties": {
                    "botId": _STR,
                    "scopes": {
                        "type": "array",
                        "items": {"enum": ["team", "personal", "groupChat"]},
                        "uniqueItems": True,
                    },
                    "commandLists": {
                        "type": "array",
                        "maxItems": 3,
                        "items": {
                            "type": "object",
                            "required": ["scopes", "commands"],
                            "properties": {
                                "scopes": {
                                    "type": "array",
                                    "items": {"enum": ["team", "personal", "groupChat"]},
                                },
                                "commands": {"type": "array", "maxItems": 10, "items": _COMMAND},
                            },
                        },
                    },
                },
            },
        },
        "permissions": {
            "type": "array",
            "items": {"enum": ["identity", "messageTeamMembers"]},
        },
        "validDomains": {
            "type": "array",
            "items": {"type": "string", "maxLength": 2048, "not": {"pattern": "^https?://"}},
        },
        "localizationInfo": {
            "type": "object",
            "required": ["defaultLanguageTag"],
            "properties": {
                "additionalLanguages": {
                    "type": "array",
                    "items": {"type": "object", "required": ["languageTag", "file"]},
                }
            },
        },
    },
}


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.fixture
def package(tmp_path: Path) -> dict[str, bytes]:
    app = AppInfo(
        APP_ID,
        dispatch.help_entries(),
        org_name="Skatteetaten kommunikasjon",
        url="https://vaktbot.skatteetaten.example",
        version="1.2.3",
    )
    path = build_package(tmp_path / "teams.zip", app)
    return read_zip(path)


def test_package_contents_and_manifest(package: dict[str, bytes]) -> None:
    assert set(package) == {"manifest.json", "color.png", "outline.png", "nb-no.json", "sv-se.json"}
    manifest = json.loads(package["manifest.json"])
    jsonschema.Draft7Validator(MANIFEST_SCHEMA).validate(manifest)
    assert manifest["$schema"].endswith("/teams/v1.17/MicrosoftTeams.schema.json")
    assert manifest["id"] == APP_ID and manifest["version"] == "1.2.3"
    [bot] = manifest["bots"]
    assert bot["botId"] == APP_ID
    assert set(bot["scopes"]) == {"personal", "team", "groupChat"}
    assert manifest["validDomains"] == ["vaktbot.skatteetaten.example"]
    assert manifest["developer"]["privacyUrl"].startswith("https://vaktbot.skatteetaten.example")
    lists = {tuple(cl["scopes"]): cl["commands"] for cl in bot["commandLists"]}
    personal, team = lists[("personal",)], lists[("team", "groupChat")]
    titles = [c["title"] for c in personal]
    assert "help" in titles and len(titles) == len(set(titles)) <= MAX_COMMANDS
    assert team[-1]["title"] == "link" and len(team) <= MAX_COMMANDS
    for cmd in personal + team:
        assert "/vakt" not in cmd["description"]  # Teams users type "help", not "/vakt help"


def test_every_help_entry_fits_the_command_menu() -> None:
    entries = dispatch.help_entries()
    manifest = build_manifest(AppInfo(APP_ID, entries))
    personal = manifest["bots"][0]["commandLists"][0]["commands"]
    unique = list(dict.fromkeys(cmd for cmd, _ in entries if len(cmd) <= 32))
    assert [c["title"] for c in personal] == unique[:MAX_COMMANDS]


def test_command_lists_capped_at_ten() -> None:
    many = [(f"cmd{i}", "help.help") for i in range(15)] + [("cmd1", "help.help")]
    manifest = build_manifest(AppInfo(APP_ID, many))
    jsonschema.Draft7Validator(MANIFEST_SCHEMA).validate(manifest)
    personal, team = (cl["commands"] for cl in manifest["bots"][0]["commandLists"])
    assert [c["title"] for c in personal] == [f"cmd{i}" for i in range(10)]
    assert [c["title"] for c in team] == [f"cmd{i}" for i in range(9)] + ["link"]


def test_icons(package: dict[str, bytes]) -> None:
    color = Image.open(io.BytesIO(package["color.png"]))
    outline = Image.open(io.BytesIO(package["outline.png"])).convert("RGBA")
    assert color.format == "PNG" and color.size == (192, 192)
    assert outline.size == (32, 32)
    pixels = np.asarray(outline).reshape(-1, 4)
    opaque = pixels[pixels[:, 3] > 0]
    # outline: white on transparent only, and actually drawn
    assert (opaque == 255).all()
    assert 20 < len(opaque) < 32 * 32 - 20
    assert len(np.unique(np.asarray(color.convert("RGB")).reshape(-1, 3), axis=0)) >= 2


def test_localisation_files(package: dict[str, bytes]) -> None:
    manifest = json.loads(package["manifest.json"])
    tags = {
        x["languageTag"]: x["file"] for x in manifest["localizationInfo"]["additionalLanguages"]
    }
    assert tags == {"nb-no": "nb-no.json", "sv-se": "sv-se.json"}
    nb, sv = json.loads(package["nb-no.json"]), json.loads(package["sv-se.json"])
    assert "årshjul" in nb["description.full"] and "årshjul" in sv["description.full"]
    assert nb["description.short"] != manifest["description"]["short"]
    assert len(nb["description.short"]) <= 80 and len(sv["description.short"]) <= 80
    commands = manifest["bots"][0]["commandLists"]
    for loc in (nb, sv):
        for key, value in loc.items():
            m = re.fullmatch(r"bots\[0\]\.commandLists\[(\d)\]\.commands\[(\d+)\]\.(\w+)", key)
            if m:
                original = commands[int(m[1])]["commands"][int(m[2])]
                assert m[3] in original and value
                assert len(value) <= (32 if m[3] == "title" else 128)


def test_same_input_same_zip(tmp_path: Path) -> None:
    app = AppInfo(APP_ID, dispatch.help_entries(), version="1.0.0")
    a = build_package(tmp_path / "a.zip", app)
    b = build_package(tmp_path / "b.zip", app)
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("bad", [None, "", "   ", "not-a-guid"])
def test_bad_app_id_is_a_clear_error(bad: str | None) -> None:
    with pytest.raises(TeamsPackageError, match="MicrosoftAppId"):
        check_app_id(bad)


def test_plain_http_url_refused() -> None:
    with pytest.raises(TeamsPackageError, match="https"):
        build_manifest(AppInfo(APP_ID, [], url="http://vaktbot.example.org"))


def _cli() -> typer.Typer:
    """The `vaktbot` CLI with just this feature's commands registered (as bot.cli.main does)."""
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """vaktbot"""

    register(app)
    return app


def _env(app_id: str) -> dict[str, str]:
    return {
        "MicrosoftAppId": app_id,
        "MICROSOFT_APP_ID": app_id,
        "VAKTBOT_CONFIG": str(ROOT / "examples" / "vaktbot.yml"),
    }


def test_cli_builds_the_package(tmp_path: Path) -> None:
    out = tmp_path / "pkg" / "vaktbot.zip"
    result = CliRunner().invoke(
        _cli(),
        ["teams-package", "--out", str(out), "--url", "https://bot.example.no"],
        env=_env(APP_ID),
    )
    assert result.exit_code == 0, result.output
    files = read_zip(out)
    manifest = json.loads(files["manifest.json"])
    assert manifest["bots"][0]["botId"] == APP_ID
    assert manifest["validDomains"] == ["bot.example.no"]
    assert manifest["name"]["full"] == "vaktbot – Skatteetaten kommunikasjon"


def test_cli_without_app_id_fails_clearly(tmp_path: Path) -> None:
    out = tmp_path / "x.zip"
    result = CliRunner().invoke(_cli(), ["teams-package", "--out", str(out)], env=_env(""))
    assert result.exit_code == 2
    assert "MicrosoftAppId is not set" in result.output
    assert not out.exists()
