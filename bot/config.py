"""vaktbot.yml: one YAML file validated by pydantic. Secrets come only from the environment.

A config error names the file, the key path and what was expected (:class:`ConfigError`).
"""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.i18n import LOCALES
from bot.workdays import SUPPORTED_COUNTRIES, WorkCalendar

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
_DOMAIN = re.compile(r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,24}")


class ConfigError(Exception):
    """Every problem in a config file, each as 'file: key.path: what was expected'."""

    def __init__(self, path: str, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__("\n".join(f"{path}: {p}" for p in problems))


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _false_is(word: str) -> BeforeValidator:
    """YAML 1.1 reads some unquoted words as false (off, NO for Norway): read false as ``word``."""
    return BeforeValidator(lambda v: word if v is False else v)


def parse_time(value: str) -> time:
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", str(value).strip())
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        raise ValueError(f"expected a time like 08:00, got {value!r}")
    return time(int(m[1]), int(m[2]))


def parse_hours(value: Any) -> tuple[tuple[time, time], ...]:
    """ "08:00-17:00" or a list of such ranges, or "closed"/null."""
    if value in (None, "", "closed", False):
        return ()
    ranges = [value] if isinstance(value, str) else list(value)
    out = []
    for r in ranges:
        m = _RANGE.match(str(r).replace(" ", ""))
        if not m:
            raise ValueError(f"expected opening hours like 08:00-17:00, got {r!r}")
        a = parse_time(f"{m[1]}:{m[2]}")
        b = time(0) if f"{m[3]}:{m[4]}" in ("24:00",) else parse_time(f"{m[3]}:{m[4]}")
        if b != time(0) and b <= a:
            raise ValueError(f"opening hours {r!r} end before they start")
        out.append((a, b))
    return tuple(out)


class WeekHours(Strict):
    """Opening hours per weekday, e.g. {mon: "08:00-17:00", sat: closed}."""

    mon: Any = "08:00-17:00"
    tue: Any = "08:00-17:00"
    wed: Any = "08:00-17:00"
    thu: Any = "08:00-17:00"
    fri: Any = "08:00-17:00"
    sat: Any = None
    sun: Any = None

    @model_validator(mode="after")
    def _check(self) -> WeekHours:
        for day in WEEKDAYS:
            parse_hours(getattr(self, day))
        return self

    def weekly(self) -> dict[int, tuple[tuple[time, time], ...]]:
        return {i: parse_hours(getattr(self, d)) for i, d in enumerate(WEEKDAYS)}


def _closed_week() -> WeekHours:
    return WeekHours(mon=None, tue=None, wed=None, thu=None, fri=None)


class ExtendedHoursCfg(Strict):
    name: str = "peak"
    start: date
    end: date
    hours: WeekHours

    @model_validator(mode="after")
    def _order(self) -> ExtendedHoursCfg:
        if self.end < self.start:
            raise ValueError("end is before start")
        return self


class OnCallCfg(Strict):
    hours: WeekHours = Field(default_factory=_closed_week)
    rule: Literal["lead", "roster"] = "lead"
    roster: list[str] = []


class Person(Strict):
    id: str
    name: str
    email: str | None = None
    slack_id: str | None = None
    teams_id: str | None = None  # AAD object id or Teams user id
    locale: str | None = None
    role: Literal["member", "lead", "admin", "manager"] = "member"


class Channel(Strict):
    """Where a team's messages go on each platform."""

    slack: str | None = None  # channel id, e.g. C0123ABC
    teams: str | None = None  # conversation id of the channel (stored at install if omitted)
    console: str | None = None


class AlertRoutes(Strict):
    """Where each kind of alert goes for a team (the defaults keep the message budget of
    bot.runtime.budget): new comments to the on-duty members by DM (``duty``) or to the team
    channel; escalations to the lead by DM or to the channel; deadline reminders to the member
    who claimed the comment (``claimer``, the channel when nobody did) or to the channel; breach
    notices to the channel or to the lead."""

    comment: Literal["duty", "channel"] = "duty"
    escalation: Literal["lead", "channel"] = "lead"
    reminder: Literal["claimer", "channel"] = "claimer"
    breach: Literal["channel", "lead"] = "channel"


class TeamCfg(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,40}$")
    name: str
    lead: str
    members: list[str]
    channel: Channel = Field(default_factory=Channel)
    alerts: AlertRoutes = Field(default_factory=AlertRoutes)
    slack_usergroup: str | None = None  # S0…: kept to the team's people on duty (@vakt-team1)


class HandleCfg(Strict):
    """The on-duty handle in Slack: a user group for "whoever is on duty now" and the team
    channels' topic, kept current at each handoff."""

    slack_usergroup: str | None = None  # S0…: the people on duty now (@vakt)
    topic: bool = False  # each team channel's topic names the team and lead on duty


class RotationCfg(Strict):
    teams: list[str]
    shift_weeks: int = Field(2, ge=1, le=52)
    handoff_weekday: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] = "mon"
    handoff_time: str = "08:00"
    start: date
    opening_hours: WeekHours = Field(default_factory=WeekHours)
    extended_hours: list[ExtendedHoursCfg] = []
    on_call: OnCallCfg | None = None
    editorial_meeting: str | None = None  # daily reminder time, e.g. "08:45"

    @field_validator("handoff_time", "editorial_meeting")
    @classmethod
    def _time(cls, v: str | None) -> str | None:
        if v is not None:
            parse_time(v)
        return v


