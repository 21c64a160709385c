"""update_tables gives exactly what build_tables gives, after any sequence of edits."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.entity_merge import CuratedEntity, build_tables
from site_builder.merge_delta import MergeState, update_tables
from site_builder.model import ArticleEntities, Entity, EntityKind, Geo, Mention, Quote

A, P = EntityKind.ACTOR, EntityKind.PLACE
_NAMES = ["Valence", "Paul Durand", "Anne Lefort", "Lyon", "Nantes", "Marc Vidal", "Valence 2",
          "Durand", "Anne Durand", "Vidal", "RCQ", "Racing Club Quimper"]
"""`Valence 2` is the slug a second place called Valence gets: renaming must avoid it.
`Durand`, `Vidal` and `RCQ` are short forms of the site's full names (`Durand` of two)."""
_ORGANISATIONS = {"RCQ", "Racing Club Quimper"}


def _entity(name: str, kind: EntityKind, *, geo_id: int | None = None, alias: str = "",
            latitude: float = 1.0) -> Entity:
    slug = name.lower().replace(" ", "-")
    geo = Geo(latitude, 2.0, "FR", geo_id) if geo_id is not None else None
    subkind = "city" if kind is P else "organisation" if name in _ORGANISATIONS else "person"
    return Entity(kind, slug, name if not alias else alias, subkind,
                  geo=geo, roles=("maire",) if alias else ())


def _result(entities: list[Entity], speaker: str | None = None) -> ArticleEntities:
    mentions = tuple(Mention(i * 10, i * 10 + 5, e.name, "PER" if e.kind is A else "LOC", e.slug, e.kind)
                     for i, e in enumerate(entities))
    quotes = (Quote("Texte cité.", speaker),) if speaker is not None else ()
    return ArticleEntities(mentions=mentions, entities=tuple(entities), quotes=quotes)


@st.composite
def _article(draw) -> ArticleEntities:
    entities = {}
    for name in draw(st.lists(st.sampled_from(_NAMES), max_size=4, unique=True)):
        kind = draw(st.sampled_from([A, P]))
        geo_id = draw(st.sampled_from([None, 1, 1, 1, 2])) if kind is P else None
        alias = draw(st.sampled_from(["", "", name.upper()]))
        latitude = draw(st.sampled_from([1.0, 3.0]))  # the first article's geo wins
        entities[name] = _entity(name, kind, geo_id=geo_id, alias=alias, latitude=latitude)
    # a speaker may be an actor another article names (then its quote follows that entity)
    speaker = draw(st.sampled_from([None, "inconnu", *(n.lower().replace(" ", "-") for n in _NAMES)]))
    return _result(list(entities.values()), speaker)


_CURATED = [
    CuratedEntity(Entity(A, "paul-durand", "Paul Durand", "person", hidden=True),
                  frozenset({"name", "hidden"}), True),
    CuratedEntity(Entity(A, "marc-vidal", "M. Vidal", "organisation"),
                  frozenset({"name", "kind"}), True),
    CuratedEntity(Entity(P, "brest", "Brest", "city"), frozenset({"name"}), True),
    CuratedEntity(Entity(P, "lyon", "Lyon", "city"), frozenset({"name"}), False),
    CuratedEntity(Entity(A, "vidal", "Vidal", "person"), frozenset({"name"}), True),
]


@settings(max_examples=300, deadline=None)
@given(st.lists(_article(), min_size=1, max_size=6),
       st.lists(st.tuples(st.integers(0, 5), _article()), min_size=1, max_size=5),
       st.sampled_from([(), ("Nantes",), ("anne-lefort",)]),
       st.sampled_from([(), tuple(_CURATED)]))
def test_updates_equal_a_merge_from_scratch(first, edits, stop_list, curated):
    state, articles = MergeState(), list(first)
    assert update_tables(state, articles, curated, stop_list) == build_tables(articles, curated, stop_list)
    for index, result in edits:
        articles[index % len(articles)] = result
        expected = build_tables(articles, curated, stop_list)
        tables = update_tables(state, articles, curated, stop_list)
        assert tables == expected
        assert list(tables.actors) == list(expected.actors)
        assert list(tables.places) == list(expected.places)


