"""extract.py's span rules that need the gazetteer only (no model): fast."""

from __future__ import annotations

import pytest

from site_builder.enrich.entity_rules import Cleaned, Typing
from site_builder.enrich.extract import (
    _add_orgs_named_after_persons,
    _drop_place_before_org,
    _is_quoted_slogan,
    _Item,
    _place_with_its_article,
    _take_channel_number,
    _take_institution_head,
)
from site_builder.enrich.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def span_of(text, name, label="LOC"):
    start = text.index(name)
    return start, start + len(name), label


@pytest.mark.parametrize("text, name, expected", [
    ("Invitée de France 2 lundi, la ministre a parlé.", "France", ("France 2", "ORG")),
    ("Il l'a dit sur Europe 1.", "Europe", ("Europe 1", "ORG")),
    ("La France 2 fois championne.", "France", ("France", "LOC")),
    ("Lyon 2-1 face à Nantes.", "Lyon", ("Lyon", "LOC")),
    ("Il est né en France 3 ans avant.", "France", ("France", "LOC")),
    ("La Ligue 1 reprend.", "Ligue", ("Ligue", "MISC")),
])
def test_a_place_and_a_small_number_are_a_channel(text, name, expected, gazetteer):
    label = "MISC" if name == "Ligue" else "LOC"
    start, end, got = _take_channel_number(text, span_of(text, name, label), gazetteer)
    assert (text[start:end], got) == expected


@pytest.mark.parametrize("text, name, expected", [
    ("des soldats de l'armée de Terre sont venus", "Terre", ("armée de Terre", "ORG")),
    ("des pilotes de l'armée de l'Air sont venus", "Air", ("armée de l'Air", "ORG")),
    ("des soldats de l'armée d'Israël sont venus", "Israël", ("Israël", "LOC")),
    ("la gendarmerie de Nantes enquête", "Nantes", ("Nantes", "LOC")),
])
def test_a_capitalised_common_word_ends_a_force_name(text, name, expected, gazetteer):
    start, end, got = _take_institution_head(text, span_of(text, name), gazetteer)
    assert (text[start:end], got) == expected


def _item(text, name, typing, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(name, start + 1)
    return _Item(Cleaned(start, start + len(name), name), typing, 0)


def test_a_place_written_after_its_own_article_in_lower_case():
    text = "Un camping de La Palme. Les enfants de la Palme jouent; la Palme d'or est ailleurs."
    full = Typing("LOC", "city", "La Palme")
    short = Typing("ORG", "organisation", "Palme")
    items = [_item(text, "La Palme", full), _item(text, "Palme", short, 1)]
    assert [i.typing.name for i in _place_with_its_article(items, text)] == ["La Palme", "La Palme"]
    items = [_item(text, "La Palme", full), _Item(Cleaned(0, 5, "Palme"), short, 0)]
    assert [i.typing.label for i in _place_with_its_article(items, text)] == ["LOC", "ORG"]


def test_a_place_name_before_an_organisation_of_the_article():
    places = [Typing("LOC", "city", "Brest"), Typing("ORG", "organisation", "Brest Statix"),
              Typing("ORG", "organisation", "Statix"), Typing("ORG", "organisation", "Nantes Statix")]
    items = [_Item(Cleaned(0, 1, t.name), t, 0) for t in places]
    assert [i.typing.name for i in _drop_place_before_org(items)] == [
        "Brest", "Statix", "Statix", "Nantes Statix"]


@pytest.mark.parametrize("text, name, expected", [
    ('une pancarte : "Liberté pour les arbres de la place" au balcon', "Liberté pour les arbres de la place", True),
    ("l'association « Touche pas aux arbres » a manifesté", "Touche pas aux arbres", False),
    ('le collectif "Sauvons les arbres de Lyon" a manifesté', "Sauvons les arbres de Lyon", False),
    ("Le Secours populaire est venu", "Secours populaire", False),
])
def test_a_quoted_slogan_is_no_organisation(text, name, expected):
    start = text.index(name)
    assert _is_quoted_slogan(text, Cleaned(start, start + len(name), name)) is expected


def test_an_organisation_named_after_a_person_keeps_the_person():
    text = "à l'appel du comité Jean Dupont, puis de Jean Dupont lui-même"
    person = Typing("PER", "person", "Jean Dupont")
    items = [_item(text, "Jean Dupont", person), _item(text, "Jean Dupont", person, 1)]
    linked = _add_orgs_named_after_persons(items, text)
    assert [(i.typing.label, i.typing.name, i.cleaned.text) for i in linked] == [
        ("ORG", "comité Jean Dupont", "comité Jean Dupont"),
        ("PER", "Jean Dupont", "Jean Dupont"), ("PER", "Jean Dupont", "Jean Dupont")]
