"""Moderation alerts, buttons, escalation and the queue commands (bot.moderation,
handlers.moderation, scheduler.moderation)."""

TEXTS: dict[str, dict[str, str]] = {
    # --- the alert ------------------------------------------------------------------------
    "moderation.alert.text": {
        "nb": "{labels}: ny kommentar på {account} – «{excerpt}». Ta saken eller merk den.",
        "sv": "{labels}: ny kommentar på {account} – ”{excerpt}”. Ta ärendet eller markera den.",
        "en": "{labels}: new comment on {account} – “{excerpt}”. Claim it or mark it.",
    },
    "moderation.escalation.text": {
        "nb": "Ingen har tatt kommentaren på {account} etter {minutes} ({labels}) – «{excerpt}».",
        "sv": "Ingen har tagit kommentaren på {account} efter {minutes} ({labels}) – ”{excerpt}”.",
        "en": "Nobody has claimed the comment on {account} after {minutes} ({labels}) – “{excerpt}”.",
    },
    "moderation.escalation.header": {
        "nb": "Ikke tatt ennå",
        "sv": "Inte tagen ännu",
        "en": "Still unclaimed",
    },
    "moderation.reminder.text": {
        "nb": "Svarfristen for kommentaren på {account} går ut {deadline} – «{excerpt}».",
        "sv": "Svarstiden för kommentaren på {account} går ut {deadline} – ”{excerpt}”.",
        "en": "The reply deadline for the comment on {account} is {deadline} – “{excerpt}”.",
    },
    "moderation.reminder.header": {
        "nb": "Svarfristen nærmer seg",
        "sv": "Svarstiden går snart ut",
        "en": "Reply deadline approaching",
    },
    "moderation.breach.text": {
        "nb": "Svarfristen ({deadline}) er passert for kommentaren på {account} – «{excerpt}».",
        "sv": "Svarstiden ({deadline}) har passerats för kommentaren på {account} – ”{excerpt}”.",
        "en": "The reply deadline ({deadline}) has passed for the comment on {account} – “{excerpt}”.",
    },
    "moderation.breach.header": {
        "nb": "Svarfristen er passert",
        "sv": "Svarstiden har passerats",
        "en": "Reply deadline missed",
    },
    "moderation.quote": {"nb": "«{text}»", "sv": "”{text}”", "en": "“{text}”"},
    "moderation.empty_text": {
        "nb": "(ingen tekst)",
        "sv": "(ingen text)",
        "en": "(no text)",
    },
    "moderation.open_comment": {
        "nb": "Åpne kommentaren",
        "sv": "Öppna kommentaren",
        "en": "Open the comment",
    },
    "moderation.label.account": {"nb": "Konto", "sv": "Konto", "en": "Account"},
    "moderation.label.post": {"nb": "Innlegg", "sv": "Inlägg", "en": "Post"},
    "moderation.label.labels": {"nb": "Merket som", "sv": "Märkt som", "en": "Labels"},
    "moderation.label.received": {"nb": "Mottatt", "sv": "Mottagen", "en": "Received"},
    "moderation.label.deadline": {"nb": "Svar innen", "sv": "Svara senast", "en": "Reply by"},
    "moderation.age": {"nb": "{time} ({ago})", "sv": "{time} ({ago})", "en": "{time} ({ago})"},
    "moderation.button.claim": {"nb": "Ta saken", "sv": "Ta ärendet", "en": "Claim"},
    "moderation.button.answered": {
        "nb": "Merk som besvart",
        "sv": "Markera som besvarad",
        "en": "Mark answered",
    },
    "moderation.button.hide": {
        "nb": "Skjul på plattformen",
        "sv": "Dölj på plattformen",
        "en": "Hide on platform",
    },
    "moderation.button.not_relevant": {
        "nb": "Ikke relevant",
        "sv": "Inte relevant",
        "en": "Not relevant",
    },
    # --- states (the edited message) -------------------------------------------------------
    "moderation.state.claimed": {
        "nb": "Tatt av {name} kl. {time}",
        "sv": "Tagen av {name} kl. {time}",
        "en": "Claimed by {name} at {time}",
    },
    "moderation.state.answered": {
        "nb": "Besvart – merket av {name} kl. {time}",
        "sv": "Besvarad – markerad av {name} kl. {time}",
        "en": "Answered – marked by {name} at {time}",
    },
    "moderation.state.hidden": {
        "nb": "Skjult på plattformen av {name} kl. {time}",
        "sv": "Dold på plattformen av {name} kl. {time}",
        "en": "Hidden on the platform by {name} at {time}",
    },
    "moderation.state.dismissed": {
        "nb": "Merket som ikke relevant av {name} kl. {time}",
        "sv": "Markerad som inte relevant av {name} kl. {time}",
        "en": "Marked not relevant by {name} at {time}",
    },
    # --- lists: burst, away summary, queue, mine --------------------------------------------
    "moderation.line": {
        "nb": "#{id} {labels} · {account}: «{excerpt}» ({ago})",
        "sv": "#{id} {labels} · {account}: ”{excerpt}” ({ago})",
        "en": "#{id} {labels} · {account}: “{excerpt}” ({ago})",
    },
    "moderation.button.open_queue": {
        "nb": "Åpne køen",
        "sv": "Öppna kön",
        "en": "Open the queue",
    },
    "moderation.claim_hint": {
        "nb": "Skriv /vakt queue for å ta en kommentar, /vakt mine for dine egne.",
        "sv": "Skriv /vakt queue för att ta en kommentar, /vakt mine för dina egna.",
        "en": "Type /vakt queue to claim a comment, /vakt mine for your own.",
    },
    "moderation.queue.empty": {
        "nb": "Ingen åpne kommentarer – alt er tatt hånd om.",
        "sv": "Inga öppna kommentarer – allt är omhändertaget.",
        "en": "No open comments – everything is taken care of.",
    },
    "moderation.mine.empty": {
        "nb": "Du har ingen åpne kommentarer. /vakt queue viser hva som venter.",
        "sv": "Du har inga öppna kommentarer. /vakt queue visar vad som väntar.",
        "en": "You have no open comments. /vakt queue shows what is waiting.",
    },
    "moderation.home.header": {
        "nb": "Mine kommentarer",
        "sv": "Mina kommentarer",
        "en": "My comments",
    },
    "moderation.help.queue": {
        "nb": "åpne kommentarer etter alder og merking, med knapp for å ta dem. "
        "Eksempel: `/vakt queue` eller `/vakt queue personopplysninger`",
        "sv": "öppna kommentarer efter ålder och märkning, med knapp för att ta dem. "
        "Exempel: `/vakt queue` eller `/vakt queue personuppgifter`",
        "en": "open comments by age and label, with a button to claim each. "
        "Example: `/vakt queue` or `/vakt queue personal data`",
    },
    "moderation.queue.bad_label": {
        "nb": "Jeg kjenner ikke merket «{value}». Velg blant: {labels}.",
        "sv": "Jag känner inte till märkningen ”{value}”. Välj bland: {labels}.",
        "en": "I don't know the label “{value}”. Choose from: {labels}.",
    },
    "moderation.help.mine": {
        "nb": "kommentarene du har tatt og ikke er ferdig med. Eksempel: `/vakt mine`",
        "sv": "kommentarerna du har tagit och inte är klar med. Exempel: `/vakt mine`",
        "en": "the comments you claimed and have not finished. Example: `/vakt mine`",
    },
    # --- answers to button presses ------------------------------------------------------------
    "moderation.refuse.not_in_team": {
        "nb": "Beklager, bare medlemmer av et vaktlag kan behandle kommentarer.",
        "sv": "Tyvärr, bara medlemmar i ett jourlag kan hantera kommentarer.",
        "en": "Sorry, only members of a duty team can handle comments.",
    },
    "moderation.refuse.unknown": {
        "nb": "Jeg finner ikke den kommentaren lenger.",
        "sv": "Jag hittar inte den kommentaren längre.",
        "en": "I can't find that comment any more.",
    },
    "moderation.refuse.taken": {
        "nb": "{name} rakk det før deg: kommentaren ble tatt kl. {time}. Takk for at du fulgte med!",
        "sv": "{name} hann före dig: kommentaren togs kl. {time}. Tack för att du var uppmärksam!",
        "en": "{name} got there first: the comment was claimed at {time}. Thanks for keeping watch!",
    },
    "moderation.refuse.own": {
        "nb": "Du har allerede tatt denne kommentaren.",
        "sv": "Du har redan tagit den här kommentaren.",
        "en": "You have already claimed this comment.",
    },
    "moderation.refuse.resolved": {
        "nb": "Denne kommentaren er allerede ferdig behandlet ({state}). Ingenting er endret.",
        "sv": "Den här kommentaren är redan färdigbehandlad ({state}). Inget har ändrats.",
        "en": "This comment has already been handled ({state}). Nothing was changed.",
    },
    "moderation.hide.no_meta": {
        "nb": "Jeg har ingen tilkobling til Meta, så jeg kan ikke skjule kommentaren. Skjul den "
        "på plattformen selv; den er ikke endret her.",
        "sv": "Jag har ingen anslutning till Meta, så jag kan inte dölja kommentaren. Dölj den "
        "på plattformen själv; den är inte ändrad här.",
        "en": "I have no connection to Meta, so I cannot hide the comment. Hide it on the "
        "platform yourself; nothing was changed here.",
    },
    "moderation.hide.unsupported": {
        "nb": "Kommentarer på {platform} kan ikke skjules herfra. Skjul den på plattformen selv.",
        "sv": "Kommentarer på {platform} kan inte döljas härifrån. Dölj den på plattformen själv.",
        "en": "Comments on {platform} cannot be hidden from here. Hide it on the platform yourself.",
    },
    "moderation.hide.failed": {
        "nb": "Skjulingen mislyktes: {reason}. Kommentaren er fortsatt synlig og ikke endret her.",
        "sv": "Det gick inte att dölja: {reason}. Kommentaren syns fortfarande och är inte ändrad här.",
        "en": "Hiding failed: {reason}. The comment is still visible and nothing was changed here.",
    },
}


