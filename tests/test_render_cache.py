"""render_cache: the fingerprints file (read back only for the output/ it describes, ignored
when corrupt) and the digest of templates and code (files read again only when their stats
change, or when they were too fresh to trust)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from site_builder import store
from site_builder.model import EntityKind, SiteConfig
from site_builder.render.render_cache import (
    FORMAT,
    PAGES_RECORD,
    SHARED,
    PageRecord,
    load_fingerprints,
    load_pages,
    save_fingerprints,
    sources_digest,
)


def _site(tmp_path: Path) -> SiteConfig:
    (tmp_path / "output" / "a").mkdir(parents=True)
    (tmp_path / "output" / "a" / "index.html").write_text("x", encoding="utf-8")
    return SiteConfig(root=tmp_path)


def test_fingerprints_round_trip_for_the_pages_output_holds(tmp_path: Path) -> None:
    cfg = _site(tmp_path)
    save_fingerprints(cfg, tmp_path / "output", {"a/index.html": "k", "gone/index.html": "g"}, "s")
    assert load_fingerprints(cfg) == {"a/index.html": "k", SHARED: "s"}


def test_fingerprints_of_another_output_folder_or_corrupt_are_ignored(tmp_path: Path) -> None:
    cfg = _site(tmp_path)
    save_fingerprints(cfg, tmp_path / "output", {"a/index.html": "k"}, "s")
    os.rename(tmp_path / "output", tmp_path / "old")
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "a").mkdir()
    (tmp_path / "output" / "a" / "index.html").write_text("x", encoding="utf-8")
    assert load_fingerprints(cfg) == {}  # another folder (a build killed before its swap)
    save_fingerprints(cfg, tmp_path / "output", {"a/index.html": "k"}, "s")
    pages = store.record_path(cfg, PAGES_RECORD)
    for corrupt in (b"", b"\x00garbage", pages.read_bytes()[:-5]):
        pages.write_bytes(corrupt)
        assert load_fingerprints(cfg) == {}


def _record() -> PageRecord:
    reads = (("article", "a"), ("count", (EntityKind.ACTOR, "jeanne-roussel")), ("actor", None))
    return PageRecord("s", "c", {("article", "a"): ("a/index.html",), ("home",): ()},
                      {("article", "a"): reads, ("home",): reads[:1]},
                      {("article", "a"): b"1", ("count", (EntityKind.ACTOR, "jeanne-roussel")): b"2"})


def test_what_the_pages_read_round_trips_with_their_fingerprints(tmp_path: Path) -> None:
    cfg = _site(tmp_path)
    save_fingerprints(cfg, tmp_path / "output", {"a/index.html": "k"}, "s", _record())
    assert load_pages(cfg) == ({"a/index.html": "k", SHARED: "s"}, _record())


def test_a_record_not_as_written_is_none_and_the_fingerprints_stay(tmp_path: Path) -> None:
    cfg = _site(tmp_path)
    identity = f"{os.stat(tmp_path / 'output').st_dev}:{os.stat(tmp_path / 'output').st_ino}"
    for record in ("x", ("s", "c", [("article", "a")], [b"1"], [(("home",), (), (1,))]),
                   ("s", "c", [("article", "a")], [b"1"], [(("home",), (), (-1,))]),
                   ("s", "c", [("article", {"a": 1})], [b"1"], [])):
        store.save(cfg, PAGES_RECORD, (FORMAT, identity), ("s", {"a/index.html": "k"}, record))
        assert load_pages(cfg) == ({"a/index.html": "k", SHARED: "s"}, None)


def _template(folder: Path, text: str, age: float) -> Path:
    path = folder / "page.html"
    path.write_text(text, encoding="utf-8")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_sources_digest_follows_template_edits(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    _template(folder, "<p>un</p>", age=60)
    first = sources_digest([folder])
    assert sources_digest([folder]) == first
    _template(folder, "<p>deux</p>", age=30)
    second = sources_digest([folder])
    assert second != first
    (folder / "other.html").write_text("x", encoding="utf-8")
    assert sources_digest([folder]) not in (first, second)


def test_a_fresh_file_is_read_again_even_with_the_same_stats(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    path = _template(folder, "<p>un</p>", age=0)
    stats = os.stat(path)
    first = sources_digest([folder])
    path.write_text("<p>on</p>", encoding="utf-8")  # same size, same time stamp
    os.utime(path, ns=(stats.st_atime_ns, stats.st_mtime_ns))
    assert sources_digest([folder]) != first
