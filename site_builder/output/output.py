"""The only writer of output/: files are staged next to it and swapped in on success.

Safety rules enforced here, whatever the stages before asked for:
- a file path is relative, ASCII-safe (letters, digits and `-_.~+@=,`), has no `..`, no empty
  or dot-only part, no Windows device name (`con`, `nul`, `com1`...), parts of at most
  MAX_NAME_BYTES and MAX_PATH_BYTES in all;
- two files whose paths differ only by case are refused (they would collide on macOS and
  Windows file systems);
- the new site is swapped in with one atomic directory exchange (Linux renameat2), so a build
  killed at any moment leaves either the previous output/ or the new one, never a mix.
"""

from __future__ import annotations

import collections
import contextlib
import ctypes
import errno
import os
import re
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from site_builder.cache_files import write_cache_bytes
from site_builder.config import key_location
from site_builder.errors import ConfigError, SiteError
from site_builder.model import OutputFile, SiteConfig, SourceLocation

MAX_NAME_BYTES = 200
"""Longest file or folder name written (most file systems allow 255 bytes)."""
MAX_PATH_BYTES = 1000
"""Longest path written below output/ (Windows and some tools choke past ~4096)."""
_SAFE_PART = re.compile(r"[A-Za-z0-9._~+@=,-]+")
_WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"{name}{n}" for name in ("com", "lpt") for n in "0123456789¹²³"}
)
BACKGROUND_REMOVAL_FOLDERS = 200
WRITE_THREADS = 3
WRITES_PENDING = 256
"""Pages handed to the writing threads and not written yet, at most."""
"""A previous site with more folders than this is removed in the background."""
_WRITTEN_DIRS = ("output_dir", "content_dir", "cache_dir")
_SOURCE_DIRS = ("seeds_dir", "content_dir", "templates_dir", "static_dir")
OUTPUT_MARKER = ".site-builder-output"
"""A file every build puts in output/: the folder is ours to replace (never published)."""
OUTPUT_MARKER_TEXT = ("This folder is written by `site-builder build` and replaced by every "
                      "build; edit the sources, not these files.\n")
CACHE_MARKER = "CACHEDIR.TAG"
CACHE_MARKER_TEXT = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                     "# site-builder's cache (https://bford.info/cachedir/): safe to delete.\n")