class AccountCfg(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,60}$")
    platform: Literal["facebook", "instagram", "linkedin", "youtube", "x", "other"]
    external_id: str
    name: str
    team: str | None = None
    poll_minutes: int = Field(10, ge=1, le=1440)
    token_env: str | None = None  # name of the env variable holding this account's token
    # Instagram: "facebook" (a Page token, graph.facebook.com) or "instagram" (Instagram Login,
    # an Instagram user token, graph.instagram.com)
    login: Literal["facebook", "instagram"] = "facebook"
    # moderation rules, applied when a comment arrives (the hide goes to Meta at once)
    premoderate: bool = False  # hide every new comment until a moderator shows it again
    # unverified: links off allowed_domains
    hide_links: Annotated[Literal["off", "unverified"], _false_is("off")] = "off"
    allowed_domains: list[str] = []  # e.g. [1177.se, folkhalsomyndigheten.se]
    hide_personal_data: bool = False  # an identity number, phone number or e-mail address

    @field_validator("allowed_domains")
    @classmethod
    def _domains(cls, v: list[str]) -> list[str]:
        out = []
        for d in v:
            name = str(d).strip().lower().removeprefix("www.").rstrip(".")
            if not _DOMAIN.fullmatch(name):
                raise ValueError(
                    f"{d!r} is not a domain; write it like 1177.se (no https://, no path)"
                )
            out.append(name)
        return out

    @model_validator(mode="after")
    def _login(self) -> AccountCfg:
        if self.login == "instagram" and self.platform != "instagram":
            raise ValueError("login: instagram is only for accounts with platform: instagram")
        rules = [
            name
            for name, on in (
                ("premoderate", self.premoderate),
                ("hide_links", self.hide_links != "off"),
                ("hide_personal_data", self.hide_personal_data),
            )
            if on
        ]
        if rules and self.platform not in ("facebook", "instagram"):
            raise ValueError(
                f"{', '.join(rules)}: vaktbot can hide comments on Facebook and Instagram only, "
                f"not on {self.platform}; remove the rule from this account"
            )
        if self.allowed_domains and self.hide_links == "off":
            raise ValueError(
                "allowed_domains is only used with hide_links: unverified (comments with links "
                "to other domains are hidden); add that or remove allowed_domains"
            )
        return self

    @property
    def hides_automatically(self) -> bool:
        return self.premoderate or self.hide_links != "off" or self.hide_personal_data


class DigestCfg(Strict):
    daily_time: str = "08:00"
    weekly_weekday: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] = "mon"
    weekly_time: str = "08:00"
    managers: list[str] = []  # person ids who get the weekly digest by DM
    management_channel: Channel | None = None
    engagement_target: tuple[float, float] = (5.0, 7.0)
    engagement_formula: Literal["reactions_per_followers", "engagements_per_reach"] = (
        "reactions_per_followers"
    )
    show_author_names: bool = False

    @field_validator("daily_time", "weekly_time")
    @classmethod
    def _time(cls, v: str) -> str:
        parse_time(v)
        return v


