"""Merging per-article results into the site's tables: pure, deterministic."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.enrich.curation_edits import CurationEdits
from site_builder.enrich.entity_merge import (
    CuratedEntity,
    MergeState,
    build_tables,
    choose_subkind,
    merge_group,
    resolve_slugs,
    update_tables,
)
from site_builder.model import ArticleEntities, Entity, EntityKind, Geo, Mention, Quote
from site_builder.slugs import slugify

A, P = EntityKind.ACTOR, EntityKind.PLACE


def _actor(name, slug, subkind="person", **kw):
    return Entity(A, slug, name, subkind, **kw)


def _result(*entities, quotes=()):
    mentions = tuple(Mention(i * 10, i * 10 + 5, e.name, "PER" if e.kind is A else "LOC", e.slug, e.kind)
                     for i, e in enumerate(entities))
    return ArticleEntities(mentions=mentions, entities=tuple(entities), quotes=tuple(quotes))


def test_majority_name_and_subkind_lists_unioned_geo_from_first_linked():
    group = [
        Entity(P, "lyon", "Lyon", "city", aliases=("Lugdunum",)),
        Entity(P, "lyon", "Lyon", "region", geo=Geo(45.75, 4.85, "FR", 2996944)),
        Entity(P, "lyon", "LYON", "city", geo=Geo(1.0, 1.0, "FR", 2996944)),
    ]
    merged = merge_group(group)
    assert (merged.name, merged.subkind) == ("Lyon", "city")
    assert merged.aliases == ("Lugdunum", "LYON")
    assert merged.geo == Geo(45.75, 4.85, "FR", 2996944)


def test_ties_are_broken_the_same_whatever_the_order():
    group = [_actor("M. Durand", "durand", "person", roles=("juge",)),
             _actor("Paul Durand", "durand", "organisation", roles=("avocat",))]
    results = {merge_group(list(order)) for order in itertools.permutations(group)}
    assert len(results) == 1
    merged = results.pop()
    assert (merged.name, merged.subkind, merged.roles) == ("Paul Durand", "person", ("avocat", "juge"))


def test_two_places_sharing_a_slug_get_distinct_slugs():
    big = Entity(P, "valence", "Valence", "city", geo=Geo(44.9, 4.9, "FR", 2971053))
    small = Entity(P, "valence", "Valence", "city", geo=Geo(39.5, -0.4, "ES", 2509954))
    per_article = [_result(big), _result(big), _result(small), _result(Entity(P, "valence", "Valence", "city"))]
    maps = resolve_slugs(per_article)
    assert [m.get((P, "valence"), "valence") for m in maps] == \
        ["valence", "valence", "valence-2509954", "valence"]
    assert maps[0] == maps[1] == maps[3] == {}  # only renamed slugs are listed
    tables = build_tables(per_article, (), ())
    assert sorted(tables.places) == ["valence", "valence-2509954"]
    assert tables.places["valence-2509954"].geo.country_code == "ES"
    assert tables.article_fields[2]["places"] == ("valence-2509954",)


def test_actor_and_place_may_share_a_slug():
    tables = build_tables([_result(_actor("Jordan", "jordan"), Entity(P, "jordan", "Jordan", "other"))], (), ())
    assert list(tables.actors) == ["jordan"] and list(tables.places) == ["jordan"]


def test_hidden_and_stop_listed_entities_leave_tables_and_articles():
    durand = _actor("Paul Durand", "paul-durand")
    lefort = _actor("Anne Lefort", "anne-lefort")
    bogus = _actor("Le Gouvernement", "le-gouvernement", "organisation")
    quote = Quote("Non", "anne-lefort")
    per_article = [_result(durand, lefort, bogus, quotes=[quote])]
    hidden = CuratedEntity(_actor("Anne Lefort", "anne-lefort", hidden=True),
                           frozenset({"name", "hidden"}), True)
    tables = build_tables(per_article, [hidden], ["le gouvernement"])
    assert list(tables.actors) == ["paul-durand"]
    fields = tables.article_fields[0]
    assert fields["actors"] == ("paul-durand",)
    assert [m.slug for m in fields["mentions"]] == ["paul-durand"]
    assert fields["quotes"][0].speaker is None


def test_stop_list_matches_slugs_too():
    tables = build_tables([_result(_actor("Paul Durand", "paul-durand"))], (), ["paul-durand"])
    assert tables.actors == {}


def test_hand_edited_file_wins_and_generated_file_does_not():
    found = _actor("Paul Durand", "paul-durand", roles=("juge",))
    edited = CuratedEntity(_actor("Paul A. Durand", "paul-durand", "organisation", aliases=("PAD",)),
                           frozenset({"name", "aliases"}), True)
    generated = CuratedEntity(_actor("Ancien nom", "paul-durand"), frozenset({"name"}), False)
    merged = build_tables([_result(found)], [edited], ()).actors["paul-durand"]
    assert (merged.name, merged.subkind) == ("Paul A. Durand", "person")
    assert merged.aliases == ("PAD", "Paul Durand") and merged.roles == ("juge",)
    assert build_tables([_result(found)], [generated], ()).actors["paul-durand"].name == "Paul Durand"


def test_hand_made_entity_without_mentions_still_has_a_page():
    own = CuratedEntity(_actor("Marie Curie", "marie-curie"), frozenset({"name"}), True)
    assert list(build_tables([], [own], ()).actors) == ["marie-curie"]


def test_article_entities_most_mentioned_first():
    durand, lefort = _actor("Paul Durand", "paul-durand"), _actor("Anne Lefort", "anne-lefort")
    result = _result(durand, lefort, lefort)
    result = ArticleEntities(result.mentions, (durand, lefort), ())
    assert build_tables([result], (), ()).article_fields[0]["actors"] == ("anne-lefort", "paul-durand")


_NAMES = ["Valence", "Paul Durand", "Anne Lefort", "Lyon", "Nantes"]


@st.composite
def _per_article(draw):
    articles = []
    for _ in range(draw(st.integers(0, 5))):
        entities = {}
        for name in draw(st.lists(st.sampled_from(_NAMES), max_size=4, unique=True)):
            kind = draw(st.sampled_from([A, P]))
            geo = None
            if kind is P and draw(st.booleans()):
                geo = Geo(1.0, 2.0, "FR", _NAMES.index(name) * 10 + draw(st.integers(1, 3)))
            subkind = "city" if kind is P else "person"
            entities[(kind, name)] = Entity(kind, name.lower().replace(" ", "-"), name, subkind, geo=geo)
        articles.append(_result(*entities.values()))
    return articles


@settings(max_examples=60, deadline=None)
@given(_per_article(), st.lists(st.sampled_from(_NAMES), max_size=2))
def test_tables_are_consistent_whatever_the_input(per_article, stop_list):
    tables = build_tables(per_article, (), stop_list)
    assert tables == build_tables(per_article, (), stop_list)
    stopped = {name.casefold() for name in stop_list}
    for fields in tables.article_fields:
        assert set(fields["actors"]) <= set(tables.actors)
        assert set(fields["places"]) <= set(tables.places)
        for mention in fields["mentions"]:
            assert mention.slug in (tables.actors if mention.kind is A else tables.places)
    for table in (tables.actors, tables.places):
        assert all(e.name.casefold() not in stopped for e in table.values())
        assert all(slug == slug.lower() and slug.isascii() for slug in table)
    ids = [e.geo.geonames_id for e in tables.places.values() if e.geo is not None]
    assert len(ids) == len(set(ids))


# --- one page per entity: short forms across articles --------------------------------------

def _named(name: str, subkind: str = "person", aliases: tuple[str, ...] = ()) -> Entity:
    return Entity(EntityKind.ACTOR, slugify(name), name, subkind, aliases=aliases)


def _only(*entities: Entity) -> ArticleEntities:
    mentions = tuple(Mention(i * 10, i * 10 + 5, e.name, "PER", e.slug, e.kind)
                     for i, e in enumerate(entities))
    return ArticleEntities(mentions=mentions, entities=entities, quotes=())


def test_a_surname_in_one_article_joins_the_full_name_of_another():
    tables = build_tables([_only(_named("Moreau")), _only(_named("Lucas Moreau"))], (), ())
    assert list(tables.actors) == ["lucas-moreau"]
    assert tables.actors["lucas-moreau"].name == "Lucas Moreau"
    assert tables.actors["lucas-moreau"].aliases == ("Moreau",)
    assert tables.article_fields[0]["actors"] == ("lucas-moreau",)
    assert tables.article_fields[0]["mentions"][0].slug == "lucas-moreau"
    assert tables.duplicates == ()


@pytest.mark.parametrize("full", [
    _named("Racing club de Quimper", "organisation"),  # its initials
    _named("Office national des forêts", "organisation", aliases=("ONF",)),
])
def test_an_acronym_joins_its_expansion_seen_in_another_article(full):
    acronym = "RCQ" if "Quimper" in full.name else "ONF"
    tables = build_tables([_only(_named(acronym, "organisation")), _only(full)], (), ())
    assert list(tables.actors) == [full.slug]
    assert acronym in tables.actors[full.slug].aliases


def test_an_ambiguous_surname_stays_apart_and_is_reported_with_its_fix():
    articles = [_only(_named("Dupont")), _only(_named("Dupont")), _only(_named("Jean Dupont")),
                _only(_named("Jean Dupont")), _only(_named("Marie Dupont"))]
    tables = build_tables(articles, (), ())
    assert sorted(tables.actors) == ["dupont", "jean-dupont", "marie-dupont"]
    (duplicate,) = tables.duplicates
    assert (duplicate.short, duplicate.articles) == ("Dupont", 2)
    assert duplicate.candidates == ("jean-dupont", "marie-dupont")  # most articles first
    assert duplicate.fix == "content/actors/jean-dupont.md: aliases_add: [Dupont]"


def test_a_hand_edited_short_form_is_never_joined():
    own = CuratedEntity(_named("Moreau"), frozenset({"name"}), True)
    tables = build_tables([_only(_named("Moreau")), _only(_named("Lucas Moreau"))], [own], ())
    assert sorted(tables.actors) == ["lucas-moreau", "moreau"]


def test_an_article_naming_both_forms_keeps_them_apart():
    articles = [_only(_named("Dupont"), _named("Jean Dupont")), _only(_named("Dupont"))]
    tables = build_tables(articles, (), ())
    assert tables.article_fields[0]["actors"] == ("dupont", "jean-dupont")
    assert tables.article_fields[1]["actors"] == ("jean-dupont",)


def test_a_place_never_takes_an_actor_subkind_from_what_joined_it() -> None:
    """A place file can only say a place kind: found at 10,000 bench articles, where a place
    merged with same-named actors got `kind: organisation` and its file was then refused."""
    assert choose_subkind(Counter({"organisation": 3, "city": 1}), EntityKind.PLACE) == "city"
    assert choose_subkind(Counter({"organisation": 2}), EntityKind.PLACE) == "other"
    assert choose_subkind(Counter({"person": 2, "organisation": 1}), EntityKind.ACTOR) == "person"


# --- the collector: incremental updates equal one pass from an empty state -----------------

_EDIT_NAMES = ["Valence", "Paul Durand", "Anne Lefort", "Lyon", "Nantes", "Marc Vidal", "Valence 2",
          "Durand", "Anne Durand", "Vidal", "RCQ", "Racing Club Quimper"]
"""`Valence 2` is the slug a second place called Valence gets: renaming must avoid it.
`Durand`, `Vidal` and `RCQ` are short forms of the site's full names (`Durand` of two)."""
_ORGANISATIONS = {"RCQ", "Racing Club Quimper"}


