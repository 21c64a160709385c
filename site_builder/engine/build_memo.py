"""BuildMemo: what one build keeps for the next, so that a rebuild costs what changed.

It holds parsed article and entity files (by path, valid while the file keeps its
modification time and size), the entity files this build wrote (same rule), the seeds'
digests, and the extraction results by enrichment cache key. `serve` keeps one in memory;
the CLI reads it from `<cache_dir>/memo.marshal` and writes it back after a build.

The file holds plain values only (marshal: tuples, strings, numbers), never pickles, so
a hostile site shipping its own `.site-builder/` cannot run code through it; and it
records the identity (device, inode) of the cache folder it was written in, so a memo
that came with a copy of the site (git clone, an archive, cp -r) is never used: its
articles and entities would skip every check front matter goes through. A file that is
missing, corrupt, not a regular file, from another version, another config or another
folder is ignored: the build then reads everything, as a first build does.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import marshal
import os
from dataclasses import dataclass, field
from typing import Any

from site_builder.cache_files import folder_identity, read_cache_bytes, write_cache_bytes
from site_builder.changes import Snapshot
from site_builder.enrich.curation_edits import CurationEdits
from site_builder.enrich.entity_merge import CuratedEntity, MergeState
from site_builder.index.indexes import IndexState
from site_builder.model import (
    Article,
    ArticleEntities,
    Entity,
    EntityKind,
    Geo,
    Mention,
    Quote,
    SiteConfig,
    SourceLocation,
)

MEMO_FILE = "memo.marshal"
MEMO_VERSION = 5
"""Bump when the encoded shapes below change: older files are then ignored."""
MAX_MEMO_BYTES = 1 << 32
CHUNK_ITEMS = 500
"""Entries per separately marshalled chunk of the file."""
_KINDS = {kind.value: kind for kind in EntityKind}
_PLAIN = (str, int, float, bool, type(None))
_LOG = logging.getLogger(__name__)

Stat = tuple[int, int]
"""(st_mtime_ns, st_size) of a file when it was read or written."""


@dataclass
class BuildMemo:
    """What a build learnt about the site's files; every part may be empty."""

    articles: dict = field(default_factory=dict)
    """content.ArticleMemo: path -> ((mtime_ns, size, config), Article)."""
    entity_files: dict[str, tuple[Stat, CuratedEntity]] = field(default_factory=dict)
    written_entities: dict[str, tuple[Stat, Entity]] = field(default_factory=dict)
    """Generated entity files as the last build left them, and the entity they render."""
    seeds: dict[str, tuple[Stat, Any]] = field(default_factory=dict)
    """ingest: a seed's SHA-256, or a content file's ContentEntry fields, by path."""
    extractions: dict[str, ArticleEntities] = field(default_factory=dict)
    """Enrichment cache key -> result, for the articles of the last build."""
    output: dict[str, int] = field(default_factory=dict, compare=False)
    """What the last in-place update left in output/ (path -> size); serve only, not saved."""
    assembled: dict = field(default_factory=dict, compare=False)
    """enrich: the last enriched articles and entities, reused when unchanged; not saved."""
    merge: MergeState = field(default_factory=MergeState, compare=False)
    """enrich: the entity tables, updated where changed articles touch them; not saved."""
    index: IndexState = field(default_factory=IndexState, compare=False)
    """index: the site-wide tables as the sum of the articles' contributions; not saved."""
    snapshot: Snapshot = field(default_factory=dict, compare=False)
    """The inputs as the last build that reached its end left them (serve only; the CLI
    keeps its snapshot in its own file, changes.py)."""
    checked_articles: dict = field(default_factory=dict, compare=False)
    """enrich: each article's (loaded, enriched) pair whose file was last checked; not saved."""

    def copy(self) -> BuildMemo:
        """A copy of each table (same values): compare it after a build to see a change."""
        return BuildMemo(dict(self.articles), dict(self.entity_files),
                         dict(self.written_entities), dict(self.seeds), dict(self.extractions),
                         dict(self.output), dict(self.assembled), self.merge, self.index,
                         self.snapshot, self.checked_articles)


# --- the file ------------------------------------------------------------------------------

