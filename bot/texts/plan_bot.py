"""Strings for the annual plan in the running bot: reminders, /vakt plan, the import CLI, feeds."""

TEXTS: dict[str, dict[str, str]] = {
    # --- reminders (scheduler/plan.py) ------------------------------------------------------
    "planbot.reminder.text": {
        "nb": "Påminnelse: «{title}» har frist {date} ({when}).",
        "sv": "Påminnelse: ”{title}” har deadline {date} ({when}).",
        "en": "Reminder: “{title}” is due {date} ({when}).",
    },
    "planbot.overdue.text": {
        "nb": "Forfalt: «{title}» hadde frist {date} ({when}). Er den gjort?",
        "sv": "Försenad: ”{title}” hade deadline {date} ({when}). Är den klar?",
        "en": "Overdue: “{title}” was due {date} ({when}). Is it done?",
    },
    "planbot.snoozed.text": {
        "nb": "Utsatt påminnelse: «{title}» har frist {date} ({when}).",
        "sv": "Uppskjuten påminnelse: ”{title}” har deadline {date} ({when}).",
        "en": "Snoozed reminder: “{title}” is due {date} ({when}).",
    },
    "planbot.when.today": {"nb": "i dag", "sv": "i dag", "en": "today"},
    "planbot.when.tomorrow": {"nb": "i morgen", "sv": "i morgon", "en": "tomorrow"},
    "planbot.when.yesterday": {"nb": "i går", "sv": "i går", "en": "yesterday"},
    "planbot.fact.deadline": {"nb": "Frist", "sv": "Deadline", "en": "Deadline"},
    "planbot.fact.repeats": {"nb": "Gjentas", "sv": "Upprepas", "en": "Repeats"},
    "planbot.button.done": {"nb": "Ferdig", "sv": "Klar", "en": "Done"},
    "planbot.button.snooze_1d": {
        "nb": "Utsett 1 dag",
        "sv": "Skjut upp 1 dag",
        "en": "Snooze 1 day",
    },
    "planbot.button.snooze_1w": {
        "nb": "Utsett 1 uke",
        "sv": "Skjut upp 1 vecka",
        "en": "Snooze 1 week",
    },
    "planbot.button.skip": {"nb": "Hopp over", "sv": "Hoppa över", "en": "Skip"},
    # --- what happened to an occurrence -----------------------------------------------------
    "planbot.state.done": {
        "nb": "✓ Ferdig – markert av {name} kl. {when}.",
        "sv": "✓ Klar – markerad av {name} kl. {when}.",
        "en": "✓ Done by {name} at {when}.",
    },
    "planbot.state.skipped": {
        "nb": "Hoppet over av {name} kl. {when}.",
        "sv": "Överhoppad av {name} kl. {when}.",
        "en": "Skipped by {name} at {when}.",
    },
    "planbot.state.snoozed": {
        "nb": "Utsatt av {name} til {until}.",
        "sv": "Uppskjuten av {name} till {until}.",
        "en": "Snoozed by {name} until {until}.",
    },
    "planbot.reply.done": {
        "nb": "Notert: «{title}» ({date}) er ferdig.",
        "sv": "Noterat: ”{title}” ({date}) är klar.",
        "en": "Noted: “{title}” ({date}) is done.",
    },
    "planbot.reply.skipped": {
        "nb": "Notert: «{title}» ({date}) hoppes over i år.",
        "sv": "Noterat: ”{title}” ({date}) hoppas över i år.",
        "en": "Noted: “{title}” ({date}) is skipped this time.",
    },
    "planbot.reply.snoozed": {
        "nb": "Greit, jeg minner om «{title}» igjen {until}.",
        "sv": "Okej, jag påminner om ”{title}” igen {until}.",
        "en": "OK, I will remind you about “{title}” again {until}.",
    },
    "planbot.reply.already": {
        "nb": "«{title}» ({date}) er allerede {status} av {name} {when}.",
        "sv": "”{title}” ({date}) är redan {status} av {name} {when}.",
        "en": "“{title}” ({date}) was already {status} by {name} ({when}).",
    },
    "planbot.status.done": {"nb": "markert ferdig", "sv": "markerad klar", "en": "marked done"},
    "planbot.status.skipped": {"nb": "hoppet over", "sv": "överhoppad", "en": "skipped"},
    "planbot.reply.gone": {
        "nb": "Denne fristen finnes ikke lenger i årshjulet.",
        "sv": "Den här deadlinen finns inte längre i årshjulet.",
        "en": "This deadline is no longer in the annual plan.",
    },
    # --- /vakt plan -------------------------------------------------------------------------
    "planbot.list.title": {
        "nb": "Frister {weeks}",
        "sv": "Deadlines {weeks}",
        "en": "Deadlines in {weeks}",
    },
    "planbot.list.empty": {
        "nb": "Ingen frister {weeks}. Legg til en med /vakt plan ny.",
        "sv": "Inga deadlines {weeks}. Lägg till en med /vakt plan ny.",
        "en": "No deadlines in {weeks}. Add one with /vakt plan add.",
    },
    "planbot.list.hint": {
        "nb": "Bruk nummeret fra denne lista: /vakt plan ferdig <nr>, /vakt plan utsett <nr> 1 uke, /vakt plan hopp <nr>.",
        "sv": "Använd numret från den här listan: /vakt plan klar <nr>, /vakt plan skjut <nr> 1 vecka, /vakt plan hoppa <nr>.",
        "en": "Use the number from this list: /vakt plan done <nr>, /vakt plan snooze <nr> 1w, /vakt plan skip <nr>.",
    },
    "planbot.list.overdue": {"nb": "forfalt", "sv": "försenad", "en": "overdue"},
    "planbot.list.snoozed": {
        "nb": "utsatt til {until}",
        "sv": "uppskjuten till {until}",
        "en": "snoozed until {until}",
    },
    "planbot.bad_weeks": {
        "nb": "«{value}» er ikke et antall uker. Skriv for eksempel /vakt plan 8 (1–52).",
        "sv": "”{value}” är inget antal veckor. Skriv till exempel /vakt plan 8 (1–52).",
        "en": "“{value}” is not a number of weeks. Write for example /vakt plan 8 (1–52).",
    },
    "planbot.number_no_list": {
        "nb": "Nummer {number} viser ikke til noen liste: du har ikke sett fristene med nummer ennå. Skriv /vakt plan først, og bruk nummeret derfra.",
        "sv": "Nummer {number} hör inte till någon lista: du har inte sett deadlines med nummer ännu. Skriv /vakt plan först och använd numret därifrån.",
        "en": "Number {number} refers to no list: you have not been shown the numbered deadlines yet. Type /vakt plan first and use a number from it.",
    },
    "planbot.need_id": {
        "nb": "Hvilken frist? Skriv for eksempel /vakt plan {command} 2 (nummeret fra /vakt plan).",
        "sv": "Vilken deadline? Skriv till exempel /vakt plan {command} 2 (numret från "
        "/vakt plan).",
        "en": "Which deadline? Write for example /vakt plan {command} 2 (the number from "
        "/vakt plan).",
    },
    "planbot.unknown_id": {
        "nb": "Fant ingen frist «{value}». Se numrene med /vakt plan.",
        "sv": "Hittade ingen deadline ”{value}”. Se numren med /vakt plan.",
        "en": "No deadline “{value}”. See the numbers with /vakt plan.",
    },
    "planbot.ambiguous_id": {
        "nb": "«{value}» passer på flere: {keys}. Skriv mer av nøkkelen.",
        "sv": "”{value}” passar på flera: {keys}. Skriv mer av nyckeln.",
        "en": "“{value}” matches several: {keys}. Type more of the key.",
    },
    "planbot.bad_duration": {
        "nb": "«{value}» er ikke en varighet. Skriv for eksempel 1d, 1w, 3d eller 2h.",
        "sv": "”{value}” är ingen tidsrymd. Skriv till exempel 1d, 1w, 3d eller 2h.",
        "en": "“{value}” is not a duration. Write for example 1d, 1w, 3d or 2h.",
    },
    "planbot.unknown_sub": {
        "nb": "Ukjent: /vakt plan {value}. Prøv /vakt plan, eller /vakt plan ny, ferdig, hopp eller utsett.",
        "sv": "Okänt: /vakt plan {value}. Prova /vakt plan, eller /vakt plan ny, klar, hoppa eller skjut.",
        "en": "Unknown: /vakt plan {value}. Try /vakt plan, or /vakt plan add, done, skip or snooze.",
    },
    "planbot.word.done": {"nb": "ferdig", "sv": "klar", "en": "done"},
    "planbot.word.skipped": {"nb": "hopp", "sv": "hoppa", "en": "skip"},
    "planbot.word.snooze": {"nb": "utsett", "sv": "skjut", "en": "snooze"},
    # --- /vakt plan add ---------------------------------------------------------------------
    "planbot.add.title": {"nb": "Ny frist", "sv": "Ny deadline", "en": "New deadline"},
    "planbot.add.submit": {"nb": "Legg til", "sv": "Lägg till", "en": "Add"},
    "planbot.add.intro": {
        "nb": "Legg en frist inn i årshjulet. Dato kan være 30.04.2026, 30.04. (hvert år) eller "
        "«første mandag i juni».",
        "sv": "Lägg in en deadline i årshjulet. Datum kan vara 2026-04-30, 30/4 (varje år) eller "
        "”första måndagen i juni”.",
        "en": "Add a deadline to the annual plan. The date can be 2026-04-30, 04-30 (every year) "
        "or “first Monday of June”.",
    },
    "planbot.add.console_syntax": {
        "nb": "Skriv: /vakt plan add <dato eller regel> ; <tittel> ; [ansvarlig] ; [kategori]",
        "sv": "Skriv: /vakt plan add <datum eller regel> ; <titel> ; [ansvarig] ; [kategori]",
        "en": "Type: /vakt plan add <date or rule> ; <title> ; [owner] ; [category]",
    },
    "planbot.add.field.when": {
        "nb": "Dato eller regel",
        "sv": "Datum eller regel",
        "en": "Date or rule",
    },  # fmt: skip
    "planbot.add.field.team": {"nb": "Team", "sv": "Team", "en": "Team"},
    "planbot.add.no_team": {"nb": "Alle team", "sv": "Alla team", "en": "All teams"},
    "planbot.add.title_missing": {
        "nb": "Tittelen mangler.",
        "sv": "Titeln saknas.",
        "en": "The title is missing.",
    },
    "planbot.add.title_too_long": {
        "nb": "Tittelen er for lang (høyst 300 tegn).",
        "sv": "Titeln är för lång (högst 300 tecken).",
        "en": "The title is too long (at most 300 characters).",
    },
    "planbot.add.unknown_category": {
        "nb": "Ukjent kategori «{value}». Velg en av: {choices}.",
        "sv": "Okänd kategori ”{value}”. Välj en av: {choices}.",
        "en": "Unknown category “{value}”. Choose one of: {choices}.",
    },
    "planbot.add.unknown_team": {
        "nb": "Ukjent team «{value}».",
        "sv": "Okänt team ”{value}”.",
        "en": "Unknown team “{value}”.",
    },
    "planbot.add.field_error": {
        "nb": "{field}: {message}",
        "sv": "{field}: {message}",
        "en": "{field}: {message}",
    },
    "planbot.add.added": {
        "nb": "Lagt til: «{title}», {when}. Første frist {date}.",
        "sv": "Tillagd: ”{title}”, {when}. Första deadline {date}.",
        "en": "Added: “{title}”, {when}. First deadline {date}.",
    },
    "planbot.add.added_past": {
        "nb": "Lagt til: «{title}», {when}. Datoen er passert, så det kommer ingen påminnelser.",
        "sv": "Tillagd: ”{title}”, {when}. Datumet har passerat, så inga påminnelser skickas.",
        "en": "Added: “{title}”, {when}. The date has passed, so no reminders will be sent.",
    },
    # --- App Home ---------------------------------------------------------------------------
    "planbot.home.title": {"nb": "Mine frister", "sv": "Mina deadlines", "en": "My deadlines"},
    # --- help -------------------------------------------------------------------------------
    "planbot.help.plan": {
        "nb": "kommende frister fra årshjulet, nummerert (standard 4 uker), f.eks. /vakt plan 8",
        "sv": "kommande deadlines från årshjulet, numrerade (standard 4 veckor), t.ex. /vakt plan 8",
        "en": "coming deadlines from the annual plan, numbered (default 4 weeks), e.g. /vakt plan 8",
    },
    "planbot.help.add": {
        "nb": "legg til en frist i årshjulet, f.eks. /vakt plan ny 30.04 ; Skattemeldingen ; kari",
        "sv": "lägg till en deadline i årshjulet, t.ex. /vakt plan ny 30/4 ; Deklarationen ; kari",
        "en": "add a deadline to the annual plan, e.g. /vakt plan add 30.04 ; Tax return ; kari",
    },
    "planbot.help.done": {
        "nb": "marker en frist fra lista som ferdig, f.eks. /vakt plan ferdig 2",
        "sv": "markera en deadline från listan som klar, t.ex. /vakt plan klar 2",
        "en": "mark a deadline from the list done, e.g. /vakt plan done 2",
    },
    "planbot.help.skip": {
        "nb": "hopp over en frist i år, f.eks. /vakt plan hopp 2",
        "sv": "hoppa över en deadline i år, t.ex. /vakt plan hoppa 2",
        "en": "skip a deadline this time, e.g. /vakt plan skip 2",
    },
    "planbot.help.snooze": {
        "nb": "utsett påminnelsen, f.eks. /vakt plan utsett 2 1 uke (1 dag, 3 dager, 2 timer)",
        "sv": "skjut upp påminnelsen, t.ex. /vakt plan skjut 2 1 vecka (1 dag, 3 dagar, 2 timmar)",
        "en": "snooze the reminder, e.g. /vakt plan snooze 2 1w (1d, 3d, 2h)",
    },
    # --- import CLI -------------------------------------------------------------------------
    "planbot.import.unknown_team": {
        "nb": "Ukjent team «{value}». Bruk id eller navn fra vaktbot.yml.",
        "sv": "Okänt team ”{value}”. Använd id eller namn från vaktbot.yml.",
        "en": "Unknown team “{value}”. Use the id or name from vaktbot.yml.",
    },
    "planbot.cli.reading": {"nb": "Leser {file}", "sv": "Läser {file}", "en": "Reading {file}"},
    "planbot.cli.saving": {"nb": "Lagrer", "sv": "Sparar", "en": "Saving"},
    "planbot.cli.no_file": {
        "nb": "Finner ikke filen {file}.",
        "sv": "Hittar inte filen {file}.",
        "en": "File not found: {file}.",
    },
    "planbot.cli.summary": {
        "nb": "{file}: {added}, {changed}, {unchanged}, {removed}.",
        "sv": "{file}: {added}, {changed}, {unchanged}, {removed}.",
        "en": "{file}: {added}, {changed}, {unchanged}, {removed}.",
    },
    "planbot.cli.dry_run": {
        "nb": "Prøvekjøring: ingenting ble lagret.",
        "sv": "Testkörning: ingenting sparades.",
        "en": "Dry run: nothing was saved.",
    },
    "planbot.cli.added": {"nb": "ny", "sv": "ny", "en": "new"},
    "planbot.cli.changed": {"nb": "endret", "sv": "ändrad", "en": "changed"},
    "planbot.cli.removed": {"nb": "fjernet", "sv": "borttagen", "en": "removed"},
    "planbot.cli.unknown_team": {
        "nb": "--team: ukjent team «{value}».",
        "sv": "--team: okänt team ”{value}”.",
        "en": "--team: unknown team “{value}”.",
    },
    "planbot.cli.bad_format": {
        "nb": "--format: bruk ics eller xlsx.",
        "sv": "--format: använd ics eller xlsx.",
        "en": "--format: use ics or xlsx.",
    },
    # --- feed -------------------------------------------------------------------------------
    "planbot.feed.name": {
        "nb": "Årshjul – {team}",
        "sv": "Årshjul – {team}",
        "en": "Annual plan – {team}",
    },
}


