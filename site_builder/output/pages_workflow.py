"""write_pages_workflow(cfg): .github/workflows/pages.yml, which builds and publishes the site
with GitHub's own Pages actions, from any repository.

What the workflow installs is a pip requirement that GitHub can reach, never a package name
that is not on PyPI: the pinned git URL or the wheel given with `--install`, else the git
commit the running site-builder was installed from (PEP 610's direct_url.json), else `.` in
this project's own repository. pip's downloads and the site's cache folder (the enrichment
cache: an unchanged article is never analysed again) are kept between runs with
actions/cache. `base_url` is checked against the repository when the file is written, and
against what actions/configure-pages says when the workflow runs (`build --expect-base-url`).
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

from site_builder.output.deploy import (
    DeployError,
    check_base_url,
    find_repo_root,
    parse_github_remote,
    redact_url,
)
from site_builder.model import SiteConfig, SourceLocation

WORKFLOW_PATH = ".github/workflows/pages.yml"
PYTHON_VERSION = "3.11"
DISTRIBUTION = "site-builder"


@dataclass(frozen=True)
class WorkflowSpec:
    """What varies from one repository to another."""

    branch: str
    site: str
    """The site folder, relative to the repository (`.` at its top)."""
    output_dir: str
    cache_dir: str
    requirement: str
    """What `pip install` is given: `site-builder @ git+https://…@COMMIT`, `./x.whl`, `.`."""


_WORKFLOW = """\
# Written by `site-builder deploy --github-actions`: builds the site and publishes it
# with GitHub's official Pages actions. In the repository settings, set
# Pages > Build and deployment > Source to "GitHub Actions".
name: Pages

on:
  push:
    branches: [{branch}]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

env:
  SITE_BUILDER: "{requirement}"

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "{python}"
      - name: Keep pip's downloads (spaCy and its French model) between runs
        uses: actions/cache@v4
        with:
          path: ~/.cache/pip
          key: pip-${{{{ runner.os }}}}-py{python}-${{{{ hashFiles('{workflow}') }}}}
          restore-keys: pip-${{{{ runner.os }}}}-py{python}-
      - name: Install site-builder
        run: python -m pip install "$SITE_BUILDER"
      - name: Keep the enrichment cache between runs (an unchanged article is not analysed again)
        uses: actions/cache@v4
        with:
          path: {cache_path}
          key: site-builder-${{{{ runner.os }}}}-${{{{ hashFiles('{inputs}') }}}}
          restore-keys: site-builder-${{{{ runner.os }}}}-
      - id: pages
        uses: actions/configure-pages@v5
      - name: Build
        env:
          PAGES_URL: ${{{{ steps.pages.outputs.base_url }}}}
        run: site-builder build --site {site} --expect-base-url "$PAGES_URL/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: {output_path}

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""


def render_workflow(spec: WorkflowSpec) -> str:
    """The workflow file's text (pure)."""
    def inside(path: str) -> str:
        return path if spec.site == "." else f"{spec.site}/{path}"

    inputs = "', '".join(inside(path) for path in ("seeds/**", "content/**", "site.yml"))
    return _WORKFLOW.format(branch=spec.branch, site=spec.site, requirement=spec.requirement,
                            python=PYTHON_VERSION, workflow=WORKFLOW_PATH,
                            cache_path=inside(spec.cache_dir), inputs=inputs,
                            output_path=inside(spec.output_dir))


def write_pages_workflow(cfg: SiteConfig, *, install: str | None = None,
                         cname: str | None = None, force: bool = False) -> Path:
    """Write .github/workflows/pages.yml at the top of the repository holding the site."""
    repo = find_repo_root(cfg)
    _check_base_url_against_origin(cfg, repo, cname)
    spec = WorkflowSpec(
        branch=_current_branch(repo) or "main",
        site=cfg.root.resolve().relative_to(repo.resolve()).as_posix(),
        output_dir=cfg.output_dir, cache_dir=cfg.cache_dir,
        requirement=choose_requirement(install, repo, read_direct_url()))
    text = render_workflow(spec)
    path = repo / WORKFLOW_PATH
    if path.exists() and path.read_text(encoding="utf-8") != text and not force:
        raise DeployError(SourceLocation(WORKFLOW_PATH),
                          "already exists with other content; pass --force to overwrite it")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check_pages_url(cfg: SiteConfig, pages_url: str) -> None:
    """The site's `base_url` path must be the one GitHub publishes it under (`pages_url`,
    what actions/configure-pages gives); else a DeployError naming the line to fix."""
    parts = urlsplit(pages_url.strip())
    if not parts.scheme or not parts.netloc:
        raise DeployError(SourceLocation("--expect-base-url"),
                          f"{pages_url!r} is not a URL; give the address the site is published at")
    expected = parts.path.rstrip("/") + "/"
    if cfg.base_path != expected:
        url = f"{parts.scheme}://{parts.netloc}{expected}"
        raise DeployError(_base_url_location(cfg),
                          f"base_url {cfg.base_url!r} does not match where the site will be "
                          f"published ({url}); set `base_url: {url}` and push again")


