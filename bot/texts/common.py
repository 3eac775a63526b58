"""Strings shared by every feature."""

TEXTS: dict[str, dict[str, str]] = {
    "common.and_more": {"nb": "… og {n} til", "sv": "… och {n} till", "en": "… and {n} more"},
    "common.none": {"nb": "Ingen", "sv": "Inga", "en": "None"},
    "common.just_now": {"nb": "nå nettopp", "sv": "just nu", "en": "just now"},
    "common.not_a_command": {
        "nb": "«{text}» er ikke en kommando jeg kjenner. Her er det du kan gjøre:",
        "sv": "”{text}” är inget kommando jag känner till. Det här kan du göra:",
        "en": "“{text}” is not a command I know. Here is what you can do:",
    },
    "common.unknown_command": {
        "nb": "Ukjent kommando «{command}». Her er det du kan gjøre:",
        "sv": "Okänt kommando ”{command}”. Det här kan du göra:",
        "en": "Unknown command “{command}”. Here is what you can do:",
    },
    "common.not_allowed": {
        "nb": "Beklager, det har du ikke tilgang til.",
        "sv": "Tyvärr, det har du inte behörighet till.",
        "en": "Sorry, you are not allowed to do that.",
    },
    "common.unknown_person": {
        "nb": "Jeg kjenner ikke igjen «{who}». Bruk @navn eller id fra konfigurasjonen.",
        "sv": "Jag känner inte igen ”{who}”. Använd @namn eller id från konfigurationen.",
        "en": "I don't know “{who}”. Use @name or the id from the configuration.",
    },
    "common.bad_date": {
        "nb": "«{value}» er ikke en gyldig dato. Skriv for eksempel 2026-12-24 eller 24.12.",
        "sv": "”{value}” är inget giltigt datum. Skriv till exempel 2026-12-24 eller 24/12.",
        "en": "“{value}” is not a valid date. Write for example 2026-12-24 or 24.12.",
    },
    "common.not_registered": {
        "nb": "Du står ikke i konfigurasjonen til vaktbot. Be en administrator legge deg til.",
        "sv": "Du finns inte i vaktbots konfiguration. Be en administratör lägga till dig.",
        "en": "You are not in vaktbot's configuration. Ask an administrator to add you.",
    },
}
