"""Strings of the interactive console (bot.runtime.console_app)."""

TEXTS: dict[str, dict[str, str]] = {
    "console.welcome": {
        "nb": "vaktbot for {name} kjører i konsollen (du er «{person}»). "
        "Skriv /vakt help, /vakt as <navn> for å være en annen, eller quit for å avslutte.",
        "sv": "vaktbot för {name} körs i konsolen (du är ”{person}”). "
        "Skriv /vakt help, /vakt as <namn> för att vara någon annan, eller quit för att avsluta.",
        "en": "vaktbot for {name} is running in the console (you are “{person}”). "
        "Type /vakt help, /vakt as <name> to be someone else, or quit to leave.",
    },
    "console.log_file": {
        "nb": "Loggen skrives til {path}.",
        "sv": "Loggen skrivs till {path}.",
        "en": "The log is written to {path}.",
    },
    "console.seeded": {
        "nb": "Databasen var tom, så jeg har lagt inn eksempeldata: {comments}.",
        "sv": "Databasen var tom, så jag har lagt in exempeldata: {comments}.",
        "en": "The database was empty, so I added sample data: {comments}.",
    },
    "console.seeded_plan": {
        "nb": "Databasen var tom, så jeg har lagt inn eksempeldata: {comments} og {items} fra årshjulet (examples/arshjul.xlsx).",
        "sv": "Databasen var tom, så jag har lagt in exempeldata: {comments} och {items} från årshjulet (examples/arshjul.xlsx).",
        "en": "The database was empty, so I added sample data: {comments} and {items} from the annual plan (examples/arshjul.xlsx).",
    },
    "console.unknown_action": {
        "nb": "Ukjent knapp «{action}».",
        "sv": "Okänd knapp ”{action}”.",
        "en": "Unknown button “{action}”.",
    },
    "console.as.usage": {
        "nb": "Skriv /vakt as <navn eller id> for å være en annen. Folk i konfigurasjonen: {people}",
        "sv": "Skriv /vakt as <namn eller id> för att vara någon annan. Personer i konfigurationen: {people}",
        "en": "Type /vakt as <name or id> to be someone else. People in the configuration: {people}",
    },
    "console.as.switched": {
        "nb": "Du er nå {name} ({id}), {role} i {teams}.",
        "sv": "Du är nu {name} ({id}), {role} i {teams}.",
        "en": "You are now {name} ({id}), {role} in {teams}.",
    },
    "console.as.switched_no_team": {
        "nb": "Du er nå {name} ({id}), {role}.",
        "sv": "Du är nu {name} ({id}), {role}.",
        "en": "You are now {name} ({id}), {role}.",
    },
    "console.role.member": {"nb": "medlem", "sv": "medlem", "en": "member"},
    "console.role.lead": {"nb": "leder", "sv": "arbetsledare", "en": "lead"},
    "console.role.admin": {"nb": "administrator", "sv": "administratör", "en": "admin"},
    "console.role.manager": {"nb": "leder for avdelingen", "sv": "chef", "en": "manager"},
}

PLURALS: dict[str, dict[str, dict[str, str]]] = {
    "console.n_comments": {
        "nb": {"one": "{n} kommentar", "other": "{n} kommentarer"},
        "sv": {"one": "{n} kommentar", "other": "{n} kommentarer"},
        "en": {"one": "{n} comment", "other": "{n} comments"},
    },
    "console.n_plan_items": {
        "nb": {"one": "{n} frist", "other": "{n} frister"},
        "sv": {"one": "{n} deadline", "other": "{n} deadlines"},
        "en": {"one": "{n} deadline", "other": "{n} deadlines"},
    },
}
