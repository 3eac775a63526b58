"""What the columns and titles of Meta Business Suite and LinkedIn exports mean, in Norwegian,
Swedish, Danish, Finnish and English.

A header is looked up exactly first (the names the tools print), then by word stems, so a
renamed or differently inflected column still lands on its figure. Each header becomes a
:class:`Column`: a post field (id, time, link, text ...), a figure (one of
:data:`bot.sources.model.METRIC_FIELDS`), a known column vaktbot does not store (duration,
custom labels, visits ...), or unknown (reported once to whoever imports the file).

Daily increments and lifetime totals: ``followers`` is a lifetime total and only ever comes from
an account-level series ("Followers", "Følgere", "Seuraajat"); "Follows", "Følginger",
"Följer", "New followers" are the follows gained that day (``new_follows``). On a post row
there are no totals: a followers column there counts the follows the post brought.

Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Role = Literal["field", "figure", "ignored", "unknown"]
Variant = Literal["total", "organic", "sponsored", ""]


@dataclass(frozen=True)
class Column:
    role: Role
    name: str = ""  # the field or figure
    rank: int = 0  # several columns for one figure: the lowest rank wins ("Total clicks")
    variant: Variant = ""  # LinkedIn's "(total)", "(organic)", "(sponsored)"


def _table(spec: dict[tuple[str, int], str]) -> dict[str, tuple[str, int]]:
    out: dict[str, tuple[str, int]] = {}
    for (name, rank), words in spec.items():
        for word in words.split("|"):
            out[word] = (name, rank)
    return out


# post and row fields (exact, normalised headers)
FIELDS = _table(
    {
        ("post_id", 0): "post id|innleggs-id|publiserings-id|publicerings-id|inläggs-id|"
        "opslags-id|julkaisun tunnus|julkaisun id|media id",
        ("page_id", 0): "page id|side-id|sid-id|sidans id|sivun tunnus|sivun id",
        ("account_id", 0): "account id|konto-id|kontots id|tilin tunnus|tilin id",
        ("account_name", 0): "page name|account name|account username|sidenavn|sidnamn|"
        "sidans namn|kontonavn|kontonamn|brukernavn for konto|kontoens brukernavn|"
        "kontots användarnamn|kontobrugernavn|kontoens brugernavn|sivun nimi|tilin nimi|"
        "tilin käyttäjänimi",
        ("title", 0): "title|tittel|titel|otsikko",
        ("text", 0): "description|beskrivelse|beskrivning|kuvaus",
        ("text", 1): "post title|innleggstittel|inläggstitel|inläggsrubrik|opslagstitel|"
        "julkaisun otsikko",
        ("published", 0): "publish time|publiseringstidspunkt|publiseringstid|publiceringstid|"
        "publiceringstidpunkt|udgivelsestidspunkt|udgivelsestid|julkaisuaika|"
        "julkaisuajankohta",
        ("published", 1): "created date|opprettet dato|opprettelsesdato|skapad datum|"
        "skapat datum|datum skapat|oprettet dato|oprettelsesdato|luontipäivä|luotu",
        ("permalink", 0): "permalink|permalenke|permalänk|pysyvä linkki",
        ("permalink", 1): "post link|innleggslenke|lenke til innlegg|inläggslänk|"
        "länk till inlägg|opslagslink|link til opslag|julkaisun linkki",
        ("kind", 0): "content type|innholdstype|innehållstyp|indholdstype|sisältötyyppi",
        ("kind", 1): "post type|innleggstype|inläggstyp|opslagstype|julkaisun tyyppi|"
        "julkaisutyyppi",
        ("date", 0): "date|dato|datum|päivämäärä|päivä",
        ("primary", 0): "primary|primær|primär|primært|ensisijainen",
    }
)

# figures by exact header; "followers" here is read as a lifetime total (page level)
FIGURES = _table(
    {
        ("views", 0): "views|visninger|visningar|näyttökerrat",
        ("views", 1): "impressions|eksponeringer|exponeringar",
        ("reach", 0): "reach|rekkevidde|räckvidd|rækkevidde|kattavuus|viewers|seere|"
        "tittare|katsojat",
        ("reach", 1): "unique impressions|unike visninger|unika visningar|unikke visninger|"
        "yksilölliset näyttökerrat",
        ("reactions", 0): "reactions|reaksjoner|reaktioner|reaktiot",
        ("reactions", 1): "likes|liker|likerklikk|gilla-markeringar|synes godt om|tykkäykset",
        ("comments", 0): "comments|kommentarer|kommentit",
        ("shares", 0): "shares|reposts|delinger|gjenpubliseringer|delningar|genopslag|"
        "jaot|jakamiset|uudelleenjulkaisut",
        ("saves", 0): "saves|saved|lagringer|lagrede|sparade|sparade objekt|gemte|"
        "gemninger|tallennukset",
        ("clicks", 0): "total clicks|klikk totalt|totalt antall klikk|klick totalt|"
        "totalt antal klick|klik i alt|klikkaukset yhteensä",
        ("clicks", 1): "clicks|klikk|klick|klik|klikkaukset",
        ("clicks", 2): "link clicks|lenkeklikk|länkklick|linkklik|linkin klikkaukset|"
        "linkkien klikkaukset",
        ("interactions", 0): "reactions, comments and shares|"
        "reaksjoner, kommentarer og delinger|reaktioner, kommentarer och delningar|"
        "reaktioner, kommentarer og delinger|reaktiot, kommentit ja jaot|"
        "content interactions|interactions|innholdsinteraksjoner|interaksjoner|"
        "interaktioner|interaktioner med innehåll|indholdsinteraktioner|"
        "sisällön vuorovaikutukset|vuorovaikutukset|post engagements",
        ("new_follows", 0): "follows|page follows|følginger|följningar|följer|følger|følgninger|"
        "seuraamiset|new followers|nye følgere|nya följare|uudet seuraajat|"
        "sideoppfølginger",
        ("followers", 0): "followers|følgere|följare|seuraajat|total followers|"
        "totalt antall følgere|totalt antal följare|følgere i alt|seuraajia yhteensä|"
        "lifetime followers",
    }
)

# known columns that hold no figure vaktbot stores (checked before the stems below)
IGNORED = re.compile(
    r"duration|varighet|varaktighet|varighed|kesto|caption|teksting|textning|tekstning|"
    r"tekstitys|crosspost|kryss|kors|kryds|ristiin|is share|er deling|är delning|on jako|"
    r"finansier|rahoitet|eksterne|externa|ulkoiset|language|språk|sprog|kiel|custom label|"
    r"etikett|tunniste|label|funded|"
    r"data comment|datakommentar|tietokommentti|other clicks|andre klikk|andra klick|"
    r"andre klik|muut klikkaukset|matched audience|negative feedback|negativ|"
    r"seconds viewed|sekunder|sekunnit|estimated earnings|inntekt|intäkter|indtjening|"
    r"tulot|cpm|ad impressions|annonse|annons|annonce|mainos|visits|besøk|besök|besøg|"
    r"käynnit|unfollow|avfølg|slutat följa|ikke længere|lopettaneet|engagement ?rate|"
    r"engasjementsrate|engagemangsgrad|engagementsrate|sitoutumisaste|ctr|"
    r"click.?through|klikkfrekvens|klickfrekvens|klikrate|napsautussuhde|campaign|"
    r"kampanj|kampanje|kampagne|kampanja|posted by|publisert av|publicerad av|"
    r"slået op af|julkaissut|audience|målgrupp|kohdeyleisö|off-site|video|page views|"
    r"sidevisninger|sidvisningar|sivun katselukerrat|visitor|besøkende|besökare|besøgende|"
    r"kävijä",
    re.I,
)

# word stems, in order: the first that matches names the figure
STEMS: tuple[tuple[re.Pattern[str], str, int], ...] = tuple(
    (re.compile(p, re.I), name, rank)
    for p, name, rank in (
        (r"(reac|reak|reakt).*(comment|komment).*(share|del|jao|jak)", "interactions", 0),
        (r"interac|interak|vuorovaikut|engagements$", "interactions", 1),
        (r"unique impression|unike visning|unika visning|unikke visning|yksilölli", "reach", 1),
        (r"reach|rekkevidd|räckvidd|rækkevidd|kattavuu|viewers|seere|tittare|katsoja", "reach", 0),
        (r"view|visning|impression|eksponering|exponering|näyttö", "views", 1),
        (
            r"new follower|nye følgere|nya följare|uudet seuraajat|follows|følging|følgning|"
            r"följning|seuraamis|^följer$",
            "new_follows",
            0,
        ),
        (r"follower|følgere|följare|seuraaja", "followers", 0),
        (r"link.?click|lenkeklikk|länkklick|linkklik|linkin klik|linkkien klik", "clicks", 2),
        (r"click|klikk|klick|klik", "clicks", 1),
        (r"reaction|reaksjon|reaktion|reaktio", "reactions", 0),
        (r"like|liker|gilla|synes godt|tykkä", "reactions", 1),
        (r"comment|komment", "comments", 0),
        (r"share|repost|deling|delning|genopslag|gjenpubli|jaot|jakami|uudelleenjulk", "shares", 0),
        (r"save|lagring|lagred|sparad|gemt|gemning|tallenn", "saves", 0),
    )
)

VARIANTS: dict[str, Variant] = {
    **dict.fromkeys(("total", "totalt", "i alt", "yhteensä", "totalt antal"), "total"),
    **dict.fromkeys(
        ("organic", "organisk", "organiske", "organiska", "organiskt", "orgaaninen", "orgaaniset"),
        "organic",
    ),
    **dict.fromkeys(
        (
            "sponsored",
            "sponset",
            "sponsede",
            "sponsrade",
            "sponsrad",
            "sponsoreret",
            "sponsorerede",
            "sponsoroitu",
            "sponsoroidut",
        ),
        "sponsored",
    ),  # fmt: skip
}

# the "Date" cell of a post export's lifetime rows
LIFETIME = frozenset(
    {
        "lifetime",
        "livstid",
        "levetid",
        "hele levetiden",
        "totalt",
        "total",
        "i alt",
        "hele perioden",
        "hela perioden",
        "elinaika",
        "koko elinaika",
        "yhteensä",
    }
)
PLATFORM_PREFIX = re.compile(r"^(facebook|instagram|linkedin)[\s-]*", re.I)


def norm_header(h: object) -> str:
    """A header as compared: lower case, one space, no BOM, quotes or dash variants."""
    text = str(h or "").replace("\ufeff", "").replace("\u2013", "-").replace("\u2011", "-")
    return re.sub(r"\s+", " ", text).strip().strip('"').strip().lower()


def _figure(text: str) -> Column | None:
    if text in FIGURES:
        name, rank = FIGURES[text]
        return Column("figure", name, rank)
    if IGNORED.search(text):
        return Column("ignored")
    for pattern, name, rank in STEMS:
        if pattern.search(text):
            return Column("figure", name, rank + 10)  # an exact name wins over a stem
    return None


def classify(header: object, *, per_post: bool = False) -> Column:
    """What a column means. ``per_post``: the row is one post's (a followers column there
    counts the follows the post brought, never the account's total)."""
    text = norm_header(header)
    if not text:
        return Column("ignored")
    if text in FIELDS:
        name, rank = FIELDS[text]
        return Column("field", name, rank)
    variant: Variant = ""
    base = text
    if m := re.match(r"^(.*?)\s*\(([^()]*)\)$", text):
        if m[2] in VARIANTS:
            base, variant = m[1], VARIANTS[m[2]]
    if not variant and (m := re.match(r"^([\w-]+) (.+)$", base)):
        first = m[1]  # LinkedIn's follower sheet: "Organic followers", "Sponsede følgere"
        if first in VARIANTS and VARIANTS[first] != "total":
            base, variant = m[2], VARIANTS[first]
        elif first.startswith(("auto", "automati")):
            base, variant = m[2], "sponsored"
    col = _figure(base)
    if col is None:
        return Column("unknown")
    if col.role == "figure" and col.name == "followers" and per_post:
        col = Column("figure", "new_follows", col.rank)
    return Column(col.role, col.name, col.rank, variant)


