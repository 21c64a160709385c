"""quotes_resolve and quotes_article: who a pronoun, a role or an organisation phrase is,
and the subjects attribution sees. Actors are given by hand; no spaCy model."""

from __future__ import annotations

import pytest

from site_builder.enrich.quotes_article import (
    build_quote_article,
    find_genders,
    fold_same_length,
    subject_mentions,
)
from site_builder.enrich.quotes_marks import find_marks
from site_builder.enrich.quotes_resolve import (
    resolve_organisation,
    resolve_pronoun,
    resolve_role,
    role_holders,
)

NAMES = {"Jean Dupont": ("jean-dupont", "PER"), "Marie Martin": ("marie-martin", "PER"),
         "Paul Durand": ("paul-durand", "PER"), "CGT": ("cgt", "ORG"),
         "tribunal administratif de Rennes": ("tribunal-administratif-de-rennes", "ORG")}


def article_of(text: str, roles: dict[str, tuple[str, ...]] | None = None):
    actors = []
    for name, (slug, label) in NAMES.items():
        start = text.find(name)
        while start >= 0:
            actors.append((start, start + len(name), slug, label))
            start = text.find(name, start + len(name))
    return build_quote_article(text, sorted(actors), roles or {}, find_marks(text))


def test_fold_same_length_keeps_offsets():
    text = "L’Élysée a déclaré « Ça suffit »."
    folded = fold_same_length(text)
    assert len(folded) == len(text) and folded.startswith("l'elysee a declare")


def test_actors_inside_quotation_marks_do_not_speak():
    article = article_of("Jean Dupont a dit « Marie Martin ment » hier.")
    assert [a[2] for a in article.actors] == ["jean-dupont"]


@pytest.mark.parametrize("text, expected", [
    ("Jean Dupont a parlé.", ["jean-dupont"]),
    ("Invité par Jean Dupont, Marie Martin a parlé.", ["marie-martin"]),
    ("Après avoir vu Jean Dupont, Marie Martin a parlé.", ["marie-martin"]),
    ("Il a parlé avec Jean Dupont et Marie Martin.", []),
    ("Marie Martin (avec Jean Dupont) a parlé.", ["marie-martin"]),
])
def test_subject_mentions_leave_out_prepositional_and_fronted_names(text, expected):
    article = article_of(text)
    assert [a[2] for a in subject_mentions(article, 0, len(text))] == expected


def test_genders_come_from_civilities_and_determiners():
    article = article_of("Mme Marie Martin a reçu M. Jean Dupont et le jeune Paul Durand.")
    assert find_genders(article) == {"marie-martin": "F", "jean-dupont": "M", "paul-durand": "M"}


def test_a_person_called_both_ways_has_no_gender():
    article = article_of("Mme Marie Martin est venue. M. Marie Martin aussi.")
    assert find_genders(article) == {}


@pytest.mark.parametrize("pronoun, expected", [("il", "jean-dupont"), ("elle", "marie-martin")])
def test_a_pronoun_is_the_last_subject_of_its_gender(pronoun, expected):
    text = "Mme Marie Martin a vu M. Jean Dupont. Il est parti. Puis, ce fut tout."
    article = article_of(text)
    assert resolve_pronoun(article, text.index("Puis"), pronoun) == expected


def test_ce_dernier_is_the_last_person_named():
    text = "Marie Martin a appelé Jean Dupont. Ce dernier a répondu."
    article = article_of(text)
    assert resolve_pronoun(article, text.index("Ce dernier"), "ce dernier") == "jean-dupont"


@pytest.mark.parametrize("text", [
    "Jean Dupont a visité l'usine. Un ouvrier s'est plaint des cadences. Puis, rien.",
    "Jean Dupont a parlé. L'enquêteur l'écoutait, raconte le témoin. Le témoin a vu "
    "l'enquêteur. Le témoin est parti. Puis, rien.",
])
def test_a_pronoun_after_an_unnamed_person_is_nobody(text):
    assert resolve_pronoun(article_of(text), text.index("Puis"), "il") is None


