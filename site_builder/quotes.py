"""Quotations in « » and their speakers (pure functions on the normalized text).

A « » passage is a quote when it has at least MIN_QUOTE_WORDS words or ends a sentence
(`!`, `?`, `.`); a short quoted term inside a sentence (« imprudente ») is not. The
speaker is found, in order: after the quote (`», écrit-il`, `», a déclaré X`, `», selon X`),
then before it in its sentence (`X a déclaré : « … »`); a pronoun (`il`, `elle`) resolves
to the first actor of the nearest previous sentence that has one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from site_builder.entity_cues import TITLES
from site_builder.gazetteer import fold

MIN_QUOTE_WORDS = 4
Actor = tuple[int, int, str, str]
"""(start, end, slug, label) of an actor mention."""

_QUOTE = re.compile(r"«\s*(?P<body>[^«»]+?)\s*»", re.DOTALL)
_CLAUSE_STOP = re.compile(r"[!?;«]|(?<![A-Z])\.")
"""End of the clause after a quote; `M.` (a civility) does not end it."""
_PRONOUN = re.compile(r"\b(?:il|elle|ils|elles)\b", re.IGNORECASE)
SPEECH_STEMS = tuple((
    "declar affirm estim ecri soulign ajout expliqu indiqu assur avert previen prevenu annonc "
    "martel lanc insist confi repon rappel denonc juge jugea tweet precis reagi deplor accus "
    "promet promis reconn admet admis racont temoign comment poursui conclu ironis lach "
    "regrett salu fustig critiqu souti selon observ noter note signal rejoui felicit exclam "
    "indign alarm inquiet interrog reclam demand appel evoqu dit dire plaid resum tranch "
    "nuanc avanc avou protest justifi repet insist clam lanc mett menac exhort implor "
    "souhait esper craint redout pense juge").split())
"""Beginnings of French verbs of saying (folded): `déclaré`, `a-t-elle confié`, `selon`."""


@dataclass(frozen=True)
class QuoteSpan:
    start: int
    end: int
    speaker: str | None
    sentence_start: int
    sentence_end: int


def find_quotes(text: str, sentences: list[tuple[int, int]], actors: list[Actor]) -> list[QuoteSpan]:
    """Every « » quotation of `text` long enough to be one, with its speaker's slug."""
    quotes = []
    for match in _QUOTE.finditer(text):
        if not is_quotation(match.group("body")):
            continue
        first = _sentence_index(match.start("body"), sentences)  # `«` may end the previous one
        last = _sentence_index(match.end() - 1, sentences)
        bounds = (sentences[first][0], sentences[last][1]) if sentences else (0, len(text))
        speaker = attribute(text, match.start("body"), match.end(), bounds, sentences, actors)
        quotes.append(QuoteSpan(match.start("body"), match.end("body"), speaker, *bounds))
    return quotes


def is_quotation(body: str) -> bool:
    """A quotation, not a quoted term: ≥ MIN_QUOTE_WORDS words, or a whole sentence."""
    return len(body.split()) >= MIN_QUOTE_WORDS or body.rstrip().endswith(("!", "?", ".", "…"))


def _sentence_index(offset: int, sentences: list[tuple[int, int]]) -> int:
    for index, (start, end) in enumerate(sentences):
        if start <= offset < end:
            return index
    return max(len(sentences) - 1, 0)


def attribute(text: str, start: int, end: int, bounds: tuple[int, int],
              sentences: list[tuple[int, int]], actors: list[Actor]) -> str | None:
    """The slug of who said text[start:end], or None."""
    after_end = _clause_end(text, end, bounds[1])
    speaker = _speaker_in(text, end, after_end, actors, start, sentences, after=True)
    if speaker is None:
        before_start = _clause_start(text, bounds[0], start)
        speaker = _speaker_in(text, before_start, start, actors, start, sentences, after=False)
    return speaker


def _clause_end(text: str, offset: int, limit: int) -> int:
    stop = _CLAUSE_STOP.search(text, offset, max(limit, offset))
    return stop.start() if stop else max(limit, offset)


def _clause_start(text: str, limit: int, offset: int) -> int:
    previous = max(text.rfind("»", limit, offset), text.rfind(".", limit, offset))
    return previous + 1 if previous >= 0 else limit


def _speaker_in(text: str, first: int, last: int, actors: list[Actor], quote_start: int,
                sentences: list[tuple[int, int]], *, after: bool) -> str | None:
    window = text[first:last]
    verb = _speech_verb(window)
    if verb is None:
        return None
    inside = [a for a in actors if first <= a[0] < last]
    if after:
        near = [a for a in inside if a[0] - first <= 80]
        if near and not _PRONOUN.search(window[:near[0][0] - first]):
            return _prefer_person(near)[0][2]
    elif window[verb:verb + 5].lower() == "selon":
        after_selon = [a for a in inside if a[0] >= first + verb]
        if after_selon:
            return after_selon[0][2]
    else:
        before_verb = [a for a in inside if a[1] <= first + verb]
        if before_verb and not _PRONOUN.search(window[before_verb[-1][1] - first:verb]):
            return before_verb[-1][2]
    if _PRONOUN.search(window) or not after and _has_title(window[:verb]):
        return _previous_actor(quote_start, sentences, actors)
    return None


def _has_title(words: str) -> bool:
    """`le chef du gouvernement a promis de « … »`: a title, not a name, as the subject."""
    return any(fold(word) in TITLES for word in _TITLE_WORD.findall(words))


_TITLE_WORD = re.compile(r"[^\W\d_][\w-]*")
_VERB_WORD = re.compile(r"[^\W\d_][\w'-]*")


def _speech_verb(window: str) -> int | None:
    for match in _VERB_WORD.finditer(window):
        parts = fold(match.group()).split()
        if parts and any(part.startswith(SPEECH_STEMS) for part in (parts[0], parts[-1])):
            return match.start()
    return None


def _prefer_person(actors: list[Actor]) -> list[Actor]:
    persons = [a for a in actors if a[3] == "PER"]
    return persons or actors


def _previous_actor(offset: int, sentences: list[tuple[int, int]],
                    actors: list[Actor]) -> str | None:
    """First actor (persons first) of the nearest earlier sentence that has one."""
    index = _sentence_index(offset, sentences)
    for start, end in reversed(sentences[:index]):
        found = [a for a in actors if start <= a[0] < end]
        if found:
            return _prefer_person(found)[0][2]
    return None
