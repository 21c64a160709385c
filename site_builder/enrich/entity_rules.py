"""Cleaning and typing rules for one candidate entity span (pure functions on strings).

`clean_span` trims determiners, elisions and generic heads (`province d'X` -> `X`), and says
whether what is left can be an entity at all; `type_span` decides PER / ORG / LOC from
evidence: user entities, the gazetteer, titles and first names, organisation cues, the model.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from site_builder.enrich import entity_cues as cues
from site_builder.enrich.gazetteer import HOME_COUNTRY, Gazetteer, Place, fold
from site_builder.model import Entity, Geo

_LEADING_JUNK = " \t\n#*>-–—«»\"'(.,;:!?[_"
_TRAILING_JUNK = " \t\n-–—«»\"'),.;:!?]_"
_FIRST_WORD = re.compile(r"([^\W\d_][\w-]*\.?)(\s+|')")
_ELISIONS = frozenset({"l", "d", "qu", "jusqu", "lorsqu", "puisqu", "s"})
_WORD = re.compile(r"[^\W_][\w.-]*'?", re.UNICODE)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")
_ROLE_NOUNS = frozenset("premier premiere president presidente ministre gouvernement".split())
BIG_CITY = 100_000
"""A span the model calls a person is a city only if the city is at least this big."""
_PARTICIPLE_FOLLOWERS = frozenset("en a au aux par dans pour sur de d du des le la les avec depuis lors".split())
_HEAD_PREPOSITION = re.compile(r"^(de la |de l'|de |d'|du |des )")
_ADJECTIVE_THEN_PREPOSITION = re.compile(r"^[a-zà-ÿ][\w-]*\s+(?:de la |de l'|de |d'|du |des )(?=[A-ZÀ-Ý])")
"""`la ville italienne de X`, `l'Etat américain du X`: one adjective between a generic
head and its preposition (the name after them is the place)."""


@dataclass(frozen=True)
class Cleaned:
    start: int
    end: int
    text: str
    hint: str = ""
    """person / region / city / country / other, from a stripped title or generic head."""


@dataclass(frozen=True)
class Typing:
    label: str
    """PER, ORG or LOC."""
    subkind: str
    name: str
    geo: Geo | None = None
    user: Entity | None = None
    by_model_only: bool = field(default=False, compare=False)
    """True when no rule but the model's label decided (weaker evidence in a vote)."""


def clean_span(text: str, start: int, end: int) -> Cleaned | None:
    """Trim a model span of `text[start:end]`; None when nothing entity-like is left."""
    trimmed = _clean_alone(text[start:end])
    if trimmed is None:
        return None
    first, last, hint = trimmed
    return Cleaned(start + first, start + last, text[start + first:start + last], hint)


@functools.lru_cache(maxsize=1 << 15)
def _clean_alone(span: str) -> tuple[int, int, str] | None:
    """_clean on the span's characters only (offsets into `span`), memoised: cleaning never
    looks outside the span, and the same spans recur (`le président`, `la France`)."""
    cleaned = _clean(span, 0, len(span))
    return None if cleaned is None else (cleaned.start, cleaned.end, cleaned.hint)


def _clean(text: str, start: int, end: int) -> Cleaned | None:
    hint = ""
    while True:
        start, end = _trim(text, start, end)
        match = _FIRST_WORD.match(text, start, end)
        if not match:
            break
        word, gap = match.group(1), match.group(2)
        key = fold(word)
        rest = text[match.end():end]
        if gap == "'" and key in _ELISIONS and (word[0].islower() or key != "l"):
            start = match.end()  # a capital `L'` is a title's own (`selon L'X`); see boundaries
        elif word[0].islower() and key in cues.DETERMINERS:
            start = match.end()
        elif key in _TITLE_ARTICLE_KEYS and _is_lower_title(rest):
            start = match.end()  # `Le ministre de X`: a sentence's article before a role
        elif key in cues.LEADING_PREPOSITIONS and gap != "'" and rest[:1].isupper():
            start = match.end()
        elif word[0].islower() and key in cues.GENERIC_HEADS and (
                _HEAD_PREPOSITION.match(rest) or rest[:1].isupper()):
            hint, start = cues.GENERIC_HEADS[key], match.end()
        elif (word[0].islower() or key == "etat") and key in cues.GENERIC_HEADS and (
                adjective := _ADJECTIVE_THEN_PREPOSITION.match(rest)):
            hint, start = cues.GENERIC_HEADS[key], match.end() + adjective.end()
        elif key in cues.CIVILITIES and rest[:1].isupper():
            hint, start = "person", match.end()
        elif word[0].isupper() and key in _ROLE_NOUNS and _is_portfolio_of(rest):
            return None  # `Ministre de l'Intérieur`: a role, capitalised or not
        elif word[0].isupper() and key in cues.TITLES and (of := _of_an_organisation(rest)):
            start = match.end() + of  # `Président de la Fédération X` -> `Fédération X`
        elif word[0].islower() and key in cues.TITLES:
            if _HEAD_PREPOSITION.match(rest):
                start = match.end() + _HEAD_PREPOSITION.match(rest).end()
                if all(fold(w) in cues.PORTFOLIOS or w[0].islower() for w in words_of(text[start:end])):
                    return None
                continue
            hint, start = "person", match.end()
        elif key in ("republique", "etat") and _HEAD_PREPOSITION.match(rest):
            start = match.end() + _HEAD_PREPOSITION.match(rest).end()
        elif word[0].islower() and key in cues.ORG_HEADS and _HEAD_PREPOSITION.match(rest):
            break
        elif word[0].islower() and key in cues.ORG_HEADS and rest[:1].isupper():
            hint, start = "organisation", match.end()
        elif word[0].islower() and key not in cues.GEOGRAPHIC_HEADS and (
                of := _HEAD_PREPOSITION.match(rest)) and rest[of.end():][:1].isupper():
            start = match.end() + of.end()  # `attentats de X`: a common noun's complement
        else:
            break
    end = _drop_trailing_time_words(text, start, _drop_trailing_elision(text, start, end))
    end = _cut_before_verb_and_object(text, start, end)
    end = _cut_before_pour_a_name(text, start, end)
    end = _drop_adjectives_after_acronym(text, start, end)
    if end - start < 2 or not text[start].isupper() and not _is_lower_name(text[start:end]):
        return None
    return Cleaned(start, end, text[start:end], hint)


