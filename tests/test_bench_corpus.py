"""The benchmark corpus generator: deterministic, sample-shaped, ingestible by site_builder."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest

from site_builder.config import load_config
from site_builder.ingest import ingest_seeds

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import corpus  # noqa: E402

CAPTION = re.compile(r"^.+\. / [A-ZÀ-Ÿ' -]+ / [A-Z]+$")
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


@pytest.fixture(scope="module")
def articles() -> list[corpus.SeedArticle]:
    return list(corpus.generate_corpus(12, seed=3))


def test_same_seed_same_bytes(articles):
    again = list(corpus.generate_corpus(12, seed=3))
    assert [(a.filename, a.text) for a in again] == [(a.filename, a.text) for a in articles]


def test_other_seed_other_text(articles):
    other = list(corpus.generate_corpus(3, seed=4))
    assert other[0].text != articles[0].text


def test_prefix_is_stable(articles):
    """Article i does not depend on N: the 1,000 corpus is the start of the 10,000 one."""
    assert [a.text for a in corpus.generate_corpus(4, seed=3)] == [a.text for a in articles[:4]]


def test_articles_have_the_sample_shape(articles):
    for article in articles:
        lines = article.text.split("\n\n")
        assert CAPTION.match(lines[0]), lines[0]
        assert any(len(p) < 80 and p[-1] not in ".!?»" for p in lines[1:]), "no subheading"
        date_words = f"{WEEKDAYS[article.date.weekday()]} {article.date.day} {MONTHS[article.date.month - 1]}"
        assert date_words in article.text
        assert 750 <= article.words <= 1100
        assert 6 <= len(article.actors) <= 12 and 4 <= len(article.places) <= 8


def test_every_listed_entity_is_mentioned(articles):
    for article in articles:
        for name in (*article.actors, *article.places):
            assert name in article.text, (article.filename, name)


def test_names_are_spread_zipf_like():
    names = [name for a in corpus.generate_corpus(300, seed=5) for name in a.actors]
    counts = sorted((names.count(n) for n in set(names)), reverse=True)
    assert counts[0] >= 10 * counts[len(counts) // 2], "head should dominate the median"
    assert len(counts) > 300, "a long tail of distinct actors"


def test_site_builder_ingests_the_seeds(tmp_path):
    written = corpus.write_corpus(tmp_path, 5, seed=3)
    report = ingest_seeds(load_config(tmp_path))
    assert not [d for d in report.diagnostics if d.is_error]
    assert len(report.written) == len(written) == 5
    assert len(list((tmp_path / "content" / "articles").glob("*.md"))) == 5
    manifest = (tmp_path / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(manifest) == 5 and dt.date.fromisoformat(written[0].date.isoformat())