def test_a_name_opening_the_clause_comes_before_an_unnamed_person():
    text = "Jean Dupont, suivi par un policier, a parlé. Puis, rien."
    assert resolve_pronoun(article_of(text), text.index("Puis"), "il") == "jean-dupont"


def test_a_pronoun_skips_an_unnamed_person_of_the_other_gender():
    text = "M. Jean Dupont a parlé. Une habitante a protesté. Puis, rien."
    assert resolve_pronoun(article_of(text), text.index("Puis"), "il") == "jean-dupont"


def test_a_pronoun_with_nobody_before_it_is_nobody():
    assert resolve_pronoun(article_of("Il a parlé longtemps."), 0, "il") is None


@pytest.mark.parametrize("phrase, expected", [
    ("ministre", ["jean-dupont"]),
    ("ministre de l'Intérieur", ["jean-dupont"]),
    ("ministre de l'Intérieur avait annoncé des sanctions", ["jean-dupont"]),
    ("avocat général", ["paul-durand"]),
    ("avocat", ["marie-martin", "paul-durand"]),
    ("premier ministre", []),
    ("garde des sceaux", []),
])
def test_role_holders(phrase, expected):
    roles = {"jean-dupont": ("ministre de l'Intérieur",), "marie-martin": ("avocat de la famille",),
             "paul-durand": ("avocat général",)}
    assert role_holders(article_of("Texte.", roles), phrase) == expected


def test_an_equivalent_role_finds_its_holder():
    roles = {"jean-dupont": ("ministre de la Justice",)}
    assert role_holders(article_of("Texte.", roles), "garde des Sceaux") == ["jean-dupont"]


def test_a_role_nobody_holds_is_the_last_person_subject():
    text = "Marie Martin attend au gymnase. La retraitée a tout perdu."
    article = article_of(text)
    assert resolve_role(article, "retraitée", text.index("La retraitée"), "F") == "marie-martin"


def test_a_role_two_persons_hold_is_nobody():
    roles = {"jean-dupont": ("ministre",), "paul-durand": ("ministre",)}
    text = "Jean Dupont et Paul Durand sont là. Le ministre a parlé."
    assert resolve_role(article_of(text, roles), "ministre", text.index("Le"), "M") is None


def test_an_organisation_phrase_is_the_organisation_named_so():
    text = "Le tribunal administratif de Rennes a jugé. Plus tard, le tribunal administratif a dit."
    article = article_of(text)
    assert resolve_organisation(article, "tribunal administratif", text.index("Plus")) == (
        "tribunal-administratif-de-rennes")


def test_a_generic_organisation_phrase_is_the_last_organisation_subject():
    text = "La CGT a appelé à la grève. Le syndicat a dit."
    article = article_of(text)
    assert resolve_organisation(article, "syndicat a dit", text.index("Le syndicat")) == "cgt"


def test_an_organisation_phrase_with_no_organisation_before_it_is_nobody():
    text = "Jean Dupont a appelé à la grève. Le syndicat a dit."
    article = article_of(text)
    assert resolve_organisation(article, "syndicat", text.index("Le syndicat")) is None


@pytest.mark.parametrize("name, gender", [
    ("Isabelle Dupont", "F"), ("Christine Dupont", "F"), ("Sophie Dupont", "F"),
    ("Nadia Dupont", "F"), ("Antoine Dupont", None), ("Clarence Dupont", None),
    ("Pierre Dupont", None), ("Dupont", None),
])
def test_a_womans_first_name_tells_the_gender_and_nothing_else_does(name, gender):
    text = f"{name} est venu."
    article = build_quote_article(text, [(0, len(name), "p", "PER")], {}, [])
    assert find_genders(article).get("p") == gender


@pytest.mark.parametrize("phrase, determiner", [("avocat", "son"), ("fille", "sa"),
                                                ("porte-parole de la CGT", "le")])