def _edited(name: str, kind: EntityKind, *, geo_id: int | None = None, alias: str = "",
            latitude: float = 1.0) -> Entity:
    slug = name.lower().replace(" ", "-")
    geo = Geo(latitude, 2.0, "FR", geo_id) if geo_id is not None else None
    subkind = "city" if kind is P else "organisation" if name in _ORGANISATIONS else "person"
    return Entity(kind, slug, name if not alias else alias, subkind,
                  geo=geo, roles=("maire",) if alias else ())


def _article_result(entities: list[Entity], speaker: str | None = None) -> ArticleEntities:
    mentions = tuple(Mention(i * 10, i * 10 + 5, e.name, "PER" if e.kind is A else "LOC", e.slug, e.kind)
                     for i, e in enumerate(entities))
    quotes = (Quote("Texte cité.", speaker),) if speaker is not None else ()
    return ArticleEntities(mentions=mentions, entities=tuple(entities), quotes=quotes)


@st.composite
def _article(draw) -> ArticleEntities:
    entities = {}
    for name in draw(st.lists(st.sampled_from(_EDIT_NAMES), max_size=4, unique=True)):
        kind = draw(st.sampled_from([A, P]))
        geo_id = draw(st.sampled_from([None, 1, 1, 1, 2])) if kind is P else None
        alias = draw(st.sampled_from(["", "", name.upper()]))
        latitude = draw(st.sampled_from([1.0, 3.0]))  # the first article's geo wins
        entities[name] = _edited(name, kind, geo_id=geo_id, alias=alias, latitude=latitude)
    # a speaker may be an actor another article names (then its quote follows that entity)
    speaker = draw(st.sampled_from([None, "inconnu", *(n.lower().replace(" ", "-") for n in _EDIT_NAMES)]))
    return _article_result(list(entities.values()), speaker)


