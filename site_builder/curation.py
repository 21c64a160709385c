"""The curation rule: generated content files are rewritten, hand-edited ones never.

A generated file carries a stamp line inside its front matter (a YAML comment):

    # site-builder: generated sha256=<digest> file=actors/x.md (edit freely: ...)

The digest covers the whole file, the stamp line included (with the digest itself left
out), and the `folder/name` the file was written as. So any edit, a note appended to the
stamp line too, makes the file hand-edited; and a copy of a generated file under another
name (the natural way to start a new one) is a user's file: never rewritten, never removed.
The stamp travels with the file (git, copies), so no side database can get out of step.

Stamps written before the name was part of them (no `file=`) still count as generated when
they match, and are rewritten in the new form; such a file is never removed, since a copy
of it cannot be told from the original.

Replacing or removing a generated file is a compare-and-rename: the file is first renamed
aside (atomic: from then on an editor saving creates a new file), its bytes are compared
with those checked, and the new text is then linked in only where no file appeared
meanwhile. An edit saved at any moment is kept; see docs/robustness.md for the limits.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
from enum import Enum
from pathlib import Path

STAMP_PREFIX = "# site-builder: generated sha256="
STAMP_SUFFIX = " (edit freely: once edited, this file is never overwritten)"
_NAMED = re.compile(r"(?P<digest>[0-9a-f]{64}) file=(?P<name>\S+)(?P<rest>.*)")
_HOLD = re.compile(r"\.(?P<name>.+)\.hold(?P<pid>\d+)")
_TEMP = re.compile(r"\..+\.tmp\d+")


class FileState(Enum):
    ABSENT = "absent"
    GENERATED = "generated"
    HAND_EDITED = "hand-edited"


class WriteOutcome(Enum):
    WRITTEN = "written"
    UNCHANGED = "unchanged"
    KEPT = "kept"
    """The file was edited by hand (maybe while the build ran), so it was not written."""


def stamp(text: str, name: str | None = None) -> str:
    """Insert the stamp line right after the opening `---` of generated front matter.

    `name` (`folder/file.md`, as file_name() gives it) binds the stamp to the file's name;
    without it, the older form (content only) is written."""
    head, sep, rest = text.partition("\n")
    if name is None:
        return f"{head}{sep}{STAMP_PREFIX}{_digest(text)}{STAMP_SUFFIX}\n{rest}"
    tail = f" file={name}{STAMP_SUFFIX}"
    digest = _digest(f"{name}\x00{head}{sep}{STAMP_PREFIX}{tail}\n{rest}")
    return f"{head}{sep}{STAMP_PREFIX}{digest}{tail}\n{rest}"


def file_name(path: Path) -> str:
    """What a stamp binds a file to: its folder's name and its own (`actors/x.md`)."""
    return f"{path.parent.name}/{path.name}"


def get_file_state(path: Path) -> FileState:
    try:
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return FileState.ABSENT
    except IsADirectoryError:
        return FileState.HAND_EDITED
    return _state_of(data, file_name(path))


def _state_of(data: bytes, name: str) -> FileState:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return FileState.HAND_EDITED
    return FileState.GENERATED if is_generated_text(text, name) else FileState.HAND_EDITED


def is_generated_text(text: str, name: str | None = None) -> bool:
    """Whether `text` matches its stamp (the whole stamp line included); with `name`, a
    named stamp must also name that file (a copy under another name is the user's)."""
    return _stamp_kind(text, name) is not None


def stamped_name(text: str) -> str:
    """The name (`actors/x.md`) a named stamp line binds the text to, whether or not the text
    still matches it; "" without one."""
    named = _NAMED.fullmatch(text.partition("\n")[2].partition("\n")[0][len(STAMP_PREFIX):])
    return named["name"] if named else ""


def copied_from(path: Path) -> str:
    """The name (`actors/x.md`) a file's stamp binds it to when the file is a generated file,
    untouched, under another name (a copy or a move), else ""."""
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    bound = stamped_name(text)
    return bound if bound != file_name(path) and _stamp_kind(text, bound) == "named" else ""


def _stamp_kind(text: str, name: str | None) -> str | None:
    """"named" or "legacy" when `text` matches its stamp, else None."""
    head, sep, rest = text.partition("\n")
    stamp_line, _sep, remainder = rest.partition("\n")
    if not stamp_line.startswith(STAMP_PREFIX):
        return None
    tail = stamp_line[len(STAMP_PREFIX):]
    named = _NAMED.fullmatch(tail)
    if named:
        if name is not None and named["name"] != name:
            return None
        body = f"{head}{sep}{STAMP_PREFIX}{tail[64:]}\n{remainder}"
        return "named" if named["digest"] == _digest(f"{named['name']}\x00{body}") else None
    digest, _space, suffix = tail.partition(" ")
    if f" {suffix}" != STAMP_SUFFIX:
        return None  # something was added to the stamp line: a person wrote there
    return "legacy" if digest == _digest(f"{head}{sep}{remainder}") else None


