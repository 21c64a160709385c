"""reusing_compiled_patterns(folder): keep the compiled code of huge regular expressions between runs.

Why: importing spaCy's French language compiles `TOKEN_MATCH`, one 1.45 MB regular expression,
which costs 2.7-3.6 s of a 4-5 s model load on this machine kind: more than the rest of a
one-article CLI build. CPython cannot pickle compiled patterns (it recompiles them), and no
library keeps them, so this module does, with two documented-by-source CPython details:
`re.compile` first looks a pattern up in `re._cache`, and `re._compiler._code` is where the
compiled SRE code is made. Building a pattern from kept code takes about 10 ms.

Safety: the kept file is keyed by the interpreter build, `_sre.MAGIC` and the pattern's digest,
and CPython validates any code given to `_sre.compile`; anything unexpected (another Python,
a torn or foreign file, a changed `re` module) falls back to an ordinary compile. The files
live in the user's cache folder (never in a site, which may come from someone else).
"""

from __future__ import annotations

import _sre
import array
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LARGE_CODE = 50_000
"""Patterns compiled to more SRE words than this are kept (spaCy French: 196,624)."""
SUFFIX = ".sre"


def default_folder() -> Path:
    """$XDG_CACHE_HOME/site-builder/patterns, or ~/.cache/site-builder/patterns."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "site-builder" / "patterns"


@contextmanager
def reusing_compiled_patterns(folder: Path) -> Iterator[None]:
    """Within the block, `re.compile` of a kept pattern is a lookup; new large ones are kept."""
    if not _supported():
        yield
        return
    for key, pattern in _kept_patterns(folder):
        re._cache[key] = pattern
    made: list[tuple[object, int, list[int]]] = []
    original = re._compiler._code

    def recording(parsed, flags):
        code = original(parsed, flags)
        if len(code) > LARGE_CODE:
            made.append((parsed, flags, code))
        return code

    re._compiler._code = recording
    try:
        yield
    finally:
        re._compiler._code = original
    for parsed, flags, code in made:
        _keep(folder, parsed, flags, code)


def _supported() -> bool:
    return (isinstance(getattr(re, "_cache", None), dict)
            and callable(getattr(getattr(re, "_compiler", None), "_code", None))
            and _sre.CODESIZE == array.array("I").itemsize)


def _interpreter() -> str:
    return f"{sys.version}|{sys.implementation.cache_tag}|{_sre.MAGIC}|{_sre.CODESIZE}"


def _keep(folder: Path, parsed, flags: int, code: list[int]) -> None:
    """Write one pattern's code atomically; a folder that cannot be written is no error."""
    state = parsed.state
    pattern = getattr(state, "str", None)
    if not isinstance(pattern, str):
        return
    header = {"interpreter": _interpreter(), "flags_arg": flags, "flags": flags | state.flags,
              "groups": state.groups, "groupindex": dict(state.groupdict),
              "pattern_bytes": len(pattern.encode("utf-8")), "code_words": len(code),
              "sha256": _digest(pattern)}
    body = (json.dumps(header).encode("utf-8") + b"\n" + pattern.encode("utf-8")
            + array.array("I", code).tobytes())
    target = folder / f"{header['sha256'][:32]}{SUFFIX}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}")
        temporary.write_bytes(body)
        os.replace(temporary, target)
    except OSError:
        return


def _kept_patterns(folder: Path) -> Iterator[tuple[tuple[type, str, int], re.Pattern]]:
    try:
        files = sorted(folder.glob(f"*{SUFFIX}"))
    except OSError:
        return
    for path in files:
        entry = _read(path)
        if entry is not None:
            yield entry


def _read(path: Path) -> tuple[tuple[type, str, int], re.Pattern] | None:
    """The cache key and pattern a kept file holds, or None when it is not for this Python."""
    try:
        data = path.read_bytes()
        line, rest = data.split(b"\n", 1)
        header = json.loads(line)
        if header.get("interpreter") != _interpreter():
            return None
        size = header["pattern_bytes"]
        pattern = rest[:size].decode("utf-8")
        code = array.array("I")
        code.frombytes(rest[size:])
        if len(code) != header["code_words"] or _digest(pattern) != header["sha256"]:
            return None
        groupindex = {str(name): int(index) for name, index in header["groupindex"].items()}
        return (str, pattern, header["flags_arg"]), _build(pattern, header, code, groupindex)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RuntimeError,
            IndexError, OverflowError):
        return None


def _build(pattern: str, header: dict, code: array.array, groupindex: dict[str, int]) -> re.Pattern:
    """What `re._compiler.compile` returns, from kept code (CPython validates the code)."""
    groups = int(header["groups"])
    indexgroup: list[str | None] = [None] * groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return _sre.compile(pattern, int(header["flags"]), code.tolist(), groups - 1,
                        groupindex, tuple(indexgroup))


def _digest(pattern: str) -> str:
    return hashlib.sha256(pattern.encode("utf-8")).hexdigest()
