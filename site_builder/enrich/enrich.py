"""enrich_articles(cfg, articles, nlp_provider) -> EnrichResult: entities, quotes, mentions.

Each article's Markdown body goes through spaCy (batched `nlp.pipe`) and our extraction,
unless the enrichment cache already holds the result for that exact text and settings.
The per-article results are then merged into the site's actor and place tables (see
entity_merge.py), with the user's hand-edited entity files and stop list applied.
The spaCy model is loaded through `nlp_provider` only when some article is not cached.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from site_builder.enrich.enrich_cache import (
    build_cache_key,
    build_settings_digest,
    get_cache_root,
    get_model_version,
    read_entry,
    write_entry,
)
from site_builder.enrich.entity_merge import (
    CuratedEntity,
    MergeState,
    SuspectedDuplicate,
    build_tables,
    update_tables,
)
from site_builder.enrich.spans import SpanCache, SpanDoc, make_span_cache, spans_of
from site_builder.errors import Diagnostic, Severity
from site_builder.model import Article, ArticleEntities, Entity, EntityKind, SiteConfig

_LOG = logging.getLogger(__name__)
MAX_EXTRACT_CHARS = 1_000_000
"""Longest article text given to spaCy (its own default limit): a longer article is built
without actors and places, with a warning."""
MAX_TOKEN_CHARS = 100
"""Runs of non-space characters longer than this are blanked (same length, so offsets hold)
before spaCy: its tokenizer is quadratic on them (20,000 `[` took minutes); they hold no name."""
_LONG_RUN = re.compile(rf"\S{{{MAX_TOKEN_CHARS + 1},}}")
_TOO_LONG = "too long for entity extraction"
Progress = Callable[[int, int], None]
"""progress(done, total), called as articles are enriched (cli draws the bar)."""


@dataclass(frozen=True)
class ExtractionJob:
    """What a process (local, or a Dask worker) needs to extract entities; picklable."""

    model_name: str
    batch_size: int
    n_process: int
    """Worker processes of the local pool (enrich_pool.py); `extract_texts` runs in one."""
    user_entities: tuple[Entity, ...] = ()
    """Visible hand-edited entity files: their names and aliases map to their slug."""
    span_cache: SpanCache | None = None
    """spaCy's spans by text (spans.py); None on Dask workers, whose disk is not ours."""


@dataclass(frozen=True)
class ExtractionFailure:
    """Extraction raised on one text: that article gets no entities and is not cached."""

    message: str


Runner = Callable[[ExtractionJob, Sequence[str], Progress],
                  Iterable[ArticleEntities | ExtractionFailure]]
"""Extracts entities from texts, in order: locally (default) or on a Dask cluster. It may
yield results as they come (a generator), so that each is cached as soon as it exists."""


@dataclass(frozen=True)
class EnrichResult:
    articles: tuple[Article, ...]
    """The input articles, in the input order, with actors, places, quotes, mentions."""
    actors: dict[str, Entity]
    places: dict[str, Entity]
    diagnostics: tuple[Diagnostic, ...] = ()
    extracted: int = 0
    """Distinct article texts that went through spaCy (the others came from the cache)."""
    cached: int = 0
    redirects: dict[tuple[EntityKind, str], str] = dataclasses.field(default_factory=dict)
    """(kind, slug of an entity merged into another) -> the slug it went into."""
    curations: dict[str, str] = dataclasses.field(default_factory=dict)
    """Source of each hand-edited entity file -> one line saying what it did."""
    duplicates: tuple[SuspectedDuplicate, ...] = ()
    """Short forms of actors left apart because several entities could be meant."""


class ModelProvider:
    """Loads the spaCy pipeline on the first call only; `serve` keeps one across rebuilds.

    It also keeps the gazetteer (~1-10 s to load) and the last extraction context.
    """

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name
        self._nlp = None
        self._contexts: dict[tuple, object] = {}
        self._gazetteer = None

    def __call__(self):
        if self._nlp is None:
            from site_builder.enrich.nlp import load_nlp  # spaCy is imported only when needed

            self._nlp = load_nlp(self.model_name)
        return self._nlp

    @property
    def is_loaded(self) -> bool:
        return self._nlp is not None

    def context(self, job: ExtractionJob):
        """The extraction context for `job`'s user entities and stop list, built once."""
        key = job.user_entities
        if key not in self._contexts:
            if self._gazetteer is None:
                from site_builder.enrich.gazetteer import load_gazetteer

                self._gazetteer = load_gazetteer()
            self._contexts = {key: build_extraction_context(job, self._gazetteer)}
        return self._contexts[key]


