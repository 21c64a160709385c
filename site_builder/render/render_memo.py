"""O(change) rendering for a long-lived process (serve): the pages an edit touches, found by lookup.

`RenderMemo` keeps the Site last rendered, the fingerprint of every page, the pages each
render job made and what each job read from the Site (render_reads: keys such as
`("article", slug)` or `("count", (kind, slug))`). On the next render, the keys whose values
changed between the two Sites (render_reads.changed_reads) name, through `readers`, the jobs
to run again; only those are fingerprinted, and rendered if their fingerprint differs. The
pages of every other job are kept as they are in output/. `render.assert_no_stale` (tests)
checks that no kept page would have changed.

A job is `("home",)`, `("article", slug)`, `("actor", slug)`, `("place", slug)` or
`("lists",)` (indexes, timelines, map, search, 404). What every page shares (configuration,
templates, navigation) is in its shared fingerprint: when it changes every job runs.

Besides, the memo keeps what a render needs whatever changed, so that an edit costs what it
touches, not the size of the site: the Jinja environment (compiled templates) while the
templates and code are the same, the Markdown parsers, the place grid, a speaker -> articles
quote index (updated per changed article), the entity pages' article entries (per article
object, made since the last full render), the job order, and the feeds (feeds.FeedsMemo).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import compress
from operator import is_not
from pathlib import PurePosixPath

import jinja2

from site_builder.model import Article, Entity, EntityKind, Mention, OutputFile, Site, SiteConfig
from site_builder.render.feeds import FeedsMemo
from site_builder.render.listings import NavSection
from site_builder.render.open_data import OpenDataMemo
from site_builder.render.pages import (
    MentionViews,
    PlaceGrid,
    add_quotes,
    quote_index,
)
from site_builder.render.render_env import make_env
from site_builder.render.render_markdown import EntityLinks
from site_builder.render.render_reads import ReadKey

JobKey = tuple[str, ...]
"""`("home",)`, `("article", slug)`, `("actor", slug)`, `("place", slug)` or `("lists",)`."""
EntityKey = tuple[EntityKind, str]
Made = tuple[PurePosixPath, str, OutputFile | None]
"""A page a job looked at: path, fingerprint, and its file (None: output/ holds it already)."""
FirstsCache = dict[str, tuple[Article, dict[EntityKey, Mention]]]
"""Article slug -> (the article, its first mention of each entity)."""
LISTS: tuple[JobKey, ...] = (("home",), ("lists",))


@dataclass
class RenderMemo:
    """What a render leaves for the next one in the same process (serve keeps one).

    Pass the same memo to every render_pages call; call `forget()` if the pages of the last
    render did not reach output/ (the build failed after rendering)."""

    site: Site | None = None
    sources: str = ""
    """Digest of the templates and code last time."""
    shared_key: str = ""
    """Fingerprint of what every page shares (templates, code, navigation) last time."""
    nav: tuple[NavSection, ...] = ()
    fingerprints: dict[str, str] = field(default_factory=dict)
    """Output path -> fingerprint of every page output/ holds."""
    paths: dict[JobKey, tuple[PurePosixPath, ...]] = field(default_factory=dict)
    """The pages each job made."""
    keys: list[JobKey] = field(default_factory=list)
    """Every job of the last render, in output order."""
    order: dict[JobKey, int] = field(default_factory=dict)
    """Job -> its index in `keys`."""
    reads: dict[JobKey, frozenset[ReadKey]] = field(default_factory=dict)
    """What each job read from the Site last time it ran (render_reads)."""
    readers: dict[ReadKey, set[JobKey]] = field(default_factory=dict)
    """The other way round: key -> the jobs that read it."""
    nav_reads: frozenset[ReadKey] = frozenset()
    """What the navigation was made from."""
    links: EntityLinks | None = None
    """The entity URLs last time (the same while no entity is added or removed)."""
    firsts: FirstsCache = field(default_factory=dict)
    env: object = None
    """The Jinja environment last used (its compiled templates), kept while `env_key` holds."""
    env_key: tuple[str, ...] = ()
    """(templates folder, digest of templates and code) the environment was made for."""
    views: MentionViews = field(default_factory=dict)
    """Entity pages' article entries made by the renders since the last full one."""
    reprs: dict[int, tuple[object, str]] = field(default_factory=dict)
    """id -> (one of these entries, its fingerprint): what it adds to its page's fingerprint."""
    parsers: tuple = ()
    """The Markdown parsers (document and blocks) of the last render."""
    quoting: tuple[tuple[Article, ...], dict[str, set[str]]] | None = None
    """The articles of the last render and who they quote (speaker -> article slugs)."""
    grid: tuple[list[Entity], PlaceGrid] | None = None
    """The places of the last render and their grid (pages.build_place_grid)."""
    feeds: FeedsMemo = field(default_factory=FeedsMemo)
    """The feed and sitemap last made, and from what (a pure cache: kept by forget())."""
    open_data: OpenDataMemo = field(default_factory=OpenDataMemo)
    """Each article's open-data rows and the files last made (forget() keeps the rows)."""

    def forget(self) -> None:
        self.site, self.sources, self.shared_key, self.nav = None, "", "", ()
        self.fingerprints, self.paths, self.firsts, self.keys, self.links = {}, {}, {}, [], None
        self.env, self.env_key, self.views, self.order = None, (), {}, {}
        self.quoting, self.reprs, self.reads, self.readers = None, {}, {}, {}
        self.nav_reads = frozenset()
        self.open_data.forget()  # its files did not reach output/ either


