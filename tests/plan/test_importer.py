"""Importing annual plans from XLSX, CSV and ICS, and reporting every bad row in one run."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from bot.plan.importer import RowError, format_error, parse_plan, slug
from bot.plan.model import NthWeekday, OnDate, RRule, YearlyDate, parse_when
from tests.support.paths import PLAN_DATA

PEOPLE = {
    "Kari Nordmann": "kari",
    "Ola Hansen": "ola",
    "Ingrid Berg": "ingrid",
    "Lars Johansen": "lars",
    "Sofie Lie": "sofie",
}
CATEGORIES = ["Tjenesteinformasjon", "Kampanje", "Beredskap", "Merkedager", "Internt"]
SV_HEADERS = {
    "Måned": "Månad",
    "Tittel": "Titel",
    "Dato": "Datum",
    "Ansvarlig": "Ansvarig",
    "Beskrivelse": "Beskrivning",
    "Varsel (dager)": "Påminnelse (dagar)",
}


def resolve(name: str) -> str | None:
    return PEOPLE.get(name) or (name if name in PEOPLE.values() else None)


def parse(data: bytes, name: str, **kw: object):  # type: ignore[no-untyped-def]
    kw.setdefault("resolve_person", resolve)
    kw.setdefault("known_people", set(PEOPLE.values()))
    return parse_plan(data, name, **kw)  # type: ignore[arg-type]


def xlsx(rows: list[list[object]], **sheets: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for title, content in sheets.items():
        extra = wb.create_sheet(title)
        for row in content:
            extra.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100  # an old .xls file
HEAD = ["Tittel", "Dato", "Ansvarlig", "Kategori", "Kanal", "Team", "Varsel (dager)"]


# --- the example plan --------------------------------------------------------------------


def test_example_sheet_imports_cleanly_in_norwegian() -> None:
    result = parse((PLAN_DATA / "arshjul.xlsx").read_bytes(), "arshjul.xlsx", categories=CATEGORIES)
    assert result.errors == []
    assert result.warnings == [RowError(0, None, "plan.import.hidden_sheet_ignored", "Lister")]
    assert len(result.items) == 26
    by_title = {i.title: i for i in result.items}
    tax = by_title["Skattemeldingen: frist for å levere"]
    assert tax.key == "kommunikasjon-skattemeldingen-frist-for-a-levere"
    assert tax.when == YearlyDate(4, 30)
    assert tax.owners == ("lars",)
    assert tax.channels == ("Facebook", "Instagram", "Nettside")
    assert tax.lead_days == (14, 7, 1)
    assert tax.category == "Tjenesteinformasjon"
    assert by_title["Planleggingsdag før sommeren"].when == NthWeekday(1, 0, 6)
    assert by_title["Skattemeldingen er klar"].when == OnDate(date(2026, 3, 18))  # a date cell
    assert by_title["Sommerferie: reisetips og åpningstider"].when == YearlyDate(6, 15)
    assert isinstance(by_title["Årsrapport: levere tall til ledelsen"].when, RRule)
    assert by_title["Brukerundersøkelse i sosiale medier"].owners == ("ola", "sofie")
    assert by_title["Kommunevalget 2027: valgdagen"].lead_days == (28, 14, 7, 1)
    assert len({i.key for i in result.items}) == 26


def test_example_csv_gives_the_same_items_as_the_sheet() -> None:
    sheet = parse((PLAN_DATA / "arshjul.xlsx").read_bytes(), "arshjul.xlsx")
    table = parse((PLAN_DATA / "arshjul.csv").read_bytes(), "arshjul.csv")
    assert (PLAN_DATA / "arshjul.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert table.errors == [] and table.warnings == []
    assert table.items == sheet.items


def test_example_sheet_with_swedish_headers() -> None:
    wb = load_workbook(PLAN_DATA / "arshjul.xlsx")
    ws = wb.worksheets[0]
    for cell in ws[2]:
        cell.value = SV_HEADERS.get(cell.value, cell.value)
    buf = io.BytesIO()
    wb.save(buf)
    swedish = parse(buf.getvalue(), "årshjul.xlsx")
    norwegian = parse((PLAN_DATA / "arshjul.xlsx").read_bytes(), "arshjul.xlsx")
    assert swedish.errors == []
    assert swedish.items == norwegian.items


def test_example_csv_with_swedish_and_english_headers_and_commas() -> None:
    text = (PLAN_DATA / "arshjul.csv").read_bytes().decode("utf-8-sig")
    header, rest = text.split("\r\n", 1)
    expected = parse((PLAN_DATA / "arshjul.csv").read_bytes(), "arshjul.csv").items
    sv = ";".join(SV_HEADERS.get(h, h) for h in header.split(";")) + "\r\n" + rest
    assert parse(sv.encode("utf-8"), "plan.csv").items == expected  # no BOM
    en = {
        "Tittel": "Title",
        "Dato": "Date",
        "Ansvarlig": "Owner",
        "Kategori": "Category",
        "Beskrivelse": "Description",
        "Kanal": "Channel",
        "Varsel (dager)": "Lead days",
    }

    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    rows[0] = [en.get(h, h) for h in rows[0]]
    out = io.StringIO()
    csv.writer(out).writerows(rows)  # comma-separated, quoted where needed
    assert parse(out.getvalue().encode("utf-8"), "plan.csv").items == expected


def test_reimport_gives_the_same_keys_whatever_the_row_order() -> None:
    first = parse((PLAN_DATA / "arshjul.csv").read_bytes(), "arshjul.csv")
    text = (PLAN_DATA / "arshjul.csv").read_bytes().decode("utf-8-sig")
    header, *rows = text.strip().split("\r\n")
    shuffled = "\r\n".join([header, *reversed(rows)]).encode("utf-8")
    again = parse(shuffled, "arshjul.csv")
    assert {i.key: i for i in again.items} == {i.key: i for i in first.items}


# --- keys --------------------------------------------------------------------------------


def test_keys_from_key_column_or_slug_and_duplicates() -> None:
    data = xlsx(
        [
            ["Nøkkel", *HEAD],
            ["skatt-frist", "Skatt", "30.04.", "", "", "", "team-a", ""],
            [None, "Planleggingsdag", "andre mandag i januar", "", "", "", "team-a", ""],
            [None, "Planleggingsdag", "første mandag i juni", "", "", "", "team-a", ""],
            [None, "Planleggingsdag", "første mandag i juni", "", "", "", "team-b", ""],
            ["skatt-frist", "Skatt igjen", "01.05.", "", "", "", "", ""],
            [None, "Planleggingsdag", "første mandag i juni", "", "", "", "team-a", ""],
        ]
    )
    result = parse(data, "plan.xlsx")
    assert [i.key for i in result.items] == [
        "skatt-frist",
        "team-a-planleggingsdag",
        "team-a-planleggingsdag-first-monday-of-june",
        "team-b-planleggingsdag",
    ]
    assert result.errors == [
        RowError(6, "Nøkkel", "plan.import.duplicate_key", "skatt-frist"),
        RowError(7, "Nøkkel", "plan.import.duplicate_key",
                 "team-a-planleggingsdag-first-monday-of-june"),
    ]  # fmt: skip
    assert slug("Årsrapport: Ærlig ØKONOMI — på Svenska ä ö") == (
        "arsrapport-aerlig-okonomi-pa-svenska-a-o"
    )


# --- bad input ---------------------------------------------------------------------------


def test_every_bad_row_is_reported_in_one_run() -> None:
    data = xlsx(
        [
            ["Årshjul 2026"],
            HEAD,
            ["God rad", "30.04.", "Kari Nordmann", "Kampanje", "Facebook", "team-a", "14, 7"],
            ["Umulig dato", "31.02.2026", "Kari Nordmann", "", "", "", ""],
            ["Uleselig dato", "en gang i vår", "", "", "", "", ""],
            ["Ukjent eier", "01.05.", "Per Person, Ola Hansen", "", "", "", ""],
            ["Aldri", "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "", "", "", "", ""],
            [None, "01.06.", "", "", "", "", ""],
            ["Mangler dato", None, "", "", "", "", ""],
            ["Feil varsel", "01.07.", "", "", "", "", "to uker"],
            ["Feil kategori", "01.08.", "", "Sport", "", "", ""],
            ["Excel-feil", "#REF!", "", "", "", "", ""],
            [],
            ["Også god", datetime(2026, 9, 1), "@ola", "", "", "", 7],
        ]
    )
    result = parse(data, "plan.xlsx", categories=CATEGORIES)
    assert [i.title for i in result.items] == ["God rad", "Også god"]
    assert result.items[1].when == OnDate(date(2026, 9, 1))
    assert result.items[1].owners == ("ola",) and result.items[1].lead_days == (7,)
    assert result.errors == [
        RowError(4, "Dato", "plan.when.no_such_date", "31.02.2026"),
        RowError(5, "Dato", "plan.when.unparsable", "en gang i vår"),
        RowError(6, "Ansvarlig", "plan.import.unknown_owner", "Per Person"),
        RowError(7, "Dato", "plan.when.rrule_never", "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"),
        RowError(8, "Tittel", "plan.import.empty_cell"),
        RowError(9, "Dato", "plan.import.empty_cell"),
        RowError(10, "Varsel (dager)", "plan.import.bad_lead_days", "to uker"),
        RowError(11, "Kategori", "plan.import.unknown_category", "Sport"),
        RowError(12, "Dato", "plan.import.cell_error", "#REF!"),
    ]
    lines = [format_error("nb", e) for e in result.errors]
    assert lines[0] == "Rad 4, kolonne «Dato»: «31.02.2026» finnes ikke i kalenderen."
    assert format_error("sv", result.errors[2]) == (
        "Rad 6, kolumn ”Ansvarlig”: Jag känner inte igen ”Per Person”. Använd namn eller id "
        "från konfigurationen."
    )
    assert format_error("en", result.errors[4]).startswith("Row 8, column “Tittel”:")


def test_missing_columns_are_reported_with_the_header_row() -> None:
    data = xlsx([["Plan"], ["Tittel", "Ansvarlig"], ["Skatt", "Kari Nordmann"]])
    result = parse(data, "plan.xlsx")
    assert result.items == []
    assert result.errors == [RowError(2, "date", "plan.import.missing_column")]
    assert format_error("nb", result.errors[0]) == (
        "Rad 2: Kolonnen «Dato» mangler i overskriftsraden."
    )
    assert "“Datum”" not in format_error("sv", result.errors[0])
    assert "”Datum”" in format_error("sv", result.errors[0])
    # owners are still checked on every row in the same run
    data = xlsx([["Tittel", "Ansvarlig"], ["Skatt", "Per Person"]])
    assert (
        RowError(2, "Ansvarlig", "plan.import.unknown_owner", "Per Person")
        in parse(data, "plan.xlsx").errors
    )


@pytest.mark.parametrize(
    ("data", "name", "key"),
    [
        (b"", "plan.xlsx", "plan.import.empty_file"),
        (b"  \r\n ", "plan.csv", "plan.import.empty_file"),
        (b"Tittel;Dato\r\n", "plan.csv", "plan.import.no_rows"),
        (b"Tittel;Dato\r\n;\r\n", "plan.csv", "plan.import.no_rows"),
        (b"Tittel;Dato\r\nSkatt;30.04.\r\n", "plan.xlsx", "plan.import.wrong_type"),
        (b"PK\x03\x04garbage", "plan.csv", "plan.import.wrong_type"),
        (b"PK\x03\x04garbage", "plan.xlsx", "plan.import.wrong_type"),
        (OLE, "plan.xls", "plan.import.xls_not_supported"),
        (OLE, "plan.xlsx", "plan.import.xls_not_supported"),
        (b"Tittel;Dato\r\nSkatt;30.04.\r\n", "plan.ics", "plan.import.wrong_type"),
        (b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "plan.ics", "plan.import.no_rows"),
        (b"Tittel;Dato\r\n", "plan.pdf", "plan.import.unknown_format"),
    ],
)  # fmt: skip
def test_files_that_are_empty_or_not_what_they_say(data: bytes, name: str, key: str) -> None:
    result = parse(data, name)
    assert result.items == []
    assert [e.message_key for e in result.errors] == [key]
    for locale in ("nb", "sv", "en"):
        assert format_error(locale, result.errors[0])


def test_a_zip_that_is_not_a_workbook_and_a_truncated_workbook() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    assert parse(buf.getvalue(), "plan.xlsx").errors[0].message_key == "plan.import.wrong_type"
    good = (PLAN_DATA / "arshjul.xlsx").read_bytes()
    result = parse(good[: len(good) // 2], "plan.xlsx")
    assert [e.message_key for e in result.errors] == ["plan.import.wrong_type"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(0, 4000), noise=st.binary(min_size=1, max_size=64), where=st.integers())
def test_odd_xlsx_bytes_never_crash(cut: int, noise: bytes, where: int) -> None:
    good = bytearray((PLAN_DATA / "arshjul.xlsx").read_bytes())
    pos = where % len(good)
    good[pos : pos + len(noise)] = noise
    result = parse(bytes(good[: len(good) - cut]), "plan.xlsx")
    assert result.errors or len(result.items) == 26


# --- XLSX oddities -----------------------------------------------------------------------


def _with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """Give formula cells a cached result, as Excel does when it saves (openpyxl does not)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                for ref, v in values.items():
                    body = re.sub(
                        rf'(<c r="{ref}"[^>]*)(>.*?</f>)'.encode(),
                        lambda m, v=v: m[1] + b' t="str"' + m[2] + f"<v>{v}</v>".encode(),
                        body,
                    )
            dst.writestr(info, body)
    return out.getvalue()