_CURATED = [
    CuratedEntity(Entity(A, "paul-durand", "Paul Durand", "person", hidden=True),
                  frozenset({"name", "hidden"}), True),
    CuratedEntity(Entity(A, "marc-vidal", "M. Vidal", "organisation"),
                  frozenset({"name", "kind"}), True),
    CuratedEntity(Entity(P, "brest", "Brest", "city"), frozenset({"name"}), True),
    CuratedEntity(Entity(P, "lyon", "Lyon", "city"), frozenset({"name"}), False),
    CuratedEntity(Entity(A, "vidal", "Vidal", "person"), frozenset({"name"}), True),
]


_MERGING = CuratedEntity(Entity(A, "anne-lefort", "Anne Lefort", "person"),
                         frozenset({"name", "merge_into"}), True, CurationEdits(merge_into="marc-vidal"))
_CURATIONS = [(), tuple(_CURATED), (*_CURATED[1:3], _MERGING), (_CURATED[4],)]
_STOP_LISTS = [(), ("Nantes",), ("anne-lefort",)]


@st.composite
def _edit(draw):
    """One change between two builds: an article edited, added, removed or moved, other
    entity files (hidden, renamed, merge_into:) or another stop list."""
    what = draw(st.sampled_from(["set", "set", "insert", "delete", "move", "curated", "stop"]))
    if what in ("set", "insert"):
        return what, draw(st.integers(0, 6)), draw(_article())
    if what in ("delete", "move"):
        return what, draw(st.integers(0, 6)), draw(st.integers(0, 6))
    return what, draw(st.sampled_from(_CURATIONS if what == "curated" else _STOP_LISTS)), None


