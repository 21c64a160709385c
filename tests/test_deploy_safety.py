# ruff: noqa: F811  (pytest fixtures imported from test_deploy, used as parameters)
"""deploy (issue 17): never publishes a failed build, never drops or moves a commit it did not
make, never prints a credential. Through the real CLI, against a local bare repository."""

from __future__ import annotations

import json
import subprocess

import pytest
from test_deploy import (  # noqa: F401  (fixtures)
    TRAILER,
    bare,
    deploy,
    git,
    no_global_git_identity,
    remote_log,
    remote_tree,
    site,
)

from site_builder.engine.build_state import STATUS_FILE
from site_builder.output.deploy import redact_url


def _refused(result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert message in result.output, result.output
    assert len([line for line in result.output.splitlines() if line.startswith("error:")]) == 1


# --- the last build ---------------------------------------------------------------------------


def _write_status(site, errors: int, first: list[str]) -> None:
    cache = site / ".site-builder"
    cache.mkdir(exist_ok=True)
    (cache / STATUS_FILE).write_text(json.dumps({"format": 1, "errors": errors, "first": first}))


def test_refuses_a_site_whose_last_build_had_errors(site, bare):
    _write_status(site, 2, ["content/articles/a.md:3: 'date' must be YYYY-MM-DD, got 'x'; fix the date"])
    _refused(deploy(site), "error: output: the last build found 2 error(s) (first: content/articles/"
                           "a.md:3: 'date' must be YYYY-MM-DD, got 'x'; fix the date); fix them and "
                           "build again (`site-builder build`), then deploy")
    _refused(deploy(site, "--dry-run"), "the last build found 2 error(s)")
    assert git(bare, "for-each-ref") == ""
    _write_status(site, 0, [])
    assert deploy(site).exit_code == 0


@pytest.mark.slow
def test_a_real_failed_build_blocks_deploy_no_build(site, bare):
    """One bad date: `build` fails, and `deploy --no-build` refuses what it left."""
    from click.testing import CliRunner

    from site_builder.cli import main

    articles = site / "content" / "articles"
    articles.mkdir(parents=True)
    (articles / "bad.md").write_text("---\ntitle: Mauvais\ndate: 2024-02-30x\n---\nTexte.\n",
                                     encoding="utf-8")
    (site / "site.yml").write_text("title: Essai\nbase_url: https://alice.github.io/demo/\n"
                                   "search: false\nnlp_model: fr_core_news_sm\n", encoding="utf-8")
    (site / "output").rename(site / "output-hand")  # let the build make its own output/
    built = CliRunner().invoke(main, ["build", "--site", str(site)])
    assert built.exit_code == 1, built.output
    _refused(deploy(site), "error: output: the last build found 1 error(s) (first: "
                           "content/articles/bad.md")
    assert git(bare, "for-each-ref") == ""


# --- commits it did not make ------------------------------------------------------------------


def _commit_on_local_gh_pages(site, message: str = "Page faite à la main") -> str:
    """A commit on a local gh-pages (an orphan branch), made without switching branches."""
    tree = git(site, "mktree", "--missing")  # the empty tree
    parent = git(site, "rev-parse", "--verify", "--quiet", "refs/heads/gh-pages") if subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", "refs/heads/gh-pages"], cwd=site,
        capture_output=True).returncode == 0 else ""
    commit = git(site, "commit-tree", tree, *(["-p", parent] if parent else []), "-m", message)
    git(site, "update-ref", "refs/heads/gh-pages", commit)
    return commit


def test_keeps_a_local_unpushed_commit_it_did_not_make(site, bare):
    assert deploy(site).exit_code == 0  # origin/gh-pages now exists, with our commit
    git(site, "fetch", "--quiet", "origin", "gh-pages:gh-pages")
    mine = _commit_on_local_gh_pages(site)
    for args in ((), ("--force",), ("--dry-run",)):
        _refused(deploy(site, *args), "error: local branch gh-pages: holds 1 commit(s) not on "
                                      "origin/gh-pages and not made by site-builder (latest: "
                                      f"{mine[:7]} Page faite à la main); deploy would drop them")
    assert git(site, "rev-parse", "refs/heads/gh-pages") == mine
    assert len(remote_log(bare)) == 1