def test_formulas_use_the_cached_value_or_are_reported() -> None:
    data = xlsx(
        [
            HEAD,
            ["Skatt", '=TEXT(DATE(2026,4,30),"dd.mm.yyyy")', "", "", "", "", ""],
            ["Jul", '=CONCAT("15.","12.")', "", "", "", "", ""],
            ["Uten resultat", '="01.05."', "", "", "", "", ""],
        ]
    )
    cached = _with_cached_values(data, {"B2": "30.04.2026", "B3": "15.12."})
    result = parse(cached, "plan.xlsx")
    assert [(i.title, i.when) for i in result.items] == [
        ("Skatt", OnDate(date(2026, 4, 30))),
        ("Jul", YearlyDate(12, 15)),
    ]
    assert result.errors == [RowError(4, "Dato", "plan.import.formula_no_value")]


def test_merged_cells_fill_down_and_hidden_or_extra_sheets_are_reported() -> None:
    wb = Workbook()
    hidden = wb.active
    hidden.title = "Gammel"
    hidden.append(["Tittel", "Dato"])
    hidden.append(["Skal ikke leses", "01.01."])
    hidden.sheet_state = "hidden"
    ws = wb.create_sheet("Plan")
    ws.append(["Årshjul for kommunikasjon", None, None, None])
    ws.merge_cells("A1:D1")
    ws.append(["Kategori", "Tittel", "Dato", "Kanal"])
    ws.append(["Kampanje", "Sommer", "15.06.", "Facebook"])
    ws.append([None, "Jul", "15.12.", "Instagram"])
    ws.append([None, "Black Friday", "fjerde fredag i november", None])
    ws.merge_cells("A3:A5")
    ws.append(["Merkedager", "17. mai", "17.05.", "Facebook"])
    ws.append(["Beskrivelse over to kolonner", None, None, None])
    ws.merge_cells("A7:B7")
    wb.create_sheet("Notater").append(["bare notater"])
    buf = io.BytesIO()
    wb.save(buf)
    result = parse(buf.getvalue(), "plan.xlsx")
    assert [(i.title, i.category) for i in result.items] == [
        ("Sommer", "Kampanje"),
        ("Jul", "Kampanje"),
        ("Black Friday", "Kampanje"),
        ("17. mai", "Merkedager"),
    ]
    assert result.errors == [
        RowError(7, "Tittel", "plan.import.empty_cell"),
        RowError(7, "Dato", "plan.import.empty_cell"),
    ]
    assert result.warnings == [
        RowError(0, None, "plan.import.hidden_sheet_ignored", "Gammel"),
        RowError(0, None, "plan.import.other_sheet_ignored", "Notater"),
    ]


