"""Display names of comment labels and the surge summary (bot.moderation.classify)."""

TEXTS: dict[str, dict[str, str]] = {
    "classify.label.personal_data": {
        "nb": "Personopplysninger",
        "sv": "Personuppgifter",
        "en": "Personal data",
    },
    "classify.label.hate": {
        "nb": "Hatefulle ytringer",
        "sv": "Hatiska yttranden",
        "en": "Hate speech",
    },
    "classify.label.surge": {
        "nb": "Mange nye kommentarer",
        "sv": "Många nya kommentarer",
        "en": "Comment surge",
    },
    "classify.label.troll": {
        "nb": "Trolling",
        "sv": "Trollande",
        "en": "Trolling",
    },
    "classify.label.needs_answer": {
        "nb": "Trenger svar",
        "sv": "Behöver svar",
        "en": "Needs answer",
    },
    "classify.label.link": {
        "nb": "Lenke",
        "sv": "Länk",
        "en": "Link",
    },
    "classify.surge.summary": {
        "nb": "{recent} kommentarer siste time (vanligvis {usual} i timen)",
        "sv": "{recent} kommentarer senaste timmen (normalt {usual} i timmen)",
        "en": "{recent} comments in the last hour (usually {usual} an hour)",
    },
}
