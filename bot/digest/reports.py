"""Quarterly and half-year reports as a Message, CSV, XLSX or Markdown (periods are read by
bot.dateparse). Pure: data (bot.digest.model.ReportData) in, values out."""

from __future__ import annotations

import base64
import csv
import io
from datetime import date, timedelta

from openpyxl import Workbook
from openpyxl.drawing.image import Image as XlImage
from openpyxl.styles import Font

from bot.dateparse import ReportPeriod, parse_report_period
from bot.digest.chart import chart_alt, render_chart
from bot.digest.daily import (
    capped,
    figure_items,
    figure_parts,
    period_label,
    rate_text,
)
from bot.digest.model import PeriodStats, ReportData
from bot.digest.weekly import stats_header, stats_row
from bot.i18n import fmt_date, fmt_duration, fmt_number, fmt_percent, plural, t
from bot.messages.model import Attachment, Block, Context, Facts, Header, Image, Message


def previous_periods(today: date) -> list[ReportPeriod]:
    """The periods that ended on the day before the quarter containing ``today`` began."""
    q = (today.month - 1) // 3  # 0..3: the current quarter
    year = today.year if q else today.year - 1
    prev_q = q if q else 4
    out = []
    quarter = parse_report_period(f"{year}-Q{prev_q}", today)
    if quarter:
        out.append(quarter)
    if prev_q in (2, 4):
        half = parse_report_period(f"{year}-H{prev_q // 2}", today)
        if half:
            out.append(half)
    return out


def _summary(locale: str, d: ReportData) -> str:
    fig = d.total.figures
    rate = fig.rate(d.engagement.formula) if fig else None
    return t(
        locale,
        "digest.report.text",
        period=d.period,
        scope=d.scope_name,
        comments=plural(locale, "digest.n_comments", d.total.comments),
        rate=fmt_percent(locale, rate) if rate is not None else t(locale, "digest.missing.value"),
    )


def _total_facts(locale: str, d: ReportData) -> Facts:
    s = d.total
    items = _figure_facts(locale, d)
    items.append((t(locale, "digest.fig.comments"), fmt_number(locale, s.comments)))
    share, med = s.response.share, s.response.median_seconds
    items.append(
        (
            t(locale, "digest.fig.compliance"),
            fmt_percent(locale, share)
            if share is not None
            else t(locale, "digest.missing.nothing_due"),
        )
    )
    items.append(
        (
            t(locale, "digest.fig.median"),
            fmt_duration(locale, timedelta(seconds=med))
            if med is not None
            else t(locale, "digest.missing.no_answers"),
        )
    )
    return Facts(tuple(items))


def _figure_facts(locale: str, d: ReportData) -> list[tuple[str, str]]:
    fig = d.total.figures
    if fig is None:
        return []
    items = figure_items(locale, fig)
    items.append((t(locale, "digest.fig.engagement"), rate_text(locale, d.engagement, fig)))
    return items


def build_report(d: ReportData, today: date, *, chart: bool = True) -> Message:
    """The report as a Message: totals, one line per account, chart and CSV attached."""
    loc = d.locale
    span = period_label(loc, d.total.first, d.total.last)
    blocks: list[Block] = [
        Header(t(loc, "digest.report.header", period=d.period, scope=d.scope_name)),
        Context(
            t(
                loc,
                "digest.report.context",
                span=span,
            )
        ),
    ]
    if d.total.first > today:
        blocks.append(Context(t(loc, "digest.report.future", period=d.period)))
    elif d.total.last >= today:
        yesterday = fmt_date(loc, today - timedelta(days=1), "long")
        blocks.append(Context(t(loc, "digest.report.partial", last=yesterday)))
    blocks.append(_total_facts(loc, d))
    lines = []
    for a in d.accounts:
        fig = a.stats.figures
        if fig is None or not fig.reported:
            lines.append(t(loc, "digest.missing.period", name=a.name, span=span))
        else:
            lines.append(f"{a.name}: " + " · ".join(figure_parts(loc, fig, d.engagement)))
    if lines:
        blocks.append(capped(lines, t(loc, "digest.accounts.title")))
    blocks.append(
        Context(
            t(loc, f"digest.formula.{d.engagement.formula}")
            + " · "
            + t(loc, f"digest.target.{d.response_rule}")
        )
    )
    attachments = []
    if chart and len(d.trend):
        name = f"vaktbot-{d.period}.png"
        png = render_chart(d.trend, loc, d.engagement.target)
        attachments.append(Attachment(name, "image/png", base64.b64encode(png).decode()))
        blocks.append(Image(alt=chart_alt(d.trend, loc), attachment=name))
    attachments.append(
        Attachment(
            f"vaktbot-{d.period}.csv",
            "text/csv",
            base64.b64encode(report_csv(d)).decode(),
            t(loc, "digest.csv.title"),
        )
    )
    return Message(
        text=_summary(loc, d),
        blocks=tuple(blocks),
        attachments=tuple(attachments),
        locale=loc,
        tz=d.tz,
    )


def _rows(d: ReportData) -> tuple[list[str], list[list[object]]]:
    loc = d.locale
    header = stats_header(loc)
    stats: list[tuple[str, PeriodStats]] = [(a.name, a.stats) for a in d.accounts]
    stats.append((t(loc, "digest.total"), d.total))
    return header, [stats_row(d.period, name, s, d.engagement) for name, s in stats]


def report_csv(d: ReportData) -> bytes:
    header, rows = _rows(d)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


def report_xlsx(d: ReportData, today: date) -> bytes:
    """A workbook: the figures sheet, and the chart as an image when there is a trend."""

    header, rows = _rows(d)
    wb = Workbook()
    ws = wb.active
    ws.title = d.period
    ws.append([t(d.locale, "digest.report.header", period=d.period, scope=d.scope_name)])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([])
    ws.append(header)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    widths = (12, 11, 11, 30, 11, 11, 11, 11, 11, 13, 10, 13, 12, 14, 14)
    for col, width in zip("ABCDEFGHIJKLMNO", widths, strict=True):
        ws.column_dimensions[col].width = width
    if len(d.trend):
        img = XlImage(io.BytesIO(render_chart(d.trend, d.locale, d.engagement.target)))
        ws.add_image(img, f"A{len(rows) + 6}")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def report_md(d: ReportData, today: date) -> str:
    """Markdown: the report message's summary, then a table of the figures."""
    header, rows = _rows(d)
    lines = [f"# {t(d.locale, 'digest.report.header', period=d.period, scope=d.scope_name)}", ""]
    lines.append(_summary(d.locale, d))
    lines.append("")
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    for row in rows:
        lines.append("| " + " | ".join(str(x).replace("|", "/") for x in row) + " |")
    lines.append("")
    lines.append(t(d.locale, f"digest.formula.{d.engagement.formula}"))
    lines.append("")
    return "\n".join(lines)
