"""place_context.py: places read against each other across one article."""

from __future__ import annotations

from dataclasses import replace

import pytest

from site_builder.enrich.entity_rules import Typing
from site_builder.enrich.gazetteer import Place, load_gazetteer
from site_builder.enrich.place_context import (
    _can_stand_for,
    cities_named_with_a,
    compass_regions_abroad,
    outlying_places,
    places_near_the_others,
    regions_by_part_of_country,
    sites_in_cities,
    story_centre,
    streets_in_cities,
    surnames_read_as_places,
)


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


def test_a_square_is_at_the_point_of_the_city_its_sentence_places_with_a(gazetteer):
    lyon, nantes = _located(gazetteer, "Lyon"), _located(gazetteer, "Nantes")
    square = Typing("LOC", "other", "place Bellecour")
    mentions = [(0, 10, " à ", lyon), (0, 40, "la ", square), (1, 90, " à ", nantes),
                (2, 130, "la ", Typing("LOC", "other", "rue Nationale"))]
    found = streets_in_cities(mentions)
    assert list(found) == [1]
    assert (found[1].latitude, found[1].longitude, found[1].geonames_id) == (
        lyon.geo.latitude, lyon.geo.longitude, None)


def test_a_street_beside_a_city_not_placed_with_a_stays_unlinked(gazetteer):
    mentions = [(0, 10, "de ", _located(gazetteer, "Lyon")),
                (0, 40, "la ", Typing("LOC", "other", "avenue Foch")),
                (0, 80, " à ", Typing("LOC", "other", "Bruxelles-Midi"))]
    assert streets_in_cities(mentions) == {}


def test_a_subdivision_after_a_is_the_city_of_its_name(gazetteer):
    region = gazetteer.region("Genève")
    typing = Typing("LOC", "region", region.name, region.geo)
    found = cities_named_with_a([("mardi à ", "Genève", typing), ("dans le canton de ", "Genève", typing)],
                                gazetteer)
    assert list(found) == [0]
    assert (found[0].subkind, found[0].geo) == ("city", gazetteer.city("Genève").geo)


def test_an_ambiguous_name_is_the_place_near_the_articles_others(gazetteer):
    assert gazetteer.city("Melle").geo is None  # Deux-Sèvres or Flanders
    mentions = [("à ", "Niort", _located(gazetteer, "Niort")),
                ("à ", "Melle", Typing("LOC", "city", "Melle"))]
    found = places_near_the_others(mentions, gazetteer)
    assert list(found) == [1] and found[1].geo.country_code == "FR"
    assert places_near_the_others(mentions[1:], gazetteer) == {}


def test_a_after_a_capital_without_its_accent_places_a_street(gazetteer):
    mentions = [(0, 0, "\nA ", _located(gazetteer, "Lyon")),
                (0, 12, ", ", Typing("LOC", "other", "rue Mercière"))]
    assert list(streets_in_cities(mentions)) == [1]


def test_a_site_the_gazetteer_lacks_takes_the_point_of_its_sentences_city(gazetteer):
    donchery = _located(gazetteer, "Donchery")
    mentions = [(0, 10, "es ", _located(gazetteer, "Ardennes")),
                (1, 40, "du ", Typing("LOC", "other", "Château du Sautou")),
                (1, 90, "de ", donchery)]
    found = sites_in_cities(mentions)
    assert list(found) == [1]
    assert (found[1].latitude, found[1].country_code, found[1].geonames_id) == (
        donchery.geo.latitude, "FR", None)


def test_a_site_takes_a_city_of_the_sentence_before_in_the_articles_main_country(gazetteer):
    mentions = [(0, 0, "en ", _located(gazetteer, "Floride")),
                (0, 30, "de ", _located(gazetteer, "West Palm Beach")),
                (1, 80, "de ", Typing("LOC", "other", "Mar-a-Lago")),
                (1, 100, " « ", _located(gazetteer, "Lyon"))]
    found = sites_in_cities(mentions)
    assert found[2].country_code == "US"


def test_a_place_after_a_or_a_short_form_of_a_longer_name_gets_no_point(gazetteer):
    mentions = [(0, 10, "de ", _located(gazetteer, "Lyon")),
                (0, 40, " à ", Typing("LOC", "other", "Bruxelles-Midi")),
                (0, 60, "du ", Typing("LOC", "other", "château du Sautou")),
                (0, 80, "au ", Typing("LOC", "other", "Sautou"))]
    assert list(sites_in_cities(mentions)) == [2]