_TITLE_ARTICLE_KEYS = frozenset({"le", "la", "les", "l"})


def _is_lower_title(rest: str) -> bool:
    """`ministre de …`, `ancien président …`: a lower-case role word opens `rest`, so the
    capitalised article before it is the sentence's, not a name's (`Le Courrier du Val` keeps its own)."""
    words = words_of(rest[:40])
    return bool(words) and words[0][0].islower() and all(
        part in cues.TITLES for part in fold(words[0]).split())  # `porte-parole` too


def _of_an_organisation(rest: str) -> int:
    """Length of `de la ` in `de la Fédération X` (a preposition, then an organisation's
    head word, capitalised); 0 when `rest` is no such complement."""
    of = _HEAD_PREPOSITION.match(rest)
    words = words_of(rest[of.end():of.end() + 40]) if of else []
    if not words or not words[0][0].isupper() or fold(words[0]) not in cues.ORG_HEADS:
        return 0
    return of.end()


def _is_portfolio_of(rest: str) -> bool:
    """`de l'Intérieur`, `des Affaires étrangères`: a preposition, then portfolio words only."""
    of = _HEAD_PREPOSITION.match(rest)
    words = words_of(rest[of.end():]) if of else []
    return bool(words) and all(fold(w) in cues.PORTFOLIOS or w[0].islower() for w in words)


def _is_lower_name(span: str) -> bool:
    """`ministère de la Culture`, `mer du Nord`: a lower-case head, then a capitalised name."""
    words = words_of(span)
    head = fold(words[0]) if words else ""
    if len(words) == 2 and head in cues.NATURAL_HEADS:
        return words[1][0].isupper()  # `lac Tchad`, `mer Adriatique`: the name without `de`
    return (len(words) > 2 and (head in cues.ORG_HEADS or head in cues.GEOGRAPHIC_HEADS)
            and any(word[0].isupper() for word in words[1:]))


def _drop_trailing_time_words(text: str, start: int, end: int) -> int:
    """`Stade rennais dimanche soir` -> `Stade rennais`; a time word after a preposition is
    the name's own complement (`Journal du dimanche`, `Parti du printemps`)."""
    words = list(_WORD.finditer(text, start, end))
    while len(words) > 1 and words[-1].group()[0].islower() and fold(words[-1].group()) in _TIME:
        if fold(words[-2].group()) in _PREPOSITIONS_OF:
            break
        words.pop()
        end = words[-1].end()
    return end


_PREPOSITIONS_OF = frozenset("de du des d".split())


_TIME = cues.WEEKDAYS | cues.MONTHS | cues.TIME_WORDS


def _cut_before_verb_and_object(text: str, start: int, end: int) -> int:
    """`Département finance le projet` -> `Département`: in lower-case words after a name, an
    article that no preposition introduces follows a verb (a name's own article follows
    one: `Office pour la sécurité`), so the name ends before that verb."""
    words = list(_WORD.finditer(text, start, end))
    if len(words) < 3 or not all(w.group()[0].islower() for w in words[1:]):
        return end
    for index in range(2, len(words)):
        if (fold(words[index].group()) in _BARE_ARTICLES
                and fold(words[index - 1].group()) not in _PREPOSITIONS):
            return words[index - 2].end()
    return end


_POUR_A_NAME = re.compile(r"\s+pour\s+(?:la |le |les |l'|l’)?[A-ZÀ-Ý]")


def _cut_before_pour_a_name(text: str, start: int, end: int) -> int:
    """`Xyz International pour l'Afrique`, `Abc Opinion pour Le Journal` (a poll's client),
    `Office des forêts pour la Guyane`: a complete name of two words or more, ending
    on a capital, then `pour` and another name: the name ends before `pour` (a name's own
    `pour` follows one word, `Ensemble pour la X`, or a lower-case one, `Alliance des
    démocrates pour la X`)."""
    match = _POUR_A_NAME.search(text, start, end)
    if match is None:
        return end
    words = _WORD.findall(text, start, match.start())
    last = words[-1] if words else ""
    if len(words) < 2 or not last[:1].isupper() and not re.search(r"['’][A-ZÀ-Ý]", last):
        return end
    if fold(words[0]) in _PURPOSE_HEADS:
        return end  # `Mouvement National pour la Libération`: a cause in the name
    return match.start()


_PURPOSE_HEADS = frozenset(
    "mouvement front union comite alliance rassemblement coalition parti association fondation "
    "collectif ligue conseil federation organisation observatoire institut centre fonds "
    "programme agence office".split())
"""Heads of names that state their cause with `pour` (`Comité pour la X`)."""


_BARE_ARTICLES = frozenset("le la les un une".split())
_PREPOSITIONS = frozenset("de d du des pour par sur sous contre avec sans en a au aux dans entre "
                          "vers chez selon apres avant et ou".split())


def _drop_adjectives_after_acronym(text: str, start: int, end: int) -> int:
    """`CSU bavaroise` -> `CSU`."""
    words = list(_WORD.finditer(text, start, end))
    if len(words) > 1 and _ACRONYM.match(words[0].group()) and all(
            w.group()[0].islower() for w in words[1:]):
        return words[0].end()
    return end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _LEADING_JUNK:
        start += 1
    while end > start and text[end - 1] in _TRAILING_JUNK:
        end -= 1
    return start, end


_ELIDED_LAST_WORD = re.compile(r"\s*\b\w+'$")


def _drop_trailing_elision(text: str, start: int, end: int) -> int:
    """`Syrie d'` -> `Syrie`: a span never ends on an elided word."""
    while True:
        span = text[start:end]
        match = _ELIDED_LAST_WORD.search(span) if span.endswith(("'", "'\n")) else None
        if not match:
            return _trim(text, start, end)[1]
        end = start + match.start()


def words_of(text: str) -> list[str]:
    return _WORD.findall(text)


@functools.lru_cache(maxsize=1 << 14)
def _name_words(name: str) -> tuple[str, ...]:
    """words_of a candidate name, memoised (the same names recur in an article and across)."""
    return tuple(_WORD.findall(name))


@functools.lru_cache(maxsize=1 << 14)
def _folded_name_words(name: str) -> tuple[str, ...]:
    return tuple(fold(word) for word in _name_words(name))


