"""Strings of the rotation calendar feed."""

TEXTS: dict[str, dict[str, str]] = {
    "duty_ics.calname": {
        "nb": "Vaktplan – {rotation}",
        "sv": "Jourschema – {rotation}",
        "en": "Duty rota – {rotation}",
    },
    "duty_ics.summary": {"nb": "Vakt: {team}", "sv": "Jour: {team}", "en": "On duty: {team}"},
    "duty_ics.lead": {"nb": "Leder: {lead}", "sv": "Arbetsledare: {lead}", "en": "Lead: {lead}"},
    "duty_ics.members": {
        "nb": "Medlemmer: {names}",
        "sv": "Medlemmar: {names}",
        "en": "Members: {names}",
    },
    "duty_ics.holidays": {
        "nb": "Helligdager: {days}",
        "sv": "Helgdagar: {days}",
        "en": "Public holidays: {days}",
    },
    "duty_ics.closures": {
        "nb": "Stengt: {days}",
        "sv": "Stängt: {days}",
        "en": "Closed: {days}",
    },
    "duty_ics.away": {
        "nb": "Borte: {name} ({dates})",
        "sv": "Frånvarande: {name} ({dates})",
        "en": "Away: {name} ({dates})",
    },
    "duty_ics.swap": {
        "nb": "{to} tar vakten for {frm} ({dates})",
        "sv": "{to} tar passet för {frm} ({dates})",
        "en": "{to} covers for {frm} ({dates})",
    },
}
