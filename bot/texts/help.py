TEXTS: dict[str, dict[str, str]] = {
    "help.title": {
        "nb": "vaktbot – dette kan du spørre om",
        "sv": "vaktbot – det här kan du fråga om",
        "en": "vaktbot – what you can ask",
    },
    "help.help": {
        "nb": "denne oversikten. Eksempel: `/vakt help`",
        "sv": "den här översikten. Exempel: `/vakt help`",
        "en": "this overview. Example: `/vakt help`",
    },
}
