"""run_search(site_dir): Pagefind over the built site (French stemming); no hand-written index.

Pagefind (the `pagefind-bin` package ships the binary) reads every HTML page, picks the
stemming language from `<html lang="fr">` and writes its bundle, including the default UI
and the JavaScript API (pagefind.js, pagefind-highlight.js) that the theme's assets/search.js
uses for the header box, the search page and highlighting, into `site_dir/pagefind/`.
Pages that mark their content with `data-pagefind-body` are the only ones indexed.
"""

from __future__ import annotations

import json
import logging
import subprocess
from dataclasses import dataclass
from pathlib import Path

from site_builder.errors import SiteError
from site_builder.model import SourceLocation

log = logging.getLogger(__name__)

BUNDLE_DIR = "pagefind"
TIMEOUT_SECONDS = 600


class SearchError(SiteError):
    """Pagefind is missing, failed, or wrote no usable index."""


@dataclass(frozen=True)
class SearchReport:
    pages: int
    """Pages indexed, over every language."""
    languages: tuple[str, ...]
    """Languages Pagefind found in `<html lang>`, sorted (e.g. `('fr',)`)."""


def run_search(site_dir: Path) -> SearchReport:
    """Index `site_dir` with Pagefind; raise SearchError with what to do when it fails."""
    command = [str(find_pagefind()), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR,
               "--quiet"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                              check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise _error(f"Pagefind took more than {TIMEOUT_SECONDS} s; "
                     "set `search: false` in site.yml to build without search") from None
    except OSError as exc:
        raise _error(f"cannot run Pagefind ({exc.strerror}); "
                     "reinstall it with `pip install pagefind-bin`") from None
    if done.returncode != 0:
        raise _error(f"Pagefind failed: {_last_error_line(done)}; "
                     "check that the site has HTML pages, or set `search: false` in site.yml")
    return read_report(site_dir / BUNDLE_DIR)


def find_pagefind() -> Path:
    """The Pagefind binary shipped by the `pagefind-bin` package (never downloaded)."""
    try:
        import pagefind_bin
    except ImportError:
        raise _error("the `pagefind-bin` package is not installed; "
                     "install it with `pip install pagefind-bin`") from None
    try:
        return pagefind_bin.get_executable()
    except FileNotFoundError:
        raise _error("the `pagefind-bin` package has no Pagefind binary for this platform; "
                     "reinstall it, or set `search: false` in site.yml") from None


def read_report(bundle: Path) -> SearchReport:
    """What Pagefind indexed, from the `pagefind-entry.json` it writes."""
    entry = bundle / "pagefind-entry.json"
    try:
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
        pages = sum(int(info["page_count"]) for info in languages.values())
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise _error(f"Pagefind wrote no readable {entry.name} ({exc}); "
                     "rebuild, and report the problem if it persists") from None
    if pages == 0:
        raise _error("Pagefind indexed no page; mark page content with `data-pagefind-body`")
    log.info("search: %d pages indexed (%s)", pages, ", ".join(sorted(languages)))
    return SearchReport(pages=pages, languages=tuple(sorted(languages)))


def _last_error_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = [line.strip() for line in (done.stderr + "\n" + done.stdout).splitlines()]
    errors = [line for line in lines if line.startswith("Error")]
    meaningful = errors or [line for line in lines if line]
    return meaningful[0] if meaningful else f"exit code {done.returncode}"


def _error(message: str) -> SearchError:
    return SearchError(SourceLocation(f"{BUNDLE_DIR}/"), message)