def load_memo(cfg: SiteConfig) -> BuildMemo:
    """The memo the last build of this site saved, or an empty one."""
    path = cfg.path("cache_dir") / MEMO_FILE
    enabled = gc.isenabled()
    gc.disable()  # a million new objects, no cycles: the collector's passes would double the time
    try:
        data = read_cache_bytes(path, MAX_MEMO_BYTES)
        return BuildMemo() if data is None else _decode(marshal.loads(data), cfg)
    except (OSError, EOFError, ValueError, TypeError, KeyError, IndexError, AttributeError,
            OverflowError, RecursionError) as exc:
        _LOG.warning("%s: unreadable build memo (%s); reading every file again", path, exc)
        return BuildMemo()
    finally:
        if enabled:
            gc.enable()


def save_memo(cfg: SiteConfig, memo: BuildMemo) -> None:
    """Write the memo atomically (temp file + rename)."""
    path = cfg.path("cache_dir") / MEMO_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    write_cache_bytes(path, path.with_name(f".{path.name}.tmp{os.getpid()}"), _encode(memo, cfg))


def _config_key(cfg: SiteConfig) -> str:
    return repr(cfg)


def _encode(memo: BuildMemo, cfg: SiteConfig) -> bytes:
    """(version, config, chunks): each chunk is marshalled apart, so that reading the memo
    never holds more than one chunk's intermediate tuples beside the decoded objects."""
    chunks = []
    for name, items in _encoded_sections(memo, cfg):
        for start in range(0, len(items), CHUNK_ITEMS):
            chunks.append(marshal.dumps((name, tuple(items[start:start + CHUNK_ITEMS]))))
    return marshal.dumps((MEMO_VERSION, _config_key(cfg), _folder_key(cfg), tuple(chunks)))


def _folder_key(cfg: SiteConfig) -> tuple[int, int] | None:
    return folder_identity(cfg.path("cache_dir"))


def _encoded_sections(memo: BuildMemo, cfg: SiteConfig) -> list[tuple[str, list]]:
    articles = [(path, sig[0], sig[1], encode_article(article))
                for path, (sig, article) in memo.articles.items()
                if sig[2] == cfg and is_plain(article.extra)]
    return [("articles", articles),
            ("entity_files", [(p, s, _encode_curated(c)) for p, (s, c) in memo.entity_files.items()]),
            ("written_entities", [(p, s, encode_entity(e))
                                  for p, (s, e) in memo.written_entities.items()]),
            ("seeds", [(p, s, v) for p, (s, v) in memo.seeds.items()]),
            ("extractions", [(k, encode_extraction(v)) for k, v in memo.extractions.items()])]


def _decode(data: tuple, cfg: SiteConfig) -> BuildMemo:
    memo = BuildMemo()
    if not isinstance(data, tuple) or not data or data[0] != MEMO_VERSION:
        return memo  # another version's file: ignored, replaced by this build's
    _version, key, folder, chunks = data
    if folder is None or tuple(folder) != _folder_key(cfg):
        _LOG.info("build memo written in another folder (a copy of the site?); not used")
        return memo
    is_same_config = key == _config_key(cfg)
    for chunk in chunks:
        name, items = marshal.loads(chunk)
        if name == "extractions" or is_same_config:  # parsed files depend on the config
            getattr(memo, name).update(_DECODERS[name](item, cfg) for item in items)
    return memo


def _decode_article_item(item: tuple, cfg: SiteConfig) -> tuple[str, Any]:
    path, mtime, size, article = item
    return path, ((mtime, size, cfg), decode_article(article))


_DECODERS = {
    "articles": _decode_article_item,
    "entity_files": lambda item, cfg: (item[0], (tuple(item[1]), _decode_curated(item[2]))),
    "written_entities": lambda item, cfg: (item[0], (tuple(item[1]), decode_entity(item[2]))),
    "seeds": lambda item, cfg: (item[0], (tuple(item[1]), item[2])),
    "extractions": lambda item, cfg: (item[0], decode_extraction(item[1])),
}


def is_plain(value: Any) -> bool:
    """Only strings, numbers, booleans, None, lists and dicts of them (what marshal keeps
    as they are); a YAML date in an unknown front-matter key is not."""
    if isinstance(value, _PLAIN):
        return True
    if isinstance(value, list):
        return all(is_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and is_plain(v) for k, v in value.items())
    return False


# --- dataclasses <-> tuples ----------------------------------------------------------------