def is_noise(cleaned: Cleaned, text: str, *, is_sentence_start: bool, gazetteer: Gazetteer) -> bool:
    """Dates, common words, demonyms and sentence-initial participles are not entities."""
    words = _folded_name_words(cleaned.text)
    if not words or any(word in cues.WEEKDAYS or word in cues.MONTHS for word in words):
        return True
    if all(word in cues.TIME_WORDS or word.isdigit() for word in words):
        return True
    if fold(cleaned.text) in cues.COMMON_PHRASES:
        return True
    if len(words) == 1 and (words[0] in cues.FUNCTION_WORDS or len(words[0]) < 2):
        return True
    is_elided_common = text[cleaned.start - 1:cleaned.start] == "'" and words[0] in cues.FUNCTION_WORDS
    if len(words) > 1 and (is_elided_common or words[0] in _ROLE_NOUNS) and all(
            w[0].islower() for w in _name_words(cleaned.text)[1:]):
        return True  # `secrétaire d'Etat américain`, `Premier ministre`
    if len(words) == 1 and demonym_country(cleaned.text, gazetteer) is not None:
        return True
    if _is_demonym_compound(cleaned.text, gazetteer):
        return True
    if _is_common_name(cleaned, text, words) or _is_direction_of(cleaned, text, words):
        return True
    return is_sentence_start and (_is_initial_common_word(cleaned, text, gazetteer)
                                  or _is_lowercase_elsewhere(cleaned, text, gazetteer))


_ROAD = re.compile(cues.ROAD_CODE)
_MODEL_CODE = re.compile(r"^[A-Z]{1,2}-?\d{3,}[A-Za-z]{0,3}$")
"""`A320neo`, `B787`, `A350F`: a product's model number, no organisation (channels keep
their one or two digits: `TF1`, `M6`)."""
_LOWER_COMPLEMENT = re.compile(r"\s+(?:de la|de l'|des|du|de|d')\s*[a-zà-ÿ]")
_TITLE_ARTICLES = frozenset({"le", "la", "les", "l"})


def _is_common_name(cleaned: Cleaned, text: str, words: tuple[str, ...]) -> bool:
    """Common nouns the model took for names: `le Smic`, `A7`, `A320neo`, `Le temps presse` or `Sous
    pression` (a capitalised article or preposition and lower-case words), `Conseil des
    ministres` cut to `Conseil`."""
    if len(words) == 1 and (words[0] in cues.COMMON_ABBREVIATIONS or _ROAD.match(cleaned.text)
                            or _MODEL_CODE.match(cleaned.text)):
        return True
    surface = _name_words(cleaned.text)
    opens_phrase = words[0] in _TITLE_ARTICLES or words[0] in cues.LEADING_PREPOSITIONS
    if len(surface) > 1 and opens_phrase and all(word[0].islower() for word in surface[1:]):
        return True  # `Le temps presse`, `Sous pression depuis …`
    if _is_generic_institution(words):
        return True
    return (len(words) == 1 and words[0] in cues.ORG_HEADS and cleaned.text[0].isupper()
            and _LOWER_COMPLEMENT.match(text, cleaned.end) is not None)


def _is_generic_institution(words: tuple[str, ...]) -> bool:
    """`la Préfecture`, `le Conseil`, `La Mairie`: a kind of institution named by its noun
    alone is no page of its own (a longer name in the article has its own mentions)."""
    if len(words) == 2 and words[0] in _TITLE_ARTICLES:
        words = words[1:]
    return len(words) == 1 and words[0] in cues.GENERIC_INSTITUTIONS


_COMPASS_POINTS = frozenset("nord sud est ouest".split())
_OF_A_NAME = re.compile(r"\s+(?:de la |de l'|de l’|du |des |de |d'|d’)\s*[A-ZÀ-Ý]")


def _is_direction_of(cleaned: Cleaned, text: str, words: tuple[str, ...]) -> bool:
    """`au Sud-Ouest de X`: a compass point followed by `de` + a name says where, relative
    to X; it is no place of its own (unlike `le Nord`, the region, said alone)."""
    points = [point for word in words for point in word.split()]
    return (0 < len(points) <= 2 and all(point in _COMPASS_POINTS for point in points)
            and _OF_A_NAME.match(text, cleaned.end) is not None)


def _is_lowercase_elsewhere(cleaned: Cleaned, text: str, gazetteer: Gazetteer) -> bool:
    """`Colère à X !`, `Retour au calme`: a single word capitalised only by its position
    that the same text also writes in lower case is a common word."""
    word = cleaned.text
    if " " in word or not word[:1].isupper() or word.isupper() or gazetteer.is_first_name(word):
        return False
    lower = word[0].lower() + word[1:]
    return re.search(r"(?<![\w'’])" + re.escape(lower) + r"(?!\w)", text) is not None


_INITIAL_COMMON_ENDINGS = ("é", "ée", "és", "ées", "ant", "ants", "ante", "antes", "ment",
                           "aire", "aires", "ible", "ibles", "able", "ables")
"""Endings of participles, adverbs and adjectives (`originaires de`, `responsables de`,
`visibles depuis`) that open a sentence before a preposition."""


def _is_initial_common_word(cleaned: Cleaned, text: str, gazetteer: Gazetteer) -> bool:
    """`Déclenché en 2011, …`, `Originaires d'Aix, …`: a participle, an adverb or an
    adjective of origin or state capitalised only by its position."""
    word = cleaned.text.lower()
    if " " in word or gazetteer.lookup(word) or gazetteer.is_first_name(word):
        return False
    if not word.endswith(_INITIAL_COMMON_ENDINGS):
        return False
    if word.endswith("ment") and text[cleaned.end:cleaned.end + 1] == "," and fold(word) not in _MENT_NOUNS:
        return True  # `Généralement, …`: an adverb opening the sentence
    following = words_of(text[cleaned.end:cleaned.end + 30])
    if following and following[0] in _AUXILIARIES:
        return False  # `Bolloré a annoncé`: the subject of a verb, no participle
    return bool(following) and fold(following[0]) in _PARTICIPLE_FOLLOWERS


_MENT_NOUNS = frozenset(
    "parlement gouvernement departement mouvement rassemblement regiment groupement "
    "etablissement armement jugement".split())