def test_keeps_a_local_branch_never_pushed(site, bare):
    mine = _commit_on_local_gh_pages(site)
    _refused(deploy(site, "--force"), "error: local branch gh-pages: holds 1 commit(s) not on "
                                      "origin and not made by site-builder")
    assert git(site, "rev-parse", "refs/heads/gh-pages") == mine
    assert git(bare, "for-each-ref") == ""


def test_builds_on_its_own_unpushed_commit(site, bare):
    """A deploy whose push failed left our commit locally: the next one keeps it as parent."""
    assert deploy(site).exit_code == 0
    git(site, "fetch", "--quiet", "origin", "gh-pages:gh-pages")
    ours = _commit_on_local_gh_pages(site, f"Publication du site\n\n{TRAILER}")
    assert deploy(site).exit_code == 0
    log = remote_log(bare)
    assert len(log) == 3 and log[0].split()[1] == ours


def test_refuses_a_branch_checked_out_in_another_worktree(site, bare, tmp_path):
    assert deploy(site).exit_code == 0
    git(site, "fetch", "--quiet", "origin", "gh-pages:gh-pages")
    other = tmp_path / "pages-worktree"
    git(site, "worktree", "add", "--quiet", str(other), "gh-pages")
    head = git(other, "rev-parse", "HEAD")
    (site / "output" / "index.html").write_text("<h1>Nouvelle page</h1>", encoding="utf-8")
    for args in ((), ("--force",)):
        _refused(deploy(site, *args), f"error: git branch gh-pages: is checked out in the worktree "
                                      f"{other}; deploy would move it under that worktree")
    assert git(other, "rev-parse", "HEAD") == head
    assert git(other, "status", "--porcelain") == ""
    assert len(remote_log(bare)) == 1


# --- credentials ------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("https://alice:pa/ss@github.com/a/b.git", "https://github.com/a/b.git"),
    ("https://alice:p@ss:w/rd@github.com/a/b.git", "https://github.com/a/b.git"),
    ("https://ghp_0123456789abcdef@github.com/a/b.git", "https://github.com/a/b.git"),
    ("https://oauth2:glpat-x@gitlab.com/a/b.git", "https://gitlab.com/a/b.git"),
    ("https://host/a/b.git?access_token=t0k&x=1#top", "https://host/a/b.git?access_token=***&x=***#top"),
    ("fatal: unable to access 'https://u:s/cret@h/x/?private_token=zz': 403",
     "fatal: unable to access 'https://h/x/?private_token=***': 403"),
    ("ssh://git:secret@github.com/a/b.git and https://t@h/p", "ssh://github.com/a/b.git and https://h/p"),
    ("git@github.com:a/b.git", "git@github.com:a/b.git"),
    ("a & b=c, /srv/x?y=z", "a & b=c, /srv/x?y=z"),
])
def test_redact_url_every_credential_form(text, expected):
    assert redact_url(text) == expected


@pytest.mark.parametrize("url", [
    "https://alice:s3cret/with/slashes@127.0.0.1:9/x.git",
    "https://s3cret-token@127.0.0.1:9/x.git",
    "https://127.0.0.1:9/x.git?access_token=s3cret-token",
])
def test_no_credential_in_any_message(site, url):
    git(site, "remote", "set-url", "origin", url)
    for args in (("--dry-run",), ()):
        result = deploy(site, *args)
        assert result.exit_code == 1, result.output
        assert "s3cret" not in result.output, result.output
        assert result.output.startswith("error: "), result.output


def test_never_publishes_git_folders_dotfiles_or_the_build_marker(site, bare):
    out = site / "output"
    (out / ".git").mkdir()
    (out / ".git" / "config").write_text("[remote]\nurl = https://alice:s3cret@github.com/x\n")
    (out / ".env").write_text("TOKEN=s3cret")
    (out / "articles" / ".notes.txt").write_text("s3cret")
    assert deploy(site).exit_code == 0
    tree = remote_tree(bare)
    assert tree == [".nojekyll", "articles/un/index.html", "index.html"]
