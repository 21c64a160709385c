"""Docs that cannot drift: every command and config key is in the README, with help text."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cli import main
from site_builder.model import SiteConfig

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
CONFIG_KEYS = [field.name for field in dataclasses.fields(SiteConfig) if field.name != "root"]


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_and_is_in_the_readme(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert main.commands[name].help, f"command {name!r} has no help text"
    assert f"site-builder {name}" in README


@pytest.mark.parametrize("key", CONFIG_KEYS)
def test_every_config_key_is_documented(key: str) -> None:
    assert f"| `{key}` |" in README


def test_the_readme_gives_the_two_set_up_commands() -> None:
    assert 'pip install -e . && site-builder build' in README
    assert 'pip install -e ".[test]" && pytest' in README
