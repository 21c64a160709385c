"""The enrichment cache: one JSON file per article text, keyed by everything that shapes it.

The key is the SHA-256 of the text, the model name and version, the extraction code and
the user's entities (hand-edited entity files) whose names occur in the text. The stop
list and `hidden:` are applied after extraction (entity_merge.py), so they are not in it. Entries are written atomically (temp file +
os.replace) under `<cache_dir>/enrich/<2 hex>/<key>.json`. An unreadable entry is a miss.

A cloned site may ship its cache: an entry is input, checked as strictly as front matter
(cache_files: a regular file of at most MAX_ENTRY_BYTES, every value of its type, every
slug a slug); anything else is a miss, recomputed, and never a crash nor a file written
outside the site.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import unicodedata
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from site_builder.cache_files import (
    check_extraction,
    make_real_folder,
    read_cache_bytes,
    write_cache_bytes,
)
from site_builder.errors import ConfigError
from site_builder.model import (
    ArticleEntities,
    Entity,
    EntityKind,
    Geo,
    Mention,
    Quote,
    SiteConfig,
    SourceLocation,
)

EXTRACTION_VERSION = "1"
"""Bump when the cached format changes: every entry becomes a miss."""
EXTRACTION_ENTRY_MODULES = ("extract", "nlp")
"""Extraction's entry points: their source, that of every site_builder module they import
(followed transitively) and the packaged data/*.txt lexicons are part of the key."""
EXTRACTION_PACKAGES = ("spacy", "babel")
"""Libraries whose version shapes extraction (data of the gazetteer, tokenizer)."""
_IMPORT = re.compile(r"^\s*(?:from\s+site_builder\.(\w+)\s+import|from\s+site_builder\s+import\s+(\w+)"
                     r"|import\s+site_builder\.(\w+))", re.MULTILINE)
CACHE_SUBDIR = "enrich"
MAX_ENTRY_BYTES = 64 * 1024 * 1024
"""Largest entry read (the result for a 1,000,000-character text is a few MB)."""
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_LOG = logging.getLogger(__name__)


def get_model_version(model_name: str) -> str:
    """The installed version of a spaCy pipeline, read without importing spaCy."""
    try:
        return metadata.version(model_name)
    except metadata.PackageNotFoundError:
        pass
    meta = Path(model_name) / "meta.json"
    try:
        return str(json.loads(meta.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError, TypeError):
        raise ConfigError(SourceLocation("site.yml"),
                          f"spaCy model {model_name!r} is not installed; "
                          f"run `pip install {model_name.replace('_', '-')}` "
                          f"or set `nlp_model:` to an installed one") from None


def build_settings_digest(model_name: str, model_version: str) -> str:
    """What shapes every article's extraction (model, its version, our code), as a digest."""
    parts = {
        "model": model_name,
        "model_version": model_version,
        "extraction": [EXTRACTION_VERSION, get_code_digest()],
    }
    return _sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False))


def get_code_digest() -> str:
    """SHA-256 over extraction's source files, lexicons and library versions.

    Files are read, not imported, so a fully cached build never imports spaCy."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in [*_extraction_sources(package), *sorted((package / "data").glob("*.txt")),
                 *sorted((package / "data").glob("places-*"))]:
        digest.update(path.name.encode() + b"\x00" + path.read_bytes())
    for name in EXTRACTION_PACKAGES:
        digest.update(f"{name}={_package_version(name)}".encode())
    return digest.hexdigest()


def _extraction_sources(package: Path) -> list[Path]:
    """The entry modules and, transitively, the site_builder modules they import."""
    seen: set[str] = set()
    pending = list(EXTRACTION_ENTRY_MODULES)
    while pending:
        name = pending.pop()
        path = package / f"{name}.py"
        if name in seen or not path.is_file():
            continue
        seen.add(name)
        pending += [next(g for g in groups if g) for groups in
                    _IMPORT.findall(path.read_text(encoding="utf-8"))]
    return [package / f"{name}.py" for name in sorted(seen)]


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def build_cache_key(text: str, settings_digest: str, user_entities: Sequence[Entity] = ()) -> str:
    """The entry of one article text: settings, text, and the user entities it may contain.

    Only the user entities whose name or an alias occurs in the text take part, so editing
    one actor's aliases re-extracts the articles that name it, not the whole corpus."""
    relevant = sorted(_entity_key(e) for e in relevant_user_entities(text, user_entities))
    return _sha256("\x00".join([settings_digest, _sha256(text), *relevant]))


def relevant_user_entities(text: str, user_entities: Sequence[Entity]) -> list[Entity]:
    """User entities one of whose names occurs in `text`, ignoring case, accents, spacing and
    punctuation (a superset of what extraction can match, which folds the same way)."""
    if not user_entities:
        return []
    squashed = _squash(text)
    return [entity for entity in user_entities
            if any(name and name in squashed for name in map(_squash, (entity.name, *entity.aliases)))]


def _squash(text: str) -> str:
    """Lowercase ASCII letters and digits only: `L’État-Major` -> `letatmajor`."""
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub("", folded)


def _entity_key(entity: Entity) -> str:
    return json.dumps([entity.kind.value, entity.slug, entity.name, entity.subkind,
                       list(entity.aliases)], ensure_ascii=False)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_path(cache_root: Path, key: str) -> Path:
    return cache_root / key[:2] / f"{key}.json"


def get_cache_root(cfg: SiteConfig) -> Path:
    return cfg.path("cache_dir") / CACHE_SUBDIR


def read_entry(cache_root: Path, key: str) -> ArticleEntities | None:
    """The cached result, or None when absent, unreadable or malformed (a miss)."""
    path = entry_path(cache_root, key)
    data = read_cache_bytes(path, MAX_ENTRY_BYTES)
    if data is None:
        return None
    try:
        return entities_from_json(json.loads(data.decode("utf-8")))
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError, RecursionError) as exc:
        _LOG.warning("%s: unreadable cache entry (%s); recomputing it", path, exc)
        return None


def write_entry(cache_root: Path, key: str, result: ArticleEntities) -> None:
    path = entry_path(cache_root, key)
    make_real_folder(cache_root)  # a link planted in a shipped cache is not followed out
    make_real_folder(path.parent)
    tmp = cache_root / f".{path.name}.tmp{os.getpid()}"  # where every build sweeps leftovers
    write_cache_bytes(path, tmp, json.dumps(entities_to_json(result), ensure_ascii=False,
                                            sort_keys=True).encode("utf-8"))


# --- JSON form of ArticleEntities -------------------------------------------------------

def entities_to_json(result: ArticleEntities) -> dict[str, Any]:
    return {
        "mentions": [[m.start, m.end, m.text, m.label, m.slug, m.kind.value]
                     for m in result.mentions],
        "entities": [_entity_to_json(entity) for entity in result.entities],
        "quotes": [[q.text, q.speaker, q.start, q.end, q.sentence_start, q.sentence_end]
                   for q in result.quotes],
    }


def entities_from_json(data: dict[str, Any]) -> ArticleEntities:
    """Inverse of entities_to_json; a malformed entry (a wrong type, a slug that is not
    one) raises KeyError/ValueError/TypeError."""
    return check_extraction(ArticleEntities(
        mentions=tuple(Mention(s, e, t, label, slug, _KINDS[kind])
                       for s, e, t, label, slug, kind in data["mentions"]),
        entities=tuple(_entity_from_json(item) for item in data["entities"]),
        quotes=tuple(Quote(str(t), None if sp is None else str(sp), int(s), int(e), int(ss), int(se))
                     for t, sp, s, e, ss, se in data["quotes"]),
    ))


_KINDS = {kind.value: kind for kind in EntityKind}


def _entity_to_json(entity: Entity) -> dict[str, Any]:
    geo = entity.geo
    return {
        "kind": entity.kind.value, "slug": entity.slug, "name": entity.name,
        "subkind": entity.subkind, "aliases": list(entity.aliases), "roles": list(entity.roles),
        "geo": None if geo is None else [geo.latitude, geo.longitude, geo.country_code,
                                         geo.geonames_id],
    }


def _list(value: Any) -> tuple:
    """A JSON list as a tuple; any other type (a string would become its letters) raises."""
    if not isinstance(value, list):
        raise TypeError(f"a list was expected, got {type(value).__name__}")
    return tuple(value)


def _entity_from_json(item: dict[str, Any]) -> Entity:
    geo = item["geo"]
    return Entity(
        kind=_KINDS[item["kind"]], slug=item["slug"], name=item["name"], subkind=item["subkind"],
        aliases=_list(item["aliases"]), roles=_list(item["roles"]),
        geo=None if geo is None else Geo(float(geo[0]), float(geo[1]), str(geo[2]),
                                         None if geo[3] is None else int(geo[3])),
    )
