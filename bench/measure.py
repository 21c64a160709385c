"""run_measured(cmd): wall time and peak memory (RSS and PSS) of a command and all its child
processes."""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_rss_mb: float
    """Peak of the summed RSS of the process tree (shared pages of forked workers count twice)."""
    peak_pss_mb: float | None
    """Peak of the summed PSS (shared pages divided among their sharers: what the tree takes
    from the machine); None where the system does not report it."""
    returncode: int
    stdout: str
    stderr: str


def run_measured(cmd: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None,
                 interval: float = 0.02) -> Sample:
    """Run CMD niced like its parent, sampling the tree's RSS every INTERVAL seconds."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=out, stderr=err)
        peak = _PeakSampler(psutil.Process(proc.pid), interval)
        peak.start()
        returncode = proc.wait()
        seconds = time.perf_counter() - start
        peak.done.set()
        peak.join()
        out.seek(0), err.seek(0)
        pss = peak.peak_pss / 2**20 if peak.peak_pss else None
        return Sample(seconds, peak.peak / 2**20, pss, returncode,
                      out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


class _PeakSampler(threading.Thread):
    """Samples until `done` is set; never waits for the process (the caller reaps it)."""

    def __init__(self, proc: psutil.Process, interval: float) -> None:
        super().__init__(daemon=True)
        self.proc, self.interval, self.peak, self.peak_pss = proc, interval, 0, 0
        self.done = threading.Event()

    def run(self) -> None:
        count = 0
        while not self.done.is_set():
            with_pss = count % PSS_EVERY == 0
            rss, pss = _tree_memory(self.proc, with_pss)
            self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)
            count += 1
            self.done.wait(self.interval)


PSS_EVERY = 25
"""PSS is read every 25th sample (0.5 s): the kernel walks every page of the process for it,
which at the RSS rate slowed a 10,000-article build by half."""


def _tree_memory(proc: psutil.Process, with_pss: bool) -> tuple[int, int]:
    """(summed RSS, summed PSS, or 0 unless `with_pss`) of the process and its descendants."""
    rss = pss = 0
    try:
        members = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0, 0
    for member in members:
        try:
            rss += member.memory_info().rss
        except psutil.Error:
            continue
        pss += _pss(member.pid) if with_pss else 0
    return rss, pss


def _pss(pid: int) -> int:
    """The process's PSS in bytes from Linux's smaps_rollup (0 elsewhere); not psutil's
    memory_full_info, which formats the whole smaps."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return 0
    return 0


DUPLICATE_SLUG = "makes the same content file"
"""The one error a synthetic corpus may cause (two seeds of one day with one title, when
the year site_builder infers makes them meet): the build builds every other article."""


def check(sample: Sample, what: str) -> Sample:
    """SAMPLE, or an exception quoting the end of stderr when the command failed (a build
    whose only errors are duplicate slugs of the corpus counts as done)."""
    if sample.returncode != 0 and not _only_duplicate_slugs(sample):
        tail = "\n".join((sample.stderr or sample.stdout).strip().splitlines()[-15:])
        raise RuntimeError(f"{what} failed with exit status {sample.returncode}:\n{tail}")
    return sample


def _only_duplicate_slugs(sample: Sample) -> bool:
    errors = [line for line in f"{sample.stdout}\n{sample.stderr}".splitlines() if "error:" in line]
    return sample.returncode == 1 and bool(errors) and all(DUPLICATE_SLUG in e for e in errors)


def count_pages(out_dir: Path) -> int:
    return sum(1 for _ in out_dir.rglob("*.html"))
