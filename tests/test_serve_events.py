"""serve_events: the system's news of changed files, and the snapshot updated from it."""

from __future__ import annotations

import time
from pathlib import Path

from site_builder.serve.serve import take_snapshot
from site_builder.serve.serve_events import FileEvents, update_snapshot


def _site(tmp_path: Path) -> Path:
    for name in ("seeds/a.txt", "seeds/b.txt", "content/articles/a.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("texte", encoding="utf-8")
    return tmp_path


def test_update_snapshot_equals_a_new_scan_of_the_paths_given(tmp_path):
    root = _site(tmp_path)
    watched = [root / "seeds", root / "content"]
    before = take_snapshot(root, watched)
    (root / "seeds" / "a.txt").write_text("un autre texte", encoding="utf-8")
    (root / "seeds" / "b.txt").unlink()
    (root / "seeds" / "c.txt").write_text("nouveau", encoding="utf-8")
    (root / "seeds" / ".cache").write_text("caché", encoding="utf-8")
    (root / "elsewhere.txt").write_text("hors du site suivi", encoding="utf-8")
    paths = [str(root / name) for name in ("seeds/a.txt", "seeds/b.txt", "seeds/c.txt",
                                           "seeds/.cache", "elsewhere.txt")]
    fresh, changed = update_snapshot(root, before, paths, watched)
    assert fresh == take_snapshot(root, watched)
    assert changed == ("seeds/a.txt", "seeds/b.txt", "seeds/c.txt")


def test_an_unchanged_file_reported_changes_nothing(tmp_path):
    root = _site(tmp_path)
    before = take_snapshot(root, [root / "seeds"])
    assert update_snapshot(root, before, [str(root / "seeds" / "a.txt")], [root / "seeds"])[1] == ()


def test_file_events_report_a_write_and_a_new_folder(tmp_path):
    root = _site(tmp_path)
    events = FileEvents()
    assert events.start(root, [root / "seeds", root / "content"])  # inotify on Linux
    try:
        (root / "seeds" / "a.txt").write_text("modifié", encoding="utf-8")
        (root / "content" / "actors").mkdir()
        deadline = time.monotonic() + 10
        seen, rescan = set(), False
        while time.monotonic() < deadline and not (str(root / "seeds" / "a.txt") in seen and rescan):
            paths, again = events.take()
            seen |= paths
            rescan |= again
            time.sleep(0.05)
        assert str(root / "seeds" / "a.txt") in seen
        assert rescan  # a folder appeared: its files must be found by a scan
    finally:
        events.stop()