class OutputPathError(SiteError):
    """A page asked to be written outside output/, twice, or under an unsafe name."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(SourceLocation(f"output/{path}"), message)


@dataclass(frozen=True)
class WriteSummary:
    written: int
    total_bytes: int


@dataclass(frozen=True)
class UpdateSummary:
    """What `update_files` did to a staging folder cloned from the previous site."""

    written: int
    """Files the site holds (as WriteSummary: written now or already there, unchanged)."""
    total_bytes: int
    unchanged: int
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    """Paths actually written (new or different bytes), sorted."""

    @property
    def is_unchanged(self) -> bool:
        return not self.changed and not self.removed


@contextmanager
def staged_output(out_dir: Path, *, clone: bool = False) -> Iterator[Path]:
    """Yield a staging folder beside `out_dir`; on success it replaces `out_dir`.

    The folder is empty, or with `clone=True` a hard-link copy of the current `out_dir`
    (files are shared inodes: change them only through `update_files`, which unlinks before
    writing). If the body raises (or the process dies), `out_dir` is left exactly as it was
    and the staging folder is removed (or, after a kill, swept by the next build).
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _sweep_leftovers(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    is_complete = False
    try:
        if clone and out_dir.is_dir():
            link_tree(out_dir, staging)
        yield staging
        is_complete = True
    finally:
        if not is_complete:
            shutil.rmtree(staging, ignore_errors=True)
    os.chmod(staging, 0o755)  # mkdtemp makes it 0700; a served or deployed site is public
    _swap_in(staging, out_dir)


@dataclass
class LiveOutput:
    """serve's output/ between rebuilds (in memory, never saved): what output/ holds, and a
    spare tree to stage the next update in.

    The spare is the site an update swapped out, kept instead of removed; `lag` lists the
    paths where it differs from output/ (those the update wrote or removed). Bringing it up
    to date costs those paths only, so a rebuild stages a whole site without copying it."""

    known: dict[str, int] = field(default_factory=dict)
    """What output/ holds (path -> size), as the last update left it ({}: walk it)."""
    identity: str = ""
    """`device:inode` of output/ after the last update: anything else means it was replaced
    (a CLI build, `rm -rf output`) and nothing known holds."""
    spare: Path | None = None
    spare_identity: str = ""
    lag: set[str] = field(default_factory=set)
    bundle: str = ""
    """Identity of output/'s keep folder (search index) the spare's copy was taken from."""

    def forget(self) -> None:
        """Know nothing (after a failure): the next update walks output/ and clones it."""
        self.known.clear()
        self.identity, self.lag = "", set()
        self.drop_spare()

    def drop_spare(self) -> None:
        if self.spare is not None:
            _discard(self.spare)
        self.spare, self.spare_identity, self.bundle = None, "", ""


def folder_identity(folder: Path) -> str:
    """`device:inode` of a folder (not through a link), or "" when there is none."""
    try:
        info = os.lstat(folder)
    except OSError:
        return ""
    return f"{info.st_dev}:{info.st_ino}" if stat.S_ISDIR(info.st_mode) else ""


def update_live(files: Iterable[OutputFile], out_dir: Path, spare_dir: Path, live: LiveOutput,
                *, keep: tuple[str, ...] = (), kept: Iterable[PurePosixPath] = ()
                ) -> tuple[UpdateSummary, Path]:
    """serve's update: make a spare tree equal to output/, update it as `update_files` does,
    then swap it in with one atomic exchange (nothing is written into output/ itself, so a
    kill at any moment leaves one whole site). Returns the summary and the folder that holds
    the site now (output/, or after a failure the old one, as it was).

    Nothing changed: no swap, the spare stays in step. `spare_dir` (in cache_dir, same file
    system) is where a new spare is made."""
    if live.identity != folder_identity(out_dir):
        live.forget()  # replaced or removed behind our back: nothing known holds
    spare = _ready_spare(out_dir, spare_dir, live, keep)
    try:
        summary = update_files(files, spare, keep=keep, kept=kept, known=live.known)
    except BaseException:
        live.forget()  # the spare is half-updated: never used again
        raise
    if summary.is_unchanged:
        live.identity = folder_identity(out_dir) if out_dir.is_dir() else ""
        return summary, out_dir
    os.chmod(spare, 0o755)
    if out_dir.is_dir() and _exchange(spare, out_dir):
        live.spare, live.lag = spare, {*summary.changed, *summary.removed}
        live.spare_identity = folder_identity(spare)
    else:
        swap_folder(spare, out_dir, discard=_discard)
        live.spare, live.spare_identity, live.lag = None, "", set()
    live.identity = folder_identity(out_dir)
    return summary, out_dir


def _ready_spare(out_dir: Path, spare_dir: Path, live: LiveOutput, keep: tuple[str, ...]) -> Path:
    """The spare, brought in step with output/ (its lag re-linked); or a fresh hard-link clone."""
    spare = live.spare
    if spare is None or live.spare_identity != folder_identity(spare) or not live.known:
        live.drop_spare()
        spare_dir.parent.mkdir(parents=True, exist_ok=True)
        spare = Path(tempfile.mkdtemp(prefix=spare_dir.name, dir=spare_dir.parent))
        if out_dir.is_dir():
            link_tree(out_dir, spare)
        live.spare, live.spare_identity, live.lag = spare, folder_identity(spare), set()
        live.bundle = _keep_identity(out_dir, keep)
        return spare
    try:
        for path in sorted(live.lag):
            _relink(out_dir, spare, path, path in live.known)
    except OSError:  # output/ was changed by hand meanwhile: start again from a clone
        live.forget()
        return _ready_spare(out_dir, spare_dir, live, keep)
    live.lag = set()
    if live.bundle != _keep_identity(out_dir, keep):  # the search index was refreshed
        for name in keep:
            shutil.rmtree(spare / name, ignore_errors=True)
            if (out_dir / name).is_dir():
                link_tree(out_dir / name, spare / name)
        live.bundle = _keep_identity(out_dir, keep)
    return spare


def _keep_identity(out_dir: Path, keep: tuple[str, ...]) -> str:
    return ",".join(folder_identity(out_dir / name) for name in keep)


def _relink(out_dir: Path, spare: Path, path: str, is_there: bool) -> None:
    """Make `spare/path` what `out_dir/path` is: the same inode, or absent (and its folders
    left empty removed)."""
    target = os.path.join(spare, path)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(target)
    if is_there:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.link(os.path.join(out_dir, path), target)
        return
    folder = os.path.dirname(target)
    while folder != str(spare) and os.path.isdir(folder) and not os.listdir(folder):
        os.rmdir(folder)
        folder = os.path.dirname(folder)


def write_files(files: Iterable[OutputFile], root: Path) -> WriteSummary:
    """Write every file under `root`; refuse duplicate paths and unsafe or escaping paths."""
    seen: dict[str, str] = {}
    written = total = 0
    for file in files:
        relative = check_output_path(file.path, seen)
        data = file.content.encode("utf-8") if isinstance(file.content, str) else file.content
        target = root.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(target, "xb") as handle:  # "x": never follow or overwrite what is there
                handle.write(data)
        except FileExistsError:
            raise OutputPathError(str(relative), "was already written into this build; "
                                  "give one of the two pages another slug") from None
        written += 1
        total += len(data)
    return WriteSummary(written, total)


def update_files(files: Iterable[OutputFile], root: Path, *, keep: tuple[str, ...] = (),
                 kept: Iterable[PurePosixPath] = (), in_place: bool = False,
                 known: dict[str, int] | None = None) -> UpdateSummary:
    """Make `root` (a clone of the previous site) hold exactly `files`.

    A file whose bytes are already there is left alone; a changed one is unlinked first, then
    created ("x": never written through an inode the previous site shares, never through a
    symlink); files not produced are removed, except under the `keep` top-level folders and
    the `kept` files (pages known unchanged, not rendered again: they must be in `root`).
    Paths are checked as in `write_files`. `in_place=True` (serve, updating the live output/)
    writes each changed file beside its target and renames it over: a reader never sees a
    missing or half-written page. `known` (serve) holds what the last update left in `root`
    (path -> size): then `root` is neither walked nor stat'ed for those files, and `known`
    is updated; without it, files are found by walking `root`. A kept path `known` holds was
    checked when it was written: only its case-folded uniqueness is checked again.
    """
    seen: dict[str, str] = {}
    sizes: dict[str, int] = {}
    was_empty = not known and _is_empty(root)  # then nothing can be left to remove
    for text in _claim_known(list(map(str, kept)), known, seen, sizes):
        _claim_path(text, seen)
        sizes[text] = _kept_size(root, text, known)
    with _Writers() as writers:  # pages written while the next ones are rendered
        for file in files:
            text = _claim_path(str(file.path), seen)
            data = file.content.encode("utf-8") if isinstance(file.content, str) else file.content
            sizes[text] = len(data)
            writers.submit(text, root.joinpath(*text.split("/")), data, in_place)
        changed = writers.changed()
    if was_empty:
        removed = []
    elif not known:  # None, or nothing known yet (a first update)
        removed = _remove_unproduced(root, set(sizes), keep)
    else:
        removed = _remove_known(root, sorted(known.keys() - sizes.keys()), keep)
    if known is not None:
        known.clear()
        known.update(sizes)
    return UpdateSummary(len(seen), sum(sizes.values()), len(seen) - len(changed),
                         tuple(removed), tuple(sorted(changed)))


def _is_empty(root: Path) -> bool:
    """True when `root` holds nothing (or does not exist yet)."""
    try:
        with os.scandir(root) as entries:
            return next(entries, None) is None
    except FileNotFoundError:
        return True


def _claim_known(kept: list[str], known: dict[str, int] | None, seen: dict[str, str],
                 sizes: dict[str, int]) -> list[str]:
    """Take the kept paths `known` holds (checked when they were written) into `seen` and
    `sizes` at once, if no two of them fold to the same name; the others, to be checked."""
    if not known:
        return kept
    trusted = list(filter(known.__contains__, kept))  # in C: 18,000 paths at 10,000 articles
    folded = dict(zip(map(str.casefold, trusted), trusted, strict=True))
    if len(folded) < len(trusted):
        return kept  # checked one by one: the error names the two paths
    seen.update(folded)
    sizes.update(zip(trusted, map(known.__getitem__, trusted), strict=True))
    return [text for text in kept if text not in known] if len(trusted) < len(kept) else []


def _kept_size(root: Path, text: str, known: dict[str, int] | None) -> int:
    if known is not None and text in known:
        return known[text]
    try:
        return os.stat(os.path.join(root, text)).st_size
    except FileNotFoundError:
        raise OutputPathError(text, "is missing from the previous site; "
                              "delete output/ and build again") from None


def _remove_known(root: Path, paths: list[str], keep: tuple[str, ...]) -> list[str]:
    """Delete these files of `root` (and the folders they leave empty); their paths."""
    removed = [path for path in paths if path.split("/", 1)[0] not in keep]
    for path in removed:
        target = os.path.join(root, path)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target)
        folder = os.path.dirname(target)
        while folder != str(root) and os.path.isdir(folder) and not os.listdir(folder):
            os.rmdir(folder)
            folder = os.path.dirname(folder)
    return removed


