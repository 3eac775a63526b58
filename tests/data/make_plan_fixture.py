"""Build tests/data/plan/arshjul.xlsx and .csv: the plan tests' annual plan ("årshjul") of a
municipality ("Testkommune", the config in tests/plan/test_store.py). The example organisation's
own plan is examples/arshjul.xlsx (examples/make_arshjul.py).

Deterministic: running it again gives byte-identical files. Run from the repository root:

    .venv/bin/python tests/data/make_plan_fixture.py

The workbook looks like a sheet a comms team keeps today: a title row, a month column merged over
the rows of each month, a hidden sheet with lookup lists, dates typed in several ways (real date
cells, "30.04.", "15/6", "04-30", "første mandag i juni", an RRULE). The CSV is the same plan as
Excel saves it with Norwegian settings: ``;``-separated, UTF-8 with BOM, dates as 18.03.2026.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from examples.make_arshjul import Row, build_csv, build_xlsx, write  # noqa: E402

PEOPLE = ["Kari Nordmann", "Ola Hansen", "Ingrid Berg", "Lars Johansen", "Sofie Lie"]
CATEGORIES = ["Tjenesteinformasjon", "Kampanje", "Beredskap", "Merkedager", "Internt"]
SOME = "Facebook, Instagram"
ALL = "Facebook, Instagram, Nettside"
K, KS = "kommunikasjon", "kundeservice"

# (title, date as typed, owner(s), category, description, channels, team, lead days)
ROWS: list[Row] = [
    ("Planleggingsdag: oppstart av året", "andre mandag i januar", "Kari Nordmann", "Internt",
     "Gjennomgang av årshjulet, kanalstrategi og mål for året.", "Intranett", K, "14, 7"),
    ("Årsrapport: hente statistikk for sosiale medier", "15.01.", "Ingrid Berg", "Internt",
     "Følgere, rekkevidde, engasjement og svartid for hele fjoråret.", "", K, "14, 7, 1"),
    ("Årsrapport: levere tall til ledelsen", "RRULE:FREQ=YEARLY;BYMONTH=2;BYDAY=-1FR",
     "Ingrid Berg", "Internt", "Siste fredag i februar: tallene inn i årsrapporten.", "", K,
     "7, 1"),
    ("Frist for søknad om barnehageplass", "01.03.", "Ola Hansen", "Tjenesteinformasjon",
     "Hovedopptaket: minn foreldre på søknadsfristen 1. mars.", ALL, K, "14, 7, 1"),
    ("Skattemeldingen er klar", date(2026, 3, 18), "Lars Johansen", "Tjenesteinformasjon",
     "Skatteetaten sender ut skattemeldingen; lenke til veiledningen.",
     "Facebook, LinkedIn, Nettside", K, "7, 1"),
    ("Påske: åpningstider", date(2026, 3, 23), "Kari Nordmann", "Tjenesteinformasjon",
     "Åpningstider for servicetorget og legevakten i påsken.", "Facebook, Nettside", KS,
     "14, 7, 1"),
    ("Sommertid: klokka stilles fram", "siste søndag i mars", "Sofie Lie", "Merkedager",
     "Påminnelse natt til søndag; husk publiseringsverktøyet.", SOME, K, "7, 1"),
    ("Skattemeldingen: frist for å levere", "30.04.", "Lars Johansen", "Tjenesteinformasjon",
     "Siste frist 30. april. Svar på spørsmål i kommentarfeltet før fristen.", ALL, K,
     "14, 7, 1"),
    ("17. mai: gratulerer med dagen", "05-17", "Sofie Lie", "Merkedager",
     "Hilsen, program for dagen og stengte veier.", SOME, K, "14, 7"),
    ("Planleggingsdag før sommeren", "første mandag i juni", "Kari Nordmann", "Internt",
     "Evaluering av våren og plan for sommerbemanningen.", "Intranett", K, "14, 7"),
    ("Pride-måneden", "01.06.", "Ola Hansen", "Merkedager",
     "Flagg, program og profilbilde for juni.", SOME, K, "14"),
    ("Sommerferie: reisetips og åpningstider", "15/6", "Ingrid Berg", "Kampanje",
     "Åpningstider i fellesferien og tips før reisen.", ALL, KS, "14, 7, 1"),
    ("Skatteoppgjøret: første pulje", date(2026, 6, 23), "Lars Johansen",
     "Tjenesteinformasjon", "Når kommer oppgjøret, og hva betyr restskatt?",
     "Facebook, Nettside", K, "7, 1"),
    ("Sommerberedskap: bemanning i sosiale medier", "siste fredag i juni", "Kari Nordmann",
     "Beredskap", "Hvem svarer i kanalene i juli? Oppdater vaktlista.", "Intranett", K, "7, 1"),
    ("Planleggingsdag før høsten", "tredje mandag i august", "Kari Nordmann", "Internt",
     "Høstens kampanjer og kanalplan.", "Intranett", K, "14, 7"),
    ("Skolestart: trafikksikkerhet", "17.08.", "Ola Hansen", "Kampanje",
     "Kampanje for trygg skolevei sammen med politiet.", SOME, K, "14, 7, 1"),
    ("Brukerundersøkelse i sosiale medier", date(2026, 10, 1), "Ola Hansen, Sofie Lie",
     "Kampanje", "Kort undersøkelse om hva følgerne vil se mer av.", SOME, KS, "14, 7"),
    ("Verdensdagen for psykisk helse", "10.10.", "Sofie Lie", "Merkedager",
     "Del lavterskeltilbud og hjelpetelefoner.", SOME, K, "7"),
    ("Vintertid: klokka stilles tilbake", "siste søndag i oktober", "Sofie Lie", "Merkedager",
     "Påminnelse natt til søndag.", "Facebook", K, "7, 1"),
    ("Julehandel: netthandel og fraktfrister", "15.11.", "Ingrid Berg", "Kampanje",
     "Siste frister for å få pakken før jul, og trygg netthandel.", ALL, K, "14, 7, 1"),
    ("Black Friday: forbrukertips", "fjerde fredag i november", "Ola Hansen", "Kampanje",
     "Tips om angrerett og falske nettbutikker.", SOME, K, "14, 7"),
    ("Budsjett: kommunestyrets vedtak", date(2026, 12, 10), "Lars Johansen",
     "Tjenesteinformasjon", "Hva betyr budsjettet for innbyggerne?", "Nettside, LinkedIn", K,
     "7, 1"),
    ("Jul: åpningstider og beredskap i høytiden", "12-15", "Kari Nordmann", "Beredskap",
     "Åpningstider, legevakt og vakttelefon i jula.", ALL, KS, "14, 7, 1"),
    ("Nyttårsaften: fyrverkeri og brannvern", "31.12.", "Sofie Lie", "Beredskap",
     "Regler for fyrverkeri og råd fra brannvesenet.", SOME, K, "14, 7, 1"),
    ("Kvartalsrapport sosiale medier", "FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=5",
     "Ingrid Berg", "Internt", "Tall til ledergruppen hvert kvartal.", "", K, "7, 1"),
    ("Kommunevalget 2027: valgdagen", date(2027, 9, 13), "Ingrid Berg",
     "Tjenesteinformasjon", "Forhåndsstemming, valglokaler og åpningstider.",
     "Facebook, Instagram, Nettside, LinkedIn", K, "28, 14, 7, 1"),
]  # fmt: skip


def main() -> None:
    title = "Årshjul 2026 – Kommunikasjonsavdelingen"
    xlsx = build_xlsx(ROWS, title, "Årshjul 2026", PEOPLE, CATEGORIES)
    write(Path(__file__).resolve().parent / "plan", xlsx, build_csv(ROWS), len(ROWS))


if __name__ == "__main__":
    main()