class ModerationCfg(Strict):
    response_target: Literal["24h", "next_working_day"] = "24h"
    alert_mode: Literal["all", "round_robin"] = "all"
    escalate_after_minutes: dict[str, int] = {"high": 15, "normal": 60}
    remind_before_deadline_minutes: int = 60
    # escalations, deadline reminders and breach notices to the same recipient within this
    # window make one message, edited in place as more join it
    notice_window_minutes: int = Field(180, ge=1)
    # a comment created longer ago than this when it arrives (a first poll, an import) is not
    # alerted: it is summarised once; None: since the last daily digest
    backfill_hours: int | None = Field(None, ge=1)
    batch_threshold: int = Field(5, ge=1)  # more alerts than this within a minute are grouped
    hate_words: list[str] = []
    troll_words: list[str] = []
    hide_unverified_links: bool = False


class PlanCfg(Strict):
    categories: list[str] = []
    lead_days: list[int] = [14, 7, 1]
    morning_time: str = "09:00"
    # reminders go to the owners by DM ("owner"; the team channel for an item without owners)
    # or to the team channel only ("channel") - never both
    notify: Literal["owner", "channel"] = "owner"
    # an overdue item is reminded this many times (on the next working day, then weekly), and
    # after that only listed in the weekly digest
    overdue_reminders: int = Field(1, ge=0, le=52)


class SourcesCfg(Strict):
    retention_days: int = Field(180, ge=1)


class OrganisationCfg(Strict):
    name: str
    locale: str = "nb"
    timezone: str = "Europe/Oslo"
    country: Annotated[str, _false_is("NO")] = "NO"
    subdivision: str | None = None
    closure_days: list[date] = []

    @field_validator("locale")
    @classmethod
    def _locale(cls, v: str) -> str:
        if v not in LOCALES:
            raise ValueError(f"expected one of {', '.join(LOCALES)}, got {v!r}")
        return v

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {v!r}; expected e.g. Europe/Oslo") from None
        return v

    @field_validator("country")
    @classmethod
    def _country(cls, v: str) -> str:
        if v.upper() not in SUPPORTED_COUNTRIES:
            raise ValueError(f"expected one of {', '.join(SUPPORTED_COUNTRIES)}, got {v!r}")
        return v.upper()


class Config(Strict):
    organisation: OrganisationCfg
    people: list[Person]
    teams: list[TeamCfg]
    rotation: RotationCfg | None = None
    accounts: list[AccountCfg] = []
    digest: DigestCfg = Field(default_factory=DigestCfg)
    moderation: ModerationCfg = Field(default_factory=ModerationCfg)
    handle: HandleCfg = Field(default_factory=HandleCfg)
    plan: PlanCfg = Field(default_factory=PlanCfg)
    sources: SourcesCfg = Field(default_factory=SourcesCfg)
    platform: Literal["console", "slack", "teams"] | None = None  # default: from the environment

    @model_validator(mode="after")
    def _references(self) -> Config:
        problems: list[str] = []
        people = {p.id for p in self.people}
        if len(people) != len(self.people):
            problems.append("people: person ids must be unique")
        team_ids = [t.id for t in self.teams]
        if len(set(team_ids)) != len(team_ids):
            problems.append("teams: team ids must be unique")
        for i, team in enumerate(self.teams):
            for j, m in enumerate(team.members):
                if m not in people:
                    problems.append(f"teams.{i}.members.{j}: unknown person {m!r}")
            if team.lead not in team.members:
                problems.append(f"teams.{i}.lead: {team.lead!r} must be one of the team's members")
        if self.rotation is not None:
            if not self.rotation.teams:
                problems.append("rotation.teams: a rotation needs at least one team")
            for j, tid in enumerate(self.rotation.teams):
                if tid not in team_ids:
                    problems.append(f"rotation.teams.{j}: unknown team {tid!r}")
            problems += _rotation_problems(self.rotation)
            if self.rotation.on_call:
                for j, pid in enumerate(self.rotation.on_call.roster):
                    if pid not in people:
                        problems.append(f"rotation.on_call.roster.{j}: unknown person {pid!r}")
        for i, acc in enumerate(self.accounts):
            if acc.team is not None and acc.team not in team_ids:
                problems.append(f"accounts.{i}.team: unknown team {acc.team!r}")
        for j, pid in enumerate(self.digest.managers):
            if pid not in people:
                problems.append(f"digest.managers.{j}: unknown person {pid!r}")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    # --- lookups ---------------------------------------------------------------------------
    def person(self, pid: str) -> Person | None:
        return next((p for p in self.people if p.id == pid), None)

    def team(self, tid: str) -> TeamCfg | None:
        return next((t for t in self.teams if t.id == tid), None)

    def teams_of(self, pid: str) -> list[TeamCfg]:
        return [t for t in self.teams if pid in t.members]

    def accounts_of(self, tid: str) -> list[AccountCfg]:
        """A team's accounts; accounts without a team belong to every team."""
        return [a for a in self.accounts if a.team in (None, tid)]

    def admins(self) -> list[str]:
        """Who gets notices about the service itself: the admins, else the first team's lead."""
        admins = [p.id for p in self.people if p.role == "admin"]
        if admins:
            return admins
        return [self.teams[0].lead] if self.teams else []

    def work_calendar(self) -> WorkCalendar:
        org = self.organisation
        return WorkCalendar(
            country=org.country,
            subdivision=org.subdivision,
            closure_days=frozenset(org.closure_days),
            tz=org.timezone,
        )

    def locale_of(self, pid: str | None) -> str:
        p = self.person(pid) if pid else None
        return (p.locale if p and p.locale else None) or self.organisation.locale


