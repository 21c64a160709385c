"""deploy: pure checks, then the real command against a local bare repository as `origin`."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cli import main
from site_builder.output.deploy import (
    FILE_LIMIT,
    TRAILER,
    GitHubRepo,
    SiteInventory,
    inventory_site,
    parse_github_remote,
    redact_url,
    size_warnings,
)
from site_builder.output.output import OUTPUT_MARKER, OUTPUT_MARKER_TEXT

GITHUB_URL = "https://github.com/alice/demo.git"
SITE_YML = "title: Essai\nbase_url: https://alice.github.io/demo/\nsearch: false\n"
ID = ["-c", "user.name=Test", "-c", "user.email=test@example.org"]


# --- pure checks --------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "expected"), [
    ("https://github.com/alice/demo.git", GitHubRepo("alice", "demo")),
    ("https://github.com/alice/demo", GitHubRepo("alice", "demo")),
    ("https://alice:tok@github.com/alice/demo.git", GitHubRepo("alice", "demo")),
    ("git@github.com:alice/demo.git", GitHubRepo("alice", "demo")),
    ("ssh://git@github.com/alice/alice.github.io.git", GitHubRepo("alice", "alice.github.io")),
    ("https://gitlab.com/alice/demo.git", None),
    ("/srv/git/demo.git", None),
])
def test_parse_github_remote(url, expected):
    assert parse_github_remote(url) == expected


@pytest.mark.parametrize(("repo", "url"), [
    (GitHubRepo("alice", "demo"), "https://alice.github.io/demo/"),
    (GitHubRepo("Alice", "Alice.GitHub.io"), "https://alice.github.io/"),
])
def test_pages_url(repo, url):
    assert repo.pages_url == url


@pytest.mark.parametrize(("text", "expected"), [
    ("https://alice:s3cret@github.com/a/b.git", "https://github.com/a/b.git"),
    ("fatal: https://ghp_tok@github.com/a/b: denied", "fatal: https://github.com/a/b: denied"),
    ("git@github.com:a/b.git", "git@github.com:a/b.git"),
    ("/srv/git/b.git", "/srv/git/b.git"),
])
def test_redact_url(text, expected):
    assert redact_url(text) == expected


def test_size_warnings():
    inventory = SiteInventory(3, 3000, large_files=(("big.bin", 2000),))
    assert size_warnings(inventory, site_limit=10_000, file_limit=FILE_LIMIT) == ()
    warnings = size_warnings(inventory, site_limit=1000, file_limit=1000)
    assert len(warnings) == 2
    assert warnings[0].startswith("output/big.bin: ") and "file limit" in warnings[0]
    assert warnings[1].startswith("output/: the site is ")


def test_inventory_site_counts_files_and_finds_links(tmp_path):
    out = tmp_path / "output"
    (out / "a").mkdir(parents=True)
    (out / "index.html").write_text("12345")
    (out / "a" / "b.css").write_text("123")
    (out / "link.txt").symlink_to(tmp_path / "elsewhere.txt")
    assert inventory_site(out) == SiteInventory(2, 8, (), ("link.txt",))


# --- the real command ---------------------------------------------------------------------


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *ID, *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture(autouse=True)
def no_global_git_identity(tmp_path, monkeypatch):
    """Like CI: no ~/.gitconfig, so deploy must bring its own commit identity."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL",
                 "GIT_DIR", "GIT_WORK_TREE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def bare(tmp_path) -> Path:
    path = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(path)], check=True)
    return path


@pytest.fixture
def site(tmp_path, bare) -> Path:
    """A git repository holding a built site, with `origin` at a GitHub URL that is really `bare`."""
    root = tmp_path / "work"
    root.mkdir()
    git(root, "init", "--quiet", "-b", "main")
    (root / "site.yml").write_text(SITE_YML, encoding="utf-8")
    (root / ".gitignore").write_text("output/\n.site-builder/\n", encoding="utf-8")
    git(root, "add", "site.yml", ".gitignore")
    git(root, "commit", "--quiet", "-m", "site")
    git(root, "remote", "add", "origin", GITHUB_URL)
    git(root, "config", f"url.{bare}.insteadOf", GITHUB_URL)
    write_output(root, {"index.html": "<h1>Accueil</h1>", "articles/un/index.html": "<p>un</p>"})
    return root


