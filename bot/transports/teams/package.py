"""The Teams app package: a zip with manifest.json (schema v1.17), two icons and the Norwegian
and Swedish localisation files, ready to upload in Teams ("Apps" -> "Manage your apps" ->
"Upload an app") or the Teams admin center.

The bot id is MicrosoftAppId (the Azure Bot registration's app id); the Teams app id is the same
GUID. The command menu lists at most 10 short commands per scope, taken from the features' HELP
entries. Icons are drawn here with Pillow, so the package needs no binary files in the repo.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from PIL import Image, ImageDraw

from bot.i18n import t

SCHEMA = "https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json"
LOCALIZATION_SCHEMA = (
    "https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/"
    "MicrosoftTeams.Localization.schema.json"
)
MANIFEST_VERSION = "1.17"
ACCENT = "#1F4E79"
MAX_COMMANDS = 10
LANGUAGES = {"en": "en-us", "nb": "nb-no", "sv": "sv-se"}
PLACEHOLDER_URL = "https://vaktbot.example.org"
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_EXAMPLE = re.compile(r"\s*(?:Example|Eksempel|Exempel):.*$", re.IGNORECASE | re.DOTALL)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same input gives the same zip


@dataclass(frozen=True)
class AppInfo:
    """What the package says about the app: its id (MicrosoftAppId, checked when the manifest is
    built), the command menu (the features' HELP entries), the organisation's name, the public
    https URL (PLACEHOLDER_URL when None) and the app version (vaktbot's own when None)."""

    app_id: str | None
    help_entries: Sequence[tuple[str, str]]
    org_name: str = ""
    url: str | None = None
    version: str | None = None


class TeamsPackageError(ValueError):
    """The package cannot be built; the message says what to fix."""


def check_app_id(app_id: str | None) -> str:
    if not app_id or not app_id.strip():
        raise TeamsPackageError(
            "MicrosoftAppId is not set. Register an Azure Bot (see docs/install-teams.md), "
            "then export MicrosoftAppId=<the app's client id> and run `vaktbot teams-package` "
            "again."
        )
    app_id = app_id.strip()
    if not _GUID.match(app_id):
        raise TeamsPackageError(
            f"MicrosoftAppId {app_id!r} is not a GUID like 00000000-0000-0000-0000-000000000000 "
            "(use the Application (client) ID of the Azure Bot's app registration)"
        )
    return app_id


def package_version() -> str:
    try:
        version = metadata.version("vaktbot")
    except metadata.PackageNotFoundError:
        return "1.0.0"
    parts = (re.findall(r"\d+", version) + ["0", "0", "0"])[:3]
    return ".".join(parts)


def _help_line(locale: str, key: str) -> str:
    text = _EXAMPLE.sub("", t(locale, key)).replace("/vakt ", "").strip().rstrip(".")
    text = text[:1].upper() + text[1:]
    return text[:128]


def command_entries(
    help_entries: Sequence[tuple[str, str]], locale: str
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(personal commands, team/group chat commands): unique, short, at most 10 each."""
    seen: set[str] = set()
    commands: list[dict[str, str]] = []
    for cmd, key in help_entries:
        if cmd in seen or len(cmd) > 32:
            continue
        seen.add(cmd)
        commands.append({"title": cmd, "description": _help_line(locale, key)})
    link = {"title": "link", "description": t(locale, "teams.app.link_command")[:128]}
    return commands[:MAX_COMMANDS], commands[: MAX_COMMANDS - 1] + [link]


def _texts(locale: str, org_name: str) -> dict[str, str]:
    return {
        "name.short": "vaktbot",
        "name.full": f"vaktbot – {org_name}"[:100] if org_name else "vaktbot",
        "description.short": t(locale, "teams.app.short")[:80],
        "description.full": t(locale, "teams.app.full")[:4000],
    }


def build_manifest(app: AppInfo) -> dict[str, Any]:
    app_id = check_app_id(app.app_id)
    base = (app.url or PLACEHOLDER_URL).rstrip("/")
    parsed = urlparse(base)
    if parsed.scheme != "https" or not parsed.hostname:
        raise TeamsPackageError(f"--url must be an https:// address, got {app.url!r}")
    texts = _texts("en", app.org_name)
    personal, team = command_entries(app.help_entries, "en")
    return {
        "$schema": SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": app.version or package_version(),
        "id": app_id,
        "developer": {
            "name": (app.org_name or "vaktbot")[:32],
            "websiteUrl": base + "/",
            "privacyUrl": base + "/privacy",
            "termsOfUseUrl": base + "/terms",
        },
        "name": {"short": texts["name.short"], "full": texts["name.full"]},
        "description": {"short": texts["description.short"], "full": texts["description.full"]},
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": ACCENT,
        "bots": [
            {
                "botId": app_id,
                "scopes": ["personal", "team", "groupChat"],
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": [
                    {"scopes": ["personal"], "commands": personal},
                    {"scopes": ["team", "groupChat"], "commands": team},
                ],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [parsed.hostname],
        "localizationInfo": {
            "defaultLanguageTag": LANGUAGES["en"],
            "additionalLanguages": [
                {"languageTag": LANGUAGES[loc], "file": f"{LANGUAGES[loc]}.json"}
                for loc in ("nb", "sv")
            ],
        },
    }


def localization(
    locale: str, help_entries: Sequence[tuple[str, str]], org_name: str = ""
) -> dict[str, str]:
    """A localisation file: the manifest's texts and command menu in ``locale``."""
    out = {"$schema": LOCALIZATION_SCHEMA, **_texts(locale, org_name)}
    for i, commands in enumerate(command_entries(help_entries, locale)):
        for j, command in enumerate(commands):
            prefix = f"bots[0].commandLists[{i}].commands[{j}]"
            out[f"{prefix}.title"] = command["title"]
            out[f"{prefix}.description"] = command["description"]
    return out


# --- icons ------------------------------------------------------------------------------------


def _png(image: Any) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def _mark(size: int) -> list[tuple[float, float]]:
    """A shield with a check mark cut out, as one polygon outline (the 'vakt' sign)."""
    s = size
    return [
        (0.50 * s, 0.08 * s),
        (0.86 * s, 0.22 * s),
        (0.84 * s, 0.52 * s),
        (0.50 * s, 0.92 * s),
        (0.16 * s, 0.52 * s),
        (0.14 * s, 0.22 * s),
    ]


def _check(size: int) -> list[tuple[float, float]]:
    s = size
    return [(0.32 * s, 0.48 * s), (0.45 * s, 0.62 * s), (0.70 * s, 0.34 * s)]


def color_icon(size: int = 192) -> bytes:
    """192x192, full colour: a white shield with a check mark on the accent colour."""

    image = Image.new("RGBA", (size, size), ACCENT)
    draw = ImageDraw.Draw(image)
    draw.polygon(_mark(size), fill="white")
    draw.line(_check(size), fill=ACCENT, width=max(size // 14, 2), joint="curve")
    return _png(image)


def outline_icon(size: int = 32) -> bytes:
    """32x32, white on transparent only (Teams tints it)."""

    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon(_mark(size), outline=(255, 255, 255, 255), width=2)
    draw.line(_check(size), fill=(255, 255, 255, 255), width=2)
    # keep pixels strictly white-or-transparent (no anti-aliased greys)
    alpha = image.getchannel("A").point(lambda a: 255 if a >= 128 else 0)
    solid = Image.new("RGBA", (size, size), (255, 255, 255, 255))
    solid.putalpha(alpha)
    return _png(solid)


# --- the zip ----------------------------------------------------------------------------------


def package_files(app: AppInfo) -> dict[str, bytes]:
    manifest = build_manifest(app)
    files = {
        "manifest.json": json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"),
        "color.png": color_icon(),
        "outline.png": outline_icon(),
    }
    for loc in ("nb", "sv"):
        data = localization(loc, app.help_entries, app.org_name)
        files[f"{LANGUAGES[loc]}.json"] = json.dumps(data, ensure_ascii=False, indent=2).encode()
    return files


def build_package(out: str | Path, app: AppInfo) -> Path:
    """Write the zip (files at its root, as Teams expects) and return its path."""
    files = package_files(app)
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return path
