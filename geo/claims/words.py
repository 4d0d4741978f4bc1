"""French words of spatial claims (regular-expression fragments), beside the English ones in ``extract``.

"à 10 kilomètres à l'intérieur de leur territoire", "violé son espace aérien sur plus de deux kilomètres",
"à 5 km de la frontière", "à 20 km au nord de Gao", "selon l'armée malienne", "Alger affirme". French puts
the adjective after the noun ("le territoire malien", "la frontière algérienne") and the role before the
demonym ("les autorités maliennes"), so its phrases are read by their own patterns in ``extract``.
"""

from __future__ import annotations

from geo.vocabulary import FRENCH_COMPASS_NOUN_PATTERN

#: "de", "du", "de la", "de l'", "des", "d'" before a noun or a name.
OF = r"(?:du|des|de\s+la|de\s+l['’]|de|d['’])\s*"
#: Articles and contractions before a noun ("le territoire", "l'espace aérien", "du territoire", "en territoire").
DET = r"(?:(?:le|la|les|du|au|aux|en)\s+|l['’]\s*|de\s+la\s+|de\s+l['’]\s*)?"
#: Possessives standing for the claimant ("son espace aérien", "leur territoire").
POSS = r"(?:son|sa|ses|leur|leurs|notre|nos)"
#: Nouns of a territory.
TERR_NOUN = (r"(?:territoire|territoires|espace\s+aérien|sol|eaux\s+territoriales|eaux|terres|"
             r"côté\s+de\s+la\s+frontière)(?:\s+(?:national|nationaux|souverain))?")
#: Verbs reporting a claim, any tense ("affirme", "a assuré", "soutiennent", "dément").
REPORTING = (r"(?:a\s+|ont\s+|avait\s+|avaient\s+)?(?:affirm|assur|soutien|soutienn|soutenu|déclar|dit|disent|estim|"
             r"accus|dément|démen|indiqu|expliqu|précis|annonc|rapport|confirm|reconn|insist|maintien|maintenu|"
             r"prétend|ajout|évoqu|revendiqu|dénonc|fait\s+valoir|fait\s+état|répét|martel|assén)\w*")
#: Words between an actor and its verb ("Bamako, de son côté, affirme", "Alger a quant à lui assuré").
ROLE_WORDS = (r"(?:\s+(?:de\s+son\s+côté|pour\s+sa\s+part|quant\s+à\s+(?:lui|elle|eux)|au\s+contraire|aussi|"
              r"également|pour\s+leur\s+part|de\s+leur\s+côté|officiellement|,)|,)*")
#: Role nouns before a demonym ("les autorités maliennes", "l'armée algérienne").
ROLE_NOUNS = (r"(?:autorités|responsables?|officiels?|gouvernement|régime|ministère(?:\s+de\s+la\s+\w+)?|armée|"
              r"militaires?|forces(?:\s+armées)?|junte|présidence|état-major|sources?(?:\s+sécuritaires)?|"
              r"diplomatie|porte-parole)")
#: "selon l'armée malienne", "d'après Bamako".
ACCORDING = r"\b(?:selon|d['’]après)\s+(?:(?:le|la|les)\s+|l['’]\s*)?(?:[\w-]+\s+){0,3}$"
#: A violation of a territory before a depth ("a violé son espace aérien sur", "a pénétré de").
VIOLATION = (r"(?:viol\w*|pénétr\w*|entré\w*|empiét\w*\s+sur|incursion\s+(?:dans|en|sur)|intrusion\s+(?:dans|en|sur)|"
             r"franchi\w*)\s+(?P<terr>.{1,60}?)\s+(?:sur|de|d['’]|d['’]environ)\s*$")
#: Inside a territory after a distance ("à l'intérieur de", "dans", "en", "au cœur de").
INSIDE = rf"\s*(?P<rel>à\s+l['’]intérieur\s+{OF}|au\s+cœur\s+{OF}|(?:profondément\s+)?(?:dans|en|au)\s+)"
#: A border ("la frontière", "leur frontière commune", "la frontière algérienne", "la frontière avec le Mali").
BORDER = r"(?:frontières?|limites?\s+frontalières?)"
#: Direction and preposition after a distance ("au nord de", "à l'est du", "de", "depuis").
FROM = rf"\s*(?:(?:au|à\s+l['’]\s*)\s*(?P<dir>{FRENCH_COMPASS_NOUN_PATTERN})\s+)?(?P<prep>{OF}|depuis\s+)"
#: A settlement noun before a name ("la ville de Gao", "la localité de Tessit").
TOWN_NOUN = rf"(?:(?:la\s+|le\s+)?(?:ville|localité|commune|village|capitale|cité|bourgade|chef-lieu)\s+{OF})?"
#: Beyond a border ("au-delà de la frontière", "de l'autre côté de la frontière").
BEYOND = rf"\s*(?:au-delà|au\s+delà|de\s+l['’]autre\s+côté)\s+{OF}"
#: Before a place: near it ("près de Tin Zaouatine", "non loin de Kidal", "aux abords de Gao").
NEAR = (r"\b(?:près\s+(?:de|d['’])|non\s+loin\s+(?:de|d['’])|aux\s+abords\s+(?:de|d['’])|à\s+proximité\s+(?:de|d['’]))"
        rf"\s*(?:la\s+(?:ville|localité|commune)\s+{OF})?")
#: A distance that states a position, not a length: "à 30 km de Gao", "situé à 5 km".
POSITION_BEFORE = r"\b(?:à|situé\w*\s+à|se\s+trouv\w*\s+à)\s*$"
