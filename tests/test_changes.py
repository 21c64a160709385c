"""The change detector (changes.py), and ingest + load driven by it: any sequence of seed
edits, additions and removals applied one build at a time equals one clean pass."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder import changes, store
from site_builder.config import load_config
from site_builder.ingest.content import load_articles
from site_builder.ingest.ingest import ingest_seeds

SITE_YML = "build_date: 2026-11-25\n"
TOWNS = ("Rennes", "Brest", "Lorient", "Vannes", "Quimper", "Dinan")


def seed_text(n: int, extra: str = "") -> str:
    town = TOWNS[n % len(TOWNS)]
    return (f"Le conseil municipal de {town} a voté jeudi 6 mai le projet numéro {n}, lancé "
            f"en 2020.{extra}\n\nLes travaux dureront deux ans.\n")


def _age(path: Path, step: int) -> None:
    """A minute back, one nanosecond per step apart: old enough to be trusted, never twice
    the same time (a same-size edit must still be seen)."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - 60 * 10**9 + step))


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- the detector ---------------------------------------------------------------------------

def test_diff_names_added_modified_and_removed(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": "a", "seeds/b.txt": "b"})
    cfg = load_config(root)
    before = changes.take_snapshot(cfg)
    (root / "seeds/a.txt").write_text("aa", encoding="utf-8")
    (root / "seeds/b.txt").unlink()
    (root / "static").mkdir()
    (root / "static/c.css").write_text("c", encoding="utf-8")
    found = changes.diff(before, changes.take_snapshot(cfg), root)
    assert found.added == {"static/", "static/c.css"}
    assert found.modified == {"seeds/a.txt"} and found.removed == {"seeds/b.txt"}
    assert not changes.diff(before, before, root)


def test_editors_own_files_are_no_inputs(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": "a", "seeds/.a.txt.swp": "s",
                         "seeds/#a.txt#": "l", "seeds/a.txt~": "b", "content/.cache/x.md": "x"})
    cfg = load_config(root)
    snapshot = changes.take_snapshot(cfg)
    assert sorted(snapshot) == ["content/", "seeds/", "seeds/a.txt", "site.yml"]
    assert changes.update_snapshot(cfg, snapshot, ["seeds/.a.txt.swp", "content/.cache/x.md"]) \
        == snapshot


def test_a_same_size_edit_of_a_fresh_file_is_seen_through_its_bytes(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": "abc"})
    cfg = load_config(root)
    path = root / "seeds/a.txt"
    fresh = changes.take_snapshot(cfg)  # written just now: racy, its bytes digested
    assert not changes.is_trusted(fresh["seeds/a.txt"])
    info = path.stat()
    path.write_text("xyz", encoding="utf-8")  # same size, same time: stats cannot tell
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - 60 * 10**9))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert changes.diff(fresh, changes.take_snapshot(cfg), root).modified == {"seeds/a.txt"}
    _age(path, 0)
    old = changes.take_snapshot(cfg)
    assert changes.is_trusted(old["seeds/a.txt"])
    assert not changes.diff(old, changes.take_snapshot(cfg), root)


def test_update_snapshot_stats_the_reported_and_the_racy_paths_only(make_project):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": "a", "seeds/b.txt": "b"})
    cfg = load_config(root)
    for path in root.rglob("*"):
        if path.is_file():
            _age(path, 0)
    before = changes.take_snapshot(cfg)
    (root / "seeds/a.txt").write_text("aa", encoding="utf-8")
    (root / "seeds/new").mkdir()
    (root / "seeds/new/c.txt").write_text("c", encoding="utf-8")
    (root / "seeds/b.txt").unlink()
    hinted = changes.update_snapshot(cfg, before, ["seeds/a.txt", "seeds/new/c.txt",
                                                    "seeds/b.txt", "output/x.html"])
    assert hinted == changes.take_snapshot(cfg) or \
        changes.diff(hinted, changes.take_snapshot(cfg)).paths <= {"seeds/a.txt",
                                                                     "seeds/new/c.txt"}
    assert "seeds/new/" in hinted and "seeds/b.txt" not in hinted
    assert not any(path.startswith("output") for path in hinted)


