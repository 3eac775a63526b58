"""Strings of the Teams transport and the Teams app package (keys teams.*)."""

TEXTS: dict[str, dict[str, str]] = {
    # welcome, personal chat: what the bot can do
    "teams.welcome.personal.text": {
        "nb": "vaktbot er installert – skriv «help» for å se hva jeg kan.",
        "sv": "vaktbot är installerad – skriv ”help” för att se vad jag kan.",
        "en": "vaktbot is installed – type “help” to see what I can do.",
    },
    "teams.welcome.personal.title": {
        "nb": "Hei! Jeg er vaktbot",
        "sv": "Hej! Jag är vaktbot",
        "en": "Hi! I'm vaktbot",
    },
    "teams.welcome.personal.intro": {
        "nb": (
            "Jeg holder styr på hvem som har vakt, varsler vaktmoderatoren om nye kommentarer, "
            "sender daglige og ukentlige sammendrag og minner om frister i årshjulet. "
            "Her i chatten får du bare det som gjelder deg."
        ),
        "sv": (
            "Jag håller koll på vem som har jour, larmar jourmoderatorn om nya kommentarer, "
            "skickar dagliga och veckovisa sammanfattningar och påminner om deadlines i "
            "årshjulet. Här i chatten får du bara det som gäller dig."
        ),
        "en": (
            "I keep track of who is on duty, alert the on-duty moderator to new comments, "
            "send daily and weekly digests and remind you of deadlines in the annual plan. "
            "In this chat you only get what concerns you."
        ),
    },
    "teams.welcome.personal.commands": {
        "nb": "Skriv en kommando til meg, for eksempel:",
        "sv": "Skriv ett kommando till mig, till exempel:",
        "en": "Send me a command, for example:",
    },
    "teams.welcome.personal.footer": {
        "nb": "Skriv «help» når som helst for å se alle kommandoene.",
        "sv": "Skriv ”help” när som helst för att se alla kommandon.",
        "en": "Type “help” at any time to see every command.",
    },
    # welcome, channel or group chat: a short introduction
    "teams.welcome.channel.text": {
        "nb": (
            "vaktbot er lagt til her – vaktskifter, varsler og sammendrag for laget kommer "
            "i denne kanalen."
        ),
        "sv": (
            "vaktbot har lagts till här – jourbyten, larm och sammanfattningar för teamet "
            "kommer i den här kanalen."
        ),
        "en": (
            "vaktbot has been added here – duty handovers, alerts and digests for the team "
            "will appear in this channel."
        ),
    },
    "teams.welcome.channel.hint": {
        "nb": (
            "Skriv @vaktbot help for å se hva jeg kan. En leder kobler kanalen til et "
            "vaktlag med @vaktbot link <lag-id>."
        ),
        "sv": (
            "Skriv @vaktbot help för att se vad jag kan. En teamledare kopplar kanalen till "
            "ett jourlag med @vaktbot link <team-id>."
        ),
        "en": (
            "Type @vaktbot help to see what I can do. A lead links this channel to a team "
            "with @vaktbot link <team-id>."
        ),
    },
    # link <team-id>
    "teams.link.done": {
        "nb": "Kanalen er koblet til {team}. Meldinger til laget kommer heretter hit.",
        "sv": "Kanalen är kopplad till {team}. Meddelanden till teamet kommer hädanefter hit.",
        "en": (
            "This channel is now linked to {team}. Messages for the team will come here "
            "from now on."
        ),
    },
    "teams.link.usage": {
        "nb": "Skriv @vaktbot link <lag-id> for å koble kanalen til et lag. Lag: {teams}",
        "sv": "Skriv @vaktbot link <team-id> för att koppla kanalen till ett team. Team: {teams}",
        "en": "Type @vaktbot link <team-id> to link this channel to a team. Teams: {teams}",
    },
    "teams.link.unknown": {
        "nb": "Fant ikke laget «{team}». Lag: {teams}",
        "sv": "Hittade inte teamet ”{team}”. Team: {teams}",
        "en": "No team called “{team}”. Teams: {teams}",
    },
    "teams.link.not_allowed": {
        "nb": "Bare ledere og administratorer kan koble en kanal til et lag.",
        "sv": "Bara teamledare och administratörer kan koppla en kanal till ett team.",
        "en": "Only leads and admins can link a channel to a team.",
    },
    "teams.link.channel_only": {
        "nb": "«link» virker bare i en kanal: nevn @vaktbot i kanalen som skal kobles.",
        "sv": "”link” fungerar bara i en kanal: nämn @vaktbot i kanalen som ska kopplas.",
        "en": "“link” only works in a channel: mention @vaktbot in the channel to link.",
    },
    "teams.link.management": {
        "nb": "ledelseskanalen",
        "sv": "ledningskanalen",
        "en": "the management channel",
    },
    # the app package (manifest.json)
    "teams.app.short": {
        "nb": "Vaktlister, moderasjonsvarsler og årshjul",
        "sv": "Jourlistor, modereringslarm och årshjul",
        "en": "Duty rota, moderation alerts and annual plan",
    },
    "teams.app.full": {
        "nb": (
            "vaktbot hjelper kommunikasjonsavdelinger med vaktturnus for hele lag, varsler "
            "vaktmoderatoren om nye kommentarer på organisasjonens kontoer, sender daglige og "
            "ukentlige sammendrag og minner om frister i årshjulet. Selvhostet: dataene blir hos "
            "dere."
        ),
        "sv": (
            "vaktbot hjälper kommunikationsavdelningar med jourschema för hela team, larmar "
            "jourmoderatorn om nya kommentarer på organisationens konton, skickar dagliga och "
            "veckovisa sammanfattningar och påminner om deadlines i årshjulet. Egen drift: "
            "datan stannar hos er."
        ),
        "en": (
            "vaktbot helps communications departments rotate whole teams on duty, alerts the "
            "on-duty moderator to new comments on the organisation's accounts, sends daily and "
            "weekly digests and reminds teams of deadlines in the annual plan. Self-hosted: your "
            "data stays with you."
        ),
    },
    "teams.app.link_command": {
        "nb": "Koble kanalen til et vaktlag",
        "sv": "Koppla kanalen till ett jourlag",
        "en": "Link this channel to a team",
    },
    "teams.error": {
        "nb": "Beklager, noe gikk galt. Prøv igjen om litt.",
        "sv": "Tyvärr, något gick fel. Försök igen om en stund.",
        "en": "Sorry, something went wrong. Please try again in a moment.",
    },
    "teams.dm_refused.mention": {
        "nb": "Dette er til deg, men jeg kan ikke sende deg direktemeldinger: vaktbot er ikke installert for deg i Teams, eller en policy stopper den. Åpne vaktbot i Teams (Apper → vaktbot → Legg til) for å få slike meldinger privat.",
        "sv": "Det här är till dig, men jag kan inte skicka direktmeddelanden till dig: vaktbot är inte installerad för dig i Teams, eller så stoppar en policy den. Öppna vaktbot i Teams (Appar → vaktbot → Lägg till) för att få sådana meddelanden privat.",
        "en": "This is for you, but I cannot send you direct messages: vaktbot is not installed for you in Teams, or a policy blocks it. Open vaktbot in Teams (Apps → vaktbot → Add) to get such messages privately.",
    },
    "teams.dm_refused.admin": {
        "nb": "Jeg kan ikke sende direktemeldinger til {person} i Teams: Bot Connector svarte HTTP {status} da jeg prøvde å åpne en personlig chat (vaktbot er ikke installert for {person}, eller en policy for apper stopper den). Meldingene til {person} legges i teamets kanal med @-omtale til det er ordnet. Installer vaktbot for {person} (Teams admin center → Manage apps → vaktbot → Install for users) eller tillat appen i policyen.",
        "sv": "Jag kan inte skicka direktmeddelanden till {person} i Teams: Bot Connector svarade HTTP {status} när jag försökte öppna en personlig chatt (vaktbot är inte installerad för {person}, eller så stoppar en appolicy den). Meddelanden till {person} läggs i teamets kanal med @-omnämnande tills det är ordnat. Installera vaktbot för {person} (Teams admin center → Manage apps → vaktbot → Install for users) eller tillåt appen i policyn.",
        "en": "I cannot send direct messages to {person} in Teams: the Bot Connector answered HTTP {status} when I tried to open a personal chat (vaktbot is not installed for {person}, or an app policy blocks it). Messages to {person} go to their team's channel with an @mention until this is fixed. Install vaktbot for {person} (Teams admin center → Manage apps → vaktbot → Install for users) or allow the app in the policy.",
    },
}
