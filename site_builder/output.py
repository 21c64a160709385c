"""The only writer of output/: files are staged next to it and swapped in on success."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from site_builder.model import OutputFile


class OutputPathError(ValueError):
    """A page asked to be written outside output/ or twice."""


@dataclass(frozen=True)
class WriteSummary:
    written: int
    total_bytes: int


@contextmanager
def staged_output(out_dir: Path) -> Iterator[Path]:
    """Yield an empty staging folder beside `out_dir`; on success it replaces `out_dir`.

    If the body raises (or the process dies), `out_dir` is left exactly as it was and the
    staging folder is removed (or, after a kill, swept by the next build).
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _sweep_leftovers(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_in(staging, out_dir)


def write_files(files: Iterable[OutputFile], root: Path) -> WriteSummary:
    """Write every file under `root`; refuse duplicate paths and paths leaving `root`."""
    seen: set[str] = set()
    written = total = 0
    for file in files:
        relative = _checked_path(file.path, seen)
        data = file.content.encode("utf-8") if isinstance(file.content, str) else file.content
        target = root.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
        total += len(data)
    return WriteSummary(written, total)


def _checked_path(path: PurePosixPath, seen: set[str]) -> PurePosixPath:
    text = str(path)
    if path.is_absolute() or ".." in path.parts or "\x00" in text or not path.parts:
        raise OutputPathError(f"refusing to write {text!r}: it is outside output/")
    folded = text.casefold()
    if folded in seen:
        raise OutputPathError(f"two pages want the same file {text!r}; give one of them another slug")
    seen.add(folded)
    return path


def _swap_in(staging: Path, out_dir: Path) -> None:
    old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    if out_dir.exists():
        os.replace(out_dir, old)
    os.replace(staging, out_dir)
    shutil.rmtree(old, ignore_errors=True)


def _sweep_leftovers(out_dir: Path) -> None:
    """Undo what a build killed mid-way left behind (callers hold the build lock)."""
    olds = sorted(out_dir.parent.glob(f".{out_dir.name}.old-*"))
    if not out_dir.exists() and olds:
        # Killed between the two renames of _swap_in: the previous site is the old copy.
        os.replace(olds.pop(), out_dir)
    for leftover in [*olds, *out_dir.parent.glob(f".{out_dir.name}.new-*")]:
        shutil.rmtree(leftover, ignore_errors=True)
