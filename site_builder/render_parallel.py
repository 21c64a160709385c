"""Run independent render jobs in forked worker processes; results come back in job order.

Fork (Linux): the workers inherit the Site, the templates and the jobs themselves, nothing
is pickled on the way out; only each job's result (pages as text) travels back through a
pipe, in batches. Worker `w` of `n` runs jobs w, w + n, w + 2n… so that expensive pages
spread evenly. A SiteError in a worker (a template error) is raised here, and it is the one a
single process would have raised: the first in job order.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from typing import TypeVar

from site_builder.errors import SiteError

T = TypeVar("T")
MAX_PROCESSES = 4
"""Default ceiling: more processes than this bring little on a laptop and cost memory."""
MIN_PAGES = 200
"""Below this many jobs, forking costs more than it saves."""
_BATCH = 64
"""Results per message from a worker."""
_MISSING = object()


def process_count(configured: int, jobs: int) -> int:
    """`configured` processes if set (>= 1), else one per CPU up to MAX_PROCESSES, and 1 for
    fewer than MIN_PAGES jobs, where fork is not available, or in a daemon process (which may
    not start processes)."""
    if "fork" not in multiprocessing.get_all_start_methods() or \
            multiprocessing.current_process().daemon:
        return 1
    if configured >= 1:
        return configured
    if jobs < MIN_PAGES:
        return 1
    return max(1, min(MAX_PROCESSES, len(os.sched_getaffinity(0))))


def run_jobs(jobs: Sequence[Callable[[], T]], processes: int) -> list[T]:
    """[job() for job in jobs], computed by `processes` forked workers when it is > 1."""
    processes = min(processes, len(jobs))
    if processes <= 1:
        return [job() for job in jobs]
    context = multiprocessing.get_context("fork")
    workers: dict[Connection, multiprocessing.process.BaseProcess] = {}
    for first in range(processes):
        receiver, sender = context.Pipe(duplex=False)
        worker = context.Process(target=_work, args=(jobs, first, processes, sender), daemon=True)
        worker.start()
        sender.close()
        workers[receiver] = worker
    results: list = [_MISSING] * len(jobs)
    try:
        failure = _gather(workers, results)
    finally:
        _stop(workers)
    if failure is not None:
        _raise_first(jobs, results, failure)
    return results


def _stop(workers: dict[Connection, multiprocessing.process.BaseProcess]) -> None:
    for receiver, worker in workers.items():
        if worker.is_alive():
            worker.terminate()
        worker.join()
        receiver.close()


def _raise_first(jobs: Sequence[Callable[[], object]], results: list,
                 failure: tuple[int, SiteError]) -> None:
    """Raise the error one process would have: the jobs before the failed one that did not
    run are run here, in order, and the first error among them wins."""
    failed_at, error = failure
    for index in range(failed_at):
        if results[index] is _MISSING:
            jobs[index]()
    raise error


def _gather(workers: dict[Connection, multiprocessing.process.BaseProcess],
            results: list) -> tuple[int, SiteError] | None:
    """Fill `results` from the workers; the first SiteError reported, with its job index."""
    running = set(workers)
    while running:
        for receiver in wait(list(running)):
            try:
                kind, payload = receiver.recv()
            except EOFError:
                raise RuntimeError("a render worker stopped without reporting its pages") from None
            if kind == "pages":
                for index, result in payload:
                    results[index] = result
            elif kind == "end":
                running.discard(receiver)
            elif kind == "error":
                index, error_type, location, message = payload
                return index, error_type(location, message)
            else:
                raise RuntimeError(f"a render worker failed:\n{payload}")
    return None


def _work(jobs: Sequence[Callable[[], object]], first: int, step: int, sender: Connection) -> None:
    index = first
    try:
        batch = []
        for index in range(first, len(jobs), step):
            batch.append((index, jobs[index]()))
            if len(batch) >= _BATCH:
                sender.send(("pages", batch))
                batch = []
        sender.send(("pages", batch))
        sender.send(("end", None))
    except SiteError as exc:
        sender.send(("error", (index, type(exc), exc.location, exc.message)))
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
        sender.send(("crash", traceback.format_exc()))
    finally:
        sender.close()
