"""The words dates are written with, one table per language (English and French).

The grammar (``geo.time.grammar``) reads only these tables, so a French table (``"fr"``: "mars",
"lundi", "hier", "la semaine dernière") adds a language without touching the rules that use them.
Every key is lower case; matching folds case and compares whole tokens.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.vocabulary import FRENCH_STREET_WORDS, STREET_WORDS


@dataclass(frozen=True, slots=True)
class TimeWords:
    """Every word list the date grammar of one language needs."""

    months: dict[str, int]  # full names and abbreviations -> 1..12
    month_abbreviations: frozenset[str]  # the keys of ``months`` that only count beside a day or a year
    weekdays: dict[str, int]  # -> 0 (Monday) .. 6 (Sunday)
    numbers: dict[str, int]  # "one" -> 1; "a"/"an" -> 1
    ordinals: dict[str, int]  # "first" -> 1 (days of the month and quarters)
    units: dict[str, str]  # "days" -> "day", "weeks" -> "week", ...
    vague_counts: dict[str, tuple[int, int]]  # "several" -> (2, 9): how many units a vague count may mean
    deictic_days: dict[str, int]  # "yesterday" -> -1
    deictic_spans: dict[str, tuple[int, int]]  # "overnight" -> (-1, 0): days around the reference
    holidays: dict[tuple[str, ...], tuple[int, int]]  # ("christmas", "eve") -> (12, 24): fixed-date holidays
    relations: dict[str, str]  # "last" -> "last", "next" -> "next", "this" -> "this"
    window_words: frozenset[str]  # "past", "last" in "the past week": a window ending at the reference
    coming_words: frozenset[str]  # "coming" in "the coming days": a window starting at the reference
    recent_words: frozenset[str]  # "recent" in "in recent weeks"
    ago_words: frozenset[str]  # "ago"
    before_words: dict[str, int]  # "before" -> -1, "after" -> +1: a shift from an anchor
    later_words: dict[str, int]  # "later" -> +1, "earlier" -> -1: a shift from the previous date
    next_day_words: dict[str, int]  # "next"/"following" -> +1, "previous"/"preceding" -> -1
    same_words: frozenset[str]  # "same" in "the same day"
    parts: dict[str, str]  # "early" -> "early", "mid" -> "mid", "late" -> "late"
    part_nouns: dict[str, str]  # "start" -> "beginning", "middle" -> "mid", "end" -> "end"
    vague_parts: dict[str, str]  # "earlier" -> "before" (earlier this year), "later" -> "after"
    times_of_day: frozenset[str]  # "morning", "night": kept in the span, the day stays the day
    night_words: frozenset[str]  # "night" (the night of March 31 to April 1)
    seasons: dict[str, int]  # "summer" -> 6 (first month)
    season_cues: frozenset[str]  # words after which a bare season is one ("since fall"; not "to fall")
    quarter_words: frozenset[str]  # "quarter"
    half_words: frozenset[str]  # "half"
    weekend_words: frozenset[str]  # "weekend"
    range_openers: frozenset[str]  # "from", "between"
    range_joiners: frozenset[str]  # "to", "until", "through", "and", "-"
    of_words: frozenset[str]  # "of"
    determiners: frozenset[str]  # "the", "a", "its": skipped in an event's noun phrase
    event_determiners: frozenset[str]  # "the", "this", "its": open the noun phrase of a known event
    temporal_cues: frozenset[str]  # words before a bare month, year or season that make it a date
    quantity_cues: frozenset[str]  # words before a number that make it a count, not a year
    count_nouns: frozenset[str]  # words after a number that make it a count or measure, not a year
    address_words: frozenset[str]  # street words ("street", "rd", "block"): a number before them is no year
    year_prepositions: frozenset[str]  # "in", "since": a number after them is a year even before a street's name
    named_day_words: frozenset[str]  # "Good" Friday, "Bloody" Sunday: named days, not dates
    future_cues: frozenset[str]  # "will", "scheduled": the clause looks ahead
    future_auxiliaries: frozenset[str]  # "will": looks ahead whatever else the clause says ("will be held")
    past_auxiliaries: frozenset[str]  # "was", "had": a plan made in the past ("was scheduled for") may lie either side
    past_cues: frozenset[str]  # "was", "said", "took": the clause looks back
    past_suffixes: tuple[str, ...]  # "-ed": a past form
    deadline_words: frozenset[str]  # "until", "by": the date is a limit, the verb's tense says nothing about it
    purpose_words: frozenset[str]  # "for" right before a date: what is planned ("elections for the autumn")
    window_prepositions: frozenset[str]  # "over" the next year: a window from the reference, not a shift
    stem_suffixes: tuple[str, ...]  # endings cut to match an event's words ("collapsed" ~ "collapse")
    not_past: frozenset[str]  # words with that ending that are no past form ("hundred", "indeed")
    phrase_stops: frozenset[str]  # words that end an event noun phrase ("was", "and", "in")
    #: Months and weekdays are capitalised (English); French writes them in lower case ("31 mars", "lundi").
    capitalised_names: bool = True
    #: Words opening a count that lies in the past, before the count ("il y a trois jours"); () in English.
    ago_openers: tuple[str, ...] = ()
    #: Relation words come after their unit, weekday or month ("la semaine dernière", "jeudi prochain").
    relations_follow: bool = False
    #: Determiners written onto their noun ("l'incident du drone"): an event's noun phrase may open with one.
    elided_determiners: tuple[str, ...] = ()

    def stem(self, word: str) -> str:
        """A crude stem for matching an event's words: "collapsed", "collapses", "collapse" -> "collaps"."""
        word = word.lower()
        if word.endswith(("’s", "'s")):
            word = word[:-2]
        for suffix in self.stem_suffixes:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
                return word[:-len(suffix)]
        return word


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                        "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                 "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty")
_ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")

