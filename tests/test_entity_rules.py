"""entity_rules' organisation rules, on invented contexts (the gazetteer, no model): fast."""

from __future__ import annotations

import pytest

from site_builder.enrich.entity_rules import (
    SpanContext,
    clean_span,
    follows_non_entity_head,
    is_noise,
    type_span,
)
from site_builder.enrich.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def typed(name, left, right, model_label, gazetteer):
    typing = type_span(name, SpanContext(left, right, model_label), gazetteer, {})
    return None if typing is None else (typing.label, typing.subkind)


ORG = ("ORG", "organisation")


@pytest.mark.parametrize("left, name, right, label, expected", [
    ("selon ", "Météo-France", ", il pleuvra", "LOC", ORG),  # a country in a name
    ("a dit à ", "Radio Canada", " lundi", "LOC", ORG),
    ("dans le ", "Sud-Liban", ", les combats", "LOC", ("LOC", "other")),  # a compass point: a part
    ("a dit ", "Marie-France", " lundi", "PER", ("PER", "person")),  # a first name
    ("il vit en ", "Haute-Savoie", " depuis", "LOC", ("LOC", "region")),
])
def test_a_country_joined_to_plain_words_is_an_organisation(gazetteer, left, name, right, label, expected):
    assert typed(name, left, right, label, gazetteer) == expected


@pytest.mark.parametrize("left, name, right, label, expected", [
    ("une interview à ", "La Provence", " lundi", "LOC", ORG),  # a capital article: a title
    ("il vit en ", "Provence", " depuis", "LOC", ("LOC", "region")),
    ("il vit à ", "La Rochelle", " depuis", "LOC", ("LOC", "city")),  # the city's own article
    ("", "La Provence", " est ensoleillée", "LOC", ("LOC", "region")),  # a sentence's capital
    ("Il a dit : ", "La Provence", " est belle", "LOC", ("LOC", "region")),  # after a colon
])
def test_a_capital_article_in_mid_sentence_opens_a_title(gazetteer, left, name, right, label, expected):
    assert typed(name, left, right, label, gazetteer) == expected


@pytest.mark.parametrize("left, expected", [
    ("Il anime l'émission ", True),
    ("Il a animé les émissions Chante avec nous (dont il fut le juré), ", True),
    ("Il a animé les émissions Chante avec nous et ", True),
    ("la maison du tueur en série ", False),
    ("Il a parlé à Jean Dupont et ", False),
])
def test_follows_non_entity_head(left, expected):
    assert follows_non_entity_head(left) is expected


@pytest.mark.parametrize("left, name, expected", [
    ("Une enquête de ", "Courrier Nord", ORG),  # a medium the model saw as MISC
    ("Contacté par ", "Radio Sud", ORG),
    ("des révélations du ", "Petit Echo", ORG),
    ("Il a écrit ", "Courrier Nord", None),  # no cue: MISC gives no page
])
def test_a_medium_cited_as_a_source(gazetteer, left, name, expected):
    assert typed(name, left, ", lundi", "MISC", gazetteer) == expected


@pytest.mark.parametrize("text, name, expected", [
    ("Déclenché en 2011, le conflit dure.", "Déclenché", True),  # a participle
    ("Arrivé à Lyon, il a parlé.", "Arrivé", True),
    ("Duponté a annoncé la vente.", "Duponté", False),  # the subject of `a`
])
def test_a_sentence_s_first_word_before_a_verb_is_no_participle(gazetteer, text, name, expected):
    start = text.index(name)
    cleaned = clean_span(text, start, start + len(name))
    assert is_noise(cleaned, text, is_sentence_start=True, gazetteer=gazetteer) is expected


@pytest.mark.parametrize("name, expected", [
    ("CHU de Nantes", ORG),  # a body's branch in a place
    ("CCI du Gard", ORG),
    ("ZAD de Notre-Dame-des-Landes", ("LOC", "other")),  # a zone: a site
    ("HLM de Bobigny", ("LOC", "other")),  # an acronym of a common noun
])
def test_an_acronym_of_a_place_is_an_organisation(gazetteer, name, expected):
    assert typed(name, "il a parlé au ", " lundi", "LOC", gazetteer) == expected