def _apply(edit, articles: list, chosen: dict) -> None:
    what, first, second = edit
    if what == "set" and articles:
        articles[first % len(articles)] = second
    elif what == "insert":
        articles.insert(first % (len(articles) + 1), second)
    elif what == "delete" and articles:
        del articles[first % len(articles)]
    elif what == "move" and articles:
        articles.insert(second % len(articles), articles.pop(first % len(articles)))
    elif what in ("curated", "stop"):
        chosen[what] = first


@settings(max_examples=300, deadline=None)
@given(st.lists(_article(), max_size=6), st.lists(_edit(), min_size=1, max_size=6),
       st.sampled_from(_STOP_LISTS), st.sampled_from(_CURATIONS))
def test_any_sequence_of_edits_equals_one_pass_from_empty(first, edits, stop_list, curated):
    """The collector after each edit (one state kept throughout) gives what a merge from an
    empty state gives for the same input, down to the order of the tables."""
    state, articles, chosen = MergeState(), list(first), {"curated": curated, "stop": stop_list}
    assert update_tables(state, articles, curated, stop_list) == build_tables(articles, curated, stop_list)
    for edit in edits:
        _apply(edit, articles, chosen)
        expected = build_tables(articles, chosen["curated"], chosen["stop"])
        tables = update_tables(state, articles, chosen["curated"], chosen["stop"])
        assert tables == expected
        assert list(tables.actors) == list(expected.actors)
        assert list(tables.places) == list(expected.places)


