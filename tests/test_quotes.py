"""quotes: what is a quotation, and the roles the speakers' role phrases give them."""

from __future__ import annotations

import pytest

from site_builder.enrich.nlp import prepare_text
from site_builder.enrich.quotes import QuoteSpan, add_speaker_roles, find_quotes, is_quotation


def quotes_of(raw: str, actors_by_name: dict[str, str]) -> tuple[str, list[QuoteSpan]]:
    text = prepare_text(raw).normalized
    actors = []
    for name, slug in actors_by_name.items():
        start = text.find(name)
        while start >= 0:
            actors.append((start, start + len(name), slug, "PER"))
            start = text.find(name, start + len(name))
    return text, find_quotes(text, [], sorted(actors))


@pytest.mark.parametrize("body, expected", [
    ("nous partirons demain matin", True), ("Jamais.", True), ("Oh non !", True),
    ("ligne rouge", False), ("imprudente", False),
])
def test_is_quotation_whatever_its_context(body, expected):
    assert is_quotation(body) is expected


def test_each_paragraph_of_a_quote_is_one_span_with_the_sentence_bounds():
    raw = "« Nous avons tout essayé.\n\n« Rien n'a marché », a conclu Jean Dupont."
    text, quotes = quotes_of(raw, {"Jean Dupont": "jd"})
    assert [text[q.start:q.end] for q in quotes] == ["Nous avons tout essayé.", "Rien n'a marché"]
    assert {q.speaker for q in quotes} == {"jd"}
    assert all(text[q.sentence_start:q.sentence_end].strip().startswith("«") for q in quotes)


def test_a_short_fragment_counts_only_when_attributed():
    _, attributed = quotes_of("Jean Dupont a dénoncé une « ligne rouge » franchie.",
                              {"Jean Dupont": "jd"})
    _, unattributed = quotes_of("C'est une « ligne rouge » franchie.", {})
    assert [q.speaker for q in attributed] == ["jd"] and unattributed == []


def test_the_role_naming_a_speaker_becomes_a_role_of_that_speaker():
    raw = ("Marie Martin, 70 ans, attend au gymnase depuis la veille.\n\n"
           "« On a fait le plus dur, il suffit de passer la nuit », précise la retraitée.")
    text, quotes = quotes_of(raw, {"Marie Martin": "mm"})
    roles = add_speaker_roles({"jd": ("maire",)}, quotes, lambda s, e: text[s:e])
    assert roles == {"jd": ("maire",), "mm": ("retraitée",)}


def test_a_kinship_phrase_naming_a_speaker_is_no_role():
    raw = ("Jean Dupont est arrivé avec ses enfants.\n\n"
           "« J'ai senti l'odeur de fumée », explique le père de famille.")
    text, quotes = quotes_of(raw, {"Jean Dupont": "jd"})
    assert [q.speaker for q in quotes] == ["jd"]
    assert add_speaker_roles({}, quotes, lambda s, e: text[s:e]) == {}


def test_a_lead_repeating_a_quotation_takes_its_speaker():
    raw = ("« Nous avons tout perdu en une nuit » : la famille a fui le village.\n\n"
           "« Nous avons tout perdu en une nuit, même la maison », raconte Jeanne Moreau.")
    text, quotes = quotes_of(raw, {"Jeanne Moreau": "jm"})
    assert [q.speaker for q in quotes] == ["jm", "jm"]


def test_a_repeated_quotation_said_by_two_speakers_stays_unattributed():
    raw = ("« Rien ne va plus ici » : le village attend.\n\n"
           "« Rien ne va plus ici », dit Jeanne Moreau. « Rien ne va plus ici, "
           "hélas », répond Paul Marchand.")
    _, quotes = quotes_of(raw, {"Jeanne Moreau": "jm", "Paul Marchand": "pm"})
    assert [q.speaker for q in quotes] == [None, "jm", "pm"]


def test_a_subheading_quoting_a_speaker_of_the_body_is_a_quotation_of_theirs():
    raw = ("Le village a brûlé.\n\n- « On voyait le feu de la route » -\n\n"
           "« On voyait le feu depuis la route », raconte Jeanne Moreau.")
    text, quotes = quotes_of(raw, {"Jeanne Moreau": "jm"})
    assert [(text[q.start:q.end], q.speaker) for q in quotes] == [
        ("On voyait le feu de la route", "jm"), ("On voyait le feu depuis la route", "jm")]


def test_a_subheading_quoting_nobody_of_the_body_holds_a_term():
    raw = "- « Contact rompu » -\n\n« Le dialogue est difficile », dit Jeanne Moreau."
    text, quotes = quotes_of(raw, {"Jeanne Moreau": "jm"})
    assert [text[q.start:q.end] for q in quotes] == ["Le dialogue est difficile"]


def test_a_two_word_subheading_quoting_the_body_is_given_nobody():
    raw = ("Le village a brûlé.\n\n- « Portes closes » -\n\n"
           "« Nous avons trouvé des portes closes partout », raconte Jeanne Moreau.")
    text, quotes = quotes_of(raw, {"Jeanne Moreau": "jm"})
    assert [(text[q.start:q.end], q.speaker) for q in quotes] == [
        ("Portes closes", None), ("Nous avons trouvé des portes closes partout", "jm")]