def _rotation_problems(rc: RotationCfg) -> list[str]:
    """What the rotation itself would refuse at start, said with the key and a way out."""
    problems: list[str] = []
    start_day = WEEKDAYS[rc.start.weekday()]
    if start_day != rc.handoff_weekday:
        days_back = (rc.start.weekday() - WEEKDAYS.index(rc.handoff_weekday)) % 7
        earlier = date.fromordinal(rc.start.toordinal() - days_back)
        problems.append(
            f"rotation.start: {rc.start} is a {_DAY_NAMES[start_day]}, but handoffs are on "
            f"{_DAY_NAMES[rc.handoff_weekday]}s (rotation.handoff_weekday); the first shift "
            f"must start on a handoff day, e.g. {earlier}"
        )
    for day in ("sat", "sun"):
        if parse_hours(getattr(rc.opening_hours, day)):
            problems.append(
                f"rotation.opening_hours.{day}: weekends and public holidays have no opening "
                f"hours; watch them with rotation.on_call.hours.{day} (urgent alerts to the "
                "person on call) or an extended_hours period with dates"
            )
    if rc.on_call is not None and rc.on_call.rule == "roster" and not rc.on_call.roster:
        problems.append(
            "rotation.on_call.roster: rule 'roster' needs the people who take on-call in turn "
            "(a list of person ids), or use rule: lead"
        )
    ordered = sorted(enumerate(rc.extended_hours), key=lambda e: e[1].start)
    for (_, a), (j, b) in zip(ordered, ordered[1:], strict=False):
        if b.start <= a.end:
            problems.append(
                f"rotation.extended_hours.{j}: {b.name} ({b.start}) overlaps {a.name} "
                f"({a.start} - {a.end}); periods must not overlap"
            )
    return problems


_DAY_NAMES = dict(
    zip(
        WEEKDAYS,
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        strict=True,
    )
)


def _key_path(loc: tuple[Any, ...]) -> str:
    return ".".join(str(x) for x in loc if not str(x).startswith("function-")) or "(top level)"


def _describe(err: Any) -> str:
    msg = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "missing":
        return "is required but missing"
    if err["type"] == "extra_forbidden":
        return "is not a known setting (check the spelling)"
    return msg


class _TextDatesLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates and times as text: pydantic parses them where a date is
    expected and names the key when one is impossible (2026-02-31)."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_config(path: str | Path) -> Config:
    """Read and validate a config file; raise ConfigError listing every problem."""
    p = Path(path)
    if not p.exists():
        raise ConfigError(str(p), ["file not found (copy examples/vaktbot.yml to start)"])
    try:
        raw = yaml.load(p.read_text(encoding="utf-8"), Loader=_TextDatesLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise ConfigError(
            str(p), [f"{where}not valid YAML ({getattr(exc, 'problem', exc)})"]
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(str(p), ["not a UTF-8 text file"]) from None
    if not isinstance(raw, dict):
        raise ConfigError(str(p), ["expected a mapping with organisation, people and teams"])
    try:
        return Config.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = _key_path(err["loc"])
            if err["type"] == "value_error" and loc == "(top level)":
                problems.extend(str(err["msg"]).removeprefix("Value error, ").split("\n"))
            else:
                problems.append(f"{loc}: {_describe(err)}")
        raise ConfigError(str(p), problems) from None
