"""Strings of the `vaktbot` command line (bot.cli), in the organisation's language. Messages
printed before a valid config is loaded (a broken YAML file, a bad environment variable) stay in
English: there is no organisation to ask yet."""

TEXTS: dict[str, dict[str, str]] = {
    "cli.error": {"nb": "feil", "sv": "fel", "en": "error"},
    "cli.note": {"nb": "merk", "sv": "obs", "en": "note"},
    "cli.check_ok": {
        "nb": "{path}: OK – {teams}, {people}, {accounts}, tidssone {tz}",
        "sv": "{path}: OK – {teams}, {people}, {accounts}, tidszon {tz}",
        "en": "{path}: OK – {teams}, {people}, {accounts}, time zone {tz}",
    },
    "cli.tick": {
        "nb": "tick {at}: {jobs} kjørt, {sent} sendt, {retry} prøves igjen, {failed} feilet",
        "sv": "tick {at}: {jobs} körda, {sent} skickade, {retry} försöks igen, {failed} misslyckades",
        "en": "tick {at}: {jobs} ran, {sent} sent, {retry} to retry, {failed} failed",
    },
    "cli.send": {
        "nb": "{sent} sendt, {retry} prøves igjen",
        "sv": "{sent} skickade, {retry} försöks igen",
        "en": "{sent} sent, {retry} to retry",
    },
    "cli.log_file": {
        "nb": "Loggen skrives til {path}.",
        "sv": "Loggen skrivs till {path}.",
        "en": "The log is written to {path}.",
    },
    "cli.demo.bad_format": {
        "nb": "--format: bruk text eller jsonl, ikke «{value}».",
        "sv": "--format: använd text eller jsonl, inte ”{value}”.",
        "en": "--format: use text or jsonl, not “{value}”.",
    },
    "cli.budget.title": {
        "nb": "Meldingsbudsjett (høyst {channel} per teamkanal per dag, høyst {dms} direktemeldinger per person per dag):",
        "sv": "Meddelandebudget (högst {channel} per teamkanal och dag, högst {dms} direktmeddelanden per person och dag):",
        "en": "Message budget (at most {channel} per team channel a day, at most {dms} direct messages per person a day):",
    },
    "cli.budget.day": {"nb": "dag", "sv": "dag", "en": "day"},
    "cli.budget.dm_max": {
        "nb": "flest DM (hvem)",
        "sv": "flest DM (vem)",
        "en": "most DMs (who)",
    },
    "cli.budget.kinds": {
        "nb": "Meldinger: {total} ({kinds}); oppdateringer på stedet: {edits}",
        "sv": "Meddelanden: {total} ({kinds}); uppdateringar på plats: {edits}",
        "en": "Messages: {total} ({kinds}); edits in place: {edits}",
    },
    "cli.budget.summary": {
        "nb": "Høyst {channel} i en kanal på en dag, høyst {dms} DM til én person på en dag, {night} kanalinnlegg utenfor åpningstid; {reached} av {worthy} kommentarer som trengte varsel nådde et menneske, {waiting} venter på neste åpning.",
        "sv": "Högst {channel} i en kanal på en dag, högst {dms} DM till en person på en dag, {night} kanalinlägg utanför öppettid; {reached} av {worthy} kommentarer som behövde avisering nådde en människa, {waiting} väntar på nästa öppning.",
        "en": "At most {channel} in a channel in a day, at most {dms} DMs to one person in a day, {night} channel posts outside opening hours; {reached} of {worthy} comments worth an alert reached a person, {waiting} wait for the next opening.",
    },
    "cli.budget.ok": {
        "nb": "Innenfor budsjettet.",
        "sv": "Inom budgeten.",
        "en": "Within the budget.",
    },
    "cli.budget.over": {
        "nb": "Over budsjettet.",
        "sv": "Över budgeten.",
        "en": "Over the budget.",
    },
    "cli.bad_date": {
        "nb": "{option}: «{value}» er ikke en dato. Skriv for eksempel 2026-11-23.",
        "sv": "{option}: ”{value}” är inget datum. Skriv till exempel 2026-11-23.",
        "en": "{option}: “{value}” is not a date. Write for example 2026-11-23.",
    },
    "cli.bad_instant": {
        "nb": "--at: «{value}» er ikke et tidspunkt. Skriv for eksempel 2026-11-23T08:00 (i organisasjonens tidssone) eller 2026-11-23T08:00+01:00.",
        "sv": "--at: ”{value}” är ingen tidpunkt. Skriv till exempel 2026-11-23T08:00 (i organisationens tidszon) eller 2026-11-23T08:00+01:00.",
        "en": "--at: “{value}” is not an instant. Write for example 2026-11-23T08:00 (in the organisation's time zone) or 2026-11-23T08:00+01:00.",
    },
    "cli.no_rotation": {
        "nb": "Det er ikke satt opp noen vaktordning (rotation i vaktbot.yml).",
        "sv": "Det finns inget jourschema (rotation i vaktbot.yml).",
        "en": "No rotation is configured (rotation in vaktbot.yml).",
    },
    "cli.wrote": {"nb": "Skrev {path}.", "sv": "Skrev {path}.", "en": "Wrote {path}."},
    "cli.hours.reversed": {
        "nb": "--to ({last}) er før --from ({first}).",
        "sv": "--to ({last}) är före --from ({first}).",
        "en": "--to ({last}) is before --from ({first}).",
    },
    "cli.feed.rotation": {"nb": "vaktliste", "sv": "jourschema", "en": "rota"},
    "cli.feed.plan": {"nb": "årshjul", "sv": "årshjul", "en": "annual plan"},
    "cli.feed.all": {
        "nb": "vaktliste for alle team (bare for administratorer)",
        "sv": "jourschema för alla team (bara för administratörer)",
        "en": "rota of all teams (admins only)",
    },
    "cli.report.bad_format": {
        "nb": "--format: bruk xlsx, csv eller md, ikke «{value}».",
        "sv": "--format: använd xlsx, csv eller md, inte ”{value}”.",
        "en": "--format: use xlsx, csv or md, not “{value}”.",
    },
    "cli.report.xlsx_needs_out": {
        "nb": "--format xlsx trenger --out FIL (et regneark kan ikke skrives til skjermen).",
        "sv": "--format xlsx behöver --out FIL (ett kalkylark kan inte skrivas till skärmen).",
        "en": "--format xlsx needs --out FILE (a workbook cannot be printed).",
    },
    "cli.unknown_team": {
        "nb": "--team: ukjent team «{value}».",
        "sv": "--team: okänt team ”{value}”.",
        "en": "--team: unknown team “{value}”.",
    },
    "cli.report.bad_period": {
        "nb": "--period: «{value}» er ikke en periode som 2026-Q3 eller 2026-H1.",
        "sv": "--period: ”{value}” är ingen period som 2026-Q3 eller 2026-H1.",
        "en": "--period: “{value}” is not a period like 2026-Q3 or 2026-H1.",
    },
    "cli.report.wrote": {
        "nb": "{label}: skrev {path} ({size}).",
        "sv": "{label}: skrev {path} ({size}).",
        "en": "{label}: wrote {path} ({size}).",
    },
    "cli.export.unknown_account": {
        "nb": "--account: ukjent konto «{value}». Se accounts i vaktbot.yml.",
        "sv": "--account: okänt konto ”{value}”. Se accounts i vaktbot.yml.",
        "en": "--account: unknown account “{value}”. See accounts in vaktbot.yml.",
    },
    "cli.export.unreadable": {
        "nb": "{path}: kan ikke lese filen ({reason}).",
        "sv": "{path}: kan inte läsa filen ({reason}).",
        "en": "{path}: cannot read the file ({reason}).",
    },
    "cli.export.unresolved": {
        "nb": "{path}: rader for ukjente side- eller konto-id-er {ids}. Legg dem til under accounts i vaktbot.yml, eller bruk --account.",
        "sv": "{path}: rader för okända sid- eller konto-id:n {ids}. Lägg till dem under accounts i vaktbot.yml, eller använd --account.",
        "en": "{path}: rows for unknown page or account ids {ids}. Add them under accounts in vaktbot.yml, or pass --account.",
    },
    "cli.export.done": {
        "nb": "{path}: {kind} ({platform}) – {rows}, {posts}, {figures} lagret, {skipped} hoppet over.",
        "sv": "{path}: {kind} ({platform}) – {rows}, {posts}, {figures} sparade, {skipped} överhoppade.",
        "en": "{path}: {kind} ({platform}) – {rows}, {posts}, {figures} stored, {skipped} skipped.",
    },
    "cli.export.no_platform": {
        "nb": "plattform ikke oppgitt",
        "sv": "plattform inte angiven",
        "en": "platform not named",
    },
    "cli.export.wrong_platform": {
        "nb": "{path}: filen har tall fra {found}, men konto «{account}» er en {platform}-konto i vaktbot.yml. Bruk id-en til riktig konto.",
        "sv": "{path}: filen har siffror från {found}, men konto ”{account}” är ett {platform}-konto i vaktbot.yml. Använd id:t för rätt konto.",
        "en": "{path}: the file holds {found} figures, but account “{account}” is a {platform} account in vaktbot.yml. Pass the id of the right account.",
    },
    "cli.export.unknown_columns": {
        "nb": "kolonner som ikke ble forstått, ikke importert: {columns} (si fra til dem som vedlikeholder vaktbot hvis en av dem har tall dere trenger)",
        "sv": "kolumner som inte förstods, inte importerade: {columns} (säg till dem som underhåller vaktbot om någon av dem har siffror ni behöver)",
        "en": "columns not understood, not imported: {columns} (tell the vaktbot maintainers if one of them holds a figure you need)",
    },
    "cli.teams.placeholder": {
        "nb": "utviklerlenkene peker på {url}; bruk --url https://<botens offentlige adresse> for ekte lenker.",
        "sv": "utvecklarlänkarna pekar på {url}; använd --url https://<botens publika adress> för riktiga länkar.",
        "en": "developer links point at {url}; pass --url https://<your bot's public address> for real ones.",
    },
    "cli.teams.wrote": {
        "nb": "Skrev {path} – last den opp i Teams: Apper → Administrer appene dine → Last opp en app.",
        "sv": "Skrev {path} – ladda upp den i Teams: Appar → Hantera dina appar → Ladda upp en app.",
        "en": "Wrote {path} – upload it in Teams: Apps → Manage your apps → Upload an app.",
    },
}

