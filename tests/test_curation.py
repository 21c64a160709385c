"""The curation stamp: generated files are rewritten, hand-edited ones never."""

from __future__ import annotations

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
