"""Enrichment past one machine: the uncached articles, in batches, on a Dask cluster.

`make_dask_runner(address)` returns a Runner for enrich_articles(): it connects to the
scheduler, submits one task per batch of texts and yields the results in input order as
batches complete (the client caches each on arrival). Each
worker loads the spaCy model once and keeps it (and the extraction context) on its
Worker object for the next batches. Merging and rendering stay on the client, so the
site is the same as after a local build. Workers need site-builder and the model
installed (see docs/dask.md).
"""

from __future__ import annotations

import dataclasses
import importlib.util
from collections.abc import Iterator, Sequence

from site_builder.enrich.enrich import (
    ExtractionFailure,
    ExtractionJob,
    Progress,
    Runner,
    build_extraction_context,
    extract_texts,
)
from site_builder.errors import ConfigError
from site_builder.model import ArticleEntities, SourceLocation

CONNECT_TIMEOUT = "15s"
Result = ArticleEntities | ExtractionFailure
WORKER_ATTRIBUTE = "site_builder_enrich_state"
"""Attribute of each dask Worker holding its loaded models and extraction contexts."""


def make_dask_runner(address: str, *, timeout: str = CONNECT_TIMEOUT) -> Runner:
    """A Runner that extracts on the Dask scheduler at `address` (`tcp://HOST:PORT`).

    It connects when called (an unreachable scheduler is an error at once), then yields
    the results in input order as batches complete, so that each is cached on arrival.
    Dask is an extra (`site-builder[dask]`): without it, a ConfigError at once."""
    if importlib.util.find_spec("distributed") is None:
        raise ConfigError(SourceLocation("site.yml"),
                          f"the Dask scheduler {address!r} (`scheduler:` or --scheduler) needs "
                          "Dask, which is not installed; run `pip install 'site-builder[dask]'`, "
                          "or remove the scheduler to enrich locally")

    def run(job: ExtractionJob, texts: Sequence[str], progress: Progress) -> Iterator[Result]:
        client = _connect(address, timeout)
        return _closing(client, _run_batches(client, job, texts, progress))

    return run


def _closing(client, results: Iterator[Result]) -> Iterator[Result]:
    try:
        yield from results
    finally:
        client.close()


def _connect(address: str, timeout: str):
    from distributed import Client

    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ConfigError(SourceLocation("site.yml"),
                          f"cannot reach the Dask scheduler {address!r} ({exc.__class__.__name__}); "
                          "start it, or remove `scheduler:` / `--scheduler` to enrich locally"
                          ) from None


def _run_batches(client, job: ExtractionJob, texts: Sequence[str],
                 progress: Progress) -> Iterator[Result]:
    """Every batch submitted at once; results yielded in order, each batch as soon as it
    and all batches before it are back."""
    from distributed import as_completed

    batches = split_batches(texts, job.batch_size)
    futures = [client.submit(extract_batch, job, batch, pure=False) for batch in batches]
    position = {future.key: index for index, future in enumerate(futures)}
    arrived: dict[int, list[Result]] = {}
    done = 0
    for future in as_completed(futures, loop=client.loop):
        arrived[position[future.key]] = future.result()
        while done < len(texts) and _next_batch(done, job.batch_size) in arrived:
            for result in arrived.pop(_next_batch(done, job.batch_size)):
                done += 1
                progress(done, len(texts))
                yield result


def _next_batch(done: int, size: int) -> int:
    return done // max(1, size)


def split_batches(texts: Sequence[str], size: int) -> list[list[str]]:
    size = max(1, size)
    return [list(texts[start:start + size]) for start in range(0, len(texts), size)]


def extract_batch(job: ExtractionJob, texts: list[str]) -> list[Result]:
    """Runs on a worker: the model and context are loaded once per worker and kept."""
    nlp, context = _worker_state(job)
    local_job = dataclasses.replace(job, n_process=1, span_cache=None)  # the client's disk
    return extract_texts(lambda: nlp, local_job, texts, context)


def _worker_state(job: ExtractionJob):
    from distributed import get_worker

    from site_builder.enrich.gazetteer import load_gazetteer
    from site_builder.enrich.nlp import load_nlp

    worker = get_worker()
    state: dict = getattr(worker, WORKER_ATTRIBUTE, None) or {}
    setattr(worker, WORKER_ATTRIBUTE, state)
    if ("nlp", job.model_name) not in state:
        state[("nlp", job.model_name)] = load_nlp(job.model_name)
    if "gazetteer" not in state:
        state["gazetteer"] = load_gazetteer()
    context_key = ("context", job.user_entities)
    if context_key not in state:
        state[context_key] = build_extraction_context(job, state["gazetteer"])
    return state[("nlp", job.model_name)], state[context_key]
