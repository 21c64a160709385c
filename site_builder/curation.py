"""The curation rule: generated content files are rewritten, hand-edited ones never.

A generated file carries a stamp line inside its front matter (a YAML comment) holding
the SHA-256 of the rest of the file. If the file no longer matches its stamp, a person
edited it, and it is kept as it is. The stamp travels with the file (git, copies), so no
side database can get out of step with the content folder.
"""

from __future__ import annotations

import hashlib
import os
from enum import Enum
from pathlib import Path

STAMP_PREFIX = "# site-builder: generated sha256="
STAMP_SUFFIX = " (edit freely: once edited, this file is never overwritten)"


class FileState(Enum):
    ABSENT = "absent"
    GENERATED = "generated"
    HAND_EDITED = "hand-edited"


class WriteOutcome(Enum):
    WRITTEN = "written"
    UNCHANGED = "unchanged"
    KEPT = "kept"
    """The file was edited by hand, so the generated text was not written."""


def stamp(text: str) -> str:
    """Insert the stamp line right after the opening `---` of generated front matter."""
    head, sep, rest = text.partition("\n")
    return f"{head}{sep}{STAMP_PREFIX}{_digest(text)}{STAMP_SUFFIX}\n{rest}"


def get_file_state(path: Path) -> FileState:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return FileState.ABSENT
    except UnicodeDecodeError:
        return FileState.HAND_EDITED
    return FileState.GENERATED if is_generated_text(text) else FileState.HAND_EDITED


def is_generated_text(text: str) -> bool:
    head, sep, rest = text.partition("\n")
    stamp_line, sep2, remainder = rest.partition("\n")
    if not stamp_line.startswith(STAMP_PREFIX):
        return False
    digest = stamp_line[len(STAMP_PREFIX) :].split(" ", 1)[0]
    return digest == _digest(f"{head}{sep}{remainder}")


def write_generated(path: Path, text: str) -> WriteOutcome:
    """Write generated `text` (unstamped) unless the file there was edited by hand.

    Writes nothing when the bytes would not change, so mtimes of unchanged files stay put.
    """
    stamped = stamp(text)
    state = get_file_state(path)
    if state is FileState.HAND_EDITED:
        return WriteOutcome.KEPT
    if state is FileState.GENERATED and path.read_text(encoding="utf-8") == stamped:
        return WriteOutcome.UNCHANGED
    _atomic_write(path, stamped)
    return WriteOutcome.WRITTEN


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
