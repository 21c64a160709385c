"""Where a model span should start and end, from the shape of the text around it.

Pure functions on (text, start, end, label) triples, applied to the model's spans before
they are cleaned (extract._clean_all). Each fixes one way the model cuts names wrong:

- `Jean Dupont - cet ancien maire`, `X dans un tract`: a span running into the next
  phrase is cut where the name ends (`cut_at_phrase`);
- `cour d'assises du` + `Var`: a span ending on a preposition takes the capitalised
  words after it, or loses the preposition (`complete_preposition`);
- `Agence nationale de sécurité` + ` du médicament (ANSM)`: a name the model cut before
  its acronym's expansion ends is extended to the acronym when the initials agree
  (`extend_to_acronym`, and `extend_in_parentheses` for `ANSM (Agence …)`);
- `selon Le X`: a capitalised article in mid-sentence belongs to the name of a
  newspaper, party or company (`take_capitalised_article`);
- `gymnase X`, `place de la X`: a lower-case head before the span makes the whole a site
  (`take_head`);
- `Amérique` + ` du sud`: a cardinal point in lower case completes a region (`extend_cardinal`).
"""

from __future__ import annotations

import re

from site_builder.enrich.entity_cues import (
    BUILDING_HEADS,
    FUNCTION_WORDS,
    NAME_PARTICLES,
    SITE_HEADS,
)
from site_builder.enrich.gazetteer import fold

Span = tuple[int, int, str]
_NAME_LABELS = ("ORG", "MISC", "LOC")

_PHRASE_BREAK = re.compile(
    r"\s+[-–—]\s+|\s+(?=(?:cet|cette|ces|ce|qui|que|dont|dans|lors|selon|depuis|avec|sur)\s)")
"""Where a span's name ends and a phrase begins: a spaced dash, or a lower-case
demonstrative, relative or preposition that no name of a person or an organisation has."""


def cut_at_phrase(text: str, span: Span) -> Span:
    """`Jean Dupont - cet ancien maire` -> `Jean Dupont`; `X dans un tract` -> `X`. Only
    after a capitalised word, so `Fondation pour X` keeps its name."""
    start, end, label = span
    match = _PHRASE_BREAK.search(text, start, end)
    if match is None or label not in ("PER", "ORG", "MISC", "LOC"):
        return span
    head = text[start:match.start()]
    if not head or not head.split()[-1][:1].isupper():
        return span
    return start, match.start(), label


_TRAILING_PREPOSITION = re.compile(r"\s+(?:du|de la|de l'|des|de|d')\s*$", re.IGNORECASE)
_CAPITALISED_RUN = re.compile(r"\s*([A-ZÀ-Ý][\w'’-]*(?:[ -][A-ZÀ-Ý][\w'’-]*)*)")


def complete_preposition(text: str, span: Span) -> Span:
    """`cour d'assises du` + `Var` (the name after the preposition), or without it."""
    start, end, label = span
    match = _TRAILING_PREPOSITION.search(text, start, end)
    if match is None or match.end() != end or "\n" in text[start:end]:
        return span
    name = _CAPITALISED_RUN.match(text, end)
    if name is not None and "\n" not in text[end:name.end()]:
        return start, name.end(), label
    return start, match.start(), label


_UP_TO_ACRONYM = re.compile(r"([^()\n.;:!?«»\"]{1,160}?)\(([A-Z][A-Z0-9&]{1,9})\)")


def extend_to_acronym(text: str, span: Span) -> Span:
    """`Agence nationale de sécurité` + ` du médicament (ANSM)`: only when the lower-case
    words in between complete the initials."""
    start, end, label = span
    match = _UP_TO_ACRONYM.match(text, end)
    if match is None or label not in ("ORG", "MISC", "LOC"):
        return span
    between, acronym = match.group(1), match.group(2)
    if any(word[:1].isupper() for word in between.split()):
        return span
    name = text[start:end] + between
    if initials(name) != acronym.replace("&", ""):
        return span
    return start, start + len(name.rstrip()), "ORG"


_ACRONYM_OPEN = re.compile(r"\b([A-Z][A-Z0-9&]{1,9})\s*\($")
_TO_CLOSE = re.compile(r"([^()\n]{1,160}?)\)")


