"""quotes_marks: quotation marks in both typographies, over paragraphs, and sentences."""

from __future__ import annotations

import pytest

from site_builder.enrich.nlp import prepare_text
from site_builder.enrich.quotes_marks import find_marks, index_of, quote_sentences


def bodies(raw: str) -> list[list[str]]:
    """The text of each segment of each quotation of `raw`, prepared as extract.py does."""
    text = prepare_text(raw).normalized
    return [[text[s:e] for s, e in mark.segments] for mark in find_marks(text)]


@pytest.mark.parametrize("raw", [
    'Il a dit "nous partirons demain" hier.',
    "Il a dit “nous partirons demain” hier.",
    "Il a dit « nous partirons demain » hier.",
    "Il a dit «nous partirons demain» hier.",
    "Il a dit «\u00a0nous partirons demain\u00a0» hier.",
    "Il a dit «\u202fnous partirons demain\u202f» hier.",
])
def test_each_typography_gives_the_same_body(raw):
    assert bodies(raw) == [["nous partirons demain"]]


def test_marks_point_at_the_marks_themselves():
    text = "Il a dit « nous partirons » hier."
    (mark,) = find_marks(text)
    assert text[mark.open_at] == "«" and text[mark.close_at - 1] == "»"


def test_two_quotes_in_one_sentence_are_two_marks():
    assert bodies('"Nous partirons", a-t-il dit, "et nous reviendrons".') == [
        ["Nous partirons"], ["et nous reviendrons"]]


@pytest.mark.parametrize("raw", [
    "« Nous avons tout essayé.\n\n« Rien n'a marché », a-t-il dit.",
    '"Nous avons tout essayé.\n\n"Rien n\'a marché", a-t-il dit.',
])
def test_a_quote_continued_on_the_next_paragraph_is_one_mark(raw):
    assert bodies(raw) == [["Nous avons tout essayé.", "Rien n'a marché"]]


def test_a_quote_whose_next_paragraph_only_closes_it_is_one_mark():
    raw = ("Le directeur a décrit la situation :\n\n« Nous avons dû rappeler tous les personnels "
           "en congé.\n\nLes équipes sont épuisées, mais elles tiennent. »")
    assert bodies(raw) == [["Nous avons dû rappeler tous les personnels en congé.",
                            "Les équipes sont épuisées, mais elles tiennent."]]


def test_a_paragraph_not_reopening_the_quote_ends_it():
    raw = "« Nous avons tout essayé.\n\nLe texte reprend sans citation. « Fin », dit-il."
    assert bodies(raw) == [["Fin"]]


def test_a_subheading_holds_no_quotation():
    assert bodies("- « Contact rompu » -\n\nLe texte reprend.") == []


def test_a_closing_straight_quote_with_no_opening_one_does_not_shift_the_pairs():
    raw = ('Un prêtre avoue qu\'il s\'agit d\'un acte de malveillance", et que les plaisantins '
           'ont voulu "empoisonner le monde". "Oh my god", crie une touriste.')
    assert bodies(raw) == [["empoisonner le monde"], ["Oh my god"]]


def test_mirrored_guillemets_of_damaged_copy_are_read_the_other_way():
    assert bodies("Il évoque des »cambrioleurs bien renseignés« hier.") == [
        ["cambrioleurs bien renseignés"]]


def test_sentences_never_cut_a_quotation():
    text = "Il a parlé. « Nous partirons. Et nous reviendrons », a-t-il dit. Puis il est parti."
    sentences = [text[s:e].strip() for s, e in quote_sentences(text, find_marks(text))]
    assert sentences == ["Il a parlé.", "« Nous partirons. Et nous reviendrons », a-t-il dit.",
                         "Puis il est parti."]


def test_an_abbreviation_ends_no_sentence():
    text = "Il a vu M. Dupont hier. Puis il est parti."
    assert len(quote_sentences(text, find_marks(text))) == 2


@pytest.mark.parametrize("text, expected", [
    ("Il a parlé du Nord.M. Dupont est parti.", ["Il a parlé du Nord.", "M. Dupont est parti."]),
    ("« Oui », a-t-il dit.« Non », a-t-elle dit.", ["« Oui », a-t-il dit.", "« Non », a-t-elle dit."]),
    ("Il a vu J.-C. Dupont et l'U.E. hier.", ["Il a vu J.-C. Dupont et l'U.E. hier."]),
])
def test_a_sentence_ends_where_damaged_copy_lost_the_space(text, expected):
    assert [text[s:e] for s, e in quote_sentences(text, find_marks(text))] == expected


@pytest.mark.parametrize("offset, expected", [(0, 0), (4, 0), (5, 1), (9, 1), (50, 1)])
def test_index_of_finds_the_span_holding_an_offset(offset, expected):
    assert index_of(offset, [(0, 5), (5, 10)]) == expected


@pytest.mark.parametrize("text, bodies", [
    ('"Les propositions sont bonnes», a-t-il dit.', ["Les propositions sont bonnes"]),
    ("»La position renforce l'hypothèse\" en juin, a-t-il dit.", ["La position renforce l'hypothèse"]),
    ('« il a dit "bonjour" hier »', ['il a dit "bonjour" hier']),
    ('"il a dit « bonjour » hier"', ["il a dit « bonjour » hier"]),
])
def test_damaged_copy_may_close_a_quote_with_the_other_mark(text, bodies):
    assert [text[s:e] for m in find_marks(text) for s, e in m.segments] == bodies


@pytest.mark.parametrize("raw", [
    "Il a déclaré : « Nous ne reviendrons pas sur cette\ndécision », a-t-il dit.\n\nFin.",
    "Il a déclaré : « Nous ne reviendrons pas sur cette\ndécision », a-t-il dit.\nFin.",
])
def test_a_hard_wrapped_line_does_not_cut_the_quotation(raw):
    assert [" ".join(b.split()) for (b,) in bodies(raw)] == [
        "Nous ne reviendrons pas sur cette décision"]