@pytest.mark.parametrize("name, right, label, expected", [
    ("Vantor", ", filiale du groupe Belmar, a annoncé", "PER", ORG),  # only a company is a subsidiary
    ("Kestrel", ", leader européen de la logistique", "LOC", ORG),
    ("Paul Ferrand", ", spécialiste mondial du verre", "PER", ("PER", "person")),  # a first name leads
    ("Dupont", ", numéro un mondial du tennis", "PER", ("PER", "person")),  # a player's too
])
def test_a_company_s_apposition(gazetteer, name, right, label, expected):
    assert typed(name, "Lundi, ", right, label, gazetteer) == expected


@pytest.mark.parametrize("name, expected", [
    ("Manchester City", ORG),  # a city and a club's word
    ("Leeds United", ORG),
    ("Dynamo Kiev", ORG),
    ("Kansas City", ("LOC", "city")),  # the whole is a place
    ("Atlantic City", ("LOC", "other")),  # no city before the club's word: left to the model
])
def test_a_club_named_after_its_city(gazetteer, name, expected):
    assert typed(name, "Lundi, ", " a joué", "LOC", gazetteer) == expected


@pytest.mark.parametrize("left, label, expected", [
    ("Le syndicat de policiers ", "MISC", ORG),  # `de` and a lower-case noun after the head
    ("la chaîne de télévision ", "PER", ORG),
    ("le fabricant de ", "PER", ("PER", "person")),  # `de` right before the name: its complement
    ("le syndicat de la ", "LOC", ("LOC", "other")),
])
def test_a_word_announcing_an_organisation(gazetteer, left, label, expected):
    assert typed("Xalvor", left, " a dit", label, gazetteer) == expected


def test_a_chamber_is_an_assembly(gazetteer):
    assert typed("Chambre des communes", "Lundi, la ", " a voté", "LOC", gazetteer) == ORG


@pytest.mark.parametrize("text, name", [
    ("Des CRS ont été déployés.", "CRS"),
    ("Il a été victime d'un AVC.", "AVC"),
    ("La direction a présenté un PSE.", "PSE"),
    ("Le passage à la TNT est achevé.", "TNT"),
])
def test_acronyms_of_common_nouns_are_noise(gazetteer, text, name):
    start = text.index(name)
    cleaned = clean_span(text, start, start + len(name))
    assert is_noise(cleaned, text, is_sentence_start=False, gazetteer=gazetteer)


@pytest.mark.parametrize("left", ["La ministre déléguée à l'", "Le ministre délégué au ", "le ministre de l'"])
def test_a_minister_s_portfolio_is_no_entity(gazetteer, left):
    assert typed("Industrie", left, " a dit", "LOC", gazetteer) is None


def test_the_keeper_of_the_seals_is_a_title(gazetteer):
    assert typed("Sceaux", "la garde des ", " a dit", "LOC", gazetteer) is None
    assert typed("Sceaux", "la mairie de ", " a dit", "LOC", gazetteer) is not None


@pytest.mark.parametrize("left, label, expected", [
    ("une alliance jihadiste liée à ", "LOC", ORG),  # what a group is tied to
    ("des combattants ayant prêté allégeance à ", "MISC", ORG),
    ("l'affaire liée à ", "PER", ("PER", "person")),  # a person to the model
])
def test_what_a_group_is_affiliated_to(gazetteer, left, label, expected):
    assert typed("Xalqor", left, " a dit", label, gazetteer) == expected


def test_a_place_a_group_is_tied_to_stays_a_place(gazetteer):
    assert typed("Pologne", "un groupe lié à la ", " a dit", "LOC", gazetteer)[0] == "LOC"


@pytest.mark.parametrize("name, expected", [
    ("Renaissance", ORG),  # no place: the deputy's party
    ("Moissac", ("LOC", "city")),  # a town the gazetteer knows
])
def test_a_deputy_s_party(gazetteer, name, expected):
    assert typed(name, "L'eurodéputé de ", " a démissionné", "LOC", gazetteer) == expected


@pytest.mark.parametrize("text, name, expected", [
    ("Selon la Préfecture, ils étaient 300.", "Préfecture", True),  # a kind of institution alone
    ("La Mairie a démenti.", "La Mairie", True),
    ("Le Conseil a validé le texte.", "Conseil", True),
    ("Le Sénat a voté.", "Sénat", False),  # one institution
    ("La Commission veut signer.", "Commission", False),  # the European one, in most news
    ("Le Conseil d'Etat a tranché.", "Conseil d'Etat", False),
])
def test_an_institution_s_noun_alone_is_no_page(gazetteer, text, name, expected):
    start = text.index(name)
    cleaned = clean_span(text, start, start + len(name))
    assert is_noise(cleaned, text, is_sentence_start=False, gazetteer=gazetteer) is expected


