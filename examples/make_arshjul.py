"""Build examples/arshjul.xlsx and examples/arshjul.csv: the annual plan ("årshjul") of the
example organisation in examples/vaktbot.yml (a tax agency's comms department, two duty teams).

It imports cleanly into that config (`vaktbot import plan examples/arshjul.xlsx`), and `make run`
and `vaktbot demo` load it into a new database, so reminders show from the first start.

Deterministic: running it again gives byte-identical files. Run from the repository root:

    .venv/bin/python examples/make_arshjul.py

The workbook looks like a sheet a comms team keeps today: a title row, a month column merged over
the rows of each month, a hidden sheet with lookup lists, dates typed in several ways (real date
cells, "30.04.", "15/9", "05-17", "første mandag i juni", an RRULE). The CSV is the same plan as
Excel saves it with Norwegian settings: ``;``-separated, UTF-8 with BOM, dates as 22.03.2027.
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.plan.export import stable_xlsx_bytes  # noqa: E402
from bot.plan.model import parse_when  # noqa: E402

HEADERS = ["Måned", "Tittel", "Dato", "Ansvarlig", "Kategori", "Beskrivelse", "Kanal", "Team",
           "Varsel (dager)"]  # fmt: skip
MONTHS = ("januar februar mars april mai juni juli august september oktober november "
          "desember").split()  # fmt: skip
# (title, date as typed, owner(s), category, description, channels, team, lead days)
Row = tuple[str, str | date, str, str, str, str, str, str]

PEOPLE = ["Kari Nordmann", "Ola Hansen", "Ingrid Berg", "Lars Johansen", "Sofie Larsen",
          "Erik Nilsen", "Hanna Kristiansen", "Jonas Jensen", "Emma Karlsen", "Henrik Andersen",
          "Thea Halvorsen"]  # fmt: skip
CATEGORIES = ["Veiledning", "Frister", "Kampanje", "Rekruttering", "Internt"]
SOME = "Facebook, Instagram"
ALL = "Facebook, Instagram, Nettside"
V1, V2, BOTH = "Vaktlag 1", "Vaktlag 2", ""  # a row without a team reminds both teams

ROWS: list[Row] = [
    ("Planleggingsdag: oppstart av året", "andre mandag i januar", "Kari Nordmann", "Internt",
     "Gjennomgang av årshjulet, kanalstrategi og mål for året.", "Intranett", BOTH, "14, 7"),
    ("Årsrapport: statistikk for sosiale medier", "15.01.", "Ingrid Berg", "Internt",
     "Følgere, rekkevidde, engasjement og svartid for hele fjoråret.", "", V1, "14, 7, 1"),
    ("Kvartalsrapport til ledergruppen", "FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=5",
     "Ingrid Berg", "Internt", "Tall for kvartalet: følgere, engasjement og svartid.", "", V1,
     "7, 1"),
    ("Sommerjobb: søknadsfrist", "01.02.", "Hanna Kristiansen", "Rekruttering",
     "Del utlysningen og svar på spørsmål om søknadsprosessen.", "LinkedIn, Facebook", V2,
     "14, 7, 1"),
    ("Årsrapport: levere tall til ledelsen", "RRULE:FREQ=YEARLY;BYMONTH=2;BYDAY=-1FR",
     "Ingrid Berg", "Internt", "Siste fredag i februar: tallene inn i årsrapporten.", "", V1,
     "7, 1"),
    ("Utvidet åpningstid i skattemeldingssesongen", "15.03.", "Erik Nilsen", "Internt",
     "Kveldsvakter og lørdager fram til 30. april: sjekk bemanningen.", "Intranett", V2,
     "14, 7"),
    ("Skattemeldingen er klar", "18.03.", "Lars Johansen", "Veiledning",
     "Skattemeldingen sendes ut: lenke til veiledningen og svar på vanlige spørsmål.",
     "Facebook, Instagram, LinkedIn, Nettside", V1, "7, 1"),
    ("Påske: åpningstider i kundesenteret", date(2027, 3, 22), "Emma Karlsen", "Veiledning",
     "Stengt fra skjærtorsdag til andre påskedag; chat og telefon før påske.",
     "Facebook, Nettside", V2, "14, 7, 1"),
    ("Sommertid: sjekk publiseringsverktøyet", "siste søndag i mars", "Sofie Larsen", "Internt",
     "Klokka stilles fram natt til søndag: sjekk planlagte innlegg.", "", V1, "7, 1"),
    ("Skattemeldingen: frist for å levere", "30.04.", "Lars Johansen", "Frister",
     "Siste frist 30. april. Svar på spørsmål i kommentarfeltet før fristen.", ALL, V1,
     "14, 7, 1"),
    ("Skattemeldingen for næringsdrivende: frist", "31.05.", "Jonas Jensen", "Frister",
     "Frist for enkeltpersonforetak: minn om søknad om utsettelse.",
     "Facebook, LinkedIn, Nettside", V2, "14, 7, 1"),
    ("17. mai: gratulerer med dagen", "05-17", "Sofie Larsen", "Kampanje",
     "Hilsen fra etaten; kundesenteret er stengt.", SOME, V1, "14, 7"),
    ("Planleggingsdag før sommeren", "første mandag i juni", "Kari Nordmann", "Internt",
     "Evaluering av våren og sommerbemanningen i kanalene.", "Intranett", BOTH, "14, 7"),
    ("Skatteoppgjøret: første pulje", date(2027, 6, 22), "Lars Johansen, Emma Karlsen",
     "Veiledning", "Når kommer oppgjøret, og hva betyr restskatt?", ALL, V1, "7, 1"),
    ("Sommerberedskap: bemanning i sosiale medier", "siste fredag i juni", "Erik Nilsen",
     "Internt", "Hvem svarer i kanalene i juli? Oppdater vaktlista.", "Intranett", V2, "7, 1"),
    ("Restskatt: første forfall", "20.08.", "Ola Hansen", "Frister",
     "Minn om forfallet og om betalingsavtale.", ALL, V1, "14, 7, 1"),
    ("Planleggingsdag før høsten", "tredje mandag i august", "Kari Nordmann", "Internt",
     "Høstens kampanjer og kanalplan.", "Intranett", BOTH, "14, 7"),
    ("Traineeprogram: høstens utlysning", "15/9", "Hanna Kristiansen", "Rekruttering",
     "Del utlysningen på LinkedIn og svar på spørsmål.", "LinkedIn", V2, "14, 7"),
    ("Skatteoppgjøret: siste pulje", "tredje tirsdag i oktober", "Lars Johansen", "Veiledning",
     "Siste oppgjør: hva gjør jeg hvis jeg ikke har fått det?", ALL, V1, "7, 1"),
    ("Vintertid: sjekk publiseringsverktøyet", "siste søndag i oktober", "Sofie Larsen",
     "Internt", "Klokka stilles tilbake natt til søndag.", "", V1, "7, 1"),
    ("Julehandel på nett: toll og merverdiavgift", "15.11.", "Ingrid Berg", "Kampanje",
     "Hva koster pakken fra utlandet? Toll, merverdiavgift og fraktfrister.", ALL, V1,
     "14, 7, 1"),
    ("Black Friday: falske nettbutikker", "fjerde fredag i november", "Ola Hansen", "Kampanje",
     "Tips om trygg netthandel og svindel.", SOME, V1, "14, 7"),
    ("Skattekortet for neste år", "01.12.", "Thea Halvorsen", "Veiledning",
     "Nytt skattekort kommer i desember: slik sjekker du det.", ALL, V2, "14, 7, 1"),
    ("Jul: åpningstider i kundesenteret", "12-15", "Emma Karlsen", "Veiledning",
     "Stengt julaften og nyttårsaften; åpningstider i romjula.", "Facebook, Nettside", V2,
     "14, 7, 1"),
    ("Årsskifte: nye satser og regler", "31.12.", "Henrik Andersen", "Veiledning",
     "Hva er nytt fra 1. januar? Satser, frikort og fradrag.", ALL, V2, "14, 7, 1"),
]  # fmt: skip


def _month(when: str | date) -> int:
    if isinstance(when, date):
        return when.month
    first = parse_when(when).between(date(2026, 1, 1), date(2027, 12, 31))
    return first[0].month


def ordered_rows(rows: list[Row]) -> list[tuple[str, Row]]:
    """Rows sorted by month (stable), each with its month name."""
    keyed = sorted(enumerate(rows), key=lambda p: (_month(p[1][1]), p[0]))
    return [(MONTHS[_month(row[1]) - 1].capitalize(), row) for _, row in keyed]


def build_xlsx(
    rows: list[Row], title: str, sheet: str, people: list[str], categories: list[str]
) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(HEADERS)
    for cell in ws[2]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E78")
    groups: dict[str, list[int]] = {}
    for month, row in ordered_rows(rows):
        ws.append([month, *row])
        r = ws.max_row
        groups.setdefault(month, []).append(r)
        if isinstance(row[1], date):
            ws.cell(r, 3).number_format = "dd.mm.yyyy"
        for c in range(1, len(HEADERS) + 1):
            ws.cell(r, c).alignment = Alignment(vertical="top", wrap_text=c in (2, 6))
    for numbers in groups.values():
        if len(numbers) > 1:
            ws.merge_cells(start_row=numbers[0], start_column=1, end_row=numbers[-1], end_column=1)
    for col, width in zip("ABCDEFGHI", (12, 44, 26, 24, 20, 56, 30, 16, 14), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "B3"
    lists = wb.create_sheet("Lister")
    lists.append(["Kategorier", "Personer"])
    for i in range(max(len(categories), len(people))):
        cat = categories[i] if i < len(categories) else None
        person = people[i] if i < len(people) else None
        lists.append([cat, person])
    lists.sheet_state = "hidden"
    wb.properties.creator = "Kommunikasjonsavdelingen"
    buf = io.BytesIO()
    wb.save(buf)
    return stable_xlsx_bytes(buf.getvalue(), datetime(2026, 1, 5, 8, 0, tzinfo=UTC))


def build_csv(rows: list[Row]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for month, row in ordered_rows(rows):
        when = row[1].strftime("%d.%m.%Y") if isinstance(row[1], date) else row[1]
        writer.writerow([month, row[0], when, *row[2:]])
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def write(here: Path, xlsx: bytes, table: bytes, n: int) -> None:
    (here / "arshjul.xlsx").write_bytes(xlsx)
    (here / "arshjul.csv").write_bytes(table)
    print(f"wrote {here / 'arshjul.xlsx'} and {here / 'arshjul.csv'} ({n} rows)")


def main() -> None:
    title = "Årshjul 2027 – Skatteetaten kommunikasjon"
    xlsx = build_xlsx(ROWS, title, "Årshjul 2027", PEOPLE, CATEGORIES)
    write(Path(__file__).resolve().parent, xlsx, build_csv(ROWS), len(ROWS))


if __name__ == "__main__":
    main()
