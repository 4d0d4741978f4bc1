"""Word lists the recogniser reads context with, one table per language (authored here; directions are in
geo.vocabulary), gathered in one ``Lexicon`` per language (``LEXICONS``).

Each list is one vocabulary, defined once: the recogniser imports them, nothing else redefines them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from geo.vocabulary import DIRECTIONAL_CUES, FRENCH_DIRECTIONAL_CUES, SETTLEMENT_KINDS, Kind


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Lower-case words that may sit inside a place name ("Bosnia and Herzegovina" aside): "Gulf of Guinea",
#: "Rio de Janeiro", "Dar es Salaam"...
CONNECTORS = _words("of de du des la le les el al da do dos das di del upon van von bin")

#: Titles before a person's name: a match after one is that person ("General Maiga", "Mayor Adams").
TITLES = _words(
    "mr mrs ms miss dr prof president minister general gen col colonel lt sgt sergeant capt captain officer "
    "sen senator rep representative gov governor mayor judge justice king queen prince princess sheikh pope "
    "saint st father rev reverend ambassador chief commander coach director secretary spokesman spokeswoman "
    "chairman chairwoman deputy lord lady sir madam brother sister uncle aunt"
)

#: Titles of office that, after a place, make the place's official ("Walker County Judge", "Boston Mayor").
OFFICE_WORDS = (TITLES - _words(
    "mr mrs ms miss dr prof saint st father brother sister uncle aunt lady lord sir madam prince princess king "
    "queen pope sheikh rev reverend"
)) | _words("manager commissioner commissioners attorney clerk treasurer administrator superintendent "
            "coroner prosecutor auditor assessor comptroller investigator detective trooper spokesperson")

#: Abbreviated words inside place names ("St. Petersburg", "Ft. Worth", "Mt. Vernon"): capitalised as written.
NAME_ABBREVIATIONS = frozenset({"St", "Ste", "Ft", "Mt", "Pt"})
#: Their full words, for names the index holds only written out ("Mt. Pleasant" for the Mount Pleasants that
#: have no "Mt Pleasant" alternate). "Pt" (Point or Port) is left out: it has no one full word.
NAME_ABBREVIATION_WORDS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}

#: Verbs of speech: a capitalised word before one is a speaker ("Kane said").
SPEECH_VERBS = _words("said says told added asked stated explained noted wrote argued insisted warned")

#: Words before a place that say "this is a location" ("in Mobile", "near Bath", "north Texas").
LOCATIVE_CUES = _words(
    "in at near from to into across outside inside around toward towards via through throughout within "
    "between against of"
) | DIRECTIONAL_CUES

#: Nouns for a part of an area, in directional phrases ("the northern region of Mali", "Mali's northern parts").
AREA_NOUN_PATTERN = (
    r"(?:region|regions|part|parts|area|areas|province|provinces|territory|territories|zone|zones|half|"
    r"reaches|tip|districts?|border|borderlands?|frontier)"
)

#: Words that, after a place name, make an institution named after the place ("Ohio State University").
INSTITUTION_WORDS = _words(
    "department dept police sheriff county city state university college school schools district court "
    "supreme superior fire library museum hospital airport council board government assembly legislature "
    "senate house office agency authority commission committee chamber church cathedral mosque times post "
    "herald tribune journal news daily gazette star press radio television tv club zoo park parks "
    "stadium center centre institute academy high middle elementary public community regional metro "
    "metropolitan area transit port harbor station bank highway road railway army navy guard forces "
    "ministry embassy consulate province provincial national international federal municipal society "
    "services service corp corporation association coalition company inc foundation league festival hall "
    "development partnership airlines airways clinic hotel restaurant junior jail bureau review selectman "
    "selectmen crimestoppers"
)

#: Nouns a place name modifies at the start of a sentence ("DeKalb residents", "Greer police").
PLACE_MODIFIED_NOUNS = _words(
    "resident residents man men woman women boy boys girl girls teen teens teenager teenagers family families "
    "native natives voters officials leaders businesses homeowners students officers firefighters police "
    "authorities"
)

#: Nouns of a person's or an animal's relations, before a given name that is then that person or animal
#: ("her dog Rex", "his son Tyler", "a horse called Chester"); "named"/"called" may stand between.
BEARER_NOUNS = _words(
    "dog dogs puppy cat kitten horse pony pet pig cow goat parrot bird son sons daughter daughters wife husband "
    "boyfriend girlfriend partner fiance fiancee mother mom mum father dad brother sister grandson granddaughter "
    "grandmother grandfather grandma grandpa uncle aunt nephew niece cousin baby child friend boy girl twin "
    "owner victim suspect teenager student pupil"
)

#: Words naming a person or an animal right after a given name and a comma ("Rex, a four-year-old beagle",
#: "Tyler, who"): the name is that person or animal.
BEARER_AFTER = (r",\s+(?:who\b|whose\b|a\s+\d+-year-old|an?\s+(?:\w+-)?(?:year|month|week)-old|"
                r"the\s+(?:dog|cat|horse|boy|girl|man|woman)\b|his\s|her\s)")

#: Words that make the name before them a holiday, an anniversary or an event ("Independence celebrations",
#: "Unity anniversary") or, with "of", the name after them ("the anniversary of Independence").
EVENT_NOUNS = _words(
    "anniversary anniversaries celebration celebrations celebrated commemoration commemorations holiday holidays "
    "festivities parade parades eve jubilee feast remembrance"
)

#: Lower-case words that do not continue a noun phrase: after a place name they leave it a name ("in Bath on
#: Sunday"); any other lower-case word right after it is a noun the name modifies ("in Arab countries").
FUNCTION_WORDS = _words(
    "a an the and or but nor so yet if as at by for from in into of off on onto out over per than to up upon "
    "via with within without about above across after against along among around before behind below beneath "
    "beside besides between beyond down during except inside near outside since through throughout till "
    "toward towards under until unlike is are was were be been being am has have had do does did will would "
    "shall should can could may might must not no who whom whose which that this these those where when while "
    "whereas because although though yesterday today tonight tomorrow last next earlier later now then here "
    "there also too again still just even only already ever never he she it they we you i him her them us me "
    "his its their our your my s said says say told reported added how what why all both each every some "
    "any more most early late last this overnight tonight once twice"
)

#: Last words of names of natural features ("the Peace River", "the Sunshine Coast"): after "the" such a name is
#: the feature, which a town of the same name usually lies on, so it stays a place.
FEATURE_WORDS = _words(
    "coast river valley lake lakes bay island islands falls springs creek mountain mountains hills hill beach "
    "gate delta basin forest woods plains desert peninsula gulf sea harbor harbour canyon park range strait"
)

#: Nouns a sea's short name may modify and still name the sea ("the Atlantic coast", "the Baltic states"); any other
#: noun makes it an adjective ("the Mediterranean diet").
WATER_MODIFIED_NOUNS = _words(
    "coast coasts coastline shore shores seaboard waters basin region rim islands island side seabed floor "
    "crossing route routes states"
)

#: Words that, before a place closing a capitalised name, say which part of it ("Metro Nashville", "Downtown Greer",
#: "Historic Dublin", "Greater Atlanta"): the place is named.
PLACE_PREFIXES = _words("metro metropolitan downtown uptown midtown historic greater inner outer suburban rural")

#: Days and months (as written, capitalised): they end a name rather than continue it ("Toronto Saturday",
#: "Gaza Monday", "Paris January").
CALENDAR_WORDS = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August "
    "September October November December".split())

# --- French -------------------------------------------------------------------------------------------

#: French titles before a person's name ("le général Abdoulaye Maïga", "M. Diallo", "Mme Touré").
TITLES_FR = _words(
    "m mme mmes mlle mm dr pr président présidente ministre général générale gal colonel colonel-major "
    "lieutenant lieutenant-colonel capitaine commandant sergent adjudant caporal sénateur sénatrice député "
    "députée gouverneur maire juge roi reine prince princesse cheikh imam pape saint sainte père abbé "
    "ambassadeur ambassadrice chef porte-parole directeur directrice secrétaire préfet préfète procureur "
    "commissaire émir sultan monsieur madame mademoiselle docteur professeur maître me mgr monseigneur "
    "frère sœur oncle tante patriarche chérif"
)

#: French verbs of speech after a speaker ("Kane a déclaré", "selon Kane", "affirme Diallo").
SPEECH_VERBS_FR = _words(
    "déclare déclaré dit affirme affirmé indique indiqué explique expliqué ajoute ajouté souligne souligné "
    "estime estimé précise précisé assure assuré annonce annoncé confie confié raconte raconté témoigne "
    "témoigné poursuit insiste insisté rappelle rappelé martèle martelé dénonce dénoncé avertit averti "
    "reconnaît reconnu confirme confirmé"
)

#: Auxiliaries between a French speaker and the participle ("Kane a déclaré", "ils ont affirmé").
AUXILIARIES_FR = _words("a ont avait avaient aurait auraient")

#: French words before a place that say "this is a location" ("à Gao", "près de Kidal", "vers Niamey").
LOCATIVE_CUES_FR = _words(
    "à au aux en dans de du des d près vers depuis sur sous entre par via contre jusqu hors autour chez "
    "outre delà deçà nord sud est ouest centre région ville localité village commune"
)

#: French nouns for a part of an area in directional phrases ("la région nord du Mali", "les zones du nord").
AREA_NOUN_PATTERN_FR = r"(?:régions?|parties?|zones?|provinces?|territoires?|confins|secteurs?|localités?)"

#: French elided words written with an apostrophe before a vowel ("l'Algérie", "d'Alger", "qu'Alger"):
#: never part of a place's name.
ELIDED_FR = _words("l d j c s m t qu jusqu lorsqu puisqu quoiqu presqu")

#: French articles: "La Côte d'Ivoire" is read as "la" + "Côte d'Ivoire" when that is the longer name.
ARTICLES_FR = _words("le la les l")

_AREAS = frozenset({Kind.ADMIN1, Kind.REGION, Kind.COUNTRY, Kind.DISTRICT, Kind.AREA})
_WATERS = frozenset({Kind.WATER})
_RELIEF = frozenset({Kind.LANDFORM})

#: Words before a French name that restrict its reading to some kinds of place ("la région de Kidal" is the
#: region, "la ville de Tombouctou" the town, "le fleuve Niger" no country: without a river, no place).
KIND_CUES_FR: dict[str, frozenset[str]] = {
    **dict.fromkeys(("région", "régions", "province", "provinces", "wilaya", "wilayas", "gouvernorat", "état",
                     "chef-lieu", "désert"), _AREAS),
    **dict.fromkeys(("ville", "villes", "localité", "localités", "commune", "communes", "village", "villages",
                     "bourgade", "cité", "capitale"), SETTLEMENT_KINDS),
    **dict.fromkeys(("fleuve", "rivière", "lac", "oued"), _WATERS),
    **dict.fromkeys(("mont", "massif", "montagne"), _RELIEF),
}


# --- one lexicon per language -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The context words the recogniser reads in one language; the English lists above for ``en``."""

    lang: str
    connectors: frozenset[str]
    titles: frozenset[str]
    office_words: frozenset[str]
    speech_verbs: frozenset[str]
    auxiliaries: frozenset[str]
    locative_cues: frozenset[str]
    institution_words: frozenset[str]
    place_modified_nouns: frozenset[str]
    area_noun_pattern: str
    elided: frozenset[str] = frozenset()
    articles: frozenset[str] = frozenset()
    kind_cues: dict[str, frozenset[str]] = field(default_factory=dict)
    #: A one-word name known only as an alternate spelling needs a prominent place (English: "We" is Hue).
    alternates_need_prominence: bool = True
    #: A match may end on a lower-case word ("République centrafricaine", "Union africaine").
    lowercase_name_ends: bool = False
    #: A country opening or closing a longer capitalised name is part of that name ("France Télévisions",
    #: "Maurice Kamto", "Jeune Afrique", "Air Algérie"): French puts no capitalised word before a place's name.
    countries_in_names: bool = False
    #: A capital before a verb of speech is its government speaking ("Bamako affirme", "Alger dément").
    capitals_speak: bool = False
    #: Word-frequency thresholds (Zipf) where the language's list reads differently from English's (None: the
    #: recogniser's English values). French word lists count place names often ("alger" 4.1, "mali" 4.2,
    #: "moscou" 4.4) while French capitalises few ordinary words mid-sentence, so a capital says more.
    #: A sentence's first word at least this common joins no name (None: the recogniser's English value).
    opener_skip_zipf: float | None = None
    common_word_zipf: float | None = None
    big_city_common_zipf: float | None = None
    alternate_name_max_zipf: float | None = None
    locative_rescue_max_zipf: float | None = None
    #: Party letters of a legislator's tag, whose hyphen joins the home town ("Sen. Ray Miller, D-Columbus").
    party_tags: frozenset[str] = frozenset()


