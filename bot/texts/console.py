TEXTS: dict[str, dict[str, str]] = {
    "console.welcome": {
        "nb": "vaktbot for {name} kjører i konsollen (du er «{person}»). "
        "Skriv /vakt help, eller quit for å avslutte.",
        "sv": "vaktbot för {name} körs i konsolen (du är ”{person}”). "
        "Skriv /vakt help, eller quit för att avsluta.",
        "en": "vaktbot for {name} is running in the console (you are “{person}”). "
        "Type /vakt help, or quit to leave.",
    },
    "console.seeded": {
        "nb": "Databasen var tom, så jeg har lagt inn eksempeldata ({comments} kommentarer).",
        "sv": "Databasen var tom, så jag har lagt in exempeldata ({comments} kommentarer).",
        "en": "The database was empty, so I added sample data ({comments} comments).",
    },
    "console.unknown_action": {
        "nb": "Ukjent knapp «{action}».",
        "sv": "Okänd knapp ”{action}”.",
        "en": "Unknown button “{action}”.",
    },
}
