"""Write the export samples in tests/data/ that tests/sources/test_exports.py reads.

Deterministic: running it again gives byte-identical files. From the repository root:

    .venv/bin/python tests/data/make_exports.py

The files copy the layouts Meta Business Suite and LinkedIn hand out, in Norwegian (nb), Swedish
(sv), Danish (da), Finnish (fi) and English (en):

* Meta post lists (UTF-8 with BOM): Facebook and Instagram, one row per post with its lifetime
  totals ("Lifetime", "Livstid", "Totalt", "Levetid", "Koko elinaika" in the Date column), and
  the English per-day variant. The Swedish Instagram list holds the 12 posts of Q4 2026.
* Meta page-level daily series (UTF-16 LE with BOM, ``sep=,`` first line, a title line, then
  "Date","Primary" and ``2026-10-01T00:00:00`` dates): "Facebook-følginger" (the follows gained
  each day of October 2026, 584 in all), reach in nb/da, "Instagram-följer", "Facebook-seuraamiset",
  "Facebook follows", "Facebook visits" (no figure vaktbot stores); and an English series with
  several columns (daily "Follows" next to the lifetime "Followers", and one unknown column).
* LinkedIn page exports (XLSX, a note on row 1, the header on row 2): content exports ("Metrics"
  with 30 days, "All posts") in every language, with "Shares" or the newer "Reposts"; a
  followers export ("New followers", "Location").
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from bot.plan.export import stable_xlsx_bytes  # noqa: E402

PAGE, IG = "1001", "17841400000000001"
STAMP = datetime(2026, 12, 1, tzinfo=UTC)


def csv_text(rows: list[list[object]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def write_utf8_bom(name: str, rows: list[list[object]]) -> None:
    (HERE / name).write_bytes(b"\xef\xbb\xbf" + csv_text(rows).encode())


def write_utf16_sep(name: str, rows: list[list[object]]) -> None:
    """Meta's page-level files: every cell quoted, UTF-16 LE with a BOM, ``sep=,`` first."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerows(rows)
    (HERE / name).write_bytes(("sep=,\r\n" + buf.getvalue()).encode("utf-16"))


def write_xlsx(name: str, sheets: dict[str, list[list[object]]]) -> None:
    wb = Workbook()
    first = True
    for title, rows in sheets.items():
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        ws.title = title
        first = False
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    (HERE / name).write_bytes(stable_xlsx_bytes(buf.getvalue(), STAMP))


# --- Meta post lists --------------------------------------------------------------------------