ENGLISH = TimeWords(
    months={**{name: i for i, name in enumerate(_MONTHS, 1)}, **_MONTH_ABBREVIATIONS},
    month_abbreviations=frozenset(_MONTH_ABBREVIATIONS),
    weekdays={name: i for i, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))},
    numbers={**{w: i for i, w in enumerate(_NUMBER_WORDS, 1)}, "a": 1, "an": 1, "thirty": 30, "forty": 40,
             "fifty": 50, "sixty": 60, "hundred": 100},
    ordinals={w: i for i, w in enumerate(_ORDINAL_WORDS, 1)},
    units={"hour": "hour", "hours": "hour", "day": "day", "days": "day", "week": "week", "weeks": "week",
           "month": "month", "months": "month", "year": "year", "years": "year", "decade": "decade",
           "decades": "decade"},
    vague_counts={"few": (2, 5), "several": (2, 9), "some": (2, 9), "many": (3, 12), "couple": (2, 3)},
    deictic_days={"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1},
    deictic_spans={"overnight": (-1, 0)},
    holidays={("christmas",): (12, 25), ("christmas", "day"): (12, 25), ("christmas", "eve"): (12, 24),
              ("boxing", "day"): (12, 26), ("new", "year", "day"): (1, 1), ("new", "year", "eve"): (12, 31),
              ("valentine", "day"): (2, 14), ("halloween",): (10, 31)},
    relations={"last": "last", "past": "last", "previous": "last", "this": "this", "next": "next",
               "coming": "next"},
    window_words=frozenset({"past", "last"}),
    coming_words=frozenset({"coming", "next"}),
    recent_words=frozenset({"recent"}),
    ago_words=frozenset({"ago"}),
    before_words={"before": -1, "after": 1, "prior": -1, "ahead": -1, "following": 1},
    later_words={"later": 1, "earlier": -1, "afterwards": 1, "before": -1},
    next_day_words={"next": 1, "following": 1, "previous": -1, "preceding": -1},
    same_words=frozenset({"same"}),
    parts={"early": "early", "mid": "mid", "late": "late"},
    part_nouns={"beginning": "beginning", "start": "beginning", "middle": "mid", "end": "end"},
    vague_parts={"earlier": "before", "later": "after"},
    times_of_day=frozenset({"morning", "afternoon", "evening", "night", "overnight"}),
    night_words=frozenset({"night"}),
    seasons={"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12},
    season_cues=frozenset({"in", "since", "until", "till", "by", "through", "throughout", "during"}),
    quarter_words=frozenset({"quarter"}),
    half_words=frozenset({"half"}),
    weekend_words=frozenset({"weekend"}),
    range_openers=frozenset({"from", "between"}),
    range_joiners=frozenset({"to", "until", "till", "through", "and", "-", "–", "—"}),
    of_words=frozenset({"of"}),
    determiners=frozenset({"the", "this", "that", "these", "those", "its", "their", "his", "her", "a", "an"}),
    event_determiners=frozenset({"the", "this", "that", "its", "their", "his", "her"}),
    temporal_cues=frozenset({"in", "since", "until", "till", "by", "through", "during", "from", "to", "of",
                             "before", "after", "around", "on", "between", "and", "last", "next", "this",
                             "early", "mid", "late", "throughout", "as", "circa", "nor", "or", "for", "at",
                             "over", "ahead"}),
    quantity_cues=frozenset({"about", "around", "some", "nearly", "almost", "over", "than", "least", "roughly",
                             "approximately", "estimated", "totaling", "totalling", "numbering", "only", "just",
                             "$", "€", "£", "#", "no", "number", "+", "–", "-", "x", "up"}),
    address_words=frozenset({w.lower().rstrip(".") for w in STREET_WORDS} | {"block", "hwy", "ct", "court", "pl"}),
    year_prepositions=frozenset({"in", "by", "since", "until", "till", "during", "before", "after", "through"}),
    count_nouns=frozenset({
        "people", "persons", "person", "troops", "soldiers", "fighters", "men", "women", "children", "civilians",
        "residents", "refugees", "migrants", "deaths", "dead", "victims", "votes", "voters", "cases", "units",
        "km", "kilometers", "kilometres", "miles", "meters", "metres", "feet", "tons", "tonnes", "kg", "hectares",
        "dollars", "euros", "francs", "pounds", "barrels", "%", "percent", "per", "gmt", "utc", "hours", "hrs",
        "hrs.", "local", "households", "families", "homes", "houses", "vehicles", "aircraft", "drones", "jobs",
        "students", "workers", "members", "delegates", "officers", "police", "policemen", "prisoners",
        "detainees", "hostages", "strong", "cfa", "rounds", "times", "words", "pages", "mw", "km2",
    }),
    named_day_words=frozenset({"good", "black", "holy", "ash", "cyber", "super", "easter", "palm", "bloody",
                               "maundy", "shrove", "fat", "giving"}),
    future_cues=frozenset({"will", "would", "shall", "'ll", "’ll", "scheduled", "expected", "due", "plans",
                           "planned", "upcoming", "next"}),
    future_auxiliaries=frozenset({"will", "shall", "'ll", "’ll"}),
    past_auxiliaries=frozenset({"was", "were", "had"}),
    past_cues=frozenset({"was", "were", "had", "did", "said", "told", "came", "took", "went", "met", "saw", "held",
                         "began", "left", "fell", "won", "lost", "led", "broke", "struck", "shot", "fought", "fled",
                         "ran", "made", "gave", "sent", "brought", "became", "flew", "hit", "ago", "since",
                         "last", "earlier", "previously", "spoke", "wrote", "sought", "seized",
                         "stood", "knew", "thought", "felt", "kept", "paid", "rose", "drove", "chose"}),
    past_suffixes=("ed",),
    deadline_words=frozenset({"until", "till", "by"}),
    purpose_words=frozenset({"for"}),
    window_prepositions=frozenset({"over", "within", "during", "throughout", "in", "for"}),
    stem_suffixes=("ing", "ed", "es", "s", "e"),  # the first that leaves four letters is cut
    not_past=frozenset({"need", "needed", "speed", "indeed", "hundred", "seed", "feed", "breed", "proceed",
                        "succeed", "exceed", "embed", "shed", "bed", "red", "bred", "armed", "based", "expected",
                        "scheduled", "planned", "united", "related", "limited", "detailed", "supposed",
                        "concerned", "interested", "advanced", "alleged", "reported"}),
    phrase_stops=frozenset({
        "and", "or", "but", "that", "which", "who", "whom", "whose", "when", "where", "while", "as", "in", "on",
        "at", "to", "for", "with", "by", "from", "into", "was", "were", "is", "are", "be", "been", "had", "has",
        "have", "will", "would", "could", "should", "can", "may", "might", "said", "says", "say", "told",
        "than", "because", "if", "so", "then", "there", "it", "they", "he", "she", "we",
    }),
)

_MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
         "décembre")