"""Nouns in -ment that name institutions (`Parlement, …`), no adverbs."""
_AUXILIARIES = frozenset({"a", "ont", "avait", "avaient", "aura", "auront"})
"""Verbs after a sentence's first word that make it their subject (`à`, not `a`, follows a
participle: `Arrivé à Lyon, …`)."""


def demonym_country(word: str, gazetteer: Gazetteer) -> str | None:
    """`Russes`, `iranien`, `Américains` -> a country code ('' for `Kurdes`); else None."""
    irregular, singular, stems = _demonym_forms(fold(word))
    if irregular is not None:
        return irregular
    if gazetteer.country(word) or gazetteer.is_first_name(word) or gazetteer.is_first_name(singular):
        return None
    for stem in stems:
        code = gazetteer.country_code_starting(stem)
        if code:
            return code
    return None


def _is_demonym_compound(name: str, gazetteer: Gazetteer) -> bool:
    """`Cubains-Américains`, `Franco-Algériens`: a hyphenated name whose last part is a
    demonym and whose other parts end as demonyms do is a people (no place)."""
    parts = name.strip().split("-")
    if len(parts) < 2 or " " in name.strip() or demonym_country(parts[-1], gazetteer) is None:
        return False
    if any(gazetteer.lookup(part) is not None for part in parts[:-1]) or gazetteer.lookup(name):
        return False  # `Colombie-Britannique`: a place's name before the demonym
    return all(demonym_country(part, gazetteer) is not None or fold(part).endswith(_DEMONYM_PART_ENDINGS)
               or fold(part).endswith("o") for part in parts[:-1])


_DEMONYM_PART_ENDINGS = tuple(ending for ending in cues.DEMONYM_SUFFIXES if len(ending) >= 3)
"""The demonym endings that tell a part of a compound (`Cubains-`), not a bare `-e` or `-s`."""


@functools.lru_cache(maxsize=1 << 14)
def _demonym_forms(key: str) -> tuple[str | None, str, tuple[str, ...]]:
    """What a folded word gives without the gazetteer: its irregular demonym's code (None
    if it is none), its singular, and its stems of ≥ 4 letters before a DEMONYM_SUFFIX."""
    first, _, last = key.rpartition(" ")
    if first.endswith("o") and key not in cues.IRREGULAR_DEMONYMS:
        return _demonym_forms(last)  # `afro americains`, `franco allemand`: by the last part
    singular = key[:-1] if key.endswith("s") and not key.endswith("ss") else key
    for form in (key, singular, singular.removesuffix("e"),
                 singular.removesuffix("ne").removesuffix("e")):
        if form in cues.IRREGULAR_DEMONYMS:
            return cues.IRREGULAR_DEMONYMS[form], singular, ()
    stems = (key.removesuffix(suffix) for suffix in cues.DEMONYM_SUFFIXES)
    return None, singular, tuple(stem for stem in stems if stem != key and len(stem) >= 4)


@dataclass(frozen=True)
class SpanContext:
    """What surrounds a span in its sentence (normalized text)."""

    left: str
    right: str
    model_label: str
    hint: str = ""
    countries: frozenset[str] = frozenset()
    """ISO codes of the countries the article mentions (to resolve ambiguous cities)."""


def type_span(name: str, around: SpanContext, gazetteer: Gazetteer,
              user_index: dict[str, Entity]) -> Typing | None:
    """PER / ORG / LOC for a cleaned span, from the strongest evidence; None to drop it."""
    user = user_index.get(fold(name))
    if user is not None:
        return Typing(_USER_LABELS.get(user.subkind, "LOC"), user.subkind, user.name, user.geo, user)
    for rule in _RULES:
        typing = rule(name, around, gazetteer)
        if typing is not None:
            return typing if typing.label else None
    return None


def _by_non_entity_head(name, around, gazetteer):
    """`l'ouragan X`, `l'échelle de X`, `les émissions X et Y`, `la frégate X`: a name after
    an event, law, work or ship head names no actor and no place."""
    return _DROP if follows_non_entity_head(around.left) else None


def follows_non_entity_head(left: str) -> bool:
    """`l'émission ` or `les émissions Xa (…), ` before a name: it names a work, a law, an
    event or a ship, as do the names listed after the head."""
    listed = _LISTED_NAMES.search(left[-200:])
    if listed is not None:
        left = left[:len(left) - len(listed.group())]
    words = words_of(left[-40:])
    if words and words[-1].lower() in ("de", "d'", "du", "des"):
        words = words[:-1]
    if len(words) > 1 and words[-2] == "en":
        return False  # `un tueur en série X`: an adverbial phrase, no work's head
    return bool(words) and words[-1][0].islower() and fold(words[-1]) in cues.NON_ENTITY_HEADS


_LISTED_NAMES = re.compile(
    r"(?:(?<![\w'-])[A-ZÀ-Ý][\w'-]*(?:\s+[\w'-]+){0,4}(?:\s*\([^()\n]{0,80}\))?"
    r"(?:\s*,\s*(?:et\s+)?|\s+et\s+))+$")


def _by_event_name(name, around, gazetteer):
    """`Coupe d'Afrique des nations`, `Congrès des maires`: an event, no page."""
    return _DROP if is_event_name(name) else None


def is_event_name(name: str) -> bool:
    words = _name_words(name)
    if len(words) < 2:
        return False
    head = fold(words[0])
    heads = (head, fold(" ".join(words[:2])), fold(" ".join(words[:3])))
    if words[0][0].isupper() and any(form in cues.EVENT_HEADS for form in heads):
        return True  # capitalised only: `une coupe de cheveux` is no event
    return head in cues.EVENT_HEADS_OF and fold(words[1]) in ("de", "des", "du", "d", "d'", "sur", "pour")


def _by_institution(name, around, gazetteer):
    """`une étude parue dans X`; `un sondage Ifop pour X` (not a country); `un entretien au X`
    (a contracted article before a one-word ORG the model saw): an organisation (a journal, a
    poll's client), not the place of the same name."""
    if fold(name) in _ASSEMBLIES or _PUBLISHED_IN.search(around.left):
        return Typing("ORG", "organisation", name)
    if _POLL_FOR.search(around.left[-80:]) and not gazetteer.country(name):
        return Typing("ORG", "organisation", name)
    if (around.model_label == "ORG" and _CONTRACTED_ARTICLE.search(around.left)
            and " " not in name and not gazetteer.country(name)):
        return Typing("ORG", "organisation", name)
    return None


