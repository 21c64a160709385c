"""entity_rules.type_span's organisation rules, on invented contexts (no model needed)."""

from __future__ import annotations

import pytest

from site_builder.enrich.entity_rules import SpanContext, follows_non_entity_head, type_span
from site_builder.enrich.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def label_of(name, left, gazetteer, model_label="LOC"):
    typing = type_span(name, SpanContext(left, "", model_label), gazetteer, {})
    return typing.label if typing else None


@pytest.mark.parametrize("name, left", [
    ("Lille", "selon un sondage Elabo pour "),
    ("Nice", "selon le baromètre Opinio réalisé pour Radio Centre et "),
    ("Lyon", "d'après une enquête Statix pour la Gazette, "),
])
def test_who_ordered_a_poll_is_an_organisation(name, left, gazetteer):
    assert label_of(name, left, gazetteer) == "ORG"


@pytest.mark.parametrize("name, left", [
    ("Nantes", "une étude des universités "),
    ("Ohio", "une étude des universités Berkeley en Californie et de l'"),
    ("Toulouse", "les clubs Brest, Lens et "),
])
def test_names_listed_after_a_plural_organisation_noun(name, left, gazetteer):
    assert label_of(name, left, gazetteer) == "ORG"


@pytest.mark.parametrize("name, left", [
    ("Lille", "Il est parti pour "),
    ("Californie", "une étude des universités Berkeley en "),
    ("Nantes", "les étudiants des universités près de "),
])
def test_places_stay_places(name, left, gazetteer):
    assert label_of(name, left, gazetteer) == "LOC"


@pytest.mark.parametrize("left, expected", [
    ("Il anime l'émission ", True),
    ("Il a animé les émissions Chante avec nous (dont il fut le juré), ", True),
    ("Il a animé les émissions Chante avec nous et ", True),
    ("la maison du tueur en série ", False),
    ("Il a parlé à Jean Dupont et ", False),
])
def test_follows_non_entity_head(left, expected):
    assert follows_non_entity_head(left) is expected