def test_odd_cell_types_and_excel_serial_dates() -> None:
    data = xlsx(
        [
            HEAD,
            [2026, 46142, None, None, None, 12, None],  # a numeric title, a serial day number
            ["Tid", datetime(2026, 4, 30, 0, 0), None, None, None, None, 14.0],
            ["Sant", "01.01.", True, None, None, None, None],
            ["Desimal", "01.01.", None, None, None, None, "14.5"],
            ["Lang" * 100, "01.01.", None, None, None, None, None],
        ]
    )
    result = parse(data, "plan.xlsx")
    assert [(i.title, i.when, i.team, i.lead_days) for i in result.items] == [
        ("2026", OnDate(date(2026, 4, 30)), "12", (14, 7, 1)),
        ("Tid", OnDate(date(2026, 4, 30)), None, (14,)),
    ]
    assert result.errors == [
        RowError(4, "Ansvarlig", "plan.import.unknown_owner", "True"),
        RowError(5, "Varsel (dager)", "plan.import.bad_lead_days", "14.5"),
        RowError(6, "Tittel", "plan.import.too_long", "300"),
    ]


# --- CSV oddities ------------------------------------------------------------------------


def test_csv_in_windows_1252_is_read_with_a_warning() -> None:
    data = "Tittel;Dato;Beskrivelse\r\nÅrsrapport;15.01.;Følgere og rekkevidde\r\n".encode("cp1252")
    result = parse(data, "plan.csv")
    assert result.errors == []
    assert result.items[0].title == "Årsrapport"
    assert result.items[0].description == "Følgere og rekkevidde"
    assert result.warnings == [RowError(0, None, "plan.import.encoding_guess")]