def check_unchanged(files: Iterable[OutputFile], root: Path, *, keep: tuple[str, ...] = (),
                    kept: Iterable[PurePosixPath] = ()) -> UpdateSummary | None:
    """What `update_files` would report if `root` already holds exactly `files` and `kept`
    (and nothing else outside `keep`); None as soon as one file would change. Reads only.

    A build that changes nothing then needs no staging copy of the whole site."""
    seen: dict[str, str] = {}
    total, base = 0, str(root)
    for path in kept:
        size = _file_size(os.path.join(base, _claim_path(str(path), seen)))
        if size is None:
            return None
        total += size
    for file in files:
        target = os.path.join(base, _claim_path(str(file.path), seen))
        data = file.content.encode("utf-8") if isinstance(file.content, str) else file.content
        if _file_size(target) != len(data) or Path(target).read_bytes() != data:
            return None
        total += len(data)
    if _has_unproduced(root, set(seen.values()), keep):
        return None
    return UpdateSummary(len(seen), total, len(seen), (), ())


def _file_size(path: str) -> int | None:
    """Size of a regular file (not through a symlink), None when there is none."""
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def _has_unproduced(root: Path, produced: set[str], keep: tuple[str, ...]) -> bool:
    for folder, dirs, names in os.walk(root):
        relative_dir = os.path.relpath(folder, root)
        if relative_dir == ".":
            dirs[:] = [name for name in dirs if name not in keep]
        prefix = "" if relative_dir == "." else relative_dir.replace(os.sep, "/") + "/"
        if any(prefix + name not in produced for name in names) or not (names or dirs):
            return True
    return False