def test_a_venue_named_without_its_town_is_in_the_articles_home_city(gazetteer):
    paris = _located(gazetteer, "Paris")
    mentions = [(0, 0, "\n", paris), (1, 40, "au ", Typing("LOC", "other", "Parc des Princes")),
                (2, 90, " à ", paris), (5, 220, "la ", Typing("LOC", "other", "Croisette"))]
    found = sites_in_cities(mentions)
    assert list(found) == [1]
    assert found[1].latitude == paris.geo.latitude


def test_a_site_is_in_the_city_that_a_follows_it_with_whatever_the_main_country(gazetteer):
    mentions = [(0, 0, "en ", _located(gazetteer, "Écosse")), (0, 20, "à ", _located(gazetteer, "Edimbourg")),
                (1, 40, "au ", Typing("LOC", "other", "Stade de France")),
                (1, 59, " à ", _located(gazetteer, "Saint-Denis"))]
    assert sites_in_cities(mentions)[2].country_code == "FR"


def test_a_site_takes_no_point_from_two_cities_of_the_sentence_before(gazetteer):
    mentions = [(0, 0, " à ", _located(gazetteer, "Lyon")), (0, 20, "au ", _located(gazetteer, "Nantes")),
                (1, 60, "la ", Typing("LOC", "other", "Goutte-d'Or"))]
    assert sites_in_cities(mentions) == {}


def test_an_ambiguous_name_near_a_french_place_stays_unlinked_when_a_named_country_has_one(gazetteer):
    unlinked = Typing("LOC", "city", "Douvres")
    saint_etienne = _located(gazetteer, "Saint-Étienne")
    near = places_near_the_others([("à ", "Saint-Étienne", saint_etienne), ("à ", "Douvres", unlinked)], gazetteer)
    assert list(near) == [1]
    united_kingdom = _located(gazetteer, "Royaume-Uni")
    mentions = [("au ", "Royaume-Uni", united_kingdom), ("à ", "Saint-Étienne", saint_etienne),
                ("à ", "Douvres", unlinked)]
    assert places_near_the_others(mentions, gazetteer) == {}


def test_a_venue_is_in_the_one_city_of_the_main_country_the_article_names(gazetteer):
    nantes = _located(gazetteer, "Nantes")
    mentions = [(0, 0, " à ", nantes), (3, 200, " à ", Typing("LOC", "other", "Salle Vauban")),
                (5, 300, "du ", Typing("LOC", "other", "Zénith"))]
    found = sites_in_cities(mentions)
    assert sorted(found) == [1, 2] and found[2].latitude == nantes.geo.latitude


def test_a_venue_of_a_story_naming_no_city_is_in_the_capital(gazetteer):
    capital = gazetteer.country("France").geo
    mentions = [(0, 10, "du ", Typing("LOC", "other", "Zénith")),
                (1, 50, "du ", Typing("LOC", "other", "Bois Joli"))]  # no venue: no point
    found = sites_in_cities(mentions, capital)
    assert list(found) == [0] and (found[0].latitude, found[0].geonames_id) == (capital.latitude, None)
    abroad = [(0, 0, "en ", _located(gazetteer, "Italie")), *mentions]
    assert sites_in_cities(abroad, capital) == {}


def test_a_local_story_has_the_city_it_names_most_as_centre(gazetteer):
    sedan, reims = _located(gazetteer, "Sedan"), _located(gazetteer, "Reims")
    centre = story_centre([sedan, reims, sedan, sedan], gazetteer)
    assert (centre.latitude, centre.geonames_id) == (sedan.geo.latitude, None)
    assert story_centre([sedan, reims, sedan], gazetteer) is None  # named twice only
    assert story_centre([sedan, reims] * 3, gazetteer) is None  # no city ahead
    paris = _located(gazetteer, "Paris")
    assert story_centre([paris] * 3, gazetteer) is None  # a capital is named for national reasons


