"""render_markdown: entity links placed as tokens in one parse give exactly the HTML of links
written into the Markdown and parsed (linking.link_mentions, the fallback)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from site_builder.model import Article, EntityKind, Mention, SourceLocation
from site_builder.render.linking import link_mentions
from site_builder.render.render_markdown import make_block_parser, make_markdown, render_markdown

A, P = EntityKind.ACTOR, EntityKind.PLACE
NAMES = (("Jean Dupont", "jean-dupont", A), ("Lyon", "lyon", P), ("l’ONU", "l-onu", A),
         ("Saint-Étienne", "saint-etienne", P))
URLS = {(kind, slug): f"/{'actors' if kind is A else 'places'}/{slug}/" for _, slug, kind in NAMES}
MD, BLOCKS = make_markdown(), make_block_parser()
_ENTITY_LINK = re.compile(r'<a href="[^"]*" class="entity entity-\w+">(.*?)</a>')


def _article(body: str) -> Article:
    found = []
    for text, slug, kind in NAMES:
        start = 0
        while (index := body.find(text, start)) >= 0:
            found.append(Mention(index, index + len(text), text, "X", slug, kind))
            start = index + len(text)
    return Article(source=SourceLocation("content/articles/a.md"), slug="a", title="A",
                   date=dt.date(2020, 1, 1), body_md=body, mentions=tuple(found))


def _by_link_syntax(body: str) -> str:
    """The reference: links written as Markdown link syntax, then a full parse."""
    article = _article(body)
    linked = link_mentions(body, article.mentions, BLOCKS.parse(body, {}), URLS)
    return render_markdown(MD, linked, article=None, urls=URLS).html


CASES = [
    "Jean Dupont est à Lyon. Jean Dupont repart.\n\n## Suite\n\nPuis Jean Dupont revient.\n",
    "> Jean Dupont cite\n> l’ONU à Lyon.\n\n- Lyon, dit *Jean Dupont*\n- encore Lyon\n",
    "1. Jean Dupont\n   et l’ONU\n2. Saint-Étienne\n\n   Lyon en retrait.\n",
    "Texte\u00a0Jean Dupont\u00a0\n  Lyon suivi  \nde l’ONU.   \n",
    "\tJean Dupont en code\n\nPuis `Lyon` et [Lyon](https://x.org) puis Lyon.\n",
    "Un renvoi[^1] à Lyon.\n\n[^1]: Jean Dupont à Lyon.\n\nEt Jean Dupont ensuite.\n",
    "| Lyon | Jean Dupont |\n|---|---|\n| l’ONU | x |\n\nLyon après la table.\n",
    "Une note ^[en ligne à Lyon] puis Lyon et **Saint-Étienne**.\n",
    "Jean Dupont\n===\n\nLyon\n---\n\nJean Dupont et Lyon.\n",
    "Échappé \\*Lyon\\* et &amp; Jean Dupont &eacute; [x]\nLyon <b>Lyon</b>\n",
]


@pytest.mark.parametrize("body", CASES)
def test_links_as_tokens_equal_links_as_markdown(body: str) -> None:
    html = render_markdown(MD, body, article=_article(body), urls=URLS, blocks=BLOCKS).html
    assert html == _by_link_syntax(body)
    assert 'class="entity entity-' in html


def test_windows_line_ends_fall_back_to_link_syntax() -> None:
    body = "Jean Dupont à Lyon.\r\n\r\nPuis Lyon.\r\n"
    html = render_markdown(MD, body, article=_article(body), urls=URLS, blocks=BLOCKS).html
    assert html == _by_link_syntax(body)
    assert html.count('class="entity entity-place"') == 1


def test_no_mentions_and_empty_source() -> None:
    assert render_markdown(MD, "  \n").html == Markup("")
    assert "<em>note</em>" in render_markdown(MD, "Une *note*.").html


_PIECES = st.sampled_from(["Jean Dupont", "Lyon", "l’ONU", "Saint-Étienne", " ", "\n", "\n\n",
                           "## ", "> ", "- ", "1. ", "*", "_", "`", "[", "]", "(x)", "\\", "&amp;",
                           "\u00a0", "  ", "\t", "mot", ".", "^[", "[^1]", "[^1]: ", "|", "---"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_links_never_change_the_rest_of_the_html(body: str) -> None:
    """Without its entity links, the HTML is the article's own; or, when a link could not be
    placed as a token, it is the HTML of the link syntax (the fallback)."""
    html = render_markdown(MD, body, article=_article(body), urls=URLS, blocks=BLOCKS).html
    unlinked = _ENTITY_LINK.sub(r"\1", html)
    assert unlinked == render_markdown(MD, body).html or html == _by_link_syntax(body)


def test_emphasis_around_a_mention_stays_emphasis() -> None:
    """Link syntax next to `*` changed what the `*` meant; link tokens do not."""
    body = "Jean DupontJean Dupont*Lyon*\n"
    html = render_markdown(MD, body, article=_article(body), urls=URLS, blocks=BLOCKS).html
    assert '<em><a href="/places/lyon/" class="entity entity-place">Lyon</a></em>' in html


def test_a_mention_after_an_exclamation_mark_is_a_link_not_an_image() -> None:
    """Link syntax written after `!` became an image; a link token cannot."""
    body = "Alors !Lyon ici.\n"
    html = render_markdown(MD, body, article=_article(body), urls=URLS, blocks=BLOCKS).html
    assert html == ('<p>Alors\u202f!<a href="/places/lyon/" class="entity entity-place">Lyon</a> '
                    'ici.</p>\n')


# --- French typography ------------------------------------------------------------------------

def test_french_text_gets_no_break_spaces_and_keeps_its_links() -> None:
    body = "Lyon a dit : « Nous viendrons ! » Pourquoi ? Parce que ; voilà.\n\n## Bilan : Lyon\n"
    html = render_markdown(MD, body, article=_article(body), urls=URLS, blocks=BLOCKS).html
    assert html.startswith(
        '<p><a href="/places/lyon/" class="entity entity-place">Lyon</a> a dit\u00a0: '
        "«\u202fNous viendrons\u202f!\u202f» Pourquoi\u202f? Parce que\u202f; voilà.</p>")
    assert "Bilan\u00a0: " in html
    assert " »" not in html and "« " not in html


def test_a_text_in_another_language_keeps_its_spaces() -> None:
    body = "He said : « yes » !\n"
    article = replace(_article(body), language="en")
    html = render_markdown(MD, body, article=article, urls=URLS, blocks=BLOCKS).html
    assert html == "<p>He said : « yes » !</p>\n"


def test_code_keeps_its_spaces() -> None:
    body = "Voir `a ; b` et :\n\n    x ? y\n"
    html = render_markdown(MD, body, article=_article(body), urls=URLS, blocks=BLOCKS).html
    assert "<code>a ; b</code>" in html and "x ? y" in html and "et\u00a0:" in html
