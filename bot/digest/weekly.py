"""The weekly manager digest: this week against last week and the same week last quarter. Pure.

Attachments: a PNG chart (followers and engagement rate over the last 12 weeks) and a CSV of the
figures per account.
"""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Callable
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.digest.chart import chart_alt, render_chart
from bot.digest.daily import (
    capped,
    deadline_blocks,
    duty_blocks,
    figure_parts,
    period_label,
    post_line,
    rate_text,
)
from bot.digest.model import AccountWeeks, Engagement, PeriodStats, WeeklyData
from bot.i18n import fmt_duration, fmt_number, fmt_percent, fmt_signed, plural, t
from bot.messages.model import (
    Attachment,
    Block,
    Context,
    Divider,
    Facts,
    Header,
    Image,
    ListBlock,
    Message,
    Section,
)

CHART_NAME = "vaktbot-weekly.png"
CSV_NAME = "vaktbot-weekly.csv"


def week_label(locale: str, stats: PeriodStats) -> str:
    if stats.first.weekday() == 0 and (stats.last - stats.first).days == 6:
        return t(locale, "digest.week", n=stats.first.isocalendar().week)
    return period_label(locale, stats.first, stats.last, stats.last)


def _pct_change(locale: str, now: float | None, then: float | None) -> str:
    if now is None or then is None or then == 0:
        return "–"
    return fmt_signed(locale, (now - then) / abs(then) * 100, 1).rstrip() + " %"


def _points(locale: str, now: float | None, then: float | None) -> str:
    if now is None or then is None:
        return "–"
    delta = now - then
    sign = fmt_signed(locale, delta, 1)[0]
    return plural(locale, "digest.cmp.points", abs(delta), digits=1, sign=sign)


Getter = Callable[[PeriodStats], float | None]
# figures that not every platform reports: shown only when some week has them
OPTIONAL = frozenset(
    {
        "digest.fig.followers",
        "digest.fig.new_follows",
        "digest.fig.reach",
        "digest.fig.views",
        "digest.fig.interactions",
    }
)


def _metrics(eng: Engagement) -> list[tuple[str, Getter, str]]:
    """(label key, getter, kind) where kind is "count", "rate" (percent) or "hours"."""

    def fig(name: str) -> Getter:
        return lambda s: getattr(s.figures, name) if s.figures is not None else None

    return [
        ("digest.fig.followers", fig("followers"), "count"),
        ("digest.fig.new_follows", fig("new_follows"), "count"),
        ("digest.fig.reach", fig("reach"), "count"),
        ("digest.fig.views", fig("views"), "count"),
        ("digest.fig.interactions", fig("interactions"), "count"),
        (
            "digest.fig.engagement",
            lambda s: s.figures.rate(eng.formula) if s.figures else None,
            "rate",
        ),
        ("digest.fig.comments", lambda s: s.comments, "count"),
        ("digest.fig.compliance", lambda s: s.response.share, "rate"),
        ("digest.fig.median", lambda s: s.response.median_seconds, "hours"),
    ]


def _value(locale: str, value: float | None, kind: str) -> str:
    if value is None:
        return t(locale, "digest.missing.value")
    if kind == "rate":
        return fmt_percent(locale, value)
    if kind == "hours":
        return fmt_duration(locale, timedelta(seconds=value))
    return fmt_number(locale, value)


def _comparison(locale: str, w: AccountWeeks, eng: Engagement) -> Facts:
    items = []
    for key, get, kind in _metrics(eng):
        now, last, qago = get(w.this), get(w.last), get(w.quarter_ago)
        if kind == "count" and key in OPTIONAL and now is None and last is None and qago is None:
            continue  # a figure no source reports is left out, not listed as missing
        delta = _points if kind == "rate" else _pct_change
        value = _value(locale, now, kind)
        if key == "digest.fig.engagement" and w.this.figures is not None:
            value = rate_text(locale, eng, w.this.figures)
        elif key == "digest.fig.compliance" and now is None:
            value = t(locale, "digest.missing.nothing_due")
        elif key == "digest.fig.median" and now is None:
            value = t(locale, "digest.missing.no_answers")
        cmp = [
            t(
                locale,
                "digest.cmp.last",
                value=_value(locale, last, kind),
                delta=delta(locale, now, last),
            ),
            t(
                locale,
                "digest.cmp.quarter",
                value=_value(locale, qago, kind),
                delta=delta(locale, now, qago),
            ),
        ]
        items.append((t(locale, key), f"{value}\n{' · '.join(cmp)}"))
    return Facts(tuple(items))


def _account_lines(locale: str, d: WeeklyData) -> list[str]:
    span = period_label(locale, d.total.this.first, d.total.this.last, d.total.this.last)
    lines = []
    for a in d.accounts:
        fig = a.this.figures
        if fig is None or not fig.reported:
            lines.append(t(locale, "digest.missing.period", name=a.name, span=span))
            continue
        parts = figure_parts(locale, fig, d.engagement)
        parts.append(f"{t(locale, 'digest.fig.comments')} {fmt_number(locale, a.this.comments)}")
        lines.append(t(locale, "digest.account.week", name=a.name, parts=" · ".join(parts)))
    return lines


