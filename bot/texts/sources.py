"""Strings for sources: messages to the admin channel about platform connections, and imports."""

TEXTS: dict[str, dict[str, str]] = {
    "sources.error.token_expired": {
        "nb": "Tilgangsnøkkelen for {account} har utløpt, så jeg henter ikke lenger kommentarer "
        "og tall derfra. Lag en ny sidenøkkel i Meta og oppdater {env}.",
        "sv": "Åtkomsttoken för {account} har gått ut, så jag hämtar inte längre kommentarer "
        "och siffror därifrån. Skapa en ny sidtoken i Meta och uppdatera {env}.",
        "en": "The access token for {account} has expired, so I can no longer fetch comments "
        "and figures from it. Create a new page token in Meta and update {env}.",
    },
    "sources.error.permission_missing": {
        "nb": "Appen mangler en tillatelse for {account} ({detail}). Gi appen tilgang på nytt "
        "i Meta, med lese- og modereringstilgang for siden.",
        "sv": "Appen saknar en behörighet för {account} ({detail}). Ge appen åtkomst igen i "
        "Meta, med läs- och modereringsbehörighet för sidan.",
        "en": "The app is missing a permission for {account} ({detail}). Grant the app access "
        "again in Meta, with read and moderation rights for the page.",
    },
    "sources.error.deprecated_metric": {
        "nb": "Meta godtar ikke lenger disse tallene for {account}: {metrics}. De andre tallene "
        "hentes som før; jeg spør etter disse igjen om en uke, og rapportene mangler dem så "
        "lenge Meta sier nei.",
        "sv": "Meta godtar inte längre de här måtten för {account}: {metrics}. Övriga siffror "
        "hämtas som vanligt; jag frågar efter dem igen om en vecka, och rapporterna saknar dem "
        "så länge Meta säger nej.",
        "en": "Meta no longer accepts these metrics for {account}: {metrics}. The other figures "
        "are fetched as before; I will ask for these again in a week, and reports lack them as "
        "long as Meta refuses.",
    },
    "sources.error.rate_limited": {
        "nb": "Meta begrenser hvor ofte jeg kan hente data for {account}. Jeg prøver igjen "
        "senere, så tallene kan komme litt forsinket.",
        "sv": "Meta begränsar hur ofta jag får hämta data för {account}. Jag försöker igen "
        "senare, så siffrorna kan bli lite försenade.",
        "en": "Meta is limiting how often I can fetch data for {account}. I will try again "
        "later, so figures may arrive a little late.",
    },
    "sources.error.unavailable": {
        "nb": "Jeg får ikke kontakt med Meta for {account} akkurat nå. Jeg prøver igjen ved "
        "neste henting.",
        "sv": "Jag får ingen kontakt med Meta för {account} just nu. Jag försöker igen vid "
        "nästa hämtning.",
        "en": "I cannot reach Meta for {account} right now. I will try again at the next poll.",
    },
    "sources.error.graph_error": {
        "nb": "Meta svarte med en feil for {account} (kode {code}). Jeg prøver igjen ved neste "
        "henting.",
        "sv": "Meta svarade med ett fel för {account} (kod {code}). Jag försöker igen vid "
        "nästa hämtning.",
        "en": "Meta answered with an error for {account} (code {code}). I will try again at "
        "the next poll.",
    },
    "sources.recovered": {
        "nb": "Forbindelsen til {account} virker igjen. Kommentarer og tall hentes som normalt.",
        "sv": "Kopplingen till {account} fungerar igen. Kommentarer och siffror hämtas som "
        "vanligt.",
        "en": "The connection to {account} works again. Comments and figures are fetched as usual.",
    },
    "sources.import.done": {
        "nb": "Importerte {file}: {posts} nye innlegg og {snapshots} dager med tall ({kind}).",
        "sv": "Importerade {file}: {posts} nya inlägg och {snapshots} dagar med siffror ({kind}).",
        "en": "Imported {file}: {posts} new posts and {snapshots} days of figures ({kind}).",
    },
    "sources.import.skipped": {
        "nb": "{n} rader ble hoppet over fordi de manglet dato eller innleggs-ID.",
        "sv": "{n} rader hoppades över eftersom de saknade datum eller inläggs-id.",
        "en": "{n} rows were skipped because they lacked a date or a post ID.",
    },
    "sources.import.unresolved": {
        "nb": "Fant ingen konto i konfigurasjonen for disse ID-ene: {ids}. Legg dem til under "
        "accounts i vaktbot.yml, eller oppgi kontoet med --account.",
        "sv": "Hittade inget konto i konfigurationen för de här id:na: {ids}. Lägg till dem "
        "under accounts i vaktbot.yml, eller ange kontot med --account.",
        "en": "No account in the configuration matches these IDs: {ids}. Add them under "
        "accounts in vaktbot.yml, or name the account with --account.",
    },
    "sources.import.unknown_layout": {
        "nb": "Jeg kjenner ikke igjen formatet på {file}. Fant kolonnene: {headers}.",
        "sv": "Jag känner inte igen formatet på {file}. Hittade kolumnerna: {headers}.",
        "en": "I don't recognise the layout of {file}. Columns found: {headers}.",
    },
    "sources.retention.done": {
        "nb": "Slettet tekst og navn fra {n} kommentarer eldre enn {days} dager.",
        "sv": "Raderade text och namn från {n} kommentarer äldre än {days} dagar.",
        "en": "Removed text and names from {n} comments older than {days} days.",
    },
}
