"""content/actors/*.md and content/places/*.md: read the user's, write the generated ones.

Generated files carry the curation stamp (curation.py): they are rewritten when the
enrichment changes them, removed when their entity is found nowhere any more, and never
touched once edited by hand. This module also writes `actors`, `places` and `quotes` into
the front matter of generated article files.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_builder.changes import file_stat, is_trusted
from site_builder.curation import (
    FileState,
    WriteOutcome,
    copied_from,
    get_file_state,
    remove_generated,
    write_generated,
)
from site_builder.enrich.curation_edits import read_edits
from site_builder.enrich.entity_merge import CuratedEntity
from site_builder.errors import ContentError, Diagnostic, Severity
from site_builder.frontmatter import (
    check_meta_size,
    dump_front_matter,
    read_text_file,
    split_front_matter,
)
from site_builder.model import (
    ACTOR_SUBKINDS,
    PLACE_SUBKINDS,
    Article,
    Entity,
    EntityKind,
    Geo,
    SiteConfig,
    SourceLocation,
)
from site_builder.slugs import is_slug, slugify

FOLDERS = {EntityKind.ACTOR: "actors", EntityKind.PLACE: "places"}
_SUBKINDS = {EntityKind.ACTOR: ACTOR_SUBKINDS, EntityKind.PLACE: PLACE_SUBKINDS}
ARTICLE_KEYS = ("actors", "places", "quotes")
MAX_NAMES = 2_000
"""Most aliases (or roles) one entity file may list: each is looked for in every article. Far
above what a generated file lists (a person of a 10,000-article archive gathered 335 roles):
only a hostile or runaway file reaches it."""
MAX_NAME_CHARS = 200
"""Longest name, alias or role."""
FileMemo = dict[str, tuple[tuple[int, int], CuratedEntity]]
"""Path -> ((mtime_ns, size), what the file held then): skips parsing unchanged files."""
WrittenMemo = dict[str, tuple[tuple[int, int], Entity]]
"""Path -> ((mtime_ns, size), Entity): generated files as written for that entity."""


@dataclass(frozen=True)
class EntityFilesReport:
    written: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    """One line per hand-edited file: what it kept and what was merged in memory."""
    articles_written: tuple[str, ...] = ()


# --- reading ------------------------------------------------------------------------------

def load_entity_files(cfg: SiteConfig, memo: FileMemo | None = None,
                      changed: Collection[str] | None = None
                      ) -> tuple[list[CuratedEntity], list[Diagnostic]]:
    """Every actor and place file, sorted; a broken one is a diagnostic and is skipped.

    With `memo`, a file whose (mtime, size) is the one it had when last read is not parsed
    again; the memo is left holding exactly the files read now. With `changed` (serve: the
    paths, as strings, of every file modified since the memo was made), a remembered file
    not among them is not even stat'ed."""
    curated: list[CuratedEntity] = []
    diagnostics: list[Diagnostic] = []
    fresh: FileMemo = {}
    for kind, folder in FOLDERS.items():
        directory = cfg.path("content_dir") / folder
        for entry in sorted(os.scandir(directory), key=lambda e: e.name) if directory.is_dir() else ():
            if not entry.name.endswith(".md"):
                continue
            try:
                item = _load_remembered(entry.path, kind, cfg, memo, fresh, changed)
            except ContentError as exc:
                diagnostics.append(exc.as_diagnostic())
                continue
            if item.copied_from and (directory.parent / item.copied_from).is_file():
                diagnostics.append(_untouched_copy(item))
            else:
                curated.append(item)
    if memo is not None:
        memo.clear()
        memo.update(fresh)
    return curated, diagnostics


