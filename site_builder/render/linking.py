"""Entity links in article Markdown, and the sentence around a mention.

Which mentions become links is decided on the source offsets (`choose_links`), so the link
text is exactly the original characters (typographic apostrophes, U+00A0 spaces included).
Only paragraph text is touched: never headings, code, existing links, bracketed text or
footnote definitions. render_markdown.py turns the chosen mentions into link tokens during
the one parse of the article (`paragraph_targets` gives their offsets in each paragraph's
inline content); `link_mentions` writes them as Markdown link syntax instead (its fallback).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from site_builder.model import EntityKind, Mention

_UNSAFE_CHARS = frozenset("[]`*_<>\\!&|\n")
"""A mention containing one of these could change the Markdown around it: left unlinked."""
_PROTECTED = re.compile(r"`+[^`]*`+|!?\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])?|<[^>\n]+>")
"""Code spans, links, images, footnote references, bracketed text and autolinks."""
_SENTENCE_END = re.compile(r"[.!?…][»”\"')\u00a0\u202f]*\s+|\n")
MAX_SENTENCE = 320


@dataclass(frozen=True)
class Block:
    """A paragraph of the source, as offsets, and the section (heading count) it is in."""

    start: int
    end: int
    section: int


def link_mentions(source: str, mentions: Iterable[Mention], tokens: Sequence[Token],
                  urls: Mapping[tuple[EntityKind, str], str]) -> str:
    """Markdown with the first mention of each entity in each section made a link.

    `tokens` are markdown-it's block tokens for `source`; `urls` maps (kind, slug) to the
    entity page, and entities absent from it (unknown, hidden) are not linked.
    """
    chosen = choose_links(source, mentions, paragraph_blocks(source, tokens), urls)
    pieces: list[str] = []
    cursor = 0
    for mention in chosen:
        url = urls[(mention.kind, mention.slug)]
        pieces += [source[cursor:mention.start], f"[{mention.text}](<{url}>)"]
        cursor = mention.end
    pieces.append(source[cursor:])
    return "".join(pieces)


def choose_links(source: str, mentions: Iterable[Mention], blocks: Sequence[Block],
                 urls: Mapping[tuple[EntityKind, str], str]) -> list[Mention]:
    """The mentions to link, in text order: first per (section, entity), never overlapping."""
    protected = [m.span() for b in blocks for m in _PROTECTED.finditer(source, b.start, b.end)]
    seen: set[tuple[int, EntityKind, str]] = set()
    chosen: list[Mention] = []
    block_of = _block_finder(blocks)
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        block = block_of(mention)
        key = (block.section if block else -1, mention.kind, mention.slug)
        if (block is None or key in seen or (mention.kind, mention.slug) not in urls
                or not _is_linkable(source, mention, protected)
                or (chosen and mention.start < chosen[-1].end)):
            continue
        seen.add(key)
        chosen.append(mention)
    return chosen


def paragraph_blocks(source: str, tokens: Sequence[Token]) -> list[Block]:
    """Offsets of every paragraph's text; `section` counts the headings before it."""
    return [block for block, _ in paragraph_inlines(source, tokens)]


def paragraph_inlines(source: str, tokens: Sequence[Token]) -> list[tuple[Block, Token]]:
    """Every paragraph as a Block and its `inline` token, outside footnote definitions."""
    line_starts = _line_starts(source)
    found: list[tuple[Block, Token]] = []
    section = 0
    for previous, token in zip([None, *tokens], _outside_footnotes(tokens), strict=False):
        if token is None:
            continue
        if token.type == "heading_open":
            section += 1
        elif token.type == "inline" and previous is not None and previous.type == "paragraph_open":
            first, last = token.map or previous.map or (0, 0)
            found.append((Block(line_starts[first], line_starts[last], section), token))
    return found


