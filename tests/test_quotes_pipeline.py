"""Quotes and roles end to end: the real spaCy model, extract_text, small invented wire copy."""

from __future__ import annotations

import pytest

from site_builder.enrich.extract import build_context, extract_text
from site_builder.enrich.nlp import load_nlp

pytestmark = pytest.mark.slow

ARTICLE = """Le ministre de l'Intérieur, Gérald Martinet, s'est rendu mardi à Lille.

"Nous ne laisserons rien passer", a-t-il déclaré devant les policiers.

De son côté, la secrétaire générale du syndicat Force ouvrière, Sophie Berthier, estime que \
« le compte n'y est pas ». « Les agents sont épuisés », a-t-elle ajouté.

« Nous avons eu très peur cette nuit », raconte une habitante du quartier.

« Cette réforme, a affirmé le ministre, protège les Français. »
"""


@pytest.fixture(scope="module")
def result():
    return extract_text(load_nlp("fr_core_news_md"), ARTICLE, build_context())


def speaker_of(result, start: str) -> str | None:
    return next(q.speaker for q in result.quotes if q.text.startswith(start))


@pytest.mark.parametrize("start, speaker", [
    ("Nous ne laisserons rien passer", "gerald-martinet"),
    ("le compte n'y est pas", "sophie-berthier"),
    ("Les agents sont épuisés", "sophie-berthier"),
    ("Nous avons eu très peur", None),
    ("Cette réforme", "gerald-martinet"),
])
def test_speakers(result, start, speaker):
    assert speaker_of(result, start) == speaker


def test_quote_offsets_point_at_the_original_text(result):
    for quote in result.quotes:
        assert ARTICLE[quote.start:quote.end] == quote.text


def test_roles(result):
    roles = {e.slug: e.roles for e in result.entities}
    assert "ministre de l'Intérieur" in roles["gerald-martinet"]
    assert any(r.startswith("secrétaire générale du syndicat") for r in roles["sophie-berthier"])
