TEXTS: dict[str, dict[str, str]] = {
    "prefs.help.mute": {
        "nb": "slå av en type direktemeldinger (duty, plan, digest); `unmute` slår på igjen. Eksempel: `/vakt mute duty`",
        "sv": "stäng av en typ av direktmeddelanden (duty, plan, digest); `unmute` slår på igen. Exempel: `/vakt mute duty`",
        "en": "turn off a kind of direct message (duty, plan, digest); `unmute` turns it back on. Example: `/vakt mute duty`",
    },
    "prefs.usage": {
        "nb": "Skriv `/vakt mute <type>` eller `/vakt unmute <type>`, der type er en av: {kinds}.",
        "sv": "Skriv `/vakt mute <typ>` eller `/vakt unmute <typ>`, där typ är en av: {kinds}.",
        "en": "Type `/vakt mute <kind>` or `/vakt unmute <kind>`, where kind is one of: {kinds}.",
    },
    "prefs.muted": {
        "nb": "Greit, du får ikke lenger direktemeldinger av typen «{kind}».",
        "sv": "Okej, du får inte längre direktmeddelanden av typen ”{kind}”.",
        "en": "OK, you will no longer get “{kind}” direct messages.",
    },
    "prefs.unmuted": {
        "nb": "Greit, direktemeldinger av typen «{kind}» er slått på igjen.",
        "sv": "Okej, direktmeddelanden av typen ”{kind}” är påslagna igen.",
        "en": "OK, “{kind}” direct messages are back on.",
    },
}
