"""indexes.build_site: sorting, visible entities, articles per entity, counts, co-occurrences."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from site_builder.indexes import build_cooccurrences, build_site, sort_articles
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
    assert [a.slug for a in sort_articles(articles)] == ["c", "a", "b"]


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
    keys = [((A, "x"), (A, "y"), (P, "z")), ((A, "x"), (P, "z"))]
    table = build_cooccurrences(keys)
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