def title_metric(title: str) -> tuple[str | None, Column]:
    """The platform and figure a one-metric daily series is titled with ("Facebook-følginger"
    -> facebook, new follows; "Instagram reach" -> instagram, reach; "Views" -> None, views)."""
    text = norm_header(title)
    platform = None
    if m := PLATFORM_PREFIX.match(text):
        platform, text = m[1].lower(), text[m.end() :]
    return platform, classify(text)


@dataclass
class Header:
    """A header row read: where each field and figure is, and what was left over."""

    fields: dict[str, int] = field(default_factory=dict)
    figures: dict[str, tuple[int, ...]] = field(default_factory=dict)  # summed when several
    unknown: list[str] = field(default_factory=list)  # as written in the file
    ignored: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.figures)


def read_header(row: Sequence[object], *, per_post: bool = False) -> Header:
    """Each column's meaning. Of several columns for one figure the best-ranked wins; of
    LinkedIn's variants the total, else organic and sponsored added up. Columns that lose are
    listed as ignored, never as unknown."""
    out = Header()
    field_rank: dict[str, int] = {}
    candidates: dict[str, list[tuple[int, Variant, int, str]]] = {}
    for i, raw in enumerate(row):
        label = str(raw or "").replace("\ufeff", "").strip()
        if not label:
            continue
        col = classify(label, per_post=per_post)
        if col.role == "field":
            if col.name not in field_rank or col.rank < field_rank[col.name]:
                if col.name in out.fields:
                    out.ignored.append(str(row[out.fields[col.name]]).strip())
                out.fields[col.name], field_rank[col.name] = i, col.rank
            else:
                out.ignored.append(label)
        elif col.role == "figure":
            candidates.setdefault(col.name, []).append((col.rank, col.variant, i, label))
        elif col.role == "ignored":
            out.ignored.append(label)
        else:
            out.unknown.append(label)
    for name, cands in candidates.items():
        best = min(c[0] for c in cands)
        top = [c for c in cands if c[0] == best]
        totals = [c for c in top if c[1] in ("", "total")]
        chosen = totals[:1] or top  # no total: organic + sponsored
        out.figures[name] = tuple(c[2] for c in chosen)
        out.ignored += [c[3] for c in cands if c not in chosen]
    return out
