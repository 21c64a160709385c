"""Where quotations are: `« »` and straight `"…"` marks, paragraph by paragraph.

Typographic `“ ”` arrive as `"` (nlp.prepare_text). A quotation running over several
paragraphs, French style (an opening mark at the start of each continued paragraph, or none,
the closing one only at the end), is one Mark with one segment per paragraph. Subheadings
(`- « Contact rompu » -`) hold no quotation. The module's own sentences never cut a quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from site_builder.enrich.quotes_lexicon import INVERTED, is_speech_word

Span = tuple[int, int]


@dataclass(frozen=True)
class Mark:
    """One quotation: the body of each of its paragraphs, and where its marks are."""

    segments: tuple[Span, ...]
    open_at: int
    """Offset of the opening mark."""
    close_at: int
    """Offset just after the closing mark."""


# --- quotation marks ------------------------------------------------------------------------

_LINE = re.compile(r"[^\n]+")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_LINE_END = ".!?…»\":;)]-"
"""How a line ending its paragraph ends, in copy without blank lines between paragraphs."""


def paragraphs(text: str) -> list[Span]:
    """The paragraphs of `text`. Copy hard-wrapped at a fixed width (`a déclaré` at the end
    of one line, `« Nous …` on the next) would otherwise cut sentences and quotations at each
    line: where blank lines part the paragraphs, consecutive lines are one paragraph; where
    none do, a line goes on in the next when it does not end as a paragraph does."""
    lines = [m.span() for m in _LINE.finditer(text)]
    blank_parted = _BLANK_LINE.search(text) is not None
    spans: list[Span] = []
    for start, end in lines:
        if spans and _is_wrapped(text, spans[-1], start, blank_parted=blank_parted):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _is_wrapped(text: str, previous: Span, start: int, *, blank_parted: bool) -> bool:
    if text.count("\n", previous[1], start) != 1 or not text[previous[0]:previous[1]].strip():
        return False
    if _SUBHEADING.match(text, previous[0], previous[1]) or _SUBHEADING.match(
            text, start, text.find("\n", start) if "\n" in text[start:] else len(text)):
        return False
    return blank_parted or not text[previous[0]:previous[1]].rstrip().endswith(tuple(_LINE_END))
_SUBHEADING = re.compile(r"^\s*[-–—]\s.*\s[-–—]\s*$")
_MARK = re.compile(r"[«»\"]")


def find_marks(text: str) -> list[Mark]:
    """Every quotation of `text`, paragraph by paragraph, continued paragraphs joined."""
    marks: list[Mark] = []
    chain: list[Span] = []
    chain_open = chain_kind = None
    for start, end in paragraphs(text):
        if _SUBHEADING.match(text[start:end]):
            chain, chain_open = [], None
            continue
        cursor = start
        if chain_open is not None:
            first = _first_char(text, start, end)
            if first is not None and text[first] == chain_kind:
                cursor = first + 1
            elif not _closes_first(text, start, end, chain_kind):
                chain, chain_open = [], None
        spans, tail = _pairs(text, cursor, end, continuing=chain_open is not None, kind=chain_kind)
        for span_open, body, close in spans:
            if chain_open is not None:
                marks.append(Mark((*chain, _trim(text, *body)), chain_open, close))
                chain, chain_open = [], None
            else:
                marks.append(Mark((_trim(text, *body),), span_open, close))
        if tail is not None:
            tail_open, body, kind = tail
            if chain_open is None:
                chain_open, chain_kind = tail_open, kind
            chain.append(_trim(text, *body))
        elif chain_open is not None and not spans:
            chain, chain_open = [], None
    return [mark for mark in marks if all(e > s for s, e in mark.segments)]


def _closes_first(text: str, start: int, end: int, kind: str | None) -> bool:
    """The paragraph's first mark closes a quotation of `kind`: the quotation left open goes
    on in it, its opening mark left out (`« Nous avons … urgence.` then `Les équipes … »`),
    the other French way of running a quotation over paragraphs."""
    mark = _MARK.search(text, start, end)
    if mark is None or _role_of(text, mark.start(), end) != "close":
        return False
    return (mark.group() == '"') == (kind == '"')


def subheading_marks(text: str) -> list[Mark]:
    """The quotations of subheadings (`- « On a tout perdu » -`), which find_marks leaves out:
    a subheading quoting the body is a quotation only beside the body's (quotes.py)."""
    marks = []
    for start, end in paragraphs(text):
        if _SUBHEADING.match(text[start:end]):
            spans, _ = _pairs(text, start, end, continuing=False, kind=None)
            marks.extend(Mark((_trim(text, *body),), open_at, close)
                         for open_at, body, close in spans)
    return [mark for mark in marks if all(e > s for s, e in mark.segments)]


def _first_char(text: str, start: int, end: int) -> int | None:
    for index in range(start, end):
        if not text[index].isspace():
            return index
    return None


