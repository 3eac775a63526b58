"""Strings for the admins' health notices (delivery, outbox, webhooks)."""

TEXTS: dict[str, dict[str, str]] = {
    "health.header": {
        "nb": "vaktbot trenger tilsyn",
        "sv": "vaktbot behöver tillsyn",
        "en": "vaktbot needs attention",
    },
    "health.text": {
        "nb": "vaktbot trenger tilsyn: {what}. Se detaljene og hva du kan sjekke.",
        "sv": "vaktbot behöver tillsyn: {what}. Se detaljerna och vad du kan kontrollera.",
        "en": "vaktbot needs attention: {what}. See the details and what to check.",
    },
    "health.undelivered": {
        "nb": "Meldinger som plattformen avviste (de blir ikke prøvd igjen). Årsak og antall:",
        "sv": "Meddelanden som plattformen avvisade (de prövas inte igen). Orsak och antal:",
        "en": "Messages the platform refused (they are not tried again). Reason and count:",
    },
    "health.dead": {
        "nb": "Meldinger som ikke kom fram mens de ennå var nyttige, og som jeg har sluttet å "
        "prøve: {n}. Hva slags:",
        "sv": "Meddelanden som inte kom fram medan de ännu var användbara, och som jag har slutat "
        "försöka med: {n}. Vilken sort:",
        "en": "Messages that did not get through while they were still useful, and that I have "
        "stopped trying: {n}. What kind:",
    },
    "health.dead.resend": {
        "nb": "Se dem med `vaktbot outbox list --status dead`; send dem likevel med "
        "`vaktbot outbox resend --all`.",
        "sv": "Se dem med `vaktbot outbox list --status dead`; skicka dem ändå med "
        "`vaktbot outbox resend --all`.",
        "en": "See them with `vaktbot outbox list --status dead`; send them anyway with "
        "`vaktbot outbox resend --all`.",
    },
    "health.kind.digest": {"nb": "oversikter", "sv": "översikter", "en": "digests"},
    "health.kind.alert": {"nb": "varsler", "sv": "aviseringar", "en": "alerts"},
    "health.kind.plan": {"nb": "påminnelser", "sv": "påminnelser", "en": "reminders"},
    "health.kind.duty": {"nb": "vaktmeldinger", "sv": "jourmeddelanden", "en": "duty messages"},
    "health.kind.other": {"nb": "andre", "sv": "andra", "en": "other"},
    "health.undelivered.short": {
        "nb": "ikke levert: {n}",
        "sv": "inte levererade: {n}",
        "en": "not delivered: {n}",
    },
    "health.stuck": {
        "nb": "Meldinger som venter i utboksen i mer enn 15 minutter: {n} (den eldste siden "
        "{since}). Sjekk at tjenesten når Slack eller Teams, og loggen.",
        "sv": "Meddelanden som väntar i utkorgen i mer än 15 minuter: {n} (det äldsta sedan "
        "{since}). Kontrollera att tjänsten når Slack eller Teams, och loggen.",
        "en": "Messages waiting in the outbox for more than 15 minutes: {n} (the oldest since "
        "{since}). Check that the service can reach Slack or Teams, and the log.",
    },
    "health.stuck.short": {
        "nb": "venter: {n}",
        "sv": "väntar: {n}",
        "en": "waiting: {n}",
    },
    "health.webhooks": {
        "nb": "Avviste webhook-kall siden forrige varsel",
        "sv": "Avvisade webhook-anrop sedan förra meddelandet",
        "en": "Webhook requests refused since the last notice",
    },
    "health.webhooks.short": {
        "nb": "avviste webhook-kall: {n}",
        "sv": "avvisade webhook-anrop: {n}",
        "en": "webhook requests refused: {n}",
    },
    "health.webhook.line": {
        "nb": "{source}: {n}",
        "sv": "{source}: {n}",
        "en": "{source}: {n}",
    },
    "health.webhook.unconfigured": {
        "nb": "hemmeligheten er ikke satt (META_APP_SECRET eller VAKTBOT_WEBHOOK_SECRET)",
        "sv": "hemligheten är inte satt (META_APP_SECRET eller VAKTBOT_WEBHOOK_SECRET)",
        "en": "the secret is not set (META_APP_SECRET or VAKTBOT_WEBHOOK_SECRET)",
    },
    "health.webhook.bad_signature": {
        "nb": "feil signatur: sjekk at hemmeligheten er den samme hos avsenderen",
        "sv": "fel signatur: kontrollera att hemligheten är densamma hos avsändaren",
        "en": "wrong signature: check that the sender uses the same secret",
    },
    "health.webhook.bad_verify_token": {
        "nb": "feil bekreftelsesnøkkel da Meta satte opp webhooken: sjekk META_VERIFY_TOKEN",
        "sv": "fel verifieringstoken när Meta satte upp webhooken: kontrollera META_VERIFY_TOKEN",
        "en": "wrong verify token when Meta set up the webhook: check META_VERIFY_TOKEN",
    },
    "health.webhook.unsigned": {
        "nb": "uten signatur: kallet kommer ikke fra Meta eller en kjent avsender",
        "sv": "utan signatur: anropet kommer inte från Meta eller en känd avsändare",
        "en": "unsigned: the request is not from Meta or a known sender",
    },
    "health.webhook.storage_unavailable": {
        "nb": "databasen svarte ikke; avsenderen prøver igjen. Se loggen",
        "sv": "databasen svarade inte; avsändaren försöker igen. Se loggen",
        "en": "the database did not answer; the sender will retry. See the log",
    },
    "health.webhook.malformed_json": {
        "nb": "innholdet var ikke gyldig JSON",
        "sv": "innehållet var inte giltig JSON",
        "en": "the body was not valid JSON",
    },
    "health.webhook.invalid": {
        "nb": "innholdet hadde feil felt eller ukjente kontoer",
        "sv": "innehållet hade fel fält eller okända konton",
        "en": "the body had wrong fields or unknown accounts",
    },
    "health.webhook.too_large": {
        "nb": "innholdet var for stort",
        "sv": "innehållet var för stort",
        "en": "the body was too large",
    },
    "health.where": {
        "nb": "Mer i tjenestens logg og på /metrics. Jeg sier fra igjen bare hvis noe nytt skjer.",
        "sv": "Mer i tjänstens logg och på /metrics. Jag hör av mig igen bara om något nytt händer.",
        "en": "More in the service's log and on /metrics. I will only tell you again if something "
        "new happens.",
    },
}