# the columns of a Facebook post list, in order, per language
FB_POSTS = {
    "en": ["Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)",
           "Publish time", "Caption type", "Permalink", "Is crosspost", "Is share", "Post type",
           "Languages", "Custom labels", "Funded content status", "Data comment", "Date",
           "Views", "Reach", "Reactions, Comments and Shares", "Reactions", "Comments",
           "Shares", "Total clicks", "Link clicks", "Other clicks"],
    "nb": ["Innleggs-ID", "Side-ID", "Sidenavn", "Tittel", "Beskrivelse", "Varighet (sek)",
           "Publiseringstidspunkt", "Tekstingstype", "Permalenke", "Er kryssinnlegg",
           "Er deling", "Innleggstype", "Språk", "Egendefinerte etiketter",
           "Status for finansiert innhold", "Datakommentar", "Dato", "Visninger", "Rekkevidde",
           "Reaksjoner, kommentarer og delinger", "Reaksjoner", "Kommentarer", "Delinger",
           "Klikk totalt", "Lenkeklikk", "Andre klikk"],
    "sv": ["Publicerings-id", "Sid-id", "Sidnamn", "Titel", "Beskrivning", "Varaktighet (sek)",
           "Publiceringstid", "Textningstyp", "Permalänk", "Är korspublicering", "Är delning",
           "Inläggstyp", "Språk", "Anpassade etiketter", "Status för finansierat innehåll",
           "Datakommentar", "Datum", "Visningar", "Räckvidd",
           "Reaktioner, kommentarer och delningar", "Reaktioner", "Kommentarer", "Delningar",
           "Totalt antal klick", "Länkklick", "Andra klick"],
    "da": ["Opslags-id", "Side-id", "Sidenavn", "Titel", "Beskrivelse", "Varighed (sek.)",
           "Udgivelsestidspunkt", "Tekstningstype", "Permalink", "Er krydsopslag", "Er deling",
           "Opslagstype", "Sprog", "Brugerdefinerede etiketter",
           "Status for finansieret indhold", "Datakommentar", "Dato", "Visninger",
           "Rækkevidde", "Reaktioner, kommentarer og delinger", "Reaktioner", "Kommentarer",
           "Delinger", "Klik i alt", "Linkklik", "Andre klik"],
    "fi": ["Julkaisun tunnus", "Sivun tunnus", "Sivun nimi", "Otsikko", "Kuvaus", "Kesto (s)",
           "Julkaisuaika", "Tekstitystyyppi", "Pysyvä linkki", "On ristiinjulkaisu", "On jako",
           "Julkaisun tyyppi", "Kielet", "Mukautetut tunnisteet", "Rahoitetun sisällön tila",
           "Tietokommentti", "Päivämäärä", "Näyttökerrat", "Kattavuus",
           "Reaktiot, kommentit ja jaot", "Reaktiot", "Kommentit", "Jaot",
           "Klikkaukset yhteensä", "Linkin klikkaukset", "Muut klikkaukset"],
}  # fmt: skip
IG_POSTS = {
    "en": ["Post ID", "Account ID", "Account username", "Account name", "Description",
           "Duration (sec)", "Publish time", "Permalink", "Post type", "Data comment", "Date",
           "Views", "Reach", "Likes", "Shares", "Follows", "Comments", "Saves"],
    "nb": ["Innleggs-ID", "Konto-ID", "Brukernavn for konto", "Kontonavn", "Beskrivelse",
           "Varighet (sek)", "Publiseringstidspunkt", "Permalenke", "Innleggstype",
           "Datakommentar", "Dato", "Visninger", "Rekkevidde", "Liker", "Delinger",
           "Følginger", "Kommentarer", "Lagringer"],
    "sv": ["Publicerings-id", "Konto-id", "Kontots användarnamn", "Kontonamn", "Beskrivning",
           "Varaktighet (sek)", "Publiceringstid", "Permalänk", "Inläggstyp", "Datakommentar",
           "Datum", "Visningar", "Räckvidd", "Gilla-markeringar", "Delningar", "Följer",
           "Kommentarer", "Sparade objekt"],
    "da": ["Opslags-id", "Konto-id", "Kontobrugernavn", "Kontonavn", "Beskrivelse",
           "Varighed (sek.)", "Udgivelsestidspunkt", "Permalink", "Opslagstype",
           "Datakommentar", "Dato", "Visninger", "Rækkevidde", "Synes godt om", "Delinger",
           "Følger", "Kommentarer", "Gemte"],
    "fi": ["Julkaisun tunnus", "Tilin tunnus", "Tilin käyttäjänimi", "Tilin nimi", "Kuvaus",
           "Kesto (s)", "Julkaisuaika", "Pysyvä linkki", "Julkaisun tyyppi", "Tietokommentti",
           "Päivämäärä", "Näyttökerrat", "Kattavuus", "Tykkäykset", "Jaot", "Seuraamiset",
           "Kommentit", "Tallennukset"],
}  # fmt: skip
LIFETIME = {"en": "Lifetime", "nb": "Livstid", "sv": "Totalt", "da": "Levetid",
            "fi": "Koko elinaika"}  # fmt: skip
FB_TEXTS = {
    "en": [
        "Snow clearing in the centre tonight",
        "New swimming pool opens",
        "Water off in Main St",
    ],
    "nb": ["Brøyting i sentrum i natt", "Nytt svømmeanlegg åpner", "Vannavstengning Storgata"],
    "sv": ["Snöröjning i centrum i natt", "Ny simhall öppnar", "Vattenavstängning Storgatan"],
    "da": ["Snerydning i centrum i nat", "Ny svømmehal åbner", "Vandet lukkes på Storegade"],
    "fi": ["Lumenauraus keskustassa yöllä", "Uusi uimahalli avautuu", "Vesikatko Isokadulla"],
}
LANGS = ("en", "nb", "sv", "da", "fi")


