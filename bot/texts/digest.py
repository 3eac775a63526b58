"""Strings for digests and reports (keys digest.*)."""

TEXTS: dict[str, dict[str, str]] = {
    # --- daily ----------------------------------------------------------------------------
    "digest.daily.text": {
        "nb": "Morgenoppsummering for {team}: {new}, {open}",
        "sv": "Morgonsammanfattning för {team}: {new}, {open}",
        "en": "Morning digest for {team}: {new}, {open}",
    },
    "digest.daily.header": {
        "nb": "Morgenoppsummering – {team}",
        "sv": "Morgonsammanfattning – {team}",
        "en": "Morning digest – {team}",
    },
    "digest.daily.since": {
        "nb": "{date} · kommentarer siden {since}",
        "sv": "{date} · kommentarer sedan {since}",
        "en": "{date} · comments since {since}",
    },
    "digest.comments.title": {"nb": "*Kommentarer*", "sv": "*Kommentarer*", "en": "*Comments*"},
    "digest.fact.new": {"nb": "Nye", "sv": "Nya", "en": "New"},
    "digest.fact.unanswered": {"nb": "Ubesvarte", "sv": "Obesvarade", "en": "Unanswered"},
    "digest.fact.oldest": {
        "nb": "Eldste ubesvarte",
        "sv": "Äldsta obesvarade",
        "en": "Oldest unanswered",
    },
    "digest.oldest.overdue": {
        "nb": "fra {created}, frist {due} – fristen er passert",
        "sv": "från {created}, svar senast {due} – tiden har gått ut",
        "en": "from {created}, due {due} – overdue",
    },
    "digest.oldest.due": {
        "nb": "fra {created}, frist {due}",
        "sv": "från {created}, svar senast {due}",
        "en": "from {created}, due {due}",
    },
    "digest.fact.flagged": {"nb": "Flagget", "sv": "Flaggade", "en": "Flagged"},
    "digest.flagged.value": {
        "nb": "{pd} med personopplysninger, {hate} med hat",
        "sv": "{pd} med personuppgifter, {hate} med hat",
        "en": "{pd} with personal data, {hate} with hate",
    },
    "digest.accounts.title": {"nb": "Per konto", "sv": "Per konto", "en": "Per account"},
    "digest.account.comments": {
        "nb": "{name}: {new}, {open}",
        "sv": "{name}: {new}, {open}",
        "en": "{name}: {new}, {open}",
    },
    "digest.threads.title": {
        "nb": "Mest aktive tråder",
        "sv": "Mest aktiva trådar",
        "en": "Most active threads",
    },
    "digest.thread.line": {
        "nb": "{post} ({account}) – {comments}",
        "sv": "{post} ({account}) – {comments}",
        "en": "{post} ({account}) – {comments}",
    },
    "digest.thread.latest": {
        "nb": "siste: «{text}»",
        "sv": "senaste: ”{text}”",
        "en": "latest: “{text}”",
    },
    "digest.thread.latest_by": {
        "nb": "siste fra {author}: «{text}»",
        "sv": "senaste från {author}: ”{text}”",
        "en": "latest from {author}: “{text}”",
    },
    "digest.post.no_text": {
        "nb": "(innlegg uten tekst)",
        "sv": "(inlägg utan text)",
        "en": "(post without text)",
    },
    "digest.no_comments": {
        "nb": "Ingen nye kommentarer.",
        "sv": "Inga nya kommentarer.",
        "en": "No new comments.",
    },
    "digest.figures.yesterday": {
        "nb": "*Tall for i går*",
        "sv": "*Siffror för i går*",
        "en": "*Yesterday's figures*",
    },
    "digest.figures.period": {
        "nb": "*Tall for {span}*",
        "sv": "*Siffror för {span}*",
        "en": "*Figures for {span}*",
    },
    "digest.fig.followers": {"nb": "Følgere", "sv": "Följare", "en": "Followers"},
    "digest.fig.new_follows": {"nb": "Nye følgere", "sv": "Nya följare", "en": "New followers"},
    "digest.fig.reach": {"nb": "Rekkevidde", "sv": "Räckvidd", "en": "Reach"},
    "digest.fig.views": {"nb": "Visninger", "sv": "Visningar", "en": "Views"},
    "digest.fig.interactions": {
        "nb": "Interaksjoner",
        "sv": "Interaktioner",
        "en": "Interactions",
    },
    "digest.fig.posts": {
        "nb": "Publiserte innlegg",
        "sv": "Publicerade inlägg",
        "en": "Posts published",
    },
    "digest.fig.engagement": {"nb": "Engasjement", "sv": "Engagemang", "en": "Engagement rate"},
    "digest.fig.engagement7": {
        "nb": "Engasjement siste 7 dager",
        "sv": "Engagemang senaste 7 dagarna",
        "en": "Engagement rate, last 7 days",
    },
    "digest.fig.comments": {"nb": "Kommentarer", "sv": "Kommentarer", "en": "Comments"},
    "digest.fig.compliance": {
        "nb": "Besvart innen fristen",
        "sv": "Besvarade inom svarstiden",
        "en": "Answered within target",
    },
    "digest.fig.median": {
        "nb": "Median svartid (arbeidstid)",
        "sv": "Median svarstid (arbetstid)",
        "en": "Median response time (working hours)",
    },
    "digest.missing.yesterday": {
        "nb": "ingen tall for {name} i går",
        "sv": "inga siffror för {name} i går",
        "en": "no figures for {name} yesterday",
    },
    "digest.missing.period": {
        "nb": "ingen tall for {name} for {span}",
        "sv": "inga siffror för {name} för {span}",
        "en": "no figures for {name} for {span}",
    },
    "digest.missing.value": {
        "nb": "ikke rapportert",
        "sv": "inte rapporterat",
        "en": "not reported",
    },
    "digest.missing.nothing_due": {
        "nb": "ingen svar forfalt",
        "sv": "inga svar förfallna",
        "en": "no answers due",
    },
    "digest.missing.no_answers": {
        "nb": "ingen besvarte",
        "sv": "inga besvarade",
        "en": "none answered",
    },
    "digest.rate.zero_followers": {
        "nb": "kan ikke beregnes (0 følgere)",
        "sv": "kan inte beräknas (0 följare)",
        "en": "cannot be calculated (0 followers)",
    },
    "digest.rate.no_reach": {
        "nb": "kan ikke beregnes (ingen rekkevidde)",
        "sv": "kan inte beräknas (ingen räckvidd)",
        "en": "cannot be calculated (no reach)",
    },
    "digest.rate.missing": {
        "nb": "kan ikke beregnes (mangler tall)",
        "sv": "kan inte beräknas (siffror saknas)",
        "en": "cannot be calculated (figures missing)",
    },
    "digest.band.below": {
        "nb": "{rate} – under målet {low}–{high}",
        "sv": "{rate} – under målet {low}–{high}",
        "en": "{rate} – below the target {low}–{high}",
    },
    "digest.band.within": {
        "nb": "{rate} – innenfor målet {low}–{high}",
        "sv": "{rate} – inom målet {low}–{high}",
        "en": "{rate} – within the target {low}–{high}",
    },
    "digest.band.above": {
        "nb": "{rate} – over målet {low}–{high}",
        "sv": "{rate} – över målet {low}–{high}",
        "en": "{rate} – above the target {low}–{high}",
    },
    "digest.formula.reactions_per_followers": {
        "nb": "Engasjement = reaksjoner / følgere × 100, regnet per 7 dager",
        "sv": "Engagemang = reaktioner / följare × 100, räknat per 7 dagar",
        "en": "Engagement rate = reactions / followers × 100, per 7 days",
    },
    "digest.formula.engagements_per_reach": {
        "nb": "Engasjement = (reaksjoner + kommentarer + delinger + klikk) / rekkevidde × 100",
        "sv": "Engagemang = (reaktioner + kommentarer + delningar + klick) / räckvidd × 100",
        "en": "Engagement rate = (reactions + comments + shares + clicks) / reach × 100",
    },
    "digest.target.24h": {
        "nb": "Svarfrist: 24 timer, helger og helligdager teller ikke",
        "sv": "Svarstid: 24 timmar, helger och helgdagar räknas inte",
        "en": "Response target: 24 hours, weekends and public holidays excluded",
    },
    "digest.target.next_working_day": {
        "nb": "Svarfrist: innen slutten av neste arbeidsdag",
        "sv": "Svarstid: senast i slutet av nästa arbetsdag",
        "en": "Response target: by the end of the next working day",
    },
    "digest.total": {"nb": "Totalt", "sv": "Totalt", "en": "Total"},
    "digest.duty.title": {"nb": "*På vakt*", "sv": "*I tjänst*", "en": "*On duty*"},
    "digest.duty.line": {
        "nb": "{team}, leder {lead}",
        "sv": "{team}, arbetsledare {lead}",
        "en": "{team}, lead {lead}",
    },
    "digest.duty.on_call": {
        "nb": "Vakttelefon nå: {name}",
        "sv": "Beredskap nu: {name}",
        "en": "On call now: {name}",
    },
    "digest.duty.shift_end": {
        "nb": "Vakten slutter {when}",
        "sv": "Passet slutar {when}",
        "en": "Shift ends {when}",
    },
    "digest.duty.none": {
        "nb": "Vaktordningen er ikke satt opp.",
        "sv": "Jourschemat är inte inställt.",
        "en": "The duty rotation is not configured.",
    },
    "digest.deadline.done": {"nb": "ferdig", "sv": "klar", "en": "done"},
    "digest.deadline.skipped": {"nb": "hoppet over", "sv": "överhoppad", "en": "skipped"},
    "digest.deadline.overdue": {"nb": "forfalt", "sv": "försenad", "en": "overdue"},
    "digest.no_accounts": {
        "nb": "{team} har ingen kontoer ennå. Legg dem til under accounts i vaktbot.yml.",
        "sv": "{team} har inga konton ännu. Lägg till dem under accounts i vaktbot.yml.",
        "en": "{team} has no accounts yet. Add them under accounts in vaktbot.yml.",
    },
    # --- weekly ---------------------------------------------------------------------------
    "digest.weekly.text": {
        "nb": "Ukerapport for {scope}, {period}: {comments}, engasjement {rate}",
        "sv": "Veckorapport för {scope}, {period}: {comments}, engagemang {rate}",
        "en": "Weekly digest for {scope}, {period}: {comments}, engagement rate {rate}",
    },
    "digest.weekly.header": {
        "nb": "Ukerapport – {scope}",
        "sv": "Veckorapport – {scope}",
        "en": "Weekly digest – {scope}",
    },
    "digest.weekly.context": {
        "nb": "{period} ({span}), sammenlignet med forrige uke og samme uke forrige kvartal",
        "sv": "{period} ({span}), jämfört med förra veckan och samma vecka förra kvartalet",
        "en": "{period} ({span}), compared with last week and the same week last quarter",
    },
    "digest.week": {"nb": "uke {n}", "sv": "vecka {n}", "en": "week {n}"},
    "digest.cmp.last": {
        "nb": "forrige uke {value} ({delta})",
        "sv": "förra veckan {value} ({delta})",
        "en": "last week {value} ({delta})",
    },
    "digest.cmp.quarter": {
        "nb": "samme uke forrige kvartal {value} ({delta})",
        "sv": "samma vecka förra kvartalet {value} ({delta})",
        "en": "same week last quarter {value} ({delta})",
    },
    "digest.top.title": {
        "nb": "Topp tre innlegg",
        "sv": "Topp tre inlägg",
        "en": "Top three posts",
    },
    "digest.top.line": {
        "nb": "{post} ({account}) – {comments}",
        "sv": "{post} ({account}) – {comments}",
        "en": "{post} ({account}) – {comments}",
    },
    "digest.top.none": {
        "nb": "Ingen innlegg med tall i perioden.",
        "sv": "Inga inlägg med siffror under perioden.",
        "en": "No posts with figures in the period.",
    },
    "digest.account.week": {
        "nb": "{name}: {parts}",
        "sv": "{name}: {parts}",
        "en": "{name}: {parts}",
    },
    "digest.chart.title": {
        "nb": "Per plattform, {weeks}",
        "sv": "Per plattform, {weeks}",
        "en": "Per platform, {weeks}",
    },
    "digest.chart.new_follows": {
        "nb": "Nye følgere per uke",
        "sv": "Nya följare per vecka",
        "en": "New followers per week",
    },
    "digest.chart.reach": {
        "nb": "Rekkevidde per uke",
        "sv": "Räckvidd per vecka",
        "en": "Reach per week",
    },
    "digest.chart.interactions": {
        "nb": "Interaksjoner per uke",
        "sv": "Interaktioner per vecka",
        "en": "Interactions per week",
    },
    "digest.chart.alt": {
        "nb": "Linjediagram over {weeks} per plattform. {parts}.",
        "sv": "Linjediagram över {weeks} per plattform. {parts}.",
        "en": "Line chart over {weeks} per platform. {parts}.",
    },
    "digest.chart.alt.item": {
        "nb": "{what} fra {first} til {last}",
        "sv": "{what} från {first} till {last}",
        "en": "{what} from {first} to {last}",
    },
    "digest.chart.empty": {
        "nb": "Ingen tall å vise ennå.",
        "sv": "Inga siffror att visa ännu.",
        "en": "No figures to show yet.",
    },
    "digest.platform.facebook": {"nb": "Facebook", "sv": "Facebook", "en": "Facebook"},
    "digest.platform.instagram": {"nb": "Instagram", "sv": "Instagram", "en": "Instagram"},
    "digest.platform.linkedin": {"nb": "LinkedIn", "sv": "LinkedIn", "en": "LinkedIn"},
    "digest.platform.youtube": {"nb": "YouTube", "sv": "YouTube", "en": "YouTube"},
    "digest.platform.x": {"nb": "X", "sv": "X", "en": "X"},
    "digest.platform.other": {"nb": "Andre", "sv": "Övriga", "en": "Other"},
    "digest.chart.week": {"nb": "Uke", "sv": "Vecka", "en": "Week"},
    "digest.csv.title": {
        "nb": "Tallene som CSV",
        "sv": "Siffrorna som CSV",
        "en": "The figures as CSV",
    },
    "digest.col.period": {"nb": "Periode", "sv": "Period", "en": "Period"},
    "digest.col.account": {"nb": "Konto", "sv": "Konto", "en": "Account"},
    "digest.col.first": {"nb": "Fra", "sv": "Från", "en": "From"},
    "digest.col.last": {"nb": "Til", "sv": "Till", "en": "To"},
    "digest.col.change": {
        "nb": "Endring følgere",
        "sv": "Förändring följare",
        "en": "Follower change",
    },
    "digest.col.this": {"nb": "Denne uken", "sv": "Denna vecka", "en": "This week"},
    "digest.col.last_week": {"nb": "Forrige uke", "sv": "Förra veckan", "en": "Last week"},
    "digest.col.quarter_ago": {
        "nb": "Samme uke forrige kvartal",
        "sv": "Samma vecka förra kvartalet",
        "en": "Same week last quarter",
    },
    "digest.col.median_hours": {
        "nb": "Median svartid (timer)",
        "sv": "Median svarstid (timmar)",
        "en": "Median response time (hours)",
    },
    # --- reports and commands ---------------------------------------------------------------
    "digest.report.text": {
        "nb": "Rapport for {period} – {scope}: {comments}, engasjement {rate}",
        "sv": "Rapport för {period} – {scope}: {comments}, engagemang {rate}",
        "en": "Report for {period} – {scope}: {comments}, engagement rate {rate}",
    },
    "digest.report.header": {
        "nb": "Rapport {period} – {scope}",
        "sv": "Rapport {period} – {scope}",
        "en": "Report {period} – {scope}",
    },
    "digest.report.context": {"nb": "{span}", "sv": "{span}", "en": "{span}"},
    "digest.report.partial": {
        "nb": "Perioden er ikke over: tall til og med {last}.",
        "sv": "Perioden är inte slut: siffror till och med {last}.",
        "en": "The period has not ended: figures up to {last}.",
    },
    "digest.report.future": {
        "nb": "Perioden {period} har ikke begynt ennå.",
        "sv": "Perioden {period} har inte börjat ännu.",
        "en": "The period {period} has not started yet.",
    },
    "digest.report.bad_period": {
        "nb": "«{value}» er ikke en periode jeg forstår. Skriv for eksempel "
        "`/vakt report q3` eller `/vakt report 2026-H1` (kvartal Q1–Q4, halvår H1–H2).",
        "sv": "”{value}” är ingen period jag förstår. Skriv till exempel "
        "`/vakt report q3` eller `/vakt report 2026-H1` (kvartal Q1–Q4, halvår H1–H2).",
        "en": "“{value}” is not a period I understand. Write for example "
        "`/vakt report q3` or `/vakt report 2026-H1` (quarters Q1–Q4, half-years H1–H2).",
    },
    "digest.help.digest": {
        "nb": "vis dagens morgenoppsummering for laget ditt (bare for deg), f.eks. `/vakt digest`",
        "sv": "visa dagens morgonsammanfattning för ditt lag (bara för dig), t.ex. `/vakt digest`",
        "en": "show today's morning digest for your team (only you see it), e.g. `/vakt digest`",
    },
    "digest.help.report": {
        "nb": "tall for et kvartal eller halvår, f.eks. `/vakt report q3` eller "
        "`/vakt report 2026-H1`",
        "sv": "siffror för ett kvartal eller halvår, t.ex. `/vakt report q3` eller "
        "`/vakt report 2026-H1`",
        "en": "figures for a quarter or half-year, e.g. `/vakt report q3` or "
        "`/vakt report 2026-H1`",
    },
    "digest.preview": {
        "nb": "Forhåndsvisning – bare du ser denne.",
        "sv": "Förhandsvisning – bara du ser den här.",
        "en": "Preview – only you can see this.",
    },
    "digest.no_team": {
        "nb": "Jeg vet ikke hvilket lag du vil se. Skriv `/vakt digest <lag-id>`, f.eks. "
        "`/vakt digest {example}`.",
        "sv": "Jag vet inte vilket lag du vill se. Skriv `/vakt digest <lag-id>`, t.ex. "
        "`/vakt digest {example}`.",
        "en": "I don't know which team you want. Write `/vakt digest <team id>`, e.g. "
        "`/vakt digest {example}`.",
    },
}


