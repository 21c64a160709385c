"""FileEvents: the operating system's news of changed files (inotify, through watchdog), so
that serve looks at those files at once instead of scanning the whole site to find them.

The news only says where to look: the watcher still compares each file's stats with its
snapshot (changes.py, the one change detector), and still scans everything now and then (a missed or
overflowed event, a folder created after the start), so a rebuild never depends on an
event arriving. Without watchdog or inotify, serve polls as before.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable
from pathlib import Path

logger = logging.getLogger(__name__)


class FileEvents:
    """Paths reported changed under the watched folders since the last `take()`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paths: set[str] = set()
        self._rescan = False
        self._observer = None

    def start(self, root: Path, folders: Iterable[Path]) -> bool:
        """Watch `folders` (recursively, those that exist) and `root` itself; False when the
        system offers no such news (then the caller polls)."""
        try:
            from watchdog.events import FileSystemEventHandler
            from watchdog.observers import Observer
        except ImportError:
            return False
        events = self

        class _Handler(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                events._note(event)

        try:
            observer = Observer()
            observer.schedule(_Handler(), str(root), recursive=False)
            for folder in folders:
                if folder.is_dir():
                    observer.schedule(_Handler(), str(folder), recursive=True)
            observer.daemon = True
            observer.start()
        except (OSError, RuntimeError) as exc:  # no inotify, too many watches: poll instead
            logger.info("no file events (%s); polling instead", exc)
            return False
        self._observer = observer
        return True

    def _note(self, event) -> None:
        with self._lock:
            if event.is_directory and event.event_type != "modified":
                self._rescan = True  # a folder came or went: its files are not all named
            for path in (event.src_path, getattr(event, "dest_path", "")):
                if path:
                    self._paths.add(os.fsdecode(path))

    def take(self) -> tuple[set[str], bool]:
        """The paths reported since the last call, and whether a full scan is needed."""
        with self._lock:
            paths, rescan = self._paths, self._rescan
            self._paths, self._rescan = set(), False
        return paths, rescan

    def put_back(self, paths: set[str], rescan: bool) -> None:
        """Paths taken but not looked at yet (a build was running): next time."""
        with self._lock:
            self._paths |= paths
            self._rescan |= rescan

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()


def relative_paths(root: Path, paths: Iterable[str]) -> list[str]:
    """`paths` (absolute, as the system reports them) relative to the site folder; those
    outside it, or reported under another spelling of its path, are left to the next scan
    (changes.update_snapshot leaves out what is not an input)."""
    relative = []
    for path in paths:
        try:
            relative.append(Path(path).relative_to(root).as_posix())
        except ValueError:
            continue
    return relative
