"""English word lists the recogniser reads context with (authored here; directions are in geo.vocabulary).

Each list is one vocabulary, defined once: the recogniser imports them, nothing else redefines them.
"""

from __future__ import annotations

from geo.vocabulary import DIRECTIONAL_CUES


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
            "coroner prosecutor auditor assessor")

#: Abbreviated words inside place names ("St. Petersburg", "Ft. Worth", "Mt. Vernon"): capitalised as written.
NAME_ABBREVIATIONS = frozenset({"St", "Ste", "Ft", "Mt", "Pt"})

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
    "development partnership airlines airways clinic hotel restaurant"
)

#: Nouns a place name modifies at the start of a sentence ("DeKalb residents", "Greer police").
PLACE_MODIFIED_NOUNS = _words(
    "resident residents man men woman women boy boys girl girls teen teens teenager teenagers family families "
    "native natives voters officials leaders businesses homeowners students officers firefighters"
)