ENGLISH = Lexicon(
    lang="en", connectors=CONNECTORS, titles=TITLES, office_words=OFFICE_WORDS, speech_verbs=SPEECH_VERBS,
    auxiliaries=frozenset(), locative_cues=LOCATIVE_CUES, institution_words=INSTITUTION_WORDS,
    place_modified_nouns=PLACE_MODIFIED_NOUNS, area_noun_pattern=AREA_NOUN_PATTERN,
    party_tags=frozenset({"D", "R", "I"}),
)

FRENCH = Lexicon(
    lang="fr", connectors=CONNECTORS, titles=TITLES_FR, office_words=OFFICE_WORDS | TITLES_FR,
    speech_verbs=SPEECH_VERBS_FR, auxiliaries=AUXILIARIES_FR,
    locative_cues=LOCATIVE_CUES_FR | FRENCH_DIRECTIONAL_CUES, institution_words=INSTITUTION_WORDS,
    place_modified_nouns=frozenset(), area_noun_pattern=AREA_NOUN_PATTERN_FR, elided=ELIDED_FR,
    articles=ARTICLES_FR, kind_cues=KIND_CUES_FR, alternates_need_prominence=False, lowercase_name_ends=True,
    countries_in_names=True, capitals_speak=True, opener_skip_zipf=5.2, common_word_zipf=4.5, big_city_common_zipf=5.2,
    alternate_name_max_zipf=5.0, locative_rescue_max_zipf=5.0,
)

#: The lexicon of each parsed language.
LEXICONS: dict[str, Lexicon] = {lex.lang: lex for lex in (ENGLISH, FRENCH)}
