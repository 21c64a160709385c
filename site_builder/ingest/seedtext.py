"""Plain-text seeds: decoding, caption and credit, paragraphs and subheadings, safe Markdown.

Pure functions on text (no spaCy, regexes only): ingest calls them for every seed.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from site_builder.errors import ContentError
from site_builder.ingest.dates import read_date_line
from site_builder.model import SourceLocation

_ASCII_SPACE = " \t\r\f\v"
_MAX_NON_ASCII_SHARE = 0.5
_MAX_CONTROL_SHARE = 0.01
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
"""Control characters (Unicode category Cc) other than tab, newlines and form feed."""
_MAX_CAPTION = 1000
"""Longest first line read as a photo caption (captions are short; this bounds the work)."""


@dataclass(frozen=True)
class Decoded:
    """A seed's text and the encoding it was read in."""

    text: str
    encoding: str
    """`utf-8`, or what it was guessed to be: `cp1252`, `latin-1`, `utf-16`."""
    first_non_ascii_line: int = 1


@dataclass(frozen=True)
class Block:
    """A paragraph or a subheading of the article body, with its first line in the seed."""

    text: str
    line: int
    is_heading: bool = False


@dataclass(frozen=True)
class SeedText:
    """A plain-text seed, taken apart."""

    caption: str
    credit: str
    blocks: tuple[Block, ...]
    title: str = ""
    """A short first line with no final full stop, above the first paragraph."""
    byline: str = ""
    """`Jean Dupont` from a `Par Jean Dupont` line."""
    published: dt.date | None = None
    """The date of a `Publié le 3 septembre 2018 à 22h41` line."""


# --- decoding --------------------------------------------------------------------------------

def decode_seed(raw: bytes, path: str) -> Decoded:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else clearly cp1252 / latin-1; else an error."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(raw.decode("utf-16"), "utf-16", path)
    if b"\x00" in raw:
        raise _binary(path)
    try:
        return _checked(raw.decode("utf-8-sig"), "utf-8", path)
    except UnicodeDecodeError:
        pass
    encoding = "cp1252" if any(0x80 <= byte <= 0x9F for byte in raw) else "latin-1"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        raise ContentError(SourceLocation(path, 1), "is neither UTF-8 nor cp1252/latin-1 text; "
                           "save it as UTF-8") from None
    decoded = _checked(text, encoding, path)
    if _non_ascii_share(text) > _MAX_NON_ASCII_SHARE:
        raise ContentError(SourceLocation(path, 1), "is not UTF-8 and does not read as cp1252 or "
                           "latin-1 French text; save it as UTF-8")
    return decoded


