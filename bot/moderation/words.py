"""Default word lists for comment classification (bot.moderation.classify).

Kept deliberately modest: teams add and remove words in their own settings
(``ClassifierSettings.extra_*_words`` / ``removed_*_words``). Entries are matched as whole words,
case-insensitively. A trailing ``*`` matches any ending ("idiot*" matches idiot, idioter,
idiotene) but still only from the start of a word. Spaces inside an entry match any whitespace.
"""

from __future__ import annotations

# The lists are laid out by hand, several entries a line.
# fmt: off

# Question words count when they open a sentence or clause ("Hvorfor svarer dere ikke").
QUESTION_WORDS: dict[str, tuple[str, ...]] = {
    "nb": (
        "hvordan", "hvorfor", "når", "hvem", "hva", "hvor", "hvilken", "hvilket", "hvilke",
        "hvor lenge", "hvor mye", "hvor mange", "kan dere", "kan du", "kan noen", "kan jeg",
        "vil dere", "skal jeg", "må jeg", "får jeg", "er det", "stemmer det",
    ),
    "sv": (
        "hur", "varför", "när", "vem", "vad", "vilken", "vilket", "vilka",
        "hur länge", "hur mycket", "hur många", "kan ni", "kan du", "kan någon", "kan jag",
        "vill ni", "ska jag", "måste jag", "får jag", "är det", "stämmer det",
    ),
    "en": (
        "how", "why", "when", "who", "what", "where", "which", "can you", "could you",
        "can anyone", "can i", "will you", "should i", "do i", "is it", "is there", "are you",
    ),
}

# Phrases that ask for an answer wherever they appear.
QUESTION_PHRASES: dict[str, tuple[str, ...]] = {
    "nb": ("lurer på", "kan dere svare", "svar meg", "ber om svar", "noen som vet"),
    "sv": ("undrar", "kan ni svara", "svara mig", "ber om svar", "någon som vet"),
    "en": ("i wonder", "please answer", "please reply", "anyone know", "does anyone know"),
}

# Greetings that may come before a direct address ("Hei Skatteetaten, ...").
GREETINGS: tuple[str, ...] = (
    "hei", "hallo", "heisann", "god morgen", "god dag", "kjære",
    "hej", "hejsan", "tjena", "god morgon", "bästa", "kära",
    "hi", "hello", "hey", "dear", "good morning",
)

# Hateful or threatening words and phrases. A starting point only.
HATE_WORDS: dict[str, tuple[str, ...]] = {
    "nb": (
        "svarting*", "pakkis*", "neger", "negere", "negern", "negrene", "sandneger*",
        "untermensch*", "burde henges", "bør henges", "burde skytes", "bør skytes",
        "skal drepe dere", "dø i helvete", "gass dem", "ta livet av deg",
    ),
    "sv": (
        "svartskall*", "blattejävel*", "neger", "negrer", "negern", "zigenarjävel*",
        "untermensch*", "borde hängas", "bör hängas", "borde skjutas", "bör skjutas",
        "ska döda er", "dö i helvete", "gasa dem", "ta livet av dig",
    ),
    "en": (
        "subhuman*", "untermensch*", "vermin", "should be hanged", "should be shot",
        "kill yourself", "go back to your country", "gas them",
    ),
}

# Insults and trolling. Also a starting point only.
TROLL_WORDS: dict[str, tuple[str, ...]] = {
    "nb": (
        "idiot*", "tulling*", "kødd*", "klovn*", "løgner*", "hjernedød*", "hjernevasket*",
        "teiting*", "fjols*", "landsforræder*",
    ),
    "sv": (
        "idiot*", "pucko*", "pajas*", "clown*", "lögnare*", "hjärndöd*", "hjärntvättad*",
        "fårskalle*", "mupp*", "landsförrädare*",
    ),
    "en": (
        "idiot*", "moron*", "clown*", "liar", "liars", "braindead", "brainwashed", "sheeple",
        "fake news", "loser*", "snowflake*", "traitor*",
    ),
}

# Top-level domains accepted for bare domains ("example.com/x"). Lower case only, so
# "Slutt.No problem" is not a link.
TLDS: tuple[str, ...] = (
    "no", "se", "dk", "fi", "is", "eu", "com", "net", "org", "info", "io", "me", "tv", "co",
    "uk", "de", "nu", "ly", "gov", "edu", "app", "dev", "xyz", "ru", "biz", "online", "site",
    "link", "click", "top", "news", "shop", "live", "ai", "gl", "fo", "ax",
)
# fmt: on
