"""Run independent render jobs in forked worker processes; results come back in job order.

Fork (Linux): the workers inherit the Site, the templates and the jobs themselves, nothing
is pickled on the way out; only each job's result (pages as text) travels back through a
pipe, in batches, and is read in job order (iter_jobs streams them). Worker `w` of `n` runs
jobs w, w + n, w + 2n… so that expensive pages spread evenly. A SiteError in a worker (a
template error) is raised here, and it is the one a single process would have raised: the
first in job order.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TypeVar

from site_builder.errors import SiteError

T = TypeVar("T")
MAX_DEFAULT_PROCESSES = 2
"""Processes when `render_processes` is 0, at most (and at most one per core). Measured at
1,000 articles on an idle 2-core machine (render from the enrichment cache, alternating runs):
21.3 s with one process, 15.4 s with two; the parent, which writes the files, then mostly
waits for the workers. More workers would each add their memory for a share of the parent's
time that is already small."""
SERVE_PROCESSES = 1
"""serve's renders: its server and watcher threads run, and a forked child would get every
lock they held at that moment, and wait forever on one it needs (logging's, Babel's)."""
MIN_PAGES = 200
"""Below this many jobs left to render after fingerprinting, forking costs more than it saves."""
_BATCH = 64
"""Results per message from a worker."""


def process_count(configured: int, jobs: int) -> int:
    """`configured` processes if set (>= 1), else default_processes(jobs); 1 where fork is
    not available or in a daemon process (which may not start processes). serve renders in
    one process (render.render_pages): see SERVE_PROCESSES."""
    if "fork" not in multiprocessing.get_all_start_methods() or \
            multiprocessing.current_process().daemon:
        return 1
    return configured if configured >= 1 else default_processes(jobs)


def default_processes(jobs: int) -> int:
    """One per core up to MAX_DEFAULT_PROCESSES; one for fewer than MIN_PAGES jobs."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 1 if jobs < MIN_PAGES else max(1, min(MAX_DEFAULT_PROCESSES, cores or 1))


def run_jobs(jobs: Sequence[Callable[[], T]], processes: int) -> list[T]:
    """[job() for job in jobs], computed by `processes` forked workers when it is > 1."""
    return list(iter_jobs(jobs, processes))


def iter_jobs(jobs: Sequence[Callable[[], T]], processes: int) -> Iterator[T]:
    """job() for job in jobs, in order, computed by `processes` forked workers when it is > 1.

    Each result is handed over as soon as it and those before it are in, and let go once
    the caller moves on: a worker's pipe fills while the caller is busy and the worker then
    waits, so the results in memory stay a few batches whatever the number of jobs."""
    processes = min(processes, len(jobs))
    if processes <= 1:
        yield from (job() for job in jobs)
        return
    context = multiprocessing.get_context("fork")
    workers: dict[Connection, multiprocessing.process.BaseProcess] = {}
    for first in range(processes):
        receiver, sender = context.Pipe(duplex=False)
        worker = context.Process(target=_work, args=(jobs, first, processes, sender), daemon=True)
        worker.start()
        sender.close()
        workers[receiver] = worker
    receivers = list(workers)
    try:
        arrived: dict[int, T] = {}
        for index in range(len(jobs)):
            while index not in arrived:
                _receive(receivers[index % processes], arrived)
            result = arrived.pop(index)
            if isinstance(result, _Failed):
                raise result.error
            yield result
    finally:
        _stop(workers)


@dataclass(frozen=True)
class _Failed:
    error: SiteError


def _stop(workers: dict[Connection, multiprocessing.process.BaseProcess]) -> None:
    for receiver, worker in workers.items():
        if worker.is_alive():
            worker.terminate()
        worker.join()
        receiver.close()


def _receive(receiver: Connection, arrived: dict) -> None:
    """One message of a worker: its next results go to `arrived`, its error too (raised when
    the jobs before it are in: then it is the first error one process would have raised)."""
    try:
        kind, payload = receiver.recv()
    except EOFError:
        raise RuntimeError("a render worker stopped without reporting its pages") from None
    if kind == "pages":
        arrived.update(payload)
    elif kind == "error":
        index, error_type, location, message = payload
        arrived[index] = _Failed(error_type(location, message))
    elif kind == "end":
        raise RuntimeError("a render worker ended before its last page")
    else:
        raise RuntimeError(f"a render worker failed:\n{payload}")


def _work(jobs: Sequence[Callable[[], object]], first: int, step: int, sender: Connection) -> None:
    index, batch = first, []
    try:
        for index in range(first, len(jobs), step):
            batch.append((index, jobs[index]()))
            if len(batch) >= _BATCH:
                sender.send(("pages", batch))
                batch = []
        sender.send(("pages", batch))
        sender.send(("end", None))
    except SiteError as exc:
        sender.send(("pages", batch))
        sender.send(("error", (index, type(exc), exc.location, exc.message)))
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
        sender.send(("crash", traceback.format_exc()))
    finally:
        sender.close()