def figures_csv(locale: str, d: WeeklyData) -> bytes:
    """One row per account (and the total) per compared week; numbers unformatted."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(stats_header(locale))
    for col, attr in (
        ("digest.col.this", "this"),
        ("digest.col.last_week", "last"),
        ("digest.col.quarter_ago", "quarter_ago"),
    ):
        for a in (*d.accounts, d.total):
            s: PeriodStats = getattr(a, attr)
            w.writerow(
                stats_row(t(locale, col), a.name or t(locale, "digest.total"), s, d.engagement)
            )
    return buf.getvalue().encode("utf-8-sig")


# the columns of :func:`stats_row`: the translation keys of the header
STATS_COLUMNS = (
    "digest.col.period",
    "digest.col.first",
    "digest.col.last",
    "digest.col.account",
    "digest.fig.followers",
    "digest.col.change",
    "digest.fig.new_follows",
    "digest.fig.reach",
    "digest.fig.views",
    "digest.fig.interactions",
    "digest.fig.posts",
    "digest.fig.engagement",
    "digest.fig.comments",
    "digest.fig.compliance",
    "digest.col.median_hours",
)
_PERCENT = {"digest.fig.engagement", "digest.fig.compliance"}


def stats_header(locale: str) -> list[str]:
    """The header row of a table of :func:`stats_row` rows (CSV, XLSX, Markdown)."""
    return [t(locale, key) + (" (%)" if key in _PERCENT else "") for key in STATS_COLUMNS]


def stats_row(period: str, name: str, s: PeriodStats, eng: Engagement) -> list[object]:
    f = s.figures

    def v(x: float | None, digits: int | None = None) -> object:
        if x is None:
            return ""
        return round(x, digits) if digits is not None else x

    rate = f.rate(eng.formula) if f else None
    med = s.response.median_seconds
    return [
        period,
        s.first.isoformat(),
        s.last.isoformat(),
        name,
        v(f.followers if f else None),
        v(f.followers_change if f else None),
        v(f.new_follows if f else None),
        v(f.reach if f else None),
        v(f.views if f else None),
        v(f.interactions if f else None),
        v(f.posts if f else None),
        v(rate, 2),
        s.comments,
        v(s.response.share, 1),
        v(med / 3600 if med is not None else None, 2),
    ]


def weekly_text(d: WeeklyData) -> str:
    loc = d.locale
    fig = d.total.this.figures
    rate = fig.rate(d.engagement.formula) if fig else None
    return t(
        loc,
        "digest.weekly.text",
        scope=d.scope_name,
        period=week_label(loc, d.total.this),
        comments=plural(loc, "digest.n_comments", d.total.this.comments),
        rate=fmt_percent(loc, rate) if rate is not None else t(loc, "digest.missing.value"),
    )


def build_weekly(d: WeeklyData, *, chart: bool = True) -> Message:
    """The weekly manager digest (with a PNG chart and a CSV attachment)."""
    loc, tz = d.locale, ZoneInfo(d.tz)
    today = d.total.this.last + timedelta(days=1)
    span = period_label(loc, d.total.this.first, d.total.this.last, today)
    blocks: list[Block] = [
        Header(t(loc, "digest.weekly.header", scope=d.scope_name)),
        Context(
            t(
                loc,
                "digest.weekly.context",
                period=week_label(loc, d.total.this),
                span=span,
            )
        ),
        _comparison(loc, d.total, d.engagement),
        Context(
            t(loc, f"digest.formula.{d.engagement.formula}")
            + " · "
            + t(loc, f"digest.target.{d.response_rule}")
        ),
    ]
    lines = _account_lines(loc, d)
    if not d.accounts:
        blocks.append(Section(t(loc, "digest.no_accounts", team=d.scope_name)))
    if lines:
        blocks.append(capped(lines, t(loc, "digest.accounts.title")))
    if d.top_posts:
        top = []
        for p in d.top_posts[:3]:
            comments = plural(loc, "digest.n_comments", p.comments)
            line = post_line(loc, "digest.top.line", p.text, p.permalink, p.account_name, comments)
            if p.interactions is not None:
                line += ", " + plural(loc, "digest.n_interactions", p.interactions)
            top.append(line)
        blocks.append(ListBlock(tuple(top), title=t(loc, "digest.top.title")))
    else:
        blocks.append(Context(t(loc, "digest.top.none")))
    attachments: list[Attachment] = []
    if chart:
        png = render_chart(d.trend, loc, d.engagement.target)
        title = t(loc, "digest.chart.title", weeks=plural(loc, "digest.last_weeks", len(d.trend)))
        attachments.append(
            Attachment(CHART_NAME, "image/png", base64.b64encode(png).decode(), title)
        )
        blocks.append(Image(alt=chart_alt(d.trend, loc), attachment=CHART_NAME, title=title))
    attachments.append(
        Attachment(
            CSV_NAME,
            "text/csv",
            base64.b64encode(figures_csv(loc, d)).decode(),
            t(loc, "digest.csv.title"),
        )
    )
    blocks.append(Divider())
    blocks += duty_blocks(loc, d.duty, tz, today)
    blocks += deadline_blocks(loc, d.deadlines, 28, today)
    return Message(
        text=weekly_text(d),
        blocks=tuple(blocks),
        attachments=tuple(attachments),
        locale=loc,
        tz=d.tz,
    )


__all__ = [
    "build_weekly",
    "figures_csv",
    "stats_header",
    "stats_row",
    "week_label",
    "weekly_text",
]