def encode_article(a: Article) -> tuple:
    return (a.source.path, a.source.line, a.slug, a.title, a.date.toordinal(), a.body_md,
            a.date_inferred, a.language, a.summary, a.image_caption, a.photo_credit,
            a.reading_time, a.word_count, a.actors, a.places,
            tuple(_encode_quote(q) for q in a.quotes),
            tuple(_encode_mention(m) for m in a.mentions), a.extra, a.author, a.image)


def decode_article(t: tuple) -> Article:
    (path, line, slug, title, day, body, inferred, language, summary, caption, credit,
     reading, words, actors, places, quotes, mentions, extra, author, image) = t
    return Article(SourceLocation(path, line), slug, title, dt.date.fromordinal(day), body,
                   inferred, language, summary, caption, credit, reading, words, tuple(actors),
                   tuple(places), tuple(_decode_quote(q) for q in quotes),
                   tuple(_decode_mention(m) for m in mentions), dict(extra), author, image)


def encode_entity(e: Entity) -> tuple:
    geo = None if e.geo is None else (e.geo.latitude, e.geo.longitude, e.geo.country_code,
                                      e.geo.geonames_id)
    source = None if e.source is None else (e.source.path, e.source.line)
    return (e.kind.value, e.slug, e.name, e.subkind, e.aliases, e.roles, geo, e.hidden,
            e.body_md, source)


def decode_entity(t: tuple) -> Entity:
    kind, slug, name, subkind, aliases, roles, geo, hidden, body, source = t
    entity = _new(Entity)
    entity.__dict__.update(
        kind=_KINDS[kind], slug=slug, name=name, subkind=subkind, aliases=tuple(aliases),
        roles=tuple(roles), geo=None if geo is None else Geo(*geo), hidden=hidden,
        body_md=body, source=None if source is None else SourceLocation(*source))
    return entity


def encode_extraction(r: ArticleEntities) -> tuple:
    return (tuple(_encode_mention(m) for m in r.mentions),
            tuple(encode_entity(e) for e in r.entities),
            tuple(_encode_quote(q) for q in r.quotes))


def decode_extraction(t: tuple) -> ArticleEntities:
    mentions, entities, quotes = t
    return ArticleEntities(tuple(_decode_mention(m) for m in mentions),
                           tuple(decode_entity(e) for e in entities),
                           tuple(_decode_quote(q) for q in quotes))


def _encode_curated(c: CuratedEntity) -> tuple:
    edits = c.edits.aliases_add, c.edits.roles_add, c.edits.merge_into
    return encode_entity(c.entity), tuple(sorted(c.keys)), c.is_hand_edited, edits


def _decode_curated(t: tuple) -> CuratedEntity:
    entity, keys, hand_edited, (aliases_add, roles_add, merge_into) = t
    return CuratedEntity(decode_entity(entity), frozenset(keys), bool(hand_edited),
                         CurationEdits(tuple(aliases_add), tuple(roles_add), merge_into))


def _encode_mention(m: Mention) -> tuple:
    return m.start, m.end, m.text, m.label, m.slug, m.kind.value


_new = object.__new__
"""Mentions, entities and quotes are decoded by filling a new instance's __dict__: a frozen
dataclass's __init__ sets each field through object.__setattr__, which made it half of the
time of reading a 10,000-article memo (626,000 mentions). FIELDS lists what this fills."""
FIELDS = {Mention: ("start", "end", "text", "label", "slug", "kind"),
          Entity: ("kind", "slug", "name", "subkind", "aliases", "roles", "geo", "hidden",
                   "body_md", "source"),
          Quote: ("text", "speaker", "start", "end", "sentence_start", "sentence_end")}


def _decode_mention(t: tuple) -> Mention:
    mention = _new(Mention)
    fields = mention.__dict__
    fields["start"], fields["end"], fields["text"], fields["label"], fields["slug"], kind = t
    fields["kind"] = _KINDS[kind]
    return mention


def _encode_quote(q: Quote) -> tuple:
    return q.text, q.speaker, q.start, q.end, q.sentence_start, q.sentence_end


def _decode_quote(t: tuple) -> Quote:
    quote = _new(Quote)
    fields = quote.__dict__
    (fields["text"], fields["speaker"], fields["start"], fields["end"], fields["sentence_start"],
     fields["sentence_end"]) = t
    return quote
