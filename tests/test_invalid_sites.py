"""Each tests/invalid/<case>/ is a tiny site that `site-builder ingest` must refuse with the
exact lines of its expected.txt (on stderr), exit status 1, and no traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cli import main

CASES = sorted(path for path in (Path(__file__).parent / "invalid").iterdir() if path.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_invalid_site_gives_the_expected_error(case, tmp_path):
    site = tmp_path / case.name
    shutil.copytree(case, site, ignore=shutil.ignore_patterns("expected.txt"))
    result = CliRunner().invoke(main, ["ingest", "--site", str(site)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1
    assert result.stderr == (case / "expected.txt").read_text(encoding="utf-8")


def test_there_are_invalid_cases():
    assert len(CASES) >= 10
