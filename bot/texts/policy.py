"""Why a role may not do something (bot.policy)."""

TEXTS: dict[str, dict[str, str]] = {
    "policy.reports_only": {
        "nb": "Rapportene er for ledere og ledelsen. Spør lederen på teamet ditt.",
        "sv": "Rapporterna är för arbetsledare och ledningen. Fråga arbetsledaren i ditt team.",
        "en": "Reports are for leads and management. Ask your team's lead.",
    },
    "policy.hours_own": {
        "nb": "Du kan se dine egne vakttimer; lederen ser teamets.",
        "sv": "Du kan se dina egna jourtimmar; arbetsledaren ser teamets.",
        "en": "You can see your own duty hours; your lead sees the team's.",
    },
    "policy.manager_reads": {
        "nb": "Som leder i ledelsen kan du lese vakt, plan og rapporter, men ikke endre dem.",
        "sv": "Som chef kan du läsa jour, plan och rapporter, men inte ändra dem.",
        "en": "As a manager you can read duty, plan and reports, but not change them.",
    },
    "policy.other_team": {
        "nb": "Dette hører til et annet team.",
        "sv": "Det här hör till ett annat team.",
        "en": "This belongs to another team.",
    },
    "policy.claimed_by_other": {
        "nb": "Noen andre har tatt denne. Bare de, lederen på teamet eller en administrator kan "
        "endre den nå.",
        "sv": "Någon annan har tagit den här. Bara de, arbetsledaren eller en administratör kan "
        "ändra den nu.",
        "en": "Someone else has claimed this. Only they, the team's lead or an admin can change "
        "it now.",
    },
    "policy.lead_of_team": {
        "nb": "Bare lederen på teamet (eller en administrator) kan gjøre dette for andre.",
        "sv": "Bara arbetsledaren i teamet (eller en administratör) kan göra det här för andra.",
        "en": "Only the team's lead (or an admin) can do this for someone else.",
    },
}
