"""Roles of persons from their context: `le président américain X`, `X, maire de Y,` and
enumerations `les présidents russe, iranien et turc – A, B et C` (mapped in order).

Pure functions on the normalized text; roles are returned as offsets so the caller can
quote the original characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from site_builder.entity_cues import DETERMINERS, TITLES
from site_builder.gazetteer import fold

Span = tuple[int, int]
_WORD = re.compile(r"[^\W\d_][\w.-]*'?")
_CIVILITIES = frozenset("m mme mr mlle dr pr me mgr monsieur madame".split())
_AFTER = re.compile(r"\s*,\s*(?:(?:le|la|l'|un|une)\s*)?(?P<role>[^,.;:()«»\"\n]{3,80}?)\s*(?=[,.;)]|$)")
_ENUMERATION = re.compile(
    r"\b(?:[Ll]es|[Dd]es)\s+(?P<title>\w+)\s+"
    r"(?P<adjs>[a-zà-ÿ-]+(?:\s*,\s*[a-zà-ÿ-]+)*\s+et\s+[a-zà-ÿ-]+)\s*[–—:,-]\s*")
_SEPARATOR = re.compile(r"^\s*(?:,|et|,\s*et)?\s*$")
_RUN_OK = frozenset({"etat", "etats", "d", "l", "de", "du", "des"})


def find_roles(text: str, persons: list[tuple[int, int, str]], sentences: list[Span],
               render: Callable[[int, int], str] | None = None) -> dict[str, tuple[str, ...]]:
    """Person slug -> role phrases, from titles before, appositions after, enumerations.

    `render(start, end)` gives the characters to show for a span of `text` (the caller's
    original text, typographic apostrophes included); default: `text` itself.
    """
    show = render or (lambda start, end: text[start:end])
    roles: dict[str, set[str]] = {}
    for start, end, slug in persons:
        sentence_start, sentence_end = _sentence(start, sentences, len(text))
        for span in (role_before(text, sentence_start, start), role_after(text, end, sentence_end)):
            if span is not None:
                roles.setdefault(slug, set()).add(_tidy(show(*span)))
    for slug, title, adjective in enumerated_roles(text, persons):
        roles.setdefault(slug, set()).add(_tidy(f"{_singular(show(*title))} {show(*adjective)}"))
    return {slug: tuple(sorted(found)) for slug, found in roles.items()}


def _tidy(role: str) -> str:
    return " ".join(role.split())


def _singular(title: str) -> str:
    """`présidents` -> `président`, `ministres des Affaires étrangères` -> `ministre des …`."""
    first, _, rest = title.partition(" ")
    first = first[:-1] if first.endswith(("s", "x")) and not first.endswith("ss") else first
    return f"{first} {rest}".strip()


def _sentence(offset: int, sentences: list[Span], length: int) -> Span:
    return next(((s, e) for s, e in sentences if s <= offset < e), (0, length))


_DETERMINER = re.compile(r"(?:^|(?<=[\s(]))(?:[Ll]e|[Ll]a|[Ll]'|[Ss]a|[Ss]on|[Ll]eur)\s*")
_COMMA_END = re.compile(r"\s*,\s*$")
_NOT_IN_ROLE = re.compile(r"[,.;:«»()\"]")


def role_before(text: str, sentence_start: int, start: int) -> Span | None:
    """`Le président américain X` or `Le maire de Lyon, X` -> span of the title phrase."""
    return _title_run_before(text, sentence_start, start) or _comma_role_before(text, sentence_start, start)


def _comma_role_before(text: str, sentence_start: int, start: int) -> Span | None:
    """`… le ministre de l'Economie, X`: the nearest `le|la TITLE …` ending on the comma."""
    first = max(sentence_start, start - 100)
    comma = _COMMA_END.search(text, first, start)
    if comma is None:
        return None
    for determiner in reversed(list(_DETERMINER.finditer(text, first, comma.start()))):
        role = text[determiner.end():comma.start()]
        words = _WORD.findall(role)
        key = fold(words[0].rstrip(".")) if words else ""
        if _NOT_IN_ROLE.search(role) or len(role) > 90:
            return None
        if key in TITLES and key not in _CIVILITIES:
            return determiner.end(), comma.start()
    return None


def _title_run_before(text: str, sentence_start: int, start: int) -> Span | None:
    words = list(_WORD.finditer(text, sentence_start, start))
    if not words or words[-1].end() < start - 2 or fold(words[-1].group()) in DETERMINERS:
        return None
    title_at = None
    for match in reversed(words[-7:]):
        word = match.group()
        key = fold(word.rstrip("."))
        if key in TITLES and key not in _CIVILITIES:
            title_at = match
        elif not (word[0].islower() or key in _RUN_OK) or key in ("le", "la", "les", "l"):
            break
    if title_at is None or "," in text[title_at.start():start]:
        return None
    return title_at.start(), words[-1].end()


def role_after(text: str, end: int, sentence_end: int) -> Span | None:
    """`X, maire de Lyon, a dit` -> span of `maire de Lyon`."""
    match = _AFTER.match(text[:sentence_end], end)
    if not match:
        return None
    words = _WORD.findall(match.group("role"))
    if not words or fold(words[0].rstrip(".")) not in TITLES or fold(words[0]) in _CIVILITIES:
        return None
    return match.start("role"), match.end("role")


def enumerated_roles(text: str, persons: list[tuple[int, int, str]]
                     ) -> list[tuple[str, Span, Span]]:
    """`les présidents russe, iranien et turc – A, B et C` -> (A, title, `russe`), …"""
    found = []
    ordered = sorted(persons)
    for match in _ENUMERATION.finditer(text):
        if fold(match.group("title")) not in TITLES or not match.group("title").endswith("s"):
            continue
        adjectives = list(re.finditer(r"[a-zà-ÿ-]+", match.group("adjs")))
        adjectives = [a for a in adjectives if a.group() != "et"]
        following = _persons_in_list(text, ordered, match.end(), len(adjectives))
        for (_, _, slug), adjective in zip(following, adjectives, strict=False):
            base = match.start("adjs")
            found.append((slug, match.span("title"), (base + adjective.start(), base + adjective.end())))
    return found


def _persons_in_list(text: str, persons: list[tuple[int, int, str]], start: int,
                     count: int) -> list[tuple[int, int, str]]:
    chosen: list[tuple[int, int, str]] = []
    cursor = start
    for person in persons:
        if person[0] < cursor:
            continue
        if not _SEPARATOR.match(text[cursor:person[0]]) or len(chosen) == count:
            break
        chosen.append(person)
        cursor = person[1]
    return chosen
