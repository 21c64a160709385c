"""place_context.py: places read against each other across one article."""

from __future__ import annotations

import pytest

from site_builder.enrich.entity_rules import Typing
from site_builder.enrich.gazetteer import load_gazetteer
from site_builder.enrich.place_context import outlying_places, surnames_read_as_places


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def _located(gazetteer, name):
    place = gazetteer.lookup(name)
    return Typing("LOC", place.subkind, name, place.geo)


def test_small_town_far_from_the_articles_other_places_loses_its_point(gazetteer):
    typings = [_located(gazetteer, n) for n in ("Donchery", "Marseille", "Bouches-du-Rhône")]
    assert outlying_places(typings, gazetteer) == frozenset({"donchery"})


def test_small_town_near_another_place_of_the_article_keeps_it(gazetteer):
    typings = [_located(gazetteer, n) for n in ("Donchery", "Ardennes", "Marseille")]
    assert outlying_places(typings, gazetteer) == frozenset()


def test_a_capital_is_no_anchor_and_a_lone_town_stays_linked(gazetteer):
    typings = [_located(gazetteer, n) for n in ("Donchery", "Paris")]
    assert outlying_places(typings, gazetteer) == frozenset()


def test_bare_surname_of_a_named_person_is_the_person(gazetteer):
    person = Typing("PER", "person", "Jean Tulle")
    place = _located(gazetteer, "Tulle")
    mentions = [("", "Jean Tulle", person), ("mardi, ", "Tulle", place), ("partir à ", "Tulle", place),
                ("vers la ", "Tulle", place)]
    assert surnames_read_as_places(mentions, gazetteer) == frozenset({1})


def test_no_person_of_that_surname_leaves_the_place(gazetteer):
    mentions = [("", "Jean Martin", Typing("PER", "person", "Jean Martin")),
                ("", "Tulle", _located(gazetteer, "Tulle"))]
    assert surnames_read_as_places(mentions, gazetteer) == frozenset()