def _checked(text: str, encoding: str, path: str) -> Decoded:
    controls = len(_CONTROL_CHARS.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise _binary(path)
    first = next((i for i, line in enumerate(text.splitlines(), 1) if not line.isascii()), 1)
    return Decoded(text=text, encoding=encoding, first_non_ascii_line=first)


def _binary(path: str) -> ContentError:
    return ContentError(SourceLocation(path, 1), "is a binary file, not text; "
                        "remove it from the seeds folder or export the article as UTF-8 text")


def _non_ascii_share(text: str) -> float:
    letters = [char for char in text if not char.isspace()]
    return sum(not char.isascii() for char in letters) / max(1, len(letters))


# --- structure -------------------------------------------------------------------------------

def split_paragraphs(text: str) -> list[tuple[int, list[str]]]:
    """(first line number, lines) of each blank-line-separated paragraph; lines trimmed."""
    paragraphs: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for number, raw_line in enumerate(text.splitlines(), 1):
        line = raw_line.strip(_ASCII_SPACE)
        if not line.strip():
            current = []
            continue
        if not current:
            paragraphs.append((number, current))
        current.append(line)
    return paragraphs


def parse_seed_text(text: str) -> SeedText:
    """Caption + credit (first line), then paragraphs, short unpunctuated lines as subheadings."""
    paragraphs = split_paragraphs(text.lstrip("\ufeff"))
    caption, credit = "", ""
    if paragraphs and len(paragraphs[0][1]) == 1 and len(paragraphs[0][1][0]) <= _MAX_CAPTION:
        caption, credit = split_caption(paragraphs[0][1][0])
        if credit:
            paragraphs = paragraphs[1:]
    blocks = [Block("\n".join(lines), line) for line, lines in paragraphs]
    front, blocks = _take_front_lines(blocks)
    return SeedText(caption=caption if credit else "", credit=credit,
                    blocks=tuple(_mark_headings(blocks)), **front)


_BYLINE = re.compile(r"^Par\s+(?P<name>[A-ZÀ-ÖØ-Þ][\w’'.-]*(?:\s+[\w’'.-]+){0,7})"
                     r"(?:\s*\([^()]{1,60}\))?$")
_MAX_FRONT_LINES = 5
_TITLE_END = "?!"
_MAX_HEADLINE_CHARS = 250
_MAX_HEADLINE_WORDS = 40
_CLOSING_QUOTES = "»”\"’"
_CREDIT_SLASH = re.compile(r"\s/\s*[A-ZÀ-ÖØ-Þ]")
_SENTENCE_BREAK = re.compile(r"[.!?…]\s+[«\"“]?\s*[A-ZÀ-ÖØ-Þ]")


def _take_front_lines(blocks: list[Block]) -> tuple[dict[str, Any], list[Block]]:
    """Title, `Par …` byline and `Publié le … / Mis à jour le …` lines above the first
    paragraph, taken out; a first paragraph repeating the title is dropped."""
    front: dict[str, Any] = {}
    index = 0
    while index < min(len(blocks) - 1, _MAX_FRONT_LINES):
        kind, value = _front_line(blocks[index].text, front, blocks[index + 1:])
        if kind is None:
            break
        if kind == "date":  # the publication date wins over an update date
            kind = "updated" if value.is_update else "published"
            value = value.date
        front.setdefault(kind, value)
        index += 1
    updated = front.pop("updated", None)
    if front.get("published") is None:
        front.pop("published", None)
        if updated is not None:
            front["published"] = updated
    rest = blocks[index:]
    if "title" in front and len(rest) > 1 and _same_text(rest[0].text, front["title"]):
        rest = rest[1:]
    return front, rest


def _front_line(text: str, front: dict[str, Any], following: list[Block]) -> tuple[str | None, Any]:
    date_line = read_date_line(text)
    if date_line is not None:
        return "date", date_line
    byline = _BYLINE.match(text)
    if "byline" not in front and byline and all(
            word[0].isupper() or word in _CONNECTORS | _PARTICLES for word in byline["name"].split()):
        return "byline", byline["name"]
    if "title" in front or "byline" in front or not is_headline(text, following):
        return None, None
    return "title", text


def is_headline(text: str, following: list[Block] | tuple[Block, ...] = ()) -> bool:
    """A title line: a subheading-like line (it may end in `?`/`!`), or a longer single line
    of one sentence with no final full stop (or ending in a quote) followed by the body."""
    if is_subheading(text) or (is_subheading(text[:-1].rstrip()) and text[-1:] in _TITLE_END):
        return True
    if not text or "\n" in text or len(text) > _MAX_HEADLINE_CHARS or _PAGE_FURNITURE.match(text):
        return False
    if len(text.split()) > _MAX_HEADLINE_WORDS or not (text[0].isupper() or text[0] in "«“\""):
        return False
    if _CREDIT_SLASH.search(text):  # `… le 7 mai 2020 / Christophe ARCHAMBAULT, AFP`: a caption
        return False
    is_quote_end = text[-1] in _CLOSING_QUOTES and text.rstrip(_CLOSING_QUOTES + " \u00a0\u202f")[-1:] \
        not in ".…"
    if (text[-1] in _FINAL_PUNCTUATION and not is_quote_end and text[-1] not in _TITLE_END) \
            or _SENTENCE_BREAK.search(text.rstrip(".!?…" + _CLOSING_QUOTES)):
        return False
    body = next((b.text for b in following if read_date_line(b.text) is None
                 and not _BYLINE.match(b.text)), "")
    return len(body) > len(text) or body[-1:] in ".!?…" + _CLOSING_QUOTES


def _same_text(first: str, second: str) -> bool:
    return " ".join(first.split()).casefold().rstrip(" .") == \
        " ".join(second.split()).casefold().rstrip(" .")


def _mark_headings(blocks: list[Block]) -> list[Block]:
    marked = []
    for index, block in enumerate(blocks):
        is_between = 0 < index < len(blocks) - 1
        if is_between and is_subheading(block.text) and not is_subheading(blocks[index + 1].text) \
                and read_date_line(block.text) is None:
            block = Block(block.text, block.line, is_heading=True)
        marked.append(block)
    return marked


_FINAL_PUNCTUATION = ".,;:!?…»”\"')]–—-/"
_MAX_HEADING_CHARS = 90
_MAX_HEADING_WORDS = 14


_PAGE_FURNITURE = re.compile(
    r"^(?:[àa]\s+)?(?:lire|voir|regarder|[ée]couter|relire)(?:\s+aussi|\s+notre|\s+la\s+suite|\s*[:|])"
    r"|^(?:le\s+monde\s+)?avec\s+(?-i:[A-Z]{2,})(?!\w)|^(?:vidéo|photo|infographie|podcast)\s*[:|]",
    re.IGNORECASE)
"""`Lire aussi : …`, `Voir : …`, `Le Monde avec AFP`: links and signatures, not headings."""


def is_subheading(text: str) -> bool:
    """A single short line starting with a capital, with no final punctuation."""
    return (
        bool(text)
        and "\n" not in text
        and len(text) <= _MAX_HEADING_CHARS
        and len(text.split()) <= _MAX_HEADING_WORDS
        and text[0].isupper()
        and text[-1] not in _FINAL_PUNCTUATION
        and any(char.islower() for char in text)
        and not _PAGE_FURNITURE.match(text)
    )


# --- caption and credit ----------------------------------------------------------------------

_SLASH = re.compile(r"\s*/\s*")
_CREDIT_PREFIX = re.compile(r"^(?:©|\(c\)|photo\s*:|crédits?(?:\s+photo)?\s*:)\s*", re.IGNORECASE)
_CONNECTORS = frozenset({"pour", "avec", "via", "et", "for"})
_PARTICLES = frozenset({"de", "du", "des", "la", "le", "les", "van", "von", "der", "den", "di",
                        "da", "dos", "do", "y", "d'", "d’", "l'", "l’"})
_MAX_CREDIT_WORDS = 6
_MAX_ACRONYM = 4


def split_caption(line: str) -> tuple[str, str]:
    """`caption / NAME / AGENCY` -> (caption, `Name / AGENCY`); ('', '') without a credit."""
    copyright_sign = re.fullmatch(r"(?P<caption>.+?)\s*©\s*(?P<credit>[^©]+)", line)
    if copyright_sign and _credit_parts(_SLASH.split(copyright_sign["credit"])):
        parts = _credit_parts(_SLASH.split(copyright_sign["credit"]))
        return copyright_sign["caption"].rstrip(" /"), format_credit(parts)
    bracketed = re.fullmatch(r"(?P<caption>.+?)\s*\((?P<credit>[^()]+/[^()]+)\)", line)
    if bracketed and _credit_parts(_SLASH.split(bracketed["credit"])):
        parts = _credit_parts(_SLASH.split(bracketed["credit"]))
        return bracketed["caption"].strip(), format_credit(parts)
    separators = list(_SLASH.finditer(line))
    for separator in separators:
        head, tail = line[:separator.start()], line[separator.end():]
        parts = _SLASH.split(tail)
        if head.strip() and _credit_parts(parts):
            head, photographer = _split_photographer(head.strip())
            return head, format_credit(_credit_parts([*photographer, *parts]))
    return "", ""


_TRAILING_NAME = re.compile(r"(?<=[.!?…»)])\s+(?P<name>[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]+(?:\s+[A-ZÀ-ÖØ-Þ'’-]+)+)$")


def _split_photographer(head: str) -> tuple[str, list[str]]:
    """`… le 24 septembre. ODD ANDERSEN` -> (`… le 24 septembre.`, [`ODD ANDERSEN`])."""
    match = _TRAILING_NAME.search(head)
    if match is None:
        return head, []
    return head[:match.start()], [match["name"]]


def _credit_parts(parts: list[str]) -> list[str]:
    """The parts with any `©`/`Photo :` prefix dropped, or [] when they are not a credit."""
    cleaned = [_CREDIT_PREFIX.sub("", part.strip()) for part in parts]
    if not cleaned or not all(_is_credit_part(part) for part in cleaned):
        return []
    is_shouted = any(_is_upper(part) for part in cleaned)
    return cleaned if is_shouted else []


def _is_credit_part(part: str) -> bool:
    words = [word for word in part.split() if any(char.isalnum() for char in word)]
    if not words or len(words) > _MAX_CREDIT_WORDS or re.search(r"[.,;:!?]\s|[.;:!?]$", part):
        return False
    return all(_is_credit_word(word) for word in words)


def _is_credit_word(word: str) -> bool:
    core = word.strip("«»\"“”")
    if not core or core.lower() in _CONNECTORS | _PARTICLES:
        return True
    return core[0].isupper() or core[0].isdigit()


def _is_upper(part: str) -> bool:
    letters = [char for word in part.split() if word.lower() not in _CONNECTORS
               for char in word if char.isalpha()]
    return bool(letters) and all(char.isupper() for char in letters)


def format_credit(parts: list[str]) -> str:
    """Photographer names in normal case, short agency acronyms kept: `Jean-Paul Martin / AFP`."""
    *people, agency = parts
    shown = [_normal_case(part, is_agency=False) for part in people]
    return " / ".join([*shown, _normal_case(agency, is_agency=True)])


def _normal_case(part: str, *, is_agency: bool) -> str:
    if not _is_upper(part):
        return part
    words = part.split()
    is_alone = len(words) == 1
    starts = [index == 0 or words[index - 1] in ("«", "“") for index in range(len(words))]
    return " ".join(_normal_word(word, is_start, is_agency=is_agency, is_alone=is_alone)
                    for word, is_start in zip(words, starts, strict=True))


def _is_acronym(word: str, *, is_alone: bool) -> bool:
    """`AFP`, `AP`, `EPA`; a lone agency word of four letters (`SIPA`) too."""
    letters = sum(char.isalpha() for char in word)
    return letters <= _MAX_ACRONYM - 1 or (is_alone and letters <= _MAX_ACRONYM)


def _normal_word(word: str, is_start: bool, *, is_agency: bool, is_alone: bool) -> str:
    lower = word.lower()
    if lower in _CONNECTORS or (not is_start and lower in _PARTICLES):
        return lower
    if is_agency and _is_acronym(word, is_alone=is_alone) and lower not in _PARTICLES:
        return word
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), word)


