"""Local enrichment on several processes: each worker runs spaCy AND our extraction.

spaCy's own `n_process` sends whole `Doc`s back to the parent, which then runs our
extraction alone, serially, while the workers wait for it; its workers are also forked
from the parent, inheriting everything it holds (2.5 GB at 10,000 articles). Here:

- the pool is started with the `spawn` method: each worker is a fresh interpreter that
  imports spaCy, loads the model once (only if some text misses the span cache), builds
  the gazetteer and extraction context once, and keeps them for every chunk it gets;
- the parent cuts the texts into chunks of `job.batch_size` and submits them all; a worker
  runs `extract_texts` on its chunk (one-process `nlp.pipe`, span cache read and written
  by the worker) and sends back only the compact results (`ArticleEntities`);
- results come back in input order, chunk by chunk, as a generator: the caller writes each
  article's cache entry as it arrives, so an interrupted build keeps what it did.

The output is the same whatever the number of processes: every text is processed by the
same function with the same model, one chunk at a time.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from site_builder.enrich.enrich import (
    ExtractionFailure,
    ExtractionJob,
    ModelProvider,
    Progress,
    extract_texts,
)
from site_builder.errors import SiteError
from site_builder.model import ArticleEntities, SourceLocation

START_METHOD = "spawn"
"""Workers start as fresh interpreters, never as copies of a (large) parent."""
Result = ArticleEntities | ExtractionFailure
_WORKER_PROVIDERS: dict[str, ModelProvider] = {}
"""In a worker process only: its model, gazetteer and extraction context, kept between chunks."""


class WorkerDied(SiteError):
    """A worker process of the pool ended abruptly (killed, out of memory, crashed)."""


def run_pool(job: ExtractionJob, texts: Sequence[str], progress: Progress) -> Iterator[Result]:
    """Each text's result, in input order, extracted by `job.n_process` worker processes;
    `progress(done, total)` is called for every article as its chunk comes back."""
    chunks = split_chunks(texts, chunk_size(job, len(texts)))
    context = multiprocessing.get_context(START_METHOD)
    pool = ProcessPoolExecutor(max_workers=min(job.n_process, len(chunks)), mp_context=context)
    try:
        futures = [pool.submit(extract_chunk, job, chunk) for chunk in chunks]
        done = 0
        for future in futures:
            for result in _chunk_results(future):
                done += 1
                progress(done, len(texts))
                yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _chunk_results(future: Future) -> list[Result]:
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise WorkerDied(SourceLocation("enrichment"),
                         f"an entity-extraction worker process died ({exc}); the articles done "
                         "so far are cached: build again, or set `nlp_processes: 1` in site.yml "
                         "if it happens again (memory)") from None


def chunk_size(job: ExtractionJob, texts: int) -> int:
    """`job.batch_size`, smaller when needed to give each worker at least 4 chunks (the
    last chunks then leave no worker idle for long)."""
    return max(1, min(job.batch_size, -(-texts // (4 * job.n_process))))


def split_chunks(texts: Sequence[str], size: int) -> list[list[str]]:
    """Consecutive chunks of `size` texts (the last one shorter), in order."""
    size = max(1, size)
    return [list(texts[start:start + size]) for start in range(0, len(texts), size)]


def extract_chunk(job: ExtractionJob, texts: list[str]) -> list[Result]:
    """Runs in a worker: spaCy (one process) and extraction on `texts`, in order."""
    provider = _WORKER_PROVIDERS.get(job.model_name)
    if provider is None:
        provider = _WORKER_PROVIDERS[job.model_name] = ModelProvider(job.model_name)
    return extract_texts(provider, dataclasses.replace(job, n_process=1), texts,
                         provider.context(job))