def write_generated(path: Path, text: str) -> WriteOutcome:
    """Write generated `text` (unstamped) unless the file there was edited by hand.

    Writes nothing when the bytes would not change, so mtimes of unchanged files stay put.
    The check and the replacement are one compare-and-rename (_replace_if): a hand edit
    saved while this runs is never overwritten.
    """
    data = stamp(text, file_name(path)).encode("utf-8")
    try:
        before: bytes | None = path.read_bytes()
    except FileNotFoundError:
        before = None
    if before is not None:
        if _state_of(before, file_name(path)) is FileState.HAND_EDITED:
            return WriteOutcome.KEPT
        if before == data:
            return WriteOutcome.UNCHANGED
    return WriteOutcome.WRITTEN if _replace_if(path, before, data) else WriteOutcome.KEPT


def remove_generated(path: Path) -> bool:
    """Remove `path` if it is a generated file bound to its own name (a named stamp) and
    stays so up to the removal (compare-and-rename); True when it was removed."""
    try:
        before = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return False
    try:
        if _stamp_kind(before.decode("utf-8"), file_name(path)) != "named":
            return False
    except UnicodeDecodeError:
        return False
    hold = _take(path, before)
    if hold is None:
        return False
    os.unlink(hold)
    return True


def _replace_if(path: Path, expected: bytes | None, data: bytes) -> bool:
    """Put `data` at `path` if the file there is still `expected` (None: still absent).

    The new text is written beside it first (a full disk fails here, leaving nothing
    behind); the old file is renamed aside and compared; the new one is then linked in
    only if no file appeared at `path` meanwhile. False (nothing replaced) otherwise."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
        hold = None
        if expected is not None:
            hold = _take(path, expected)
            if hold is None:
                return False
        placed = _create_from(tmp, path)  # False: a file was saved there meanwhile; it wins
        if hold is not None:
            os.unlink(hold)  # the old generated text, checked: replaced, or lost to the user's
        return placed
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _take(path: Path, expected: bytes) -> Path | None:
    """Rename `path` aside if it still holds `expected`; the aside path, or None (then the
    file is where it was, or a user's new file is)."""
    hold = path.with_name(f".{path.name}.hold{os.getpid()}")
    try:
        os.rename(path, hold)
    except FileNotFoundError:
        return None
    try:
        same = hold.read_bytes() == expected
    except OSError:
        same = False
    if same:
        return hold
    _put_back(hold, path)
    return None


def _put_back(hold: Path, path: Path) -> None:
    """Return a file taken aside to its place; if a new one is there meanwhile, keep both
    (the taken one as `NAME.conflict`, which no stage reads)."""
    if not _create_from(hold, path):
        os.replace(hold, path.with_name(f"{path.name}.conflict"))
        return
    os.unlink(hold)


def _create_from(source: Path, path: Path) -> bool:
    """Give `path` the file `source` is, only if `path` does not exist (a hard link is
    atomic and never replaces); False when a file is there."""
    try:
        os.link(source, path)
        return True
    except FileExistsError:
        return False
    except OSError as exc:  # no hard links here (FAT, some network file systems)
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
    if os.path.lexists(path):
        return False
    with open(source, "rb") as handle:
        data = handle.read()
    try:
        with open(path, "xb") as handle:
            handle.write(data)
    except FileExistsError:
        return False
    return True


def sweep_folder(folder: Path) -> tuple[str, ...]:
    """Undo what a build killed while replacing a file of `folder` left: a file taken aside
    goes back to its place (or is dropped when a generated copy of ours); temporary files
    are removed. Callers hold the build lock. The names swept."""
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.is_file(follow_symlinks=False)]
    except OSError:
        return ()
    swept = []
    for name in names:
        hold = _HOLD.fullmatch(name)
        if hold:
            _sweep_hold(folder / name, folder / hold["name"])
            swept.append(name)
        elif _TEMP.fullmatch(name):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(folder / name)
            swept.append(name)
    return tuple(sorted(swept))


def _sweep_hold(hold: Path, path: Path) -> None:
    if not os.path.lexists(path):
        _put_back(hold, path)
    elif _state_of(hold.read_bytes(), file_name(path)) is FileState.GENERATED:
        os.unlink(hold)  # our own old version: the file at `path` replaced it
    else:
        os.replace(hold, path.with_name(f"{path.name}.conflict"))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
