"""What attribution looks at: the text, its own sentences, actors outside quotation marks,
their roles and genders, and the quotations attributed so far."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from site_builder.enrich.gazetteer import fold
from site_builder.enrich.quotes_lexicon import (
    FEMININE_CUE,
    MASCULINE_CUE,
    PREPOSITION_BEFORE,
    is_person_noun,
    noun_gender,
)
from site_builder.enrich.quotes_marks import (
    Mark,
    Span,
    index_of,
    inner_incises,
    paragraphs,
    quote_sentences,
)

Actor = tuple[int, int, str, str]
"""(start, end, slug, label) of an actor mention, label PER or ORG."""


@dataclass(frozen=True)
class QuoteArticle:
    """What attribution looks at: the text, its sentences and actors, and their roles."""

    text: str
    folded: str
    sentences: list[Span]
    paragraphs: list[Span]
    actors: list[Actor]
    """Actor mentions outside quotation marks, in text order."""
    roles: Mapping[str, tuple[str, ...]]
    genders: dict[str, str]
    """Person slug -> `F`/`M` when the text tells it (cues, then resolved pronouns)."""
    labels: Mapping[str, str]
    """Actor slug -> PER or ORG."""
    spoken: list[tuple[Mark, str | None]]
    """Quotations attributed so far, in order (find_quotes appends as it goes)."""
    role_mentions: list[tuple[str, Span]]
    """(person slug, span of a role phrase) for each role phrase that named a person the
    article gave no such role (`», ajoute la retraitée`): a role the text gives that person."""
    trace: list[str] = field(default_factory=list)
    """The rules that decided the quotation being attributed (QuoteSpan.rule): debugging only,
    no rule reads it."""


def note(article: QuoteArticle, rule: str) -> None:
    """Record that `rule` took part in the current attribution (see QuoteArticle.trace)."""
    article.trace.append(rule)


def build_quote_article(text: str, actors: list[Actor], roles: Mapping[str, tuple[str, ...]],
                        marks: list[Mark]) -> QuoteArticle:
    """The view of `text` attribution reads: its own sentences, its paragraphs, the actors
    outside quotation marks (or in an incise inside them), their genders when told."""
    folded = fold_same_length(text)
    quoted = [(mark.open_at, mark.close_at) for mark in marks]
    incises = [span for mark in marks for span in inner_incises(folded, mark)]
    speaking = sorted(a for a in actors if not any(s <= a[0] < e for s, e in quoted)
                      or any(s <= a[0] < e for s, e in incises))
    article = QuoteArticle(text, folded, quote_sentences(text, marks),
                           paragraphs(text), speaking, roles, {},
                           {a[2]: a[3] for a in actors}, [], [])
    article.genders.update(find_genders(article))
    return article


def fold_same_length(text: str) -> str:
    """Lower case without accents, one character for one (offsets stay valid)."""
    for char in set(text).difference(_FOLDED_CHARS):  # a str.translate table, grown as met
        _SAME_LENGTH[ord(char)] = _fold_char(char)
        _FOLDED_CHARS.add(char)
    return text.translate(_SAME_LENGTH)


_SAME_LENGTH: dict[int, str] = {}
_FOLDED_CHARS: set[str] = set()


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char.isascii():
        return char.lower()
    folded = fold(char)
    return folded[0] if len(folded) == 1 else ("'" if char in "’‘" else char.lower()[:1] or " ")


def near_paragraph(article: QuoteArticle, earlier: int, later: int, apart: int) -> bool:
    """`earlier` is in the paragraph of `later` or at most `apart` paragraphs before."""
    return index_of(later, article.paragraphs) - index_of(earlier, article.paragraphs) <= apart


def actors_in(article: QuoteArticle, start: int, end: int) -> list[Actor]:
    return [a for a in article.actors if start <= a[0] and a[1] <= end]


def subject_mentions(article: QuoteArticle, start: int, end: int) -> list[Actor]:
    """The actors of text[start:end] not inside a prepositional phrase or parentheses
    (`à l'AFP`, `par M. Macron`, and `RMC` of `Invité de BFMTV/RMC`)."""
    candidates = []
    skipped_end = _fronted_end(article, start, end)
    for actor in actors_in(article, start, end):
        if skipped_end is not None and actor[0] < skipped_end:
            continue
        before = article.folded[max(start, actor[0] - 24):actor[0]]
        joined = skipped_end is not None and _JOINED.fullmatch(
            article.folded, skipped_end, actor[0]) is not None
        in_complement = actor[3] == "ORG" and _COMPLEMENT.search(
            article.text, max(start, actor[0] - 60), actor[0]) is not None
        if joined or in_complement or PREPOSITION_BEFORE.search(before) or article.text.count(
                "(", start, actor[0]) > article.text.count(")", start, actor[0]):
            skipped_end = actor[1]
            continue
        skipped_end = None
        candidates.append(actor)
    return candidates


def _fronted_end(article: QuoteArticle, start: int, end: int) -> int | None:
    """The comma ending a fronted phrase (`Après avoir rencontré X, Y a dit`) when an actor
    follows it: the names inside that phrase are no subjects."""
    fronted = _FRONTED.match(article.folded, start, end)
    if fronted is None:
        return None
    comma = fronted.end()
    return comma if any(a[0] >= comma for a in actors_in(article, comma, end)) else None


_FRONTED = re.compile(
    r"\s*(?:(?:apres|avant|aux cotes|au cote|face|lors|loin|contrairement|comme|malgre|sans|quand"
    r"|devant|outre|(?:meme )?si)(?![\w'-])|(?:meme )?s'|(?:alors|tandis|lors|puis|bien|des|pendant"
    r"|parce) ?qu(?:e\b|')|interroge|invite|reuni|accompagne|entoure)[^,.;:«»\"]{0,80},")
"""A phrase opening the sentence before its subject: a preposition, a participle, a clause."""


_COMPLEMENT = re.compile(
    r"(?<![\w'])(?:de|du|des|d'|à|au|aux|par|pour|avec|chez|contre|sur)\s*(?:(?:le|la|les|l')\s*)?"
    r"(?:[a-zà-ÿ][\w-]*\s+){1,2}$")
"""`la secrétaire générale du syndicat Force ouvrière`: an organisation named in the
complement of a noun (case-sensitive: lower-case nouns only) is no subject."""


_JOINED = re.compile(r"\s*(?:/|-|&|et|ou)\s*")
"""What joins a name to the one before it in one phrase (`de BFMTV/RMC`, `avec A et B`)."""


def subject_actor(article: QuoteArticle, start: int, end: int, *, allow_first: bool) -> Actor | None:
    """The first of subject_mentions, persons before organisations in an incise (`allow_first`)."""
    candidates = subject_mentions(article, start, end)
    if not candidates:
        return None
    if allow_first:
        persons = [a for a in candidates if a[3] == "PER"]
        return (persons or candidates)[0]
    return candidates[0]


def find_genders(article: QuoteArticle) -> dict[str, str]:
    """Person slug -> `F` or `M` when its mentions are preceded by `Mme`/`la …` or `M.`/`le …`
    (and never by both), else `F` when a full name starts with a woman's first name."""
    votes: dict[str, set[str]] = {}
    for start, end, slug, label in article.actors:
        if label != "PER":
            continue
        before = article.text[max(0, start - 40):start]
        clause = before[before.rfind(",") + 1:]
        if FEMININE_CUE.search(clause):
            votes.setdefault(slug, set()).add("F")
        elif MASCULINE_CUE.search(clause):
            votes.setdefault(slug, set()).add("M")
        elif (told := _apposition_gender(article.text, end)) is not None:
            votes.setdefault(slug, set()).add(told)
    genders = {slug: next(iter(found)) for slug, found in votes.items() if len(found) == 1}
    for start, end, slug, label in article.actors:
        first, _, rest = article.text[start:end].partition(" ")
        if label == "PER" and rest and votes.get(slug, {"M"}) == {"M"} and not _is_titled_man(
                article.text, start) and _FEMININE_FIRST_NAME.fullmatch(first):
            genders[slug] = "F"  # `ce qu'annonce Isabelle X`: a determiner far off is weaker
    return genders


