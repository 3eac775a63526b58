"""The weekly chart: total followers and engagement rate over the last weeks, as PNG bytes.

matplotlib with the Agg backend (no display); labels in the digest's locale. Pure: data in, bytes
out (deterministic: no timestamps in the PNG metadata).

The chart is drawn with a handful of figure-level artists (two data lines, a target band, one
collection for the frame, grid and tick marks, and the labels) instead of two twinned ``Axes``:
an ``Axes`` builds dozens of tick, spine and layout objects per render, which made the chart the
most expensive part of the weekly digest (about 100 ms; this way it is a few milliseconds).
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")  # before pyplot is imported anywhere in this process

from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from bot.digest.model import TrendPoint  # noqa: E402
from bot.i18n import fmt_number, fmt_percent, plural, t  # noqa: E402

FOLLOWERS_COLOUR = "#1f5fa8"
RATE_COLOUR = "#c2571a"
GRID_COLOUR = "#d9d9d9"
TEXT_COLOUR = "#222222"

WIDTH, HEIGHT, DPI = 6.4, 3.2, 80
# the plot area in figure fractions: room on the left and right for the two value scales
LEFT, RIGHT, BOTTOM, TOP = 0.17, 0.83, 0.16, 0.86
X_MARGIN = 0.04  # of the plot width, so the first and last markers are not cut
TICK = 0.012  # tick mark length (figure fraction of the width)


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
        weeks=plural(locale, "digest.n_weeks", len(trend)),
        f0=fmt_number(locale, fol[0]) if fol else missing,
        f1=fmt_number(locale, fol[-1]) if fol else missing,
        r0=fmt_percent(locale, rates[0]) if rates else missing,
        r1=fmt_percent(locale, rates[-1]) if rates else missing,
    )


def scale_ticks(
    values: Sequence[float], *, from_zero: bool = False, integer: bool = False
) -> list[float]:
    """Up to six "nice" tick values covering ``values`` (NaN ignored; whole numbers only if
    ``integer``); the first and last tick are the ends of the scale."""
    finite = [v for v in values if not math.isnan(v)]
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 1.0)
    if from_zero:
        lo = min(lo, 0.0)
    if hi <= lo:  # one value (or all equal): a scale around it
        pad = max(abs(hi) * 0.05, 1.0) if integer else (abs(hi) * 0.05 or 1.0)
        lo, hi = (lo - pad if not from_zero or lo - pad >= 0 else 0.0), hi + pad
    ticks = [float(v) for v in MaxNLocator(5, integer=integer).tick_values(lo, hi)]
    while len(ticks) > 2 and ticks[1] <= lo:  # the locator may add a step below or above
        ticks.pop(0)
    while len(ticks) > 2 and ticks[-2] >= hi:
        ticks.pop()
    ticks[0], ticks[-1] = min(ticks[0], lo), max(ticks[-1], hi)  # float noise of the steps
    return ticks


def _mapper(ticks: Sequence[float]) -> Callable[[float], float]:
    lo, hi = ticks[0], ticks[-1]
    span = (hi - lo) or 1.0
    return lambda v: BOTTOM + (v - lo) / span * (TOP - BOTTOM)


def _x_positions(n: int) -> list[float]:
    width = RIGHT - LEFT
    if n <= 1:
        return [LEFT + width / 2] * n
    inner = width * (1 - 2 * X_MARGIN)
    return [LEFT + width * X_MARGIN + inner * i / (n - 1) for i in range(n)]


def render_chart(
    trend: Sequence[TrendPoint], locale: str, target: tuple[float, float] | None = None
) -> bytes:
    """A two-scale line chart (followers left, engagement rate right) as PNG bytes."""
    fig = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
    nan = float("nan")
    xs = _x_positions(len(trend))
    fol = [float(p.followers) if p.followers is not None else nan for p in trend]
    rate = [p.rate if p.rate is not None else nan for p in trend]
    f_ticks = scale_ticks(fol, integer=True)
    band = (min(target), max(target)) if target is not None else None
    r_ticks = scale_ticks(rate + list(band or ()), from_zero=True)
    fy, ry = _mapper(f_ticks), _mapper(r_ticks)

    segments = [[(LEFT, fy(v)), (RIGHT, fy(v))] for v in f_ticks[1:-1]]  # grid
    grid = LineCollection(segments, colors=GRID_COLOUR, linewidths=0.8)
    marks = [[(LEFT - TICK, fy(v)), (LEFT, fy(v))] for v in f_ticks]
    marks += [[(RIGHT, ry(v)), (RIGHT + TICK, ry(v))] for v in r_ticks]
    marks += [[(x, BOTTOM), (x, BOTTOM - TICK * 2)] for x in xs]
    frame = [
        [(LEFT, BOTTOM), (RIGHT, BOTTOM), (RIGHT, TOP), (LEFT, TOP), (LEFT, BOTTOM)],
        *marks,
    ]
    if band is not None:
        fig.add_artist(
            Rectangle(
                (LEFT, ry(band[0])),
                RIGHT - LEFT,
                ry(band[1]) - ry(band[0]),
                facecolor=RATE_COLOUR,
                alpha=0.08,
                linewidth=0,
            )
        )
    fig.add_artist(grid)
    fig.add_artist(LineCollection(frame, colors=TEXT_COLOUR, linewidths=0.8))
    fig.add_artist(
        Line2D(xs, [fy(v) for v in fol], color=FOLLOWERS_COLOUR, marker="o", markersize=3,
               linewidth=1.8)
    )  # fmt: skip
    fig.add_artist(
        Line2D(xs, [ry(v) for v in rate], color=RATE_COLOUR, marker="s", markersize=3,
               linewidth=1.4, linestyle="--")
    )  # fmt: skip

    small: dict[str, Any] = {"fontsize": 8, "color": TEXT_COLOUR}
    for v in f_ticks:
        fig.text(LEFT - TICK * 1.5, fy(v), fmt_number(locale, v), ha="right", va="center", **small)
    for v in r_ticks:
        label = fmt_percent(locale, v, 1)
        fig.text(RIGHT + TICK * 1.5, ry(v), label, ha="left", va="center", **small)
    for x, p in zip(xs, trend, strict=True):
        week = str(p.week_start.isocalendar().week)
        fig.text(x, BOTTOM - TICK * 2.5, week, ha="center", va="top", **small)
    fig.text((LEFT + RIGHT) / 2, 0.01, t(locale, "digest.chart.week"), ha="center", va="bottom",
             fontsize=9, color=TEXT_COLOUR)  # fmt: skip
    fig.text(0.01, (BOTTOM + TOP) / 2, t(locale, "digest.fig.followers"), rotation=90,
             ha="left", va="center", fontsize=9, color=FOLLOWERS_COLOUR)  # fmt: skip
    fig.text(0.99, (BOTTOM + TOP) / 2, t(locale, "digest.fig.engagement") + " (%)", rotation=90,
             ha="right", va="center", fontsize=9, color=RATE_COLOUR)  # fmt: skip
    title = t(locale, "digest.chart.title", weeks=plural(locale, "digest.last_weeks", len(trend)))
    fig.text((LEFT + RIGHT) / 2, 0.97, title,
             ha="center", va="top", fontsize=10, color=TEXT_COLOUR)  # fmt: skip
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None}, pil_kwargs={"compress_level": 1})
    return buf.getvalue()
