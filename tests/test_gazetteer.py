"""gazetteer.py: folded keys, CLDR countries, GeoNames cities, ambiguity, first names."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from site_builder.gazetteer import fold, load_gazetteer


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
    # two cities of close size and no country in the article: no coordinates rather than wrong ones
    name = next(key for key, cands in gazetteer.cities.items()
                if len(cands) > 1 and cands[0].population < 2 * cands[1].population)
    assert gazetteer.city(name).geo is None


def test_regions_and_first_names(gazetteer):
    assert gazetteer.region("Normandie").subkind == "region"
    assert gazetteer.region("Europe").subkind == "region"
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
