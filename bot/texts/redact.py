"""Markers that replace personal data in comment excerpts (bot.privacy.redact)."""

TEXTS: dict[str, dict[str, str]] = {
    "redact.marker.id": {
        "nb": "[fødselsnummer fjernet]",
        "sv": "[personnummer borttaget]",
        "en": "[ID number removed]",
    },
    "redact.marker.phone": {
        "nb": "[telefonnummer fjernet]",
        "sv": "[telefonnummer borttaget]",
        "en": "[phone number removed]",
    },
    "redact.marker.email": {
        "nb": "[e-post fjernet]",
        "sv": "[e-post borttagen]",
        "en": "[email removed]",
    },
    "redact.marker.address": {
        "nb": "[adresse fjernet]",
        "sv": "[adress borttagen]",
        "en": "[address removed]",
    },
}
