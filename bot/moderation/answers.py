"""Saved answers: replies a team gives again and again, per team and language (nb, sv, en),
with placeholders ``{first_name}`` (the asker's first name), ``{link}`` (the answer's link) and
``{account}`` (the account's name). Validated when they are saved (``/vakt answers add``), filled
in when the Reply form opens."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.i18n import LOCALES
from bot.store.models import SavedAnswer
from bot.store.upsert import insert_for

PLACEHOLDERS = ("first_name", "link", "account")
MAX_TEXT = 2000  # far below the platforms' limits; a reply is a short public text
MAX_NAME = 40
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_SPACE_BEFORE_STOP = re.compile(r"[ \t]+([,.!?;:])")
_SPACES = re.compile(r"[ \t]{2,}")


@dataclass(frozen=True)
class Problem:
    """Why an answer was not saved: a text key (moderation.answers.problem.*) and its value."""

    key: str
    value: str = ""


def first_name(author_name: str | None) -> str:
    """ "Kari Nordmann" -> "Kari"; "@kari_n" -> "kari_n"; nothing when unknown."""
    parts = (author_name or "").strip().lstrip("@").split()
    return parts[0] if parts else ""


def fill(text: str, *, first: str, link: str | None, account: str) -> str:
    """The answer with its placeholders filled in; a missing first name leaves no gap
    ("Hei {first_name}!" -> "Hei!")."""
    values = {"first_name": first, "link": link or "", "account": account}
    out = _PLACEHOLDER.sub(lambda m: values.get(m.group(1).strip(), m.group(0)), text)
    out = _SPACE_BEFORE_STOP.sub(r"\1", out)
    return _SPACES.sub(" ", out).strip()


def check(name: str, locale: str, text: str, link: str | None) -> Problem | None:
    """The first problem with an answer to be saved, or None."""
    if not name or len(name) > MAX_NAME or ";" in name:
        return Problem("name", name)
    if locale not in LOCALES:
        return Problem("locale", locale)
    if not text.strip() or len(text) > MAX_TEXT:
        return Problem("text", str(MAX_TEXT))
    for m in _PLACEHOLDER.finditer(text):
        if m.group(1).strip() not in PLACEHOLDERS:
            return Problem("placeholder", m.group(0))
    if link and not re.fullmatch(r"https://[^\s<>\"]+", link):
        return Problem("link", link)
    if "{link}" in text.replace(" ", "") and not link:
        return Problem("link_missing")
    return None


def answers_for(session: Session, teams: set[str] | None) -> list[SavedAnswer]:
    """The saved answers of ``teams`` (None: every team), by name and language."""
    q = select(SavedAnswer).order_by(SavedAnswer.team, SavedAnswer.name, SavedAnswer.locale)
    if teams is not None:
        q = q.where(SavedAnswer.team.in_(sorted(teams)))
    return list(session.scalars(q))


def save_answer(
    session: Session,
    *,
    team: str,
    name: str,
    locale: str,
    text: str,
    link: str | None,
    person: str,
    now: datetime,
) -> None:
    """Add an answer, or replace the one with the same team, name and language."""
    ins = insert_for(session, SavedAnswer)
    row = {
        "team": team,
        "name": name,
        "locale": locale,
        "text": text,
        "link": link,
        "updated_at": now,
        "updated_by": person,
    }
    session.execute(
        ins.values(**row).on_conflict_do_update(
            index_elements=["team", "name", "locale"],
            set_={"text": text, "link": link, "updated_at": now, "updated_by": person},
        )
    )


def remove_answer(session: Session, team: str, name: str, locale: str | None = None) -> int:
    q = delete(SavedAnswer).where(SavedAnswer.team == team, SavedAnswer.name == name)
    if locale:
        q = q.where(SavedAnswer.locale == locale)
    res = session.execute(q)
    return int(getattr(res, "rowcount", 0) or 0)