def extend_in_parentheses(text: str, span: Span) -> Span:
    """`ANSM (Agence nationale de sécurité` + ` du médicament)`: the expansion in
    parentheses runs to the closing one when the initials agree."""
    start, end, label = span
    acronym = _ACRONYM_OPEN.search(text, max(0, start - 12), start)
    close = _TO_CLOSE.match(text, end) if acronym else None
    if close is None or label not in ("ORG", "MISC", "LOC"):
        return span
    between = close.group(1)
    if any(word[:1].isupper() for word in between.split()):
        return span
    name = text[start:end] + between
    if initials(name) != acronym.group(1).replace("&", ""):
        return span
    return start, start + len(name.rstrip()), "ORG"


def initials(name: str) -> str:
    """First letters of the words of `name` that are not function words, upper-cased:
    `Organisation internationale du travail` -> `OIT`; hyphenated parts count (`Jean-Pierre`)."""
    words = [part for word in re.findall(r"[^\W\d_][\w]*", name) for part in word.split("-")]
    return "".join(word[0].upper() for word in words
                   if fold(word) not in FUNCTION_WORDS and fold(word) not in NAME_PARTICLES)


_CAPITALISED_ARTICLE = re.compile(r"(?:^|(?<=[^\w]))(Le|La|Les|L')\s*$")
_SENTENCE_BOUNDARY = set(".!?\n«\"“:(|")


def take_capitalised_article(text: str, span: Span) -> Span:
    """`selon Le X`, `dans La X`: `Le`/`La`/`Les` capitalised in mid-sentence is part of a
    title (newspaper, party, company); the span takes it and becomes an ORG."""
    start, end, label = span
    if label not in ("ORG", "MISC"):
        return span
    if label == "MISC" and _ARTICLE_INSIDE.match(text, start, end) and not _at_sentence_start(
            text, start):
        return start, end, "ORG"
    match = _CAPITALISED_ARTICLE.search(text, max(0, start - 5), start)
    if match is None or text[match.end():start].strip():
        return span
    if _at_sentence_start(text, match.start()):
        return span
    return match.start(1), end, "ORG"


_ARTICLE_INSIDE = re.compile(r"(?:Le|La|Les)\s+[A-ZÀ-Ý]|L'[A-ZÀ-Ý]")
_ARTICLE_AT_START = re.compile(r"(?:Le|La|Les)\s+(?=[A-ZÀ-Ý])")
_TITLE_QUALIFIER = re.compile(
    r"\s+(?:en\s+[a-zà-ÿ][\w-]{2,}|[a-zà-ÿ][\w-]*(?:ise|ises|ais|aise|ien|ienne|ique|iques|iste"
    r"|istes|ain|aine|el|elle|al|ale|aux|ois|oise|if|ive|ie|ies|ue|ues|ine|ines|ée|ées|é|és))\b")


def take_title_qualifier(text: str, span: Span) -> Span:
    """`de La France` + ` insoumise`, `l'élu La République` + ` en marche`: a place's name
    after an article capitalised in mid-sentence, then a lower-case qualifier, is the title
    of a party or a newspaper (`la France insoumise` would be the country), an ORG."""
    start, end, label = span
    if label != "LOC":
        return span
    if _ARTICLE_AT_START.match(text, start, end):
        article = start
    else:
        match = _CAPITALISED_ARTICLE.search(text, max(0, start - 5), start)
        if match is None or text[match.end():start].strip() or match.group(1) == "L'":
            return span
        article = match.start(1)
    qualifier = _TITLE_QUALIFIER.match(text, end)
    if qualifier is None or _at_sentence_start(text, article):
        return span
    return article, qualifier.end(), "ORG"


def _at_sentence_start(text: str, offset: int) -> bool:
    before = text[max(0, offset - 200):offset].rstrip(" \t")
    return not before or before[-1] in _SENTENCE_BOUNDARY


_SITE_HEAD = re.compile(
    r"(?<![\w-])(?P<head>" + "|".join(sorted(SITE_HEADS, key=len, reverse=True))
    + r")\s+(?:(?:de la |de l'|du |des |de |d'|l')\s*)?$")
_BUILDING_HEAD = re.compile(
    r"(?<![\w-])(?P<head>" + "|".join(sorted(BUILDING_HEADS, key=len, reverse=True))
    + r")\s+(?:(?:la |le |les )\s*)?$")