def write_output(root: Path, files: dict[str, str]) -> None:
    """Files of a built output/, with the marker by which a build knows it made the folder."""
    out = root / "output"
    files = {OUTPUT_MARKER: OUTPUT_MARKER_TEXT, **files}
    for name, text in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8")


def deploy(site: Path, *args: str):
    return CliRunner().invoke(main, ["deploy", "--site", str(site), "--no-build", *args])


def remote_tree(bare: Path, branch: str = "gh-pages") -> list[str]:
    return git(bare, "ls-tree", "-r", "--name-only", branch).splitlines()


def remote_log(bare: Path, branch: str = "gh-pages") -> list[str]:
    return git(bare, "log", "--format=%H %P", branch).splitlines()


@pytest.mark.usefixtures("french_messages")
def test_first_then_second_deploy_keeps_history(site, bare):
    first = deploy(site)
    assert first.exit_code == 0, first.output
    assert "Publié : 2 fichier(s)" in first.output and "https://alice.github.io/demo/" in first.output
    assert remote_tree(bare) == [".nojekyll", "articles/un/index.html", "index.html"]
    assert TRAILER in git(bare, "log", "-1", "--format=%B", "gh-pages")
    (site / "output" / "articles" / "un" / "index.html").unlink()
    write_output(site, {"articles/deux/index.html": "<p>deux</p>"})
    second = deploy(site, "--message", "Deuxième publication")
    assert second.exit_code == 0, second.output
    log = remote_log(bare)
    assert len(log) == 2 and log[0].split()[1] == log[1].split()[0]
    assert remote_tree(bare) == [".nojekyll", "articles/deux/index.html", "index.html"]
    assert git(bare, "log", "-1", "--format=%s", "gh-pages") == "Deuxième publication"


def test_cname_file(site, bare):
    (site / "site.yml").write_text("base_url: https://news.example.org/\n", encoding="utf-8")
    result = deploy(site, "--cname", "news.example.org")
    assert result.exit_code == 0, result.output
    assert "CNAME" in remote_tree(bare)
    assert git(bare, "show", "gh-pages:CNAME") == "news.example.org"


