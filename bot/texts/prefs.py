"""Strings of /vakt mute and /vakt unmute (handlers.prefs)."""

TEXTS: dict[str, dict[str, str]] = {
    "prefs.help.mute": {
        "nb": "slå av en type direktemeldinger (vakt, plan, oppsummering); `unmute` slår på igjen. Eksempel: `/vakt mute vakt`",
        "sv": "stäng av en typ av direktmeddelanden (jour, plan, sammanfattning); `unmute` slår på igen. Exempel: `/vakt mute jour`",
        "en": "turn off a kind of direct message (duty, plan, digest); `unmute` turns it back on. Example: `/vakt mute duty`",
    },
    "prefs.usage": {
        "nb": "Skriv `/vakt mute <type>` eller `/vakt unmute <type>`, der type er en av: {kinds}.",
        "sv": "Skriv `/vakt mute <typ>` eller `/vakt unmute <typ>`, där typ är en av: {kinds}.",
        "en": "Type `/vakt mute <kind>` or `/vakt unmute <kind>`, where kind is one of: {kinds}.",
    },
    "prefs.muted": {
        "nb": "Greit, du får ikke lenger {kind} som direktemelding.",
        "sv": "Okej, du får inte längre {kind} som direktmeddelande.",
        "en": "OK, you will no longer get {kind} as direct messages.",
    },
    "prefs.unmuted": {
        "nb": "Greit, du får {kind} som direktemelding igjen.",
        "sv": "Okej, du får {kind} som direktmeddelande igen.",
        "en": "OK, you will get {kind} as direct messages again.",
    },
    # the word to type (shown in the usage) and what it turns off
    "prefs.word.duty": {"nb": "vakt", "sv": "jour", "en": "duty"},
    "prefs.word.plan": {"nb": "plan", "sv": "plan", "en": "plan"},
    "prefs.word.digest": {"nb": "oppsummering", "sv": "sammanfattning", "en": "digest"},
    "prefs.kind.duty": {
        "nb": "påminnelser om vakt",
        "sv": "påminnelser om jour",
        "en": "duty reminders",
    },
    "prefs.kind.plan": {
        "nb": "påminnelser om frister i årshjulet",
        "sv": "påminnelser om deadlines i årshjulet",
        "en": "annual-plan deadline reminders",
    },
    "prefs.kind.digest": {
        "nb": "oppsummeringer",
        "sv": "sammanfattningar",
        "en": "digests",
    },
}