def take_head(text: str, span: Span) -> Span:
    """`gymnase` + `Jean Dupont`, `place de la` + `Nation` -> one site (LOC)."""
    start, end, label = span
    window = text[max(0, start - 30):start]
    match = _SITE_HEAD.search(window) or _BUILDING_HEAD.search(window)
    if match is not None and label in ("PER", "LOC", "MISC", "ORG"):
        return start - len(window) + match.start(), end, "LOC"
    return span


_CARDINAL_AFTER = re.compile(
    r"\s+(?:du |de l'|de l’)(?:sud|nord|est|ouest)(?:-(?:est|ouest))?(?![\w-])")


def extend_cardinal(text: str, span: Span) -> Span:
    """`Amérique` + ` du sud`, `Afrique` + ` de l'ouest` written in lower case: one region."""
    start, end, label = span
    match = _CARDINAL_AFTER.match(text, end) if label == "LOC" else None
    return span if match is None else (start, match.end(), label)


def drop_nested(spans: list[Span]) -> list[Span]:
    """Spans inside a longer one (after extension two model spans can overlap): the longer
    is kept; of two that only overlap, the first."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept


def trim_overlaps(text: str, spans: list[Span]) -> list[Span]:
    """A span that a longer extended one overlaps keeps its words after it, when they
    start a word (`La République en marche` + `marche du Nord` -> ` du Nord`)."""
    result = list(spans)
    ordered = sorted(spans, key=lambda s: (s[0], -s[1]))
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after[0] < before[1] < after[1] and text[before[1]:before[1] + 1].isspace():
            result[result.index(after)] = (before[1], after[1], after[2])
    return result


_INITIAL_ELISION = re.compile(r"L'(?=[A-ZÀ-Ý])")


def split_at_line_breaks(text: str, span: Span) -> list[Span]:
    """`AFP` + blank line + `Invité de X`: a name never runs over a line break; each line's
    part keeps the span's label."""
    start, end, label = span
    if "\n" not in text[start:end]:
        return [span]
    parts, offset = [], start
    for index, line in enumerate(text[start:end].split("\n")):
        skip = _OPENING_PARTICIPLE.match(line) if index else None
        first = offset + (skip.end() if skip else 0)
        if text[first:offset + len(line)].strip():
            parts.append((first, offset + len(line), label))
        offset += len(line) + 1
    return parts


_OPENING_PARTICIPLE = re.compile(
    r"\s*(?!(?:Comité|Société|Université|Assemblée|Armée|Cité)\b)[A-ZÀ-Ý][a-zà-ÿ]+ée?s?\s+"
    r"(?:de l'|d'|(?:de la|de|du|des|par|à|sur)(?:\s+|$))?")
"""`Invité de`, `Interrogé par` opening a paragraph: a participle, not the start of a name
(organisation heads ending in -é excepted)."""


_ACRONYM_BEFORE = re.compile(r"(?<!/ )(?<!\( )(?<![\w/(.'’-])[A-Z][A-Z0-9&]{1,5} $")


def take_acronym_before(text: str, span: Span) -> Span:
    """`l'opérateur X` + `Yz`: a company or body the model cut after its leading acronym
    (`ABC Telecom`) takes it back; not after a credit's slash or an opening bracket."""
    start, end, label = span
    match = _ACRONYM_BEFORE.search(text, max(0, start - 8), start)
    if match is None or label not in ("ORG", "MISC") or not text[start:end][:1].isupper():
        return span
    return match.start(), end, label


def drop_initial_article(text: str, span: Span) -> Span:
    """`L'Union européenne a…` at a sentence start: the capital is the sentence's, the
    article no part of the name (in mid-sentence, `selon L'X`, it is the title's)."""
    start, end, label = span
    if _INITIAL_ELISION.match(text, start) and _at_sentence_start(text, start):
        return start + 2, end, label
    return span


def fix_boundaries(text: str, span: Span) -> Span:
    """Every boundary rule, in order, on one model span."""
    span = take_acronym_before(text, drop_initial_article(text, cut_at_phrase(text, span)))
    span = complete_preposition(text, span)
    span = extend_to_acronym(text, span)
    span = extend_in_parentheses(text, span)
    span = take_capitalised_article(text, take_title_qualifier(text, span))
    return extend_cardinal(text, take_head(text, span))