def enrich_articles(cfg: SiteConfig, articles: Sequence[Article], nlp_provider: Callable,
                    *, curated: Sequence[CuratedEntity] = (), progress: Progress | None = None,
                    runner: Runner | None = None, use_cache: bool = True,
                    memo: dict[str, ArticleEntities] | None = None,
                    assembled: dict[tuple[str, str], Any] | None = None,
                    merge: MergeState | None = None) -> EnrichResult:
    """Extract (or read from cache) each article's entities, then merge them site-wide.

    `memo` (cache key -> result) spares reading cache entries a previous build already
    read; it is left holding this build's results. `assembled` (serve) keeps the enriched
    articles and the entities of this build: next time, an unchanged one is the same object
    (later stages compare Sites by identity first). `merge` (serve) keeps the entity
    tables, merged again only where changed articles touch them (entity_merge.py)."""
    version = get_model_version(cfg.nlp_model)
    job = dataclasses.replace(build_job(cfg, curated), span_cache=make_span_cache(
        cfg.path("cache_dir"), cfg.nlp_model, version) if use_cache else None)
    digest = build_settings_digest(job.model_name, version)
    keys = _cache_keys(articles, digest, job.user_entities, assembled)
    texts = {key: article.body_md for key, article in zip(keys, articles, strict=True)}
    cache_root = get_cache_root(cfg)
    known = memo if memo is not None and use_cache else {}
    found = {key: known.get(key) or (read_entry(cache_root, key) if use_cache else None)
             for key in sorted(texts)}
    missing = [key for key, value in found.items() if value is None]
    failures: dict[str, str] = {}
    if missing:
        run = runner or _local_runner(nlp_provider)
        results = run(job, [texts[key] for key in missing], progress or _no_progress)
        for key, result in zip(missing, results, strict=True):
            if isinstance(result, ExtractionFailure):
                failures[key], result = result.message, ArticleEntities()
            else:
                write_entry(cache_root, key, result)
            found[key] = result
    per_article = [found[key] for key in keys]
    if memo is not None:
        memo.clear()
        memo.update((key, value) for key, value in found.items() if key not in failures)
    result = _assemble(cfg, articles, per_article, curated, extracted=len(missing),
                       assembled=assembled, merge=merge)
    return dataclasses.replace(result, diagnostics=_failure_diagnostics(articles, keys, failures))


def _cache_keys(articles: Sequence[Article], digest: str, users: tuple[Entity, ...],
                assembled: dict[tuple[str, str], Any] | None) -> list[str]:
    """Each article's cache key; with `assembled`, an article that is the same object as
    last time, under the same settings, keeps its key without hashing its text again."""
    if assembled is None:
        return [build_cache_key(article.body_md, digest, users) for article in articles]
    fresh, keys = {}, []
    for article in articles:
        known = assembled.get(("key", article.source.path))
        if known is None or known[0] is not article or known[1] != digest or known[2] != users:
            known = (article, digest, users, build_cache_key(article.body_md, digest, users))
        fresh[("key", article.source.path)] = known
        keys.append(known[3])
    for gone in [name for name in assembled if name[0] == "key" and name not in fresh]:
        del assembled[gone]
    assembled.update(fresh)
    return keys


def _failure_diagnostics(articles: Sequence[Article], keys: list[str],
                         failures: dict[str, str]) -> tuple[Diagnostic, ...]:
    return tuple(
        _failure_diagnostic(article, failures[key])
        for article, key in zip(articles, keys, strict=True) if key in failures)


def _failure_diagnostic(article: Article, message: str) -> Diagnostic:
    if message.startswith(_TOO_LONG):
        return Diagnostic(article.source, f"{message}; the page is built without actors and "
                                          "places; split the article to get them", Severity.WARNING)
    return Diagnostic(article.source, f"entity extraction failed ({message}); the page is "
                                      "built without actors and places; please report this bug")


def build_job(cfg: SiteConfig, curated: Sequence[CuratedEntity]) -> ExtractionJob:
    """Hand-edited entity files feed their names and aliases back into extraction.

    Hidden entities and the stop list are not given to extraction: they are removed after
    it (entity_merge.py), so deleting a wrong entity re-extracts nothing. A file merged into
    another (`merge_into:`) is left out too: its mentions are moved after extraction, and its
    name must not cut the other's longer name in the texts."""
    users = tuple(sorted((_as_user_entity(c.entity) for c in curated
                          if c.is_hand_edited and not c.entity.hidden and not c.edits.merge_into),
                         key=lambda e: (e.kind.value, e.slug)))
    return ExtractionJob(cfg.nlp_model, cfg.nlp_batch_size, max(1, cfg.nlp_processes), users)