PLURALS: dict[str, dict[str, dict[str, str]]] = {
    "planbot.when.in_days": {
        "nb": {"one": "om {n} dag", "other": "om {n} dager"},
        "sv": {"one": "om {n} dag", "other": "om {n} dagar"},
        "en": {"one": "in {n} day", "other": "in {n} days"},
    },
    "planbot.when.days_ago": {
        "nb": {"one": "for {n} dag siden", "other": "for {n} dager siden"},
        "sv": {"one": "för {n} dag sedan", "other": "för {n} dagar sedan"},
        "en": {"one": "{n} day ago", "other": "{n} days ago"},
    },
    "planbot.the_next_weeks": {
        "nb": {"one": "den neste uka", "other": "de neste {n} ukene"},
        "sv": {"one": "den kommande veckan", "other": "de kommande {n} veckorna"},
        "en": {"one": "the next week", "other": "the next {n} weeks"},
    },
    "planbot.number_unseen": {
        "nb": {
            "one": "Nummer {number} står ikke på lista du fikk sist (den hadde bare nummer {n}). Skriv /vakt plan for å se fristene med nummer.",
            "other": "Nummer {number} står ikke på lista du fikk sist (den hadde nummer 1–{n}). Skriv /vakt plan for å se fristene med nummer.",
        },
        "sv": {
            "one": "Nummer {number} finns inte på listan du fick senast (den hade bara nummer {n}). Skriv /vakt plan för att se deadlines med nummer.",
            "other": "Nummer {number} finns inte på listan du fick senast (den hade nummer 1–{n}). Skriv /vakt plan för att se deadlines med nummer.",
        },
        "en": {
            "one": "Number {number} is not on the list you were last shown (it only had number {n}). Type /vakt plan to see the numbered deadlines.",
            "other": "Number {number} is not on the list you were last shown (it had numbers 1–{n}). Type /vakt plan to see the numbered deadlines.",
        },
    },
    "planbot.cli.failed": {
        "nb": {
            "one": "{n} feil i {file}. Ingenting ble importert.",
            "other": "{n} feil i {file}. Ingenting ble importert.",
        },
        "sv": {
            "one": "{n} fel i {file}. Ingenting importerades.",
            "other": "{n} fel i {file}. Ingenting importerades.",
        },
        "en": {
            "one": "{n} problem in {file}. Nothing was imported.",
            "other": "{n} problems in {file}. Nothing was imported.",
        },
    },
    "planbot.cli.n_added": {
        "nb": {"one": "{n} ny", "other": "{n} nye"},
        "sv": {"one": "{n} ny", "other": "{n} nya"},
        "en": {"one": "{n} added", "other": "{n} added"},
    },
    "planbot.cli.n_changed": {
        "nb": {"one": "{n} endret", "other": "{n} endret"},
        "sv": {"one": "{n} ändrad", "other": "{n} ändrade"},
        "en": {"one": "{n} changed", "other": "{n} changed"},
    },
    "planbot.cli.n_unchanged": {
        "nb": {"one": "{n} uendret", "other": "{n} uendret"},
        "sv": {"one": "{n} oförändrad", "other": "{n} oförändrade"},
        "en": {"one": "{n} unchanged", "other": "{n} unchanged"},
    },
    "planbot.cli.n_removed": {
        "nb": {"one": "{n} fjernet", "other": "{n} fjernet"},
        "sv": {"one": "{n} borttagen", "other": "{n} borttagna"},
        "en": {"one": "{n} removed", "other": "{n} removed"},
    },
    "planbot.cli.exported": {
        "nb": {"one": "Skrev {n} element til {file}.", "other": "Skrev {n} elementer til {file}."},
        "sv": {"one": "Skrev {n} post till {file}.", "other": "Skrev {n} poster till {file}."},
        "en": {"one": "Wrote {n} item to {file}.", "other": "Wrote {n} items to {file}."},
    },
}