@pytest.mark.usefixtures("french_messages")
def test_dry_run_pushes_nothing(site, bare):
    result = deploy(site, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Simulation : 2 fichier(s)" in result.output
    assert "https://alice.github.io/demo/" in result.output and "Rien n'a été poussé" in result.output
    assert git(bare, "for-each-ref") == ""
    assert git(site, "for-each-ref", "refs/heads/gh-pages") == ""


def _user_state(root: Path) -> dict[str, str]:
    files = {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.relative_to(root).parts}
    return {
        "branch": git(root, "symbolic-ref", "HEAD"),
        "head": git(root, "rev-parse", "HEAD"),
        "index": git(root, "ls-files", "--stage"),
        "status": git(root, "status", "--porcelain=v2", "--untracked-files=all", "--ignored"),
        "stash": git(root, "stash", "list", "--format=%H %s"),
        "files": repr(files),
    }


def test_users_branch_tree_index_untracked_and_stash_untouched(site, bare):
    (site / "site.yml").write_text(SITE_YML + "description: stash\n", encoding="utf-8")
    git(site, "stash", "--quiet")
    (site / ".gitignore").write_text("output/\n.site-builder/\n*.log\n", encoding="utf-8")
    git(site, "add", ".gitignore")
    (site / "site.yml").write_text(SITE_YML + "author: x\n", encoding="utf-8")
    (site / "notes.txt").write_text("untracked", encoding="utf-8")
    before = _user_state(site)
    assert deploy(site).exit_code == 0
    assert deploy(site).exit_code == 0
    assert _user_state(site) == before


def _refused(result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert message in result.output, result.output


def test_refuses_outside_a_git_repository(tmp_path):
    root = tmp_path / "plain"
    root.mkdir()
    (root / "site.yml").write_text(SITE_YML, encoding="utf-8")
    write_output(root, {"index.html": "x"})
    _refused(deploy(root), f"error: {root}: is not in a git repository; run `git init`")


def test_refuses_without_git(site, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    _refused(deploy(site), "error: git: git is not installed; install git and retry")


def test_refuses_missing_remote(site):
    _refused(deploy(site, "--remote", "upstream"),
             "error: git remote upstream: no remote named 'upstream'; add it with `git remote add")


def test_refuses_base_url_mismatch(site, bare):
    (site / "site.yml").write_text("title: Essai\nbase_url: /\n", encoding="utf-8")
    _refused(deploy(site), "error: site.yml:2: base_url '/' does not match where the site will be "
                           "published (https://alice.github.io/demo/); set `base_url: "
                           "https://alice.github.io/demo/` and build again")
    assert git(bare, "for-each-ref") == ""


def test_refuses_foreign_history_unless_forced(site, bare, tmp_path):
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "--quiet", str(bare), str(other)], check=True, capture_output=True)
    git(other, "checkout", "--quiet", "--orphan", "gh-pages")
    (other / "page.html").write_text("hand made", encoding="utf-8")
    git(other, "add", "page.html")
    git(other, "commit", "--quiet", "-m", "Hand-made page")
    git(other, "push", "--quiet", "origin", "gh-pages")
    _refused(deploy(site), "error: origin/gh-pages: holds 1 commit(s) not made by site-builder (latest: ")
    assert remote_tree(bare) == ["page.html"]
    forced = deploy(site, "--force")
    assert forced.exit_code == 0, forced.output
    assert remote_tree(bare) == [".nojekyll", "articles/un/index.html", "index.html"]
    assert len(remote_log(bare)) == 1


def test_refuses_missing_output(site, bare):
    shutil.rmtree(site / "output")
    _refused(deploy(site), "error: output: does not exist; run `site-builder build`")


def test_refuses_when_the_branch_is_checked_out(site, bare):
    git(site, "checkout", "--quiet", "-b", "gh-pages")
    _refused(deploy(site), "error: git branch gh-pages: is the branch checked out; switch to your")
    assert git(bare, "for-each-ref") == ""


def test_refuses_symlink_in_output(site, bare, tmp_path):
    (site / "output" / "leak.txt").symlink_to(tmp_path / "secret.txt")
    _refused(deploy(site), "error: output/leak.txt: is a symbolic link")


def test_credentials_never_printed(site, bare):
    secret_url = "https://alice:s3cret-token@github.com/alice/demo.git"
    git(site, "remote", "set-url", "origin", secret_url)
    git(site, "config", f"url.{bare}.insteadOf", secret_url)
    result = deploy(site, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "(https://github.com/alice/demo.git)" in result.output
    git(site, "config", "--unset", f"url.{bare}.insteadOf")
    git(site, "remote", "set-url", "origin", "https://bob:s3cret-token@127.0.0.1:9/x.git")
    failed = deploy(site, "--dry-run")
    assert failed.exit_code == 1 and "s3cret" not in failed.output + "".join(failed.output)


@pytest.mark.slow
def test_build_then_deploy(site, bare):
    (site / "seeds").mkdir()
    (site / "seeds" / "port.txt").write_text(
        "Le port au matin, le 12 mars. / JEAN DUPONT / AFP\n\n"
        "La municipalité a annoncé mardi 12 mars un nouveau plan pour le port.\n\n"
        "Les travaux commenceront au printemps.\n", encoding="utf-8")
    (site / "site.yml").write_text(SITE_YML + "nlp_model: fr_core_news_sm\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["deploy", "--site", str(site)])
    assert result.exit_code == 0, result.output
    tree = remote_tree(bare)
    assert "index.html" in tree and any(name.startswith("articles/") for name in tree)