def test_an_edit_within_known_entities_reuses_the_other_articles_fields():
    durand, lyon = _entity("Paul Durand", A), _entity("Lyon", P, geo_id=1)
    articles = [_result([durand, lyon]), _result([lyon]), _result([durand])]
    state = MergeState()
    before = update_tables(state, articles, (), ())
    articles[1] = _result([lyon, durand])
    after = update_tables(state, articles, (), ())
    assert after.article_fields[0] is before.article_fields[0]
    assert after.article_fields[2] is before.article_fields[2]
    assert after.article_fields[1]["actors"] == ("paul-durand",)
    assert after == build_tables(articles, (), ())


def test_a_slug_shared_by_two_geonames_places_renames_one():
    articles = [_result([_entity("Valence", P, geo_id=1)]), _result([_entity("Lyon", P, geo_id=1)])]
    state = MergeState()
    update_tables(state, articles, (), ())
    articles[1] = _result([_entity("Valence", P, geo_id=2)])
    tables = update_tables(state, articles, (), ())
    assert tables == build_tables(articles, (), ())
    assert sorted(tables.places) == ["valence", "valence-2"]
    assert state.shared == {"valence"}


def test_an_edit_away_from_a_shared_slug_keeps_the_renamed_places():
    valence_1, valence_2 = _entity("Valence", P, geo_id=1), _entity("Valence", P, geo_id=2)
    articles = [_result([valence_1]), _result([valence_1]), _result([valence_2]), _result([])]
    state = MergeState()
    update_tables(state, articles, (), ())
    articles[3] = _result([_entity("Lyon", P, geo_id=7), _entity("Paul Durand", A)])
    tables = update_tables(state, articles, (), ())
    assert tables == build_tables(articles, (), ())
    assert tables.article_fields[2]["places"] == ("valence-2",)
    assert state.tables is tables  # updated, not merged again


def test_an_edit_naming_the_slug_a_renamed_place_took_merges_again():
    valence_1, valence_2 = _entity("Valence", P, geo_id=1), _entity("Valence", P, geo_id=2)
    articles = [_result([valence_1]), _result([valence_1]), _result([valence_2]), _result([])]
    state = MergeState()
    assert "valence-2" in update_tables(state, articles, (), ()).places
    articles[3] = _result([_entity("Valence 2", P)])  # takes the slug: the renamed place moves
    tables = update_tables(state, articles, (), ())
    assert tables == build_tables(articles, (), ())
    assert sorted(tables.places) == ["valence", "valence-2", "valence-2-2"]


def test_an_edit_that_changes_which_place_keeps_a_shared_slug_renames_the_others():
    valence_1, valence_2 = _entity("Valence", P, geo_id=1), _entity("Valence", P, geo_id=2)
    articles = [_result([valence_1]), _result([valence_2]), _result([_entity("Lyon", P, geo_id=5)])]
    state = MergeState()
    first = update_tables(state, articles, (), ())
    assert first.places["valence"].geo.geonames_id == 1  # a tie: the smaller id keeps it
    articles[2] = _result([valence_2])
    tables = update_tables(state, articles, (), ())
    assert tables == build_tables(articles, (), ())
    assert tables.places["valence"].geo.geonames_id == 2
    assert tables.article_fields[0]["places"] == ("valence-1",)


def test_a_short_form_joins_its_full_entity_and_an_edit_that_makes_it_ambiguous_merges_again():
    articles = [_result([_entity("Durand", A)]), _result([_entity("Paul Durand", A)]), _result([])]
    state = MergeState()
    tables = update_tables(state, articles, (), ())
    assert list(tables.actors) == ["paul-durand"] and tables.actors["paul-durand"].aliases == ("Durand",)
    assert tables.article_fields[0]["actors"] == ("paul-durand",)
    articles[2] = _result([_entity("Anne Durand", A)])
    tables = update_tables(state, articles, (), ())
    assert tables == build_tables(articles, (), ())
    assert sorted(tables.actors) == ["anne-durand", "durand", "paul-durand"]
    (duplicate,) = tables.duplicates
    assert duplicate.short == "Durand" and set(duplicate.candidates) == {"anne-durand", "paul-durand"}