def test_the_saved_snapshot_is_ignored_when_corrupt_or_from_another_folder(make_project, tmp_path):
    root = make_project({"site.yml": SITE_YML, "seeds/a.txt": "a"})
    cfg = load_config(root)
    assert changes.load_snapshot(cfg) == {}
    snapshot = changes.take_snapshot(cfg)
    changes.save_snapshot(cfg, snapshot)
    assert changes.load_snapshot(cfg) == snapshot
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    assert changes.load_snapshot(load_config(copy)) == {}
    store.record_path(cfg, changes.SNAPSHOT_RECORD).write_bytes(b"\x00garbage")
    assert changes.load_snapshot(cfg) == {}


# --- ingest and load over it: incremental equals clean ----------------------------------------

EDITS = st.lists(st.tuples(st.sampled_from(("edit", "same-size", "add", "remove", "hand")),
                           st.integers(0, 7)), min_size=1, max_size=8)


def _apply(root: Path, action: str, n: int, step: int) -> None:
    seed = root / "seeds" / f"a{n}.txt"
    if action == "remove":
        seed.unlink(missing_ok=True)
    elif action == "same-size" and seed.exists():
        seed.write_text(seed.read_text(encoding="utf-8").replace("jeudi", "lundi")
                        .replace("mardi", "jeudi"), encoding="utf-8")
    elif action == "hand":
        content = sorted((root / "content" / "articles").glob("*.md"))
        if content:
            target = content[n % len(content)]
            target.write_text(target.read_text(encoding="utf-8") + "\nÀ la main.\n",
                              encoding="utf-8")
            _age(target, step)
        return
    else:
        seed.write_text(seed_text(n, f" Ajout {step}." if action == "edit" else ""),
                        encoding="utf-8")
    if seed.exists():
        _age(seed, step)


def _run(root: Path, memo: dict, articles: dict) -> tuple:
    cfg = load_config(root)
    snapshot = changes.take_snapshot(cfg)
    report = ingest_seeds(cfg, memo, snapshot=snapshot)
    loaded, problems = load_articles(cfg, articles)
    return report, loaded, problems


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_any_sequence_of_seed_edits_equals_a_clean_pass(tmp_path_factory, edits):
    root = tmp_path_factory.mktemp("inc") / "site"
    (root / "seeds").mkdir(parents=True)
    (root / "site.yml").write_text(SITE_YML, encoding="utf-8")
    for n in range(4):
        _apply(root, "add", n, 0)
    memo: dict = {}
    articles: dict = {}
    _run(root, memo, articles)
    for step, (action, n) in enumerate(edits, start=1):
        _apply(root, action, n, step)
        report, loaded, problems = _run(root, memo, articles)
        for name in report.written:
            _age(root / "content" / "articles" / name, step)
    clean = root.parent / "clean"
    shutil.copytree(root / "seeds", clean / "seeds")
    shutil.copy(root / "site.yml", clean / "site.yml")
    hand = {name: text for name, text in _files(root / "content").items()
            if text.endswith("À la main.\n".encode())}
    for name, text in hand.items():  # hand-edited files are input, as a user's are
        (clean / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (clean / "content" / name).write_bytes(text)
    clean_report, clean_loaded, clean_problems = _run(clean, {}, {})
    report, loaded, problems = _run(root, memo, articles)  # nothing left to do
    assert report.written == () and report.removed == ()
    assert _files(root / "content") == _files(clean / "content")
    assert loaded == clean_loaded and problems == clean_problems
    assert report.unchanged == tuple(sorted((*clean_report.written, *clean_report.unchanged)))
    assert report.kept == clean_report.kept