def test_an_unknown_region_in_a_part_of_a_country_takes_that_parts_subdivision(gazetteer):
    mentions = [(" en ", ", dans le sud de l'Espagne, il", Typing("LOC", "other", "Trucalousie")),
                (" à ", ", dans le sud de l'Espagne, il", Typing("LOC", "other", "Trucville")),
                (" en ", ", dans le nord-ouest de l'Espagne.", Typing("LOC", "other", "Minhoto"))]
    found = regions_by_part_of_country(mentions, gazetteer)
    assert sorted(found) == [0, 2]  # a town after `à` is never placed so
    assert found[0].subkind == "region" and found[0].geo.country_code == "ES"
    assert 35 < found[0].geo.latitude < 38.5  # Andalusia's south coast, not the Canaries
    assert found[2].geo.latitude > 41 and found[2].geo.longitude < -5


def test_a_country_part_needs_a_country(gazetteer):
    mentions = [(" en ", ", dans le sud de la Trucmuche.", Typing("LOC", "other", "Trucalousie"))]
    assert regions_by_part_of_country(mentions, gazetteer) == {}


def _city(gazetteer, name):
    place = gazetteer.city(name)
    return Typing("LOC", "city", name, place.geo if place else None)


def test_a_town_linked_to_a_far_namesake_takes_the_one_near_the_others(gazetteer):
    mentions = [("à ", "Beauvais", _located(gazetteer, "Beauvais")),
                ("de ", "Clermont", _city(gazetteer, "Clermont")),
                ("l'", "Oise", _located(gazetteer, "Oise"))]
    found = places_near_the_others(mentions, gazetteer)
    assert round(found[1].geo.latitude, 1) == 49.4


def test_a_town_near_the_others_keeps_its_point(gazetteer):
    mentions = [("à ", "Riom", _located(gazetteer, "Riom")), ("à ", "Clermont", _city(gazetteer, "Clermont"))]
    assert places_near_the_others(mentions, gazetteer) == {}


def test_a_linked_town_keeps_its_point_over_a_hamlet_by_the_others(gazetteer):
    hamlet = Place("Bourg-Joli", "city", gazetteer.city("Beauvais").geo, 150)
    town = Place("Bourg-Joli", "city", gazetteer.city("Quimper").geo, 60_000)
    typing = Typing("LOC", "city", "Bourg-Joli", town.geo)
    assert not _can_stand_for(hamlet, typing, _OneTown(town), frozenset())
    assert _can_stand_for(replace(hamlet, population=5_000), typing, _OneTown(town), frozenset())


class _OneTown:
    """A gazetteer stand-in that knows one town."""

    def __init__(self, town):
        self.town = town

    def city(self, _name, _countries=frozenset()):
        return self.town


def _mentions_in(text, *names_and_typings):
    """Mentions (sentence 0) at each name's first offset in `text`."""
    return [(0, text.index(name), text[max(0, text.index(name) - 3):text.index(name)], typing)
            for name, typing in names_and_typings]


@pytest.mark.parametrize("text", [
    "Un convoi allait de Zorbak à Millau samedi.",
    "Six morts non loin de Zorbak et Millau, selon la police.",
    "Des tirs entre les localités de Millau et Zorbak lundi.",
])
def test_a_town_paired_with_a_town_takes_no_point_of_it(gazetteer, text):
    mentions = _mentions_in(text, ("Zorbak", Typing("LOC", "other", "Zorbak")), ("Millau", _located(gazetteer, "Millau")))
    mentions.sort(key=lambda m: m[1])
    assert sites_in_cities(mentions, text=text) == {}


def test_a_beach_of_a_town_still_takes_its_point(gazetteer):
    text = "Elle est morte sur la plage de Zorbak à Millau mercredi."
    mentions = _mentions_in(text, ("Zorbak", Typing("LOC", "other", "Zorbak")), ("Millau", _located(gazetteer, "Millau")))
    assert list(sites_in_cities(mentions, text=text)) == [0]


def test_a_longer_list_of_quarters_still_takes_a_point(gazetteer):
    text = "Les quartiers de Millau, Zorbak et Creissels sont calmes."
    mentions = sorted(_mentions_in(text, ("Zorbak", Typing("LOC", "other", "Zorbak")),
                                   ("Millau", _located(gazetteer, "Millau")),
                                   ("Creissels", _located(gazetteer, "Creissels"))), key=lambda m: m[1])
    assert list(sites_in_cities(mentions, text=text)) == [1]


