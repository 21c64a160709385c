"""serve_events: the system's news of changed files, as paths for the change detector."""

from __future__ import annotations

import time
from pathlib import Path

from site_builder import changes
from site_builder.config import load_config
from site_builder.serve.serve_events import FileEvents, relative_paths


def _site(tmp_path: Path) -> Path:
    for name in ("seeds/a.txt", "seeds/b.txt", "content/articles/a.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("texte", encoding="utf-8")
    return tmp_path


def test_the_news_updates_the_snapshot_as_a_new_scan_would(tmp_path):
    root = _site(tmp_path)
    cfg = load_config(root)
    before = changes.take_snapshot(cfg)
    (root / "seeds" / "a.txt").write_text("un autre texte", encoding="utf-8")
    (root / "seeds" / "b.txt").unlink()
    (root / "seeds" / "c.txt").write_text("nouveau", encoding="utf-8")
    (root / "seeds" / ".a.txt.swp").write_text("caché", encoding="utf-8")
    (root / "seeds" / "#a.txt#").write_text("verrou", encoding="utf-8")
    (root / "elsewhere.txt").write_text("hors du site suivi", encoding="utf-8")
    news = [str(root / name) for name in ("seeds/a.txt", "seeds/b.txt", "seeds/c.txt",
                                          "seeds/.a.txt.swp", "seeds/#a.txt#", "elsewhere.txt")]
    news.append("/somewhere/else/seeds/a.txt")
    fresh = changes.update_snapshot(cfg, before, relative_paths(root, news))
    assert fresh == changes.take_snapshot(cfg)
    assert changes.diff(before, fresh, root).paths == {"seeds/a.txt", "seeds/b.txt", "seeds/c.txt"}


def test_relative_paths_leave_out_what_is_outside_the_site(tmp_path):
    assert relative_paths(tmp_path, [str(tmp_path / "seeds/a.txt"), "/elsewhere/b.txt"]) == [
        "seeds/a.txt"]


def test_an_unchanged_file_reported_changes_nothing(tmp_path):
    root = _site(tmp_path)
    cfg = load_config(root)
    before = changes.take_snapshot(cfg)
    fresh = changes.update_snapshot(cfg, before, relative_paths(root, [str(root / "seeds/a.txt")]))
    assert not changes.diff(before, fresh, root)


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
