"""deploy(cfg, options): output/ becomes the single tree of the gh-pages branch, then is pushed.

The commit is made with ghp-import (git fast-import), so the user's working tree, index,
current branch and stash are never touched. Our commits carry a trailer; a remote branch
holding any other commit is refused unless --force.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import ghp_import

from site_builder.engine import build_state
from site_builder.errors import SiteError
from site_builder.model import SiteConfig, SourceLocation

TRAILER = "Deployed-by: site-builder"
DEFAULT_MESSAGE = "Publication du site"
DEFAULT_IDENTITY = ("site-builder", "site-builder@localhost")
SITE_LIMIT = 1024**3
"""GitHub Pages: a published site may be no larger than 1 GB."""
FILE_LIMIT = 100 * 1024**2
"""GitHub refuses any file larger than 100 MiB."""


class DeployError(SiteError):
    """Deployment refused or failed; nothing was pushed."""


@dataclass(frozen=True)
class DeployOptions:
    remote: str = "origin"
    branch: str = "gh-pages"
    message: str = DEFAULT_MESSAGE
    cname: str | None = None
    dry_run: bool = False
    force: bool = False


@dataclass(frozen=True)
class SiteInventory:
    files: int
    total_bytes: int
    large_files: tuple[tuple[str, int], ...] = ()
    symlinks: tuple[str, ...] = ()


@dataclass(frozen=True)
class GitHubRepo:
    owner: str
    name: str

    @property
    def is_user_site(self) -> bool:
        return self.name.casefold() == f"{self.owner}.github.io".casefold()

    @property
    def pages_url(self) -> str:
        path = "/" if self.is_user_site else f"/{self.name}/"
        return f"https://{self.owner.lower()}.github.io{path}"


@dataclass(frozen=True)
class DeployPlan:
    repo_root: Path
    remote_url: str
    """Credentials stripped."""
    target_url: str
    inventory: SiteInventory
    warnings: tuple[str, ...]
    remote_has_branch: bool


@dataclass(frozen=True)
class DeployResult:
    plan: DeployPlan
    commit: str = ""
    """The new gh-pages commit; empty on a dry run."""


# --- pure checks ------------------------------------------------------------------------------


_URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://\S+")
_USERINFO = re.compile(r"^([^:]+://)(?:[^@]*@)+")
"""`scheme://` then everything up to the last `@` of the address: user, password or token,
even one holding `/`, `:` or `?` (a path with an `@` in it is cut too: better than a leak)."""
_QUERY_VALUE = re.compile(r"([?&][^=&#]+=)[^&#'\"]*")


def redact_url(text: str) -> str:
    """Strip every credential from the URLs in `text`: `user:password@` (a password holding
    `/` too), `TOKEN@`, and the value of every query-string parameter (`?access_token=…`)."""
    return _URL.sub(lambda match: _redact_one(match[0]), text)


def _redact_one(url: str) -> str:
    url = _USERINFO.sub(r"\1", url)
    base, mark, rest = url.partition("?")
    if not mark:
        return url
    query, hash_mark, fragment = rest.partition("#")
    return base + _QUERY_VALUE.sub(r"\1***", "?" + query) + hash_mark + fragment


_GITHUB = re.compile(r"^(?:(?:https?|git|ssh)://(?:[^@/]+@)?github\.com(?::\d+)?/|[^@/\s]+@github\.com:)"
                     r"(?P<owner>[^/]+)/(?P<name>[^/]+?)(?:\.git)?/?$", re.IGNORECASE)


def parse_github_remote(url: str) -> GitHubRepo | None:
    """`https://github.com/USER/REPO.git`, `git@github.com:USER/REPO.git`… -> GitHubRepo."""
    match = _GITHUB.match(url.strip())
    return GitHubRepo(match["owner"], match["name"]) if match else None


def expected_base_path(repo: GitHubRepo | None, cname: str | None) -> str | None:
    """The URL path the site will be published under, or None when it cannot be known."""
    if cname:
        return "/"
    return urlsplit(repo.pages_url).path if repo else None


def check_base_url(cfg: SiteConfig, repo: GitHubRepo | None, cname: str | None) -> None:
    expected = expected_base_path(repo, cname)
    if expected is None or cfg.base_path == expected:
        return
    url = f"https://{cname}/" if cname else repo.pages_url
    raise DeployError(_config_location(cfg, "base_url"),
                      f"base_url {cfg.base_url!r} does not match where the site will be published "
                      f"({url}); set `base_url: {url}` and build again")


def inventory_site(out_dir: Path) -> SiteInventory:
    """Count files and bytes of output/, noting files over the limit and symbolic links."""
    files = total = 0
    large: list[tuple[str, int]] = []
    links: list[str] = []
    for folder, dirs, names in os.walk(out_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        names = [n for n in names if not n.startswith(".")]
        for name in sorted(names + [d for d in dirs if Path(folder, d).is_symlink()]):
            path = Path(folder, name)
            relative = path.relative_to(out_dir).as_posix()
            if path.is_symlink():
                links.append(relative)
                continue
            size = path.stat().st_size
            files, total = files + 1, total + size
            if size > FILE_LIMIT:
                large.append((relative, size))
    return SiteInventory(files, total, tuple(large), tuple(sorted(links)))


def size_warnings(inventory: SiteInventory, *, site_limit: int = SITE_LIMIT,
                  file_limit: int = FILE_LIMIT) -> tuple[str, ...]:
    warnings = [f"output/{name}: {_mib(size)} is over GitHub's {_mib(file_limit)} file limit; "
                f"the push will be refused — make the file smaller or host it elsewhere"
                for name, size in inventory.large_files if size > file_limit]
    if inventory.total_bytes > site_limit:
        warnings.append(f"output/: the site is {_mib(inventory.total_bytes)}, over GitHub Pages' "
                        f"{_mib(site_limit)} limit; GitHub may refuse to publish it")
    return tuple(warnings)


def _mib(size: int) -> str:
    return f"{size / 1024**2:.1f} Mio"


def _config_location(cfg: SiteConfig, key: str) -> SourceLocation:
    """site.yml, at the line setting `key` when there is one."""
    path = cfg.root / "site.yml"
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    line = next((n for n, text in enumerate(lines, 1) if text.startswith(f"{key}:")), None)
    return SourceLocation("site.yml", line)


# --- git --------------------------------------------------------------------------------------


def _git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                            env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
    if check and result.returncode != 0:
        problem = redact_url(result.stderr.strip().splitlines()[-1] if result.stderr.strip()
                             else f"git {args[0]} failed")
        raise DeployError(SourceLocation(f"git {args[0]}"), f"{problem}; check the remote and retry")
    return result


def find_repo_root(cfg: SiteConfig) -> Path:
    if shutil.which("git") is None:
        raise DeployError(SourceLocation("git"), "git is not installed; install git and retry")
    result = _git(cfg.root, "rev-parse", "--show-toplevel", check=False)
    if result.returncode != 0:
        raise DeployError(SourceLocation(str(cfg.root)),
                          "is not in a git repository; run `git init` and "
                          "`git remote add origin https://github.com/USER/REPO.git` first")
    return Path(result.stdout.strip())


def read_remote_url(repo: Path, remote: str) -> str:
    result = _git(repo, "config", "--get", f"remote.{remote}.url", check=False)
    if result.returncode != 0 or not result.stdout.strip():
        raise DeployError(SourceLocation(f"git remote {remote}"),
                          f"no remote named {remote!r}; add it with `git remote add {remote} "
                          f"https://github.com/USER/REPO.git` or choose one with --remote")
    return result.stdout.strip()


def _check_not_on_branch(repo: Path, branch: str) -> None:
    """Refuse a branch checked out here or in another worktree: moving it would change that
    worktree's files under the user's feet."""
    current = _git(repo, "symbolic-ref", "--quiet", "--short", "HEAD", check=False).stdout.strip()
    if current == branch:
        raise DeployError(SourceLocation(f"git branch {branch}"),
                          "is the branch checked out; switch to your source branch, then deploy")
    elsewhere = _worktrees_on(repo, f"refs/heads/{branch}")
    if elsewhere:
        worktree = elsewhere[0]
        raise DeployError(SourceLocation(f"git branch {branch}"),
                          f"is checked out in the worktree {worktree}; deploy would move it "
                          f"under that worktree: switch it to another branch (or `git worktree "
                          f"remove {worktree}`), then deploy")


def _worktrees_on(repo: Path, ref: str) -> list[str]:
    """Paths of the worktrees whose HEAD is `ref`."""
    listing = _git(repo, "worktree", "list", "--porcelain", check=False).stdout
    worktrees, path = [], ""
    for line in listing.splitlines():
        if line.startswith("worktree "):
            path = line.removeprefix("worktree ")
        elif line == f"branch {ref}":
            worktrees.append(path)
    return worktrees


def _remote_has_branch(repo: Path, remote: str, branch: str) -> bool:
    listing = _git(repo, "ls-remote", "--heads", remote, f"refs/heads/{branch}").stdout
    return bool(listing.strip())


def _foreign_commits(repo: Path, *revisions: str) -> list[str]:
    """`sha subject` of the commits of `revisions` (`ref`, `^other`…) site-builder did not make."""
    result = _git(repo, "rev-list", "--format=%h %s", "--no-commit-header", "--invert-grep",
                  f"--grep=^{TRAILER}$", *revisions)
    return [line for line in result.stdout.splitlines() if line.strip()]


def _check_unpushed(repo: Path, options: DeployOptions, has_remote_branch: bool) -> None:
    """Refuse a local branch holding commits the remote does not have and that site-builder
    did not make: a deploy (even --force) starts the branch again and would drop them."""
    local = f"refs/heads/{options.branch}"
    if not _branch_exists(repo, local):
        return
    tracking = f"refs/remotes/{options.remote}/{options.branch}"
    foreign = _foreign_commits(repo, local, *([f"^{tracking}"] if has_remote_branch else []))
    if foreign:
        where = f"{options.remote}/{options.branch}" if has_remote_branch else options.remote
        raise DeployError(SourceLocation(f"local branch {options.branch}"),
                          f"holds {len(foreign)} commit(s) not on {where} and not made by "
                          f"site-builder (latest: {foreign[0]}); deploy would drop them: push "
                          f"them, or rename the branch (`git branch -m {options.branch} "
                          f"OTHER`), then deploy")


def _check_history(repo: Path, ref: str, where: str, force: bool) -> None:
    foreign = [] if force else _foreign_commits(repo, ref)
    if foreign:
        raise DeployError(SourceLocation(where),
                          f"holds {len(foreign)} commit(s) not made by site-builder (latest: "
                          f"{foreign[0]}); pass --force to replace that branch with the site")


def _branch_exists(repo: Path, ref: str) -> bool:
    return _git(repo, "rev-parse", "--verify", "--quiet", ref, check=False).returncode == 0


# --- plan and deploy --------------------------------------------------------------------------


def plan_deploy(cfg: SiteConfig, options: DeployOptions) -> DeployPlan:
    """Every check, and a fetch of the remote branch; changes nothing the user can see."""
    repo = find_repo_root(cfg)
    url = read_remote_url(repo, options.remote)
    github = parse_github_remote(url)
    check_base_url(cfg, github, options.cname)
    _check_not_on_branch(repo, options.branch)
    out_dir = cfg.path("output_dir")
    if not out_dir.is_dir():
        raise DeployError(SourceLocation(cfg.output_dir), "does not exist; run `site-builder build`")
    check_last_build(cfg)
    inventory = inventory_site(out_dir)
    if inventory.symlinks:
        raise DeployError(SourceLocation(f"{cfg.output_dir}/{inventory.symlinks[0]}"),
                          "is a symbolic link; GitHub Pages does not serve links, put the file itself")
    has_branch = _fetch_branch(repo, options)
    target = f"https://{options.cname}/" if options.cname else (
        github.pages_url if github else cfg.site_url or "(unknown: the remote is not on GitHub)")
    return DeployPlan(repo, redact_url(url), target, inventory, size_warnings(inventory), has_branch)


def check_last_build(cfg: SiteConfig) -> None:
    """Refuse to publish output/ when the last build (CLI or serve) reported errors: the
    site would lack what failed. Unknown (no status file, an old cache): allowed."""
    status = build_state.load_status(cfg)
    if status is None or status[0] <= 0:
        return
    count, first = status
    shown = f" (first: {first[0]})" if first else ""
    raise DeployError(SourceLocation(cfg.output_dir),
                      f"the last build found {count} error(s){shown}; fix them and build "
                      f"again (`site-builder build`), then deploy")


def _fetch_branch(repo: Path, options: DeployOptions) -> bool:
    remote, branch = options.remote, options.branch
    has_branch = _remote_has_branch(repo, remote, branch)
    if has_branch:
        _git(repo, "fetch", "--quiet", "--no-tags", remote,
             f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}")
    _check_unpushed(repo, options, has_branch)
    if has_branch:
        _check_history(repo, f"refs/remotes/{remote}/{branch}", f"{remote}/{branch}", options.force)
    elif _branch_exists(repo, f"refs/heads/{branch}"):
        _check_history(repo, f"refs/heads/{branch}", f"local branch {branch}", options.force)
    return has_branch


class _Git(ghp_import.Git):
    """ghp-import's git runner, run in the repository and with a default identity."""

    def __init__(self, repo: Path) -> None:
        super().__init__(use_shell=False)
        self.repo = repo

    def open(self, *args, **kwargs):
        kwargs.setdefault("cwd", str(self.repo))
        return super().open(*args, **kwargs)

    def get_config(self, key):
        value = super().get_config(key)
        defaults = {"user.name": DEFAULT_IDENTITY[0], "user.email": DEFAULT_IDENTITY[1]}
        return value or defaults.get(key, value)