def memo_env(cfg: SiteConfig, memo: RenderMemo, sources: str) -> jinja2.Environment:
    """The memo's Jinja environment (templates compiled by earlier renders) while the
    templates folder and `sources` (templates and code) are those it was made for."""
    key = (str(cfg.path("templates_dir")), sources)
    if memo.env is None or memo.env_key != key:
        memo.env, memo.env_key = make_env(cfg), key
    return memo.env  # type: ignore[return-value]


QUOTE_INDEX_CHANGES = 200
"""More changed articles than this since the last render: the quote index is made again."""


def update_quote_index(memo: RenderMemo, site: Site) -> dict[str, set[str]]:
    """Speaker -> articles quoting them: the memo's index updated where the articles changed
    (same slugs in the same order), or a new one. The memo holds it again once updated."""
    known, memo.quoting = memo.quoting, None  # in between, the memo has no index
    changed = None
    if known is not None and _same_order(known[0], site.articles):
        changed = [(known[0][i], site.articles[i]) for i in _other_objects(known[0], site.articles)]
    if known is None or changed is None or len(changed) > QUOTE_INDEX_CHANGES:
        index = quote_index(site.articles)
    else:
        index = known[1]
        for old, new in changed:
            add_quotes(index, old, -1)
            add_quotes(index, new)
    memo.quoting = (site.articles, index)
    return index


def readers_of(memo: RenderMemo, changed: set[ReadKey]) -> set[JobKey]:
    """The jobs that read one of the `changed` keys last time they ran."""
    readers = memo.readers
    return set().union(*(readers[key] for key in changed if key in readers))


def chosen_jobs(memo: RenderMemo, keys: list[JobKey], changed: set[JobKey], same: bool
                ) -> list[JobKey]:
    """The jobs named in `changed`, and those the memo has not seen, in output order."""
    if same and len(memo.order) == len(keys):  # every job is known: no need to scan them all
        return sorted((key for key in changed if key in memo.order), key=memo.order.__getitem__)
    return [key for key in keys if key in changed or key not in memo.paths]


def remember(memo: RenderMemo, site: Site, keys: list[JobKey], made: Mapping[JobKey, list[Made]],
             reads: Mapping[JobKey, frozenset[ReadKey]], *, full: bool, sources: str,
             shared_key: str, nav: tuple[NavSection, ...], links: EntityLinks,
             firsts: FirstsCache) -> None:
    """Record a finished render of the jobs `keys`: `made` and `reads` hold all of them
    (`full`) or those that ran."""
    if full:
        memo.fingerprints, memo.paths, memo.reads, memo.readers = {}, {}, {}, {}
    elif keys is not memo.keys:
        for key in memo.paths.keys() - set(keys):
            _drop(memo, key)
    for key, pages in made.items():
        paths = tuple(path for path, _, _ in pages)
        if memo.paths.get(key) != paths:  # the same: each page keeps its place in fingerprints
            _drop(memo, key)
            memo.paths[key] = paths
        memo.fingerprints.update((str(path), fingerprint) for path, fingerprint, _ in pages)
    for key, seen in reads.items():
        _read(memo, key, seen)
    memo.site, memo.sources, memo.shared_key, memo.nav = site, sources, shared_key, nav
    if keys is not memo.keys or len(memo.order) != len(keys):
        memo.order = {key: index for index, key in enumerate(keys)}
    memo.keys, memo.links = keys, links
    memo.firsts.update(firsts)
    if len(memo.firsts) > len(site.articles):
        memo.firsts = {a.slug: memo.firsts[a.slug] for a in site.articles if a.slug in memo.firsts}


def _read(memo: RenderMemo, job: JobKey, seen: frozenset[ReadKey]) -> None:
    """Note that `job` read `seen` (and no longer what it read before)."""
    before = memo.reads.get(job, frozenset())
    readers = memo.readers
    for key in before - seen:
        readers[key].discard(job)
    for key in seen - before if before else seen:
        if key in readers:
            readers[key].add(job)
        else:
            readers[key] = {job}
    memo.reads[job] = seen


def _drop(memo: RenderMemo, key: JobKey) -> None:
    for path in memo.paths.pop(key, ()):
        memo.fingerprints.pop(str(path), None)
    _read(memo, key, frozenset())
    del memo.reads[key]


def same_jobs(old: Site, new: Site) -> bool:
    """Whether both Sites have the same pages in the same order (same articles and entities)."""
    if list(old.actors) != list(new.actors) or list(old.places) != list(new.places):
        return False
    return _same_order(old.articles, new.articles)


def job_keys(site: Site) -> list[JobKey]:
    """Every job of the site, in output order."""
    keys: list[JobKey] = [("home",)]
    keys += [("article", article.slug) for article in site.articles]
    keys += [(EntityKind.ACTOR.value, slug) for slug in site.actors]
    keys += [(EntityKind.PLACE.value, slug) for slug in site.places]
    keys.append(("lists",))
    return keys


def _same_order(old: tuple[Article, ...], new: tuple[Article, ...]) -> bool:
    """Same article slugs in the same order (only the articles that are not the same
    objects are looked at, found in C: this runs on every edit)."""
    return len(old) == len(new) and all(
        old[i].slug == new[i].slug for i in _other_objects(old, new))


def _other_objects(old: tuple[Article, ...], new: tuple[Article, ...]) -> list[int]:
    """Indexes where two article tuples of the same length hold different objects."""
    return list(compress(range(len(new)), map(is_not, old, new)))
