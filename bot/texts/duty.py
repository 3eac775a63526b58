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
        "nb": "registrer fravær med årsak (syk, ferie eller fritekst). Eksempel: `/vakt away 28.12 2.1 ferie` eller `/vakt away i morgen kurs på Gardermoen`",
        "sv": "registrera frånvaro med orsak (sjuk, semester eller fritext). Exempel: `/vakt away 28/12 2/1 semester` eller `/vakt away imorgon kurs i Solna`",
        "en": "register an absence with a reason (sick, vacation or any text). Example: `/vakt away 28.12 2.1 vacation` or `/vakt away tomorrow training in Oslo`",
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
        "nb": "Vaktliste, {weeks}",
        "sv": "Jourschema, {weeks}",
        "en": "Rota, {weeks}",
    },
    "duty.rota.line": {
        "nb": "*{span}*: {team} (leder {lead})",
        "sv": "*{span}*: {team} (arbetsledare {lead})",
        "en": "*{span}*: {team} (lead {lead})",
    },
    "duty.rota.bad_weeks": {
        "nb": "«{value}» er ikke et antall uker. Skriv et tall fra 1 til 52, f.eks. `/vakt rota 8`.",
        "sv": "”{value}” är inget antal veckor. Skriv ett tal från 1 till 52, t.ex. `/vakt rota 8`.",
        "en": "“{value}” is not a number of weeks. Type a number from 1 to 52, e.g. `/vakt rota 8`.",
    },
    "duty.me.header": {
        "nb": "Dine neste vakter",
        "sv": "Dina nästa pass",
        "en": "Your next shifts",
    },
    "duty.me.line": {
        "nb": "{span} med {team} ({days})",
        "sv": "{span} med {team} ({days})",
        "en": "{span} with {team} ({days})",
    },
    "duty.me.none": {
        "nb": "Du har ingen vakter framover.",
        "sv": "Du har inga pass framöver.",
        "en": "You have no shifts coming up.",
    },
    "duty.away.usage": {
        "nb": "Skriv `/vakt away <fra> [til] [årsak] [for @navn]`: en dag, en uke eller fra–til, og en årsak som syk, ferie eller fritekst. F.eks. `/vakt away 28.12 2.1 ferie`, `/vakt away i morgen syk`, `/vakt away uke 51 kurs`.",
        "sv": "Skriv `/vakt away <från> [till] [orsak] [för @namn]`: en dag, en vecka eller från–till, och en orsak som sjuk, semester eller fritext. T.ex. `/vakt away 28/12 2/1 semester`, `/vakt away imorgon sjuk`, `/vakt away v. 51 kurs`.",
        "en": "Type `/vakt away <from> [to] [reason] [for @name]`: a day, a week or from–to, and a reason such as sick, vacation or any text. E.g. `/vakt away 28.12 2.1 vacation`, `/vakt away tomorrow sick`, `/vakt away week 51 training`.",
    },
    "duty.away.done": {
        "nb": "Fravær registrert for {person}: {span}, {days} ({reason}).",
        "sv": "Frånvaro registrerad för {person}: {span}, {days} ({reason}).",
        "en": "Absence registered for {person}: {span}, {days} ({reason}).",
    },
    "duty.reason.sick": {"nb": "syk", "sv": "sjuk", "en": "sick"},
    "duty.reason.vacation": {"nb": "ferie", "sv": "semester", "en": "vacation"},
    "duty.reason.other": {"nb": "annet", "sv": "annat", "en": "other"},
    "duty.rota.closures": {"nb": "stengt: {days}", "sv": "stängt: {days}", "en": "closed: {days}"},
    "duty.error.end_before_start": {
        "nb": "Sluttdatoen {end} er før startdatoen {start}. Skriv den første dagen først. Ingenting er lagret.",
        "sv": "Slutdatumet {end} är före startdatumet {start}. Skriv den första dagen först. Inget har sparats.",
        "en": "The end date {end} is before the start date {start}. Write the first day first. Nothing was stored.",
    },
    "duty.error.end_before_start_yearless": {
        "nb": "Sluttdatoen {end} kommer før startdatoen {start}. Skriv den første dagen først – eller skriv årstallet ({end_next_year}) hvis fraværet virkelig skal vare så lenge. Ingenting er lagret.",
        "sv": "Slutdatumet {end} kommer före startdatumet {start}. Skriv den första dagen först – eller skriv årtalet ({end_next_year}) om frånvaron verkligen ska vara så länge. Inget har sparats.",
        "en": "The end date {end} comes before the start date {start}. Write the first day first – or write the year ({end_next_year}) if the absence really lasts that long. Nothing was stored.",
    },
    "duty.error.absence_past": {
        "nb": "Fraværet begynner {start}, mer enn en måned tilbake (tidligst {limit}). Sjekk årstallet. Ingenting er lagret.",
        "sv": "Frånvaron börjar {start}, mer än en månad bakåt (tidigast {limit}). Kontrollera årtalet. Inget har sparats.",
        "en": "The absence begins {start}, more than a month ago (at the earliest {limit}). Check the year. Nothing was stored.",
    },
    "duty.error.absence_ahead": {
        "nb": "Fraværet begynner {start}, mer enn et år fram (senest {limit}). Sjekk årstallet. Ingenting er lagret.",
        "sv": "Frånvaron börjar {start}, mer än ett år framåt (senast {limit}). Kontrollera årtalet. Inget har sparats.",
        "en": "The absence begins {start}, more than a year ahead (at the latest {limit}). Check the year. Nothing was stored.",
    },
    "duty.error.bad_reason": {
        "nb": "Ukjent årsak «{reason}». Skriv syk, ferie eller en fritekst.",
        "sv": "Okänd orsak ”{reason}”. Skriv sjuk, semester eller en fritext.",
        "en": "Unknown reason “{reason}”. Write sick, vacation or any text.",
    },
    "duty.error.overlap": {
        "nb": "Det finnes allerede fravær {span} som overlapper. Ingenting er lagret.",
        "sv": "Det finns redan frånvaro {span} som överlappar. Inget har sparats.",
        "en": "There is already an absence {span} that overlaps. Nothing was stored.",
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
    "duty.swap.status.accepted": {"nb": "godtatt", "sv": "godkänd", "en": "accepted"},
    "duty.swap.status.declined": {"nb": "avslått", "sv": "avböjd", "en": "declined"},
    "duty.swap.status.forced": {
        "nb": "registrert av leder",
        "sv": "registrerad av arbetsledare",
        "en": "registered by a lead",
    },
    "duty.swap.status.cancelled": {"nb": "trukket tilbake", "sv": "återkallad", "en": "withdrawn"},
    "duty.swap.status.pending": {
        "nb": "venter på svar",
        "sv": "väntar på svar",
        "en": "waiting for an answer",
    },
    "duty.error.swap_no_change": {
        "nb": "{other} har selv vakt {span}, så et bytte ville ikke endre hvem som har vakt – bare gi dere færre timer. Spør noen på et annet vaktlag.",
        "sv": "{other} har själv jour {span}, så ett byte skulle inte ändra vem som har jour – bara ge er färre timmar. Fråga någon i ett annat jourlag.",
        "en": "{other} is on duty {span} already, so a swap would not change who is on duty – it would only cost you both hours. Ask someone from another team.",
    },
    "duty.error.swap_past": {
        "nb": "{span} er allerede passert; bytt bare vakter som kommer. Ingenting er sendt.",
        "sv": "{span} har redan varit; byt bara pass som kommer. Inget har skickats.",
        "en": "{span} is already past; swap only duty that is still to come. Nothing was sent.",
    },
    "duty.error.swap_ahead": {
        "nb": "{start} er mer enn et år fram (senest {limit}). Sjekk årstallet. Ingenting er sendt.",
        "sv": "{start} är mer än ett år framåt (senast {limit}). Kontrollera årtalet. Inget har skickats.",
        "en": "{start} is more than a year ahead (at the latest {limit}). Check the year. Nothing was sent.",
    },
    "duty.swap.merged": {
        "nb": "Du har allerede spurt {to} om å ta vakten din {span} (spurt {asked}). Jeg sender ikke en ny forespørsel; du får beskjed når {to} svarer.",
        "sv": "Du har redan frågat {to} om att ta ditt pass {span} (frågat {asked}). Jag skickar ingen ny förfrågan; du får besked när {to} svarar.",
        "en": "You already asked {to} to take your duty {span} (asked {asked}). I am not sending another request; you will hear when {to} answers.",
    },
    "duty.error.not_on_duty": {
        "nb": "Du har ingen vakt {span}, så det er ingenting å bytte.",
        "sv": "Du har inget pass {span}, så det finns inget att byta.",
        "en": "You have no duty {span}, so there is nothing to swap.",
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
        "nb": "Skriv `/vakt swap @navn <dato|uke>`, f.eks. `/vakt swap @ola uke 50` eller `/vakt swap @ola i morgen`.",
        "sv": "Skriv `/vakt swap @namn <datum|vecka>`, t.ex. `/vakt swap @ola v. 50` eller `/vakt swap @ola imorgon`.",
        "en": "Type `/vakt swap @name <date|week>`, e.g. `/vakt swap @ola week 50` or `/vakt swap @ola tomorrow`.",
    },
    "duty.swap.asked": {
        "nb": "Jeg har spurt {to} om å ta vakten din {span}. Du får beskjed når {to} svarer.",
        "sv": "Jag har frågat {to} om att ta ditt pass {span}. Du får besked när {to} svarar.",
        "en": "I asked {to} to take your duty {span}. You will hear when {to} answers.",
    },
    "duty.swap.asked_in_channel": {
        "nb": "Jeg har spurt {to} om å ta vakten din {span}. {to} kan ikke få direktemeldinger fra vaktbot i Teams (appen er ikke installert for {to}, eller en policy stopper den), så spørsmålet står i teamets kanal med @{to}. Du får beskjed når {to} svarer; administratoren vet om det.",
        "sv": "Jag har frågat {to} om att ta ditt pass {span}. {to} kan inte få direktmeddelanden från vaktbot i Teams (appen är inte installerad för {to}, eller så stoppar en policy den), så frågan står i teamets kanal med @{to}. Du får besked när {to} svarar; administratören vet om det.",
        "en": "I asked {to} to take your duty {span}. {to} cannot get direct messages from vaktbot in Teams (the app is not installed for {to}, or a policy blocks it), so the request is in the team's channel with an @mention. You will hear when {to} answers; the admin knows.",
    },
    "duty.swap.unreachable": {
        "nb": "Jeg kan ikke nå {to}: {to} har ikke åpnet vaktbot, og jeg finner {to} ikke i noe team der appen er installert. Ingen forespørsel er sendt for {span}. Spør {to} direkte, eller be en administrator installere vaktbot for {to}.",
        "sv": "Jag kan inte nå {to}: {to} har inte öppnat vaktbot, och jag hittar inte {to} i något team där appen är installerad. Ingen förfrågan har skickats för {span}. Fråga {to} direkt, eller be en administratör installera vaktbot för {to}.",
        "en": "I cannot reach {to}: {to} has not opened vaktbot, and I cannot find {to} in any team the app is installed in. No request was sent for {span}. Ask {to} directly, or ask an admin to install vaktbot for {to}.",
    },
    "duty.topic": {
        "nb": "På vakt nå: {team} – leder {lead}. Skriv @vakt for å nå dem.",
        "sv": "I tjänst nu: {team} – arbetsledare {lead}. Skriv @vakt för att nå dem.",
        "en": "On duty now: {team} – lead {lead}. Write @vakt to reach them.",
    },
    "duty.swap.forced": {
        "nb": "Byttet er registrert: {to} har vakten for {from_} {span}.",
        "sv": "Bytet är registrerat: {to} har passet för {from_} {span}.",
        "en": "Swap registered: {to} covers {from_} {span}.",
    },
    "duty.swap.request_text": {
        "nb": "{from_} spør om du kan ta vakten {span}. Godta eller avslå.",
        "sv": "{from_} frågar om du kan ta passet {span}. Godkänn eller avböj.",
        "en": "{from_} asks if you can take their duty {span}. Accept or decline.",
    },
    "duty.swap.accept": {"nb": "Godta byttet", "sv": "Godkänn bytet", "en": "Accept swap"},
    "duty.swap.decline": {"nb": "Avslå", "sv": "Avböj", "en": "Decline"},
    "duty.swap.accepted": {
        "nb": "{by} godtok byttet {span} (kl. {at}).",
        "sv": "{by} godkände bytet {span} (kl. {at}).",
        "en": "{by} accepted the swap {span} (at {at}).",
    },
    "duty.swap.declined": {
        "nb": "{by} avslo byttet {span} (kl. {at}).",
        "sv": "{by} avböjde bytet {span} (kl. {at}).",
        "en": "{by} declined the swap {span} (at {at}).",
    },
    "duty.hours.header": {
        "nb": "Vakttimer {span}",
        "sv": "Jourtimmar {span}",
        "en": "Duty hours {span}",
    },
    "duty.hours.line": {
        "nb": "{name}: {open} åpent, {on_call} beredskap",
        "sv": "{name}: {open} öppet, {on_call} beredskap",
        "en": "{name}: {open} open, {on_call} on call",
    },
    "duty.hours.csv": {
        "nb": "Som regneark: `vaktbot export hours --from {first} --to {last}` på serveren.",
        "sv": "Som kalkylark: `vaktbot export hours --from {first} --to {last}` på servern.",
        "en": "As a spreadsheet: `vaktbot export hours --from {first} --to {last}` on the server.",
    },
    "duty.hours.usage": {
        "nb": "Skriv `/vakt hours [periode]`: en måned (`2026-11`, `november`), et år, et kvartal (`2026-Q4`), en uke (`uke 51`) eller `<fra> <til>`.",
        "sv": "Skriv `/vakt hours [period]`: en månad (`2026-11`, `november`), ett år, ett kvartal (`2026-Q4`), en vecka (`v. 51`) eller `<från> <till>`.",
        "en": "Type `/vakt hours [period]`: a month (`2026-11`, `november`), a year, a quarter (`2026-Q4`), a week (`week 51`) or `<from> <to>`.",
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
        "nb": "Vil du ikke ha slike påminnelser, skriv `/vakt mute vakt`.",
        "sv": "Vill du inte ha sådana påminnelser, skriv `/vakt mute jour`.",
        "en": "To stop these reminders, type `/vakt mute duty`.",
    },
    "duty.meeting.text": {
        "nb": "Redaksjonsmøte kl. {time} – {team} har vakt i dag",
        "sv": "Redaktionsmöte kl. {time} – {team} har jouren i dag",
        "en": "Editorial meeting at {time} – {team} is on duty today",
    },
    "duty.home.header": {"nb": "Mine vakter", "sv": "Mina pass", "en": "My shifts"},
}