def fb_row(lang: str, k: int, pid: str, when: str, date_cell: str, figs: tuple[int, ...]) -> list:
    """One Facebook post row; ``figs`` = views, reach, reactions, comments, shares, clicks."""
    views, reach, re_, co, sh, clicks = figs
    return [pid, PAGE, "Eksempel kommune", "", FB_TEXTS[lang][k % 3], "", when, "",
            f"https://www.facebook.com/{pid}", "No", "No", "Photos", "", "", "", "", date_cell,
            views, reach, re_ + co + sh, re_, co, sh, clicks, clicks // 2,
            clicks - clicks // 2]  # fmt: skip


FB_FIGS = ((4100, 3200, 120, 14, 9, 77), (1900, 1500, 40, 3, 1, 12), (1234, 1002, 11, 0, 0, 4))


def meta_post_lists() -> None:
    for n, lang in enumerate(LANGS):
        rows: list[list[object]] = [FB_POSTS[lang]]
        for k, figs in enumerate(FB_FIGS):
            pid = f"{PAGE}_{5 + n}0{k + 1}"
            when = f"03/0{2 + k}/2026 {9 + k:02d}:15"
            row = fb_row(lang, k, pid, when, LIFETIME[lang], figs)
            if lang == "en" and k == 2:  # Meta writes large counts with a thousands separator
                row[17], row[18] = "1,234", "1,002"
            rows.append(row)
        write_utf8_bom(f"meta_fb_posts_{lang}.csv", rows)
    first, second = ("03/02/2026 09:15", "03/02/2026"), ("03/02/2026 14:40", "03/02/2026")
    daily: list[list[object]] = [FB_POSTS["en"],
        fb_row("en", 0, f"{PAGE}_501", *first, (3000, 2500, 90, 10, 7, 60)),
        fb_row("en", 0, f"{PAGE}_501", first[0], "03/03/2026", (1100, 700, 30, 4, 2, 17)),
        fb_row("en", 1, f"{PAGE}_502", *second, (1900, 1500, 40, 3, 1, 12)),
    ]  # fmt: skip
    write_utf8_bom("meta_fb_posts_daily_en.csv", daily)

    for n, lang in enumerate(LANGS):
        rows = [IG_POSTS[lang]]
        count = 12 if lang == "sv" else 3
        for k in range(count):
            if lang == "sv":  # Q4 2026: four posts a month
                day = date(2026, 10 + k // 4, 3 + 7 * (k % 4))
            else:
                day = date(2026, 3, 3 + 2 * k)
            views, reach = 5000 + 700 * k, 3500 + 500 * k
            likes, shares, follows, comments, saves = 300 + 20 * k, 10 + k, 4 + k % 3, 25 + k, 8 + k
            rows.append([f"180000000000{n}{k:04d}", IG, "eksempelkommune", "Eksempel kommune",
                         f"{FB_TEXTS[lang][k % 3]} ({k + 1})", "",
                         f"{day:%m/%d/%Y} {7 + k % 10:02d}:45",
                         f"https://www.instagram.com/p/Ab{n}{k:03d}/",
                         "IG-bilde" if lang == "nb" else "IG image", "", LIFETIME[lang], views,
                         reach, likes, shares, follows, comments, saves])  # fmt: skip
        write_utf8_bom(f"meta_ig_posts_{lang}.csv", rows)


# --- Meta page-level daily series -------------------------------------------------------------


def october(values: list[int]) -> list[list[object]]:
    return [[f"2026-10-{d + 1:02d}T00:00:00", v] for d, v in enumerate(values)]


def follows_in_october() -> list[int]:
    """31 days of new follows, 584 in all (a campaign lifts the middle of the month)."""
    values = [9 + (d * 7) % 11 + (14 if 12 <= d <= 16 else 0) for d in range(31)]
    values[-1] += 584 - sum(values)
    assert sum(values) == 584 and min(values) >= 0
    return values


def meta_page_series() -> None:
    header = {"en": ["Date", "Primary"], "nb": ["Dato", "Primær"], "sv": ["Datum", "Primär"],
              "da": ["Dato", "Primær"], "fi": ["Päivämäärä", "Ensisijainen"]}  # fmt: skip
    follows = follows_in_october()
    write_utf16_sep("fb_page_follows_daily_nb.csv",
                    [["Facebook-følginger"], header["nb"], *october(follows)])  # fmt: skip
    write_utf16_sep("fb_page_reach_daily_nb.csv", [["Facebook-rekkevidde"], header["nb"],
        ["2026-03-01T00:00:00", 1234], ["2026-03-02T00:00:00", 2345],
        ["2026-03-03T00:00:00", 987]])  # fmt: skip
    write_utf16_sep("ig_page_follows_daily_sv.csv",
                    [["Instagram-följer"], header["sv"],
                     *october([3 + d % 5 for d in range(31)])])  # fmt: skip
    write_utf16_sep("fb_page_reach_daily_da.csv",
                    [["Facebook-rækkevidde"], header["da"],
                     *october([1500 + 37 * d for d in range(31)])])  # fmt: skip
    write_utf16_sep("fb_page_follows_daily_fi.csv",
                    [["Facebook-seuraamiset"], header["fi"],
                     *october([2 + d % 4 for d in range(31)])])  # fmt: skip
    write_utf16_sep("fb_page_follows_daily_en.csv",
                    [["Facebook follows"], header["en"], *october(follows)])  # fmt: skip
    write_utf16_sep("fb_page_visits_daily_en.csv",
                    [["Facebook visits"], header["en"],
                     *october([400 + d for d in range(31)])])  # fmt: skip
    write_utf16_sep("fb_page_daily_en.csv", [
        ["Date", "Reach", "Views", "Follows", "Followers", "Link clicks", "Mystery metric"],
        ["2026-03-01", 1234, 3001, 12, 5012, 40, 7],
        ["2026-03-02", 2345, 4100, 8, 5020, 52, 9],
    ])  # fmt: skip


# --- LinkedIn ---------------------------------------------------------------------------------

LI_METRICS = {  # Date, then each figure as (organic), (sponsored), (total); engagement rate last
    "en": ("Date", ["Impressions", "Unique impressions", "Clicks", "Reactions", "Comments",
                    "Reposts", "Engagement rate"], ("organic", "sponsored", "total")),
    "nb": ("Dato", ["Visninger", "Unike visninger", "Klikk", "Reaksjoner", "Kommentarer",
                    "Gjenpubliseringer", "Engasjementsrate"], ("organisk", "sponset", "totalt")),
    "sv": ("Datum", ["Visningar", "Unika visningar", "Klick", "Reaktioner", "Kommentarer",
                     "Delningar", "Engagemangsgrad"], ("organiska", "sponsrade", "totalt")),
    "da": ("Dato", ["Visninger", "Unikke visninger", "Klik", "Reaktioner", "Kommentarer",
                    "Genopslag", "Engagementsrate"], ("organisk", "sponsoreret", "i alt")),
    "fi": ("Päivämäärä", ["Näyttökerrat", "Yksilölliset näyttökerrat", "Klikkaukset",
                          "Reaktiot", "Kommentit", "Uudelleenjulkaisut", "Sitoutumisaste"],
           ("orgaaninen", "sponsoroitu", "yhteensä")),
}  # fmt: skip
LI_POSTS = {
    "en": ["Post title", "Post link", "Post type", "Campaign name", "Posted by", "Created date",
           "Campaign start date", "Campaign end date", "Audience", "Impressions",
           "Views (excluding off-site video views)", "Off-site views", "Clicks",
           "Click through rate (CTR)", "Likes", "Comments", "Reposts", "Follows",
           "Engagement rate", "Content Type"],
    "nb": ["Innleggstittel", "Innleggslenke", "Innleggstype", "Kampanjenavn", "Publisert av",
           "Opprettet dato", "Kampanjens startdato", "Kampanjens sluttdato", "Målgruppe",
           "Visninger", "Videovisninger (unntatt eksterne)", "Eksterne visninger", "Klikk",
           "Klikkfrekvens (CTR)", "Liker", "Kommentarer", "Gjenpubliseringer", "Følginger",
           "Engasjementsrate", "Innholdstype"],
    "sv": ["Inläggsrubrik", "Inläggslänk", "Inläggstyp", "Kampanjnamn", "Publicerad av",
           "Skapat datum", "Kampanjens startdatum", "Kampanjens slutdatum", "Målgrupp",
           "Visningar", "Videovisningar (exklusive externa)", "Externa visningar", "Klick",
           "Klickfrekvens (CTR)", "Gilla-markeringar", "Kommentarer", "Delningar", "Följer",
           "Engagemangsgrad", "Innehållstyp"],
    "da": ["Opslagstitel", "Opslagslink", "Opslagstype", "Kampagnenavn", "Slået op af",
           "Oprettelsesdato", "Kampagnens startdato", "Kampagnens slutdato", "Målgruppe",
           "Visninger", "Videovisninger (uden eksterne)", "Eksterne visninger", "Klik",
           "Klikrate (CTR)", "Synes godt om", "Kommentarer", "Genopslag", "Følger",
           "Engagementsrate", "Indholdstype"],
    "fi": ["Julkaisun otsikko", "Julkaisun linkki", "Julkaisun tyyppi", "Kampanjan nimi",
           "Julkaissut", "Luontipäivä", "Kampanjan alkamispäivä", "Kampanjan päättymispäivä",
           "Kohdeyleisö", "Näyttökerrat", "Videon katselukerrat", "Ulkoiset katselukerrat",
           "Klikkaukset", "Napsautussuhde (CTR)", "Tykkäykset", "Kommentit",
           "Uudelleenjulkaisut", "Seuraamiset", "Sitoutumisaste", "Sisältötyyppi"],
}  # fmt: skip
LI_FIRST = date(2026, 10, 24)  # 30 days up to 22 November 2026


def li_metrics_rows(lang: str, word: str | None = None, days: int = 30) -> list[list[object]]:
    first_col, names, (org, spo, tot) = LI_METRICS[lang]
    if word is not None:
        names = [*names[:5], word, names[6]]
    header: list[object] = [first_col]
    for name in names:
        variants = (org,) if name in ("Unique impressions", names[1]) else (org, spo, tot)
        header += [f"{name} ({v})" for v in variants]
    rows: list[list[object]] = [
        [f"Aggregated metrics for Eksempel kommune, {LI_FIRST:%m/%d/%Y} - "
         f"{LI_FIRST + timedelta(days=days - 1):%m/%d/%Y}"],
        header,
    ]  # fmt: skip
    for d in range(days):
        day = LI_FIRST + timedelta(days=d)
        imp_o, imp_s = 800 + 13 * d, (100 if d % 7 == 1 else 0)
        clk_o, rea_o, com_o, rep_o = 25 + d % 9, 30 + d % 13, 4 + d % 3, 2 + d % 4
        rows.append([f"{day:%m/%d/%Y}", imp_o, imp_s, imp_o + imp_s, 610 + 9 * d,
                     clk_o, 1, clk_o + 1, rea_o, 0, rea_o, com_o, 0, com_o, rep_o, 0, rep_o,
                     0.07, 0.0, 0.07])  # fmt: skip
    return rows


def li_posts_rows(lang: str, word: str | None = None) -> list[list[object]]:
    header = list(LI_POSTS[lang])
    if word is not None:
        header[16] = word
    link = "https://www.linkedin.com/feed/update/urn:li:"
    return [
        [f"All posts for Eksempel kommune, {LI_FIRST:%m/%d/%Y} - 11/22/2026"],
        header,
        ["Vi søker sommervikarer", f"{link}activity:7300000000000000001", "Organic", "",
         "Kari Nordmann", "11/02/2026", "", "", "All followers", 1200, "", "", 48, 0.04, 60, 7,
         5, 2, 0.1, "Text"],
        ["Årsrapporten er ute", f"{link}ugcPost:7300000000000000002", "Organic", "",
         "Ola Hansen", "11/16/2026", "", "", "All followers", 800, "", "", 20, 0.025, 33, 2, 1,
         0, 0.07, "Document"],
    ]  # fmt: skip


def linkedin() -> None:
    for name, word in (("linkedin_content_shares.xlsx", "Shares"),
                       ("linkedin_content_reposts.xlsx", "Reposts")):  # fmt: skip
        write_xlsx(
            name,
            {"Metrics": li_metrics_rows("en", word), "All posts": li_posts_rows("en", word)},
        )
    sheet_names = {"nb": ("Beregninger", "Alle innlegg"), "sv": ("Mätvärden", "Alla inlägg"),
                   "da": ("Målinger", "Alle opslag"),
                   "fi": ("Mittarit", "Kaikki julkaisut")}  # fmt: skip
    for lang in ("nb", "sv", "da", "fi"):
        metrics, posts = sheet_names[lang]
        write_xlsx(
            f"linkedin_content_{lang}.xlsx",
            {metrics: li_metrics_rows(lang), posts: li_posts_rows(lang)},
        )
    new = [["Followers metrics for Eksempel kommune, 11/01/2026 - 11/07/2026"],
           ["Date", "Sponsored followers", "Organic followers", "Auto-invited followers",
            "Total followers"]]  # fmt: skip
    for d in range(7):
        new.append([f"11/{d + 1:02d}/2026", d % 2, 10 + d, 1, d % 2 + 10 + d + 1])
    write_xlsx(
        "linkedin_followers_en.xlsx",
        {
            "New followers": new,
            "Location": [["Location", "Total followers"], ["Oslo", 5200], ["Bergen", 1300]],
        },
    )
    new_nb = [["Følgerberegninger for Eksempel kommune"],
              ["Dato", "Sponsede følgere", "Organiske følgere"]]  # fmt: skip
    for d in range(7):
        new_nb.append([f"11/{d + 1:02d}/2026", 1, 20 + d])
    write_xlsx("linkedin_followers_nb.xlsx", {"Nye følgere": new_nb})


def main() -> None:
    meta_post_lists()
    meta_page_series()
    linkedin()
    (HERE / "unknown_layout.csv").write_bytes(
        csv_text(
            [["Navn", "E-post", "Telefon"], ["Kari", "kari@example.no", "12345678"]], ";"
        ).encode()
    )
    print(f"wrote export samples to {HERE}")


if __name__ == "__main__":
    main()
