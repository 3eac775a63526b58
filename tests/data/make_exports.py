"""Write the small export samples in tests/data/ that tests/test_exports.py reads.

Deterministic: running it again gives byte-identical files. From the repository root:

    .venv/bin/python tests/data/make_exports.py

The files mimic what Meta Business Suite and LinkedIn hand out: Meta post CSVs (UTF-8 with BOM,
English/Norwegian/Swedish headers, lifetime and daily-breakdown variants), the Facebook page-level
daily series (UTF-16 with a ``sep=,`` first line) and LinkedIn page exports (XLSX, a note on
row 1 and the header on row 2, with "Shares" or the newer "Reposts").
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from bot.plan.export import stable_xlsx_bytes  # noqa: E402

PAGE, IG = "1001", "17841400000000001"


def csv_text(rows: list[list[object]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def write_utf8_bom(name: str, rows: list[list[object]]) -> None:
    (HERE / name).write_bytes(b"\xef\xbb\xbf" + csv_text(rows).encode())


def write_utf16_sep(name: str, rows: list[list[object]]) -> None:
    text = "sep=,\r\n" + csv_text(rows, ",")
    (HERE / name).write_bytes(text.encode("utf-16"))  # with BOM (little-endian)


FB_EN = ["Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)",
         "Publish time", "Caption type", "Permalink", "Is crosspost", "Is share", "Post type",
         "Languages", "Custom labels", "Funded content status", "Data comment", "Date", "Views",
         "Reach", "Reactions, comments and shares", "Reactions", "Comments", "Shares",
         "Total clicks", "Link clicks", "Other clicks"]  # fmt: skip


def fb_row(pid: str, when: str, date: str, views: int, reach: int, re_: int, co: int, sh: int,
           clicks: int, text: str) -> list[object]:  # fmt: skip
    return [pid, PAGE, "Eksempel kommune", "", text, "", when, "", f"https://www.facebook.com/{pid}",
            "No", "No", "Photos", "", "", "", "", date, views, reach, re_ + co + sh, re_, co, sh,
            clicks, clicks // 2, clicks - clicks // 2]  # fmt: skip


def main() -> None:
    write_utf8_bom("meta_fb_posts_en.csv", [FB_EN,
        fb_row(f"{PAGE}_501", "03/02/2026 09:15", "Lifetime", 4100, 3200, 120, 14, 9, 77,
               "Brøyting i sentrum i natt"),
        fb_row(f"{PAGE}_502", "03/02/2026 14:40", "Lifetime", 1900, 1500, 40, 3, 1, 12,
               "Nytt svømmeanlegg åpner"),
        fb_row(f"{PAGE}_503", "03/04/2026 08:05", "Lifetime", "1,234", "1,002", 11, 0, 0, 4,
               "Vannavstengning Storgata"),
    ])  # fmt: skip

    nb = ["Innleggs-ID", "Side-ID", "Sidenavn", "Tittel", "Beskrivelse", "Publiseringstidspunkt",
          "Permalenke", "Innleggstype", "Dato", "Visninger", "Rekkevidde",
          "Reaksjoner, kommentarer og delinger", "Reaksjoner", "Kommentarer", "Delinger",
          "Klikk totalt"]  # fmt: skip
    write_utf8_bom("meta_fb_posts_nb.csv", [nb,
        [f"{PAGE}_601", PAGE, "Eksempel kommune", "", "Valgdagen: slik stemmer du",
         "03/05/2026 10:00", f"https://www.facebook.com/{PAGE}_601", "Lenker", "Livstid",
         2500, 2100, 66, 50, 10, 6, 31],
        [f"{PAGE}_602", PAGE, "Eksempel kommune", "", "Stengt bibliotek fredag",
         "03/06/2026 12:30", f"https://www.facebook.com/{PAGE}_602", "Bilder", "Livstid",
         800, 640, 22, 20, 2, 0, 5],
    ])  # fmt: skip

    sv = ["Publicerings-id", "Konto-id", "Kontots användarnamn", "Kontonamn", "Beskrivning",
          "Varaktighet (sek)", "Publiceringstid", "Permalänk", "Inläggstyp", "Datum",
          "Visningar", "Räckvidd", "Gilla-markeringar", "Delningar", "Följare", "Kommentarer",
          "Sparade"]  # fmt: skip
    write_utf8_bom("meta_ig_posts_sv.csv", [sv,
        ["18000000000000701", IG, "exempelkommun", "Exempel kommun", "Vårstädning i parken",
         "", "03/03/2026 07:45", "https://www.instagram.com/p/AbC701/", "IG-bild", "Totalt",
         5300, 3900, 310, 12, 4, 27, 8],
        ["18000000000000702", IG, "exempelkommun", "Exempel kommun", "Ny cykelbana",
         "", "03/07/2026 16:20", "https://www.instagram.com/reel/AbC702/", "IG-reel", "Totalt",
         9100, 7000, 502, 40, 9, 33, 21],
    ])  # fmt: skip

    daily = [FB_EN,
        fb_row(f"{PAGE}_501", "03/02/2026 09:15", "03/02/2026", 3000, 2500, 90, 10, 7, 60,
               "Brøyting i sentrum i natt"),
        fb_row(f"{PAGE}_501", "03/02/2026 09:15", "03/03/2026", 1100, 700, 30, 4, 2, 17,
               "Brøyting i sentrum i natt"),
        fb_row(f"{PAGE}_502", "03/02/2026 14:40", "03/02/2026", 1900, 1500, 40, 3, 1, 12,
               "Nytt svømmeanlegg åpner"),
    ]  # fmt: skip
    write_utf8_bom("meta_fb_posts_daily_en.csv", daily)

    write_utf16_sep("fb_page_reach_daily_nb.csv", [["Facebook-rekkevidde"], ["Dato", "Primær"],
        ["2026-03-01T00:00:00", 1234], ["2026-03-02T00:00:00", 2345],
        ["2026-03-03T00:00:00", 987]])  # fmt: skip
    write_utf16_sep("fb_page_daily_en.csv", [["Date", "Reach", "Views", "Follows", "Link clicks"],
        ["2026-03-01", 1234, 3001, 5012, 40], ["2026-03-02", 2345, 4100, 5020, 52]])  # fmt: skip

    for name, word in (("linkedin_content_shares.xlsx", "Shares"),
                       ("linkedin_content_reposts.xlsx", "Reposts")):  # fmt: skip
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "Metrics"
        ws.append(["Aggregated metrics for Eksempel kommune, 03/01/2026 - 03/03/2026"])
        ws.append(["Date", "Impressions (organic)", "Impressions (sponsored)",
                   "Impressions (total)", "Unique impressions (organic)", "Clicks (organic)",
                   "Clicks (sponsored)", "Clicks (total)", "Reactions (organic)",
                   "Reactions (sponsored)", "Reactions (total)", "Comments (organic)",
                   "Comments (sponsored)", "Comments (total)", f"{word} (organic)",
                   f"{word} (sponsored)", f"{word} (total)",
                   "Engagement rate (organic)"])  # fmt: skip
        ws.append(["03/01/2026", 800, 0, 800, 610, 25, 0, 25, 30, 0, 30, 4, 0, 4, 2, 0, 2, 0.07])
        ws.append(["03/02/2026", 950, 100, 1050, 700, 31, 3, 34, 41, 1, 42, 6, 0, 6, 3, 1, 4, 0.08])
        posts = wb.create_sheet("All posts")
        posts.append(["All posts for Eksempel kommune, 03/01/2026 - 03/03/2026"])
        posts.append(["Post title", "Post link", "Post type", "Campaign name", "Posted by",
                      "Created date", "Campaign start date", "Campaign end date", "Audience",
                      "Impressions", "Views (excluding off-site video views)", "Off-site views",
                      "Clicks", "Click through rate (CTR)", "Likes", "Comments", word,
                      "Follows", "Engagement rate", "Content Type"])  # fmt: skip
        posts.append(["Vi søker sommervikarer", "https://www.linkedin.com/feed/update/urn:li:activity:7300000000000000001",
                      "Organic", "", "Kari Nordmann", "03/01/2026", "", "", "All followers",
                      1200, "", "", 48, 0.04, 60, 7, 5, 2, 0.1, "Text"])  # fmt: skip
        posts.append(["Årsrapporten er ute", "https://www.linkedin.com/feed/update/urn:li:ugcPost:7300000000000000002",
                      "Organic", "", "Ola Hansen", "03/02/2026", "", "", "All followers",
                      800, "", "", 20, 0.025, 33, 2, 1, 0, 0.07, "Document"])  # fmt: skip
        buf = io.BytesIO()
        wb.save(buf)
        stamp = datetime(2026, 3, 4, tzinfo=UTC)
        (HERE / name).write_bytes(stable_xlsx_bytes(buf.getvalue(), stamp))

    (HERE / "unknown_layout.csv").write_bytes(
        csv_text(
            [["Navn", "E-post", "Telefon"], ["Kari", "kari@example.no", "12345678"]], ";"
        ).encode()
    )
    print(f"wrote export samples to {HERE}")


if __name__ == "__main__":
    main()
