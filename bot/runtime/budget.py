"""The message budget: how many messages a run delivered, by kind, per team channel per day and
per person per day, and how many channel posts went out outside opening hours.

:func:`count` takes what was sent (any iterable of :class:`Sent`) and an ``is_open`` predicate
(the rotation's opening hours), so the demo, the budget test and an admin's look at a live
outbox count the same way. :func:`table` renders it as plain text in the organisation's language.

The budget the defaults keep (``tests/runtime/test_budget.py`` asserts it over the 14-day demo):
at most :data:`CHANNEL_PER_DAY` posts per team channel on any day, at most :data:`DMS_PER_DAY`
direct messages per person per day, no channel post outside opening hours, and every comment
worth an alert reaching a human (an alert, a grouped list or the morning summary).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.i18n import fmt_weekday_date, t

CHANNEL_PER_DAY = 12
DMS_PER_DAY = 15


@dataclass(frozen=True)
class Sent:
    """One delivered message: a new post (edits in place are not new messages)."""

    kind: str
    target: str  # "channel:<team>" | "user:<person>"
    at: datetime  # aware


@dataclass
class Budget:
    by_kind: Counter[str] = field(default_factory=Counter)
    channel_day: Counter[tuple[str, date]] = field(default_factory=Counter)
    dm_day: Counter[tuple[str, date]] = field(default_factory=Counter)
    outside_hours: list[Sent] = field(default_factory=list)
    edits: int = 0
    # comments worth an alert: how many, how many reached a human, how many still wait for the
    # next opening when the run ends (filled in by whoever knows the comments)
    alert_worthy: int = 0
    reached: int = 0
    waiting: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    @property
    def max_channel_day(self) -> int:
        return max(self.channel_day.values(), default=0)

    @property
    def max_dm_day(self) -> int:
        return max(self.dm_day.values(), default=0)

    @property
    def lost(self) -> int:
        """Comments worth an alert that reached nobody (and are not waiting for an opening)."""
        return self.alert_worthy - self.reached - self.waiting

    def within(self) -> bool:
        return (
            self.max_channel_day <= CHANNEL_PER_DAY
            and self.max_dm_day <= DMS_PER_DAY
            and not self.outside_hours
            and self.lost == 0
        )


def count(
    sent: Iterable[Sent], tz: str, is_open: Callable[[datetime], bool], *, edits: int = 0
) -> Budget:
    """Count ``sent`` posts by kind, per channel per local day, per person per local day, and
    the channel posts made while ``is_open`` says the organisation is closed."""
    zone = ZoneInfo(tz)
    b = Budget(edits=edits)
    for m in sent:
        b.by_kind[m.kind] += 1
        kind, _, who = m.target.partition(":")
        day = m.at.astimezone(zone).date()
        if kind == "channel":
            b.channel_day[(who, day)] += 1
            if not is_open(m.at):
                b.outside_hours.append(m)
        elif kind == "user":
            b.dm_day[(who, day)] += 1
    return b


def table(b: Budget, loc: str) -> str:
    """The budget as plain text: totals by kind, one row per day with each channel's posts and
    the most DMs anyone got, and the verdict."""
    channels = sorted({c for c, _ in b.channel_day})
    days = sorted({d for _, d in b.channel_day} | {d for _, d in b.dm_day})
    dm_top: dict[date, tuple[int, str]] = {}
    for (who, d), n in b.dm_day.items():
        if n > dm_top.get(d, (0, ""))[0]:
            dm_top[d] = (n, who)
    head = [t(loc, "cli.budget.day"), *channels, t(loc, "cli.budget.dm_max")]
    rows = [head]
    for d in days:
        n, who = dm_top.get(d, (0, ""))
        row = [
            fmt_weekday_date(loc, d, days[0]),
            *(str(b.channel_day.get((c, d), 0)) for c in channels),
        ]
        rows.append([*row, f"{n} ({who})" if who else "0"])
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = [t(loc, "cli.budget.title", channel=CHANNEL_PER_DAY, dms=DMS_PER_DAY)]
    for r in rows:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(b.by_kind.items()))
    lines.append(t(loc, "cli.budget.kinds", total=b.total, kinds=kinds, edits=b.edits))
    lines.append(
        t(
            loc,
            "cli.budget.summary",
            channel=b.max_channel_day,
            dms=b.max_dm_day,
            night=len(b.outside_hours),
            worthy=b.alert_worthy,
            reached=b.reached,
            waiting=b.waiting,
        )
    )
    lines.append(t(loc, "cli.budget.ok" if b.within() else "cli.budget.over"))
    return "\n".join(lines)
