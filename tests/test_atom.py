"""atom: the hand-written Atom documents are the bytes feedgen writes for the same fields,
for any text (escaping), with or without author, summary and categories."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from feedgen.feed import FeedGenerator
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.render.atom import AtomEntry, AtomFeed, AtomLink, atom_document, attribute, text

XML_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                   max_size=40).map(lambda value: "".join(
                       c for c in value if c in "\t\n\r" or ord(c) >= 0x20)).filter(
                           lambda value: "\ufffe" not in value and "\uffff" not in value)
NAMES = XML_TEXT.filter(lambda value: value.strip() != "")
DAYS = st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)).map(
    lambda day: dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC))
ENTRIES = st.builds(AtomEntry, id=NAMES, title=NAMES, updated=DAYS, link=NAMES, published=DAYS,
                    author=XML_TEXT, summary=XML_TEXT, categories=st.lists(NAMES, max_size=3).map(tuple))


def feedgen_document(feed: AtomFeed, entries: list[AtomEntry]) -> str:
    generator = FeedGenerator()
    generator.id(feed.id)
    generator.title(feed.title)
    generator.subtitle(feed.subtitle)
    generator.author({"name": feed.author})
    for link in feed.links:
        generator.link(href=link.href, rel=link.rel, type=link.type)
    generator.language(feed.language)
    generator.updated(feed.updated)
    generator.generator(feed.generator)
    for one in entries:
        entry = generator.add_entry(order="append")
        entry.id(one.id)
        entry.title(one.title)
        entry.link(href=one.link, rel="alternate", type="text/html")
        entry.published(one.published)
        entry.updated(one.updated)
        if one.author:
            entry.author({"name": one.author})
        if one.summary:
            entry.summary(one.summary)
        for term in one.categories:
            entry.category(term=term)
    return generator.atom_str(pretty=True).decode("utf-8")


def make_feed(title: str = "Le Site", subtitle: str = "Actualité", author: str = "Rédaction") -> AtomFeed:
    return AtomFeed(id="urn:uuid:1", title=title, updated=dt.datetime(2024, 3, 1, tzinfo=dt.UTC),
                    author=author, links=(AtomLink("/feed.xml", "self", "application/atom+xml"),
                                          AtomLink("/", "alternate", "text/html")),
                    subtitle=subtitle, language="fr")


@settings(max_examples=150, deadline=None)
@given(title=NAMES, subtitle=NAMES, author=NAMES, entries=st.lists(ENTRIES, max_size=4))
def test_the_document_is_the_one_feedgen_writes(title: str, subtitle: str, author: str,
                                                entries: list[AtomEntry]) -> None:
    feed = make_feed(title, subtitle, author)
    assert atom_document(feed, entries) == feedgen_document(feed, entries)


def test_a_feed_without_entries_is_valid_xml_with_its_language() -> None:
    root = ET.fromstring(atom_document(make_feed(), []).encode("utf-8"))
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"


def test_markup_and_quotes_are_escaped() -> None:
    assert text("a < b & « c »") == "a &lt; b &amp; « c »"
    assert attribute('say "x"\n') == "say &quot;x&quot;&#10;"


def test_characters_xml_cannot_hold_are_dropped_rather_than_sinking_the_feed() -> None:
    entry = AtomEntry(id="1", title="Titre\x07 coupé\x1b", updated=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
                      link="/a/", published=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    root = ET.fromstring(atom_document(make_feed(), [entry]).encode("utf-8"))
    assert root.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title").text \
        == "Titre coupé"