def test_a_role_related_to_another_is_nobody_unless_the_article_gives_it(phrase, determiner):
    text = f"Jean Dupont a parlé lundi. Puis {determiner} {phrase} a parlé."
    at = text.index(phrase)
    assert resolve_role(article_of(text), phrase, at, None, at=at, determiner=determiner) is None
    roles = {"paul-durand": (phrase,)}
    assert resolve_role(article_of(text, roles), phrase, at, None, at=at,
                        determiner=determiner) == "paul-durand"


def test_elle_prefers_a_woman_known_so_to_a_person_of_unknown_gender():
    text = "Jean Dupont a félicité Mme Marie Martin. Elle a répondu."
    assert resolve_pronoun(article_of(text), text.index("Elle"), "elle") == "marie-martin"


def test_a_pronoun_after_two_persons_joined_is_nobody():
    text = "Jean Dupont et Paul Durand ont parlé lundi. Il a ajouté un mot."
    assert resolve_pronoun(article_of(text), text.index("Il"), "il") is None


@pytest.mark.parametrize("between, speaker", [("Son avocat a fait appel.", None),
                                              ("Son avocat Paul Durand a fait appel.", "paul-durand")])
def test_a_related_person_unnamed_stops_the_search_for_a_pronoun(between, speaker):
    text = f"Jean Dupont a été condamné lundi. {between} Il a parlé."
    assert resolve_pronoun(article_of(text), text.index("Il a parlé"), "il") == speaker


@pytest.mark.parametrize("text, gender", [
    ("Paul Durand, avocate de la famille, a parlé.", "F"),
    ("Paul Durand, 45 ans, retraitée, a parlé.", "F"),
    ("Paul Durand, la mère du jeune homme, a parlé.", "F"),
    ("Paul Durand, une habitante du quartier, a parlé.", "F"),
    ("Paul Durand est arrivée hier.", "F"),
    ("Paul Durand, le frère du jeune homme, a parlé.", "M"),
    ("Paul Durand est arrivé hier.", "M"),
    ("Paul Durand, la veille, a parlé.", None),
    ("Paul Durand est socialiste.", None),
])
def test_the_words_after_a_name_tell_the_gender(text, gender):
    assert find_genders(article_of(text)).get("paul-durand") == gender


def test_a_quoted_nickname_as_subject_stops_the_search_for_a_pronoun():
    text = "Jean Dupont a plaidé lundi. « Le Loup » a été condamné en 2008. Il a reconnu les faits."
    assert resolve_pronoun(article_of(text), text.index("Il a"), "il") is None


@pytest.mark.parametrize("between, pronoun, expected", [
    ("La CGT a publié un texte.", "elle", "cgt"),
    ("Le parquet a ouvert une enquête.", "il", None),
    ("Le gouvernement a réagi mardi.", "il", None),
    ("La CGT a publié un texte.", "il", "jean-dupont"),
    ("Le procès aura lieu en mai.", "il", "jean-dupont"),
])
def test_a_pronoun_after_an_organisation_opening_the_sentence_stands_for_it(between, pronoun,
                                                                           expected):
    text = f"Jean Dupont a porté plainte. {between} {pronoun.capitalize()} a ajouté un mot."
    at = text.index(f"{pronoun.capitalize()} a ajouté")
    assert resolve_pronoun(article_of(text), at, pronoun) == expected


@pytest.mark.parametrize("first, gender", [("Agnès", "F"), ("Hélène", "F"), ("Brigitte", "F"),
                                           ("Carole", "F"), ("Élisabeth", "F"), ("Eugène", None),
                                           ("Clarence", None)])
def test_a_womans_first_name_tells_her_gender(first, gender):
    text = f"{first} Martin a parlé."
    article = build_quote_article(text, [(0, len(first) + 7, "p", "PER")], {}, [])
    assert find_genders(article).get("p") == gender