def test_csv_row_numbers_count_records_and_multiline_cells() -> None:
    data = b'Tittel,Dato,Beskrivelse\n"Skatt, frist",30.04.,"to\nlinjer"\nFeil,31.02.,\n'
    result = parse(data, "plan.csv")
    assert result.items[0].title == "Skatt, frist"
    assert result.items[0].description == "to\nlinjer"
    assert result.errors == [RowError(3, "Dato", "plan.when.no_such_date", "31.02.")]


def test_without_a_resolver_names_are_checked_against_known_people() -> None:
    data = b"Title;Date;Owner\r\nA;04-30;kari\r\nB;05-01;nobody\r\n"
    result = parse_plan(data, "p.csv", known_people={"kari"})
    assert [e.value for e in result.errors] == ["nobody"]
    result = parse_plan(data, "p.csv")  # no people configured: owners are taken as written
    assert [i.owners for i in result.items] == [("kari",), ("nobody",)]
    result = parse_plan(b"Title;Date;Lead days\r\nA;04-30;-\r\n", "p.csv", default_team="t")
    assert result.items[0].lead_days == () and result.items[0].team == "t"


# --- ICS ---------------------------------------------------------------------------------

FOREIGN_ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Example//Outlook//EN\r
BEGIN:VEVENT\r
UID:tax-2026@example.org\r
SUMMARY:Skattemeldingen: frist\r
DESCRIPTION:Husk fristen\r
CATEGORIES:Tjenesteinformasjon\r
DTSTART;VALUE=DATE:20260430\r
RRULE:FREQ=YEARLY;UNTIL=20300430T000000Z\r
EXDATE;VALUE=DATE:20280430\r
BEGIN:VALARM\r
ACTION:DISPLAY\r
DESCRIPTION:Reminder\r
TRIGGER:-P14D\r
END:VALARM\r
BEGIN:VALARM\r
ACTION:DISPLAY\r
DESCRIPTION:Reminder\r
TRIGGER:-P2D\r
END:VALARM\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tax-2026@example.org\r
RECURRENCE-ID;VALUE=DATE:20270430\r
SUMMARY:Skattemeldingen: frist (flyttet)\r
DTSTART;VALUE=DATE:20270503\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:meeting@example.org\r
SUMMARY:Planleggingsmøte\r
DTSTART;TZID=Europe/Oslo:20260112T090000\r
DTEND;TZID=Europe/Oslo:20260112T150000\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:never@example.org\r
SUMMARY:Aldri\r
DTSTART;VALUE=DATE:20260101\r
RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:nodate@example.org\r
SUMMARY:Uten dato\r
END:VEVENT\r
END:VCALENDAR\r
""".encode()


def test_ics_import_keeps_rrule_as_the_recurrence_and_reports_bad_events() -> None:
    result = parse_plan(FOREIGN_ICS, "kalender.ics", default_team="team-a")
    tax, meeting = result.items
    assert tax.key == "tax-2026@example.org"
    assert tax.when == parse_when(
        "DTSTART:20260430 RRULE:FREQ=YEARLY;UNTIL=20300430 EXDATE:20280430"
    )
    assert tax.when.between(date(2026, 1, 1), date(2031, 1, 1)) == [
        date(2026, 4, 30),
        date(2027, 4, 30),
        date(2029, 4, 30),
        date(2030, 4, 30),
    ]
    assert tax.lead_days == (14, 2) and tax.category == "Tjenesteinformasjon"
    assert tax.description == "Husk fristen" and tax.team == "team-a"
    assert meeting.when == OnDate(date(2026, 1, 12))
    assert result.errors == [
        RowError(35, "DTSTART", "plan.when.rrule_never", result.errors[0].value),
        RowError(41, "DTSTART", "plan.import.ics_no_date"),
    ]
    assert result.warnings == [
        RowError(23, "RECURRENCE-ID", "plan.import.ics_override_ignored",
                 "Skattemeldingen: frist (flyttet)"),
    ]  # fmt: skip
    assert FOREIGN_ICS.split(b"\r\n")[34] == b"BEGIN:VEVENT"  # line 35 is where it starts


def test_a_broken_ics_event_is_reported_and_the_rest_read() -> None:
    broken = FOREIGN_ICS.replace(
        b"DTSTART;TZID=Europe/Oslo:20260112T090000", b"DTSTART;TZID=Europe/Oslo:tomorrow"
    )
    result = parse_plan(broken, "kalender.ics")
    assert RowError(29, None, "plan.import.ics_bad_event") in result.errors
    assert [i.title for i in result.items] == ["Skattemeldingen: frist"]


@settings(max_examples=60, deadline=None)
@given(
    edits=st.lists(
        st.tuples(st.integers(0, 10**6), st.text("ABCDEFRULTZ:;=,0123456789\r\n-", max_size=8)),
        min_size=1,
        max_size=4,
    )
)
def test_odd_ics_text_never_crashes(edits: list[tuple[int, str]]) -> None:
    data = bytearray(FOREIGN_ICS)
    for where, text in edits:
        pos = where % len(data)
        data[pos : pos + len(text)] = text.encode()
    result = parse_plan(bytes(data), "kalender.ics")
    assert result.errors or result.items


def test_every_message_key_has_natural_texts_in_three_languages() -> None:
    from bot.i18n import catalogue
    from bot.texts.plan import TEXTS

    assert all(k.startswith("plan.") for k in TEXTS)
    for key, texts in TEXTS.items():
        assert set(texts) == {"nb", "sv", "en"}, key
        assert all(v.strip() for v in texts.values()), key
    assert set(TEXTS) <= set(catalogue())  # loads next to every other feature's texts
    import bot.plan.formats
    import bot.plan.importer
    import bot.plan.recurrence
    import bot.plan.when

    used = set()
    for module in (bot.plan.formats, bot.plan.importer, bot.plan.recurrence, bot.plan.when):
        used |= set(
            re.findall(r'"(plan\.(?:when|import)\.[a-z_]+)"', Path(module.__file__).read_text())
        )
    assert used and used <= set(TEXTS), used - set(TEXTS)
