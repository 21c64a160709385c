"""extract.py's span rules that need no model: fast."""

from __future__ import annotations

import pytest

from site_builder.enrich.entity_rules import Cleaned, Typing
from site_builder.enrich.extract import (
    _acronyms,
    _add_orgs_named_after_persons,
    _drop_place_before_org,
    _extend_left,
    _is_quoted_slogan,
    _Item,
    _names_a_work,
    _org_short_forms,
    _person_after_portfolio,
    _split_acronym_chain,
    _take_channel_number,
    _vote_types,
)
from site_builder.enrich.gazetteer import load_gazetteer
from site_builder.model import Geo


@pytest.mark.parametrize("left, name, label, expected", [
    ("Il a animé les émissions ", "Chante avec Nous", "ORG", True),
    ("Il a animé les émissions Danse Ici, ", "Chante avec Nous", "ORG", True),  # listed after the head
    ("Il a animé l'émission de ", "Radio Nord", "ORG", False),  # who makes the work
    ("Il a animé l'émission ", "Jean Dupont", "PER", False),
    ("Il a animé l'émission ", "Chanter", "ORG", False),  # one word: too common a name to drop
])
def test_names_a_work(left, name, label, expected):
    assert _names_a_work(Cleaned(0, len(name), name), label, left) is expected


@pytest.mark.parametrize("text, name, expected", [
    ('une pancarte : "Liberté pour les arbres de la place" au balcon', "Liberté pour les arbres de la place", True),
    ("l'association « Touche pas aux arbres » a manifesté", "Touche pas aux arbres", False),
    ('le collectif "Sauvons les arbres de Lyon" a manifesté', "Sauvons les arbres de Lyon", False),
    ("Le Secours catholique est venu", "Secours catholique", False),
])
def test_a_quoted_slogan_is_no_organisation(text, name, expected):
    start = text.index(name)
    assert _is_quoted_slogan(text, Cleaned(start, start + len(name), name)) is expected