def _as_user_entity(entity: Entity) -> Entity:
    """Only what extraction uses (names, aliases): editing a page's note or roles does not
    invalidate the cache."""
    return dataclasses.replace(entity, roles=(), geo=None, body_md="", source=None)


def _assemble(cfg: SiteConfig, articles: Sequence[Article], per_article: list[ArticleEntities],
              curated: Sequence[CuratedEntity], *, extracted: int,
              assembled: dict[tuple[str, str], Any] | None = None,
              merge: MergeState | None = None) -> EnrichResult:
    tables = build_tables(per_article, curated, cfg.stop_list) if merge is None else \
        update_tables(merge, per_article, curated, cfg.stop_list)
    last = assembled.get(_LAST) if assembled is not None else None
    enriched = _enriched_articles(articles, tables.article_fields, last)
    actors = {slug: _same(last[3].get(slug) if last else None, e) for slug, e in tables.actors.items()}
    places = {slug: _same(last[4].get(slug) if last else None, e) for slug, e in tables.places.items()}
    if assembled is not None:
        assembled[_LAST] = (tuple(articles), tables.article_fields, enriched, actors, places)
    redirects = {(EntityKind.PLACE if is_place else EntityKind.ACTOR, slug): into
                 for (is_place, slug), into in tables.redirects.items()}
    return EnrichResult(articles=enriched, actors=actors, places=places, extracted=extracted,
                        cached=len(set(a.body_md for a in articles)) - extracted,
                        redirects=redirects, curations=tables.curations,
                        duplicates=tables.duplicates)


_LAST = ("last", "")
"""`assembled` key of the last build's (articles, their fields, enriched articles, actors,
places): an unchanged article or entity is then the same object again."""


def _enriched_articles(articles: Sequence[Article], fields: list[dict[str, Any]],
                       last: tuple | None) -> tuple[Article, ...]:
    """Each article with its fields; where the article and its fields are the objects of
    the last build (serve), its enriched article of the last build."""
    if last is not None and len(last[0]) == len(articles):
        old_articles, old_fields, old_enriched = last[0], last[1], last[2]
        changed = [i for i, (a, b, f, g) in enumerate(zip(old_articles, articles, old_fields, fields,
                                                          strict=True)) if a is not b or f is not g]
        if len(changed) <= MAX_REASSEMBLED:
            enriched = list(old_enriched)
            for i in changed:
                same_file = old_articles[i].source.path == articles[i].source.path
                enriched[i] = _enriched(articles[i], fields[i], (old_articles[i], old_enriched[i],
                                                                 old_fields[i]) if same_file else None)
            return tuple(enriched)
    known = {a.source.path: (a, e, f) for a, f, e in zip(*last[:3], strict=True)} if last else {}
    return tuple(_enriched(article, article_fields, known.get(article.source.path))
                 for article, article_fields in zip(articles, fields, strict=True))


MAX_REASSEMBLED = 64
"""Changed articles above which every article is looked at by path."""


def _enriched(article: Article, fields: dict[str, Any], known: tuple | None) -> Article:
    """`article` with `fields`, or the previous build's result when it is just that (`known`:
    the previous (article, result, fields))."""
    if known is not None and known[0] is article and (known[2] is fields or all(
            getattr(known[1], name) == value for name, value in fields.items())):
        return known[1]
    return dataclasses.replace(article, **fields)


def _same(previous: Entity | None, entity: Entity) -> Entity:
    return previous if previous is entity or previous == entity else entity


# --- extraction proper (also run by Dask workers) ----------------------------------------

def extract_texts(load_nlp: Callable, job: ExtractionJob, texts: Sequence[str], context
                  ) -> list[ArticleEntities | ExtractionFailure]:
    """The results of `iter_extract_texts`, as a list."""
    return list(iter_extract_texts(load_nlp, job, texts, context))


def iter_extract_texts(load_nlp: Callable, job: ExtractionJob, texts: Sequence[str], context
                       ) -> Iterator[ArticleEntities | ExtractionFailure]:
    """Each text's result in order, yielded as soon as it exists, in chunks of
    `job.batch_size` texts (so that only one chunk of prepared texts is held at a time)."""
    size = max(1, job.batch_size)
    for start in range(0, len(texts), size):
        yield from _extract_chunk(load_nlp, job, texts[start:start + size], context)


