"""linking: first mention per section linked, exact characters, never in headings or links."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from site_builder.model import EntityKind, Mention
from site_builder.render.linking import link_mentions, mention_sentence, paragraph_blocks

A, P = EntityKind.ACTOR, EntityKind.PLACE
URLS = {(A, "jean-dupont"): "/actors/jean-dupont/", (P, "lyon"): "/places/lyon/",
        (A, "l-onu"): "/actors/l-onu/"}


def _all(source: str, text: str, slug: str, kind: EntityKind = A) -> list[Mention]:
    """Every occurrence of `text` in `source` as a Mention (offsets computed, not typed)."""
    found, start = [], 0
    while (index := source.find(text, start)) >= 0:
        found.append(Mention(index, index + len(text), text, "PER", slug, kind))
        start = index + len(text)
    return found


def _link(source: str, mentions: list[Mention]) -> str:
    md = MarkdownIt("commonmark").enable("table")
    return link_mentions(source, mentions, md.parse(source), URLS)


def test_first_mention_in_each_section_is_linked() -> None:
    source = ("Jean Dupont arrive. Jean Dupont repart.\n\n## Suite\n\n"
              "Puis Jean Dupont revient.\n")
    linked = _link(source, _all(source, "Jean Dupont", "jean-dupont"))
    assert linked == ("[Jean Dupont](</actors/jean-dupont/>) arrive. Jean Dupont repart.\n\n"
                      "## Suite\n\nPuis [Jean Dupont](</actors/jean-dupont/>) revient.\n")


def test_heading_mentions_are_never_linked_and_do_not_use_up_the_section() -> None:
    source = "## Jean Dupont à Lyon\n\nHier, Jean Dupont était à Lyon.\n"
    mentions = _all(source, "Jean Dupont", "jean-dupont") + _all(source, "Lyon", "lyon", P)
    linked = _link(source, mentions)
    assert linked.splitlines()[0] == "## Jean Dupont à Lyon"
    assert linked.splitlines()[2] == ("Hier, [Jean Dupont](</actors/jean-dupont/>) était à "
                                      "[Lyon](</places/lyon/>).")


def test_exact_characters_with_typographic_apostrophe_and_no_break_space_are_kept() -> None:
    text = "l’Organisation des Nations\u00a0unies"
    source = f"Selon {text}, rien.\n"
    linked = _link(source, [Mention(6, 6 + len(text), text, "ORG", "l-onu", A)])
    assert linked == f"Selon [{text}](</actors/l-onu/>), rien.\n"


@pytest.mark.parametrize("source", [
    "Voir [Jean Dupont](https://exemple.fr) ici.\n",
    "Le code `Jean Dupont` reste.\n",
    "    Jean Dupont dans un bloc de code.\n",
    "<https://exemple.fr/Jean Dupont>\n",
    "Site : <https://exemple.fr/Lyon> et [Lyon][ref].\n\n[ref]: https://exemple.fr\n",
])
def test_mentions_inside_links_and_code_stay_as_they_are(source: str) -> None:
    mentions = _all(source, "Jean Dupont", "jean-dupont") + _all(source, "Lyon", "lyon", P)
    assert _link(source, mentions) == source


def test_overlapping_mentions_give_a_single_link() -> None:
    source = "Jean Dupont de Lyon parle.\n"
    long = Mention(0, 19, "Jean Dupont de Lyon", "PER", "jean-dupont", A)
    inner = Mention(15, 19, "Lyon", "LOC", "lyon", P)
    assert _link(source, [inner, long]) == "[Jean Dupont de Lyon](</actors/jean-dupont/>) parle.\n"


def test_stale_offsets_unknown_entities_and_markdown_characters_are_skipped() -> None:
    source = "Jean Dupont et *Lyon* et Marc.\n"
    stale = Mention(1, 12, "Jean Dupont", "PER", "jean-dupont", A)
    unknown = Mention(25, 29, "Marc", "PER", "marc", A)
    emphasised = Mention(15, 21, "*Lyon*", "LOC", "lyon", P)
    assert _link(source, [stale, unknown, emphasised]) == source


def test_rendered_html_has_one_anchor_per_linked_mention() -> None:
    md = MarkdownIt("commonmark")
    source = "Jean Dupont, puis Jean Dupont.\n"
    html = md.render(link_mentions(source, _all(source, "Jean Dupont", "jean-dupont"),
                                   md.parse(source), URLS))
    assert html == '<p><a href="/actors/jean-dupont/">Jean Dupont</a>, puis Jean Dupont.</p>\n'


def test_paragraph_blocks_count_sections() -> None:
    source = "Un.\n\n## Titre\n\nDeux\ntrois.\n"
    blocks = paragraph_blocks(source, MarkdownIt("commonmark").parse(source))
    assert [(source[b.start:b.end], b.section) for b in blocks] == [("Un.\n", 0), ("Deux\ntrois.\n", 1)]


def test_mention_sentence_is_the_sentence_around_the_mention() -> None:
    source = "Premier point. Hier, Jean Dupont a parlé « longtemps ». Autre chose.\n"
    start = source.index("Jean")
    assert mention_sentence(source, start, start + 11) == (
        "Hier, ", "Jean Dupont", " a parlé « longtemps ».")


def test_mention_sentence_is_cut_when_very_long() -> None:
    source = "mot " * 200 + "Jean Dupont" + " fin" * 200
    start = source.index("Jean")
    before, mention, after = mention_sentence(source, start, start + 11)
    assert mention == "Jean Dupont"
    assert before.startswith("… ") and after.endswith(" …")
    assert len(before) + len(after) < 400