class _Writers:
    """_write_if_changed in a few threads (file I/O releases the GIL, so writing overlaps the
    rendering that feeds it), at most WRITES_PENDING at once (the pages waiting are in memory);
    leaving the block waits for every write, and raises the first write's error in order."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=WRITE_THREADS, thread_name_prefix="write")
        self._pending: collections.deque[tuple[str, Future[bool]]] = collections.deque()
        self._changed: list[str] = []

    def __enter__(self) -> _Writers:
        return self

    def submit(self, text: str, target: Path, data: bytes, in_place: bool) -> None:
        if len(self._pending) >= WRITES_PENDING:
            self._settle_oldest()
        self._pending.append((text, self._pool.submit(_write_if_changed, target, data, in_place)))

    def _settle_oldest(self) -> None:
        text, future = self._pending.popleft()
        if future.result():
            self._changed.append(text)

    def changed(self) -> list[str]:
        """The paths written (their bytes were not there), once every write is done."""
        while self._pending:
            self._settle_oldest()
        return self._changed

    def __exit__(self, *exc_info: object) -> None:
        self._pool.shutdown(wait=True)  # no write goes on after an error or an interrupt


def _write_if_changed(target: Path, data: bytes, in_place: bool = False) -> bool:
    try:
        info = os.lstat(target)
        same = (stat.S_ISREG(info.st_mode) and info.st_size == len(data)
                and target.read_bytes() == data)
    except FileNotFoundError:
        same, info = False, None
    if same:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    if in_place:
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        with open(tmp, "xb") as handle:
            handle.write(data)
        os.replace(tmp, target)
        return True
    if info is not None:
        os.unlink(target)
    with open(target, "xb") as handle:
        handle.write(data)
    return True


def _remove_unproduced(root: Path, produced: set[str], keep: tuple[str, ...]) -> list[str]:
    """Delete files under `root` not in `produced` (and folders left empty); their paths."""
    removed = []
    for folder, _dirs, names in os.walk(root, topdown=False):
        relative_dir = os.path.relpath(folder, root)
        if relative_dir.split(os.sep, 1)[0] in keep:
            continue
        for name in names:
            relative = name if relative_dir == "." else f"{relative_dir}/{name}"
            if relative not in produced:
                os.unlink(os.path.join(folder, name))
                removed.append(relative)
        if folder != str(root) and not os.listdir(folder):
            os.rmdir(folder)
    return sorted(removed)


def link_tree(source: Path, target: Path) -> int:
    """Hard-link every regular file of `source` into `target` (folders recreated); the count.

    Symlinks and other special files are skipped: the site never produces them; nor are
    files that vanish meanwhile (serve may replace a page while its search snapshot is made)."""
    count = 0
    for folder, _dirs, names in os.walk(source):
        relative = os.path.relpath(folder, source)
        destination = target if relative == "." else target / relative
        destination.mkdir(exist_ok=True)
        for name in names:
            path = os.path.join(folder, name)
            try:
                if stat.S_ISREG(os.lstat(path).st_mode):
                    os.link(path, destination / name)
                    count += 1
            except FileNotFoundError:
                continue
    return count


def check_output_path(path: PurePosixPath, seen: dict[str, str]) -> PurePosixPath:
    """Return `path` if it is safe to write below output/ and not taken yet (case-folded)."""
    return PurePosixPath(_claim_path(str(path), seen))


def _claim_path(text: str, seen: dict[str, str]) -> str:
    """`text` if it is a safe output path not taken yet (case-folded); it is then taken."""
    problem = get_path_problem(text)
    if problem:
        raise OutputPathError(text.encode("unicode_escape").decode("ascii")[:200],
                              f"refusing to write this file: {problem}")
    folded = text.casefold()
    if folded in seen:
        raise OutputPathError(text, f"two pages want this file (the other is {seen[folded]!r}; "
                              "case does not count); give one of them another slug")
    seen[folded] = text
    return text


def get_path_problem(text: str) -> str | None:
    """Why `text` (a `/`-separated relative path) is not a safe output path, or None."""
    if not text or text.startswith("/") or "\\" in text or text in (".", ""):
        return "it must be a relative path inside output/"
    if len(text.encode("utf-8")) > MAX_PATH_BYTES:
        return f"the path is longer than {MAX_PATH_BYTES} bytes; use a shorter slug"
    for part in text.split("/"):
        problem = _part_problem(part)
        if problem:
            return problem
    return None


def _part_problem(part: str) -> str | None:
    if part in ("", ".", ".."):
        return "it must be a relative path inside output/ (no empty, `.` or `..` parts)"
    if len(part.encode("utf-8")) > MAX_NAME_BYTES:
        return f"a name is longer than {MAX_NAME_BYTES} bytes; use a shorter slug"
    if not _SAFE_PART.fullmatch(part) or part.endswith("."):
        return ("names may use only ASCII letters, digits and `-_.~+@=,`; "
                "rename the file or use slugify()")
    if part.split(".", 1)[0].casefold() in _WINDOWS_DEVICES:
        return f"{part!r} is a reserved device name on Windows; rename it"
    return None


def check_site_dirs(cfg: SiteConfig, *, is_known_output: bool = False) -> None:
    """Refuse a config whose written folders could destroy anything.

    Every written folder lies inside the site, below no symbolic link and no `.git`.
    `output_dir` (replaced wholesale by every build) and `cache_dir` (written and swept)
    must each be a new folder, an empty one, or one a build made (it holds OUTPUT_MARKER /
    CACHE_MARKER; `is_known_output`: the page cache describes output/ as it is, for sites
    built before the marker existed); never a file, a hidden folder (output_dir) or a
    folder overlapping a source folder, the site itself or each other.
    """
    root = cfg.root.resolve()
    for key in _WRITTEN_DIRS:
        _check_inside(cfg, root, key)
    _check_apart(cfg, "output_dir", (*_SOURCE_DIRS, "cache_dir"))
    _check_apart(cfg, "cache_dir", _SOURCE_DIRS)
    _check_ours(cfg, "output_dir", OUTPUT_MARKER, is_known_output)
    _check_ours(cfg, "cache_dir", CACHE_MARKER, _is_legacy_cache(cfg.path("cache_dir")))


def _refuse(cfg: SiteConfig, key: str, problem: str) -> ConfigError:
    return ConfigError(key_location(cfg.root, key), f"{key!r} {getattr(cfg, key)!r} {problem}")


def _check_inside(cfg: SiteConfig, root: Path, key: str) -> None:
    parts = Path(os.path.normpath(getattr(cfg, key))).parts
    if Path(os.path.normpath(root / getattr(cfg, key))).is_relative_to(root):
        _check_no_link(cfg, root, key, parts)  # first: a link out is named as a link
    path = cfg.path(key).resolve()
    if path == root or not path.is_relative_to(root):
        raise ConfigError(key_location(cfg.root, key), f"{key!r} must be a folder inside the "
                          f"site folder, got {getattr(cfg, key)!r}; use e.g. "
                          f"{key.removesuffix('_dir')!r}")
    if any(part.casefold() == ".git" for part in (*parts, *path.relative_to(root).parts)):
        raise _refuse(cfg, key, "is inside git's own folder; choose a folder outside `.git`")


def _check_no_link(cfg: SiteConfig, root: Path, key: str, parts: tuple[str, ...]) -> None:
    current = root
    for part in parts:
        current = current / part
        if current.is_symlink():
            raise _refuse(cfg, key, f"goes through the symbolic link {part!r} (to "
                          f"{os.readlink(current)!r}); site-builder writes there, so it must "
                          "be a real folder: remove the link or choose another folder")


def _check_apart(cfg: SiteConfig, key: str, others: tuple[str, ...]) -> None:
    written = cfg.path(key).resolve()
    for other in others:
        source = cfg.path(other).resolve()
        if source == written or source.is_relative_to(written) or written.is_relative_to(source):
            location = key_location(cfg.root, key)
            location = location if location.line else key_location(cfg.root, other)
            raise ConfigError(location, f"{key!r} {getattr(cfg, key)!r} "
                              f"overlaps {other!r} {getattr(cfg, other)!r}; every build writes "
                              "it, so give it a folder of its own")


def _check_ours(cfg: SiteConfig, key: str, marker: str, is_legacy: bool) -> None:
    """`key`'s folder is new, empty, or one a build made (it holds `marker`)."""
    path = cfg.path(key)
    if key == "output_dir" and any(part.startswith(".") for part in
                                   Path(os.path.normpath(cfg.output_dir)).parts):
        raise _refuse(cfg, key, "is a hidden folder; every build replaces it, so choose a "
                      "visible folder of its own, e.g. 'output'")
    if not os.path.lexists(path):
        return
    if not path.is_dir():
        raise _refuse(cfg, key, "is a file, not a folder; every build replaces it: choose a "
                      "new folder name, e.g. 'output'")
    try:
        with os.scandir(path) as entries:
            names = {entry.name for entry in entries}
    except OSError as exc:
        raise _refuse(cfg, key, f"cannot be read ({exc.strerror}); fix its permissions") from None
    if names and marker not in names and not is_legacy:
        raise _refuse(cfg, key, f"is a folder site-builder did not make (it has no {marker}), "
                      "and every build replaces or sweeps it; choose a new folder name, or "
                      "move that folder away yourself")


