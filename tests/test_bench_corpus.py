"""The benchmark corpus generator: deterministic, sample-shaped, ingestible by site_builder."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest

from site_builder.config import load_config
from site_builder.ingest.content import load_articles
from site_builder.ingest.ingest import ingest_seeds

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


# --- wire copy: undated dispatches and updates under the same headline -------------------------

WIRE_SITE = "build_date: 2026-11-25\nsearch: false\n"


@pytest.fixture(scope="module")
def wire_site(tmp_path_factory) -> tuple[Path, list[corpus.SeedArticle]]:
    root = tmp_path_factory.mktemp("wire")
    written = corpus.write_corpus(root, 1000, seed=7, wire=True)
    (root / "site.yml").write_text(WIRE_SITE, encoding="utf-8")
    return root, written


def test_wire_copy_has_undated_seeds_and_repeated_headlines(wire_site):
    _root, written = wire_site
    undated = [a for a in written if not a.is_dated]
    updates = {a.filename: a.update_of for a in written if a.update_of}
    assert 250 <= len(undated) <= 450 and 40 <= len(updates) <= 150
    assert not any(f"{WEEKDAYS[a.date.weekday()]} {a.date.day} " in a.text for a in undated)
    by_name = {a.filename: a for a in written}
    for name, earlier in updates.items():
        assert by_name[name].text.startswith(by_name[earlier].text.rstrip())
    assert list(corpus.generate_corpus(20, seed=7, wire=True)) == written[:20]


def test_every_wire_seed_becomes_a_content_file_with_its_own_slug(wire_site):
    root, written = wire_site
    report = ingest_seeds(load_config(root))
    assert [str(d) for d in report.diagnostics if d.is_error] == []
    assert len(report.written) == 1000
    articles, problems = load_articles(load_config(root))
    assert problems == [] and len({a.slug for a in articles}) == 1000
    assert {a.source.path.removeprefix("content/articles/") for a in articles} == set(report.written)
    again = ingest_seeds(load_config(root))
    assert again.unchanged == report.written and again.written == ()


@pytest.mark.slow
def test_a_1000_seed_wire_corpus_builds_one_page_per_seed(wire_site, tmp_path):
    """The whole build (search off, a blank spaCy pipeline: the enrichment is not the point)."""
    import shutil

    import spacy

    from site_builder.engine.build import build

    root = tmp_path / "site"
    shutil.copytree(wire_site[0] / "seeds", root / "seeds")
    (root / "site.yml").write_text(WIRE_SITE, encoding="utf-8")

    def blank_french():
        nlp = spacy.blank("fr")
        nlp.add_pipe("sentencizer")
        return nlp

    report = build(load_config(root), nlp_provider=blank_french)
    assert [str(d) for d in report.diagnostics if d.is_error] == []
    assert report.articles == 1000
    pages = list((root / "output" / "articles").glob("*/index.html"))
    assert len(pages) == 1000
