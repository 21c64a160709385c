"""Does every article of the most-mentioned actors reach a page? Read from a built site.

    python bench/check_pagination.py bench/work/sb-10000/output [--top 3]

For the actors with the most articles (data/actors.csv), the article links of the mention
lists of all their pages (`actors/<slug>/`, then `actors/<slug>/page/N/`) are collected and
compared with the articles data/article_entities.csv names for them: every one listed, none
twice, newest first. Prints one line per actor; exits 1 on a mismatch.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

_LIST = re.compile(r'<ol class="mention-list"[^>]*>(.*?)</ol>', re.S)
_TITLE = re.compile(r'<a class="mention-title" href="[^"]*/articles/([^/"]+)/"')
_NEXT = re.compile(r'<a class="pages-next" href="([^"]+)"')


def listed_articles(output: Path, slug: str) -> tuple[list[str], int]:
    """The article slugs the actor's pages list, in order, and how many pages there are
    (the site built with the default base_path `/`)."""
    found, page, pages = [], output / "actors" / slug / "index.html", 0
    while page is not None:
        html = page.read_text(encoding="utf-8")
        pages += 1
        for block in _LIST.findall(html):
            found += _TITLE.findall(block)
        following = _NEXT.search(html)
        page = output / following.group(1).strip("/") / "index.html" if following else None
    return found, pages


def expected_articles(output: Path) -> dict[str, set[str]]:
    by_actor: dict[str, set[str]] = {}
    with open(output / "data" / "article_entities.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["entity_type"] == "actor":
                by_actor.setdefault(row["entity_slug"], set()).add(row["article_slug"])
    return by_actor


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--top", type=int, default=3)
    args = parser.parse_args()
    expected = expected_articles(args.output)
    failed = False
    for slug in sorted(expected, key=lambda s: (-len(expected[s]), s))[:args.top]:
        listed, pages = listed_articles(args.output, slug)
        days = [article[:10] for article in listed]  # slugs start with the date
        newest_first = days == sorted(days, reverse=True)
        ok = set(listed) == expected[slug] and len(listed) == len(set(listed)) and newest_first
        failed |= not ok
        print(f"{slug}: {len(expected[slug])} articles, {len(listed)} listed on {pages} pages, "
              f"{len(set(listed))} distinct, newest first: {newest_first} -> {'ok' if ok else 'MISMATCH'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
