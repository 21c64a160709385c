"""A full disk (issue 17): the build fails with one error line, output/ stays the last whole
site, nothing temporary is left. On a real 1 MiB tmpfs (needs root to mount; skipped
otherwise), through the real CLI in a subprocess."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
NO_SPACE = "No space left on device; free some space, then run the command again"


@pytest.fixture
def small_disk(tmp_path) -> Path:
    mount = tmp_path / "disk"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a 1 MiB tmpfs here ({result.stderr.strip() or 'not root'})")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _site(disk: Path) -> Path:
    site = disk / "site"
    (site / "seeds").mkdir(parents=True)
    (site / "static").mkdir()
    (site / "site.yml").write_text("title: Petit disque\nsearch: false\n", encoding="utf-8")
    return site


def _build(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "site_builder", "build", "--site", str(site), "-q"],
                          capture_output=True, text=True, cwd=REPO, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _leftovers(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                  if ".tmp" in p.name or p.name.startswith((".output.new-", ".output.old-"))
                  or re.fullmatch(r"(serve-spare|search|deploy)-\d+-.*", p.name))


def _fill(disk: Path, leave: int) -> None:
    """Take all the free space of the disk but `leave` bytes."""
    info = os.statvfs(disk)
    free = info.f_bavail * info.f_frsize
    with open(disk / "filler", "wb") as handle:
        handle.write(b"\0" * max(0, free - leave))


def _assert_one_error_line(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line]
    assert len(lines) == 1 and lines[0].startswith("error: ") and NO_SPACE in lines[0], lines


def test_a_full_disk_leaves_the_last_site_whole(small_disk):
    site = _site(small_disk)
    assert _build(site).returncode == 0
    before = _tree(site / "output")
    (site / "static" / "photo.bin").write_bytes(os.urandom(100_000))
    _fill(small_disk, leave=60_000)
    _assert_one_error_line(_build(site))
    assert _tree(site / "output") == before
    assert _leftovers(site) == []
    (small_disk / "filler").unlink()
    assert _build(site).returncode == 0
    assert "photo.bin" in _tree(site / "output")


def test_a_first_build_on_a_full_disk_publishes_nothing_half_made(small_disk):
    site = _site(small_disk)
    _fill(small_disk, leave=40_000)
    _assert_one_error_line(_build(site))
    assert not (site / "output").exists() or _tree(site / "output") == {}
    assert _leftovers(site) == []


def test_an_output_that_cannot_be_replaced_by_rename_is_one_error_line(tmp_path):
    """output/ a mount point: the swap's rename fails (EXDEV/EBUSY); one line, no leftovers."""
    site = tmp_path / "site"
    (site / "seeds").mkdir(parents=True)
    (site / "site.yml").write_text("search: false\n", encoding="utf-8")
    assert _build(site).returncode == 0
    marker = (site / "output" / ".site-builder-output").read_bytes()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(site / "output")],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({result.stderr.strip() or 'not root'})")
    try:
        (site / "output" / ".site-builder-output").write_bytes(marker)
        failed = _build(site)
        assert failed.returncode == 1 and "Traceback" not in failed.stderr, failed.stderr
        assert "not a mount point" in failed.stderr, failed.stderr
        assert len(failed.stderr.strip().splitlines()) == 1
        assert _leftovers(site) == []
    finally:
        subprocess.run(["umount", "-l", str(site / "output")], check=False)
