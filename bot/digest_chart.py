"""The weekly chart: total followers and engagement rate over the last weeks, as PNG bytes.

matplotlib with the Agg backend (no display); labels in the digest's locale. Pure: data in, bytes
out (deterministic: no timestamps in the PNG metadata).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")  # before pyplot is imported anywhere in this process

from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from bot.digest_data import TrendPoint  # noqa: E402
from bot.i18n import fmt_number, fmt_percent, t  # noqa: E402

FOLLOWERS_COLOUR = "#1f5fa8"
RATE_COLOUR = "#c2571a"


def chart_alt(trend: Sequence[TrendPoint], locale: str) -> str:
    """Alt text that says what the chart shows, in words and numbers."""
    fol = [p.followers for p in trend if p.followers is not None]
    rates = [p.rate for p in trend if p.rate is not None]
    if not fol and not rates:
        return t(locale, "digest.chart.empty")
    missing = t(locale, "digest.missing.value")
    return t(
        locale,
        "digest.chart.alt",
        n=len(trend),
        f0=fmt_number(locale, fol[0]) if fol else missing,
        f1=fmt_number(locale, fol[-1]) if fol else missing,
        r0=fmt_percent(locale, rates[0]) if rates else missing,
        r1=fmt_percent(locale, rates[-1]) if rates else missing,
    )


def render_chart(
    trend: Sequence[TrendPoint], locale: str, target: tuple[float, float] | None = None
) -> bytes:
    """A two-axis line chart (followers left, engagement rate right) as PNG bytes."""
    fig = Figure(figsize=(6.4, 3.2), dpi=80)
    ax = fig.add_subplot()
    xs = list(range(len(trend)))
    labels = [str(p.week_start.isocalendar().week) for p in trend]
    fol = [p.followers if p.followers is not None else float("nan") for p in trend]
    rate = [p.rate if p.rate is not None else float("nan") for p in trend]
    ax.plot(xs, fol, color=FOLLOWERS_COLOUR, marker="o", markersize=3, linewidth=1.8)
    ax.set_ylabel(t(locale, "digest.fig.followers"), color=FOLLOWERS_COLOUR)
    ax.set_xlabel(t(locale, "digest.chart.week"))
    ax.set_xticks(xs, labels)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_number(locale, v)))
    ax.grid(axis="y", alpha=0.3)
    ax2 = ax.twinx()
    if target is not None:
        ax2.axhspan(min(target), max(target), color=RATE_COLOUR, alpha=0.08, linewidth=0)
    ax2.plot(xs, rate, color=RATE_COLOUR, marker="s", markersize=3, linewidth=1.4, linestyle="--")
    ax2.set_ylabel(t(locale, "digest.fig.engagement") + " (%)", color=RATE_COLOUR)
    ax2.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_percent(locale, v, 1)))
    ax2.set_ylim(bottom=0)
    ax.set_title(t(locale, "digest.chart.title", n=len(trend)), fontsize=10)
    fig.subplots_adjust(left=0.14, right=0.86, top=0.88, bottom=0.16)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()