PLURALS: dict[str, dict[str, dict[str, str]]] = {
    "cli.n_teams": {
        "nb": {"one": "{n} team", "other": "{n} team"},
        "sv": {"one": "{n} team", "other": "{n} team"},
        "en": {"one": "{n} team", "other": "{n} teams"},
    },
    "cli.n_people": {
        "nb": {"one": "{n} person", "other": "{n} personer"},
        "sv": {"one": "{n} person", "other": "{n} personer"},
        "en": {"one": "{n} person", "other": "{n} people"},
    },
    "cli.n_accounts": {
        "nb": {"one": "{n} konto", "other": "{n} kontoer"},
        "sv": {"one": "{n} konto", "other": "{n} konton"},
        "en": {"one": "{n} account", "other": "{n} accounts"},
    },
    "cli.n_jobs": {
        "nb": {"one": "{n} jobb", "other": "{n} jobber"},
        "sv": {"one": "{n} jobb", "other": "{n} jobb"},
        "en": {"one": "{n} job", "other": "{n} jobs"},
    },
    "cli.n_messages": {
        "nb": {"one": "{n} melding", "other": "{n} meldinger"},
        "sv": {"one": "{n} meddelande", "other": "{n} meddelanden"},
        "en": {"one": "{n} message", "other": "{n} messages"},
    },
    "cli.n_bytes": {
        "nb": {"one": "{n} byte", "other": "{n} byte"},
        "sv": {"one": "{n} byte", "other": "{n} byte"},
        "en": {"one": "{n} byte", "other": "{n} bytes"},
    },
    "cli.n_rows": {
        "nb": {"one": "{n} rad", "other": "{n} rader"},
        "sv": {"one": "{n} rad", "other": "{n} rader"},
        "en": {"one": "{n} row", "other": "{n} rows"},
    },
    "cli.n_new_posts": {
        "nb": {"one": "{n} nytt innlegg", "other": "{n} nye innlegg"},
        "sv": {"one": "{n} nytt inlägg", "other": "{n} nya inlägg"},
        "en": {"one": "{n} new post", "other": "{n} new posts"},
    },
    "cli.n_daily_figures": {
        "nb": {"one": "{n} dag med tall", "other": "{n} dager med tall"},
        "sv": {"one": "{n} dag med siffror", "other": "{n} dagar med siffror"},
        "en": {"one": "{n} day of figures", "other": "{n} days of figures"},
    },
}
