"""indexes: sorting, visible entities, articles per entity, counts, co-occurrences; and that
any sequence of edits applied to one IndexState gives what one pass from an empty state gives."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.index.indexes import IndexState, build_site, update_site
from site_builder.model import Article, Entity, EntityKind, Mention, SiteConfig, SourceLocation

A, P = EntityKind.ACTOR, EntityKind.PLACE
CFG = SiteConfig(root=Path("/site"))


def _article(slug: str, day: int, *, actors: tuple[str, ...] = (), places: tuple[str, ...] = (),
             mentions: tuple[Mention, ...] = ()) -> Article:
    return Article(source=SourceLocation(f"content/articles/{slug}.md"), slug=slug, title=slug,
                   date=dt.date(2020, 5, day), body_md="Texte.", actors=actors, places=places,
                   mentions=mentions)


def _mention(slug: str, kind: EntityKind = A) -> Mention:
    return Mention(0, 1, "x", "PER" if kind is A else "LOC", slug, kind)


ACTORS = [Entity(A, "marie-curie", "Marie Curie", "person"),
          Entity(A, "cnrs", "CNRS", "organisation"),
          Entity(A, "cache", "Caché", "person", hidden=True)]
PLACES = [Entity(P, "lyon", "Lyon", "city"), Entity(P, "brest", "Brest", "city")]


def test_articles_are_newest_first_then_by_slug() -> None:
    articles = [_article("b", 1), _article("c", 3), _article("a", 1)]
    assert [a.slug for a in build_site(CFG, articles, [], []).articles] == ["c", "a", "b"]


def test_hidden_entities_have_no_page_and_unknown_slugs_are_ignored() -> None:
    site = build_site(CFG, [_article("a", 1, actors=("cache", "inconnu", "cnrs"))], ACTORS, PLACES)
    assert list(site.actors) == ["cnrs", "marie-curie"]
    assert site.articles_by_entity == {(A, "cnrs"): ("a",)}


def test_articles_by_entity_merges_front_matter_and_mentions_newest_first() -> None:
    articles = [_article("old", 1, actors=("marie-curie",)),
                _article("new", 9, mentions=(_mention("marie-curie"), _mention("lyon", P)))]
    site = build_site(CFG, articles, ACTORS, PLACES)
    assert site.articles_by_entity[(A, "marie-curie")] == ("new", "old")
    assert site.articles_by_entity[(P, "lyon")] == ("new",)


def test_mention_counts_count_every_mention_and_listed_entities_once() -> None:
    articles = [_article("a", 1, mentions=(_mention("cnrs"),) * 3),
                _article("b", 2, actors=("cnrs",))]
    assert build_site(CFG, articles, ACTORS, PLACES).mention_counts == {(A, "cnrs"): 4}


def test_cooccurrences_rank_by_shared_articles_then_slug() -> None:
    articles = [_article("a", 1, actors=("marie-curie", "cnrs"), places=("lyon",)),
                _article("b", 2, actors=("marie-curie",), places=("lyon", "brest")),
                _article("c", 3, actors=("cnrs",))]
    site = build_site(CFG, articles, ACTORS, PLACES)
    assert site.cooccurrences[(A, "marie-curie")] == ((P, "lyon", 2), (A, "cnrs", 1), (P, "brest", 1))
    assert site.cooccurrences[(P, "brest")] == ((A, "marie-curie", 1), (P, "lyon", 1))


def test_cooccurrences_are_symmetric() -> None:
    articles = [_article("a", 1, actors=("marie-curie", "cnrs"), places=("lyon",)),
                _article("b", 2, actors=("marie-curie",), places=("lyon",))]
    table = build_site(CFG, articles, ACTORS, PLACES).cooccurrences
    pairs = {(k, (kind, slug), n) for k, row in table.items() for kind, slug, n in row}
    assert pairs == {(b, a, n) for a, b, n in pairs}


def test_build_is_independent_of_input_order() -> None:
    articles = [_article("a", 1, actors=("cnrs", "marie-curie")), _article("b", 1, places=("lyon",))]
    first = build_site(CFG, articles, ACTORS, PLACES)
    second = build_site(CFG, articles[::-1], ACTORS[::-1], PLACES[::-1])
    assert first == second
    assert list(first.cooccurrences) == list(second.cooccurrences)


def test_entities_may_be_given_as_a_slug_mapping() -> None:
    as_list = build_site(CFG, [_article("a", 1, actors=("cnrs",))], ACTORS, PLACES)
    as_dict = build_site(CFG, [_article("a", 1, actors=("cnrs",))],
                         {e.slug: e for e in ACTORS}, {e.slug: e for e in PLACES})
    assert as_list == as_dict


def test_articles_sharing_a_slug_are_refused() -> None:
    with pytest.raises(ValueError, match="'a'"):
        build_site(CFG, [_article("a", 1), _article("a", 2)], ACTORS, PLACES)


# --- incremental: edits applied to one state equal one pass from empty ---------------------

_ENTITIES = {A: {s: Entity(A, s, s.title(), "person") for s in ("ana", "bruno", "chloe")},
             P: {s: Entity(P, s, s.title(), "city") for s in ("ana", "lyon", "nice")}}
_SLUGS = [("ana", A), ("bruno", A), ("chloe", A), ("ana", P), ("lyon", P), ("nice", P), ("zoe", A)]
_TABLES = [(_ENTITIES[A], _ENTITIES[P]),
           ({**_ENTITIES[A], "zoe": Entity(A, "zoe", "Zoé", "person")}, _ENTITIES[P]),
           ({k: v for k, v in _ENTITIES[A].items() if k != "bruno"},
            {k: v for k, v in _ENTITIES[P].items() if k != "nice"}),
           ({**_ENTITIES[A], "chloe": Entity(A, "chloe", "Chloé", "person", hidden=True)}, {})]
"""Entity tables an edit may leave: an entity may come, go or be hidden."""


def _named(slug: str, day: int, named: list[tuple[str, EntityKind]], listed: tuple[str, ...]
           ) -> Article:
    mentions = tuple(Mention(i, i + 1, s, "PER" if k is A else "LOC", s, k) for i, (s, k) in enumerate(named))
    return _article(slug, day, actors=listed, mentions=mentions)


_article_st = st.builds(_named, st.sampled_from([f"a{n}" for n in range(8)]), st.integers(1, 3),
                        st.lists(st.sampled_from(_SLUGS), max_size=6),
                        st.lists(st.sampled_from(["ana", "chloe", "zoe"]), max_size=2, unique=True).map(tuple))
_edit = st.tuples(st.sampled_from(["put", "put", "remove", "rename", "retitle"]), st.integers(0, 7),
                  _article_st, st.sampled_from(range(len(_TABLES))))
"""(what, which article, its new version, which entity tables): `put` adds or replaces the
article of that slug (new entities, date); `rename` gives an article another slug."""


def _apply(articles: dict[str, Article], edit: tuple) -> None:
    what, index, article, _ = edit
    slugs = sorted(articles)
    old = articles.get(slugs[index % len(slugs)]) if slugs else None
    if what == "put":
        articles[article.slug] = article
    elif old is not None and what == "remove":
        del articles[old.slug]
    elif old is not None and what == "rename" and article.slug not in articles:
        del articles[old.slug]
        articles[article.slug] = dataclasses.replace(old, slug=article.slug)
    elif old is not None and what == "retitle":
        articles[old.slug] = dataclasses.replace(old, title="Autre titre")


@settings(max_examples=300, deadline=None)
@given(st.lists(_article_st, max_size=6), st.lists(_edit, min_size=1, max_size=8))
def test_any_edit_sequence_equals_one_pass_from_empty(first, edits) -> None:
    articles = {article.slug: article for article in first}
    state = IndexState()
    update_site(state, CFG, list(articles.values()), *_TABLES[0])
    for edit in edits:
        _apply(articles, edit)
        tables = _TABLES[edit[3]]
        site = update_site(state, CFG, list(articles.values()), *tables)
        expected = build_site(CFG, list(articles.values())[::-1], *tables)
        assert site == expected
        assert site.articles == expected.articles
        for name in ("articles_by_entity", "mention_counts", "cooccurrences"):
            assert list(getattr(site, name)) == list(getattr(expected, name)), name


def test_an_edit_naming_the_same_entities_keeps_the_tables() -> None:
    articles = [_named("a", 1, [("ana", A), ("lyon", P)], ()), _named("b", 2, [("ana", A)], ())]
    state = IndexState()
    before = update_site(state, CFG, articles, *_TABLES[0])
    articles[0] = dataclasses.replace(articles[0], title="Nouveau titre", mentions=articles[0].mentions * 2)
    after = update_site(state, CFG, articles, *_TABLES[0])
    assert after.cooccurrences is before.cooccurrences
    assert after.articles_by_entity is before.articles_by_entity
    assert after.mention_counts[(A, "ana")] == 3
    assert after == build_site(CFG, articles, *_TABLES[0])
