"""gazetteer.py: folded keys, CLDR countries, GeoNames cities, ambiguity, first names."""

from __future__ import annotations

import lzma
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from site_builder.enrich.gazetteer import CITY_FILES, Place, fold, load_gazetteer, resolve
from site_builder.model import Geo


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.mark.parametrize("a, b", [
    ("États-Unis", "Etats Unis"), ("Côte d\u2019Ivoire", "cote d'ivoire"), ("ÎLE-DE-FRANCE", "ile de france"),
])
def test_fold_ignores_case_accents_apostrophes_and_hyphens(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize("name, canonical, code", [
    ("Etats-Unis", "États-Unis", "US"), ("allemagne", "Allemagne", "DE"),
    ("Royaume-Uni", "Royaume-Uni", "GB"), ("Grande-Bretagne", "Royaume-Uni", "GB"),
    ("Corée du Sud", "Corée du Sud", "KR"),
])
def test_countries_get_their_cldr_french_name_and_capital_coordinates(gazetteer, name, canonical, code):
    place = gazetteer.country(name)
    assert (place.name, place.subkind, place.geo.country_code) == (canonical, "country", code)
    assert place.geo.geonames_id and (place.geo.latitude, place.geo.longitude) != (0.0, 0.0)


@pytest.mark.parametrize("name, code", [
    ("Marseille", "FR"), ("Londres", "GB"), ("Pékin", "CN"), ("Le Caire", "EG"), ("Genève", "CH"),
])
def test_cities_by_french_alternate_names(gazetteer, name, code):
    place = gazetteer.city(name)
    assert place.subkind == "city" and place.geo.country_code == code


def test_ambiguous_city_is_resolved_by_a_country_of_the_article(gazetteer):
    candidates = gazetteer.cities[fold("Valence")]
    codes = {c.geo.country_code for c in candidates}
    assert {"ES", "FR"} <= codes
    assert gazetteer.city("Valence", frozenset({"FR"})).geo.country_code == "FR"


def test_ambiguous_city_without_context_is_left_unlinked(gazetteer):
    # two foreign cities of close size and no country in the article: no point rather than a wrong one
    name = next(key for key, cands in gazetteer.cities.items()
                if len(cands) > 1 and cands[0].population < 2 * cands[1].population
                and cands[1].population > 100_000 and not cands[0].capital and not cands[1].capital
                and "FR" not in {c.geo.country_code for c in cands}
                and len({c.geo.country_code for c in cands}) > 1)
    assert gazetteer.city(name).geo is None


def _city(name, code, population, capital=False, lat=0.0, lon=0.0):
    return Place(name, "city", Geo(lat, lon, code, 1), population, capital=capital)


def test_resolve_prefers_a_capital_over_a_small_namesake_in_the_articles_country():
    capital, namesake = _city("A", "FR", 2_000_000, True, 48.8, 2.3), _city("A", "US", 25_000, lat=33.6, lon=-95.5)
    assert resolve((capital, namesake), frozenset({"US"})) is capital


def test_resolve_prefers_the_articles_country_when_sizes_are_close():
    big, home = _city("B", "CA", 400_000, lat=45.6, lon=-73.7), _city("B", "FR", 50_000, lat=48.1, lon=-0.8)
    assert resolve((big, home), frozenset()) is None
    assert resolve((big, home), frozenset({"FR"})) is home
    assert resolve((big, home), frozenset({"CA"})) is big


def test_small_foreign_place_needs_its_country_in_the_article():
    town = _city("C", "NZ", 14_000, lat=-38.2, lon=175.9)
    assert resolve((town,), frozenset()) is None
    assert resolve((town,), frozenset({"NZ"})) is town


@pytest.mark.parametrize("name, code", [
    ("Floride", "US-FL"), ("Caroline du Nord", "US-NC"), ("Colombie-Britannique", "CA-BC"),
    ("Bavière", "DE-BY"), ("Yvelines", "FR-78"), ("la Seine-Saint-Denis", "FR-93"),
    ("Île-de-France", "FR-IDF"), ("Écosse", "GB-SCT"),
])
def test_subdivisions_by_french_name_with_a_point(gazetteer, name, code):
    place = gazetteer.lookup(name)
    assert place.subkind == "region" and place.code == code and place.geo is not None


def test_former_french_region_is_the_mean_of_its_departements(gazetteer):
    place = gazetteer.region("Picardie")
    parts = [gazetteer.region(n).geo for n in ("Aisne", "Oise", "Somme")]
    assert place.geo.latitude == pytest.approx(sum(p.latitude for p in parts) / 3)


def test_small_communes_are_known(gazetteer):
    small = [p for key in ("donchery", "magnanville") for p in gazetteer.cities.get(key, ())]
    assert small and all(p.geo.country_code == "FR" and p.population < 10_000 for p in small)


@pytest.mark.parametrize("name", ["Abainville", "Zuytpeene", "la Basse-Vaivre"])
def test_communes_geonames_lacks_come_from_the_official_list(gazetteer, name):
    place = gazetteer.city(name)
    assert place.geo.country_code == "FR" and place.geo.geonames_id is None
    assert 41 < place.geo.latitude < 52 and -5.5 < place.geo.longitude < 10 and place.population < 1000


@pytest.mark.parametrize("word", ["Aucun", "Chemin", "Placé"])
def test_a_village_named_by_a_common_word_is_left_out(gazetteer, word):
    assert gazetteer.city(word) is None


def test_a_commune_geonames_has_is_not_doubled(gazetteer):
    assert len(gazetteer.cities["etampes"]) == 1


def test_a_prominent_city_wins_over_a_subdivision_of_its_name(gazetteer):
    assert gazetteer.lookup("New York").subkind == "city"
    assert gazetteer.lookup("Québec").subkind == "region"


@pytest.mark.parametrize("name", ["XIe arrondissement", "4e arrondissement", "13e arrondissement de Lyon"])
def test_arrondissements_get_their_citys_point(gazetteer, name):
    place = gazetteer.arrondissement(name)
    city = gazetteer.city("Lyon" if "Lyon" in name else "Paris")
    assert place.name == name and place.geo == city.geo


def test_city_files_are_sorted_for_bisection():
    from importlib import resources
    for filename in CITY_FILES:
        data = resources.files("site_builder").joinpath("data", filename).read_bytes()
        lines = lzma.decompress(data).decode("utf-8").split("\n")[:-1]
        assert lines == sorted(lines) and all(line.split("\t")[0] == fold(line.split("\t")[0])
                                              for line in lines[::97])


def test_regions_and_first_names(gazetteer):
    assert gazetteer.region("Normandie").subkind == "region"
    assert gazetteer.region("Europe").subkind == "region"
    assert gazetteer.region("Monde") is None
    assert gazetteer.is_first_name("Jean-Luc") and gazetteer.is_first_name("Kylian")
    assert not gazetteer.is_first_name("Gouvernement")


def _reference_fold(text: str) -> str:
    """fold() as first written (a generator over characters), kept as its specification."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(" " if not ch.isascii() and not unicodedata.combining(ch) and not ch.isalnum()
                     else ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", folded.encode("ascii", "ignore").decode("ascii")).strip()


@given(st.text())
def test_fold_equals_its_reference_on_any_text(text):
    assert fold(text) == _reference_fold(text)


@given(st.text(alphabet="aéÉœŒ’'- .ÇçñÑßøØıİ\u0301\u00a0ЖжΩ東京abcXYZ"))
def test_fold_equals_its_reference_on_accented_latin(text):
    assert fold(text) == _reference_fold(text)


def test_country_code_starting_equals_a_scan_of_the_countries(gazetteer):
    def by_scan(stem):
        for name, place in gazetteer.countries.items():
            if name.startswith(stem) and len(name) - len(stem) <= 4 and place.geo:
                return place.geo.country_code
        return None

    stems = {name[:length] for name in gazetteer.countries for length in range(4, len(name) + 2)}
    assert len(stems) > 1000
    for stem in sorted(stems | {"russ", "ukrain", "zzzz", "fran"}):
        assert gazetteer.country_code_starting(stem) == by_scan(stem), stem
    assert gazetteer.country_code_starting("russ") == "RU"


@pytest.mark.parametrize("name, city", [
    ("aéroport de Toulouse", "Toulouse"), ("cathédrale Saint-Étienne de Metz", "Metz"),
    ("château d'Angers", "Angers"), ("port du Havre", "Le Havre"),
])
def test_a_building_named_after_its_city_is_at_the_citys_point(gazetteer, name, city):
    place = gazetteer.lookup(name)
    expected = gazetteer.city(city).geo
    assert (place.name, place.subkind) == (name, "other")
    assert (place.geo.latitude, place.geo.longitude, place.geo.geonames_id) == (
        expected.latitude, expected.longitude, None)


@pytest.mark.parametrize("name", [
    "gare de Lyon", "rue de Rome", "musée d'Orsay", "église de la Madeleine", "Stade de Reims",
    "château du Nulpart",
])
def test_a_station_street_or_unknown_name_after_de_gives_no_building_point(gazetteer, name):
    place = gazetteer.lookup(name)
    assert place is None or place.geo is None


@pytest.mark.parametrize("short, full", [("Ste-Maxime", "Sainte-Maxime"), ("St-Malo", "Saint-Malo"),
                                         ("St-Pol-de-Léon", "Saint-Pol-de-Léon")])
def test_abbreviated_saint_finds_the_place(gazetteer, short, full):
    assert gazetteer.city(short).geo == gazetteer.city(full).geo is not None


def test_an_international_airport_of_a_city(gazetteer):
    place = gazetteer.lookup("aéroport international de Bordeaux")
    assert place.geo.latitude == gazetteer.city("Bordeaux").geo.latitude


def test_a_subdivision_and_a_city_of_its_name_in_two_countries_follow_the_article():
    from site_builder.enrich.gazetteer import _region_or_city
    region = Place("Xa", "region", Geo(-23.0, 33.0, "MZ"), 2_700_000, code="MZ-X")
    city = Place("Xa", "city", Geo(31.5, 34.5, "PS", 1), 410_000)
    assert _region_or_city(region, city, frozenset()).geo is None
    assert _region_or_city(region, city, frozenset({"PS"})) is city
    assert _region_or_city(region, city, frozenset({"MZ"})) is region


@pytest.mark.parametrize("name", ["Hubei", "Guangxi", "Ningxia", "Yunnan"])
def test_a_chinese_province_is_known_without_its_pinyin_designator(gazetteer, name):
    place = gazetteer.region(name)
    assert (place.name, place.geo.country_code) == (name, "CN")


def test_an_other_name_of_a_big_city_yields_to_a_city_bearing_it_as_its_own():
    from site_builder.enrich.gazetteer import _weighed_by_name
    big = Place("Grandeville", "city", Geo(60.0, 30.0, "RU", 1), 5_000_000)
    own = Place("Petiteville", "city", Geo(-22.0, -43.0, "BR", 2), 270_000)
    weighed = _weighed_by_name((big, own), fold("Petiteville"))
    assert weighed[0].population == 500_000 and weighed[1] is own
    assert resolve(weighed) is None and resolve(weighed, frozenset({"BR"})) is own


def test_an_exonym_stays_the_big_citys_name(gazetteer):
    assert gazetteer.city("Cologne").geo.country_code == "DE"
    assert gazetteer.city("Londres").geo.country_code == "GB"


def test_a_foreign_subdivision_named_like_ambiguous_cities_keeps_its_point_only_in_context():
    from site_builder.enrich.gazetteer import _region_beside_cities
    region = Place("Xa", "region", Geo(18.0, -77.5, "JM"), 200_000, code="JM-12")
    assert _region_beside_cities(region, frozenset()).geo is None
    assert _region_beside_cities(region, frozenset({"JM"})) is region


def test_an_english_city_wins_over_a_jamaican_parish_of_its_name(gazetteer):
    assert gazetteer.lookup("Manchester", frozenset({"GB", "US"})).geo.country_code == "GB"


@pytest.mark.parametrize("name, canonical, city", [
    ("le 9e arrondissement", "9e arrondissement", "Paris"), ("Lyon 7e", "Lyon 7e", "Lyon"),
    ("Marseille 13e arrondissement", "Marseille 13e arrondissement", "Marseille"),
])
def test_district_forms_get_their_citys_point(gazetteer, name, canonical, city):
    place = gazetteer.lookup(name)
    assert (place.name, place.geo) == (canonical, gazetteer.city(city).geo)


def test_a_kings_ordinal_is_no_district(gazetteer):
    assert gazetteer.arrondissement("Louis XIVe") is None


def test_an_overseas_capital_is_no_national_capital_against_a_bigger_french_namesake():
    overseas = _city("A", "RE", 150_000, True, -20.9, 55.4)
    metropole = _city("A", "FR", 96_000, lat=48.9, lon=2.35)
    assert resolve((overseas, metropole)) is metropole


@pytest.mark.parametrize("name, code", [
    ("United States", "US"), ("Germany", "DE"), ("Lebanon", "LB"), ("Vietnam", "VN"), ("Myanmar", "MM"),
    ("Birmanie", "MM"), ("Centrafrique", "CF"), ("Bosnie", "BA"), ("île Maurice", "MU"),
    ("l'île de la Réunion", "RE")])
def test_other_forms_of_country_names_find_the_country(gazetteer, name, code):
    assert gazetteer.lookup(name).geo.country_code == code


def test_an_english_country_name_that_is_a_first_name_is_no_country(gazetteer):
    assert gazetteer.country("Jordan") is None


@pytest.mark.parametrize("name, expected", [("îles Canaries", "Canaries"), ("Ile de Sein", "Île-de-Sein"),
                                            ("Île-de-France", "Île-de-France")])
def test_an_island_is_found_by_its_whole_name_else_without_its_head(gazetteer, name, expected):
    assert gazetteer.lookup(name).name == expected


@pytest.mark.parametrize("name, expected", [("Mans", "Le Mans"), ("Ulis", "Les Ulis"), ("Blanc-Mesnil", "Le Blanc-Mesnil")])
def test_a_town_after_au_du_aux_des_is_found_without_its_article(gazetteer, name, expected):
    assert gazetteer.city(name).name == expected


@pytest.mark.parametrize("word", ["Bois", "Chêne", "Palais"])
def test_a_common_word_is_no_village_of_its_name_with_an_article(gazetteer, word):
    assert gazetteer.city(word) is None


def test_a_palestinian_region_of_governorates_has_their_mean_point(gazetteer):
    place = gazetteer.lookup("Cisjordanie")
    assert place.geo.country_code == "PS" and 31.5 < place.geo.latitude < 32.5


@pytest.mark.parametrize("name, code", [("Gaza", "PS"), ("La Paz", "BO"), ("Maputo", "MZ")])
def test_a_city_wins_over_same_named_subdivisions_nothing_tells_apart(gazetteer, name, code):
    place = gazetteer.lookup(name)
    assert (place.subkind, place.geo.country_code) == ("city", code)


@pytest.mark.parametrize("name, expected", [
    ("Kan", None),  # a transcription of Cannes: no French text's name
    ("Aix", "Aix-en-Provence"), ("Gif", "Gif-sur-Yvette"),  # a short form is the name's first word
    ("Dax", "Dax"),
])
def test_short_other_names_count_only_as_a_word_of_the_name(gazetteer, name, expected):
    place = gazetteer.city(name)
    assert (place.name if place else None) == expected


def test_a_foreign_province_named_after_its_city_is_read_as_the_city(gazetteer):
    place = gazetteer.lookup("Kandahar", frozenset({"AF"}))
    assert place.subkind == "city" and place.geo.country_code == "AF"


def test_a_province_far_from_its_namesake_city_stays_the_province(gazetteer):
    assert gazetteer.lookup("Québec").subkind == "region"


@pytest.mark.parametrize("name", ["Penmarc'h", "Penmarc’h", "Penmarch"])
def test_a_breton_c_h_finds_the_commune_spelt_ch(gazetteer, name):
    place = gazetteer.city(name)
    assert place is not None and place.geo.country_code == "FR" and round(place.geo.longitude, 1) == -4.3


def test_a_name_kept_with_its_c_h_is_found_as_written(gazetteer):
    assert gazetteer.city("Plouezoc'h").geo.country_code == "FR"


@pytest.mark.parametrize("name", ["Sud-Ouest", "le Sud-Ouest", "Nord-Est", "Centre-Est"])
def test_a_compass_point_is_no_city(gazetteer, name):
    assert gazetteer.city(name) is None


def test_the_nord_departement_is_still_a_region(gazetteer):
    assert gazetteer.lookup("Nord").code == "FR-59"


@pytest.mark.parametrize("name, code", [("Burkina", "BF"), ("Guinée-Conakry", "GN"), ("Congo-Kinshasa", "CD")])
def test_short_french_names_of_countries(gazetteer, name, code):
    assert gazetteer.country(name).geo.country_code == code


def test_city_index_answers_a_miss_the_same_way_every_time(gazetteer):
    cities = gazetteer.cities
    for _ in range(2):  # the second time from what the first one kept
        assert cities.get("zzqx inexistante") is None
        assert cities.get("zzqx inexistante", ()) == ()
        assert "zzqx inexistante" not in cities
        with pytest.raises(KeyError):
            cities["zzqx inexistante"]
        assert cities["lyon"][0].name == "Lyon" and "lyon" in cities


@pytest.mark.parametrize("name, code", [
    ("Thuringe", "DE-TH"), ("Rhénanie-du-Nord-Westphalie", "DE-NW"), ("Virginie-Occidentale", "US-WV"),
    ("Hawaï", "US-HI"), ("Galice", "ES-GA"), ("Estrémadure", "ES-EX"), ("Tigré", "ET-TI"),
    ("Daghestan", "RU-DA"), ("Mongolie-Intérieure", "CN-NM"),
])
def test_french_exonyms_of_subdivisions_the_catalogue_misspells(gazetteer, name, code):
    place = gazetteer.lookup(name)
    assert place.subkind == "region" and place.code == code and place.geo is not None


def test_a_subdivision_s_own_name_wins_over_another_name_of_a_foreign_city(gazetteer):
    place = gazetteer.lookup("Victoria")  # Australia's state; `Victoria` is also one of Hong Kong's names
    assert place.subkind == "region" and place.code == "AU-VIC"


def test_a_city_s_own_name_still_wins_over_its_state(gazetteer):
    place = gazetteer.lookup("New York")  # same country: the city (`New York City`, another name)
    assert place.subkind == "city" and place.geo.country_code == "US"


def test_a_town_of_a_named_country_wins_over_a_foreign_city_of_that_other_name(gazetteer):
    place = gazetteer.city("Koro", frozenset({"ML", "BF"}))  # Mali's Koro, not Venezuela's Coro
    assert place.geo.country_code == "ML"
    assert gazetteer.city("Koro").geo.country_code == "VE"  # no country named: the big city
