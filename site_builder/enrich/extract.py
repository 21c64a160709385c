"""Entity extraction for one article: model spans -> cleaned, typed, linked entities.

`build_context` once per process, then `extract_article(doc, prepared, context)` per
article (`doc` is spaCy's parse of `prepared.normalized`). Offsets in the result point
at the ORIGINAL text, so mentions can be linked in place.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc

from site_builder.enrich.boundaries import (
    drop_nested,
    fix_boundaries,
    initials,
    split_at_line_breaks,
    trim_overlaps,
)
from site_builder.enrich.entity_cues import (
    BUILDING_HEADS,
    FUNCTION_WORDS,
    ORG_HEADS,
    ORG_TITLES,
    PORTFOLIOS,
    SITE_HEADS,
    VESSEL_HEADS,
)
from site_builder.enrich.entity_rules import (
    Cleaned,
    SpanContext,
    Typing,
    clean_span,
    demonym_country,
    follows_minister_title,
    follows_non_entity_head,
    is_event_name,
    is_noise,
    type_span,
    words_of,
)
from site_builder.enrich.gazetteer import HOME_COUNTRY, Gazetteer, fold, load_gazetteer
from site_builder.enrich.nlp import _CHAR_MAP, _DROPPED, PreparedText
from site_builder.enrich.nlp import prepare_text as _prepare_text_by_char
from site_builder.enrich.place_context import (
    cities_named_with_a,
    compass_regions_abroad,
    outlying_places,
    places_near_the_others,
    regions_by_part_of_country,
    story_centre,
    streets_in_cities,
    surnames_read_as_places,
)
from site_builder.enrich.quotes import QuoteSpan, add_speaker_roles, find_quotes
from site_builder.enrich.roles import find_roles
from site_builder.model import (
    PLACE_SUBKINDS,
    ArticleEntities,
    Entity,
    EntityKind,
    Geo,
    Mention,
    Quote,
)
from site_builder.slugs import slugify as _slugify

__all__ = ["ExtractionContext", "PreparedText", "build_context", "extract_article",
           "extract_text", "prepare_text"]

_LABEL_KIND = {"PER": EntityKind.ACTOR, "ORG": EntityKind.ACTOR, "LOC": EntityKind.PLACE}
_CREDIT_SEGMENT_WORDS = 6
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z0-9&-]{1,9})\)")
_SHORT_FORM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-zéèêëàâîïôöûüç0-9&-]{1,9})\)")
"""`Long Name (ACR)`, also an acronym read as a word, with its accents (`Cédéao`, `Unédic`)."""
_JUNK = set(" \t#*>-–—«»\"'(")
slugify = functools.lru_cache(maxsize=1 << 14)(_slugify)
"""slugs.slugify, memoised: one name is slugged several times per article."""


@dataclass(frozen=True)
class ExtractionContext:
    """Everything extraction needs besides the model; built once per process."""

    gazetteer: Gazetteer
    user_entities: tuple[Entity, ...] = ()
    """Entities of content/actors|places/*.md: their names and aliases map to their slug."""
    stop_list: frozenset[str] = frozenset()
    """Folded names and slugs never to extract (cfg.stop_list + hidden entities)."""
    user_index: dict[str, Entity] = field(default_factory=dict, compare=False, repr=False)
    """Folded name or alias -> user entity (derived by build_context)."""
    user_pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class _Item:
    """A cleaned span with its type, before entities are assembled."""

    cleaned: Cleaned
    typing: Typing
    sentence: int


def build_context(user_entities: Iterable[Entity] = (), stop_list: Iterable[str] = (), *,
                  gazetteer: Gazetteer | None = None) -> ExtractionContext:
    """Load the gazetteer (unless given) and index the user's entities and stop list."""
    visible = tuple(sorted((e for e in user_entities if not e.hidden), key=lambda e: e.slug))
    hidden = [name for e in user_entities if e.hidden for name in (e.name, e.slug, *e.aliases)]
    stops = frozenset(key for name in (*stop_list, *hidden) for key in (fold(name), slugify(name)))
    index = {fold(name): entity for entity in visible for name in (entity.name, *entity.aliases)}
    names = sorted({name for e in visible for name in (e.name, *e.aliases) if len(name) > 1},
                   key=lambda name: (-len(name), name))
    pattern = (re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
               if names else None)
    return ExtractionContext(gazetteer or load_gazetteer(), visible, stops, index, pattern)


_ANY_DROPPED = re.compile("[" + "".join(map(re.escape, sorted(_DROPPED))) + "]")


def prepare_text(text: str) -> PreparedText:
    """nlp.prepare_text, the same result faster: a text without characters to drop (most)
    has its characters replaced one for one (offsets unchanged), each kind in one pass.
    No replacement is itself replaced (no value of _CHAR_MAP is one of its keys)."""
    if _ANY_DROPPED.search(text):
        return _prepare_text_by_char(text)
    normalized = text
    for char, replacement in _CHAR_MAP.items():
        if char in normalized:
            normalized = normalized.replace(char, replacement)
    return PreparedText(text, normalized, tuple(range(len(text) + 1)))


def extract_text(nlp: Language, text: str, context: ExtractionContext) -> ArticleEntities:
    """prepare + nlp + extract, for one text."""
    prepared = prepare_text(text)
    return extract_article(nlp(prepared.normalized), prepared, context)


def extract_article(doc: Doc, prepared: PreparedText, context: ExtractionContext) -> ArticleEntities:
    """Mentions, entities and quotes of one article; offsets into `prepared.original`."""
    text = prepared.normalized
    sentences = [(sent.start_char, sent.end_char) for sent in doc.sents]
    cleaned = _clean_all(doc, text, context)
    items = _link_variants(_type_all(cleaned, prepared, sentences, context), text)
    persons = [(i.cleaned.start, i.cleaned.end, _slug(i.typing))
               for i in items if i.typing.label == "PER"]
    roles = find_roles(text, persons, sentences, prepared.original_slice)
    actors = [(i.cleaned.start, i.cleaned.end, _slug(i.typing), i.typing.label)
              for i in items if i.typing.label in ("PER", "ORG")]
    quotes = find_quotes(text, sentences, actors, roles)
    roles = add_speaker_roles(roles, quotes, prepared.original_slice)
    return ArticleEntities(
        mentions=tuple(_mention(item, prepared) for item in items),
        entities=_entities(items, prepared, roles),
        quotes=tuple(_quote(quote, prepared) for quote in quotes),
    )


def _clean_all(doc: Doc, text: str, context: ExtractionContext) -> list[tuple[Cleaned, str]]:
    """Model spans plus user-entity matches, cleaned; credits and stop-listed names dropped."""
    credits = credit_zones(text)
    result = []
    found = [(s, e, "ORG" if label == "MISC" and _ACRONYM_AFTER.match(text, e) else label)
             for s, e, label in _model_and_user_spans(doc, text, context)]
    found = [part for span in found for part in split_at_line_breaks(text, span)]
    found = [_take_channel_number(text, span, context.gazetteer) for span in found]
    found = [_person_after_portfolio(text, span, context.gazetteer) for span in found]
    found = [part for span in found for part in _split_acronym_chain(text, span)]
    found = [part for span in found for part in _split_person_of_country(text, span, context.gazetteer)]
    found = [part for span in found for part in _split_party_before_person(text, span, context.gazetteer)]
    found = [part for span in found for part in _split_medium_before_person(text, span, context.gazetteer)]
    found = [part for span in found for part in _split_pair_of_orgs(text, span)]
    found = [part for span in found for part in _split_fixture(text, span, context.gazetteer)]
    found = [span if span[2] == "USER" else fix_boundaries(text, span) for span in found]
    extended = [_extend_right(text, _extend_left(text, _extend_to_army(text, span, context.gazetteer)),
                              context.gazetteer)
                for span in found]
    for start, end, label in drop_nested(trim_overlaps(text, extended)):
        cleaned = _strip_demonym(clean_span(text, start, end), text, context.gazetteer)
        if cleaned is None and label == "ORG":
            cleaned = _lower_case_brand(text, start, end)
        if cleaned is None or _in_zones(cleaned.start, credits):
            continue
        if _is_quoted_term(text, cleaned) or _is_quoted_slogan(text, cleaned):
            continue
        if fold(cleaned.text) in context.stop_list or slugify(cleaned.text) in context.stop_list:
            continue
        result.append((cleaned, label))
    return sorted(result + _numbered_districts(text, result), key=lambda pair: pair[0].start)


_NUMBERED_DISTRICT = re.compile(r"(?<![\w-])(?:[1-9]\d?|[IVXL]+)(?:e|er|ème)\s+arrondissement\b"
                                r"(?:\s+(?:de|d')\s*[A-ZÀ-Ý][\w-]+)?")
"""`le maire du 6e arrondissement`: a numbered district starts with a digit, which the model
rarely reads as a name (`VIIe arrondissement` it does)."""


def _numbered_districts(text: str, found: list[tuple[Cleaned, str]]) -> list[tuple[Cleaned, str]]:
    """The numbered arrondissements of `text` that no other span overlaps, as places."""
    return [(Cleaned(m.start(), m.end(), m.group()), "LOC") for m in _NUMBERED_DISTRICT.finditer(text)
            if not any(c.start < m.end() and m.start() < c.end for c, _label in found)]


_BRAND = re.compile(r"[a-z][a-z0-9]{3,}")


def _lower_case_brand(text: str, start: int, end: int) -> Cleaned | None:
    """`à franceinfo`: one lower-case word without accents the model calls an organisation
    is a brand written so (the model gives common words no ORG label)."""
    word = text[start:end].strip()
    if not _BRAND.fullmatch(word) or fold(word) in FUNCTION_WORDS or fold(word) in ORG_HEADS:
        return None
    offset = start + text[start:end].index(word)
    return Cleaned(offset, offset + len(word), word)


def _model_and_user_spans(doc: Doc, text: str, context: ExtractionContext
                          ) -> list[tuple[int, int, str]]:
    """User-entity matches, then the model's spans that overlap none of them."""
    user = ([(m.start(), m.end(), "USER") for m in context.user_pattern.finditer(text)]
            if context.user_pattern is not None else [])
    model = [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
    if user:
        model = [(start, end, label) for start, end, label in model
                 if not any(s < end and start < e for s, e, _ in user)]
    return user + model


def _in_zones(offset: int, zones: list[tuple[int, int]]) -> bool:
    for start, end in zones:
        if start <= offset < end:
            return True
    return False


_ORG_PREFIX = re.compile(
    r"(?:(?<=\s)|^)(?:(?P<article>Les\s+)|(?P<head>(?:ministère(?:\s+[a-zà-ÿ]+)?|tribunal(?: judiciaire| administratif"
    r"| correctionnel)?|cour d'appel|cour d'assises|conseil (?:régional|départemental|municipal)"
    r"|université|mairie)\s+(?:de la |de l'|des |du |de |d')))$")


def _extend_left(text: str, span: tuple[int, int, str]) -> tuple[int, int, str]:
    """`ministère de la` + `Culture` -> `ministère de la Culture` (ORG), also with a country's
    adjective (`ministère américain de la Justice`); `Les` + a party's name."""
    start, end, label = span
    match = _ORG_PREFIX.search(text, max(0, start - 40), start)
    if match is None or match.group("article") and (label != "ORG" or " " in text[start:end]):
        return span
    return match.start(), end, "ORG"


_ARMY_OF = re.compile(r"(?:(?<=[\s'’])|^)armée\s+(?:de\s+l['’]\s*|de\s+|du\s+)$")


def _extend_to_army(text: str, span: tuple[int, int, str], gazetteer: Gazetteer) -> tuple[int, int, str]:
    """`armée de` + `Réserve` -> `armée de Réserve` (ORG): an army named by a word that is no place
    is an organisation (`l'armée du Mali` stays the army of a place, `Mali`)."""
    start, end, _label = span
    match = _ARMY_OF.search(text, max(0, start - 20), start)
    name = text[start:end].strip()
    if match is None or " " in name or gazetteer.lookup(name) is not None:
        return span
    return match.start(), end, "ORG"


_LOWER_WORDS_THEN_ACRONYM = re.compile(
    r"\s+[a-zà-ÿ][\w-]*(?:\s+[\w-]+|(?:\s+[a-zà-ÿ'’][\w'’-]*){2})?(?=\s*\([A-Z][A-Za-z0-9&-]{1,9}\))")
_WORDS_THEN_ACRONYM = re.compile(r"((?:[ \t]+[\w'’-]+){1,8}?)\s*\(([A-Z][A-Za-z0-9&-]{1,9})\)")
"""Words, then a bracketed acronym, after a name: the name goes on to the acronym when the
initials of the whole spell it (checked by the caller)."""
_ADJECTIVE = re.compile(
    r"\s+[a-zà-ÿ][\w-]*(?:el|elle|els|al|ale|aux|ales|iste|istes|ique|iques|aire|aires|ien|ienne|"
    r"iens|ais|aise|ain|aine|ois|oise|if|ive|eme|ême|eur|rice|nel|nelle)\b")


def _extend_right(text: str, span: tuple[int, int, str], gazetteer: Gazetteer | None = None
                  ) -> tuple[int, int, str]:
    """`La France` + ` insoumise (LFI)`; `Conseil` + ` constitutionnel`: names the model cut short.
    Not before a place in parentheses: `X de Y (Nord)` places Y, it names no organisation."""
    start, end, label = span
    match = _LOWER_WORDS_THEN_ACRONYM.match(text, end)
    if match and label in ("LOC", "ORG", "MISC") and not _is_place_in_parentheses(text, match.end(), gazetteer):
        return start, match.end(), "ORG"
    spelled = _WORDS_THEN_ACRONYM.match(text, end) if label in ("ORG", "MISC") else None
    if spelled and initials(text[start:spelled.end(1)]).upper() == spelled.group(2).upper():
        return start, spelled.end(1), "ORG"  # `Communauté Economique` + ` et Monétaire de l'Afrique (CEMA)`
    words = text[start:end].split()
    if len(words) == 1 and (label == "ORG" or fold(words[0]) in ORG_HEADS):
        while (adjective := _ADJECTIVE.match(text, end)) is not None:
            end = adjective.end()
    return start, end, label


_IN_PARENTHESES = re.compile(r"\s*\(([^()]{2,40})\)")


def _is_place_in_parentheses(text: str, offset: int, gazetteer: Gazetteer | None) -> bool:
    match = _IN_PARENTHESES.match(text, offset)
    word = match.group(1) if match else ""
    return gazetteer is not None and not word.isupper() and gazetteer.lookup(word) is not None


_CHANNEL_NUMBER = re.compile(
    r" (\d{1,2})(?![\w%/°'’-]|[,.:]\d|\s*(?:[-–à]\s*\d|points?\b|buts?\b|fois\b|ans?\b|mois\b|jours?\b"
    r"|heures?\b|millions?\b|milliards?\b|mille\b|sur\s+\d))")
_LAST_WORD = re.compile(r"[A-ZÀ-Ý][\w-]*$")


def _take_channel_number(text: str, span: tuple[int, int, str], gazetteer: Gazetteer
                         ) -> tuple[int, int, str]:
    """`invité de France` + ` 2`, `sur Europe` + ` 1`: a place's name and a small number
    are a television or radio channel (an organisation), no longer the place."""
    start, end, label = span
    number = _CHANNEL_NUMBER.match(text, end)
    word = _LAST_WORD.search(text, start, end) if number else None
    if word is None or label not in ("LOC", "ORG", "MISC") or not _is_known_place(word.group(), gazetteer):
        return span
    return word.start(), number.end(), "ORG"


def _is_known_place(name: str, gazetteer: Gazetteer) -> bool:
    return gazetteer.country(name) is not None or gazetteer.lookup(name) is not None


_ACRONYM_CHAIN = re.compile(r"[A-Z][A-Za-z]*[A-Z](?:-[A-Z][A-Za-z]*[A-Z]){2,}")


def _split_acronym_chain(text: str, span: tuple[int, int, str]) -> list[tuple[int, int, str]]:
    """`l'intersyndicale ABC-DEF-GHI`: three or more acronyms joined by hyphens are a list of
    organisations, one span each (two may be one name: `ABC-DEF`, a member of a federation)."""
    start, end, label = span
    chain = _ACRONYM_CHAIN.fullmatch(text, start, end) if label != "USER" else None
    if chain is None:
        return [span]
    parts, offset = [], start
    for part in text[start:end].split("-"):
        parts.append((offset, offset + len(part), "ORG"))
        offset += len(part) + 1
    return parts


_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _person_after_portfolio(text: str, span: tuple[int, int, str], gazetteer: Gazetteer
                            ) -> tuple[int, int, str]:
    """`le ministre de l'` + `Economie Jean Dupont`, `secrétaire d'Etat aux` + `Transports
    Jean Dupont`: the model took the portfolio into the minister's name; the span is the
    person from the first name on (the portfolio names no entity)."""
    start, end, label = span
    if label == "USER" or not follows_minister_title(text[max(0, start - 60):start]):
        return span
    words = list(_NAME_WORD.finditer(text, start, end))
    for index, word in enumerate(words[1:-1], start=1):
        if not (word.group()[0].isupper() and gazetteer.is_first_name(word.group().split("-")[0])):
            continue
        portfolio = words[:index]
        if all(fold(w.group()) in PORTFOLIOS or w.group()[0].islower() for w in portfolio) \
                and words[index + 1].group()[0].isupper():
            return word.start(), end, "PER"
        return span
    return span


_OF_PLACE = re.compile(r"\s+(?:de |d')(?=[A-ZÀ-Ý])")


def _split_person_of_country(text: str, span: tuple[int, int, str], gazetteer: Gazetteer
                             ) -> list[tuple[int, int, str]]:
    """`Abdallah II de Jordanie` -> person `Abdallah II` and place `Jordanie`."""
    start, end, label = span
    match = _OF_PLACE.search(text, start, end) if label == "PER" else None
    if match is None or not gazetteer.country(text[match.end():end]):
        return [span]
    return [(start, match.start(), "PER"), (match.end(), end, "LOC")]


_ACRONYM_THEN_NAME = re.compile(r"([A-Z]{2,6})\s+(?=[A-ZÀ-Ý][a-zà-ÿ])")


def _split_party_before_person(text: str, span: tuple[int, int, str], gazetteer: Gazetteer
                               ) -> list[tuple[int, int, str]]:
    """`le député ABC Jeanne Zorbe` read as one person -> organisation `ABC` and person
    `Jeanne Zorbe`: an acronym never opens a person's name (`le sénateur ABC`'s party);
    only when a first name follows it."""
    start, end, label = span
    match = _ACRONYM_THEN_NAME.match(text, start, end) if label in ("PER", "LOC", "MISC") else None
    if match is None or not gazetteer.is_first_name(words_of(text[match.end():end])[0]):
        return [span]
    return [(start, match.end(1), "ORG"), (match.end(), end, "PER")]


_TOLD_TO = re.compile(r"(?:\bà\s+l['’]|\bà\s+|\bau\s+)$")


def _split_medium_before_person(text: str, span: tuple[int, int, str], gazetteer: Gazetteer
                                ) -> list[tuple[int, int, str]]:
    """`a expliqué à l'Agence Xyz-Presse Jeanne Zorbe, qui …` read as one name -> the medium
    told, and the person who told it: after `à l'` / `au`, a name of two words or more ending
    on a capital, then a first name and one more word."""
    start, end, label = span
    words = list(re.finditer(r"\S+", text[start:end]))
    if label == "PER" or len(words) < 4 or not _TOLD_TO.search(text[max(0, start - 6):start]):
        return [span]
    first, left_end = words[-2], start + words[-3].end()
    if not gazetteer.is_first_name(first.group()) or not words[-3].group()[:1].isupper():
        return [span]
    return [(start, left_end, "ORG"), (start + first.start(), end, "PER")]


_PAIR_OF_ORGS = re.compile(r"^(?P<one>[A-ZÀ-Ý][\w-]+) et (?P<two>[A-ZÀ-Ý][\w-]+)$")


def _split_pair_of_orgs(text: str, span: tuple[int, int, str]) -> list[tuple[int, int, str]]:
    """`Xyzaires et ABC` read as one organisation: two one-word names joined by `et`, one of
    them an acronym, are two organisations (a name's own `et` joins common words)."""
    start, end, label = span
    match = _PAIR_OF_ORGS.match(text[start:end]) if label in ("ORG", "MISC") else None
    if match is None or not (match.group("one").isupper() or match.group("two").isupper()):
        return [span]
    return [(start, start + match.end("one"), label), (start + match.start("two"), end, label)]


_HYPHENATED = re.compile(r"[A-ZÀ-Ý][\w']*(?:-[A-ZÀ-Ý][\w']*)+")


def _split_fixture(text: str, span: tuple[int, int, str], gazetteer: Gazetteer
                   ) -> list[tuple[int, int, str]]:
    """`le match France-Allemagne`, `Lyon-Marseille`, `les relations Chine-Etats-Unis`: two
    countries or big cities joined by a hyphen are two places (not when the whole is one)."""
    start, end, label = span
    word = _HYPHENATED.search(text, start, end)
    if word is None or _is_big_place(word.group(), gazetteer) or gazetteer.city_candidates(word.group())[1]:
        return [span]  # `Saint-Martin-Boulogne`: a commune's own compound name, of any size
    for hyphen in (m.start() for m in re.finditer("-", word.group())):
        left, right = word.group()[:hyphen], word.group()[hyphen + 1:]
        if _is_big_place(left, gazetteer) and _is_big_place(right, gazetteer):
            middle = word.start() + hyphen
            return [_left_side(text, (start, middle, label), word.start()),
                    (middle + 1, word.end(), "LOC")]
    return [span]


def _left_side(text: str, span: tuple[int, int, str], place_start: int) -> tuple[int, int, str]:
    """`Real Madrid-Barcelone`: capitalised words before the first place are its team's
    name (the span's label); else the left side is the place alone."""
    start, end, label = span
    before = text[start:place_start].split()
    if before and all(word[0].isupper() for word in before):
        return start, end, label
    return place_start, end, "LOC"


def _is_big_place(name: str, gazetteer: Gazetteer) -> bool:
    if gazetteer.country(name) is not None:
        return True
    city = gazetteer.city(name)
    return city is not None and (city.capital or city.population >= CONTEXT_CITY_POPULATION)


def _strip_demonym(cleaned: Cleaned | None, text: str, gazetteer: Gazetteer) -> Cleaned | None:
    """`Suédois Ruben Östlund` -> `Ruben Östlund`."""
    if cleaned is None or " " not in cleaned.text:
        return cleaned
    first, rest = cleaned.text.split(" ", 1)
    if rest[:1].isupper() and demonym_country(first, gazetteer) is not None:
        return clean_span(text, cleaned.end - len(rest), cleaned.end)
    return cleaned


def _is_quoted_term(text: str, cleaned: Cleaned) -> bool:
    """`l'affaire dite « X »`: a name in quotes on its own is a nickname, not an entity;
    `« Xa, Xb »`, `« Xa Forever »`: in a short quote of capitalised words only, a title."""
    if (text[max(0, cleaned.start - 2):cleaned.start].strip() == "«"
            and text[cleaned.end:cleaned.end + 2].strip() == "»"):
        return True
    opening = text.rfind("«", max(0, cleaned.start - _TITLE_MAX), cleaned.start)
    closing = text.find("»", cleaned.end, cleaned.end + _TITLE_MAX)
    if opening < 0 or closing < 0 or "»" in text[opening:cleaned.start]:
        return False
    words = _TITLE_WORD.findall(text[opening + 1:closing])
    return 1 < len(words) <= 4 and all(word[0].isupper() for word in words) \
        and "\n" not in text[opening:closing]


_SLOGAN_MIN_WORDS = 4
_OPENING_MARK = re.compile(r"(?:^|(?P<before>[\w-]+)\s*:?)\s*[«\"]\s*$")


def _is_quoted_slogan(text: str, cleaned: Cleaned) -> bool:
    """`une banderole : "Xxx pour les yyy du zzz"`: a whole quotation of lower-case words
    after its first is a slogan, a headline or a title, no organisation; unless a word of
    organisation announces it (`l'association « Xxx pas à mon yyy »`)."""
    words = _TITLE_WORD.findall(cleaned.text)
    if len(words) < _SLOGAN_MIN_WORDS or any(word[0].isupper() for word in words[1:]):
        return False
    opening = _OPENING_MARK.search(text, max(0, cleaned.start - 40), cleaned.start)
    if opening is None or text[cleaned.end:cleaned.end + 2].strip()[:1] not in ("»", '"'):
        return False
    before = fold(opening.group("before") or "")
    return before not in ORG_HEADS and before not in ORG_TITLES


_TITLE_MAX = 40
"""Characters from a name to the quote marks around a title (`« Xa, Xb »`)."""
_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]*")


_METADATA_LINE = re.compile(
    r"^\s*(?:(?:[A-Z][\w'-]*\s+){0,3}[Aa]vec\s+(?:[A-Z]{2,}|Reuters|Bloomberg)(?:\s+et\s+[A-Z]\w+)?"
    r"|Lire (?:aussi|notre|le|la|les)\b.*|(?:Par|Propos recueillis par)(?:\s+[A-Z][\w'-]*){1,4}"
    r"|(?:(?i:sources?|auteurs?|cr[ée]dits?(?: photos?)?)\s*:|©)(?:\s*[\w'.,/-]+){1,6}"
    r"|\((?:[A-ZÀ-Ý][\w'-]+\s+){1,3}avec\s+[A-ZÀ-Ý][^()\n]*\)|[A-Za-z]{2,6}(?:/[A-Za-z]{2,6})+"
    r"|\([^()\n]*\b(?:édité par|rédigé par|pour le service français|version française)\b[^()\n]*\))\s*$")
"""Whole lines that are metadata: `Le Journal avec AGENCE` signatures, `Lire aussi | …` links,
`Par Firstname Lastname` bylines, `Source : AGENCE`, `Auteur : X` and `© X / AGENCE` credit lines
(a medium named there is cited by no sentence: it is the copy's origin), and a wire's sign-off
in brackets (`(Jeanne Zorbe avec Marc Abel à Rome; édité par …)`) or in slashed codes (`AFP/ABC`)."""


_INLINE_CREDIT = re.compile(
    r"(?:(?<=[.!?])\s+|^)((?:Photo|Crédit photo|Crédit)\s*:\s*[\w'.,-]+(?:\s+[\w'.,-]+){0,4})\s*$"
    r"|^[A-ZÀ-Ý][\w'’ -]{1,40}(?:,[^()\n]{1,30})?\s*(\((?:AFP|Reuters|AP|ANSA|DPA|Belga|ATS|APA|MAP)\))\s*[-–—]"
    r"|((?<![\w-])[A-ZÀ-Ý][A-ZÀ-Ý'-]+(?:\s+[A-ZÀ-Ý][A-ZÀ-Ý'-]+)+\s+/\s+[A-Z][A-Za-z]{1,7})(?![\w-])",
    re.MULTILINE)
"""A caption's trailing `Photo : AGENCE`, a dateline's agency (`VILLE, 3 mai (AGENCE) -`) and a
photographer's credit left inside a line (`JEANNE ZORBE / AGENCE Le ministre …`): the copy's
origin, not an entity of its text (the dateline's place stays)."""


def credit_zones(text: str) -> list[tuple[int, int]]:
    """`… le 3 septembre. / FIRSTNAME LASTNAME / AGENCY` at a line end, signature and
    `Lire aussi` lines: metadata, not the article's entities."""
    zones = []
    offset = 0
    for line in text.splitlines(keepends=True):
        if _METADATA_LINE.match(line.rstrip("\n")):
            zones.append((offset, offset + len(line)))
            offset += len(line)
            continue
        parts = line.rstrip().split(" / ")
        kept = 0
        for part in reversed(parts[1:]):
            if len(part.split()) > _CREDIT_SEGMENT_WORDS or not part.strip():
                break
            kept += 1
        line_end = offset + len(" / ".join(parts[:len(parts) - kept])) if kept else offset + len(line)
        for match in _INLINE_CREDIT.finditer(line):
            if offset + match.start(match.lastindex) < line_end:
                zones.append((offset + match.start(match.lastindex), offset + match.end(match.lastindex)))
        if kept:
            zones.append((line_end, offset + len(line)))
        offset += len(line)
    return sorted(zones)


def _type_all(cleaned: list[tuple[Cleaned, str]], prepared: PreparedText,
              sentences: list[tuple[int, int]], context: ExtractionContext) -> list[_Item]:
    text = prepared.normalized
    countries = _countries_mentioned(cleaned, context.gazetteer)
    events = _event_acronyms(cleaned, text)
    items, works = [], set()
    for span, label in cleaned:
        if span.text in events:
            continue
        sentence = _sentence_of(span.start, sentences)
        first = sentences[sentence][0] if sentences else 0
        if _names_a_work(span, label, text[first:span.start]):
            works.add(fold(span.text))
        if _names_a_ship(text[first:span.start], text[span.end:span.end + 40]):
            works.add(fold(span.text))
        if label != "PER" and _WORK_APPOSITION.match(text, span.end):
            works.add(fold(span.text))  # `X, son quatrième album`
        is_start = _is_sentence_start(text, first, span.start)
        if label != "USER" and is_noise(span, text, is_sentence_start=is_start,
                                         gazetteer=context.gazetteer):
            continue
        if is_start and _is_lone_rubric(span, label, text, context.gazetteer):
            continue
        around = SpanContext(text[first:span.start], text[span.end:span.end + 80],
                             label, span.hint, countries)
        name = prepared.original_slice(span.start, span.end)
        typing = type_span(name, around, context.gazetteer, context.user_index)
        if typing is not None and slugify(typing.name) not in context.stop_list:
            items.append(_Item(span, typing, sentence))
    items = [item for item in items if fold(item.cleaned.text) not in works]  # `le juré de X`
    return _read_places_together(items, text, context.gazetteer, countries)


_RUBRIC_END = re.compile(r"[ \t]*(?::|\.(?:[ \t]|$))", re.MULTILINE)


def _is_lone_rubric(span: Cleaned, label: str, text: str, gazetteer: Gazetteer) -> bool:
    """`Archives : …`, `Contre-attaque. …`: one word opening a line before a colon or a full
    stop, which the text never writes again, is a rubric or a lede's word, no organisation
    (a company a headline names so, `Xyz : …`, the body names again)."""
    if label not in ("ORG", "MISC") or " " in span.text or not _starts_line(text, span.start):
        return False
    if any(char.isupper() for char in span.text[1:]):
        return False  # `ABC : …`, `XyZ : …`: an acronym or a brand's spelling names someone
    if _RUBRIC_END.match(text, span.end) is None or gazetteer.lookup(span.text) is not None:
        return False
    pattern = r"(?<![\w-])" + re.escape(span.text) + r"(?![\w-])"
    return len(re.findall(pattern, text, flags=re.IGNORECASE)) == 1


def _starts_line(text: str, offset: int) -> bool:
    return text[text.rfind("\n", 0, offset) + 1:offset].strip(" \t#*>-–—«»\"'(") == ""


_OF_AT_END = re.compile(r"\b(?:de|du|des|d['’])\s*$")


def _names_a_work(span: Cleaned, label: str, left: str) -> bool:
    """`les émissions Xa Yb et Zc Wd`: a name of several words right after a work's head
    (or listed after it) is the work's title, wherever the article repeats it; not one
    after `de` (`l'émission de Radio X`: who makes the work)."""
    return (" " in span.text and label != "PER" and _OF_AT_END.search(left) is None
            and follows_non_entity_head(left))


_WORK_APPOSITION = re.compile(
    r"\s*,\s*(?:son|sa|leur|le|un)\s+(?:[\w-]+\s+){0,2}?(?:album|disque|roman|film|livre|single|"
    r"opus|documentaire|spectacle|essai|tube|morceau)\b")
"""`X, son quatrième album`, `X, le nouveau film de …`: a work's title, no page."""
_SHIP_AFTER = re.compile(r"^\s*[,(]?\s*(?:battant|sous)\s+pavillon\b|^\s*,\s*(?:un|le)\s+(?:navire|bateau|"
                         r"porte-conteneurs|paquebot|cargo|pétrolier|chalutier|voilier|ferry)\b")
_SHIP_BEFORE = re.compile(r"\bà\s+bord\s+(?:du|de\s+l['’]|de\s+la)\s*$")


def _names_a_ship(left: str, right: str) -> bool:
    """`le porte-conteneurs X`, `X, battant pavillon danois`, `X, un navire de …`, `à bord du
    X`: a ship's name, one or several words, is no page wherever the article repeats it."""
    if _NAME_GOES_ON.match(right):
        return False  # `le porte-conteneurs ABC Xyz` cut to `ABC`: the owner's name, not the ship's
    words = words_of(left[-30:])
    if words and words[-1][0].islower() and fold(words[-1]) in VESSEL_HEADS:
        return True
    return _SHIP_AFTER.match(right) is not None or _SHIP_BEFORE.search(left) is not None


_NAME_GOES_ON = re.compile(r"[ \t]+[A-ZÀ-Ý]")


def _event_acronyms(cleaned: list[tuple[Cleaned, str]], text: str) -> frozenset[str]:
    """`Coupe d'Afrique des nations (CAN)`, `ACR (Congrès de X)`: an event's acronym names
    the event, no organisation."""
    found = set()
    for span, _ in cleaned:
        after = _ACRONYM_AFTER.match(text, span.end)
        if after and is_event_name(span.text):
            found.add(after.group(1))
        inside = _ACRONYM_OPENING.search(text, max(0, span.start - 14), span.start)
        if inside and is_event_name(span.text):
            found.add(inside.group(1))
    return frozenset(found)


_ACRONYM_OPENING = re.compile(r"\b([A-Z][A-Z0-9&]{1,9})\s*\(\s*$")


def _countries_mentioned(cleaned: list[tuple[Cleaned, str]], gazetteer: Gazetteer) -> frozenset[str]:
    """The countries the article names, or in which it names a subdivision (`Floride`) or a
    capital or a city of CONTEXT_CITY_POPULATION people: the context of ambiguous places."""
    codes = set()
    for span, _ in cleaned:
        place = gazetteer.country(span.text) or gazetteer.region(span.text)
        if place is None:
            city = gazetteer.city(span.text)
            place = city if city and (city.capital or city.population >= CONTEXT_CITY_POPULATION) else None
        if place is not None and place.geo is not None:
            codes.add(place.geo.country_code)
    return frozenset(codes)


CONTEXT_CITY_POPULATION = 100_000


def _read_places_together(items: list[_Item], text: str, gazetteer: Gazetteer,
                          countries: frozenset[str]) -> list[_Item]:
    """Items read against the whole article: a subdivision named after `à` is its city of the
    same name; a place name that is the surname of a person it names is that person; a small
    place far from its other places takes the story's centre when it has one (a quarter of
    that city), else loses its point; a street gets its city's point."""
    mentions = [(text[max(0, item.cleaned.start - 12):item.cleaned.start], item.cleaned.text, item.typing)
                for item in items]
    cities = cities_named_with_a(mentions, gazetteer, countries)
    cities.update(places_near_the_others(mentions, gazetteer, countries))
    cities.update(regions_by_part_of_country(
        [(left, text[item.cleaned.end:item.cleaned.end + 60], typing)
         for (left, _text, typing), item in zip(mentions, items, strict=True)], gazetteer))
    items = [replace(item, typing=cities[index]) if index in cities else item
             for index, item in enumerate(items)]
    typings = [item.typing for item in items]
    persons = surnames_read_as_places(mentions, gazetteer)
    far = outlying_places(typings, gazetteer, countries)
    abroad = compass_regions_abroad(typings)
    centre = story_centre(typings, gazetteer, countries) if far else None
    streets = streets_in_cities([(item.sentence, item.cleaned.start,
                                  text[max(0, item.cleaned.start - 3):item.cleaned.start], item.typing)
                                 for item in items], _capital(gazetteer), text)
    if not persons and not far and not streets and not abroad:
        return items
    read = []
    for index, item in enumerate(items):
        if index in persons:
            item = replace(item, typing=Typing("PER", "person", item.cleaned.text))
        elif fold(item.typing.name) in abroad:
            item = replace(item, typing=replace(item.typing, geo=None))
        elif fold(item.typing.name) in far:
            item = replace(item, typing=replace(item.typing, geo=centre))
        elif index in streets:
            item = replace(item, typing=replace(item.typing, geo=streets[index]))
        read.append(item)
    return read


def _capital(gazetteer: Gazetteer) -> Geo | None:
    """The point of the home country's capital (a country's point is its capital's), where
    the venues of a story naming no city are."""
    country = gazetteer.country_by_code.get(HOME_COUNTRY)
    return country.geo if country is not None else None


def _sentence_of(offset: int, sentences: list[tuple[int, int]]) -> int:
    """Index of the sentence holding `offset` (the last one when none does); `sentences`
    are sorted and disjoint, as spaCy gives them."""
    index = bisect.bisect_right(sentences, (offset, _AFTER_ANY_END)) - 1
    if 0 <= index < len(sentences) and offset < sentences[index][1]:
        return index
    return max(len(sentences) - 1, 0)


_AFTER_ANY_END = float("inf")


def _is_sentence_start(text: str, sentence_start: int, offset: int) -> bool:
    line_start = text.rfind("\n", 0, offset) + 1
    return all(char in _JUNK for char in text[max(sentence_start, line_start):offset])


def _link_variants(items: list[_Item], text: str) -> list[_Item]:
    """Surname-only and particle variants -> the person's full name; acronyms -> long names;
    a first name alone or a person's initials -> the person; `Monde` -> `Le Monde`."""
    items = _vote_types(items)
    persons = {i.typing.name for i in items if i.typing.label == "PER" and not i.typing.user}
    full_names = _index_full_names(persons)
    orgs = {i.typing.name for i in items if i.typing.label == "ORG" and not i.typing.user}
    acronyms = _acronyms(items, text, orgs)
    first_seen: dict[str, int] = {}
    for item in items:
        first_seen.setdefault(item.typing.name, item.cleaned.start)
    variants = _Variants(_unique(persons, _first_word, min_words=2),
                         _unique(persons, initials, min_words=2),
                         _org_short_forms(orgs), first_seen, _site_short_forms(items))
    linked = []
    for item in items:
        typing = item.typing
        if typing.user is None and typing.subkind != "country":
            typing = (_as_org_without_article(typing, orgs) or _as_full_name(typing, full_names)
                      or _as_acronym(typing, acronyms)
                      or _as_variant(typing, item.cleaned.start, variants) or typing)
        linked.append(_Item(item.cleaned, typing, item.sentence))
    linked = _split_fixtures_of_orgs(_complete_cut_orgs(linked, text), text)
    return _unify_spellings(_add_orgs_named_after_persons(_drop_place_before_org(linked), text))


_FIXTURE = re.compile(r"^(?P<home>[A-ZÀ-Ý][\w.' ]*?[\w.])-(?P<away>[A-ZÀ-Ý][\w.' ]*)$")


_MATCH_BEFORE = re.compile(r"\b(?:match|rencontre|choc|derby|finale|lors du|lors de la)\s+(?:(?:le|la|du|de la)\s+)?$",
                           re.IGNORECASE)
_MATCH_AFTER = re.compile(r"\s*(?:\(\d+\s*-\s*\d+\)|:)")


def _is_a_match(item: _Item, text: str) -> bool:
    """`le match X-Y`, `lors du X-Y`, `X-Y (3-0)`, a headline's `X-Y : …`: a fixture, not a
    merged company's name (`Abc-Def` the group, whose two parts the article also names)."""
    start, end = item.cleaned.start, item.cleaned.end
    if _MATCH_BEFORE.search(text[max(0, start - 30):start]):
        return True
    after = _MATCH_AFTER.match(text, end)
    return after is not None and (after.group().strip() != ":" or _starts_line(text, start))


def _split_fixtures_of_orgs(items: list[_Item], text: str) -> list[_Item]:
    """`le match ABC-Xyz Town`, `Xyz-ABC : …`: two organisations joined by a hyphen in a
    fixture, one of them named alone in the article: each side is its own organisation (not
    a name of acronyms only, `ABC-DEF`, one union's, nor of three, `Abc-Def-Ghi`)."""
    orgs = {fold(i.typing.name) for i in items if i.typing.label == "ORG"}
    result = []
    for item in items:
        name = item.typing.name
        is_pair = item.typing.label == "ORG" and name.count("-") == 1 and _is_a_match(item, text)
        match = _FIXTURE.match(name) if is_pair else None
        sides = (match.group("home"), match.group("away")) if match else ()
        if not sides or all(side.isupper() for side in sides) or not orgs & {fold(s) for s in sides}:
            result.append(item)
            continue
        start, cut = item.cleaned.start, item.cleaned.start + match.end("home")
        for side_start, side in ((start, sides[0]), (cut + 1, sides[1])):
            cleaned = Cleaned(side_start, side_start + len(side), side)
            result.append(_Item(cleaned, Typing("ORG", "organisation", side), item.sentence))
    return result


def _complete_cut_orgs(items: list[_Item], text: str) -> list[_Item]:
    """`ALLIANCE Xyz Abc` cut to `Xyz Abc` where the article also writes `Alliance Xyz Abc`:
    an organisation's name whose words, read with the words right before it (case aside),
    spell a longer organisation of the article is that organisation."""
    longer = sorted({i.typing.name for i in items if i.typing.label == "ORG"}, key=len, reverse=True)
    by_words = {name: tuple(fold(word) for word in words_of(name)) for name in longer}
    result = []
    for item in items:
        if item.typing.label == "ORG" and item.typing.user is None:
            item = _as_cut_org(item, text, by_words) or item
        result.append(item)
    return result


def _as_cut_org(item: _Item, text: str, by_words: dict[str, tuple[str, ...]]) -> _Item | None:
    own = by_words.get(item.typing.name) or tuple(fold(w) for w in words_of(item.typing.name))
    before = tuple(fold(word) for word in words_of(text[max(0, item.cleaned.start - 60):item.cleaned.start]))
    for name, words in by_words.items():
        cut = len(words) - len(own)
        if 0 < cut <= len(before) and words[cut:] == own and before[-cut:] == words[:cut]:
            return replace(item, typing=Typing("ORG", "organisation", name))
    return None


def _as_org_without_article(typing: Typing, orgs: set[str]) -> Typing | None:
    """`« La Xyz a constaté`, typed a place or a person, where the article names the
    organisation `Xyz`: a sentence's capitalised article kept before it (`Le Monde`, an
    organisation's own article, stays: it is typed ORG)."""
    bare = _TITLE_ARTICLE.sub("", typing.name)
    if typing.label == "ORG" or typing.geo is not None or bare == typing.name or bare not in orgs:
        return None  # `Le Havre`, a known place, stays one beside a club `Havre`
    return Typing("ORG", "organisation", bare)


def _drop_place_before_org(items: list[_Item]) -> list[_Item]:
    """`l'institut de Ville Xyzco` … `Xyzco`: an organisation's name preceded by the name of
    a place of the article is the organisation itself (the model took the place in)."""
    orgs = {item.typing.name for item in items if item.typing.label == "ORG"}
    places = {fold(item.typing.name) for item in items if item.typing.label == "LOC"}
    result = []
    for item in items:
        first, _, rest = item.typing.name.partition(" ")
        if item.typing.label == "ORG" and rest in orgs and fold(first) in places:
            item = replace(item, typing=Typing("ORG", "organisation", rest))
        result.append(item)
    return result


_HEAD_BEFORE_PERSON = re.compile(r"(?<![\w-])(comité|collectif|fondation|association|institut)\s+$")


def _add_orgs_named_after_persons(items: list[_Item], text: str) -> list[_Item]:
    """`le comité Jean Dupont`: a lower-case organisation head right before a person's name
    names an organisation after the person (`comité X`, `fondation X`); both are kept."""
    result = []
    for item in items:
        head = (_HEAD_BEFORE_PERSON.search(text, max(0, item.cleaned.start - 14), item.cleaned.start)
                if item.typing.label == "PER" and item.typing.user is None else None)
        if head is not None:
            cleaned = Cleaned(head.start(), item.cleaned.end, text[head.start():item.cleaned.end])
            name = f"{head.group(1)} {item.typing.name}"
            result.append(_Item(cleaned, Typing("ORG", "organisation", name), item.sentence))
        result.append(item)
    return result


def _vote_types(items: list[_Item]) -> list[_Item]:
    """One name, one type in an article: a company typed LOC once and ORG three times is
    ORG everywhere. When the mentions a rule typed (not the model's label alone) agree,
    their type wins (`le fabricant X` over three bare `X` the model calls a person); else
    the majority of mentions wins; ties go to the first mention's type."""
    by_name: dict[str, list[_Item]] = {}
    for item in items:
        if item.typing.user is None:
            by_name.setdefault(fold(item.typing.name), []).append(item)
    winners = {}
    for key, group in by_name.items():
        labels = Counter(i.typing.label for i in group)
        by_rules = {i.typing.label for i in group if not i.typing.by_model_only}
        if len(labels) > 1 and len(by_rules) == 1:
            label = next(iter(by_rules))
            winners[key] = next(i.typing for i in group if i.typing.label == label)
        elif len(labels) > 1:
            label = max(labels, key=lambda lab: (labels[lab], -_first_index(group, lab)))
            winners[key] = next(i.typing for i in group if i.typing.label == label)
    if not winners:
        return items
    return [_Item(i.cleaned, winners.get(fold(i.typing.name), i.typing), i.sentence)
            if i.typing.user is None else i for i in items]


def _first_index(group: list[_Item], label: str) -> int:
    return next(index for index, item in enumerate(group) if item.typing.label == label)


@dataclass(frozen=True)
class _Variants:
    """Short forms of an article's names, each known to stand for one name only."""

    by_first_name: dict[str, str]
    """Folded first name -> the one full person name starting with it (`Marie`)."""
    by_initials: dict[str, str]
    """Initials -> the one full person name with them (`JMD` -> `Jean-Marc Dupont`)."""
    org_short: dict[str, str]
    """Folded short form -> organisation: `Monde` (`Le Monde`), `Police` (`Police
    nationale`), `OIT` (`Organisation internationale du travail`)."""
    first_seen: dict[str, int]
    """Name -> offset of its first mention."""
    site_short: dict[str, Typing]
    """Folded name -> the one site named after it: `X` (`château du X`, `stade X`)."""


def _first_word(name: str) -> str:
    core = _core(name)
    return core[0] if core else ""


def _unique(names: set[str], key, *, min_words: int) -> dict[str, str]:
    """key(name) -> name, for the keys exactly one name of `min_words` core words has."""
    found: dict[str, set[str]] = {}
    for name in names:
        if len(_core(name)) >= min_words and (value := key(name)):
            found.setdefault(value, set()).add(name)
    return {value: next(iter(group)) for value, group in found.items() if len(group) == 1}


_TITLE_ARTICLE = re.compile(r"^(?:Le|La|Les|L')\s*(?=[A-ZÀ-Ý])")


_GENERIC_NAME_TAILS = frozenset("international internationale internationalis group groupe holding".split())
"""Second words an organisation's name drops in its short form (`Xyz International` -> `Xyz`)."""
_PREPOSITIONS_OF = frozenset("de du des d'".split())
_HEADS_NAMED_AFTER = frozenset("fondation comite collectif association institut".split())
"""Heads of organisations named after a person (`Fondation Jeanne Zorbe`), which the text
also calls by the surname alone (`Fondation Zorbe`)."""


def _are_capitalised(words: list[str]) -> bool:
    return all(word[:1].isupper() for word in words)


_NAME_BEFORE_OF_A_NAME = re.compile(
    r"^(?P<short>[A-ZÀ-Ý][\w-]*(?:\s+[\w'-]+)*?\s+[a-zà-ÿ][\w-]*)"
    r"\s+(?:de la |de l'|de l’|du |des |de |d'|d’)[A-ZÀ-Ý]")
"""`Conseil de sécurité` + `de l'Onu`: a name ending in a lower-case word, then the name of
what it belongs to; the article also uses the first part alone."""


def _org_short_forms(orgs: set[str]) -> dict[str, str]:
    """`Le Monde` -> `monde`; `Police nationale` -> `police`; `Xyz International` -> `xyz`;
    `Conseil de sécurité de l'Onu` -> `conseil de sécurité`;
    `Fédération malgache de rugby` -> `fédération de rugby` (its adjective left out);
    `Organisation internationale du travail` -> `OIT`, `Parti socialiste` -> `PS`, `Les
    Indépendants` -> `LI` (its initials, with or without its article): short forms each of
    one organisation only."""
    found: dict[str, set[str]] = {}
    for name in orgs:
        words = name.split()
        forms = {fold(_TITLE_ARTICLE.sub("", name))} if _TITLE_ARTICLE.match(name) else set()
        if len(words) > 1 and all(word[0].islower() for word in words[1:]):
            forms.add(fold(words[0]))
        if len(words) == 2 and fold(words[1]) in _GENERIC_NAME_TAILS:
            forms.add(fold(words[0]))  # `Xyz International` -> `Xyz`
        if len(words) == 3 and fold(words[0]) in _HEADS_NAMED_AFTER and _are_capitalised(words[1:]):
            forms.add(fold(f"{words[0]} {words[2]}"))  # `Fondation Jeanne Zorbe` -> `Fondation Zorbe`
        if complement := _NAME_BEFORE_OF_A_NAME.match(name):
            forms.add(fold(complement.group("short")))  # `Conseil de sécurité` for `… de l'Onu`
        if len(words) > 3 and words[1][0].islower() and fold(words[2]) in _PREPOSITIONS_OF:
            forms.add(fold(" ".join(words[:1] + words[2:])))  # `Fédération de rugby` for `… malgache de rugby`
        if len(words) > 1:
            forms.update({fold(initials(name)), fold(_written_initials(name))})
        for form in forms - {fold(name), ""}:
            found.setdefault(form, set()).add(name)
    return {form: next(iter(group)) for form, group in found.items() if len(group) == 1}


def _written_initials(name: str) -> str:
    """First letters of the capitalised words of `name` (its article too) and of its lower-case
    words but function words: `Les Indépendants` -> `LI`, `La Gauche unie` -> `LGU`,
    `Europe Ecologie-Les Verts` -> `EELV` (initials() leaves articles out)."""
    parts = [part for word in re.findall(r"[^\W\d_][\w]*", name) for part in word.split("-") if part]
    return "".join(part[0].upper() for part in parts
                   if part[0].isupper() or fold(part) not in FUNCTION_WORDS)


_SITE_NAME = re.compile(r"^(?P<head>[^\W\d_][\w-]*)\s+(?:de la |de l'|du |des |de |d'|la |le |les |l')?"
                        r"(?P<name>[A-ZÀ-Ý].*)$")


_SITE_HEADS = frozenset(fold(head) for head in SITE_HEADS | BUILDING_HEADS)
"""Heads of built sites; not natural ones, whose names are often other places' too
(`mer du Nord` and `le Nord`, `lac de Genève` and `Genève`)."""


def _site_short_forms(items: list[_Item]) -> dict[str, Typing]:
    """`château du X`, `stade X`, `place de la X` -> `x`: the name a site is known by, when
    one site of the article has it."""
    found: dict[str, list[Typing]] = {}
    for item in items:
        match = _SITE_NAME.match(item.typing.name) if item.typing.label == "LOC" else None
        if match and fold(match.group("head")) in _SITE_HEADS:
            found.setdefault(fold(match.group("name")), []).append(item.typing)
    return {form: group[0] for form, group in found.items()
            if len({t.name for t in group}) == 1}  # the first mention's typing


def _as_variant(typing: Typing, start: int, variants: _Variants) -> Typing | None:
    """The one longer name a short form stands for (a first name only after the full
    name was given: `Marie Dupont … Marie`)."""
    name = typing.name
    site = variants.site_short.get(fold(name))
    if site is not None and typing.label == "LOC" and typing.geo is None:
        return site  # `au X` after `le château du X`
    org = variants.org_short.get(fold(name))
    if org is not None and typing.label in ("ORG", "LOC", "PER") and typing.geo is None:
        return Typing("ORG", "organisation", org)  # `Petit Journal` -> `Le Petit Journal` too
    if " " in name.strip():
        return None
    person = variants.by_first_name.get(fold(name))
    if person is not None and typing.label in ("PER", "LOC") and typing.geo is None \
            and start > variants.first_seen[person]:
        return Typing("PER", "person", person)
    person = variants.by_initials.get(name) if name.isupper() else None
    if person is not None and typing.label == "ORG":
        return Typing("PER", "person", person)
    return None


_ACRONYM_BEFORE_LONG = re.compile(r"\s*\(([^()\n]{5,120})\)")


def _acronyms(items: list[_Item], text: str, orgs: set[str]) -> dict[str, str]:
    """Folded acronym -> long name: `Long Name (ACR)`, and `ACR (Long Name)` when the
    long name is one of the article's organisations and its initials spell ACR."""
    places = {fold(i.typing.name) for i in items if i.typing.label == "LOC"
              and i.typing.subkind in ("city", "region", "country")}
    acronyms = {fold(m.group(1)): i.typing.name for i in items if i.typing.label == "ORG"
                for m in [_SHORT_FORM_AFTER.match(text, i.cleaned.end)]
                if m and fold(m.group(1)) not in places}  # `la mairie de X (Essonne)`: a known place
    for item in items:
        name = item.typing.name
        match = _ACRONYM_BEFORE_LONG.match(text, item.cleaned.end) if name.isupper() else None
        if match and match.group(1).strip() in orgs and _initials_fit(initials(match.group(1)), name):
            acronyms.setdefault(fold(name), match.group(1).strip())
    return acronyms


def _initials_fit(written: str, acronym: str) -> bool:
    """`CROSS (Centre régional de surveillance et de sauvetage)`: the initials of a long name
    in brackets after an acronym spell it, or miss one of its letters (a word the long name
    leaves out, `opérationnel`), the first letter the same."""
    if written == acronym:
        return True
    if len(acronym) - len(written) != 1 or not written or written[0] != acronym[0]:
        return False
    letters = iter(acronym)
    return all(letter in letters for letter in written)


@functools.lru_cache(maxsize=1 << 14)
def _core(name: str) -> tuple[str, ...]:
    """Folded words of a name without particles: `Bachar al-Assad` -> ('bachar', 'assad')."""
    from site_builder.enrich.entity_cues import NAME_PARTICLES

    return tuple(word for word in fold(name).split() if word not in NAME_PARTICLES)


@dataclass(frozen=True)
class _FullNames:
    """An article's person names, in the order variants are matched against them:
    most core words first, then alphabetical."""

    by_tail: dict[tuple[str, ...], str]
    """Last words of a core -> the first name whose core is longer and ends with them."""
    by_core: dict[tuple[str, ...], list[str]]
    """Core -> the names with exactly that core."""


def _index_full_names(names: set[str]) -> _FullNames:
    by_tail: dict[tuple[str, ...], str] = {}
    by_core: dict[tuple[str, ...], list[str]] = {}
    for name in sorted(names, key=lambda name: (-len(_core(name)), name)):
        core = _core(name)
        for length in range(1, len(core)):
            by_tail.setdefault(core[-length:], name)
        by_core.setdefault(core, []).append(name)
    return _FullNames(by_tail, by_core)


def _as_full_name(typing: Typing, full_names: _FullNames) -> Typing | None:
    """`Dupont` -> `Jean Dupont` (a longer name ending the same); `Jean  Dupont` -> the
    longest spelling of the same person."""
    core = _core(typing.name)
    if not core or typing.label == "LOC" and typing.geo is not None and len(core) > 1:
        return None
    longer = full_names.by_tail.get(core)
    if longer is not None:
        return Typing("PER", "person", longer)
    same = next((name for name in full_names.by_core.get(core, ()) if name != typing.name), None)
    if same is not None and typing.label == "PER":
        return Typing("PER", "person", max(same, typing.name, key=len))
    return None


def _as_acronym(typing: Typing, acronyms: dict[str, str]) -> Typing | None:
    long_name = acronyms.get(fold(typing.name))
    return Typing("ORG", "organisation", long_name) if long_name else None


def _unify_spellings(items: list[_Item]) -> list[_Item]:
    """`Etats-Unis` / `États-Unis`: one canonical spelling per slug (the first seen)."""
    first: dict[tuple[str, str], str] = {}
    result = []
    for item in items:
        key = (item.typing.label, slugify(item.typing.name))
        name = first.setdefault(key, item.typing.name)
        typing = item.typing
        if name != typing.name:
            typing = Typing(typing.label, typing.subkind, name, typing.geo, typing.user)
        result.append(_Item(item.cleaned, typing, item.sentence))
    return result


def _mention(item: _Item, prepared: PreparedText) -> Mention:
    start, end = prepared.to_original(item.cleaned.start, item.cleaned.end)
    return Mention(start=start, end=end, text=prepared.original[start:end],
                   label=item.typing.label, slug=_slug(item.typing), kind=_LABEL_KIND[item.typing.label])


def _slug(typing: Typing) -> str:
    return typing.user.slug if typing.user is not None else slugify(typing.name)


def _entities(items: list[_Item], prepared: PreparedText,
              roles: dict[str, tuple[str, ...]]) -> tuple[Entity, ...]:
    groups: dict[tuple[EntityKind, str], list[_Item]] = {}
    for item in items:
        groups.setdefault((_LABEL_KIND[item.typing.label], _slug(item.typing)), []).append(item)
    entities = [_entity(kind, slug, group, prepared, roles.get(slug, ()))
                for (kind, slug), group in groups.items()]
    return tuple(sorted(entities, key=lambda e: (e.kind.value, e.slug)))


def _entity(kind: EntityKind, slug: str, group: list[_Item], prepared: PreparedText,
            roles: tuple[str, ...]) -> Entity:
    typing = group[0].typing
    # A stripped head can hint `organisation` (`l'hôpital X`) while the gazetteer types the
    # name a region: only a place's subkind may name a place's kind.
    hinted = [i.cleaned.hint for i in group if i.cleaned.hint in PLACE_SUBKINDS]
    subkind = hinted[0] if hinted and kind is EntityKind.PLACE else Counter(
        i.typing.subkind for i in group).most_common(1)[0][0]
    surfaces = {prepared.original_slice(i.cleaned.start, i.cleaned.end) for i in group}
    geo = next((i.typing.geo for i in group if i.typing.geo is not None), None)
    name = typing.user.name if typing.user else typing.name
    return Entity(kind=kind, slug=slug, name=name, subkind=subkind,
                  aliases=tuple(sorted(s for s in surfaces if s != name)),
                  roles=roles, geo=geo)


def _quote(quote: QuoteSpan, prepared: PreparedText) -> Quote:
    start, end = prepared.to_original(quote.start, quote.end)
    sentence_start, sentence_end = prepared.to_original(quote.sentence_start, quote.sentence_end)
    return Quote(text=prepared.original[start:end], speaker=quote.speaker, start=start, end=end,
                 sentence_start=sentence_start, sentence_end=sentence_end)