PLURALS: dict[str, dict[str, dict[str, str]]] = {
    "digest.n_new": {
        "nb": {"one": "{n} ny kommentar", "other": "{n} nye kommentarer"},
        "sv": {"one": "{n} ny kommentar", "other": "{n} nya kommentarer"},
        "en": {"one": "{n} new comment", "other": "{n} new comments"},
    },
    "digest.n_new_short": {
        "nb": {"one": "{n} ny", "other": "{n} nye"},
        "sv": {"one": "{n} ny", "other": "{n} nya"},
        "en": {"one": "{n} new", "other": "{n} new"},
    },
    "digest.n_open": {
        "nb": {"one": "{n} ubesvart", "other": "{n} ubesvarte"},
        "sv": {"one": "{n} obesvarad", "other": "{n} obesvarade"},
        "en": {"one": "{n} unanswered", "other": "{n} unanswered"},
    },
    "digest.account.flagged": {
        "nb": {"one": "{n} flagget", "other": "{n} flaggede"},
        "sv": {"one": "{n} flaggad", "other": "{n} flaggade"},
        "en": {"one": "{n} flagged", "other": "{n} flagged"},
    },
    "digest.n_comments": {
        "nb": {"one": "{n} kommentar", "other": "{n} kommentarer"},
        "sv": {"one": "{n} kommentar", "other": "{n} kommentarer"},
        "en": {"one": "{n} comment", "other": "{n} comments"},
    },
    "digest.n_interactions": {
        "nb": {"one": "{n} interaksjon", "other": "{n} interaksjoner"},
        "sv": {"one": "{n} interaktion", "other": "{n} interaktioner"},
        "en": {"one": "{n} interaction", "other": "{n} interactions"},
    },
    "digest.deadlines.title": {
        "nb": {"one": "Frister det neste døgnet", "other": "Frister de neste {n} dagene"},
        "sv": {
            "one": "Deadlines det närmaste dygnet",
            "other": "Deadlines de närmaste {n} dagarna",
        },
        "en": {"one": "Deadlines in the next day", "other": "Deadlines in the next {n} days"},
    },
    "digest.deadlines.none": {
        "nb": {
            "one": "Ingen frister det neste døgnet.",
            "other": "Ingen frister de neste {n} dagene.",
        },
        "sv": {
            "one": "Inga deadlines det närmaste dygnet.",
            "other": "Inga deadlines de närmaste {n} dagarna.",
        },
        "en": {
            "one": "No deadlines in the next day.",
            "other": "No deadlines in the next {n} days.",
        },
    },
    "digest.cmp.points": {
        "nb": {"one": "{sign}{n} poeng", "other": "{sign}{n} poeng"},
        "sv": {"one": "{sign}{n} procentenhet", "other": "{sign}{n} procentenheter"},
        "en": {"one": "{sign}{n} point", "other": "{sign}{n} points"},
    },
    "digest.last_weeks": {
        "nb": {"one": "siste uke", "other": "siste {n} uker"},
        "sv": {"one": "senaste veckan", "other": "senaste {n} veckorna"},
        "en": {"one": "last week", "other": "last {n} weeks"},
    },
    "digest.n_weeks": {
        "nb": {"one": "{n} uke", "other": "{n} uker"},
        "sv": {"one": "{n} vecka", "other": "{n} veckor"},
        "en": {"one": "{n} week", "other": "{n} weeks"},
    },
}