# --- what to install ---------------------------------------------------------------------------

def choose_requirement(install: str | None, repo: Path, direct_url: dict | None) -> str:
    """The pip requirement the workflow installs; a SiteError when none can be reached."""
    if install:
        return _given_requirement(install, repo)
    if _is_this_project(repo):
        return "."
    from_install = requirement_from_direct_url(direct_url)
    if from_install is None:
        shown = redact_url(str((direct_url or {}).get("url", "an unknown source")))
        raise DeployError(SourceLocation("--install"),
                          f"site-builder was installed from {shown}, which GitHub cannot reach; "
                          "pass --install git+https://HOST/OWNER/REPO@COMMIT (a pinned git URL) or "
                          "--install PATH/site_builder-VERSION-py3-none-any.whl (a wheel committed "
                          "to this repository)")
    return from_install


def read_direct_url() -> dict | None:
    """PEP 610's record of where the running site-builder was installed from, if any."""
    try:
        text = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    return json.loads(text) if text else None


def requirement_from_direct_url(direct_url: dict | None) -> str | None:
    """`site-builder @ git+URL@COMMIT` for a git install; the URL of a wheel or archive
    downloaded over https; None for a local folder or file, or an unknown source."""
    if not direct_url or not str(direct_url.get("url", "")).startswith("https://"):
        return None
    url = redact_url(direct_url["url"])
    vcs = direct_url.get("vcs_info")
    if vcs is not None:
        if vcs.get("vcs") != "git" or not vcs.get("commit_id"):
            return None
        subdirectory = direct_url.get("subdirectory")
        fragment = f"#subdirectory={subdirectory}" if subdirectory else ""
        return f"{DISTRIBUTION} @ git+{url}@{vcs['commit_id']}{fragment}"
    return f"{DISTRIBUTION} @ {url}" if "archive_info" in direct_url else None


_PINNED_GIT = re.compile(r"^(?:site-builder\s*@\s*)?git\+https://[^@\s]+@[0-9A-Za-z._/-]+"
                         r"(?:#subdirectory=[\w./-]+)?$")


def _given_requirement(install: str, repo: Path) -> str:
    """`--install`: a git URL pinned to a commit or tag, or a wheel inside the repository."""
    if install.startswith(("git+", "site-builder")):
        if not _PINNED_GIT.match(install):
            raise DeployError(SourceLocation("--install"),
                              f"{install!r} is not a pinned https git URL; write it as "
                              "git+https://HOST/OWNER/REPO@COMMIT (or @TAG)")
        return install if install.startswith("site-builder") else f"{DISTRIBUTION} @ {install}"
    wheel = (repo / install).resolve()
    if not install.endswith(".whl") or not wheel.is_file() or not wheel.is_relative_to(repo.resolve()):
        raise DeployError(SourceLocation("--install"),
                          f"{install!r} is neither a pinned git URL nor a wheel (.whl) inside "
                          "this repository; build one with `pip wheel --no-deps -w wheels .` in "
                          "site-builder's folder and commit it, or give git+https://…@COMMIT")
    return "./" + wheel.relative_to(repo.resolve()).as_posix()


def _is_this_project(repo: Path) -> bool:
    pyproject = repo / "pyproject.toml"
    return pyproject.is_file() and 'name = "site-builder"' in pyproject.read_text(encoding="utf-8")


# --- the repository ----------------------------------------------------------------------------

def _current_branch(repo: Path) -> str:
    return _git_output(repo, "symbolic-ref", "--quiet", "--short", "HEAD")


def _check_base_url_against_origin(cfg: SiteConfig, repo: Path, cname: str | None) -> None:
    """Like `deploy`: a site whose base_url is not where GitHub Pages puts the repository's
    site is refused (a repository with no GitHub `origin` is checked when the workflow runs)."""
    github = parse_github_remote(_git_output(repo, "config", "--get", "remote.origin.url"))
    if github is not None or cname:
        check_base_url(cfg, github, cname)


def _git_output(repo: Path, *args: str) -> str:
    """git's output, empty when git fails (no such ref or setting)."""
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else ""


def _base_url_location(cfg: SiteConfig) -> SourceLocation:
    path = cfg.root / "site.yml"
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    line = next((n for n, text in enumerate(lines, 1) if text.startswith("base_url:")), None)
    return SourceLocation("site.yml", line)