def _load_remembered(path: str, kind: EntityKind, cfg: SiteConfig, memo: FileMemo | None,
                     fresh: FileMemo, changed: Collection[str] | None) -> CuratedEntity:
    if memo is None:
        return load_entity_file(Path(path), kind, _shown(Path(path), cfg), site_root=cfg.root)
    known = memo.get(path)
    stat = known[0] if known is not None and changed is not None and path not in changed \
        else _stat(path)
    if known is not None and known[0] == stat and known[1].entity.kind is kind:
        fresh[path] = known
        return known[1]
    item = load_entity_file(Path(path), kind, _shown(Path(path), cfg), site_root=cfg.root)
    if stat is not None:
        fresh[path] = (stat, item)
    return item


def _untouched_copy(item: CuratedEntity) -> Diagnostic:
    """A copy made to start a new entity, not edited yet: it stands for nothing until it is."""
    return Diagnostic(item.entity.source, f"an untouched copy of {item.copied_from}, left out "
                      "until it is edited; change its `name:` (or remove it)", Severity.WARNING)


def _stat(path: Path | str) -> tuple[int, int] | None:
    """(mtime_ns, size), or None when absent or too fresh to be trusted (changes.py)."""
    stat = file_stat(path)
    return stat[:2] if is_trusted(stat) else None


def load_entity_file(path: Path, kind: EntityKind, shown: str, *,
                     site_root: Path | None = None) -> CuratedEntity:
    """One entity file, with the limits an article has (frontmatter: size, UTF-8, YAML
    values counted with every alias reuse, nesting) and a cap on its names; a link to a
    file outside `site_root` is refused."""
    source = SourceLocation(shown)
    if slugify(path.stem) != path.stem:
        raise ContentError(source, "the file name is not a slug (lowercase ASCII, "
                                   f"digits, hyphens); rename it {slugify(path.stem)}.md")
    if site_root is not None and not path.resolve().is_relative_to(site_root.resolve()):
        raise ContentError(source, "is a link to a file outside the site; copy the file "
                                   "into the site instead")
    meta, body = split_front_matter(read_text_file(path, source), shown)
    check_meta_size(meta, SourceLocation(shown, 2))
    entity = build_entity(meta, body, kind, slug=path.stem, source=source)
    hand_edited = get_file_state(path) is not FileState.GENERATED
    return CuratedEntity(entity, frozenset(meta), hand_edited, read_edits(meta, entity.source),
                         copied_from(path) if hand_edited else "")


def build_entity(meta: dict[str, Any], body: str, kind: EntityKind, *, slug: str,
                 source: SourceLocation) -> Entity:
    """Pure: an entity file's front matter and body -> Entity (errors name the key)."""
    name = meta.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ContentError(source, "front matter needs a 'name' (text); add `name: ...`")
    if len(name) > MAX_NAME_CHARS:
        raise ContentError(source, f"'name' is longer than {MAX_NAME_CHARS} characters; "
                                   "shorten it")
    subkind = meta.get("kind", _SUBKINDS[kind][-1])
    if subkind not in _SUBKINDS[kind]:
        raise ContentError(source, f"'kind' must be one of {', '.join(_SUBKINDS[kind])}, "
                                   f"got {subkind!r}; fix the value")
    return Entity(
        kind=kind, slug=slug, name=name.strip(), subkind=subkind,
        aliases=_strings(meta, "aliases", source), roles=_strings(meta, "roles", source),
        geo=_geo(meta, source) if kind is EntityKind.PLACE else None,
        hidden=_bool(meta, "hidden", source), body_md=body.strip("\n"), source=source,
    )


def _strings(meta: dict[str, Any], key: str, source: SourceLocation) -> tuple[str, ...]:
    value = meta.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise ContentError(source, f"{key!r} must be a list of names, e.g. `{key}: [A, B]`")
    if len(value) > MAX_NAMES:
        raise ContentError(source, f"{key!r} lists {len(value)} names, more than {MAX_NAMES}; "
                                   "keep those the articles use")
    names = tuple(str(v).strip() for v in value if str(v).strip())
    if any(len(name) > MAX_NAME_CHARS for name in names):
        raise ContentError(source, f"{key!r} holds a name longer than {MAX_NAME_CHARS} "
                                   "characters; shorten it")
    return names