PLURALS: dict[str, dict[str, dict[str, str]]] = {
    "duty.n_days": {
        "nb": {"one": "{n} dag", "other": "{n} dager"},
        "sv": {"one": "{n} dag", "other": "{n} dagar"},
        "en": {"one": "{n} day", "other": "{n} days"},
    },
    "duty.n_weeks": {
        "nb": {"one": "{n} uke", "other": "{n} uker"},
        "sv": {"one": "{n} vecka", "other": "{n} veckor"},
        "en": {"one": "{n} week", "other": "{n} weeks"},
    },
    "duty.n_hours": {
        "nb": {"one": "{n} time", "other": "{n} timer"},
        "sv": {"one": "{n} timme", "other": "{n} timmar"},
        "en": {"one": "{n} hour", "other": "{n} hours"},
    },
    "duty.rota.holidays": {
        "nb": {"one": "helligdag: {days}", "other": "helligdager: {days}"},
        "sv": {"one": "helgdag: {days}", "other": "helgdagar: {days}"},
        "en": {"one": "public holiday: {days}", "other": "public holidays: {days}"},
    },
    "duty.error.absence_long": {
        "nb": {
            "one": "Fraværet varer {n} dag, lenger enn {max} dager. Sjekk datoene. Ingenting er lagret.",
            "other": "Fraværet varer {n} dager, lenger enn {max} dager. Sjekk datoene. Ingenting er lagret.",
        },
        "sv": {
            "one": "Frånvaron varar {n} dag, längre än {max} dagar. Kontrollera datumen. Inget har sparats.",
            "other": "Frånvaron varar {n} dagar, längre än {max} dagar. Kontrollera datumen. Inget har sparats.",
        },
        "en": {
            "one": "The absence lasts {n} day, longer than {max} days. Check the dates. Nothing was stored.",
            "other": "The absence lasts {n} days, longer than {max} days. Check the dates. Nothing was stored.",
        },
    },
}