def _extract_chunk(load_nlp: Callable, job: ExtractionJob, texts: Sequence[str], context
                   ) -> Iterator[ArticleEntities | ExtractionFailure]:
    """spaCy's spans of each prepared text (from `job.span_cache`, else one-process
    `nlp.pipe`, the model loaded by `load_nlp()` only then), then our extraction on each.

    A text on which extraction raises becomes an ExtractionFailure: one article never
    sinks the others."""
    from site_builder.enrich.extract import extract_article, prepare_text

    prepared = [prepare_text(text) for text in texts]
    spacy_texts = [_LONG_RUN.sub(_blank, p.normalized) if len(p.normalized) <= MAX_EXTRACT_CHARS
                   else None for p in prepared]
    for prep, spans in zip(prepared, _span_docs(load_nlp, job, spacy_texts), strict=True):
        yield (_extract_one(extract_article, spans, prep, context) if spans is not None else
               ExtractionFailure(f"{_TOO_LONG} ({len(prep.normalized):,} characters, "
                                 f"more than {MAX_EXTRACT_CHARS:,})"))


def _span_docs(load_nlp: Callable, job: ExtractionJob, spacy_texts: list[str | None]
               ) -> Iterator[SpanDoc | None]:
    """The spans of each text in order (None for a text too long): cached ones first read,
    the others through spaCy, each written to the span cache as it comes out."""
    cache = job.span_cache
    cached = [cache.get(text) if cache is not None and text is not None else None
              for text in spacy_texts]
    misses = [text for text, found in zip(spacy_texts, cached, strict=True)
              if text is not None and found is None]
    docs = iter(load_nlp().pipe(misses, batch_size=job.batch_size) if misses else ())
    for text, found in zip(spacy_texts, cached, strict=True):
        if text is None or found is not None:
            yield found
            continue
        spans = spans_of(next(docs))
        if cache is not None:
            cache.put(text, spans)
        yield spans


POOL_MIN_BATCHES = 4
"""Batches per process below which the texts are extracted in this process: each pool
worker starts by importing spaCy, loading the model and building the gazetteer (~10 s of
CPU, as much as ~125 articles through fr_core_news_md; measured in bench/NER_SPEED.md)."""


def pipe_processes(job: ExtractionJob, texts: int) -> int:
    """`job.n_process`, or 1 when there are too few texts to repay the workers' start-up
    (a one-article edit in `serve`): then the texts are extracted in this process, with the
    provider's model (kept by `serve`)."""
    enough = texts >= POOL_MIN_BATCHES * job.batch_size * job.n_process
    return job.n_process if enough else 1


def _blank(match: re.Match) -> str:
    return " " * len(match.group())


def _extract_one(extract_article, doc, prepared, context) -> ArticleEntities | ExtractionFailure:
    try:
        return extract_article(doc, prepared, context)
    except Exception as exc:  # a bug in extraction: reported per article, never silent
        _LOG.exception("entity extraction failed on a text starting %r", prepared.original[:60])
        return ExtractionFailure(f"{exc.__class__.__name__}: {exc}")


def build_extraction_context(job: ExtractionJob, gazetteer=None):
    from site_builder.enrich.extract import build_context

    return build_context(user_entities=job.user_entities, gazetteer=gazetteer)


def _local_runner(nlp_provider: Callable) -> Runner:
    """Several processes (enrich_pool.py: spaCy and extraction in each worker) when the
    texts are enough to keep them busy; else this process, with `nlp_provider`'s model."""

    def run(job: ExtractionJob, texts: Sequence[str], progress: Progress
            ) -> Iterable[ArticleEntities | ExtractionFailure]:
        if pipe_processes(job, len(texts)) > 1:
            from site_builder.enrich.enrich_pool import run_pool  # it imports this module

            return run_pool(job, texts, progress)
        if isinstance(nlp_provider, ModelProvider):
            context = nlp_provider.context(job)
        else:
            context = build_extraction_context(job)
        return _with_progress(iter_extract_texts(nlp_provider, job, texts, context),
                              progress, len(texts))

    return run


def _with_progress(results: Iterable, progress: Progress, total: int) -> Iterator:
    for done, result in enumerate(results, start=1):
        progress(done, total)
        yield result


def _no_progress(done: int, total: int) -> None:
    """The default progress callback: nothing to show."""
