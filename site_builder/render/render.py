"""make_env(cfg); render_site(site, env) -> list[OutputFile]. Pure: no disk I/O.

render_pages(site, env, previous=..., sources=...) renders only the pages whose fingerprint
(render_cache.fingerprint of their template and context) differs from `previous`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from functools import partial
from itertools import chain
from operator import attrgetter
from pathlib import PurePosixPath

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from site_builder.model import (
    Article,
    Entity,
    EntityKind,
    Mention,
    OutputFile,
    Site,
)
from site_builder.render.feeds import (
    ENTITY_FEED_LIMIT,
    entity_feed_key,
    entity_feed_path,
    render_entity_feed,
)
from site_builder.render.frdates import format_month, kind_label
from site_builder.render.listings import (
    HomePage,
    Layout,
    NavSection,
    articles_by_year,
    build_actors_index,
    build_home,
    build_map_page,
    build_nav,
    build_places_index,
    build_timeline,
    build_year_timeline,
    group_toc,
    place_country,
    timeline_url,
)
from site_builder.render.maps import locator_map_svg, world_map_svg
from site_builder.render.open_data import build_data_page
from site_builder.render.pages import (
    EntityPage,
    Link,
    MentionView,
    MentionViews,
    PlaceGrid,
    TocEntry,
    add_place_details,
    article_url,
    build_article_page,
    build_entity_page,
    build_place_grid,
    entity_page_url,
    entity_urls,
    first_mentions,
    paginate,
)
from site_builder.render.render_cache import SHARED, PageRecord, fingerprint
from site_builder.render.render_env import THEME_DIR as THEME_DIR
from site_builder.render.render_env import csp_hash as csp_hash
from site_builder.render.render_env import make_env as make_env
from site_builder.render.render_env import render_template
from site_builder.render.render_markdown import (
    EntityLinks,
    make_block_parser,
    make_entity_links,
    make_markdown,
    render_markdown,
)
from site_builder.render.render_memo import (
    FirstsCache,
    JobKey,
    Made,
    RenderMemo,
    chosen_jobs,
    job_keys,
    readers_of,
    remember,
    same_jobs,
    update_quote_index,
)
from site_builder.render.render_memo import memo_env as memo_env
from site_builder.render.render_parallel import (
    MIN_PAGES,
    SERVE_PROCESSES,
    iter_jobs,
    process_count,
    run_jobs,
)
from site_builder.render.render_reads import ReadKey, Reads, SiteReads, changed_reads, read_digests
from site_builder.render.seo import PageMeta, article_meta, entity_meta, page_meta, render_head_meta
from site_builder.slugs import slugify

_MENTION_FIELDS = attrgetter(*(f.name for f in fields(Mention)))
_SLUG = attrgetter("slug")
_LINK_TARGET = re.compile(r"(?m)\]\(\s*<?([^)>\s]+)|^ {0,3}\[[^\]]+\]:\s*<?([^>\s]+)")
"""Targets of inline links and of link reference definitions in Markdown."""


def render_site(site: Site, env: jinja2.Environment) -> list[OutputFile]:
    """Every page of the site, in a fixed order."""
    return render_pages(site, env).files


@dataclass(frozen=True)
class RenderedPages:
    files: Iterable[OutputFile]
    """The pages rendered this time, in a fixed order: a list, or (stream_pages) an iterable
    rendering them as it is read, whose len() is the number read."""
    kept: tuple[PurePosixPath, ...]
    """Pages not rendered: their fingerprint equals `previous` (output/ already holds them)."""
    fingerprints: dict[str, str]
    """Output path -> fingerprint of every page of the site."""
    shared_key: str = ""
    """The part of every fingerprint that every page shares (templates, code, navigation)."""
    record: Callable[[], PageRecord] | None = None
    """(stream_pages) What the pages read, complete once `files` is read (render_cache)."""
    examined: int | None = None
    """(stream_pages) Jobs looked at (fingerprinted or rendered); the others read no change."""


def render_pages(site: Site, env: jinja2.Environment, *, previous: Mapping[str, str] | None = None,
                 sources: str = "", processes: int | None = None,
                 memo: RenderMemo | None = None) -> RenderedPages:
    """Every page whose fingerprint is not in `previous`; `sources` digests templates and code.

    `processes` (default: the site's `render_processes`, and SERVE_PROCESSES with a `memo`)
    forked workers share the pages; the result is the same whatever their number. With a
    `memo` of the previous render (serve), only the jobs that read what changed between the
    two Sites are looked at (render_memo)."""
    if memo is None:
        stream = stream_pages(site, env, previous=previous, sources=sources, processes=processes)
        return RenderedPages(list(stream.files), stream.kept, stream.fingerprints, stream.shared_key)
    changed = changed_reads(memo.site, site) if memo.site and memo.sources == sources else None
    same = changed is not None and same_jobs(memo.site, site)
    nav = memo.nav if changed is not None and memo.nav_reads.isdisjoint(changed) else None
    nav_reads: set[ReadKey] = set()
    run = _start(site, env, memo.fingerprints if changed is not None else previous or {}, sources,
                 nav=nav or build_nav(SiteReads(site, nav_reads)), links=memo.links if same else None,
                 firsts=memo.firsts, views=memo.views if changed is not None else None,
                 parsers=memo.parsers, grid=memo.grid)
    run = replace(run, quoting=update_quote_index(memo, site), record=True,
                  reprs=None if run.views is None else memo.reprs)
    if changed is not None and run.shared_key != memo.shared_key:
        changed, run = None, replace(run, views=None, reprs=None)  # a full render: none kept
    keys = memo.keys if same else job_keys(site)
    chosen = keys if changed is None else chosen_jobs(memo, keys, readers_of(memo, changed), same)
    configured = SERVE_PROCESSES if processes is None else processes
    results = run_jobs([_job(run, key) for key in chosen], process_count(configured, len(chosen)))
    made = {key: [(page.path, page.key, page.file) for page in pages]
            for key, (pages, _) in zip(chosen, results, strict=True)}  # in output order
    reads = {key: seen for key, (_, seen) in zip(chosen, results, strict=True)}
    if nav is None:
        memo.nav_reads = frozenset(nav_reads)
    remember(memo, run.site, keys, made, reads, full=changed is None, sources=sources,
             shared_key=run.shared_key, nav=run.layout.nav, links=run.links,
             firsts=run.firsts.computed())
    memo.views = {} if run.views is None else run.views  # a full render leaves none (memory)
    memo.reprs = {} if run.reprs is None else run.reprs
    memo.parsers, memo.grid = (run.md, run.blocks), (list(site.places.values()), run.grid)
    return _collect_memo(memo, keys, made)


def stream_pages(site: Site, env: jinja2.Environment, *, previous: Mapping[str, str] | None = None,
                 sources: str = "", processes: int | None = None,
                 known: PageRecord | None = None) -> RenderedPages:
    """render_pages, with `files` an iterable that renders the pages as it is read (once),
    so that they can be written one by one; `fingerprints` is complete once it is read.

    With `previous` (unless its SHARED entry shows that every fingerprint changed: templates,
    code or navigation), the pages of the jobs that may have changed are fingerprinted first,
    here (no page is rendered): `kept` is known before the first page is; the jobs with a
    changed page are then rendered, by forked workers only if there are MIN_PAGES of them or
    `processes` is given. With `known`, what the pages of `previous` read, a job that read no
    key whose value changed is kept without being looked at."""
    run, keys = replace(_start(site, env, previous or {}, sources), record=True), job_keys(site)
    digests, config = read_digests(site), fingerprint(site.config)
    kept: list[PurePosixPath] = []
    fingerprints: dict[str, str] = {}
    reads: dict[JobKey, frozenset[ReadKey] | tuple[ReadKey, ...]] = {}
    paths: dict[JobKey, tuple[str, ...]] = {}
    if previous and previous.get(SHARED, run.shared_key) != run.shared_key:
        previous = None  # every fingerprint differs: no page is kept, none need computing now
        run = replace(run, previous={})
    untouched: set[JobKey] = set()
    if previous:
        untouched = _untouched(known, keys, digests, previous, run.shared_key, config)
        for key in untouched:
            reads[key], paths[key] = known.reads[key], known.paths[key]  # type: ignore[union-attr]
            kept += map(PurePosixPath, paths[key])
            fingerprints.update((path, previous[path]) for path in paths[key])
        keys = _fingerprint_jobs(run, [key for key in keys if key not in untouched], kept,
                                 fingerprints, reads, paths)
    if processes is None:
        processes = process_count(site.config.render_processes, len(keys))
        processes = 1 if previous and len(keys) < MIN_PAGES else processes
    stream = _PageStream(run, keys, processes, fingerprints, reads, paths)

    def record() -> PageRecord:
        ordered = {key: paths[key] for key in job_keys(site)}
        return PageRecord(run.shared_key, config, ordered, {key: tuple(reads[key]) for key in ordered},
                          digests)

    files = list(stream) if previous and len(keys) < MIN_PAGES else stream
    examined = len(job_keys(site)) - len(untouched) if previous else len(keys)
    return RenderedPages(files, tuple(kept), fingerprints, run.shared_key, record, examined)


def _untouched(known: PageRecord | None, keys: list[JobKey], digests: Mapping[ReadKey, bytes],
               previous: Mapping[str, str], shared: str, config: str) -> set[JobKey]:
    """The jobs whose pages `known` says read nothing that changed, and whose pages output/
    still holds with their fingerprints."""
    if known is None or known.shared != shared or known.config != config:
        return set()
    before = known.digests
    changed = {key for key in set().union(*known.reads.values())
               if before.get(key) != digests.get(key)}
    return {key for key in keys if key in known.paths and changed.isdisjoint(known.reads[key])
            and all(path in previous for path in known.paths[key])}


def _fingerprint_jobs(run: _Run, keys: list[JobKey], kept: list[PurePosixPath],
                      fingerprints: dict[str, str], reads: dict, paths: dict) -> list[JobKey]:
    """The jobs with a page whose fingerprint is not in `run.previous`; the pages that are go
    to `kept` and `fingerprints`, what each job read to `reads` and its pages to `paths`."""
    dry = replace(run, dry=True)
    todo = []
    for key in keys:
        fresh = False
        pages, reads[key] = _job(dry, key)()
        paths[key] = tuple(str(page.path) for page in pages)
        for page in pages:
            if run.previous.get(str(page.path)) == page.key:
                kept.append(page.path)
                fingerprints[str(page.path)] = page.key
            else:
                fresh = True
        if fresh:
            todo.append(key)
    return todo


class _PageStream:
    """The pages of `keys` rendered while they are read; `len()` counts those read so far."""

    def __init__(self, run: _Run, keys: list[JobKey], processes: int,
                 fingerprints: dict[str, str], reads: dict, paths: dict) -> None:
        self._run, self._keys, self._processes = run, keys, processes
        self._fingerprints, self._count = fingerprints, 0
        self._reads, self._paths = reads, paths

    def __iter__(self) -> Iterator[OutputFile]:
        jobs = [_job(self._run, key) for key in self._keys]
        for key, (pages, seen) in zip(self._keys, iter_jobs(jobs, self._processes), strict=True):
            self._reads[key], self._paths[key] = seen, tuple(str(page.path) for page in pages)
            for page in pages:
                self._fingerprints[str(page.path)] = page.key
                if page.file is not None:
                    self._count += 1
                    yield page.file

    def __len__(self) -> int:
        return self._count


def _collect_memo(memo: RenderMemo, keys: list[JobKey], made: dict[JobKey, list[Made]]
                  ) -> RenderedPages:
    files = [file for pages in made.values() for _, _, file in pages if file is not None]
    parts: list[Iterable[PurePosixPath]] = list(map(memo.paths.__getitem__, keys))  # in C
    for key, pages in made.items():  # memo.order is the order of `keys` (see remember)
        parts[memo.order[key]] = [p for p, _, f in pages if f is None]
    kept = tuple(chain.from_iterable(parts))
    return RenderedPages(files, kept, memo.fingerprints, memo.shared_key)


@dataclass(frozen=True)
class _Done:
    """One page of a job: its path, its fingerprint, and its file unless it was kept."""

    path: PurePosixPath
    key: str
    file: OutputFile | None


@dataclass(frozen=True)
class _Run:
    """What every page of one render shares: parsers, lookups and the common layout."""

    site: Site
    env: jinja2.Environment
    md: MarkdownIt
    blocks: MarkdownIt
    urls: Mapping[tuple[EntityKind, str], str]
    links: EntityLinks
    articles: dict[str, Article]
    positions: dict[str, int]
    """Article slug -> its index in site.articles."""
    grid: PlaceGrid
    layout: Layout
    firsts: _FirstMentions
    url_set: frozenset[str]
    previous: Mapping[str, str]
    shared_key: str
    """Fingerprint of what every page shares: sources, navigation."""
    sources: str
    """Digest of the templates and code (what feeds share)."""
    nav_urls: frozenset[str]
    """Every URL the navigation links to (the pages where it shows `aria-current`)."""
    navs: dict[tuple[str, str], Markup] = field(default_factory=dict)
    """(section, URL if the navigation links to it) -> the navigation's HTML."""
    navs_around: dict[tuple[str, str], tuple[str, str, str]] = field(default_factory=dict)
    """The same, split at NAV_AROUND (before, the mark or nothing, after)."""
    views: MentionViews | None = None
    """Entity pages' article entries kept from earlier renders (serve; same configuration)."""
    quoting: Mapping[str, set[str]] | None = None
    """Speaker -> slugs of the articles quoting them (serve: kept up to date by the memo)."""
    reprs: dict[int, tuple[MentionView, str]] | None = None
    """id -> (entity page article entry, its fingerprint), for the entries `views` keeps."""
    config_key: str = ""
    """Fingerprint of the site's configuration (what page metadata reads of it)."""
    dry: bool = False
    """Fingerprint the pages only: render none."""
    record: bool = False
    """Each job returns (its pages, what it read from the Site) (render_reads)."""
    order: tuple[Article, ...] = ()
    """site.articles (a job's `site` is a SiteReads view when recording)."""
    reads: set[ReadKey] | None = None
    """Where the running job notes what it reads beside the Site's tables (when recording)."""


def _start(site: Site, env: jinja2.Environment, previous: Mapping[str, str], sources: str, *,
           nav: tuple[NavSection, ...] | None = None, links: EntityLinks | None = None,
           firsts: FirstsCache | None = None, views: MentionViews | None = None,
           parsers: tuple[MarkdownIt, MarkdownIt] | tuple[()] = (),
           grid: tuple[list[Entity], PlaceGrid] | None = None) -> _Run:
    """What every page shares; `nav` and `links` if known unchanged, `firsts`, `views`, the
    Markdown `parsers` (they keep no state between documents) and the `grid` of (places, their
    grid) from the previous render."""
    cfg = site.config
    layout = Layout(cfg.title, cfg.description, cfg.language, cfg.base_path, cfg.base_path,
                    cfg.title, "home", build_nav(site) if nav is None else nav,
                    open_data=cfg.open_data)
    links = links or make_entity_links(entity_urls(site))
    md, blocks = parsers or (make_markdown(), make_block_parser())
    slugs = list(map(_SLUG, site.articles))  # dicts made in C: this runs on every edit
    articles = dict(zip(slugs, site.articles, strict=True))
    return _Run(site, env, md, blocks, links.urls, links,
                articles, dict(zip(slugs, range(len(slugs)), strict=True)),
                _place_grid(site, grid), layout,
                _FirstMentions(articles, firsts or {}),
                links.url_set, previous,
                fingerprint(sources, layout), sources, _nav_urls(layout), views=views,
                config_key=fingerprint(cfg), order=site.articles)


def _place_grid(site: Site, known: tuple[list[Entity], PlaceGrid] | None) -> PlaceGrid:
    places = list(site.places.values())
    return known[1] if known is not None and known[0] == places else build_place_grid(places)


class _FirstMentions(dict):
    """Article slug -> its first mention of each entity, computed when first asked for (or
    taken from `cache`, the previous render's, when the article is the same object)."""

    def __init__(self, articles: Mapping[str, Article], cache: FirstsCache) -> None:
        super().__init__()
        self._articles, self._cache = articles, cache

    def __missing__(self, slug: str) -> dict[tuple[EntityKind, str], Mention]:
        article = self._articles[slug]
        cached = self._cache.get(slug)
        self[slug] = cached[1] if cached and cached[0] is article else first_mentions(article)
        return self[slug]

    def computed(self) -> FirstsCache:
        return {slug: (self._articles[slug], firsts) for slug, firsts in self.items()}


def _nav_urls(layout: Layout) -> frozenset[str]:
    return frozenset(url for section in layout.nav
                     for url in (section.url, *(item.url for item in section.items)))


def _job(run: _Run, key: JobKey) -> Callable[[], list[_Done]]:
    """The job making the pages of `key` (see render_memo.job_keys); when `run.record`, it
    returns them with what it read."""
    return partial(_recorded if run.record else _job_pages, run, key)


def _job_pages(run: _Run, key: JobKey) -> list[_Done]:
    if key[0] == "article":
        return _article_file(run, key[1])
    if key[0] == EntityKind.ACTOR.value:
        return _entity_file(run, run.site.actors[key[1]])
    if key[0] == EntityKind.PLACE.value:
        return _entity_file(run, run.site.places[key[1]])
    return _home_files(run) if key[0] == "home" else _list_files(run)


def _recorded(run: _Run, key: JobKey) -> tuple[list[_Done], frozenset[ReadKey]]:
    """The job's pages, made from views of the Site that note each read."""
    seen: set[ReadKey] = set()
    quoting = None if run.quoting is None else Reads(run.quoting, "quoting", seen, ("quoting",))
    view = replace(run, site=SiteReads(run.site, seen), quoting=quoting, reads=seen,
                   articles=Reads(run.articles, "article", seen, ("articles",)))
    return _job_pages(view, key), frozenset(seen)


def _note(run: _Run, *keys: ReadKey) -> None:
    """Record reads the Site's views do not see (derived tables: neighbours, place grid)."""
    if run.reads is not None:
        run.reads.update(keys)


def assert_no_stale(memo: RenderMemo, site: Site, env: jinja2.Environment) -> None:
    """Debug check (tests): every page fingerprinted again from scratch has the fingerprint the
    memo keeps for it, so no page the memo did not run again would have changed."""
    run = replace(_start(site, env, {}, memo.sources), dry=True)
    fresh = {str(page.path): page.key for key in job_keys(site) for page in _job(run, key)()}
    stale = sorted(path for path, key in fresh.items() if memo.fingerprints.get(path) != key)
    assert not stale and fresh.keys() == memo.fingerprints.keys(), f"stale pages: {stale[:10]}"


def _home_files(run: _Run) -> list[_Done]:
    site = run.site
    home_page = build_home(site)
    home = replace(run.layout, toc=_home_toc(home_page))
    meta = page_meta(site, "", site.config.title, site.config.description)
    return [_page(run, "home.html", home, home_page, "", meta=meta)]


def _article_file(run: _Run, slug: str) -> list[_Done]:
    site, layout, index = run.site, run.layout, run.positions[slug]
    article, base = run.articles[slug], site.config.base_path
    newer = run.order[index - 1] if index > 0 else None
    older = run.order[index + 1] if index + 1 < len(run.order) else None
    _note(run, ("neighbours", slug), *(("article", a.slug) for a in (newer, older) if a))
    body_key = _body_key(run, article)
    page = build_article_page(site, article, Markup(body_key))
    extra = [TocEntry(2, "citations", "Citations")] if page.quotes else []
    extra += [TocEntry(2, "acteurs-et-lieux", "Acteurs et lieux")] if page.actors or page.places else []
    layout = replace(
        layout, url=article_url(base, article.slug), page_title=article.title, section="articles",
        breadcrumbs=(Link("Articles", f"{base}timeline/"),
                     Link(_month_title(article), timeline_url(base, article.date))),
        toc=tuple(extra), previous=_article_link(site, older), next=_article_link(site, newer))

    def finish() -> tuple[object, Layout]:
        body = render_markdown(run.md, article.body_md, article=article, urls=run.links,
                               blocks=run.blocks)
        return replace(page, body=body.html), replace(layout, toc=(*body.toc, *extra))

    return [_page(run, "article.html", layout, page, f"articles/{article.slug}/",
                  str(article.source), meta=article_meta(site, article), finish=finish)]


def _body_key(run: _Run, article: Article) -> str:
    """What an article's HTML body is made from: its Markdown, mentions and their link targets,
    and which of its own links point to an entity page (they get the entity classes)."""
    targets = sorted({(m.kind.value, m.slug) for m in article.mentions})
    urls = tuple(run.urls.get((EntityKind(kind), slug), "") for kind, slug in targets)
    own = tuple((m.group(1) or m.group(2)) in run.url_set
                for m in _LINK_TARGET.finditer(article.body_md))
    _note(run, *targets, *((("actors",), ("places",)) if own else ()))  # URLs of which entities
    mentions = tuple(map(_MENTION_FIELDS, article.mentions))  # faster than dataclass repr
    return fingerprint(article.body_md, mentions, tuple(targets), urls, own)


def _entity_file(run: _Run, entity: Entity) -> list[_Done]:
    """An entity's pages (its articles `entity_page_size` per page) and its Atom feed."""
    site, layout = run.site, run.layout
    base, section = site.config.base_path, "actors" if entity.kind is EntityKind.ACTOR else "places"
    page = build_entity_page(site, entity, render_markdown(run.md, entity.body_md).html, run.articles,
                             run.firsts, run.views, run.quoting)
    if entity.kind is EntityKind.PLACE:
        _note(run, ("places",))  # nearby places: the grid of every place
        # The map is drawn only if the page is rendered; its inputs stand in for it meanwhile.
        svg = Markup(repr((entity.geo, entity.name))) if entity.geo else Markup("")
        page = add_place_details(site, page, entity, map_svg=svg, grid=run.grid)
        parent = Link(place_country(site, entity), f"{base}places/#{slugify(place_country(site, entity))}")
    else:
        parent = Link(page.kind_label, f"{base}actors/#{slugify(_plural_kind(entity))}")
    crumbs = (Link("Acteurs" if section == "actors" else "Lieux", f"{base}{section}/"), parent)
    layout = replace(layout, url=f"{base}{section}/{entity.slug}/", page_title=entity.name,
                     section=section, breadcrumbs=crumbs)
    location = str(entity.source) if entity.source else f"{section}/{entity.slug}"
    pages = paginate(page, entity, base, site.config.entity_page_size)
    first = _entity_page(run, entity, pages[0], layout, location)
    if len(pages) == 1:
        return [first, _entity_feed(run, entity)]
    # Pages 2 and on differ only by their articles and place: their fingerprints are taken
    # from that and from what they share, so that a big actor's 370 pages cost a digest
    # each on an edit of one of its articles, not a layout and metadata each.
    shared = fingerprint(run.shared_key, run.config_key, replace(layout, nav=()), entity.slug,
                         replace(pages[1], mentions=(), pagination=None))
    rest = [_entity_page(run, entity, one, layout, location, _later_page_key(run, shared, one))
            for one in pages[1:]]
    return [first, *rest, _entity_feed(run, entity)]


def _later_page_key(run: _Run, shared: str, page: EntityPage) -> str:
    paging = page.pagination
    assert paging is not None  # paginate sets it on every page of several
    return fingerprint(shared, paging.number, paging.start, paging.window,
                       _mentions_key(run, page.mentions))


def _entity_page(run: _Run, entity: Entity, page: EntityPage, layout: Layout,
                 location: str, key: str | None = None) -> _Done:
    """One page of an entity's articles: the first at the entity's URL, then `page/N/`.
    `key`, when given, is the page's fingerprint (_later_page_key)."""
    site, folder = run.site, layout.url.removeprefix(run.site.config.base_path)
    number = page.pagination.number if page.pagination else 1
    if number > 1:
        url = entity_page_url(site.config.base_path, entity.kind, entity.slug, number)
        path = PurePosixPath(url.removeprefix(site.config.base_path), "index.html")
        if key is not None and (run.dry or run.previous.get(str(path)) == key):
            return _Done(path, key, None)
        title = f"{entity.name} — page {number}"
        layout = replace(layout, url=url, page_title=title,
                         breadcrumbs=(*layout.breadcrumbs, Link(entity.name, layout.url)))
        folder = url.removeprefix(site.config.base_path)
        meta = page_meta(site, folder, title, f"Articles citant {entity.name}, page {number}.")
    else:
        meta = entity_meta(site, entity)
    layout = replace(layout, toc=_entity_toc(page))
    # The article entries' digests (kept with the entries in serve) stand in for them, and the
    # links shown for the links to all the entity's pages; a given `key` needs no stand-in.
    stand_in = page if key is not None else replace(
        page, mentions=_mentions_key(run, page.mentions),
        pagination=page.pagination and (page.pagination.number, page.pagination.start,
                                        page.pagination.window))

    def finish() -> tuple[object, Layout]:
        if not page.map_svg or entity.geo is None:
            return page, layout
        return replace(page, map_svg=locator_map_svg(entity.geo, label=entity.name)), layout

    return _page(run, f"{entity.kind.value}.html", layout, stand_in, folder, location,
                 meta=meta, finish=finish, key=key)


def _entity_feed(run: _Run, entity: Entity) -> _Done:
    """The entity's Atom feed, rendered only when what it shows changed."""
    site = run.site
    articles = [run.articles[slug] for slug in
                site.articles_by_entity.get((entity.kind, entity.slug), ())[:ENTITY_FEED_LIMIT]]
    path = entity_feed_path(entity.kind, entity.slug)
    key = fingerprint(run.sources, "feed", entity_feed_key(site, entity, articles))
    if run.dry or run.previous.get(str(path)) == key:
        return _Done(path, key, None)
    return _Done(path, key, render_entity_feed(site, entity, articles))


def _mentions_key(run: _Run, views: tuple[MentionView, ...]) -> str:
    """What an entity page's article entries contribute to its fingerprint: a digest of
    each one's repr. Short digests, not the reprs: a big actor's pages are fingerprinted
    again on each edit of one of its articles, and 20 reprs are about 20 kB a page."""
    if run.reprs is None:
        return " ".join(fingerprint(view) for view in views)
    found = []
    for view in views:
        known = run.reprs.get(id(view))
        if known is None or known[0] is not view:
            known = run.reprs[id(view)] = (view, fingerprint(view))
        found.append(known[1])
    return " ".join(found)


def _list_files(run: _Run) -> list[_Done]:
    return list(_list_pages(run))


def _list_pages(run: _Run) -> Iterator[_Done]:
    site, layout = run.site, run.layout
    base = site.config.base_path
    world = world_map_svg(site.places.values(), base)
    pages = (("actors", "actors.html", build_actors_index(site)),
             ("places", "places.html", build_places_index(site)),
             ("timeline", "timeline.html", build_timeline(site)),
             ("map", "map.html", build_map_page(site, world)))
    for section, template, page in pages:
        shown = (TocEntry(2, "lieux-affiches", "Lieux affichés"),) if page.places else ()
        here = replace(layout, url=f"{base}{section}/", page_title=page.title, section=section,
                       toc=shown + group_toc(page.groups))
        yield _page(run, template, here, page, f"{section}/",
                    meta=page_meta(site, f"{section}/", page.title, page.intro))
    yield from _year_files(run)
    if site.config.open_data:
        data = build_data_page(site)  # data/: the open-data files' page (open_data.py)
        here = replace(layout, url=f"{base}data/", page_title=data.title, section="data",
                       toc=group_toc(data.groups))  # type: ignore[arg-type]
        yield _page(run, "data.html", here, data, "data/",
                    meta=page_meta(site, "data/", data.title, data.intro))
    search = replace(layout, url=f"{base}search/", page_title="Recherche", section="search")
    yield _page(run, "search.html", search, None, "search/", meta=page_meta(site, "search/", "Recherche"))
    missing = replace(layout, url=f"{base}404.html", page_title="Page introuvable", section="404")
    yield _page(run, "404.html", missing, None, "404.html")


def _year_files(run: _Run) -> Iterator[_Done]:
    """timeline/<year>/: one page per year, linked to the years before and after it."""
    site, layout = run.site, run.layout
    base, years = site.config.base_path, list(articles_by_year(site).items())
    links = [Link(str(year), f"{base}timeline/{year}/") for year, _ in years]
    for index, (year, articles) in enumerate(years):
        page = build_year_timeline(site, year, articles)
        here = replace(
            layout, url=links[index].url, page_title=page.title, section="timeline",
            breadcrumbs=(Link("Chronologie", f"{base}timeline/"),), toc=group_toc(page.groups),
            previous=links[index + 1] if index + 1 < len(links) else None,
            next=links[index - 1] if index > 0 else None)
        yield _page(run, "timeline.html", here, page, f"timeline/{year}/",
                    meta=page_meta(site, f"timeline/{year}/", page.title, page.intro))


def _page(run: _Run, template: str, layout: Layout, page: object, folder: str, label: str = "",
          *, meta: PageMeta | None = None,
          finish: Callable[[], tuple[object, Layout]] | None = None, key: str | None = None) -> _Done:
    """Render one page, unless its fingerprint shows output/ already holds it.

    `folder` ends with `/` (its index.html) or is a file name; `finish()` returns the page and
    layout with their costly parts (the Markdown body) filled in, only if the page is rendered;
    `key`, when given, is the page's fingerprint, computed by the caller from fewer parts."""
    path = PurePosixPath(folder or ".", "index.html") if not folder or folder.endswith("/") \
        else PurePosixPath(folder)
    if key is None:
        key = fingerprint(run.shared_key, template, replace(layout, nav=()), meta, page)
    if run.dry or run.previous.get(str(path)) == key:
        return _Done(path, key, None)
    if finish is not None:
        page, layout = finish()
    head_meta = render_head_meta(meta) if meta is not None else layout.head_meta
    layout = replace(layout, head_meta=head_meta, nav_html=_nav_html(run, layout))
    html = render_template(run.env, template, layout, page, label or folder or "index.html")
    return _Done(path, key, OutputFile(path, html))


NAV_AROUND = "<!--nav-around-->"
"""Where _nav.html takes the article and its neighbours (_nav_around.html) on their page."""


def _nav_html(run: _Run, layout: Layout) -> Markup:
    """The navigation for this page: it only depends on the section and on whether the page
    is one the navigation links to, so it is rendered a handful of times per build; an
    article page it does not list gets the article and its neighbours at NAV_AROUND (those
    are in the page's layout, hence in its fingerprint)."""
    key = (layout.section, layout.url if layout.url in run.nav_urls else "")
    if key not in run.navs:
        html = render_template(run.env, "_nav.html", layout, None, "navigation").removesuffix("\n")
        run.navs[key] = Markup(html.replace(NAV_AROUND, ""))
        run.navs_around[key] = html.partition(NAV_AROUND)
    around = _around(run, layout)
    before, mark, after = run.navs_around[key]
    if not around or not mark:
        return run.navs[key]
    middle = render_template(run.env, "_nav_around.html", layout, around, "navigation")
    return Markup(before + middle.strip("\n") + after)


def _around(run: _Run, layout: Layout) -> tuple[Link, ...]:
    """An article page the navigation does not list: the newer article, it, the older one."""
    if layout.section != "articles" or layout.url in run.nav_urls:
        return ()
    here = Link(layout.page_title, layout.url)
    return tuple(link for link in (layout.next, here, layout.previous)
                 if link is not None and link.url not in run.nav_urls)


def _entity_toc(page: EntityPage) -> tuple[TocEntry, ...]:
    sections = [(bool(page.body), "notes", "Notes"),
                (bool(page.map_svg or page.coordinates), "carte", "Situation"),
                (bool(page.quotes), "citations", "Citations"),
                (bool(page.mentions), "articles", "Articles"),
                (bool(page.actors), "acteurs-associes", "Acteurs associés"),
                (bool(page.places), "lieux-associes", "Lieux associés"),
                (bool(page.nearby), "lieux-proches", "Lieux proches")]
    return tuple(TocEntry(2, anchor, title) for shown, anchor, title in sections if shown)


def _home_toc(page: HomePage) -> tuple[TocEntry, ...]:
    sections = [(True, "derniers-articles", "Derniers articles"),
                (bool(page.top_actors), "acteurs-les-plus-cites", "Acteurs les plus cités"),
                (bool(page.top_places), "lieux-les-plus-cites", "Lieux les plus cités")]
    return tuple(TocEntry(2, anchor, title) for shown, anchor, title in sections if shown)


def _article_link(site: Site, article: Article | None) -> Link | None:
    return Link(article.title, article_url(site.config.base_path, article.slug)) if article else None


def _month_title(article: Article) -> str:
    return format_month(article.date, article.language)


def _plural_kind(entity: Entity) -> str:
    return kind_label(entity.subkind, plural=True)