_MOIS_ABBREVIATIONS = {"janv": 1, "févr": 2, "fév": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11,
                       "déc": 12}
_NOMBRES = ("un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze", "treize",
            "quatorze", "quinze", "seize")

#: French: the same grammar reads "31 mars", "le 1er avril", "mi-avril 2024", "en janvier 2025", "lundi",
#: "hier", "début avril", "la nuit du 31 mars au 1er avril", "un mois avant l'incident du drone".
FRENCH = TimeWords(
    months={**{name: i for i, name in enumerate(_MOIS, 1)}, **{"fevrier": 2, "aout": 8, "decembre": 12},
            **_MOIS_ABBREVIATIONS},
    month_abbreviations=frozenset(_MOIS_ABBREVIATIONS),
    weekdays={name: i for i, name in enumerate(("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
                                                "dimanche"))},
    numbers={**{w: i for i, w in enumerate(_NOMBRES, 1)}, "une": 1, "vingt": 20, "trente": 30, "quarante": 40,
             "cinquante": 50, "soixante": 60, "cent": 100},
    ordinals={"premier": 1, "1er": 1, "première": 1, "1re": 1, "1ère": 1, "deuxième": 2, "second": 2, "seconde": 2,
              "troisième": 3, "quatrième": 4},
    units={"heure": "hour", "heures": "hour", "jour": "day", "jours": "day", "journée": "day", "semaine": "week",
           "semaines": "week", "mois": "month", "an": "year", "ans": "year", "année": "year", "années": "year",
           "décennie": "decade", "décennies": "decade"},
    vague_counts={"quelques": (2, 5), "plusieurs": (2, 9), "nombreux": (3, 12), "nombreuses": (3, 12)},
    deictic_days={"aujourd'hui": 0, "aujourd’hui": 0, "hier": -1, "demain": 1, "avant-hier": -2,
                  "après-demain": 2},
    deictic_spans={},
    holidays={("noël",): (12, 25), ("réveillon",): (12, 31), ("saint", "sylvestre"): (12, 31),
              ("jour", "de", "l'an"): (1, 1), ("toussaint",): (11, 1)},
    relations={"dernier": "last", "dernière": "last", "derniers": "last", "dernières": "last", "passé": "last",
               "passée": "last", "précédent": "last", "précédente": "last", "ce": "this", "cette": "this",
               "cet": "this", "prochain": "next", "prochaine": "next", "prochains": "next", "prochaines": "next"},
    window_words=frozenset({"derniers", "dernières", "écoulés", "écoulées"}),
    coming_words=frozenset({"prochains", "prochaines", "venir"}),
    recent_words=frozenset({"récents", "récentes"}),
    ago_words=frozenset(),
    before_words={"avant": -1, "après": 1},
    later_words={"plus": 1, "auparavant": -1},  # "trois jours plus tard"; "avant"/"après" take an anchor
    next_day_words={"lendemain": 1, "suivant": 1, "suivante": 1, "veille": -1, "précédent": -1,
                    "précédente": -1},
    same_words=frozenset({"même"}),
    parts={"début": "early", "mi": "mid", "fin": "late"},
    part_nouns={"début": "beginning", "commencement": "beginning", "milieu": "mid", "fin": "end"},
    vague_parts={},
    times_of_day=frozenset({"matin", "matinée", "après-midi", "soir", "soirée", "nuit"}),
    night_words=frozenset({"nuit"}),
    seasons={"printemps": 3, "été": 6, "automne": 9, "hiver": 12},
    season_cues=frozenset({"au", "en", "depuis", "jusqu'à", "pendant", "durant", "cet", "cette", "ce"}),
    quarter_words=frozenset({"trimestre"}),
    half_words=frozenset({"semestre"}),
    weekend_words=frozenset({"week-end", "weekend"}),
    range_openers=frozenset({"du", "entre", "de"}),
    range_joiners=frozenset({"au", "à", "et", "-", "–", "—", "jusqu'au"}),
    of_words=frozenset({"de", "du", "d'"}),
    determiners=frozenset({"le", "la", "les", "l'", "ce", "cet", "cette", "son", "sa", "ses", "leur", "un", "une"}),
    event_determiners=frozenset({"le", "la", "l'", "ce", "cet", "cette", "son", "sa", "leur"}),
    temporal_cues=frozenset({"en", "depuis", "jusqu'en", "jusqu'à", "avant", "après", "vers", "le", "du", "au",
                             "entre", "et", "dernier", "prochain", "début", "mi", "fin", "courant", "dès", "pour",
                             "de", "à", "d'ici", "pendant", "durant", "ou", "dans"}),
    quantity_cues=frozenset({"environ", "près", "plus", "moins", "quelque", "au", "seulement", "€", "$", "#", "+",
                             "–", "-", "n°", "numéro"}),
    address_words=frozenset(FRENCH_STREET_WORDS),
    year_prepositions=frozenset({"en", "depuis", "avant", "après", "durant", "pendant", "dès"}),
    count_nouns=frozenset({
        "personnes", "soldats", "militaires", "combattants", "hommes", "femmes", "enfants", "civils", "habitants",
        "réfugiés", "déplacés", "migrants", "morts", "tués", "victimes", "voix", "électeurs", "cas", "km",
        "kilomètres", "mètres", "milles", "tonnes", "kg", "hectares", "dollars", "euros", "francs", "barils", "%",
        "pour", "familles", "ménages", "maisons", "véhicules", "drones", "emplois", "élèves", "membres",
        "otages", "détenus", "prisonniers", "cfa", "fcfa", "mw", "km2", "h", "millions", "milliards",
    }),
    named_day_words=frozenset({"saint", "sainte", "vendredi", "lundi", "mardi"}) - frozenset({"lundi", "mardi"}),
    future_cues=frozenset({"prévu", "prévue", "prévus", "prévues", "doit", "doivent", "devrait", "devraient",
                           "sera", "seront", "aura", "auront", "prochain", "prochaine"}),
    future_auxiliaries=frozenset({"sera", "seront", "aura", "auront", "ira", "iront"}),
    past_auxiliaries=frozenset({"était", "étaient", "avait", "avaient"}),
    past_cues=frozenset({"a", "ont", "avait", "avaient", "était", "étaient", "fut", "furent", "depuis", "dernier",
                         "dernière", "auparavant", "déjà", "il"}),
    past_suffixes=("é", "ée", "és", "ées"),
    deadline_words=frozenset({"jusqu'au", "jusqu'à", "d'ici"}),
    purpose_words=frozenset({"pour"}),
    window_prepositions=frozenset({"pendant", "durant", "dans", "en", "sur"}),
    stem_suffixes=("ements", "ement", "ées", "és", "ée", "é", "es", "s", "e"),
    not_past=frozenset({"armé", "armée", "armées", "armés", "été", "année", "journée", "soirée", "matinée",
                        "entrée", "lycée", "musée", "idée", "côté", "société", "santé", "sécurité", "liberté",
                        "unité", "autorité", "comité", "député", "marché", "traité", "degré", "clé", "café"}),
    phrase_stops=frozenset({
        "et", "ou", "mais", "que", "qui", "dont", "où", "quand", "lorsque", "pendant", "dans", "sur", "à", "au",
        "aux", "pour", "avec", "par", "depuis", "en", "a", "ont", "est", "sont", "était", "avait", "sera",
        "serait", "pourrait", "devrait", "peut", "dit", "déclaré", "affirmé", "selon", "car", "si", "alors",
        "il", "elle", "ils", "elles", "on",
    }),
    capitalised_names=False,
    ago_openers=("il", "y", "a"),
    relations_follow=True,
    elided_determiners=("l'", "l’"),
)

#: The table of each supported language, by ISO 639-1 code.
TIME_WORDS: dict[str, TimeWords] = {"en": ENGLISH, "fr": FRENCH}


def time_words(language: str = "en") -> TimeWords:
    """The word table of ``language``; KeyError names the languages there are."""
    try:
        return TIME_WORDS[language]
    except KeyError:
        raise KeyError(f"no date words for language {language!r}; known: {', '.join(sorted(TIME_WORDS))}") from None