def _apposition_gender(text: str, end: int) -> str | None:
    """`X, avocate de …`, `X, 45 ans, retraité`, `X, elle-même …`, `X s'est dite …`, `X est
    arrivé`: `F` or `M` when the words right after a name agree with a woman or a man
    (original case and accents: folded, `invitée`'s ending would be `invité`'s)."""
    found = _AFTER_NAME.match(text, end)
    if found is None:
        return None
    word = found["w"].lower()
    if found["d"]:  # `X, la sœur de …`, `X, un habitant`: a person noun's determiner tells
        told = _DETERMINER_GENDER.get(found["d"].lower().rstrip("'’"))
        return (told or noun_gender(word)) if is_person_noun(word) else None
    if found["verb"]:  # `est arrivée`, `s'est dit`: a participle agreeing with the subject
        return "F" if word.endswith(_FEMININE_ENDINGS) else "M" if word.endswith("é") else None
    return "F" if word == "elle-même" else "M" if word == "lui-même" else noun_gender(word)


_AFTER_NAME = re.compile(
    r"(?:\s*,\s*(?:\d+\s*ans\s*,\s*)?|\s+(?P<verb>(?:s['’]est|est|était|a été|s['’]était)\s+))"
    r"(?P<d>(?:la|le|une|un)\s+|l['’]\s*)?(?P<w>[^\W\d_][\w-]*)", re.IGNORECASE)
_DETERMINER_GENDER = {"la": "F", "une": "F", "le": "M", "un": "M"}
_FEMININE_ENDINGS = ("ée", "ue", "ite", "ise", "nte", "rte", "rtie")
"""Endings of participles and adjectives agreeing with a woman (`arrivée`, `venue`, `dite`,
`prise`, `présente`, `morte`, `partie`), none of a man's form."""


def _is_titled_man(text: str, start: int) -> bool:
    return re.search(r"\b(?:M|Monsieur|Mr)\.?\s+$", text[max(0, start - 12):start]) is not None


_FEMININE_FIRST_NAME = re.compile(
    r"[A-ZÀ-Ý][a-zà-ÿ-]*(?:ette|elle|[^o]ine|[lnrvh]ie|enne|ise|ée|ia|ina|anne|beth|ès|itte"
    r"|[^g]ène|ole)")
"""First names of women by their ending (Isabelle, Christine, Marie, Sophie, Nadia, Agnès,
Hélène, Carole); only
this side is guessed: a man's name ends in too many ways, and an unknown gender fits both."""
