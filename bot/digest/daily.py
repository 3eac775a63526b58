"""The daily team digest: plain data in (bot.digest.model), a neutral Message out. Pure.

Comment text appears only as a short excerpt that has passed the redactor; author names only when
the team has turned ``digest.show_author_names`` on. Missing figures are named, never NaN.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.digest.model import AccountDaily, DailyData, Engagement, Figures, add_figures
from bot.duty.model import DutySummary
from bot.i18n import (
    fmt_date,
    fmt_datetime,
    fmt_number,
    fmt_percent,
    fmt_signed,
    fmt_span,
    fmt_weekday_date,
    plural,
    t,
)
from bot.messages.markup import link as markup_link
from bot.messages.markup import quote
from bot.messages.model import Block, Context, Divider, Facts, Header, ListBlock, Message, Section
from bot.metrics import band
from bot.plan.model import DeadlineLine
from bot.privacy.redact import excerpt as redacted_excerpt

LIST_LIMIT = 8  # items per list before "… and N more"
EXCERPT_LIMIT = 100


# --- shared helpers (also used by the weekly digest and reports) ----------------------------


def excerpt(text: str | None, locale: str, limit: int = EXCERPT_LIMIT) -> str:
    """A short, redacted excerpt as markup (outside text: it can never become a token)."""
    if not text:
        return ""
    return quote(redacted_excerpt(text, limit=limit, locale=locale))


def link(url: str | None, label: str) -> str:
    """A link to a post or comment on its platform; ``label`` is markup already (an excerpt)."""
    return markup_link(url, html.unescape(label).replace("*", ""))


def post_line(
    locale: str, key: str, text: str | None, permalink: str | None, account: str, comments: str
) -> str:
    """The line ``key`` naming a post by a linked excerpt of its ``text``, with its account and
    ``comments`` (a count already in words)."""
    label = excerpt(text, locale, 60) or t(locale, "digest.post.no_text")
    return t(locale, key, post=link(permalink, label), account=account, comments=comments)


def num(locale: str, value: float | None, digits: int = 0) -> str:
    return t(locale, "digest.missing.value") if value is None else fmt_number(locale, value, digits)


def change_text(locale: str, value: int | None) -> str:
    return "" if value is None else f" ({fmt_signed(locale, value)})"


def rate_text(locale: str, eng: Engagement, figures: Figures | None) -> str:
    """The engagement rate against the target band, or why it cannot be calculated."""
    rate, where = eng.judge(figures)
    if rate is None or where is None:
        if figures is not None and eng.formula == "reactions_per_followers":
            if figures.followers == 0:
                return t(locale, "digest.rate.zero_followers")
        if figures is not None and eng.formula == "engagements_per_reach" and not figures.reach:
            return t(locale, "digest.rate.no_reach")
        return t(locale, "digest.rate.missing")
    low, high = min(eng.target), max(eng.target)
    # the verdict matches the figure as shown: 4,96 % reads "5,0 %", which is within 5–7 %
    where = band(round(rate, 1), eng.target) or where
    return t(
        locale,
        f"digest.band.{where}",
        rate=fmt_percent(locale, rate),
        low=fmt_number(locale, low, 0 if low == int(low) else 1),
        high=fmt_percent(locale, high, 0 if high == int(high) else 1),
    )


# the counted figures a message shows, in order (followers, with their change, comes first)
SHOWN = (
    ("digest.fig.new_follows", "new_follows"),
    ("digest.fig.reach", "reach"),
    ("digest.fig.views", "views"),
    ("digest.fig.interactions", "interactions"),
    ("digest.fig.posts", "posts"),
)


def figure_items(locale: str, fig: Figures) -> list[tuple[str, str]]:
    """(label, value) of every figure that is reported; the ones no source gave are left out,
    so a platform with figures never reads "not reported"."""
    items = []
    if fig.followers is not None:
        items.append(
            (
                t(locale, "digest.fig.followers"),
                fmt_number(locale, fig.followers) + change_text(locale, fig.followers_change),
            )
        )
    for key, name in SHOWN:
        value = getattr(fig, name)
        if value is not None:
            items.append((t(locale, key), fmt_number(locale, value)))
    return items


def figure_parts(locale: str, fig: Figures, eng: Engagement | None) -> list[str]:
    parts = [f"{label} {value}" for label, value in figure_items(locale, fig)]
    if eng is not None:
        parts.append(f"{t(locale, 'digest.fig.engagement')} {rate_text(locale, eng, fig)}")
    return parts


def capped(items: Sequence[str], title: str | None = None, limit: int = LIST_LIMIT) -> ListBlock:
    return ListBlock(tuple(items[:limit]), title=title, more=max(0, len(items) - limit))


def duty_blocks(
    locale: str, duty: DutySummary | None, tz: ZoneInfo, today: date | None = None
) -> list[Block]:
    if duty is None:
        return [Section(f"{t(locale, 'digest.duty.title')}\n{t(locale, 'digest.duty.none')}")]
    lines = [t(locale, "digest.duty.line", team=duty.team_name, lead=duty.lead_name)]
    if duty.members:
        lines.append(", ".join(duty.members))
    if duty.on_call_name and duty.mode == "on_call":
        lines.append(t(locale, "digest.duty.on_call", name=duty.on_call_name))
    if duty.shift_end is not None:
        when = fmt_datetime(locale, duty.shift_end.astimezone(tz), today)
        lines.append(t(locale, "digest.duty.shift_end", when=when))
    return [Section(t(locale, "digest.duty.title") + "\n" + "\n".join(lines))]


def deadline_blocks(
    locale: str, deadlines: Sequence[DeadlineLine], days: int, today: date | None = None
) -> list[Block]:
    if not deadlines:
        return [Context(plural(locale, "digest.deadlines.none", days))]
    lines = []
    for d in sorted(deadlines, key=lambda x: (x.due, x.title)):
        line = f"{fmt_weekday_date(locale, d.due, today)}: "
        line += quote(d.title)
        if d.owners:
            line += f" ({', '.join(d.owners)})"
        if d.status in ("done", "skipped"):
            line += f" – {t(locale, f'digest.deadline.{d.status}')}"
        elif today is not None and d.due < today:
            line += f" – {t(locale, 'digest.deadline.overdue')}"
        lines.append(line)
    return [capped(lines, plural(locale, "digest.deadlines.title", days))]


def period_label(locale: str, first: date, last: date, today: date | None = None) -> str:
    """ "30. des.–3. jan.", "7.–13. des.", "8. des." for one day."""
    return fmt_span(locale, first, last, today)


def local(dt: datetime, tz: str) -> datetime:
    return dt.astimezone(ZoneInfo(tz))


# --- the daily digest -----------------------------------------------------------------------


def _comment_blocks(d: DailyData) -> list[Block]:
    loc, tz = d.locale, ZoneInfo(d.tz)
    today = d.now.astimezone(tz).date()
    total = d.total_comments
    facts = [
        (t(loc, "digest.fact.new"), fmt_number(loc, total.new)),
        (t(loc, "digest.fact.unanswered"), fmt_number(loc, total.unanswered)),
    ]
    if total.oldest_unanswered is not None and total.oldest_deadline is not None:
        overdue = d.now > total.oldest_deadline
        facts.append(
            (
                t(loc, "digest.fact.oldest"),
                t(
                    loc,
                    "digest.oldest.overdue" if overdue else "digest.oldest.due",
                    created=fmt_datetime(loc, total.oldest_unanswered.astimezone(tz), today),
                    due=fmt_datetime(loc, total.oldest_deadline.astimezone(tz), today),
                ),
            )
        )
    if total.personal_data or total.hate:
        facts.append(
            (
                t(loc, "digest.fact.flagged"),
                t(
                    loc,
                    "digest.flagged.value",
                    pd=fmt_number(loc, total.personal_data),
                    hate=fmt_number(loc, total.hate),
                ),
            )
        )
    blocks: list[Block] = [Section(t(loc, "digest.comments.title")), Facts(tuple(facts))]
    if len(d.accounts) > 1:
        lines = []
        for a in d.accounts:
            c = a.comments
            line = t(
                loc,
                "digest.account.comments",
                name=a.name,
                new=plural(loc, "digest.n_new_short", c.new),
                open=plural(loc, "digest.n_open", c.unanswered),
            )
            if c.personal_data + c.hate:
                line += ", " + plural(loc, "digest.account.flagged", c.personal_data + c.hate)
            lines.append(line)
        blocks.append(capped(lines, t(loc, "digest.accounts.title")))
    if d.threads:
        lines = []
        for th in d.threads:
            comments = plural(loc, "digest.n_new", th.comments)
            line = post_line(
                loc, "digest.thread.line", th.post_text, th.permalink, th.account_name, comments
            )
            text = excerpt(th.latest_text, loc)
            if text:
                if d.show_author_names and th.latest_author:
                    line += " – " + t(
                        loc, "digest.thread.latest_by", author=quote(th.latest_author), text=text
                    )
                else:
                    line += " – " + t(loc, "digest.thread.latest", text=text)
            lines.append(line)
        blocks.append(capped(lines, t(loc, "digest.threads.title")))
    elif total.new == 0:
        blocks.append(Context(t(loc, "digest.no_comments")))
    return blocks


def _figure_blocks(d: DailyData) -> list[Block]:
    loc = d.locale
    today = local(d.now, d.tz).date()
    span = period_label(loc, d.first, d.last, today)
    one_day = d.first == d.last
    title = (
        t(loc, "digest.figures.yesterday")
        if one_day and d.last == local(d.now, d.tz).date() - timedelta(days=1)
        else t(loc, "digest.figures.period", span=span)
    )
    lines = []
    for a in d.accounts:
        if a.figures is None or not a.figures.reported:
            key = "digest.missing.yesterday" if one_day else "digest.missing.period"
            lines.append(t(loc, key, name=a.name, span=span))
        else:
            lines.append(f"{a.name}: " + " · ".join(figure_parts(loc, a.figures, None)))
    blocks: list[Block] = [Section(title)]
    total = add_figures([a.figures for a in d.accounts if a.figures], a_days(d))
    if total is not None and len(d.accounts) > 1:
        blocks.append(capped(lines))
        blocks.append(
            Section(f"*{t(loc, 'digest.total')}*: " + " · ".join(figure_parts(loc, total, None)))
        )
    else:
        blocks.append(capped(lines))
    week = add_figures([a.week for a in d.accounts if a.week], 7)
    blocks.append(Facts(((t(loc, "digest.fig.engagement7"), rate_text(loc, d.engagement, week)),)))
    blocks.append(
        Context(
            t(loc, f"digest.formula.{d.engagement.formula}")
            + " · "
            + t(loc, f"digest.target.{d.response_rule}")
        )
    )
    return blocks


def a_days(d: DailyData) -> int:
    return (d.last - d.first).days + 1


def daily_text(d: DailyData) -> str:
    loc = d.locale
    return t(
        loc,
        "digest.daily.text",
        team=d.team_name,
        new=plural(loc, "digest.n_new", d.total_comments.new),
        open=plural(loc, "digest.n_open", d.total_comments.unanswered),
    )


def build_daily(d: DailyData) -> Message:
    """The morning digest for one team as a neutral Message."""
    loc, tz = d.locale, ZoneInfo(d.tz)
    today = d.now.astimezone(tz)
    blocks: list[Block] = [
        Header(t(loc, "digest.daily.header", team=d.team_name)),
        Context(
            t(
                loc,
                "digest.daily.since",
                date=fmt_date(loc, today, "full"),
                since=fmt_datetime(loc, d.since.astimezone(tz), today.date()),
            )
        ),
    ]
    if not d.accounts:
        blocks.append(Section(t(loc, "digest.no_accounts", team=d.team_name)))
    else:
        blocks += _comment_blocks(d)
        blocks.append(Divider())
        blocks += _figure_blocks(d)
    blocks.append(Divider())
    blocks += duty_blocks(loc, d.duty, tz, today.date())
    blocks += deadline_blocks(loc, d.deadlines, 7, today.date())
    return Message(text=daily_text(d), blocks=tuple(blocks), locale=loc, tz=d.tz)


__all__ = ["AccountDaily", "build_daily", "daily_text"]