def _is_legacy_cache(path: Path) -> bool:
    """A cache made before CACHE_MARKER existed: every build left its lock file there."""
    return (path / "build.lock").is_file() and not (path / "build.lock").is_symlink()


def mark_cache_dir(path: Path) -> None:
    """Create cache_dir if needed, with its CACHEDIR.TAG (backup tools skip it; check_site_dirs
    knows it as ours)."""
    path.mkdir(parents=True, exist_ok=True)
    tag = path / CACHE_MARKER
    if not tag.is_file():
        atomic_write_bytes(tag, CACHE_MARKER_TEXT.encode("ascii"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `path` through a temporary file beside it and a rename; on any failure (a full
    disk) the temporary file is removed and `path` is left as it was."""
    write_cache_bytes(path, path.with_name(f".{path.name}.{os.getpid()}.tmp"), data)


def _swap_in(staging: Path, out_dir: Path) -> None:
    swap_folder(staging, out_dir, discard=_discard)


def swap_folder(new: Path, target: Path, *, discard=None) -> None:
    """Put folder `new` in `target`'s place (atomically where the file system allows);
    the previous `target` is removed (by `discard(path)` when given)."""
    if target.exists() and _exchange(new, target):
        (discard or _remove_tree)(new)  # now the previous folder
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def _remove_tree(tree: Path) -> None:
    shutil.rmtree(tree, ignore_errors=True)


def _discard(tree: Path) -> None:
    """Remove a previous site: a small one at once, a large one by a detached `rm -rf`.

    Removing thousands of folders takes seconds on some file systems and nothing needs to
    wait for it; the tree keeps its `.new-` name, so a leftover is swept by the next build."""
    folders = 0
    for _folder in os.walk(tree):
        folders += 1
        if folders > BACKGROUND_REMOVAL_FOLDERS:
            try:
                subprocess.Popen(["rm", "-rf", "--", str(tree)], start_new_session=True,
                                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
                return
            except OSError:
                break
    shutil.rmtree(tree, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2); False where unsupported."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP):
        return False  # this file system cannot exchange; fall back to two renames
    raise OSError(code, os.strerror(code), str(b))


_TEMP_FILE = re.compile(r".+(\.tmp\d*|\.\d+\.tmp)")
_PID_FOLDER = re.compile(r"(?:serve-spare|search|deploy)-(\d+)-.*")
CACHE_TEMP_FOLDERS = ("", "enrich", "store")
"""Folders of cache_dir where temporary files are written (and swept)."""


def sweep_leftovers(cfg: SiteConfig) -> tuple[str, ...]:
    """Remove what a build, serve or a search refresh killed mid-way left behind, and put a
    previous site back if a kill fell between two renames (callers hold the build lock).
    Run by every build, a no-op one too. Returns the paths removed, relative to the site."""
    out_dir = cfg.path("output_dir")
    swept = _sweep_leftovers(out_dir) if out_dir.parent.is_dir() else []
    cache = cfg.path("cache_dir")
    for sub in CACHE_TEMP_FOLDERS:
        folder = cache / sub if sub else cache
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            dead = _PID_FOLDER.fullmatch(entry.name)
            if dead and not sub and entry.is_dir(follow_symlinks=False) \
                    and not _is_alive(int(dead[1])):
                shutil.rmtree(entry.path, ignore_errors=True)
                swept.append(Path(entry.path))
            elif _TEMP_FILE.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
                swept.append(Path(entry.path))
    return tuple(sorted(path.relative_to(cfg.root).as_posix() for path in swept))


def _is_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sweep_leftovers(out_dir: Path) -> list[Path]:
    """Undo what a build killed mid-way left behind (callers hold the build lock)."""
    olds = sorted(out_dir.parent.glob(f".{out_dir.name}.old-*"))
    if not out_dir.exists() and olds:
        # Killed between the two renames of the fallback swap: the previous site is the old copy.
        os.replace(olds.pop(), out_dir)
    leftovers = [*olds, *out_dir.parent.glob(f".{out_dir.name}.new-*")]
    for leftover in leftovers:
        shutil.rmtree(leftover, ignore_errors=True)
    return leftovers
