"""What a page job read from the Site, recorded, so that an edit re-runs the jobs that read what it changed.

A job (render.py) builds its pages from `SiteReads`, a view of the Site with the same fields
whose tables note each key read into the job's set. Keys follow the Site's own data:

- `("article", slug)`: the Article (an entity page reads each of its articles);
- `("neighbours", slug)`: the slugs of the articles before and after it (an article page);
- `("articles",)`: the order of the articles and what the lists show of them (`LISTED`);
- `("actor", slug)`, `("place", slug)`: an entity; `("actors",)`, `("places",)`: all of them;
- `("by-entity", key)`, `("count", key)`, `("seen-with", key)`: a row of `articles_by_entity`,
  `mention_counts`, `cooccurrences`; `("quoting", speaker)`: the articles quoting an actor.

`changed_reads(old, new)` names the keys whose values differ between two Sites (unchanged
articles and entities are the same objects, compared in C); the jobs that read one of them are
the only ones to run again (render_memo.RenderMemo.readers). Reading costs one set.add per key.
Between processes (the CLI) the old Site is gone: `read_digests(site)` gives every key's value
as a digest, kept with the reads (render_cache.PageRecord), and the keys whose digest differs
are the changed ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from itertools import compress
from operator import attrgetter, is_not
from typing import Any

from site_builder.model import Article, EntityKind, Site

ReadKey = tuple[Any, ...]
LISTED = attrgetter("slug", "title", "date", "summary")
"""What the home page, the indexes, the timelines and the navigation show of an article."""
ARTICLES: ReadKey = ("articles",)
_SLUG = attrgetter("slug")


class Reads(Mapping):
    """A read-only mapping noting `(kind, key)` for each key looked up, `whole` when iterated."""

    __slots__ = ("_data", "_kind", "_seen", "_whole")

    def __init__(self, data: Mapping, kind: str, seen: set[ReadKey], whole: ReadKey) -> None:
        self._data, self._kind, self._seen, self._whole = data, kind, seen, whole

    def __getitem__(self, key: Any) -> Any:
        self._seen.add((self._kind, key))
        return self._data[key]

    def get(self, key: Any, default: Any = None) -> Any:
        self._seen.add((self._kind, key))
        return self._data.get(key, default)

    def __contains__(self, key: object) -> bool:
        self._seen.add((self._kind, key))
        return key in self._data

    def __iter__(self) -> Iterator:
        self._seen.add(self._whole)
        return iter(self._data)

    def __len__(self) -> int:
        self._seen.add(self._whole)
        return len(self._data)

    def values(self):  # noqa: ANN201 - the table's own view, in C
        self._seen.add(self._whole)
        return self._data.values()

    def items(self):  # noqa: ANN201
        self._seen.add(self._whole)
        return self._data.items()


class _ArticleList(Sequence):
    """site.articles, noting ARTICLES when read (only the lists read the whole sequence)."""

    __slots__ = ("_articles", "_seen")

    def __init__(self, articles: tuple[Article, ...], seen: set[ReadKey]) -> None:
        self._articles, self._seen = articles, seen

    def __getitem__(self, index: Any) -> Any:
        self._seen.add(ARTICLES)
        return self._articles[index]

    def __iter__(self) -> Iterator[Article]:
        self._seen.add(ARTICLES)
        return iter(self._articles)

    def __len__(self) -> int:
        self._seen.add(ARTICLES)
        return len(self._articles)


class SiteReads:
    """The Site as a job sees it: the same fields, every read noted into `seen`."""

    __slots__ = ("config", "articles", "actors", "places", "articles_by_entity",
                 "mention_counts", "cooccurrences")

    def __init__(self, site: Site, seen: set[ReadKey]) -> None:
        self.config = site.config  # a change of configuration re-runs every job
        self.articles = _ArticleList(site.articles, seen)
        self.actors = Reads(site.actors, "actor", seen, ("actors",))
        self.places = Reads(site.places, "place", seen, ("places",))
        self.articles_by_entity = Reads(site.articles_by_entity, "by-entity", seen, ("by-entity",))
        self.mention_counts = Reads(site.mention_counts, "count", seen, ("count",))
        self.cooccurrences = Reads(site.cooccurrences, "seen-with", seen, ("seen-with",))


def changed_reads(old: Site, new: Site) -> set[ReadKey] | None:
    """The keys whose values differ from `old` to `new`; None: the configuration (every job)."""
    if old.config != new.config:
        return None
    olds, news = _changed_articles(old.articles, new.articles)
    keys: set[ReadKey] = {("article", slug) for slug in olds.keys() | news.keys()}
    if list(map(_SLUG, old.articles)) != list(map(_SLUG, new.articles)):
        keys.add(ARTICLES)
        before, after = _neighbours(old.articles), _neighbours(new.articles)
        keys |= {("neighbours", s) for s, pair in after.items() if before.get(s) != pair}
    elif any(LISTED(olds[slug]) != LISTED(news[slug]) for slug in olds):
        keys.add(ARTICLES)
    keys |= {("quoting", q.speaker) for a in (*olds.values(), *news.values())
             for q in a.quotes if q.speaker}
    for kind, name in ((EntityKind.ACTOR.value, "actors"), (EntityKind.PLACE.value, "places")):
        changed = _changed(getattr(old, name), getattr(new, name))
        keys |= {(kind, slug) for slug in changed} | ({(name,)} if changed else set())
    for kind, name in (("by-entity", "articles_by_entity"), ("count", "mention_counts"),
                       ("seen-with", "cooccurrences")):
        changed = _changed(getattr(old, name), getattr(new, name))
        keys |= {(kind, key) for key in changed} | ({(kind,)} if changed else set())
    return keys


def _changed_articles(old: tuple[Article, ...], new: tuple[Article, ...]
                      ) -> tuple[dict[str, Article], dict[str, Article]]:
    """Slug -> article, before and after, of the articles added, removed or changed."""
    if len(old) == len(new):  # mostly the same objects at the same places: compared in C
        pairs = [(old[i], new[i]) for i in compress(range(len(new)), map(is_not, old, new))]
        if all(a.slug == b.slug for a, b in pairs):
            pairs = [(a, b) for a, b in pairs if a != b]
            return {a.slug: a for a, _ in pairs}, {b.slug: b for _, b in pairs}
    before, after = {a.slug: a for a in old}, {a.slug: a for a in new}
    slugs = _changed(before, after)
    return ({s: before[s] for s in slugs if s in before}, {s: after[s] for s in slugs if s in after})


def _changed(old: Mapping[Any, object], new: Mapping[Any, object]) -> set[Any]:
    """Keys added, removed, or whose value is another, unequal object."""
    if list(old) == list(new):  # the same keys in the same order: values compared in C
        others = compress(new.keys(), map(is_not, old.values(), new.values()))
        return {key for key in others if old[key] != new[key]}
    changed = set(old.keys() ^ new.keys())
    changed |= {key for key, value in new.items() if key in old and old[key] != value}
    return changed


def _neighbours(articles: tuple[Article, ...]) -> dict[str, tuple[str, str]]:
    slugs = list(map(_SLUG, articles))
    return dict(zip(slugs, zip(["", *slugs], [*slugs[1:], ""])))  # noqa: B905 - one longer


def read_digests(site: Site) -> dict[ReadKey, bytes]:
    """Every key a job can read (see the module's list) -> a digest of its value in `site`;
    a key a job read that is not here had no value (a missing entity, row or article)."""
    found: dict[ReadKey, bytes] = {("article", a.slug): _digest(a) for a in site.articles}
    found |= {("neighbours", slug): _digest(pair) for slug, pair in _neighbours(site.articles).items()}
    found[ARTICLES] = _digest(list(map(LISTED, site.articles)))
    tables = ((EntityKind.ACTOR.value, "actors", site.actors),
              (EntityKind.PLACE.value, "places", site.places),
              ("by-entity", "by-entity", site.articles_by_entity),
              ("count", "count", site.mention_counts),
              ("seen-with", "seen-with", site.cooccurrences),
              ("quoting", "quoting", _quoting(site.articles)))
    for kind, whole, table in tables:
        rows = {(kind, key): _digest(value) for key, value in table.items()}
        found |= rows
        found[(whole,)] = _digest(sorted(map(repr, rows.items())))
    return found


def _quoting(articles: Sequence[Article]) -> dict[str, list[str]]:
    """Speaker -> slugs of the articles quoting them (the value of a `quoting` key)."""
    index: dict[str, list[str]] = {}
    for article in articles:
        for speaker in sorted({q.speaker for q in article.quotes if q.speaker}):
            index.setdefault(speaker, []).append(article.slug)
    return {speaker: sorted(slugs) for speaker, slugs in index.items()}


def _digest(value: object) -> bytes:
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=12).digest()