def _bool(meta: dict[str, Any], key: str, source: SourceLocation) -> bool:
    value = meta.get(key, False)
    if not isinstance(value, bool):
        raise ContentError(source, f"{key!r} must be true or false, got {value!r}")
    return value


def _geo(meta: dict[str, Any], source: SourceLocation) -> Geo | None:
    latitude, longitude = meta.get("latitude"), meta.get("longitude")
    if latitude is None or longitude is None:
        return None
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (latitude, longitude)):
        raise ContentError(source, "'latitude' and 'longitude' must be numbers (degrees)")
    geonames_id = meta.get("geonames_id")
    return Geo(float(latitude), float(longitude), str(meta.get("country_code") or ""),
               geonames_id if isinstance(geonames_id, int) else None)


# --- writing entity files -----------------------------------------------------------------

def render_entity_file(entity: Entity) -> str:
    """The generated text of an entity file (unstamped), keys in a fixed order."""
    meta: dict[str, Any] = {"name": entity.name, "kind": entity.subkind,
                            "aliases": list(entity.aliases)}
    if entity.kind is EntityKind.ACTOR:
        meta |= {"roles": list(entity.roles)}
    else:
        geo = entity.geo
        meta |= {"country_code": geo.country_code if geo else "",
                 "geonames_id": geo.geonames_id if geo else None,
                 "latitude": geo.latitude if geo else None,
                 "longitude": geo.longitude if geo else None}
    meta["hidden"] = False
    return dump_front_matter(meta, "")


def write_entity_files(cfg: SiteConfig, actors: dict[str, Entity], places: dict[str, Entity],
                       curated: Sequence[CuratedEntity], memo: WrittenMemo | None = None,
                       changed: Collection[str] | None = None, *,
                       curations: Mapping[str, str] | None = None) -> EntityFilesReport:
    """Write one file per entity (unless hand-edited), remove stale generated ones.

    `curations` (entity_merge.Tables.curations): one line per hand-edited file, reported as
    `kept` instead of the lines made here.
    With `memo`, a file that still has the (mtime, size) it had when written for the same
    entity is not rendered nor read again; the memo is left holding the files written now.
    `changed` as for load_entity_files: a remembered file not among them is not stat'ed."""
    outcomes: dict[WriteOutcome, list[str]] = {outcome: [] for outcome in WriteOutcome}
    by_key = {(c.entity.kind is EntityKind.PLACE, c.entity.slug): c for c in curated}
    kept: list[str] = []
    fresh: WrittenMemo = {}
    for kind, table in ((EntityKind.ACTOR, actors), (EntityKind.PLACE, places)):
        folder = cfg.path("content_dir") / FOLDERS[kind]
        shown = _shown(folder, cfg)
        for slug, entity in sorted(table.items()):
            if not is_slug(slug):  # never a path out of the folder, whatever fed the table
                raise ContentError(SourceLocation(shown), f"entity slug {str(slug)[:60]!r} is not a "
                                   "slug; remove cache_dir and build again")
            outcome = _write_entity(f"{folder}/{slug}.md", entity, memo, fresh, changed)
            outcomes[outcome].append(f"{shown}/{slug}.md")
            if outcome is WriteOutcome.KEPT and (kind is EntityKind.PLACE, slug) in by_key:
                kept.append(describe_kept(by_key[(kind is EntityKind.PLACE, slug)], entity))
    kept += [f"{c.entity.source}: masqué (hidden: true), pas de page" for c in curated
             if c.is_hand_edited and c.entity.hidden]
    if curations is not None:
        kept = list(curations.values())
    removed = _remove_stale(cfg, actors, places, curated)
    if memo is not None:
        memo.clear()
        memo.update(fresh)
    return EntityFilesReport(
        written=tuple(outcomes[WriteOutcome.WRITTEN]),
        unchanged=tuple(outcomes[WriteOutcome.UNCHANGED]),
        removed=removed, kept=tuple(sorted(kept)),
    )


