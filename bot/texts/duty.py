"""Strings of the duty rotation (nb, sv, en)."""

TEXTS: dict[str, dict[str, str]] = {
    "duty.help.who": {
        "nb": "hvem har vakt nå, leder, åpningstid og neste vaktskifte. Eksempel: `/vakt who`",
        "sv": "vem har jouren nu, arbetsledare, öppettider och nästa skifte. Exempel: `/vakt who`",
        "en": "who is on duty now, the lead, hours and the next handoff. Example: `/vakt who`",
    },
    "duty.help.rota": {
        "nb": "vaktlistene de neste ukene (helligdager merket). Eksempel: `/vakt rota 8`",
        "sv": "jourschemat de kommande veckorna (helgdagar markerade). Exempel: `/vakt rota 8`",
        "en": "the coming weeks' shifts, holidays marked. Example: `/vakt rota 8`",
    },
    "duty.help.me": {
        "nb": "mine neste vakter. Eksempel: `/vakt me`",
        "sv": "mina nästa pass. Exempel: `/vakt me`",
        "en": "my next shifts. Example: `/vakt me`",
    },
    "duty.help.away": {
        "nb": "registrer fravær (sick, vacation, other). Eksempel: `/vakt away 24.12 2.1 vacation`",
        "sv": "registrera frånvaro (sick, vacation, other). Exempel: `/vakt away 24/12 2/1 vacation`",
        "en": "register an absence (sick, vacation, other). Example: `/vakt away 24.12 2.1 vacation`",
    },
    "duty.help.swap": {
        "nb": "be en kollega ta vakten din en dag eller uke. Eksempel: `/vakt swap @ola uke 50`",
        "sv": "be en kollega ta ditt pass en dag eller vecka. Exempel: `/vakt swap @ola v50`",
        "en": "ask a colleague to take your duty for a day or week. Example: `/vakt swap @ola w50`",
    },
    "duty.help.hours": {
        "nb": "vakttimer per person. Eksempel: `/vakt hours 2026-11`",
        "sv": "jourtimmar per person. Exempel: `/vakt hours 2026-11`",
        "en": "duty hours per person. Example: `/vakt hours 2026-11`",
    },
    "duty.no_rotation": {
        "nb": "Det er ikke satt opp noen vaktordning (rotation i vaktbot.yml).",
        "sv": "Det finns inget jourschema (rotation i vaktbot.yml).",
        "en": "No rotation is configured (rotation in vaktbot.yml).",
    },
    "duty.who.text": {
        "nb": "{team} har vakt nå – leder {lead}",
        "sv": "{team} har jouren nu – arbetsledare {lead}",
        "en": "{team} is on duty now – lead {lead}",
    },
    "duty.who.header": {"nb": "Hvem har vakt", "sv": "Vem har jouren", "en": "Who is on duty"},
    "duty.label.team": {"nb": "Vaktlag", "sv": "Jourlag", "en": "Team"},
    "duty.label.lead": {"nb": "Leder", "sv": "Arbetsledare", "en": "Lead"},
    "duty.label.members": {"nb": "Tilgjengelig", "sv": "Tillgängliga", "en": "Available"},
    "duty.label.now": {"nb": "Nå", "sv": "Nu", "en": "Now"},
    "duty.label.hours_today": {"nb": "Åpent i dag", "sv": "Öppet i dag", "en": "Open today"},
    "duty.label.next_handoff": {
        "nb": "Neste vaktskifte",
        "sv": "Nästa skifte",
        "en": "Next handoff",
    },
    "duty.label.next_opening": {"nb": "Neste åpning", "sv": "Nästa öppning", "en": "Next opening"},
    "duty.label.on_call": {"nb": "Beredskap", "sv": "Beredskap", "en": "On call"},
    "duty.mode.open": {"nb": "Åpent", "sv": "Öppet", "en": "Open"},
    "duty.mode.on_call": {
        "nb": "Beredskap (bare hastesaker)",
        "sv": "Beredskap (endast brådskande)",
        "en": "On call (urgent only)",
    },
    "duty.mode.closed": {"nb": "Stengt", "sv": "Stängt", "en": "Closed"},
    "duty.closed_today": {"nb": "stengt", "sv": "stängt", "en": "closed"},
    "duty.rota.header": {
        "nb": "Vaktliste, {weeks} uker",
        "sv": "Jourschema, {weeks} veckor",
        "en": "Rota, {weeks} weeks",
    },
    "duty.rota.line": {
        "nb": "*{start} – {end}*: {team} (leder {lead})",
        "sv": "*{start} – {end}*: {team} (arbetsledare {lead})",
        "en": "*{start} – {end}*: {team} (lead {lead})",
    },
    "duty.rota.holidays": {
        "nb": "helligdager: {days}",
        "sv": "helgdagar: {days}",
        "en": "holidays: {days}",
    },
    "duty.me.header": {
        "nb": "Dine neste vakter",
        "sv": "Dina nästa pass",
        "en": "Your next shifts",
    },
    "duty.me.line": {
        "nb": "{start} – {end} med {team} ({days} dager)",
        "sv": "{start} – {end} med {team} ({days} dagar)",
        "en": "{start} – {end} with {team} ({days} days)",
    },
    "duty.me.none": {
        "nb": "Du har ingen vakter framover.",
        "sv": "Du har inga pass framöver.",
        "en": "You have no shifts coming up.",
    },
    "duty.away.usage": {
        "nb": "Skriv `/vakt away <fra> <til> [sick|vacation|other] [for @navn]`, f.eks. `/vakt away 24.12 2.1 vacation`.",
        "sv": "Skriv `/vakt away <från> <till> [sick|vacation|other] [for @namn]`, t.ex. `/vakt away 24/12 2/1 vacation`.",
        "en": "Type `/vakt away <from> <to> [sick|vacation|other] [for @name]`, e.g. `/vakt away 24.12 2.1 vacation`.",
    },
    "duty.away.done": {
        "nb": "Fravær registrert for {person}: {start} – {end} ({reason}).",
        "sv": "Frånvaro registrerad för {person}: {start} – {end} ({reason}).",
        "en": "Absence registered for {person}: {start} – {end} ({reason}).",
    },
    "duty.reason.sick": {"nb": "syk", "sv": "sjuk", "en": "sick"},
    "duty.reason.vacation": {"nb": "ferie", "sv": "semester", "en": "vacation"},
    "duty.reason.other": {"nb": "annet", "sv": "annat", "en": "other"},
    "duty.error.end_before_start": {
        "nb": "Sluttdatoen {end} er før startdatoen {start}. Ingenting er lagret.",
        "sv": "Slutdatumet {end} är före startdatumet {start}. Inget har sparats.",
        "en": "The end date {end} is before the start date {start}. Nothing was stored.",
    },
    "duty.error.bad_reason": {
        "nb": "Ukjent årsak «{reason}». Bruk sick, vacation eller other.",
        "sv": "Okänd orsak ”{reason}”. Använd sick, vacation eller other.",
        "en": "Unknown reason “{reason}”. Use sick, vacation or other.",
    },
    "duty.error.overlap": {
        "nb": "Det finnes allerede fravær {start} – {end} som overlapper. Ingenting er lagret.",
        "sv": "Det finns redan frånvaro {start} – {end} som överlappar. Inget har sparats.",
        "en": "There is already an absence {start} – {end} that overlaps. Nothing was stored.",
    },
    "duty.error.swap_self": {
        "nb": "Du kan ikke bytte vakt med deg selv.",
        "sv": "Du kan inte byta pass med dig själv.",
        "en": "You cannot swap with yourself.",
    },
    "duty.error.no_swap": {
        "nb": "Fant ikke bytteforespørselen.",
        "sv": "Hittade inte bytesförfrågan.",
        "en": "That swap request was not found.",
    },
    "duty.error.swap_decided": {
        "nb": "Denne forespørselen er allerede besvart ({status}).",
        "sv": "Den här förfrågan är redan besvarad ({status}).",
        "en": "This request has already been answered ({status}).",
    },
    "duty.error.not_on_duty": {
        "nb": "Du har ingen vakt {start} – {end}, så det er ingenting å bytte.",
        "sv": "Du har inget pass {start} – {end}, så det finns inget att byta.",
        "en": "You have no duty {start} – {end}, so there is nothing to swap.",
    },
    "duty.error.only_for_others_lead": {
        "nb": "Bare ledere og administratorer kan registrere for andre.",
        "sv": "Endast arbetsledare och administratörer kan registrera åt andra.",
        "en": "Only leads and admins can register for someone else.",
    },
    "duty.error.not_asked": {
        "nb": "Det er ikke du som er spurt om dette byttet.",
        "sv": "Det är inte du som är tillfrågad om det här bytet.",
        "en": "You are not the one asked about this swap.",
    },
    "duty.swap.usage": {
        "nb": "Skriv `/vakt swap @navn <dato|uke>`, f.eks. `/vakt swap @ola uke 50`.",
        "sv": "Skriv `/vakt swap @namn <datum|vecka>`, t.ex. `/vakt swap @ola v50`.",
        "en": "Type `/vakt swap @name <date|week>`, e.g. `/vakt swap @ola w50`.",
    },
    "duty.swap.asked": {
        "nb": "Jeg har spurt {to} om å ta vakten din {start} – {end}. Du får beskjed når {to} svarer.",
        "sv": "Jag har frågat {to} om att ta ditt pass {start} – {end}. Du får besked när {to} svarar.",
        "en": "I asked {to} to take your duty {start} – {end}. You will hear when {to} answers.",
    },
    "duty.swap.forced": {
        "nb": "Byttet er registrert: {to} har vakten for {from_} {start} – {end}.",
        "sv": "Bytet är registrerat: {to} har passet för {from_} {start} – {end}.",
        "en": "Swap registered: {to} covers {from_} {start} – {end}.",
    },
    "duty.swap.request_text": {
        "nb": "{from_} spør om du kan ta vakten {start} – {end}. Godta eller avslå.",
        "sv": "{from_} frågar om du kan ta passet {start} – {end}. Godkänn eller avböj.",
        "en": "{from_} asks if you can take their duty {start} – {end}. Accept or decline.",
    },
    "duty.swap.accept": {"nb": "Godta byttet", "sv": "Godkänn bytet", "en": "Accept swap"},
    "duty.swap.decline": {"nb": "Avslå", "sv": "Avböj", "en": "Decline"},
    "duty.swap.accepted": {
        "nb": "{by} godtok byttet {start} – {end} ({at}).",
        "sv": "{by} godkände bytet {start} – {end} ({at}).",
        "en": "{by} accepted the swap {start} – {end} ({at}).",
    },
    "duty.swap.declined": {
        "nb": "{by} avslo byttet {start} – {end} ({at}).",
        "sv": "{by} avböjde bytet {start} – {end} ({at}).",
        "en": "{by} declined the swap {start} – {end} ({at}).",
    },
    "duty.hours.header": {
        "nb": "Vakttimer {start} – {end}",
        "sv": "Jourtimmar {start} – {end}",
        "en": "Duty hours {start} – {end}",
    },
    "duty.hours.line": {
        "nb": "{name}: {open} t åpent, {on_call} t beredskap",
        "sv": "{name}: {open} h öppet, {on_call} h beredskap",
        "en": "{name}: {open} h open, {on_call} h on call",
    },
    "duty.hours.usage": {
        "nb": "Skriv `/vakt hours [2026-11 | 2026 | 2026-Q4 | <fra> <til>]`.",
        "sv": "Skriv `/vakt hours [2026-11 | 2026 | 2026-Q4 | <från> <till>]`.",
        "en": "Type `/vakt hours [2026-11 | 2026 | 2026-Q4 | <from> <to>]`.",
    },
    "duty.handoff.text": {
        "nb": "Vaktskifte: {incoming} overtar fra {outgoing} – leder {lead}",
        "sv": "Skifte: {incoming} tar över från {outgoing} – arbetsledare {lead}",
        "en": "Handoff: {incoming} takes over from {outgoing} – lead {lead}",
    },
    "duty.handoff.header": {"nb": "Vaktskifte", "sv": "Skifte", "en": "Handoff"},
    "duty.handoff.until": {"nb": "Vakt til", "sv": "Jour till", "en": "On duty until"},
    "duty.handoff.open_items": {
        "nb": "Åpne kommentarer som følger med",
        "sv": "Öppna kommentarer som följer med",
        "en": "Open comments carried over",
    },
    "duty.notice.text": {
        "nb": "Du har vakt fra {when} med {team} (leder {lead}).",
        "sv": "Du har jour från {when} med {team} (arbetsledare {lead}).",
        "en": "You are on duty from {when} with {team} (lead {lead}).",
    },
    "duty.notice.mute": {
        "nb": "Vil du ikke ha slike påminnelser, skriv `/vakt mute duty`.",
        "sv": "Vill du inte ha sådana påminnelser, skriv `/vakt mute duty`.",
        "en": "To stop these reminders, type `/vakt mute duty`.",
    },
    "duty.meeting.text": {
        "nb": "Redaksjonsmøte kl. {time} – {team} har vakt i dag",
        "sv": "Redaktionsmöte kl. {time} – {team} har jouren i dag",
        "en": "Editorial meeting at {time} – {team} is on duty today",
    },
    "duty.home.header": {"nb": "Mine vakter", "sv": "Mina pass", "en": "My shifts"},
}
