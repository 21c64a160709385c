"""site_lock: one holder at a time, released by a killed holder, no POSIX-only import."""

from __future__ import annotations

import ast
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import site_builder
from site_builder.site_lock import LockHeld, exclusive_lock


def test_a_second_holder_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "build.lock"
    with exclusive_lock(path):
        with pytest.raises(LockHeld), exclusive_lock(path):
            pass
    with exclusive_lock(path):  # released
        pass


def test_a_killed_holder_holds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "build.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path;"
         "from site_builder.site_lock import exclusive_lock;"
         "lock = exclusive_lock(Path(sys.argv[1])); lock.__enter__();"
         "print('locked', flush=True); time.sleep(600)", str(path)],
        stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    with pytest.raises(LockHeld), exclusive_lock(path):
        pass
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    with exclusive_lock(path):
        pass


POSIX_ONLY = {"fcntl", "termios", "pwd", "grp", "resource", "posix", "tty", "pty"}


def test_no_module_imports_a_posix_only_module_at_its_top() -> None:
    """What would make `site-builder --help` fail on Windows (module-level imports only)."""
    found = []
    for path in sorted(Path(site_builder.__file__).parent.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += [f"{path.name}: {name}" for name in names if name.split(".")[0] in POSIX_ONLY]
    assert found == []
