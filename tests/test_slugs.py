"""slugs: transliteration of every script, and distinct slugs that depend on the page alone."""

from __future__ import annotations

import pytest

from site_builder.slugs import distinct_slugs, slugify


@pytest.mark.parametrize(("text", "slug"), [
    ("Bachar Al-Assad", "bachar-al-assad"),
    ("Cœur Défense", "coeur-defense"),
    ("Ægir Straße", "aegir-strasse"),
    ("Øresund Łódź", "oresund-lodz"),
    ("Владимир Путин", "vladimir-putin"),
    ("Ελλάδα", "ellada"),
    ("北京", "beijing"),
    ("l’État d'urgence", "letat-durgence"),
    ("« »", "sans-titre"),
])
def test_slugify_keeps_the_letters_of_every_script(text, slug):
    assert slugify(text) == slug


def test_arabic_is_transliterated_not_dropped():
    assert slugify("بشار الأسد") not in ("", "sans-titre")


def test_a_long_slug_is_cut_on_a_hyphen():
    assert slugify("un " * 40, max_length=10) == "un-un-un"


def test_distinct_slugs_depend_on_the_page_only():
    first = distinct_slugs("le-maire", "00146_ab", "seeds/00146_ab.txt")
    assert first[:2] == ("le-maire", "le-maire-00146-ab")
    assert first == distinct_slugs("le-maire", "00146_ab", "seeds/00146_ab.txt")
    other = distinct_slugs("le-maire", "00146_ab", "seeds/00146_ab.md")
    assert other[1] == first[1] and other[2] != first[2]  # same stem: the hash tells them apart
    assert len(set(first)) == len(first) == 11