def test_a_village_far_from_the_only_departements_named_loses_its_point(gazetteer):
    # Peyreleau (Aveyron, 74 people) in a story naming only the Gironde (about 300 km off)
    typings = [_located(gazetteer, n) for n in ("Peyreleau", "Gironde")]
    assert outlying_places(typings, gazetteer) == frozenset({"peyreleau"})
    assert outlying_places([_located(gazetteer, n) for n in ("Peyreleau", "Lozère")], gazetteer) == frozenset()


def test_a_part_of_a_country_takes_no_point_of_a_city_before(gazetteer):
    mentions = [(0, 2, "\nA ", _located(gazetteer, "Millau")), (1, 40, "le ", Typing("LOC", "other", "Nord-Est"))]
    assert sites_in_cities(mentions) == {}


def test_the_nord_of_a_foreign_story_is_no_departement(gazetteer):
    nord = _located(gazetteer, "Nord")
    assert compass_regions_abroad([_located(gazetteer, "Niger"), nord]) == frozenset({"nord"})
    assert compass_regions_abroad([_located(gazetteer, "Niger"), nord, _located(gazetteer, "Millau")]) == frozenset()
    assert compass_regions_abroad([nord]) == frozenset()


@pytest.mark.parametrize("text", [
    "Des tirs à Zorbak, la plus grande commune de Millau, mardi.",
    "Des tirs à Zorbak, un quartier populaire de Millau, mardi.",
    "Un incendie a éclaté à Zorbak, près de Millau, mardi.",
])
def test_a_place_described_by_its_town_takes_its_point(gazetteer, text):
    mentions = sorted(_mentions_in(text, ("Zorbak", Typing("LOC", "other", "Zorbak")),
                                   ("Millau", _located(gazetteer, "Millau"))), key=lambda m: m[1])
    assert list(sites_in_cities(mentions, text=text)) == [0]


def test_a_town_after_a_and_no_description_takes_no_point(gazetteer):
    text = "Des tirs à Zorbak, et Millau a fermé ses écoles mardi."
    mentions = sorted(_mentions_in(text, ("Zorbak", Typing("LOC", "other", "Zorbak")),
                                   ("Millau", _located(gazetteer, "Millau"))), key=lambda m: m[1])
    assert sites_in_cities(mentions, text=text) == {}


def test_a_site_placed_by_a_far_region_takes_no_city_of_the_sentence_before(gazetteer):
    mentions = [(0, 0, "\nA ", _located(gazetteer, "Millau")),
                (1, 40, "de ", Typing("LOC", "other", "Zorbak")),
                (1, 70, "du ", _located(gazetteer, "Finistère"))]
    assert sites_in_cities(mentions) == {}
    mentions[2] = (1, 70, "de l'", _located(gazetteer, "Aveyron"))
    assert list(sites_in_cities(mentions)) == [1]


def test_a_dateline_city_lends_no_point_to_the_villages_of_its_story(gazetteer):
    text = "MILLAU (AFP) - Des tirs ont visé Zorbak mardi."
    mentions = sorted(_mentions_in(text, ("MILLAU", _located(gazetteer, "Millau")),
                                   ("Zorbak", Typing("LOC", "other", "Zorbak"))), key=lambda m: m[1])
    assert sites_in_cities(mentions, text=text) == {}
    text = "Des tirs ont visé Zorbak, à Millau, mardi."
    mentions = sorted(_mentions_in(text, ("Millau", _located(gazetteer, "Millau")),
                                   ("Zorbak", Typing("LOC", "other", "Zorbak"))), key=lambda m: m[1])
    assert list(sites_in_cities(mentions, text=text)) == [0]


@pytest.mark.parametrize("text, placed", [
    ("Le feu a gagné le lac Zorbak, à 50 kilomètres de Millau, mardi.", False),
    ("Le feu a gagné le lac Zorbak, à une cinquantaine de kilomètres de Millau.", False),
    ("Le feu a gagné le lac Zorbak, à 5 km de Millau, mardi.", True),
])
def test_a_site_said_far_from_a_town_takes_no_point_of_it(gazetteer, text, placed):
    mentions = sorted(_mentions_in(text, ("lac Zorbak", Typing("LOC", "other", "lac Zorbak")),
                                   ("Millau", _located(gazetteer, "Millau"))), key=lambda m: m[1])
    assert bool(sites_in_cities(mentions, text=text)) is placed
