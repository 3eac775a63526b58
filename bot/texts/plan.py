"""Strings for the annual plan ("årshjul"): dates and rules, import problems, export headers."""

TEXTS: dict[str, dict[str, str]] = {
    # --- dates and rules (WhenError.key) --------------------------------------------------
    "plan.when.empty": {
        "nb": "Datoen mangler.",
        "sv": "Datum saknas.",
        "en": "The date is missing.",
    },
    "plan.when.unparsable": {
        "nb": "«{value}» er ikke en dato jeg forstår. Skriv for eksempel 2026-04-30, 30.04., "
        "«første mandag i juni» eller en RRULE.",
        "sv": "”{value}” är inget datum jag förstår. Skriv till exempel 2026-04-30, 30/4, "
        "”första måndagen i juni” eller en RRULE.",
        "en": "“{value}” is not a date I understand. Write for example 2026-04-30, 04-30, "
        "“first Monday of June” or an RRULE.",
    },
    "plan.when.no_such_date": {
        "nb": "«{value}» finnes ikke i kalenderen.",
        "sv": "”{value}” finns inte i kalendern.",
        "en": "“{value}” does not exist in the calendar.",
    },
    "plan.when.year_out_of_range": {
        "nb": "Året i «{value}» ser feil ut.",
        "sv": "Året i ”{value}” ser fel ut.",
        "en": "The year in “{value}” looks wrong.",
    },
    "plan.when.bad_rule": {
        "nb": "«{value}» er ikke en regel jeg forstår. Skriv for eksempel «siste fredag i august».",
        "sv": "”{value}” är ingen regel jag förstår. Skriv till exempel "
        "”sista fredagen i augusti”.",
        "en": "“{value}” is not a rule I understand. Write for example “last Friday of August”.",
    },
    "plan.when.bad_rrule": {
        "nb": "«{value}» er ikke en gyldig RRULE (RFC 5545).",
        "sv": "”{value}” är ingen giltig RRULE (RFC 5545).",
        "en": "“{value}” is not a valid RRULE (RFC 5545).",
    },
    "plan.when.rrule_never": {
        "nb": "Regelen «{value}» gir aldri noen dato.",
        "sv": "Regeln ”{value}” ger aldrig något datum.",
        "en": "The rule “{value}” never produces a date.",
    },
    # --- describing a date or rule --------------------------------------------------------
    "plan.when.yearly": {"nb": "{day} hvert år", "sv": "{day} varje år", "en": "{day} every year"},
    "plan.when.rule": {
        "nb": "{nth} {weekday} i {month}",
        "sv": "{nth} {weekday} i {month}",
        "en": "{nth} {weekday} of {month}",
    },
    "plan.when.rrule": {
        "nb": "gjentas etter regelen {rule}",
        "sv": "upprepas enligt regeln {rule}",
        "en": "repeats by the rule {rule}",
    },
    "plan.ordinal.1": {"nb": "første", "sv": "första", "en": "first"},
    "plan.ordinal.2": {"nb": "andre", "sv": "andra", "en": "second"},
    "plan.ordinal.3": {"nb": "tredje", "sv": "tredje", "en": "third"},
    "plan.ordinal.4": {"nb": "fjerde", "sv": "fjärde", "en": "fourth"},
    "plan.ordinal.5": {"nb": "femte", "sv": "femte", "en": "fifth"},
    "plan.ordinal.last": {"nb": "siste", "sv": "sista", "en": "last"},
    "plan.weekday.0": {"nb": "mandag", "sv": "måndagen", "en": "Monday"},
    "plan.weekday.1": {"nb": "tirsdag", "sv": "tisdagen", "en": "Tuesday"},
    "plan.weekday.2": {"nb": "onsdag", "sv": "onsdagen", "en": "Wednesday"},
    "plan.weekday.3": {"nb": "torsdag", "sv": "torsdagen", "en": "Thursday"},
    "plan.weekday.4": {"nb": "fredag", "sv": "fredagen", "en": "Friday"},
    "plan.weekday.5": {"nb": "lørdag", "sv": "lördagen", "en": "Saturday"},
    "plan.weekday.6": {"nb": "søndag", "sv": "söndagen", "en": "Sunday"},
    # --- occurrence status ----------------------------------------------------------------
    "plan.status.open": {"nb": "Åpen", "sv": "Öppen", "en": "Open"},
    "plan.status.done": {"nb": "Ferdig", "sv": "Klar", "en": "Done"},
    "plan.status.skipped": {"nb": "Hoppet over", "sv": "Överhoppad", "en": "Skipped"},
    # --- column names (import accepts all three; export writes the reader's) -----------------
    "plan.field.key": {"nb": "Nøkkel", "sv": "Nyckel", "en": "Key"},
    "plan.field.title": {"nb": "Tittel", "sv": "Titel", "en": "Title"},
    "plan.field.date": {"nb": "Dato", "sv": "Datum", "en": "Date"},
    "plan.field.owner": {"nb": "Ansvarlig", "sv": "Ansvarig", "en": "Owner"},
    "plan.field.category": {"nb": "Kategori", "sv": "Kategori", "en": "Category"},
    "plan.field.description": {"nb": "Beskrivelse", "sv": "Beskrivning", "en": "Description"},
    "plan.field.channel": {"nb": "Kanal", "sv": "Kanal", "en": "Channel"},
    "plan.field.team": {"nb": "Team", "sv": "Team", "en": "Team"},
    "plan.field.lead_days": {
        "nb": "Varsel (dager)",
        "sv": "Påminnelse (dagar)",
        "en": "Lead days",
    },
    "plan.field.occurrence": {"nb": "Frist", "sv": "Deadline", "en": "Deadline"},
    "plan.field.status": {"nb": "Status", "sv": "Status", "en": "Status"},
    "plan.field.by": {"nb": "Av", "sv": "Av", "en": "By"},
    "plan.field.at": {"nb": "Tidspunkt (UTC)", "sv": "Tidpunkt (UTC)", "en": "Time (UTC)"},
    "plan.field.snoozed_until": {
        "nb": "Utsatt til (UTC)",
        "sv": "Uppskjuten till (UTC)",
        "en": "Snoozed until (UTC)",
    },
    "plan.export.sheet_plan": {"nb": "Årshjul", "sv": "Årshjul", "en": "Annual plan"},
    "plan.export.sheet_status": {"nb": "Status", "sv": "Status", "en": "Status"},
    # --- import problems (RowError.message_key) ---------------------------------------------
    "plan.import.at_row": {
        "nb": "Rad {row}, kolonne «{column}»: {message}",
        "sv": "Rad {row}, kolumn ”{column}”: {message}",
        "en": "Row {row}, column “{column}”: {message}",
    },
    "plan.import.at_row_only": {
        "nb": "Rad {row}: {message}",
        "sv": "Rad {row}: {message}",
        "en": "Row {row}: {message}",
    },
    "plan.import.missing_column": {
        "nb": "Kolonnen «{value}» mangler i overskriftsraden.",
        "sv": "Kolumnen ”{value}” saknas i rubrikraden.",
        "en": "The column “{value}” is missing from the header row.",
    },
    "plan.import.empty_cell": {
        "nb": "Cellen er tom, men må fylles ut.",
        "sv": "Cellen är tom men måste fyllas i.",
        "en": "The cell is empty but is required.",
    },
    "plan.import.unknown_owner": {
        "nb": "Jeg kjenner ikke igjen «{value}». Bruk navn eller id fra konfigurasjonen.",
        "sv": "Jag känner inte igen ”{value}”. Använd namn eller id från konfigurationen.",
        "en": "I don't know “{value}”. Use a name or id from the configuration.",
    },
    "plan.import.unknown_category": {
        "nb": "«{value}» er ikke en av kategoriene i konfigurasjonen.",
        "sv": "”{value}” är inte en av kategorierna i konfigurationen.",
        "en": "“{value}” is not one of the configured categories.",
    },
    "plan.import.bad_lead_days": {
        "nb": "«{value}» er ikke en liste med antall dager, for eksempel «14, 7, 1».",
        "sv": "”{value}” är ingen lista med antal dagar, till exempel ”14, 7, 1”.",
        "en": "“{value}” is not a list of days, for example “14, 7, 1”.",
    },
    "plan.import.duplicate_key": {
        "nb": "Nøkkelen «{value}» er brukt på en tidligere rad. Gi radene ulike nøkler "
        "eller titler.",
        "sv": "Nyckeln ”{value}” används redan på en tidigare rad. Ge raderna olika nycklar "
        "eller titlar.",
        "en": "The key “{value}” is already used by an earlier row. Give rows distinct keys "
        "or titles.",
    },
    "plan.import.too_long": {
        "nb": "Teksten er for lang (høyst {value} tegn).",
        "sv": "Texten är för lång (högst {value} tecken).",
        "en": "The text is too long (at most {value} characters).",
    },
    "plan.import.cell_error": {
        "nb": "Cellen inneholder en Excel-feil ({value}).",
        "sv": "Cellen innehåller ett Excel-fel ({value}).",
        "en": "The cell contains an Excel error ({value}).",
    },
    "plan.import.formula_no_value": {
        "nb": "Cellen har en formel uten lagret resultat. Åpne filen i Excel, lagre den og prøv "
        "igjen.",
        "sv": "Cellen har en formel utan sparat resultat. Öppna filen i Excel, spara den och "
        "försök igen.",
        "en": "The cell has a formula without a saved result. Open the file in Excel, save it "
        "and try again.",
    },
    "plan.import.empty_file": {
        "nb": "Filen er tom.",
        "sv": "Filen är tom.",
        "en": "The file is empty.",
    },
    "plan.import.no_rows": {
        "nb": "Fant overskriftene, men ingen rader under dem.",
        "sv": "Hittade rubrikerna men inga rader under dem.",
        "en": "Found the headers but no rows below them.",
    },
    "plan.import.wrong_type": {
        "nb": "Filen heter {value}, men innholdet er ikke det filtypen sier.",
        "sv": "Filen heter {value}, men innehållet är inte vad filtypen säger.",
        "en": "The file is called {value}, but its content is not what the extension says.",
    },
    "plan.import.damaged": {
        "nb": "Filen er skadet og kan ikke leses. Lagre den på nytt og prøv igjen.",
        "sv": "Filen är skadad och kan inte läsas. Spara den på nytt och försök igen.",
        "en": "The file is damaged and cannot be read. Save it again and try again.",
    },
    "plan.import.unknown_format": {
        "nb": "Kan ikke lese «{value}». Bruk XLSX, CSV eller ICS.",
        "sv": "Kan inte läsa ”{value}”. Använd XLSX, CSV eller ICS.",
        "en": "Cannot read “{value}”. Use XLSX, CSV or ICS.",
    },
    "plan.import.xls_not_supported": {
        "nb": "Dette er en gammel Excel-fil (.xls). Lagre den som .xlsx og prøv igjen.",
        "sv": "Det här är en gammal Excel-fil (.xls). Spara den som .xlsx och försök igen.",
        "en": "This is an old Excel file (.xls). Save it as .xlsx and try again.",
    },
    "plan.import.hidden_sheet_ignored": {
        "nb": "Det skjulte arket «{value}» ble ikke lest.",
        "sv": "Det dolda bladet ”{value}” lästes inte.",
        "en": "The hidden sheet “{value}” was not read.",
    },
    "plan.import.other_sheet_ignored": {
        "nb": "Bare det første arket leses; «{value}» ble ikke lest.",
        "sv": "Bara det första bladet läses; ”{value}” lästes inte.",
        "en": "Only the first sheet is read; “{value}” was not read.",
    },
    "plan.import.no_visible_sheet": {
        "nb": "Arbeidsboken har ingen synlige ark.",
        "sv": "Arbetsboken har inga synliga blad.",
        "en": "The workbook has no visible sheets.",
    },
    "plan.import.encoding_guess": {
        "nb": "Filen var ikke UTF-8; den ble lest som Windows-1252. Sjekk æ, ø og å.",
        "sv": "Filen var inte UTF-8; den lästes som Windows-1252. Kontrollera å, ä och ö.",
        "en": "The file was not UTF-8; it was read as Windows-1252. Check special letters.",
    },
    "plan.import.ics_no_date": {
        "nb": "Hendelsen har ingen startdato (DTSTART).",
        "sv": "Händelsen har inget startdatum (DTSTART).",
        "en": "The event has no start date (DTSTART).",
    },
    "plan.import.ics_bad_event": {
        "nb": "Hendelsen er skadet og kan ikke leses.",
        "sv": "Händelsen är skadad och kan inte läsas.",
        "en": "The event is damaged and cannot be read.",
    },
    "plan.import.ics_override_ignored": {
        "nb": "En flyttet forekomst av «{value}» ble ikke lest; serien gjelder.",
        "sv": "En flyttad förekomst av ”{value}” lästes inte; serien gäller.",
        "en": "A moved occurrence of “{value}” was not read; the series applies.",
    },
}