def deploy(cfg: SiteConfig, options: DeployOptions) -> DeployResult:
    """Commit output/ as the whole tree of the branch and push it (unless a dry run)."""
    plan = plan_deploy(cfg, options)
    if options.dry_run:
        return DeployResult(plan)
    cfg.path("cache_dir").mkdir(parents=True, exist_ok=True)
    commit = _commit_site(plan.repo_root, cfg.path("output_dir"), cfg.path("cache_dir"), options)
    push = ["push", "--quiet", *(["--force"] if options.force else []), options.remote,
            f"refs/heads/{options.branch}:refs/heads/{options.branch}"]
    _git(plan.repo_root, *push)
    return DeployResult(plan, commit)


def _prepare_branch(repo: Path, options: DeployOptions) -> None:
    """Start the local branch from the remote one (history kept), or from nothing with --force.

    Only commits site-builder made and never pushed can be dropped here (_check_unpushed
    refused any other); a local branch ahead of the remote is kept and built upon. Each
    move is a compare-and-swap on the value checked, so a concurrent commit is never lost."""
    ref, tracking = f"refs/heads/{options.branch}", f"refs/remotes/{options.remote}/{options.branch}"
    local = _rev(repo, ref)
    if options.force:
        if local:
            _git(repo, "update-ref", "-d", ref, local)
    elif _branch_exists(repo, tracking):
        remote = _rev(repo, tracking)
        if not local or not _is_ancestor(repo, remote, local):
            _git(repo, "update-ref", ref, remote, local or "0" * 40)