# --- Markdown --------------------------------------------------------------------------------

_INLINE_SPECIAL = re.compile(r"[\\`*_<\[\]~]|&(?=#?\w+;)")
_BLOCK_START = re.compile(
    r"^(?:#{1,6}(?=[ \t]|$)|>|[-+*](?=[ \t]|$)|[|:](?=[ \t]|$|\|)|[-=|:+*_~ \t]+$)")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=[ \t]|$)")


def escape_inline(text: str) -> str:
    """Backslash-escape the characters that start inline Markdown (emphasis, code, links, HTML)."""
    return _INLINE_SPECIAL.sub(lambda m: "\\" + m.group(0), text)


def escape_line(line: str) -> str:
    """One line of a paragraph, so that it can never start a block (heading, list, quote, …)."""
    line = escape_inline(line)
    if _ORDERED.match(line):
        return _ORDERED.sub(r"\1\\\2", line, count=1)
    if _BLOCK_START.match(line) or line.startswith("|"):
        return "\\" + line if line[0] != "\\" else line
    return line


def escape_heading(text: str) -> str:
    return escape_inline(text).replace("#", "\\#")


def build_markdown(blocks: tuple[Block, ...]) -> str:
    """The article body: `## ` subheadings and escaped paragraphs, blank-line separated."""
    parts = []
    for block in blocks:
        if block.is_heading:
            parts.append("## " + escape_heading(block.text))
        else:
            parts.append("\n".join(escape_line(line) for line in block.text.split("\n")))
    return "\n\n".join(parts) + "\n" if parts else ""


def plain_text(blocks: tuple[Block, ...]) -> str:
    return "\n\n".join(block.text for block in blocks)


_WORD = re.compile(r"[^\W_]+(?:[-’'][^\W_]+)*")


def count_words(text: str) -> int:
    """Words as a reader counts them: `l’Europe` and `pro-démocratie` are one word each."""
    return len(_WORD.findall(text))