_ASSEMBLIES = frozenset({"senat", "parlement"})
"""Assemblies named by their noun alone (`au Sénat`): institutions, not places (a
`congrès` alone is more often an event than the US Congress)."""
_PUBLISHED_IN = re.compile(cues.PUBLISHED_IN)
_POLL_FOR = re.compile(cues.POLL_FOR)
_CONTRACTED_ARTICLE = re.compile(r"(?:^|\s)(?:au|du)\s+$")


def _by_cited_source(name, around, gazetteer):
    """`d'après X`, `a déclaré à X`, `interrogé par X`, `invité de X` where the model saw
    neither a person, a place nor an organisation: X is a medium cited as a source."""
    if around.model_label == "MISC" and _SOURCE_CUE.search(around.left[-60:]):
        return Typing("ORG", "organisation", name)
    return None


_SOURCE_CUE = re.compile(
    r"(?:\b[Ss]elon|\b[Dd]'après|\b(?:déclaré|indiqué|confié|affirmé|précisé|expliqué|assuré|"
    r"raconté|dit|répondu|annoncé|révélé)e?s? à|\b[Ii]nterrogée?s? par|\b[Ii]nvitée?s? (?:de|sur)|"
    r"\b(?:[Cc]ontacté|[Jj]oint|[Ss]ollicité|cité|relayé|révélé|rapporté)e?s? par|"
    r"\b(?:enquête|révélations|reportage)s? (?:de|du|d')|"
    r"au micro d[e']|à l'antenne d[e']|dans les colonnes d[e']|sur le plateau d[e']|"
    r"\b[Rr]apporte|\b[Rr]évèle)\s*(?:(?:le|la|les|l')\s*)?$")


def _by_company_cue(name, around, gazetteer):
    """`le PDG d'X`, `les salariés de X`, where the model saw an organisation: a company, even
    when a town has its name (`X` the city otherwise wins over the model's label)."""
    if around.model_label == "ORG" and _COMPANY_OF.search(around.left[-40:]) and not gazetteer.country(name):
        return Typing("ORG", "organisation", name)
    return None


_COMPANY_OF = re.compile(r"\b(?:PDG|pdg|salariés|employés|actionnaires|filiale)\s+"
                         r"(?:de la |de l'|de l’|du |des |de |d'|d’)$")


def _by_acronym_of_place(name, around, gazetteer):
    """`CHU de Xville`, `CCI du Yland`: an acronym followed by `de` and a place is that place's
    branch of a body (an organisation), not the place; not an acronym of a common noun or of
    a kind of zone (`HLM de X`, `ZAD de X`: sites)."""
    words = _name_words(name)
    if (len(words) < 3 or not _ACRONYM.match(words[0]) or _ROAD.match(words[0])
            or fold(words[1]) not in ("de", "du", "des", "d'") or not words[2][0].isupper()):
        return None
    if fold(words[0]) in cues.COMMON_ABBREVIATIONS or fold(words[0]) in _ZONE_ACRONYMS:
        return None
    return Typing("ORG", "organisation", name)


_ZONE_ACRONYMS = frozenset("zad zac zup zi za zus qpv".split())


def _by_inner_lower_word(name, around, gazetteer):
    """`Santé publique France`: a lower-case word inside a name (not a particle) is no
    person's; the model's person is an organisation."""
    words = _name_words(name)
    if around.model_label != "PER" or len(words) < 3:
        return None
    if any(word[0].islower() and len(word) > 3 and fold(word) not in cues.NAME_PARTICLES
           for word in words[1:-1]):
        return Typing("ORG", "organisation", name)
    return None


def _by_plural_demonym(name, around, gazetteer):
    """`les Marseillais`, `des Franciliens`: a plural after a plural article, with a demonym's
    ending, that names no place is the inhabitants of one (country demonyms are found by
    demonym_country); only when the model saw a place, so `Les Indépendants` (ORG) stays."""
    if (around.model_label not in ("LOC", "MISC") or " " in name or name.isupper()
            or not _PLURAL_ARTICLE.search(around.left) or not fold(name).endswith(_PLURAL_DEMONYM)):
        return None
    if gazetteer.lookup(name, around.countries) or gazetteer.is_first_name(name):
        return None
    return _DROP


_PLURAL_ARTICLE = re.compile(r"(?:^|\s)(?:les|des|aux|Les|Des|Aux)\s+$")
_PLURAL_DEMONYM = ("ais", "aises", "iens", "iennes", "ois", "oises", "ains", "aines", "ins", "ines",
                   "ens", "ennes", "eens", "eennes", "ards", "ardes", "ats", "ates", "ites", "ots",
                   "otes", "ols", "oles")


def _by_shouted_word(name, around, gazetteer):
    """`PARIS (AFP) -`, `VIDEO.`, `URGENT -`: a word in capitals that is a rubric of the
    lede is no entity, and one that is a big city's or a country's name is the place (an
    acronym of 4+ letters rarely spells one)."""
    if not _SHOUTED.match(name):
        return None
    if fold(name) in cues.SHOUTED_RUBRICS:
        return _DROP
    title = name.title()
    place = gazetteer.country(title) or gazetteer.city(title, around.countries)
    if place is not None and (place.subkind == "country" or place.capital
                              or place.population >= BIG_CITY):
        return _place(place, title)
    return None


_SHOUTED = re.compile(r"^[A-ZÀ-Ý]{4,}$")


def _by_capitals(name, around, gazetteer):
    """`le député ABC`: an acronym is a party or a body, even right after a person's title
    (checked before the title rules); not when the span itself began with the title."""
    if around.hint != "person" and _ACRONYM.match(name):
        return Typing("ORG", "organisation", name)
    return None


def _by_org_name_word(name, around, gazetteer):
    """`X Hebdo`, `X Bank`: an organisation word inside the name; `PayPal`, `BlackRock`: a
    brand's inner capital (not `McCain`, `MacDonald`, `VanDyke`: surnames)."""
    words = _name_words(name)
    if any(word[0].isupper() and fold(word) in cues.ORG_NAME_WORDS
           and (fold(word) not in _LEGAL_FORMS or at == len(words) or word.isupper())
           for at, word in enumerate(words[1:], start=2)):
        return Typing("ORG", "organisation", name)
    if len(words) == 1 and _CAMEL_CASE.match(name) and not name.startswith(_SURNAME_PREFIXES):
        return Typing("ORG", "organisation", name)
    return None