def _rev(repo: Path, ref: str) -> str:
    return _git(repo, "rev-parse", "--verify", "--quiet", ref, check=False).stdout.strip()


def _is_ancestor(repo: Path, ancestor: str, commit: str) -> bool:
    return _git(repo, "merge-base", "--is-ancestor", ancestor, commit, check=False).returncode == 0


def _commit_site(repo: Path, out_dir: Path, cache_dir: Path, options: DeployOptions) -> str:
    git = _Git(repo)
    ref = f"refs/heads/{options.branch}"
    _prepare_branch(repo, options)
    before = _rev(repo, ref)
    with tempfile.TemporaryDirectory(prefix=f"deploy-{os.getpid()}-", dir=cache_dir) as published:
        _link_published(out_dir, Path(published))
        ghp_import.run_import(git, published, branch=options.branch, prefix=None, nojekyll=True,
                              mesg=f"{options.message.strip()}\n\n{TRAILER}",
                              cname=options.cname, followlinks=False)
    after = _rev(repo, ref)
    if not after or after == before:
        raise DeployError(SourceLocation(f"git branch {options.branch}"),
                          "git fast-import made no commit; see git's message above")
    return after


def _link_published(out_dir: Path, target: Path) -> None:
    """Hard-link the files deploy publishes into `target`: never a dotfile or dot-folder
    (`.git`, a credential file, the build's marker), never a symbolic link."""
    for folder, dirs, names in os.walk(out_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        destination = target / os.path.relpath(folder, out_dir)
        destination.mkdir(parents=True, exist_ok=True)
        for name in names:
            source = Path(folder, name)
            if not name.startswith(".") and not source.is_symlink():
                os.link(source, destination / name)