def test_an_edit_within_known_entities_reuses_the_other_articles_fields():
    durand, lyon = _edited("Paul Durand", A), _edited("Lyon", P, geo_id=1)
    articles = [_article_result([durand, lyon]), _article_result([lyon]), _article_result([durand])]
    state = MergeState()
    before = update_tables(state, articles, (), ())
    articles[1] = _article_result([lyon, durand])
    after = update_tables(state, articles, (), ())
    assert after.article_fields[0] is before.article_fields[0]
    assert after.article_fields[2] is before.article_fields[2]
    assert after.article_fields[1]["actors"] == ("paul-durand",)
    assert after == build_tables(articles, (), ())


def test_a_slug_shared_by_two_geonames_places_renames_one():
    articles = [_article_result([_edited("Valence", P, geo_id=1)]), _article_result([_edited("Lyon", P, geo_id=1)])]
    state = MergeState()
    update_tables(state, articles, (), ())
    articles[1] = _article_result([_edited("Valence", P, geo_id=2)])
    tables = update_tables(state, articles, (), ())
    assert tables == build_tables(articles, (), ())
    assert sorted(tables.places) == ["valence", "valence-2"]
    assert state.slugs.shared == {"valence"}


def test_an_edit_away_from_a_shared_slug_keeps_the_renamed_places():
    valence_1, valence_2 = _edited("Valence", P, geo_id=1), _edited("Valence", P, geo_id=2)
    articles = [_article_result([valence_1]), _article_result([valence_1]), _article_result([valence_2]), _article_result([])]
    state = MergeState()
    before = update_tables(state, articles, (), ())
    articles[3] = _article_result([_edited("Lyon", P, geo_id=7), _edited("Paul Durand", A)])
    tables = update_tables(state, articles, (), ())
    assert tables == build_tables(articles, (), ())
    assert tables.article_fields[2]["places"] == ("valence-2",)
    assert tables.article_fields[2] is before.article_fields[2]  # updated, not merged again


def test_an_edit_naming_the_slug_a_renamed_place_took_merges_again():
    valence_1, valence_2 = _edited("Valence", P, geo_id=1), _edited("Valence", P, geo_id=2)
    articles = [_article_result([valence_1]), _article_result([valence_1]), _article_result([valence_2]), _article_result([])]
    state = MergeState()
    assert "valence-2" in update_tables(state, articles, (), ()).places
    articles[3] = _article_result([_edited("Valence 2", P)])  # takes the slug: the renamed place moves
    tables = update_tables(state, articles, (), ())
    assert tables == build_tables(articles, (), ())
    assert sorted(tables.places) == ["valence", "valence-2", "valence-2-2"]


def test_an_edit_that_changes_which_place_keeps_a_shared_slug_renames_the_others():
    valence_1, valence_2 = _edited("Valence", P, geo_id=1), _edited("Valence", P, geo_id=2)
    articles = [_article_result([valence_1]), _article_result([valence_2]), _article_result([_edited("Lyon", P, geo_id=5)])]
    state = MergeState()
    first = update_tables(state, articles, (), ())
    assert first.places["valence"].geo.geonames_id == 1  # a tie: the smaller id keeps it
    articles[2] = _article_result([valence_2])
    tables = update_tables(state, articles, (), ())
    assert tables == build_tables(articles, (), ())
    assert tables.places["valence"].geo.geonames_id == 2
    assert tables.article_fields[0]["places"] == ("valence-1",)


def test_a_short_form_joins_its_full_entity_and_an_edit_that_makes_it_ambiguous_merges_again():
    articles = [_article_result([_edited("Durand", A)]), _article_result([_edited("Paul Durand", A)]), _article_result([])]
    state = MergeState()
    tables = update_tables(state, articles, (), ())
    assert list(tables.actors) == ["paul-durand"] and tables.actors["paul-durand"].aliases == ("Durand",)
    assert tables.article_fields[0]["actors"] == ("paul-durand",)
    articles[2] = _article_result([_edited("Anne Durand", A)])
    tables = update_tables(state, articles, (), ())
    assert tables == build_tables(articles, (), ())
    assert sorted(tables.actors) == ["anne-durand", "durand", "paul-durand"]
    (duplicate,) = tables.duplicates
    assert duplicate.short == "Durand" and set(duplicate.candidates) == {"anne-durand", "paul-durand"}
