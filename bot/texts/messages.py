"""Strings used by the message renderers (Slack, Teams, console)."""

TEXTS: dict[str, dict[str, str]] = {
    "messages.more": {"nb": "Mer", "sv": "Mer", "en": "More"},
    "messages.more_actions": {
        "nb": "Flere valg",
        "sv": "Fler val",
        "en": "More actions",
    },
    "messages.image": {"nb": "Bilde: {alt}", "sv": "Bild: {alt}", "en": "Image: {alt}"},
    "messages.image_attached": {
        "nb": "Bilde (vedlagt): {alt}",
        "sv": "Bild (bifogad): {alt}",
        "en": "Image (attached): {alt}",
    },
    "messages.cancel": {"nb": "Avbryt", "sv": "Avbryt", "en": "Cancel"},
    "messages.choose": {"nb": "Velg …", "sv": "Välj …", "en": "Choose …"},
    "messages.field_required": {
        "nb": "Fyll ut «{label}».",
        "sv": "Fyll i ”{label}”.",
        "en": "Please fill in “{label}”.",
    },
    "messages.date_hint": {"nb": "ÅÅÅÅ-MM-DD", "sv": "ÅÅÅÅ-MM-DD", "en": "YYYY-MM-DD"},
    "messages.form_fields": {
        "nb": "Skjemaet «{title}» har feltene: {fields}",
        "sv": "Formuläret ”{title}” har fälten: {fields}",
        "en": "The form “{title}” has the fields: {fields}",
    },
    "messages.console_form": {
        "nb": "Skjema «{title}» – skriv: {syntax}",
        "sv": "Formulär ”{title}” – skriv: {syntax}",
        "en": "Form “{title}” – type: {syntax}",
    },
}
