"""enrich._assemble with a memo (serve): unchanged articles and entities stay the same objects."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from site_builder.enrich.enrich import _assemble
from site_builder.model import (
    Article,
    ArticleEntities,
    Entity,
    EntityKind,
    Mention,
    SiteConfig,
    SourceLocation,
)

CFG = SiteConfig(root=Path("/tmp/site"))
VIDAL = Entity(EntityKind.ACTOR, "claire-vidal", "Claire Vidal", "person")
RENNES = Entity(EntityKind.PLACE, "rennes", "Rennes", "city")


def _article(name: str, body: str) -> Article:
    return Article(SourceLocation(f"content/articles/{name}.md"), name, name.title(), dt.date(2021, 3, 1), body)


def _result(*entities: Entity) -> ArticleEntities:
    mentions = tuple(Mention(i * 20, i * 20 + len(e.name), e.name, "PER", e.slug, e.kind)
                     for i, e in enumerate(entities))
    return ArticleEntities(mentions, entities, ())


def test_unchanged_articles_and_entities_are_the_same_objects() -> None:
    articles = [_article("a", "Claire Vidal à Rennes."), _article("b", "Claire Vidal.")]
    results = [_result(VIDAL, RENNES), _result(VIDAL)]
    memo: dict = {}
    first = _assemble(CFG, articles, results, (), extracted=0, assembled=memo)
    again = _assemble(CFG, articles, results, (), extracted=0, assembled=memo)
    assert all(x is y for x, y in zip(first.articles, again.articles, strict=True))
    assert again.actors["claire-vidal"] is first.actors["claire-vidal"]
    edited = [articles[0], dataclasses.replace(articles[1], body_md="Claire Vidal, encore.")]
    third = _assemble(CFG, edited, [results[0], _result(VIDAL, RENNES)], (), extracted=1, assembled=memo)
    assert third.articles[0] is first.articles[0] and third.articles[1] is not first.articles[1]
    assert third.articles[1].places == ("rennes",)
    plain = _assemble(CFG, edited, [results[0], _result(VIDAL, RENNES)], (), extracted=1)
    assert third == plain  # the memo changes identities, never values


def test_cache_keys_are_reused_only_for_the_same_article_and_settings() -> None:
    from site_builder.enrich.enrich import _cache_keys
    from site_builder.enrich.enrich_cache import build_cache_key

    articles = [_article("a", "Claire Vidal à Rennes."), _article("b", "Claire Vidal.")]
    memo: dict = {}
    expected = [build_cache_key(a.body_md, "d1", ()) for a in articles]
    assert _cache_keys(articles, "d1", (), memo) == expected == _cache_keys(articles, "d1", (), memo)
    edited = [articles[0], dataclasses.replace(articles[1], body_md="Autre texte.")]
    assert _cache_keys(edited, "d1", (), memo)[1] == build_cache_key("Autre texte.", "d1", ())
    assert _cache_keys(edited, "d2", (VIDAL,), memo) == [build_cache_key(a.body_md, "d2", (VIDAL,))
                                                        for a in edited]
    _cache_keys(edited[:1], "d2", (VIDAL,), memo)
    assert sorted(name for name in memo if name[0] == "key") == [("key", "content/articles/a.md")]


def test_with_kept_tables_an_edit_reassembles_only_its_article() -> None:
    from site_builder.enrich.entity_merge import MergeState

    articles = [_article(name, "Claire Vidal à Rennes.") for name in ("a", "b", "c")]
    results = [_result(VIDAL, RENNES), _result(VIDAL), _result(RENNES)]
    memo, merge = {}, MergeState()
    first = _assemble(CFG, articles, results, (), extracted=0, assembled=memo, merge=merge)
    articles[1] = dataclasses.replace(articles[1], body_md="Claire Vidal, à Rennes.")
    results[1] = _result(VIDAL, RENNES)
    second = _assemble(CFG, articles, results, (), extracted=1, assembled=memo, merge=merge)
    assert second.articles[0] is first.articles[0] and second.articles[2] is first.articles[2]
    assert second == _assemble(CFG, articles, results, (), extracted=1)
    articles.insert(0, _article("0", "Rennes."))  # another list: matched by file
    results.insert(0, _result(RENNES))
    third = _assemble(CFG, articles, results, (), extracted=1, assembled=memo, merge=merge)
    assert third.articles[1] is second.articles[0]
    assert third == _assemble(CFG, articles, results, (), extracted=1)