PLURALS: dict[str, dict[str, dict[str, str]]] = {
    "moderation.n_minutes": {
        "nb": {"one": "{n} minutt", "other": "{n} minutter"},
        "sv": {"one": "{n} minut", "other": "{n} minuter"},
        "en": {"one": "{n} minute", "other": "{n} minutes"},
    },
    "moderation.group.text": {
        "nb": {
            "one": "{n} ny kommentar trenger oppmerksomhet – se listen og ta den hvis du kan.",
            "other": "{n} nye kommentarer trenger oppmerksomhet – se listen og ta dem du kan.",
        },
        "sv": {
            "one": "{n} ny kommentar behöver uppmärksamhet – se listan och ta den om du kan.",
            "other": "{n} nya kommentarer behöver uppmärksamhet – se listan och ta dem du kan.",
        },
        "en": {
            "one": "{n} new comment needs attention – see the list and claim it if you can.",
            "other": "{n} new comments need attention – see the list and claim the ones you can.",
        },
    },
    "moderation.group.header": {
        "nb": {"one": "{n} ny kommentar", "other": "{n} nye kommentarer"},
        "sv": {"one": "{n} ny kommentar", "other": "{n} nya kommentarer"},
        "en": {"one": "{n} new comment", "other": "{n} new comments"},
    },
    "moderation.away.text": {
        "nb": {
            "one": "Mens dere var borte: {n} kommentar venter på vaktlaget – ta den med /vakt queue.",
            "other": "Mens dere var borte: {n} kommentarer venter på vaktlaget – ta dem med /vakt queue.",
        },
        "sv": {
            "one": "Medan ni var borta: {n} kommentar väntar på jourlaget – ta den med /vakt queue.",
            "other": "Medan ni var borta: {n} kommentarer väntar på jourlaget – ta dem med /vakt queue.",
        },
        "en": {
            "one": "While you were away: {n} comment is waiting for the team – claim it with /vakt queue.",
            "other": "While you were away: {n} comments are waiting for the team – claim them with /vakt queue.",
        },
    },
    "moderation.away.header": {
        "nb": {"one": "Mens dere var borte ({n})", "other": "Mens dere var borte ({n})"},
        "sv": {"one": "Medan ni var borta ({n})", "other": "Medan ni var borta ({n})"},
        "en": {"one": "While you were away ({n})", "other": "While you were away ({n})"},
    },
    "moderation.backfill.text": {
        "nb": {
            "one": "Hentet inn {n} eldre kommentar (fra før siste sammendrag) – den varsles ikke enkeltvis; ta den med /vakt queue.",
            "other": "Hentet inn {n} eldre kommentarer (fra før siste sammendrag) – de varsles ikke enkeltvis; ta dem med /vakt queue.",
        },
        "sv": {
            "one": "Hämtade {n} äldre kommentar (från före senaste sammanfattningen) – den aviseras inte en och en; ta den med /vakt queue.",
            "other": "Hämtade {n} äldre kommentarer (från före senaste sammanfattningen) – de aviseras inte en och en; ta dem med /vakt queue.",
        },
        "en": {
            "one": "Fetched {n} older comment (from before the last digest) – it is not alerted on its own; claim it with /vakt queue.",
            "other": "Fetched {n} older comments (from before the last digest) – they are not alerted one by one; claim them with /vakt queue.",
        },
    },
    "moderation.backfill.header": {
        "nb": {
            "one": "Eldre kommentarer hentet inn ({n})",
            "other": "Eldre kommentarer hentet inn ({n})",
        },
        "sv": {
            "one": "Äldre kommentarer hämtade ({n})",
            "other": "Äldre kommentarer hämtade ({n})",
        },
        "en": {"one": "Older comments fetched ({n})", "other": "Older comments fetched ({n})"},
    },
    "moderation.escalations.text": {
        "nb": {
            "one": "{n} kommentar er ikke tatt ennå – se listen.",
            "other": "{n} kommentarer er ikke tatt ennå – se listen.",
        },
        "sv": {
            "one": "{n} kommentar är inte tagen ännu – se listan.",
            "other": "{n} kommentarer är inte tagna ännu – se listan.",
        },
        "en": {
            "one": "{n} comment is still unclaimed – see the list.",
            "other": "{n} comments are still unclaimed – see the list.",
        },
    },
    "moderation.escalations.header": {
        "nb": {"one": "Ikke tatt ennå ({n})", "other": "Ikke tatt ennå ({n})"},
        "sv": {"one": "Inte tagen ännu ({n})", "other": "Inte tagna ännu ({n})"},
        "en": {"one": "Still unclaimed ({n})", "other": "Still unclaimed ({n})"},
    },
    "moderation.deadlines.text": {
        "nb": {
            "one": "Svarfristen nærmer seg for {n} kommentar – se listen.",
            "other": "Svarfristen nærmer seg for {n} kommentarer – se listen.",
        },
        "sv": {
            "one": "Svarstiden går snart ut för {n} kommentar – se listan.",
            "other": "Svarstiden går snart ut för {n} kommentarer – se listan.",
        },
        "en": {
            "one": "The reply deadline is near for {n} comment – see the list.",
            "other": "The reply deadline is near for {n} comments – see the list.",
        },
    },
    "moderation.deadlines.header": {
        "nb": {"one": "Svarfristen nærmer seg ({n})", "other": "Svarfristen nærmer seg ({n})"},
        "sv": {"one": "Svarstiden går snart ut ({n})", "other": "Svarstiden går snart ut ({n})"},
        "en": {
            "one": "Reply deadline approaching ({n})",
            "other": "Reply deadlines approaching ({n})",
        },
    },
    "moderation.breaches.text": {
        "nb": {
            "one": "Svarfristen er passert for {n} kommentar – se listen.",
            "other": "Svarfristen er passert for {n} kommentarer – se listen.",
        },
        "sv": {
            "one": "Svarstiden har passerats för {n} kommentar – se listan.",
            "other": "Svarstiden har passerats för {n} kommentarer – se listan.",
        },
        "en": {
            "one": "The reply deadline has passed for {n} comment – see the list.",
            "other": "The reply deadline has passed for {n} comments – see the list.",
        },
    },
    "moderation.breaches.header": {
        "nb": {"one": "Svarfristen er passert ({n})", "other": "Svarfristen er passert ({n})"},
        "sv": {"one": "Svarstiden har passerats ({n})", "other": "Svarstiden har passerats ({n})"},
        "en": {"one": "Reply deadline missed ({n})", "other": "Reply deadlines missed ({n})"},
    },
    "moderation.queue.text": {
        "nb": {
            "one": "{n} åpen kommentar.",
            "other": "{n} åpne kommentarer, personopplysninger og hets først, så etter svarfrist.",
        },
        "sv": {
            "one": "{n} öppen kommentar.",
            "other": "{n} öppna kommentarer, personuppgifter och hat först, sedan efter svarstid.",
        },
        "en": {
            "one": "{n} open comment.",
            "other": "{n} open comments, personal data and hate first, then by reply deadline.",
        },
    },
    "moderation.queue.header": {
        "nb": {"one": "Åpne kommentarer ({n})", "other": "Åpne kommentarer ({n})"},
        "sv": {"one": "Öppna kommentarer ({n})", "other": "Öppna kommentarer ({n})"},
        "en": {"one": "Open comments ({n})", "other": "Open comments ({n})"},
    },
    "moderation.mine.text": {
        "nb": {
            "one": "Du har tatt {n} kommentar som ikke er ferdig.",
            "other": "Du har tatt {n} kommentarer som ikke er ferdige.",
        },
        "sv": {
            "one": "Du har tagit {n} kommentar som inte är klar.",
            "other": "Du har tagit {n} kommentarer som inte är klara.",
        },
        "en": {
            "one": "You have claimed {n} comment that is not done yet.",
            "other": "You have claimed {n} comments that are not done yet.",
        },
    },
    "moderation.mine.header": {
        "nb": {"one": "Mine kommentarer ({n})", "other": "Mine kommentarer ({n})"},
        "sv": {"one": "Mina kommentarer ({n})", "other": "Mina kommentarer ({n})"},
        "en": {"one": "My comments ({n})", "other": "My comments ({n})"},
    },
}