_LEGAL_FORMS = frozenset("inc ltd corp sa sas sarl gmbh ag llc plc".split())
"""Company forms among ORG_NAME_WORDS: they end a company's name (`Xyz AG`) or are written in
capitals; `Ag` inside a name is a Tuareg name's particle (`Iyad Ag Ghali`), no company's."""
_CAMEL_CASE = re.compile(r"^[A-Z][a-z]{2,}[A-Z][a-z]")
_SURNAME_PREFIXES = ("Mac", "Van", "Von", "Fitz", "Del", "Della", "Des")


def _by_place_prefix(name, around, gazetteer):
    """`Saint-X`, `Sainte-Croix-de-X` tagged PER: a saint's name in one hyphenated word is a
    place (a town, a church), not the saint."""
    if around.model_label == "PER" and " " not in name and _SAINT_PLACE.match(name):
        return Typing("LOC", "other", name)
    return None


_SAINT_PLACE = re.compile(r"^(?:Saint|Sainte|Notre|St|Ste)-[A-ZÀ-Ý]")


_USER_LABELS = {"person": "PER", "organisation": "ORG"}
_DROP = Typing("", "", "")


def _place(place: Place, name: str) -> Typing:
    canonical = name if place.subkind == "city" else place.name
    return Typing("LOC", place.subkind, canonical, place.geo)


_MINISTER_OF = re.compile(r"\b(?:ministres?|secrétaires? d'[EÉ]tat|ministre délégué|ministre déléguée)"
                          r"\s+(?:chargée? )?(?:de la |de l'|des |du |de |d'|aux |à la |à l'|au )$")


def follows_minister_title(left: str) -> bool:
    """`le ministre de l'`, `la secrétaire d'Etat aux ` right before a name: a portfolio follows."""
    return _MINISTER_OF.search(left) is not None


def _by_portfolio(name, around, gazetteer):
    """`ministre des Transports`: the portfolio is no entity."""
    words = _folded_name_words(name)
    if words and all(word in cues.PORTFOLIOS for word in words) and _MINISTER_OF.search(around.left):
        return _DROP
    if words == ("sceaux",) and _KEEPER_OF.search(around.left):
        return _DROP  # `la garde des Sceaux`: the justice minister's title, not the town
    return None


_KEEPER_OF = re.compile(r"\bgardes?\s+des\s+$", re.IGNORECASE)


_HEAD_BEFORE = re.compile(r"\b([\w-]+)\s+(?:de la |de l'|de |d'|du )$")


def _by_place_hint(name, around, gazetteer):
    hint = around.hint
    match = _HEAD_BEFORE.search(around.left[-40:]) if hint == "" else None
    if match and match.group(1).islower():
        hint = cues.GENERIC_HEADS.get(fold(match.group(1)), "")
    if hint in ("", "person", "organisation"):
        return None
    country = gazetteer.country(name)
    if country is not None:
        city = gazetteer.city(name, around.countries) if hint == "city" else None
        if (city is None or city.geo is None or country.geo is None or _CAPITAL_OF.search(around.left)
                or city.geo.country_code != country.geo.country_code):
            return None  # `la capitale de l'Argentine`: the country (not a French village so named)
        return Typing("LOC", "city", name, city.geo)  # `la ville de Mexico`: the capital, not the country
    around = SpanContext(around.left, around.right, around.model_label, hint, around.countries)
    place = gazetteer.lookup(name, around.countries)
    if hint == "city" and place is not None and place.subkind == "region":
        city = gazetteer.city(name, around.countries)
        if city is None or city.geo is None:
            return _place(place, name)  # `la préfecture du X`: a subdivision's, its centre no town's point
        place = city
    geo = place.geo if place else None
    return Typing("LOC", around.hint, place.name if place and place.subkind != "city" else name, geo)


_CAPITAL_OF = re.compile(r"\bcapitales?\s+(?:de la |de l['’]|du |des |de |d['’])\s*$", re.IGNORECASE)


def _by_country_or_region(name, around, gazetteer):
    place = gazetteer.lookup(name, around.countries)
    if place is not None and place.subkind == "city" and not gazetteer.arrondissement(name):
        place = None  # a city (`Berlin`, not the Land): _by_city weighs the model's label
    article, _, rest = name.partition(" ")
    if place is None and article in ("La", "Le", "Les", "L'") and rest:
        place = gazetteer.country(rest)
        name = rest
    return _place(place, name) if place else None


def _by_club_of_a_city(name, around, gazetteer):
    """`Xton City`, `Yford United`, `Athletic Zbao`: a city's name with a word that English-
    speaking clubs add to it is the club (an organisation), unless the whole is a place's
    name (`Kansas City`)."""
    words = _name_words(name)
    if len(words) != 2 or gazetteer.lookup(name, around.countries) is not None:
        return None
    first, last = words
    if fold(last) in _CLUB_SUFFIXES and gazetteer.city(first) is not None:
        return Typing("ORG", "organisation", name)
    if fold(first) in _CLUB_PREFIXES and gazetteer.city(last) is not None:
        return Typing("ORG", "organisation", name)
    return None


_CLUB_SUFFIXES = frozenset("city united athletic rovers wanderers albion".split())
_CLUB_PREFIXES = frozenset("athletic sporting dynamo inter".split())


def _by_title_article(name, around, gazetteer):
    """`une interview à La Dépêche`, `selon Le Progrès`: in mid-sentence French writes a
    place's article in lower case (`la Provence`); a capital one opens a title (a newspaper,
    a company), unless the place's own name holds it (`au Havre`, `à La Ciotat`)."""
    match = _CAPITAL_ARTICLE.match(name)
    if match is None or around.model_label not in ("LOC", "ORG") or not _is_mid_sentence(around.left):
        return None
    key = fold(name)
    if key in gazetteer.cities or key in gazetteer.regions or gazetteer.country(name[match.end():]):
        return None
    if around.model_label == "LOC" and _NEAR_PLACE.search(around.left):
        return Typing("LOC", "other", name)  # `près de La Junquera`: only a place is near or north of
    return Typing("ORG", "organisation", name)