def _item(text, name, typing, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(name, start + 1)
    return _Item(Cleaned(start, start + len(name), name), typing, 0)


def test_an_organisation_named_after_a_person_keeps_the_person():
    text = "à l'appel du comité Jean Dupont, puis de Jean Dupont lui-même"
    person = Typing("PER", "person", "Jean Dupont")
    items = [_item(text, "Jean Dupont", person), _item(text, "Jean Dupont", person, 1)]
    linked = _add_orgs_named_after_persons(items, text)
    assert [(i.typing.label, i.typing.name, i.cleaned.text) for i in linked] == [
        ("ORG", "comité Jean Dupont", "comité Jean Dupont"),
        ("PER", "Jean Dupont", "Jean Dupont"), ("PER", "Jean Dupont", "Jean Dupont")]


def test_a_person_after_a_comma_is_no_organisation_s_name():
    text = "le président du comité, Jean Dupont, a parlé"
    person = Typing("PER", "person", "Jean Dupont")
    linked = _add_orgs_named_after_persons([_item(text, "Jean Dupont", person)], text)
    assert [i.typing.label for i in linked] == ["PER"]


def test_a_place_name_before_an_organisation_of_the_article():
    typings = [Typing("LOC", "city", "Brest"), Typing("ORG", "organisation", "Brest Statix"),
               Typing("ORG", "organisation", "Statix"), Typing("ORG", "organisation", "Nantes Statix")]
    items = [_Item(Cleaned(0, 1, t.name), t, 0) for t in typings]
    assert [i.typing.name for i in _drop_place_before_org(items)] == [
        "Brest", "Statix", "Statix", "Nantes Statix"]  # Nantes is no place of this article


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def span_of(text, name, label="LOC"):
    start = text.index(name)
    return start, start + len(name), label


@pytest.mark.parametrize("text, name, label, expected", [
    ("Invitée de France 2 lundi, la ministre a parlé.", "France", "LOC", ("France 2", "ORG")),
    ("Il l'a dit sur Europe 1.", "Europe", "LOC", ("Europe 1", "ORG")),
    ("La France 2 fois championne.", "France", "LOC", ("France", "LOC")),
    ("Lyon 2-1 face à Nantes.", "Lyon", "LOC", ("Lyon", "LOC")),
    ("Il est né en France 3 ans avant.", "France", "LOC", ("France", "LOC")),
    ("La Ligue 1 reprend.", "Ligue", "MISC", ("Ligue", "MISC")),  # no place: left as it is
    ("Les JO de Paris 2024 ont lieu.", "Paris", "LOC", ("Paris", "LOC")),  # a year
])
def test_a_place_and_a_small_number_are_a_channel(text, name, label, expected, gazetteer):
    start, end, got = _take_channel_number(text, span_of(text, name, label), gazetteer)
    assert (text[start:end], got) == expected


@pytest.mark.parametrize("text, name, expected", [
    ("Le ministère américain de la Justice a dit", "Justice", ("ministère américain de la Justice", "ORG")),
    ("Le ministère de la Culture a dit", "Culture", ("ministère de la Culture", "ORG")),
    ("Le ministre de la Culture a dit", "Culture", ("Culture", "MISC")),  # a role: no organisation
])
def test_an_institution_s_head_before_its_name(text, name, expected):
    start, end, label = _extend_left(text, span_of(text, name, "MISC"))
    assert (text[start:end], label) == expected


def test_a_type_rules_agree_on_wins_over_the_model_s_majority():
    by_rule = Typing("ORG", "organisation", "Vantor")
    by_model = Typing("PER", "person", "Vantor", by_model_only=True)
    items = [_Item(Cleaned(i, i + 1, "Vantor"), t, 0) for i, t in enumerate([by_model, by_rule, by_model])]
    assert [i.typing.label for i in _vote_types(items)] == ["ORG", "ORG", "ORG"]


def test_the_majority_wins_when_rules_disagree():
    typings = [Typing("LOC", "city", "Florence"), Typing("PER", "person", "Florence"),
               Typing("PER", "person", "Florence", by_model_only=True)]
    items = [_Item(Cleaned(i, i + 1, "Florence"), t, 0) for i, t in enumerate(typings)]
    assert [i.typing.label for i in _vote_types(items)] == ["PER", "PER", "PER"]


def test_an_acronym_read_as_a_word_keeps_its_accents_and_a_place_in_brackets_is_none():
    text = "la Communauté des Etats du Nord (Cédénor) et la mairie de Trappes (Yvelines)"
    long_name, mairie = "Communauté des Etats du Nord", "mairie de Trappes"
    items = [_item(text, long_name, Typing("ORG", "organisation", long_name)),
             _item(text, mairie, Typing("ORG", "organisation", mairie)),
             _item(text, "Yvelines", Typing("LOC", "region", "Yvelines", Geo(48.8, 1.9, "FR")))]
    assert _acronyms(items, text, {long_name, mairie}) == {"cedenor": long_name}


@pytest.mark.parametrize("text, name, expected", [
    ("Le ministre de l'Economie Jean Dupont a parlé", "Economie Jean Dupont", ("Jean Dupont", "PER")),
    ("Le secrétaire d'Etat aux Transports Marie-Anne Durand a parlé", "Transports Marie-Anne Durand",
     ("Marie-Anne Durand", "PER")),
    ("Le ministre de l'Economie a parlé", "Economie", ("Economie", "ORG")),  # no person in the span
    ("Le directeur de Radio Jean Dupont a parlé", "Radio Jean Dupont", ("Radio Jean Dupont", "ORG")),
])
def test_a_minister_s_portfolio_taken_into_the_name(text, name, expected, gazetteer):
    start, end, label = _person_after_portfolio(text, span_of(text, name, "ORG"), gazetteer)
    assert (text[start:end], label) == expected


def test_an_organisation_s_initials_with_or_without_its_article_are_its_short_forms():
    forms = _org_short_forms({"Parti socialiste", "Les Républicains", "Europe Ecologie-Les Verts",
                              "Union des démocrates et indépendants"})
    assert forms["ps"] == "Parti socialiste" and forms["lr"] == "Les Républicains"
    assert forms["eelv"] == "Europe Ecologie-Les Verts"
    assert forms["udi"] == "Union des démocrates et indépendants"


def test_an_organisation_s_short_form_drops_a_generic_tail_or_its_adjective():
    forms = _org_short_forms({"Zorbex International", "Fédération malgache de rugby", "Air Zorbex"})
    assert forms["zorbex"] == "Zorbex International"
    assert forms["federation de rugby"] == "Fédération malgache de rugby"
    assert "air" not in forms  # a first word alone only before a generic tail


def test_an_organisation_named_after_a_person_is_also_named_by_the_surname():
    forms = _org_short_forms({"Fondation Jeanne Zorbe", "Zorbex Jeanne Zorbe"})
    assert forms["fondation zorbe"] == "Fondation Jeanne Zorbe"
    assert "zorbex zorbe" not in forms  # no organisation's head


def test_an_organisation_s_short_form_leaves_out_what_it_belongs_to():
    forms = _org_short_forms({"Conseil de surveillance de Zorbex", "Banque de Zorbie"})
    assert forms["conseil de surveillance"] == "Conseil de surveillance de Zorbex"
    assert "banque" not in forms  # one word left: a head, no name


@pytest.mark.parametrize("text, expected", [
    ("l'intersyndicale ABC-DEF-GHI", ["ABC", "DEF", "GHI"]),  # a list of organisations
    ("le syndicat ABC-DEF", ["ABC-DEF"]),  # two: one name
    ("le groupe Abc-Def-Ghi", ["Abc-Def-Ghi"]),  # no acronyms
])
def test_a_chain_of_acronyms_is_a_list(text, expected):
    name = text.split()[-1]
    parts = _split_acronym_chain(text, span_of(text, name, "ORG"))
    assert [text[s:e] for s, e, _ in parts] == expected
