"""output.py: a build that changes nothing is recognised without staging a copy."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from site_builder.model import OutputFile
from site_builder.output.output import OutputPathError, check_unchanged, update_files

FILES = [OutputFile(PurePosixPath("index.html"), "<p>accueil</p>"),
         OutputFile(PurePosixPath("a/index.html"), b"<p>a</p>")]


def _site(tmp_path: Path) -> Path:
    root = tmp_path / "output"
    root.mkdir()
    update_files(FILES, root)
    return root


def test_same_files_are_unchanged_and_nothing_is_touched(tmp_path: Path) -> None:
    root = _site(tmp_path)
    summary = check_unchanged(FILES, root)
    assert summary is not None and summary.is_unchanged and summary.written == 2
    assert summary == update_files(FILES, root)


def test_kept_pages_count_when_present(tmp_path: Path) -> None:
    root = _site(tmp_path)
    assert check_unchanged(FILES[:1], root, kept=[PurePosixPath("a/index.html")]) is not None
    assert check_unchanged(FILES[:1], root, kept=[PurePosixPath("b/index.html")]) is None


def test_any_difference_is_a_change(tmp_path: Path) -> None:
    root = _site(tmp_path)
    assert check_unchanged([FILES[0], OutputFile(PurePosixPath("a/index.html"), b"<p>b</p>")], root) is None
    assert check_unchanged(FILES[:1], root) is None  # a/index.html would be removed
    (root / "extra.txt").write_text("x", encoding="utf-8")
    assert check_unchanged(FILES, root) is None
    assert check_unchanged(FILES, root, keep=("pagefind",)) is None
    (root / "extra.txt").unlink()
    (root / "pagefind").mkdir()
    (root / "pagefind" / "x.js").write_text("x", encoding="utf-8")
    assert check_unchanged(FILES, root, keep=("pagefind",)) is not None
    (root / "empty").mkdir()
    assert check_unchanged(FILES, root, keep=("pagefind",)) is None  # update_files removes it


def test_known_files_spare_the_walk_and_give_the_same_result(tmp_path: Path) -> None:
    root = _site(tmp_path)
    known: dict[str, int] = {}
    first = update_files(FILES, root, known=known, in_place=True)  # nothing known: walks
    assert known == {"index.html": 14, "a/index.html": 8} and first.is_unchanged
    smaller = [FILES[0], OutputFile(PurePosixPath("b/c/index.html"), "<p>c</p>")]
    summary = update_files(smaller, root, known=known, in_place=True)
    assert summary.removed == ("a/index.html",) and summary.changed == ("b/c/index.html",)
    assert not (root / "a").exists() and sorted(known) == ["b/c/index.html", "index.html"]
    summary = update_files(smaller[:1], root, known=known, in_place=True,
                           kept=[PurePosixPath("b/c/index.html")])
    assert summary.is_unchanged and summary.total_bytes == 14 + 8
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == \
        ["b/c/index.html", "index.html"]


def test_a_new_page_colliding_by_case_with_a_known_kept_page_is_refused(tmp_path: Path) -> None:
    root = _site(tmp_path)
    known: dict[str, int] = {}
    update_files(FILES, root, known=known, in_place=True)
    clash = OutputFile(PurePosixPath("A/index.html"), "<p>A</p>")
    with pytest.raises(OutputPathError, match="two pages want this file"):
        update_files([clash], root, known=known, in_place=True, kept=[PurePosixPath("a/index.html")])
    with pytest.raises(OutputPathError, match="two pages want this file"):
        update_files(FILES[:1], root, known=known, in_place=True,
                     kept=[PurePosixPath("a/index.html"), PurePosixPath("a/index.html")])
    assert (root / "a" / "index.html").read_bytes() == b"<p>a</p>"


def test_an_unknown_kept_page_is_still_checked(tmp_path: Path) -> None:
    root = _site(tmp_path)
    known: dict[str, int] = {}
    update_files(FILES, root, known=known, in_place=True)
    with pytest.raises(OutputPathError, match="refusing to write"):
        update_files(FILES, root, known=known, in_place=True, kept=[PurePosixPath("../x.html")])
    with pytest.raises(OutputPathError, match="missing from the previous site"):
        update_files(FILES, root, known=known, in_place=True, kept=[PurePosixPath("b/index.html")])