def paragraph_targets(source: str, mentions: Iterable[Mention], tokens: Sequence[Token],
                      urls: Mapping[tuple[EntityKind, str], str]
                      ) -> dict[int, dict[int, Mention]] | None:
    """id(inline token) -> {offset in its content: mention} for the mentions to link.

    None when an offset cannot be placed exactly (the caller falls back to `link_mentions`)."""
    paragraphs = paragraph_inlines(source, tokens)
    chosen = choose_links(source, mentions, [block for block, _ in paragraphs], urls)
    inlines = {block: token for block, token in paragraphs}
    block_of = _block_finder(list(inlines))
    line_starts = _line_starts(source)
    targets: dict[int, dict[int, Mention]] = {}
    for mention in chosen:
        block = block_of(mention)
        token = inlines[block] if block is not None else None
        offset = None if token is None else content_offset(source, line_starts, token, mention)
        if offset is None:
            return None
        targets.setdefault(id(token), {})[offset] = mention
    return targets


def content_offset(source: str, line_starts: Sequence[int], token: Token,
                   mention: Mention) -> int | None:
    """Where `mention` starts in a paragraph's inline content (its lines, container markers
    and indentation removed, stripped), found from the end of its line; None if unsure."""
    lines = token.content.split("\n")
    index = bisect_right(line_starts, mention.start) - 1 - (token.map or (0, 0))[0]
    if not 0 <= index < len(lines):
        return None
    end = source.find("\n", mention.start)
    tail = source[mention.start:len(source) if end < 0 else end]
    tail = tail.rstrip() if index == len(lines) - 1 else tail
    if len(tail) < len(mention.text) or not lines[index].endswith(tail):
        return None
    offset = sum(len(line) + 1 for line in lines[:index]) + len(lines[index]) - len(tail)
    return offset if token.content.startswith(mention.text, offset) else None


def mention_sentence(source: str, start: int, end: int) -> tuple[str, str, str]:
    """(before, mention, after): the sentence holding source[start:end], cut to a sane length."""
    begin = window = max(0, start - 4 * MAX_SENTENCE)
    for match in _SENTENCE_END.finditer(source, window, start):
        begin = match.end()
    found = _SENTENCE_END.search(source, end)
    stop = len(source) if found is None else found.end()
    before, after = source[begin:start].lstrip("# "), source[end:stop].rstrip()
    room = max(MAX_SENTENCE - (end - start), 40) // 2
    if len(before) > room:
        before = "… " + before[-room:].split(" ", 1)[-1]
    if len(after) > room:
        after = after[:room].rsplit(" ", 1)[0] + " …"
    return before, source[start:end], after


def _is_linkable(source: str, mention: Mention, protected: list[tuple[int, int]]) -> bool:
    if source[mention.start:mention.end] != mention.text or not mention.text.strip():
        return False
    if _UNSAFE_CHARS.intersection(mention.text):
        return False
    return not any(a < mention.end and mention.start < b for a, b in protected)


def _block_finder(blocks: Sequence[Block]) -> Callable[[Mention], Block | None]:
    """_block_of for many mentions: a binary search when the blocks are in order and apart."""
    if any(a.end > b.start for a, b in zip(blocks, blocks[1:], strict=False)):
        return lambda mention: _block_of(mention, blocks)
    starts = [block.start for block in blocks]

    def find(mention: Mention) -> Block | None:
        index = bisect_right(starts, mention.start) - 1
        block = blocks[index] if index >= 0 else None
        return block if block is not None and mention.end <= block.end else None

    return find


def _block_of(mention: Mention, blocks: Sequence[Block]) -> Block | None:
    for block in blocks:
        if block.start <= mention.start and mention.end <= block.end:
            return block
    return None


def _outside_footnotes(tokens: Sequence[Token]) -> list[Token | None]:
    """`tokens` with those of footnote definitions replaced by None (they are never linked)."""
    inside = False
    kept: list[Token | None] = []
    for token in tokens:
        if token.type in ("footnote_reference_open", "footnote_reference_close"):
            inside = token.type == "footnote_reference_open"
            kept.append(None)
        else:
            kept.append(None if inside else token)
    return kept


def _line_starts(source: str) -> list[int]:
    return [0, *(match.end() for match in re.finditer("\n", source)), len(source)]
