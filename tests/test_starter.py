from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cli import main
from site_builder.errors import SiteError
from site_builder.starter import new_site


def test_new_site_copies_config_and_sample_seed(tmp_path: Path) -> None:
    written = new_site(tmp_path / "site")
    names = {path.relative_to(tmp_path / "site").as_posix() for path in written}
    assert "site.yml" in names
    assert any(name.startswith("seeds/") and name.endswith(".txt") for name in names)
    assert (tmp_path / "site" / ".gitignore").read_text().splitlines() == ["output/", ".site-builder/"]


def test_new_site_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(SiteError, match="is not empty; choose a new folder name"):
        new_site(tmp_path)
    assert (tmp_path / "keep.txt").read_text() == "mine"


def test_new_command_exits_1_with_one_line_on_a_full_folder(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("")
    result = CliRunner().invoke(main, ["new", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.strip() == f"error: {tmp_path}: is not empty; choose a new folder name"
