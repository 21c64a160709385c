"""exclusive_lock(path): one holder at a time of a lock file, on every system.

filelock takes the lock with fcntl.flock on POSIX and msvcrt.locking on Windows, so importing
this module (and so the CLI) works everywhere. The lock goes with its holder: a killed
process holds nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import filelock


class LockHeld(Exception):
    """Another process (or another holder in this one) has the lock."""


@contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold the lock on `path` (created if missing) for the `with` block; LockHeld at once,
    without waiting, when someone else holds it."""
    lock = filelock.FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise LockHeld(str(path)) from None
    try:
        yield
    finally:
        lock.release()
