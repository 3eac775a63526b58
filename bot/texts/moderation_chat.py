"""Moderating from chat: automatic hiding by rule, Show / Keep hidden, replies and saved answers
(bot.moderation.actions, bot.moderation.answers, handlers.moderation)."""

TEXTS: dict[str, dict[str, str]] = {
    # --- buttons ----------------------------------------------------------------------------
    "moderation.button.show": {"nb": "Vis igjen", "sv": "Visa igen", "en": "Show"},
    "moderation.button.keep_hidden": {"nb": "Hold skjult", "sv": "Håll dold", "en": "Keep hidden"},
    "moderation.button.reply": {"nb": "Svar", "sv": "Svara", "en": "Reply"},
    # --- rules ------------------------------------------------------------------------------
    "moderation.labels.review": {
        "nb": "Til gjennomgang",
        "sv": "För granskning",
        "en": "For review",
    },
    "moderation.rule.premoderate": {
        "nb": "forhåndsmoderering",
        "sv": "förhandsmoderering",
        "en": "pre-moderation",
    },
    "moderation.rule.links": {
        "nb": "lenke som ikke er godkjent",
        "sv": "länk som inte är godkänd",
        "en": "unverified link",
    },
    "moderation.rule.personal_data": {
        "nb": "personopplysninger",
        "sv": "personuppgifter",
        "en": "personal data",
    },
    "moderation.auto.pending": {
        "nb": "Skjules automatisk (regel: {rule}) …",
        "sv": "Döljs automatiskt (regel: {rule}) …",
        "en": "Being hidden automatically (rule: {rule}) …",
    },
    "moderation.auto.done": {
        "nb": "Skjult automatisk ved ankomst (regel: {rule}) – venter på gjennomgang",
        "sv": "Dold automatiskt vid ankomst (regel: {rule}) – väntar på granskning",
        "en": "Hidden automatically on arrival (rule: {rule}) – waiting for review",
    },
    "moderation.auto.reviewed": {
        "nb": "Skjult automatisk ved ankomst (regel: {rule})",
        "sv": "Dold automatiskt vid ankomst (regel: {rule})",
        "en": "Hidden automatically on arrival (rule: {rule})",
    },
    "moderation.auto.failed": {
        "nb": "Kunne ikke skjule automatisk (regel: {rule}): {reason}. Kommentaren er synlig.",
        "sv": "Kunde inte dölja automatiskt (regel: {rule}): {reason}. Kommentaren syns.",
        "en": "Could not hide automatically (rule: {rule}): {reason}. The comment is visible.",
    },
    # --- outcomes on the alert ----------------------------------------------------------------
    "moderation.done.unhide": {
        "nb": "Vist igjen av {name} kl. {time}",
        "sv": "Visad igen av {name} kl. {time}",
        "en": "Shown again by {name} at {time}",
    },
    "moderation.done.reply": {
        "nb": "Svar fra {name} kl. {time}: «{text}»",
        "sv": "Svar från {name} kl. {time}: ”{text}”",
        "en": "Reply by {name} at {time}: “{text}”",
    },
    "moderation.pending.hide": {
        "nb": "Skjules på plattformen …",
        "sv": "Döljs på plattformen …",
        "en": "Being hidden on the platform …",
    },
    "moderation.pending.unhide": {
        "nb": "Vises igjen på plattformen …",
        "sv": "Visas igen på plattformen …",
        "en": "Being shown again on the platform …",
    },
    "moderation.pending.reply": {
        "nb": "Svaret fra {name} publiseres …",
        "sv": "Svaret från {name} publiceras …",
        "en": "The reply by {name} is being posted …",
    },
    "moderation.failed.hide": {
        "nb": "Skjuling mislyktes ({name}): {reason}",
        "sv": "Det gick inte att dölja ({name}): {reason}",
        "en": "Hiding failed ({name}): {reason}",
    },
    "moderation.failed.unhide": {
        "nb": "Kunne ikke vise igjen ({name}): {reason}",
        "sv": "Kunde inte visa igen ({name}): {reason}",
        "en": "Showing again failed ({name}): {reason}",
    },
    "moderation.failed.reply": {
        "nb": "Svaret ble ikke publisert ({name}): {reason}",
        "sv": "Svaret publicerades inte ({name}): {reason}",
        "en": "The reply was not posted ({name}): {reason}",
    },
    # --- refusals by the platform -------------------------------------------------------------
    "moderation.refusal.permission_missing": {
        "nb": "vaktbot mangler tillatelsen til å moderere kommentarer på kontoen "
        "(pages_manage_engagement / instagram_manage_comments); be en administrator gi den",
        "sv": "vaktbot saknar behörigheten att moderera kommentarer på kontot "
        "(pages_manage_engagement / instagram_manage_comments); be en administratör ge den",
        "en": "vaktbot lacks the permission to moderate comments on the account "
        "(pages_manage_engagement / instagram_manage_comments); ask an admin to grant it",
    },
    "moderation.refusal.token_expired": {
        "nb": "tilgangsnøkkelen til kontoen er utløpt; en administrator må lage en ny",
        "sv": "kontots åtkomsttoken har gått ut; en administratör måste skapa en ny",
        "en": "the account's access token has expired; an admin must create a new one",
    },
    "moderation.refusal.deleted": {
        "nb": "kommentaren er slettet på plattformen",
        "sv": "kommentaren är borttagen på plattformen",
        "en": "the comment has been deleted on the platform",
    },
    "moderation.refusal.refused": {
        "nb": "Meta avviste forespørselen",
        "sv": "Meta avvisade begäran",
        "en": "Meta refused the request",
    },
    "moderation.refusal.unsupported": {
        "nb": "kontoen kan ikke modereres herfra (ingen tilkobling til Meta)",
        "sv": "kontot kan inte modereras härifrån (ingen anslutning till Meta)",
        "en": "the account cannot be moderated from here (no connection to Meta)",
    },
    # --- answers to the presser ---------------------------------------------------------------
    "moderation.action.busy": {
        "nb": "Dette er allerede på vei. Meldingen oppdateres når Meta har svart.",
        "sv": "Det här är redan på väg. Meddelandet uppdateras när Meta har svarat.",
        "en": "This is already under way. The message is updated when Meta has answered.",
    },
    "moderation.action.unknown": {
        "nb": "Meta har ikke svart ennå. Jeg prøver igjen og ser først etter om det allerede er "
        "gjort, så ingenting skjer to ganger; meldingen oppdateres.",
        "sv": "Meta har inte svarat än. Jag försöker igen och ser först efter om det redan är "
        "gjort, så inget sker två gånger; meddelandet uppdateras.",
        "en": "Meta has not answered yet. I will try again, looking first whether it was done, "
        "so nothing happens twice; the message will be updated.",
    },
    "moderation.action.failed": {
        "nb": "Det gikk ikke: {reason}.",
        "sv": "Det gick inte: {reason}.",
        "en": "That did not work: {reason}.",
    },
    "moderation.action.already_visible": {
        "nb": "Kommentaren er allerede synlig. Ingenting er endret.",
        "sv": "Kommentaren syns redan. Inget har ändrats.",
        "en": "The comment is already visible. Nothing was changed.",
    },
    "moderation.action.not_hidden": {
        "nb": "Kommentaren er ikke skjult ennå; bruk «Skjul på plattformen».",
        "sv": "Kommentaren är inte dold än; använd ”Dölj på plattformen”.",
        "en": "The comment is not hidden yet; use “Hide on platform”.",
    },
    # --- the reply form -------------------------------------------------------------------------
    "moderation.reply.title": {
        "nb": "Svar på kommentaren",
        "sv": "Svara på kommentaren",
        "en": "Reply to the comment",
    },
    "moderation.reply.submit": {"nb": "Publiser svar", "sv": "Publicera svar", "en": "Post reply"},
    "moderation.reply.field.answer": {
        "nb": "Lagret svar",
        "sv": "Sparat svar",
        "en": "Saved answer",
    },
    "moderation.reply.field.text": {
        "nb": "Svaret (publiseres under kommentaren)",
        "sv": "Svaret (publiceras under kommentaren)",
        "en": "The reply (posted under the comment)",
    },
    "moderation.reply.comment": {
        "nb": "Kommentar på {account}: «{excerpt}»",
        "sv": "Kommentar på {account}: ”{excerpt}”",
        "en": "Comment on {account}: “{excerpt}”",
    },
    "moderation.reply.empty": {
        "nb": "Skriv et svar eller velg et lagret svar.",
        "sv": "Skriv ett svar eller välj ett sparat svar.",
        "en": "Write a reply or choose a saved answer.",
    },
    "moderation.reply.too_long": {
        "nb": "Svaret er for langt ({n} tegn; høyst {max}).",
        "sv": "Svaret är för långt ({n} tecken; högst {max}).",
        "en": "The reply is too long ({n} characters; at most {max}).",
    },
    "moderation.reply.personal_data": {
        "nb": "Svaret inneholder personopplysninger (personnummer, telefon eller e-post); "
        "fjern dem før det publiseres.",
        "sv": "Svaret innehåller personuppgifter (personnummer, telefon eller e-post); "
        "ta bort dem innan det publiceras.",
        "en": "The reply contains personal data (identity number, phone or e-mail); remove it "
        "before it is posted.",
    },
    "moderation.reply.posted": {
        "nb": "Svaret er publisert: «{text}»",
        "sv": "Svaret är publicerat: ”{text}”",
        "en": "The reply is posted: “{text}”",
    },
    "moderation.reply.already": {
        "nb": "Dette svaret er allerede publisert; det ble ikke sendt igjen.",
        "sv": "Det här svaret är redan publicerat; det skickades inte igen.",
        "en": "This reply has already been posted; it was not sent again.",
    },
    # --- /vakt answers ----------------------------------------------------------------------------
    "moderation.answers.header": {
        "nb": "Lagrede svar – {team}",
        "sv": "Sparade svar – {team}",
        "en": "Saved answers – {team}",
    },
    "moderation.answers.line": {
        "nb": "{name} ({locale}): «{text}»",
        "sv": "{name} ({locale}): ”{text}”",
        "en": "{name} ({locale}): “{text}”",
    },
    "moderation.answers.empty": {
        "nb": "{team} har ingen lagrede svar ennå.",
        "sv": "{team} har inga sparade svar än.",
        "en": "{team} has no saved answers yet.",
    },
    "moderation.answers.usage": {
        "nb": "Teamledere legger til med `/vakt answers add navn ; nb|sv|en ; tekst ; [lenke]` "
        "og fjerner med `/vakt answers remove navn [språk]`. I teksten: {fn} (spørrerens "
        "fornavn), {link} (lenken) og {account} (kontoen).",
        "sv": "Teamledare lägger till med `/vakt answers add namn ; nb|sv|en ; text ; [länk]` "
        "och tar bort med `/vakt answers remove namn [språk]`. I texten: {fn} (frågeställarens "
        "förnamn), {link} (länken) och {account} (kontot).",
        "en": "Team leads add with `/vakt answers add name ; nb|sv|en ; text ; [link]` and "
        "remove with `/vakt answers remove name [language]`. In the text: {fn} (the asker's "
        "first name), {link} (the link) and {account} (the account).",
    },
    "moderation.answers.saved": {
        "nb": "Lagret svaret {name} ({locale}) for {team}.",
        "sv": "Sparade svaret {name} ({locale}) för {team}.",
        "en": "Saved the answer {name} ({locale}) for {team}.",
    },
    "moderation.answers.removed": {
        "nb": "Fjernet {n} lagret svar som heter {name}.",
        "sv": "Tog bort {n} sparat svar som heter {name}.",
        "en": "Removed {n} saved answer(s) named {name}.",
    },
    "moderation.answers.not_found": {
        "nb": "Fant ikke noe lagret svar som heter {name} i {team}.",
        "sv": "Hittade inget sparat svar som heter {name} i {team}.",
        "en": "No saved answer named {name} in {team}.",
    },
    "moderation.answers.bad": {
        "nb": "Ikke lagret: {problem}",
        "sv": "Inte sparat: {problem}",
        "en": "Not saved: {problem}",
    },
    "moderation.answers.problem.parts": {
        "nb": "skriv `navn ; språk ; tekst ; [lenke]`",
        "sv": "skriv `namn ; språk ; text ; [länk]`",
        "en": "write `name ; language ; text ; [link]`",
    },
    "moderation.answers.problem.name": {
        "nb": "navnet må være 1–40 tegn uten semikolon",
        "sv": "namnet måste vara 1–40 tecken utan semikolon",
        "en": "the name must be 1–40 characters without semicolons",
    },
    "moderation.answers.problem.locale": {
        "nb": "språket må være nb, sv eller en (fikk {value})",
        "sv": "språket måste vara nb, sv eller en (fick {value})",
        "en": "the language must be nb, sv or en (got {value})",
    },
    "moderation.answers.problem.placeholder": {
        "nb": "ukjent plassholder {value}; bruk {fn}, {link} eller {account}",
        "sv": "okänd platshållare {value}; använd {fn}, {link} eller {account}",
        "en": "unknown placeholder {value}; use {fn}, {link} or {account}",
    },
    "moderation.answers.problem.link": {
        "nb": "lenken må begynne med https:// (fikk {value})",
        "sv": "länken måste börja med https:// (fick {value})",
        "en": "the link must start with https:// (got {value})",
    },
    "moderation.answers.problem.link_missing": {
        "nb": "teksten bruker {link}, men ingen lenke er oppgitt",
        "sv": "texten använder {link}, men ingen länk är angiven",
        "en": "the text uses {link} but no link was given",
    },
    "moderation.answers.problem.text": {
        "nb": "teksten må være 1–{max} tegn",
        "sv": "texten måste vara 1–{max} tecken",
        "en": "the text must be 1–{max} characters",
    },
    "moderation.answers.problem.personal_data": {
        "nb": "teksten inneholder personopplysninger",
        "sv": "texten innehåller personuppgifter",
        "en": "the text contains personal data",
    },
    "moderation.answers.lead_only": {
        "nb": "Bare teamlederen (eller en administrator) kan endre teamets lagrede svar.",
        "sv": "Bara teamledaren (eller en administratör) kan ändra teamets sparade svar.",
        "en": "Only the team lead (or an admin) can change the team's saved answers.",
    },
    "moderation.answers.no_team": {
        "nb": "Du er ikke med i noe team, så du har ingen lagrede svar.",
        "sv": "Du är inte med i något team, så du har inga sparade svar.",
        "en": "You are not in a team, so there are no saved answers for you.",
    },
    "moderation.help.answers": {
        "nb": "teamets lagrede svar til kommentarer (ledere legger til og fjerner). "
        "Eksempel: `/vakt answers`",
        "sv": "teamets sparade svar på kommentarer (ledare lägger till och tar bort). "
        "Exempel: `/vakt answers`",
        "en": "the team's saved answers to comments (leads add and remove them). "
        "Example: `/vakt answers`",
    },
}