@pytest.mark.parametrize("left, label, expected", [
    ("Le PDG d'", "ORG", ORG),  # a company the model saw, though a town has its name
    ("les salariés de ", "ORG", ORG),
    ("les habitants de ", "ORG", ("LOC", "city")),  # no company's cue
    ("Le PDG d'", "LOC", ("LOC", "city")),  # the model saw a place
])
def test_a_company_with_a_town_s_name(gazetteer, left, label, expected):
    assert typed("Orange", left, " a dit", label, gazetteer) == expected


def test_a_departement_after_prefecture_stays_the_departement(gazetteer):
    # `la préfecture du Morbihan`: the département's office, not a town at the département's centre
    assert typed("Morbihan", "a indiqué la préfecture du ", " mardi", "LOC", gazetteer) == ("LOC", "region")


def test_a_town_after_ville_de_is_the_town(gazetteer):
    assert typed("Vannes", "la ville de ", " mardi", "LOC", gazetteer) == ("LOC", "city")


@pytest.mark.parametrize("left, expected", [
    ("un village près de ", ("LOC", "other")),
    ("à vingt kilomètres au nord de ", ("LOC", "other")),
    ("une interview à ", ("ORG", "organisation")),  # a capital article opens a title
])
def test_a_capital_article_after_a_word_of_nearness_is_a_place(gazetteer, left, expected):
    assert typed("La Zorbaquera", left, ", un", "LOC", gazetteer) == expected


@pytest.mark.parametrize("left, name, expected", [
    ("la ville de ", "Panama", ("LOC", "city")),  # the capital named like its country
    ("la capitale du ", "Panama", ("LOC", "country")),
    ("la ville d'", "Argentine", ("LOC", "country")),  # a French village of that name is no city of the country
])
def test_a_city_head_before_a_country_s_name(gazetteer, left, name, expected):
    assert typed(name, left, ", mardi", "LOC", gazetteer) == expected


@pytest.mark.parametrize("span, kept", [
    ("lac Zorbak", True), ("mer Zorbaque", True), ("fleuve Zorbak", True),
    ("lac bleu", False),  # no name after the head
])
def test_a_natural_feature_s_head_right_before_its_name(span, kept):
    cleaned = clean_span(span, 0, len(span))
    assert (cleaned is not None and cleaned.text == span) is kept


def test_the_name_in_a_dateline_s_parentheses_is_the_agency(gazetteer):
    assert typed("Zorbapress", "ZORBAK, Syldavie (", ") - Trois morts", "LOC", gazetteer) == ORG
    assert typed("Zorbak", "il vit à Klow (", "), dit-il", "LOC", gazetteer) != ORG


@pytest.mark.parametrize("text, name, expected", [
    ("A Hialeah, où vivent de nombreux Cubains-Américains, on vote tôt.", "Cubains-Américains", True),
    ("Les Franco-Algériens ont défilé samedi.", "Franco-Algériens", True),
    ("Un habitant de Colombie-Britannique sur quatre a été visé.", "Colombie-Britannique", False),
])
def test_a_compound_of_demonyms_is_a_people_not_a_place(gazetteer, text, name, expected):
    start = text.index(name)
    cleaned = clean_span(text, start, start + len(name))
    assert is_noise(cleaned, text, is_sentence_start=False, gazetteer=gazetteer) is expected


def test_a_person_after_vice_president_de_is_no_organisation(gazetteer):
    left = "fustigeant le choix d'investir Jean Zorbe, l'ancien vice-président de "
    assert typed("Marcel Obazou", left, ", affirme-t-elle", "PER", gazetteer) == ("PER", "person")
    assert typed("Renault Trucks", "le président de ", " a démissionné", "ORG", gazetteer) == ORG


def test_a_company_form_only_ends_a_name(gazetteer):
    left = "Le Groupe de soutien (GSIM), dirigé par "
    assert typed("Iyad Ag Ghalo", left, ", a revendiqué l'attaque", "PER", gazetteer) == ("PER", "person")
    assert typed("Zorbex AG", "Le chimiste ", " a annoncé", "PER", gazetteer) == ORG
