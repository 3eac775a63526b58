"""The weekly chart: per platform, followers, new followers, reach, interactions and engagement
rate over the last weeks, as PNG bytes. Whatever platforms have figures are drawn (a LinkedIn
page with reach and interactions but no follower count still gets its lines).

matplotlib with the Agg backend (no display); labels in the digest's locale. Pure: data in, bytes
out (deterministic: no timestamps in the PNG metadata).

The chart is drawn with a handful of figure-level artists (a line per platform and panel, the
target band, one collection for the frames, grid and tick marks, and the labels) instead of
``Axes``: an ``Axes`` builds dozens of tick, spine and layout objects per render, which made the
chart the most expensive part of the weekly digest (about 100 ms; this way it is a few ms).
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from typing import Any, cast

import matplotlib

matplotlib.use("Agg")  # before pyplot is imported anywhere in this process

from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from bot.digest.model import PlatformTrend, Trend  # noqa: E402
from bot.i18n import fmt_number, fmt_percent, plural, t  # noqa: E402

# one style per platform: colour, marker and dash differ, so no line is told apart by colour alone
STYLES: dict[str, tuple[str, str, Any]] = {
    "facebook": ("#1f5fa8", "o", "-"),
    "instagram": ("#b0306a", "s", "--"),
    "linkedin": ("#0a7a5a", "^", "-."),
    "youtube": ("#c2571a", "D", ":"),
    "x": ("#444444", "v", (0, (5, 1, 1, 1))),
    "other": ("#7a5cc2", "P", (0, (1, 1))),
}
GRID_COLOUR = "#d9d9d9"
TEXT_COLOUR = "#222222"
BAND_COLOUR = "#c2571a"

WIDTH, DPI = 6.4, 80
PANEL_HEIGHT = 1.2  # inches per panel; the figure grows with the panels it draws
PANEL_BINS = 3  # a short scale per panel: text is what costs most to draw
MAX_WEEK_LABELS = 13
FRAME_HEIGHT = 0.95  # title, legend and week labels
LEFT, RIGHT = 0.14, 0.97
X_MARGIN = 0.04  # of the plot width, so the first and last markers are not cut
TICK = 0.012  # tick mark length (figure fraction of the width)
# what each panel draws, top to bottom: a platform with any of these figures gets a line
PANELS = ("followers", "new_follows", "reach", "interactions", "rate")
LABELS = {
    "followers": "digest.fig.followers",
    "new_follows": "digest.chart.new_follows",
    "reach": "digest.chart.reach",
    "interactions": "digest.chart.interactions",
    "rate": "digest.fig.engagement",
}


def platform_label(locale: str, platform: str) -> str:
    return t(locale, f"digest.platform.{platform}")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _values(series: PlatformTrend, panel: str) -> Sequence[float | None]:
    return cast(Sequence[float | None], getattr(series, panel))


def _panels(trend: Trend) -> list[str]:
    """The panels that have at least one value, in :data:`PANELS` order."""
    return [p for p in PANELS if any(v is not None for s in trend.platforms for v in _values(s, p))]


def chart_alt(trend: Trend, locale: str) -> str:
    """Alt text that says what the chart shows, in words and numbers, platform by platform."""
    if not _panels(trend):
        return t(locale, "digest.chart.empty")
    parts = []
    for series in trend.platforms:
        items = []
        for panel in PANELS:
            known = [v for v in _values(series, panel) if v is not None]
            if not known:
                continue
            fmt = (
                (lambda v: fmt_percent(locale, v))
                if panel == "rate"
                else (lambda v: fmt_number(locale, v))
            )
            items.append(
                t(
                    locale,
                    "digest.chart.alt.item",
                    what=_lower_first(t(locale, LABELS[panel])),
                    first=fmt(known[0]),
                    last=fmt(known[-1]),
                )
            )
        if items:
            parts.append(f"{platform_label(locale, series.platform)}: {', '.join(items)}")
    return t(
        locale,
        "digest.chart.alt",
        weeks=plural(locale, "digest.n_weeks", len(trend)),
        parts="; ".join(parts),
    )


def scale_ticks(
    values: Sequence[float], *, from_zero: bool = False, integer: bool = False, bins: int = 5
) -> list[float]:
    """Up to ``bins`` + 1 "nice" tick values covering ``values`` (NaN ignored; whole numbers
    only if ``integer``); the first and last tick are the ends of the scale."""
    finite = [v for v in values if not math.isnan(v)]
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 1.0)
    if from_zero:
        lo = min(lo, 0.0)
    if hi <= lo:  # one value (or all equal): a scale around it
        pad = max(abs(hi) * 0.05, 1.0) if integer else (abs(hi) * 0.05 or 1.0)
        lo, hi = (lo - pad if not from_zero or lo - pad >= 0 else 0.0), hi + pad
    ticks = [float(v) for v in MaxNLocator(bins, integer=integer).tick_values(lo, hi)]
    while len(ticks) > 2 and ticks[1] <= lo:  # the locator may add a step below or above
        ticks.pop(0)
    while len(ticks) > 2 and ticks[-2] >= hi:
        ticks.pop()
    ticks[0], ticks[-1] = min(ticks[0], lo), max(ticks[-1], hi)  # float noise of the steps
    return ticks


def _mapper(ticks: Sequence[float], bottom: float, top: float) -> Callable[[float], float]:
    lo, hi = ticks[0], ticks[-1]
    span = (hi - lo) or 1.0
    return lambda v: bottom + (v - lo) / span * (top - bottom)


def _x_positions(n: int) -> list[float]:
    width = RIGHT - LEFT
    if n <= 1:
        return [LEFT + width / 2] * n
    inner = width * (1 - 2 * X_MARGIN)
    return [LEFT + width * X_MARGIN + inner * i / (n - 1) for i in range(n)]


def render_chart(trend: Trend, locale: str, target: tuple[float, float] | None = None) -> bytes:
    """Line charts per platform as PNG bytes: followers, new followers, reach and interactions
    per week, and the engagement rate (with the target band); one panel each, drawn only for
    what has figures."""
    panels = _panels(trend)
    height = FRAME_HEIGHT + PANEL_HEIGHT * max(1, len(panels))
    fig = Figure(figsize=(WIDTH, height), dpi=DPI)
    small: dict[str, Any] = {"fontsize": 8, "color": TEXT_COLOUR}
    title = t(locale, "digest.chart.title", weeks=plural(locale, "digest.last_weeks", len(trend)))
    fig.text(0.5, 1 - 0.06 / height, title, ha="center", va="top", fontsize=10,
             color=TEXT_COLOUR)  # fmt: skip
    xs = _x_positions(len(trend))
    top_all, bottom_all = 1 - 0.55 / height, 0.4 / height
    if not panels:
        fig.text(0.5, 0.5, t(locale, "digest.chart.empty"), ha="center", va="center",
                 fontsize=10, color=TEXT_COLOUR)  # fmt: skip
    else:
        _legend(fig, trend, locale, 1 - 0.32 / height)
    slot = (top_all - bottom_all) / max(1, len(panels))
    nan = float("nan")
    frames: list[list[tuple[float, float]]] = []
    grid: list[list[tuple[float, float]]] = []
    for k, panel in enumerate(panels):
        top = top_all - k * slot - (0.06 / height if k else 0.0)
        bottom = top_all - (k + 1) * slot + 0.1 / height
        values = [v for s in trend.platforms for v in _values(s, panel) if v is not None]
        band = (min(target), max(target)) if panel == "rate" and target else None
        ticks = scale_ticks(
            [float(v) for v in values] + list(band or ()),
            from_zero=panel != "followers",
            integer=panel != "rate",
            bins=PANEL_BINS,
        )
        y = _mapper(ticks, bottom, top)
        if band is not None:
            fig.add_artist(
                Rectangle((LEFT, y(band[0])), RIGHT - LEFT, y(band[1]) - y(band[0]),
                          facecolor=BAND_COLOUR, alpha=0.08, linewidth=0)
            )  # fmt: skip
        grid += [[(LEFT, y(v)), (RIGHT, y(v))] for v in ticks[1:-1]]
        frames.append([(LEFT, bottom), (RIGHT, bottom), (RIGHT, top), (LEFT, top), (LEFT, bottom)])
        frames += [[(LEFT - TICK, y(v)), (LEFT, y(v))] for v in ticks]
        for v in ticks:
            label = fmt_percent(locale, v, 1) if panel == "rate" else fmt_number(locale, v)
            fig.text(LEFT - TICK * 1.5, y(v), label, ha="right", va="center", **small)
        fig.text(LEFT + 0.005, top - 0.03 / height, t(locale, LABELS[panel]), ha="left",
                 va="top", fontsize=8, color=TEXT_COLOUR, fontweight="bold")  # fmt: skip
        for series in trend.platforms:
            vals = _values(series, panel)
            if all(v is None for v in vals):
                continue
            colour, marker, dash = STYLES.get(series.platform, STYLES["other"])
            ys = [y(float(v)) if v is not None else nan for v in vals]
            fig.add_artist(Line2D(xs, ys, color=colour, marker=marker, markersize=3,
                                  linewidth=1.6, linestyle=dash))  # fmt: skip
        if k == len(panels) - 1:
            frames += [[(x, bottom), (x, bottom - TICK * 2)] for x in xs]
            every = -(-len(xs) // MAX_WEEK_LABELS)  # a label on every n-th week, at most 13
            for i, (x, ws) in enumerate(zip(xs, trend.weeks, strict=True)):
                if (len(xs) - 1 - i) % every == 0:  # the last week always has its number
                    week = str(ws.isocalendar().week)
                    fig.text(x, bottom - TICK * 2.5, week, ha="center", va="top", **small)
            fig.text((LEFT + RIGHT) / 2, 0.02 / height, t(locale, "digest.chart.week"),
                     ha="center", va="bottom", fontsize=9, color=TEXT_COLOUR)  # fmt: skip
    fig.add_artist(LineCollection(grid, colors=GRID_COLOUR, linewidths=0.8))
    fig.add_artist(LineCollection(frames, colors=TEXT_COLOUR, linewidths=0.8))
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None}, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


def _legend(fig: Figure, trend: Trend, locale: str, y: float) -> None:
    """One entry per platform: its line style and its name."""
    n = len(trend.platforms)
    width = (RIGHT - LEFT) / max(n, 1)
    for i, series in enumerate(trend.platforms):
        colour, marker, dash = STYLES.get(series.platform, STYLES["other"])
        x = LEFT + i * width
        fig.add_artist(Line2D([x, x + 0.05], [y, y], color=colour, marker=marker,
                              markersize=3, linewidth=1.6, linestyle=dash))  # fmt: skip
        fig.text(x + 0.06, y, platform_label(locale, series.platform), ha="left",
                 va="center", fontsize=8, color=TEXT_COLOUR)  # fmt: skip
