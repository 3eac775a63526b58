"""Moderation rules per account: which new comments are hidden on arrival, and by which rule.
Pure: no I/O, no clock reads.

* ``premoderate`` - every new comment is hidden until a moderator shows it again;
* ``hide_links: unverified`` - a comment with a link to a domain that is not on the account's
  ``allowed_domains`` (subdomains included: ``www.1177.se`` is ``1177.se``);
* ``hide_personal_data`` - an identity number, phone number or e-mail address
  (:func:`bot.privacy.redact.find_personal_data`; a postal address alone does not hide).

When several rules match, the most specific names the hide: personal data, then links, then
pre-moderation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.moderation.classify import find_links
from bot.privacy.redact import ADDRESS, find_personal_data

RULES: tuple[str, ...] = ("personal_data", "links", "premoderate")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


@dataclass(frozen=True)
class HideRules:
    premoderate: bool = False
    hide_links: bool = False
    allowed_domains: frozenset[str] = frozenset()
    hide_personal_data: bool = False

    @property
    def any(self) -> bool:
        return self.premoderate or self.hide_links or self.hide_personal_data


def host_of(link: str) -> str:
    """The host of a link as written: "https://www.1177.se/x?y" -> "www.1177.se"."""
    url = link if _SCHEME.match(link) else f"http://{link}"
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").lower()


def domain_allowed(host: str, allowed: Iterable[str]) -> bool:
    return any(host == d or host.endswith(f".{d}") for d in allowed)


def unverified_links(text: str, allowed: Iterable[str]) -> list[str]:
    """The hosts of the links in ``text`` that are not on the allow-list."""
    allowed = tuple(allowed)
    hosts = (host_of(link) for link in find_links(text))
    return [h for h in hosts if not h or not domain_allowed(h, allowed)]


def has_personal_data(text: str) -> bool:
    return any(f.kind != ADDRESS for f in find_personal_data(text))


def hide_rule(text: str | None, rules: HideRules) -> str | None:
    """The rule that hides a new comment with this text on arrival, or None."""
    body = text or ""
    if rules.hide_personal_data and body and has_personal_data(body):
        return "personal_data"
    if rules.hide_links and body and unverified_links(body, rules.allowed_domains):
        return "links"
    if rules.premoderate:
        return "premoderate"
    return None
