"""Strings of the App Home tab, its settings, and the Slack edge's own answers."""

TEXTS: dict[str, dict[str, str]] = {
    "home.text": {
        "nb": "vaktbot: dine vakter, saker og frister",
        "sv": "vaktbot: dina pass, ärenden och deadlines",
        "en": "vaktbot: your shifts, claims and deadlines",
    },
    "home.title": {
        "nb": "Hei, {name}",
        "sv": "Hej, {name}",
        "en": "Hello, {name}",
    },
    "home.title_anonymous": {
        "nb": "Velkommen til vaktbot",
        "sv": "Välkommen till vaktbot",
        "en": "Welcome to vaktbot",
    },
    "home.updated": {
        "nb": "Oppdatert {when}",
        "sv": "Uppdaterad {when}",
        "en": "Updated {when}",
    },
    "home.not_registered": {
        "nb": "Du står ikke i konfigurasjonen til vaktbot ennå, så her er ingenting personlig å "
        "vise. Be en administrator legge deg til. `/vakt help` viser hva boten kan.",
        "sv": "Du finns inte i vaktbots konfiguration ännu, så här finns inget personligt att "
        "visa. Be en administratör lägga till dig. `/vakt help` visar vad boten kan.",
        "en": "You are not in vaktbot's configuration yet, so there is nothing personal to show. "
        "Ask an administrator to add you. `/vakt help` shows what the bot can do.",
    },
    "home.my_deadlines": {
        "nb": "Mine frister",
        "sv": "Mina deadlines",
        "en": "My deadlines",
    },
    "home.deadline_line": {
        "nb": "{date}: {title}",
        "sv": "{date}: {title}",
        "en": "{date}: {title}",
    },
    "home.team_status": {
        "nb": "Status for vakta",
        "sv": "Status för jouren",
        "en": "Duty status",
    },
    "home.on_duty": {"nb": "På vakt", "sv": "I tjänst", "en": "On duty"},
    "home.lead": {"nb": "Vaktleder", "sv": "Jourledare", "en": "Lead"},
    "home.mode": {"nb": "Nå", "sv": "Nu", "en": "Now"},
    "home.mode.open": {"nb": "Åpent", "sv": "Öppet", "en": "Open"},
    "home.mode.on_call": {"nb": "Beredskap", "sv": "Beredskap", "en": "On call"},
    "home.mode.closed": {"nb": "Stengt", "sv": "Stängt", "en": "Closed"},
    "home.on_call": {"nb": "Beredskap", "sv": "Beredskap", "en": "On call"},
    "home.shift_end": {"nb": "Vakta slutter", "sv": "Passet slutar", "en": "Shift ends"},
    "home.nothing": {
        "nb": "Ingenting som venter på deg akkurat nå.",
        "sv": "Inget som väntar på dig just nu.",
        "en": "Nothing waiting for you right now.",
    },
    "home.help.settings": {
        "nb": "velg språket vaktbot svarer deg på. Eksempel: `/vakt settings`",
        "sv": "välj språket vaktbot svarar dig på. Exempel: `/vakt settings`",
        "en": "choose the language vaktbot answers you in. Example: `/vakt settings`",
    },
    "home.settings": {"nb": "Innstillinger", "sv": "Inställningar", "en": "Settings"},
    "home.help": {"nb": "Hva kan vaktbot?", "sv": "Vad kan vaktbot?", "en": "What can vaktbot do?"},
    "home.settings.title": {
        "nb": "Innstillinger",
        "sv": "Inställningar",
        "en": "Settings",
    },
    "home.settings.save": {"nb": "Lagre", "sv": "Spara", "en": "Save"},
    "home.settings.language": {"nb": "Språk", "sv": "Språk", "en": "Language"},
    "home.settings.language_auto.slack": {
        "nb": "Som i Slack",
        "sv": "Som i Slack",
        "en": "Same as Slack",
    },
    "home.settings.language_auto.teams": {
        "nb": "Som i Teams",
        "sv": "Som i Teams",
        "en": "Same as Teams",
    },
    "home.settings.language_auto.default": {
        "nb": "Standard ({language})",
        "sv": "Standard ({language})",
        "en": "Default ({language})",
    },
    "home.settings.language_error": {
        "nb": "Velg et av språkene i lista.",
        "sv": "Välj ett av språken i listan.",
        "en": "Choose one of the languages in the list.",
    },
    "home.settings.saved": {
        "nb": "Innstillingene er lagret.",
        "sv": "Inställningarna är sparade.",
        "en": "Your settings are saved.",
    },
    "home.settings.intro": {
        "nb": "Velg hvilket språk vaktbot skal bruke når den svarer deg.",
        "sv": "Välj vilket språk vaktbot ska använda när den svarar dig.",
        "en": "Choose the language vaktbot uses when it answers you.",
    },
    "home.slack.refused": {
        "nb": "Denne knappen hører ikke til en melding fra vaktbot, så jeg gjør ingenting med "
        "den. Bruk `/vakt help` for å se hva du kan gjøre.",
        "sv": "Den här knappen hör inte till ett meddelande från vaktbot, så jag gör ingenting "
        "med den. Använd `/vakt help` för att se vad du kan göra.",
        "en": "This button does not belong to a message from vaktbot, so I did nothing. "
        "Use `/vakt help` to see what you can do.",
    },
    "home.slack.stale_button": {
        "nb": "Denne knappen virker ikke lenger. Bruk `/vakt help` for å se hva du kan gjøre.",
        "sv": "Den här knappen fungerar inte längre. Använd `/vakt help` för att se vad du kan "
        "göra.",
        "en": "This button no longer works. Use `/vakt help` to see what you can do.",
    },
    "home.slack.error": {
        "nb": "Beklager, noe gikk galt hos vaktbot. Prøv igjen om litt.",
        "sv": "Tyvärr gick något fel hos vaktbot. Försök igen om en stund.",
        "en": "Sorry, something went wrong in vaktbot. Please try again in a moment.",
    },
}