_NEAR_PLACE = re.compile(
    r"(?:\b(?:près|non loin|à proximité|aux abords|aux environs|à l['’](?:est|ouest)|au (?:nord|sud|centre)"
    r"(?:-(?:est|ouest))?|kilomètres|km)\s+(?:de|d['’])|\bà\s+l['’]entrée\s+de|\bentre)\s*$", re.IGNORECASE)
"""Words that only a place comes after (`près de`, `au nord de`, `à 20 km de`)."""


_CAPITAL_ARTICLE = re.compile(r"^(?:Le|La|Les)\s+(?=[A-ZÀ-Ý])|^L['’](?=[A-ZÀ-Ý])")


def _is_mid_sentence(left: str) -> bool:
    """After a word or a comma: not where any word takes a capital (a sentence's or a
    quotation's start, after a colon)."""
    last = left.rstrip()[-1:]
    return bool(last) and (last.isalnum() or last in ",'’")


def _by_country_in_name(name, around, gazetteer):
    """`Météo-France`, `Ouest-France`, `Radio Canada`, `Air Lumière France`: a country's name
    joined to capitalised words that are no place and no first name is an organisation's
    name (a medium, a company, an agency), not a place. A compass point joined to a country
    names a part of it (`Sud-Liban`), except France's, whose parts are not so named."""
    parts = _COMPOUND_PARTS.split(name.strip())
    if len(parts) < 2 or gazetteer.lookup(name, around.countries) is not None:
        return None
    for country_part, others in ((parts[-1], parts[:-1]), (parts[0], parts[1:])):
        country = gazetteer.country(country_part)
        if country is None or not all(_is_plain_capitalised(part, gazetteer) for part in others):
            continue
        is_home = country.geo is not None and country.geo.country_code == HOME_COUNTRY
        if is_home or not any(fold(part) in _COMPASS_POINTS for part in others):
            return Typing("ORG", "organisation", name)
    return None


_COMPOUND_PARTS = re.compile(r"[\s-]+")


def _is_plain_capitalised(part: str, gazetteer: Gazetteer) -> bool:
    """A capitalised word that is neither a place nor a first name (`Météo`, `Radio`)."""
    return (part[:1].isupper() and part.isalpha() and not gazetteer.is_first_name(part)
            and gazetteer.lookup(part) is None and fold(part) not in cues.FUNCTION_WORDS)


_FRONTED = re.compile(r"^\s*(?:A|À|Au|En)\s+$")



def _by_fronted_place(name, around, gazetteer):
    """`A Bercy, le ministre…`: a fronted `À X,` at a sentence start names a place."""
    if _FRONTED.match(around.left) and around.right.lstrip().startswith(","):
        place = gazetteer.lookup(name, around.countries)
        if place is None:
            return Typing("LOC", "other", name)
        return _place(place, name)  # a village (`A Matignon,`: the office) far from the article's others loses its point later
    return None


def _by_left_title(name, around, gazetteer):
    if around.hint == "person" or has_title_before(around.left):
        return Typing("PER", "person", name)
    return None


_CLAUSE_OPENERS = frozenset(
    "que qu quand lorsque lorsqu puisque puisqu si car mais avant apres alors comme dont qui "
    "ne n pendant tandis a ont est sont ete etait avait avaient vers par pour sur avec dans "
    "chez contre sans".split())
"""Conjunctions, relatives, auxiliaries and prepositions: no title phrase runs across one to
the name after it (`le X M a été remorqué vers Y`: Y is no person)."""


def has_title_before(left: str) -> bool:
    """`le président américain ` / `Mme ` right before a span (no preposition in between)."""
    words = words_of(left[-80:])
    if not words or fold(words[-1]) in cues.DETERMINERS:
        return False
    following = ""
    for word in reversed(words[-5:]):
        key = fold(word.rstrip("."))
        if key in cues.TITLES or key.split(" ")[-1] in cues.TITLES:
            return True
        if key in ("de", "du", "des") or key == "d" and following not in ("etat", "etats"):
            return False  # `présidente du groupe X`: X is not the person
        if key in _CLAUSE_OPENERS:
            return False  # `le porte-parole, avant qu'X ne réagisse`: X opens another clause
        if not (word[0].islower() or key in ("etat", "etats")):
            return False
        following = key
    return False


def _by_org_words(name, around, gazetteer):
    words = _name_words(name)
    first = fold(words[0]) if words else ""
    if around.hint == "organisation":
        return Typing("ORG", "organisation", name)
    if first == "stade" and len(words) > 1 and (words[1][0].isupper() or fold(words[1]) in ("de", "du", "d")):
        return None  # `Stade de France` is a venue; `Stade toulousain` a club
    if first in cues.ORG_HEADS and (len(words) > 1 or around.model_label == "ORG"):
        return Typing("ORG", "organisation", name)
    if first in cues.GEOGRAPHIC_HEADS and len(words) > 2 and not _are_names(words[1:]):
        return Typing("LOC", "other", name)  # not `Canal Xyz International`: a brand's words
    if fold(name) in cues.PLATFORMS:
        return Typing("ORG", "organisation", name)
    return None


def _are_names(words: tuple[str, ...]) -> bool:
    """`Xyz International`: capitalised words only, no `de` / `du` tying them to a head."""
    return all(word[0].isupper() for word in words)


def _by_left_org_title(name, around, gazetteer):
    """`la start-up française X`, `le syndicat de policiers X`: a word announcing an
    organisation, then lower-case words (a `de` between them only when a lower-case word,
    not the name, follows it), right before the name."""
    if around.left.rstrip().endswith((",", ":", "(")):
        return None
    words = words_of(around.left[-60:])
    after = ""
    for word in reversed(words[-5:]):
        key = fold(word)
        if key in cues.ORG_TITLES or key.split(" ")[-1] in cues.ORG_TITLES:
            return Typing("ORG", "organisation", name)
        if not word[0].islower() or key in cues.DETERMINERS and not (
                key in _OF_BEFORE_A_NOUN and after and after not in cues.DETERMINERS):
            return None
        after = key
    return None


_OF_BEFORE_A_NOUN = frozenset({"de", "d", "d'", "des", "du"})


def _by_acronym(name, around, gazetteer):
    return Typing("ORG", "organisation", name) if _ACRONYM.match(name) else None