def _write_entity(path: str, entity: Entity, memo: WrittenMemo | None,
                  fresh: WrittenMemo, changed: Collection[str] | None = None) -> WriteOutcome:
    if memo is None:
        return write_generated(Path(path), render_entity_file(entity))
    known = memo.get(path)
    if known is not None and (known[1] is entity or known[1] == entity) and (
            (changed is not None and path not in changed) or known[0] == _stat(path)):
        fresh[path] = known
        return WriteOutcome.UNCHANGED
    outcome = write_generated(Path(path), render_entity_file(entity))
    stat = _stat(path)
    if outcome is not WriteOutcome.KEPT and stat is not None:
        fresh[path] = (stat, entity)
    return outcome


def describe_kept(item: CuratedEntity, final: Entity) -> str:
    """`content/actors/x.md: conservé (modifié à la main); ajouté en mémoire : alias A, B`."""
    own = item.entity
    added = [(label, [v for v in new if v not in old]) for label, new, old in (
        ("alias", final.aliases, own.aliases), ("rôles", final.roles, own.roles))]
    merged = "; ".join(f"{label} {', '.join(values)}" for label, values in added if values)
    suffix = f"; ajouté en mémoire : {merged}" if merged else ""
    return f"{own.source}: conservé (modifié à la main){suffix}"


def _remove_stale(cfg: SiteConfig, actors: dict[str, Entity], places: dict[str, Entity],
                  curated: Sequence[CuratedEntity]) -> tuple[str, ...]:
    removed = []
    for item in curated:
        kind, slug = item.entity.kind, item.entity.slug
        if slug in (places if kind is EntityKind.PLACE else actors):
            continue
        path = _entity_path(cfg, kind, slug)
        if remove_generated(path):  # a copy of a generated file under another name: kept
            removed.append(_shown(path, cfg))
    return tuple(sorted(removed))


def _entity_path(cfg: SiteConfig, kind: EntityKind, slug: str) -> Path:
    return cfg.path("content_dir") / FOLDERS[kind] / f"{slug}.md"


def _shown(path: Path, cfg: SiteConfig) -> str:
    try:
        return path.relative_to(cfg.root).as_posix()
    except ValueError:
        return path.as_posix()


# --- actors, places and quotes in the article files ---------------------------------------

def write_article_entities(cfg: SiteConfig, originals: Sequence[Article],
                           enriched: Sequence[Article],
                           checked: dict[str, tuple[Article, Article]] | None = None
                           ) -> tuple[str, ...]:
    """Record each article's entities in its (generated) content file; return those written.

    `checked` (serve) holds the (loaded, enriched) pair of each article last time: the same
    two objects again were already looked at."""
    written, fresh = [], {}
    for before, after in zip(originals, enriched, strict=True):
        fresh[after.source.path] = (before, after)
        known = checked.get(after.source.path) if checked is not None else None
        if known is not None and known[0] is before and known[1] is after:
            continue
        if _article_values(before) == _article_values(after):
            continue
        path = cfg.root / after.source.path
        if get_file_state(path) is not FileState.GENERATED:
            continue
        text = path.read_text(encoding="utf-8")
        meta, body = split_front_matter(text, after.source.path)
        meta.update(zip(ARTICLE_KEYS, _article_values(after), strict=True))
        if write_generated(path, dump_front_matter(meta, body)) is WriteOutcome.WRITTEN:
            written.append(after.source.path)
            del fresh[after.source.path]  # the file now differs from `before`: look again
    if checked is not None:
        checked.clear()
        checked.update(fresh)
    return tuple(written)


def _article_values(article: Article) -> tuple[list, list, list]:
    quotes = [{"text": q.text, "speaker": q.speaker} for q in article.quotes]
    return list(article.actors), list(article.places), quotes