def _pairs(text: str, start: int, end: int, *, continuing: bool, kind: str | None
           ) -> tuple[list[tuple[int, Span, int]], tuple[int, Span, str] | None]:
    """(open, body, close) of each closed quotation in text[start:end], and the one left open
    at the paragraph's end (open, body, kind), if any. `continuing`: the paragraph starts
    inside a quotation of `kind` (`«` or `"`, its mark already passed)."""
    found = []
    open_at, open_kind = (start - 1, kind) if continuing else (None, None)
    for mark in _MARK.finditer(text, start, end):
        char, role = mark.group(), _role_of(text, mark.start(), end)
        char = '"' if char == '"' else "«"
        if open_kind is None:
            if role != "close":
                open_at, open_kind = mark.start(), char
        elif char == open_kind and role != "open" or role == "close" and _is_mixed_close(
                text, open_at + 1, mark.start(), end):
            found.append((open_at, (open_at + 1, mark.start()), mark.end()))
            open_at = open_kind = None
        elif char == open_kind and (char == "«" or role == "open"):
            open_at = mark.start()  # a second opening: the first one was never closed
    if open_kind is None or open_at is None:
        return found, None
    return found, (open_at, (open_at + 1, end), open_kind)


def _role_of(text: str, at: int, end: int) -> str:
    """`open`, `close` or `either`, from the mark and its spacing: `« a`, `a »`, and the
    mirrored guillemets of damaged copy (`des »mots« ici`)."""
    char = text[at]
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < end else " "
    if char == "«":
        return "close" if before.isalnum() and not after.isalnum() else "open"
    if char == "»":
        return "open" if before.isspace() and after.isalnum() else "close"
    if (before.isalnum() or before in _CLOSING_BEFORE) and (after.isspace() or after in ",.;:!?)…"):
        return "close"  # `malveillance",` / `le monde" Au`
    if (before.isspace() or before in "(") and (after.isalnum() or after in "«(.["):
        return "open"  # ` "Ils`
    return "either"


def _is_mixed_close(text: str, body_start: int, at: int, end: int) -> bool:
    """`"Les propositions … rassurer», a-t-il dit`: damaged copy closes a quotation with the
    other kind of mark; it does when it is the body's only mark and none follows in the
    paragraph (an inner quotation has two marks, and the outer closing one follows)."""
    return _MARK.search(text, body_start, at) is None and _MARK.search(text, at + 1, end) is None


_CLOSING_BEFORE = ".!?…)]"
"""What may stand just before a closing straight quote (`… du tout."`)."""


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- sentences that never cut a quotation ---------------------------------------------------

_BOUNDARY = re.compile(r"[.!?…]+(?:\s*[»\"])?(?=\s+[«»\"(\[A-ZÀ-Ý0-9-])"
                       r"|(?<=[a-zà-ÿ]{2})[.!?…]+(?=[«A-ZÀ-Ý])")
"""A sentence ends before a space and a capital, or, in copy that lost the space, between a
lower-case word and a capital (`du Nord.M. Dupont`, `précisé.« Je`)."""
_ABBREVIATION = re.compile(r"(?:^|\W)(?:[A-Z]|M|Mme|Mmes|Mlle|Me|Mgr|Dr|Pr|St|Ste|av|J\.-C|etc)$")


def quote_sentences(text: str, marks: list[Mark]) -> list[Span]:
    """Sentences of `text`, one paragraph at a time; a boundary inside a quotation is none."""
    inside = [(mark.open_at, mark.close_at - 1) for mark in marks]
    sentences = []
    for start, end in paragraphs(text):
        for boundary in _BOUNDARY.finditer(text, start, end):
            cut = boundary.end()
            if _ABBREVIATION.search(text[max(start, boundary.start() - 6):boundary.start()]):
                continue
            if any(s < cut <= e for s, e in inside):
                continue
            sentences.append((start, cut))
            start = cut
        sentences.append((start, end))
    return sentences


def index_of(offset: int, spans: list[Span]) -> int:
    for index, (start, end) in enumerate(spans):
        if start <= offset < end:
            return index
    return max(len(spans) - 1, 0)


# --- incises inside the marks -----------------------------------------------------------

_INNER_INCISE = re.compile(
    r",\s*(?P<verb>(?:(?:a|avait|ont|avaient)(?:-t-(?:il|elle|ils|elles))?\s+)?[^\W\d_][\w'-]*)"
    r"(?P<rest>[^,«»\"]{0,60}?)\s*,")
"""`« Nous ne céderons pas, a déclaré X, car … »`: a clause between commas inside the marks."""


def inner_incises(folded: str, mark: Mark) -> list[Span]:
    """Incises inside the marks of `mark`, each from its verb to its closing comma: a verb
    of saying first and its subject after it, inverted (`a-t-il dit`, `a déclaré X`)."""
    found = []
    for start, end in mark.segments:
        for clause in _INNER_INCISE.finditer(folded, start, end):
            words = clause.group("verb").split()
            verb = words[-1].split("-")[0]
            if not is_speech_word(verb) or verb.endswith("ant"):
                continue
            if INVERTED.search(clause.group("verb")) or clause.group("rest").strip():
                found.append((clause.start("verb"), clause.end("rest")))
    return found