def _by_first_name(name, around, gazetteer):
    words = _name_words(name)
    first = words[0].split("-")[0] if words else ""
    if len(words) < 2 or fold(first) in cues.FUNCTION_WORDS or not gazetteer.is_first_name(first):
        return None
    if around.model_label in ("LOC", "ORG") and gazetteer.lookup(first):
        return None
    if all(word[0].isupper() or fold(word) in cues.NAME_PARTICLES for word in words):
        return Typing("PER", "person", name)
    return None


def _by_city(name, around, gazetteer):
    place = gazetteer.city(name, around.countries)
    if place and around.model_label == "PER" and place.population < BIG_CITY:
        return None
    if place and around.model_label == "ORG" and fold(place.name) != fold(name):
        return None
    return _place(place, name) if place else None


def _by_org_context(name, around, gazetteer):
    words = [fold(word) for word in words_of(around.left[-60:])]
    if (words and words[-1] in ("de", "d", "du", "des") or around.left.endswith("'")) and not _looks_like_a_person(name, around):
        before = [part for word in words[-4:-1] for part in word.split(" ")]
        if any(word in cues.ORG_LEFT_CUES for word in before):
            return Typing("ORG", "organisation", name)
    if _SUR_AT_END.search(around.left) and any(
            part in cues.PLATFORM_VERBS for word in words for part in word.split()):
        return Typing("ORG", "organisation", name)
    if (around.model_label != "PER" and _AFFILIATED_TO.search(around.left)
            and gazetteer.lookup(name, around.countries) is None):
        return Typing("ORG", "organisation", name)
    return None


def _looks_like_a_person(name: str, around: SpanContext) -> bool:
    """A name of two or three capitalised words, no acronym, that the model reads as a person:
    after `le vice-président de`, `le fondateur de` it is the person served (`l'ancien
    vice-président de Xavier Zorbe`), not an organisation."""
    words = _name_words(name)
    return (around.model_label == "PER" and 2 <= len(words) <= 3 and fold(words[0]) not in cues.DETERMINERS
            and all(word[0].isupper() and not word.isupper() for word in words))


_SUR_AT_END = re.compile(r"\bsur\s*$")
_AFFILIATED_TO = re.compile(r"\b(?:liée?s?|affiliée?s?|allégeance)\s+(?:à la |à l'|à l’|au |aux |à )$")
"""`un groupe lié à X`, `prêter allégeance à X`: what a group is tied to, when no place and
no person to the model (`l'affaire liée à Dupont`), is another group."""
_APPOSITION = re.compile(r"^\s*,\s*(un|une|le|la|l'|les|cet|cette)\s*([\w-]+)")


def _by_company_apposition(name, around, gazetteer):
    """`X, la société mère de Y`: only a company takes such an apposition, even when a
    region or a town has its name (checked before the gazetteer's places)."""
    if _COMPANY_APPOSITION.match(around.right) and not gazetteer.is_first_name(name.split()[0]):
        return Typing("ORG", "organisation", name)
    return None


def _by_right_apposition(name, around, gazetteer):
    match = _APPOSITION.match(around.right)
    if not match or _SOURCE_BEFORE.search(around.left):
        return None  # `Selon X, le ministre a…`: the comma ends a fronted source, no apposition
    head = fold(match.group(2))
    if head in cues.ORG_HEADS and match.group(1) in ("un", "une"):
        return Typing("ORG", "organisation", name)
    if head in cues.TITLES and not _NAME_AFTER_TITLE.match(around.right, match.end()):
        return Typing("PER", "person", name)
    if head in cues.PLACE_APPOSITIONS and match.group(1) in ("un", "une"):
        place = gazetteer.lookup(name, around.countries)
        return Typing("LOC", cues.PLACE_APPOSITIONS[head], name, place.geo if place else None)
    return None


_COMPANY_APPOSITION = re.compile(
    r"^\s*,\s*(?:(?:sa |une |la )?(?:filiale|maison mère|société mère)\s+(?:de |d'|d’|du |des )"
    r"|(?:le |l'|l’|un |une )?(?:leader|géant|spécialiste)\s+(?:mondial|mondiale|européen|européenne|"
    r"français|française|hexagonal|national|nationale)\b)")
"""`X, filiale du groupe Y`, `X, leader mondial du verre`: words that only a company takes in
apposition (no article needed: `numéro un mondial` is a player's too)."""
_SOURCE_BEFORE = re.compile(r"(?:^|\s)(?:[Ss]elon|[Dd]'après)\s+(?:(?:le|la|les|l')\s*)?$")
_NAME_AFTER_TITLE = re.compile(r"(?:\s+[a-zà-ÿ'-]+){0,3},?\s+[A-ZÀ-Ý]")
"""`X, le PDG Jean Dupont`: the title belongs to the name after it, not to X."""


def _by_model(name, around, gazetteer):
    if around.model_label == "PER":
        return Typing("PER", "person", name, by_model_only=True)
    if around.model_label == "ORG":
        return Typing("ORG", "organisation", name, by_model_only=True)
    if around.model_label == "LOC":
        return Typing("LOC", "other", name, by_model_only=True)
    return _DROP


def _by_dateline_agency(name, around, gazetteer):
    """`LVIV, Ukraine (Reuters) -`: the name in a dateline's parentheses is the news agency."""
    if _DATELINE_OPEN.search(around.left) and _DATELINE_CLOSE.match(around.right) and " " not in name.strip():
        return Typing("ORG", "organisation", name)
    return None


_DATELINE_OPEN = re.compile(r"(?:^|\n)\s*[A-ZÀ-Ý][^\n()]{0,60}\(\s*$")
_DATELINE_CLOSE = re.compile(r"^\s*\)\s*[-–—]")


_RULES = (_by_dateline_agency, _by_portfolio, _by_non_entity_head, _by_event_name, _by_plural_demonym,
          _by_cited_source, _by_company_cue,
          _by_company_apposition, _by_acronym_of_place, _by_place_hint, _by_institution, _by_shouted_word,
          _by_club_of_a_city, _by_title_article, _by_country_in_name, _by_country_or_region, _by_fronted_place, _by_left_org_title, _by_capitals, _by_left_title, _by_org_words,
          _by_org_name_word, _by_acronym, _by_city, _by_right_apposition, _by_first_name,
          _by_place_prefix, _by_org_context, _by_inner_lower_word, _by_model)
"""type_span's rules, strongest evidence first; the first that decides wins."""
