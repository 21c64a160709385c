"""update_site gives exactly what build_site gives, after any sequence of edits."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.index_delta import IndexState, update_site
from site_builder.indexes import build_site
from site_builder.model import Article, Entity, EntityKind, Mention, SiteConfig, SourceLocation

A, P = EntityKind.ACTOR, EntityKind.PLACE
CFG = SiteConfig(root=Path("/site"))
ACTORS = {slug: Entity(A, slug, slug.title(), "person") for slug in ("ana", "bruno", "chloe")}
PLACES = {slug: Entity(P, slug, slug.title(), "city") for slug in ("ana", "lyon", "nice")}
SLUGS = [("ana", A), ("bruno", A), ("chloe", A), ("ana", P), ("lyon", P), ("nice", P), ("zoe", A)]


def _article(slug: str, day: int, named: list[tuple[str, EntityKind]], listed: tuple[str, ...] = ()
             ) -> Article:
    mentions = tuple(Mention(i, i + 1, s, "PER" if k is A else "LOC", s, k) for i, (s, k) in enumerate(named))
    return Article(source=SourceLocation(f"content/articles/{slug}.md"), slug=slug, title=slug,
                   date=dt.date(2020, 5, day), body_md="Texte.", actors=listed, mentions=mentions)


_named = st.lists(st.sampled_from(SLUGS), max_size=6)
_listed = st.lists(st.sampled_from(["ana", "chloe", "zoe"]), max_size=2, unique=True).map(tuple)


@st.composite
def _site(draw) -> list[Article]:
    count = draw(st.integers(1, 6))
    return [_article(f"a{n}", draw(st.integers(1, 3)), draw(_named), draw(_listed)) for n in range(count)]


_MORE_ACTORS = {**ACTORS, "zoe": Entity(A, "zoe", "Zoé", "person")}
_tables = st.sampled_from([
    (ACTORS, PLACES), (ACTORS, PLACES), (_MORE_ACTORS, PLACES),
    ({k: v for k, v in ACTORS.items() if k != "bruno"}, {k: v for k, v in PLACES.items() if k != "nice"}),
])
"""The entity tables after an edit: an entity may come or go (then every article naming it
changes)."""


@st.composite
def _edit(draw) -> tuple[int, list[tuple[str, EntityKind]], tuple[str, ...], bool, tuple]:
    return draw(st.integers(0, 5)), draw(_named), draw(_listed), draw(st.booleans()), draw(_tables)


@settings(max_examples=300, deadline=None)
@given(_site(), st.lists(_edit(), min_size=1, max_size=6))
def test_updates_equal_an_index_from_scratch(articles, edits):
    state = IndexState()
    assert update_site(state, CFG, articles, ACTORS, PLACES) == build_site(CFG, articles, ACTORS, PLACES)
    for index, named, listed, new_date, (actors, places) in edits:
        old = articles[index % len(articles)]
        day = old.date.day % 3 + 1 if new_date else old.date.day
        articles[index % len(articles)] = _article(old.slug, day, named, listed)
        expected = build_site(CFG, articles, actors, places)
        site = update_site(state, CFG, articles, actors, places)
        assert site == expected
        for name in ("articles_by_entity", "mention_counts", "cooccurrences"):
            assert list(getattr(site, name)) == list(getattr(expected, name)), name


def test_an_edit_that_names_the_same_entities_keeps_the_indexes():
    articles = [_article("a", 1, [("ana", A), ("lyon", P)]), _article("b", 2, [("ana", A)])]
    state = IndexState()
    before = update_site(state, CFG, articles, ACTORS, PLACES)
    articles[0] = dataclasses.replace(articles[0], title="Nouveau titre",
                                      mentions=articles[0].mentions * 2)
    after = update_site(state, CFG, articles, ACTORS, PLACES)
    assert after.cooccurrences is before.cooccurrences
    assert after.articles_by_entity is before.articles_by_entity
    assert after.mention_counts[(A, "ana")] == 3
    assert after == build_site(CFG, articles, ACTORS, PLACES)


def test_an_entity_added_to_the_tables_updates_the_articles_naming_it():
    articles = [_article("a", 1, [("ana", A)])]
    state = IndexState()
    update_site(state, CFG, articles, ACTORS, PLACES)
    more = {**ACTORS, "zoe": Entity(A, "zoe", "Zoé", "person")}
    articles[0] = _article("a", 1, [("ana", A), ("zoe", A)])
    assert update_site(state, CFG, articles, more, PLACES) == build_site(CFG, articles, more, PLACES)
    assert state.site is not None and (A, "zoe") in state.site.articles_by_entity
