"""Markdown -> HTML for article bodies and entity notes, parsed once, entity links as tokens.

An article's mentions become links during its one markdown-it parse: a core rule run
before inline parsing chooses them on the block tokens (linking.paragraph_targets), and an
inline rule emits each link, already rendered, as one `html_inline` token at its chosen
offset (the `text` rule stops there): the HTML a link_open/text/link_close triple would
render to, for a third of the tokens (an article has 80 links on average). When an offset
cannot be placed exactly, the article is rendered the old way: links written into the
Markdown as link syntax (linking.link_mentions), then parsed.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import inline as core_inline
from markdown_it.rules_core.state_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline import text as inline_text
from markdown_it.token import Token
from markupsafe import Markup
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from site_builder.model import Article, EntityKind, Mention
from site_builder.render.linking import link_mentions, paragraph_targets
from site_builder.render.pages import TocEntry
from site_builder.render.typography import french_spacing, is_french
from site_builder.slugs import slugify

_REQUEST = "site_builder.links"
"""env key: the EntityLinks of the article being parsed."""
_MENTIONS = "site_builder.mentions"
"""env key: the mentions of the article being parsed."""
_TARGETS = "site_builder.targets"
"""env key: id(inline token) -> {content offset: mention}, or None (fallback needed)."""
_CURRENT = "site_builder.current"
"""env key: (content string, sorted offsets, {offset: mention}) of the paragraph being parsed."""
_LINKED = "site_builder.linked"
"""env key: how many entity links were emitted (checked against the targets)."""
_FRENCH = "site_builder.french"
"""env key: true when the article is French (its links' text takes French spacing)."""


@dataclass(frozen=True)
class EntityLinks:
    """The entity pages' URLs, made once per render and shared by every article."""

    urls: Mapping[tuple[EntityKind, str], str]
    url_set: frozenset[str]
    hrefs: dict[str, str | None]
    """Cache: URL -> markdown-it's normalised href (None if it would refuse the URL)."""


def make_entity_links(urls: Mapping[tuple[EntityKind, str], str]) -> EntityLinks:
    return EntityLinks(urls, frozenset(urls.values()), {})


@dataclass(frozen=True)
class RenderedBody:
    html: Markup
    toc: tuple[TocEntry, ...]


def make_markdown() -> MarkdownIt:
    """CommonMark + tables + footnotes + heading anchors; raw HTML off (input is untrusted)."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=2, max_level=3, slug_func=slugify,
           permalink=True, permalinkSymbol="¶")
    md.core.ruler.before("inline", "entity_targets", _choose_targets)
    md.core.ruler.at("inline", _inline_with_targets)
    md.inline.ruler.before("text", "entity_link", _entity_link)
    md.inline.ruler.at("text", _text_until_target)
    return md


def make_block_parser() -> MarkdownIt:
    """The same block grammar without inline parsing: enough to find paragraphs and headings."""
    return make_markdown().disable("inline")


def render_markdown(md: MarkdownIt, source: str, *, article: Article | None = None,
                    urls: Mapping[tuple[EntityKind, str], str] | EntityLinks | None = None,
                    blocks: MarkdownIt | None = None) -> RenderedBody:
    """Markdown -> HTML and the table of contents; an article's mentions become links.

    `md` comes from make_markdown(); `urls` maps entities to their page (an EntityLinks
    shares the work between articles); `blocks` (make_block_parser()) serves the fallback."""
    if not source.strip():
        return RenderedBody(Markup(""), ())
    links = urls if isinstance(urls, EntityLinks) else make_entity_links(urls or {})
    env: dict[str, Any] = {}
    is_linked = article is not None and bool(article.mentions) and bool(links.urls)
    if is_linked and "\r" not in source and "\0" not in source:
        env[_REQUEST] = links
        env[_MENTIONS] = article.mentions
        env[_FRENCH] = is_french(article.language)
    tokens = md.parse(source, env)
    if is_linked and not _has_all_links(env):
        linked = link_mentions(source, article.mentions, (blocks or md).parse(source, {}),
                               links.urls)
        env = {}
        tokens = md.parse(linked, env)
    _mark_entity_links(tokens, links.url_set)
    if article is not None and is_french(article.language):
        _space_french_text(tokens)
    return RenderedBody(Markup(md.renderer.render(tokens, md.options, env)), _toc(tokens))


def _has_all_links(env: dict[str, Any]) -> bool:
    targets = env.get(_TARGETS)
    return targets is not None and env.get(_LINKED, 0) == sum(map(len, targets.values()))


def _choose_targets(state: StateCore) -> None:
    """Core rule before `inline`: the mentions to link, as offsets in each paragraph."""
    links = state.env.get(_REQUEST)
    if links is not None:
        state.env[_TARGETS] = paragraph_targets(state.src, state.env[_MENTIONS], state.tokens,
                                                links.urls)


def _inline_with_targets(state: StateCore) -> None:
    """markdown-it's core `inline` rule, telling the inline rules each paragraph's targets."""
    all_targets = state.env.get(_TARGETS)
    if not all_targets:
        core_inline(state)
        return
    for token in state.tokens:
        if token.type == "inline":
            targets = all_targets.get(id(token))
            state.env[_CURRENT] = (token.content, sorted(targets), targets) if targets else None
            if token.children is None:
                token.children = []
            state.md.inline.parse(token.content, state.md, state.env, token.children)
    state.env[_CURRENT] = None


def _entity_link(state: StateInline, silent: bool) -> bool:
    """Inline rule: at a chosen mention, a link to its entity page."""
    current = state.env.get(_CURRENT)
    if current is None or current[0] is not state.src:
        return False
    mention: Mention | None = current[2].get(state.pos)
    if mention is None or state.pos + len(mention.text) > state.posMax:
        return False
    href = _href(state, mention)
    if href is None:
        return False
    if not silent:
        text = french_spacing(mention.text) if state.env.get(_FRENCH) else mention.text
        kind = "actor" if mention.kind is EntityKind.ACTOR else "place"
        state.push("html_inline", "", 0).content = \
            f'<a href="{escapeHtml(href)}" class="entity entity-{kind}">{escapeHtml(text)}</a>'
        state.env[_LINKED] = state.env.get(_LINKED, 0) + 1
    state.pos += len(mention.text)
    return True


def _href(state: StateInline, mention: Mention) -> str | None:
    """The link target as markdown-it's link rule would make it (normalised, validated)."""
    links = state.env[_REQUEST]
    hrefs, url = links.hrefs, links.urls[(mention.kind, mention.slug)]
    if url not in hrefs:
        href = state.md.normalizeLink(url)
        hrefs[url] = href if state.md.validateLink(href) else None
    return hrefs[url]


def _text_until_target(state: StateInline, silent: bool) -> bool:
    """markdown-it's `text` rule, stopping at the next chosen mention."""
    current = state.env.get(_CURRENT)
    if current is None or current[0] is not state.src:
        return inline_text(state, silent)
    offsets = current[1]
    following = bisect_right(offsets, state.pos)
    stop = min(offsets[following], state.posMax) if following < len(offsets) else state.posMax
    found = state.md.inline.terminator_re.search(state.src, state.pos, stop)
    pos = found.start() if found else stop
    if pos == state.pos:
        return False
    if not silent:
        state.append_pending(state.src[state.pos:pos])
    state.pos = pos
    return True


def _mark_entity_links(tokens: list[Token], urls: frozenset[str]) -> None:
    for token in tokens:
        for child in token.children or ():
            if child.type == "link_open" and child.attrGet("href") in urls:
                kind = "actor" if "/actors/" in str(child.attrGet("href")) else "place"
                child.attrSet("class", f"entity entity-{kind}")


def _space_french_text(tokens: list[Token]) -> None:
    """No-break spaces inside « » and before ; : ! ? in the text tokens (typography.py): the
    parse is done, so the mention offsets and links are those of the text as written."""
    for token in tokens:
        for child in token.children or ():
            if child.type == "text":
                child.content = french_spacing(child.content)


def _toc(tokens: list[Token]) -> tuple[TocEntry, ...]:
    entries = []
    for opening, inline in zip(tokens, tokens[1:], strict=False):
        if opening.type == "heading_open" and opening.attrGet("id"):
            text = "".join(c.content for c in inline.children or () if c.type in ("text", "code_inline"))
            entries.append(TocEntry(int(opening.tag[1]), str(opening.attrGet("id")), text.strip()))
    return tuple(entries)
