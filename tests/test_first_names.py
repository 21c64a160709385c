"""first_names: the packaged lexicon (Faker-derived, MIT) that replaced gender-guesser's."""

import importlib.util

import pytest

from site_builder.enrich.first_names import load_first_names
from site_builder.enrich.gazetteer import fold


def test_lexicon_is_folded_and_large():
    names = load_first_names()
    assert len(names) > 15_000
    assert all(name == fold(name) and len(name) > 1 for name in names)


@pytest.mark.parametrize("name", ["Jean-Luc", "Kylian", "Zoé", "François", "Mohammed", "Ingrid"])
def test_common_first_names_are_known(name):
    assert fold(name) in load_first_names()


@pytest.mark.parametrize("name", ["Jamchid", "Bachar"])
def test_french_spellings_of_english_romanisations_are_known(name):
    assert fold(name) in load_first_names()  # `Jamshid`, `Bashar` as French copy writes them


@pytest.mark.parametrize("word", ["le", "de", "saint", "gouvernement", "conseil"])
def test_function_words_are_not_first_names(word):
    assert word not in load_first_names()


def test_gender_guesser_is_no_longer_needed():
    from site_builder.enrich import enrich_cache

    assert "gender-guesser" not in enrich_cache.EXTRACTION_PACKAGES


@pytest.mark.skipif(importlib.util.find_spec("faker") is None, reason="faker not installed")
def test_generator_reproduces_the_packaged_list():
    import runpy
    from importlib import metadata
    from pathlib import Path

    header = (Path(__file__).parents[1] / "site_builder/data/first_names.txt").read_text("utf-8")
    if f"Faker {metadata.version('faker')}'s" not in header.splitlines()[0]:
        pytest.skip("another Faker version than the one the list was made from")
    script = runpy.run_path(str(Path(__file__).parents[1] / "scripts" / "make_first_names.py"))
    assert set(script["compact"](script["faker_first_names"]())) == load_first_names()
