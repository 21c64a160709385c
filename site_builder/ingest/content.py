"""load_articles(cfg) -> articles and diagnostics, from content/articles/*.md."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from site_builder.changes import DIRECTORY, Snapshot, Stat, is_trusted, take_snapshot
from site_builder.errors import ContentError, Diagnostic
from site_builder.frontmatter import (
    CONTROL_CHARS,
    MAX_META_NODES,  # noqa: F401  (the limits articles share with entity files live there)
    check_meta_size,
    read_text_file,
    split_front_matter,
)
from site_builder.model import UNDATED, Article, Quote, SiteConfig, SourceLocation
from site_builder.slugs import MAX_SLUG_LENGTH, is_slug, slugify

ARTICLES_DIR = "articles"
KNOWN_KEYS = frozenset({
    "title", "date", "date_inferred", "language", "summary", "image_caption", "photo_credit",
    "reading_time", "word_count", "actors", "places", "quotes", "slug", "author", "image",
    "undated", "source", "source_sha256", "sidecar", "sidecar_sha256",
})
"""Front-matter keys read into Article attributes, or written by ingest (seed path and hash):
every other key goes to Article.extra."""
MAX_REF_LENGTH = 500
"""Longest `image`, `url` or `template` value."""
PATH_KEYS = ("image", "url", "template")
"""Front-matter keys holding a path or link; checked so they cannot leave the site."""
_SAFE_REF_PART = re.compile(r"[A-Za-z0-9_~+@=,-][A-Za-z0-9._~+@=,-]*")
_TEMPLATE = re.compile(r"[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*\.html")


ArticleMemo = dict[str, tuple[tuple[int, int, SiteConfig], Article]]
"""Path (text) -> ((mtime_ns, size, config), Article): a file whose snapshot stats and config
are those it had when last read is not parsed again."""


def load_articles(cfg: SiteConfig, memo: ArticleMemo | None = None, *,
                  snapshot: Snapshot | None = None) -> tuple[list[Article], list[Diagnostic]]:
    """Every article file of `snapshot` (taken now when not given), sorted by path; a broken
    file becomes a diagnostic, not a crash. With `memo`, only the added and modified files
    are parsed (a full load is one with an empty memo)."""
    snapshot = take_snapshot(cfg) if snapshot is None else snapshot
    prefix = f"{cfg.content_dir.rstrip('/')}/{ARTICLES_DIR}/"
    folder = cfg.path("content_dir") / ARTICLES_DIR
    listed = sorted((name, entry) for name, entry in (
        (path[len(prefix):], entry) for path, entry in snapshot.items() if path.startswith(prefix))
        if name.endswith(".md") and "/" not in name and entry != DIRECTORY)
    if memo is not None:  # forget removed files
        for gone in memo.keys() - {f"{folder}/{name}" for name, _ in listed}:
            del memo[gone]
    articles: list[Article] = []
    diagnostics: list[Diagnostic] = []
    seen: dict[str, str] = {}
    for name, stat in listed:
        try:
            article = _load_remembered(f"{folder}/{name}", stat, cfg, memo)
            _claim_slug(article, seen)
            articles.append(article)
        except ContentError as exc:
            diagnostics.append(exc.as_diagnostic())
    return articles, diagnostics


def _load_remembered(path: str, stat: Stat, cfg: SiteConfig, memo: ArticleMemo | None) -> Article:
    if memo is None:
        return load_article(Path(path), cfg)
    signature = (stat[0], stat[1], cfg)
    known = memo.get(path)
    if known is not None and is_trusted(stat) and known[0] == signature:
        return known[1]
    memo.pop(path, None)
    article = load_article(Path(path), cfg)
    if is_trusted(stat):  # else a same-size edit could hide
        memo[path] = (signature, article)
    return article


def _claim_slug(article: Article, seen: dict[str, str]) -> None:
    """Two articles may not share a slug: they would share a page (case does not count)."""
    other = seen.setdefault(article.slug.casefold(), article.source.path)
    if other != article.source.path:
        raise ContentError(article.source, f"has the same slug {article.slug!r} as {other}; "
                                           "set another `slug:` in its front matter")


def load_article(path: Path, cfg: SiteConfig) -> Article:
    shown = _relative(path, cfg.root)
    if not path.resolve().is_relative_to(cfg.root.resolve()):
        raise ContentError(SourceLocation(shown), "is a link to a file outside the site; "
                                                  "copy the file into the site instead")
    text = read_text_file(path, SourceLocation(shown))
    meta, body = split_front_matter(text, shown)
    check_meta_size(meta, SourceLocation(shown, 2))
    return build_article(_clean_meta(meta), body, SourceLocation(shown), slug=slugify(path.stem), cfg=cfg)


def _clean_meta(value: Any) -> Any:
    """Drop control characters YAML escapes (`"\\x16"`) let into strings: no XML allows them."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", CONTROL_CHARS.sub("", value))
    if isinstance(value, dict):
        return {_clean_meta(key): _clean_meta(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean_meta(item) for item in value]
    return value


def build_article(meta: dict[str, Any], body: str, source: SourceLocation, *, slug: str,
                  cfg: SiteConfig) -> Article:
    """Pure: front matter + body -> Article. Unknown keys go to `extra`."""
    title = _required_str(meta, "title", source)
    refs = {key: check_reference(key, meta[key], source) for key in PATH_KEYS if key in meta}
    return Article(
        source=source,
        slug=_slug(meta.get("slug"), "slug", source) if "slug" in meta else slug,
        title=title,
        date=_article_date(meta, source),
        body_md=body,
        date_inferred=bool(meta.get("date_inferred", False)),
        language=str(meta.get("language") or cfg.language),
        summary=str(meta.get("summary") or ""),
        image_caption=str(meta.get("image_caption") or ""),
        photo_credit=str(meta.get("photo_credit") or ""),
        reading_time=_int(meta.get("reading_time"), 1),
        word_count=_int(meta.get("word_count"), len(body.split())),
        actors=_slugs(meta.get("actors"), "actors", source),
        places=_slugs(meta.get("places"), "places", source),
        quotes=_quotes(meta.get("quotes"), source),
        author=_optional_str(meta, "author", source),
        image=refs.get("image", ""),
        extra={key: refs.get(key, value) for key, value in meta.items() if key not in KNOWN_KEYS},
    )


def _slug(value: Any, key: str, source: SourceLocation) -> str:
    """A slug from front matter: lowercase ASCII letters, digits and single hyphens."""
    text = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else None
    if text is None or not is_slug(text):
        shown = repr(value)[:60]
        raise ContentError(source, f"{key!r} must be a slug (lowercase ASCII letters, digits and "
                                   f"hyphens, at most {MAX_SLUG_LENGTH}), got {shown}; "
                                   f"use e.g. {slugify(str(value))!r}")
    return text


def check_reference(key: str, value: Any, source: SourceLocation) -> str:
    """An `image`/`url`/`template` value that stays inside the site, or an http(s) link."""
    problem = _reference_problem(key, value)
    if problem:
        shown = repr(value)[:80]
        raise ContentError(source, f"{key!r} {problem}, got {shown}; fix the value")
    return value


def _reference_problem(key: str, value: Any) -> str | None:
    if not isinstance(value, str) or not value or len(value) > MAX_REF_LENGTH:
        return f"must be a text of 1 to {MAX_REF_LENGTH} characters"
    if key == "template":
        return None if _TEMPLATE.fullmatch(value) else (
            "must name a template of the theme, like 'article.html' (no '..', no absolute path)")
    if not value.isascii() or any(ch.isspace() or ch in "\"'<>`\\" for ch in value):
        return "must be an http(s) address or a relative path in ASCII, without spaces or quotes"
    parts = urlsplit(value)
    if parts.scheme or value.startswith("//"):
        return None if parts.scheme in ("http", "https") and parts.netloc and "@" not in parts.netloc \
            else "may only be an http:// or https:// address or a path inside the site"
    path_parts = parts.path.split("/")
    if value.startswith("/") or any(part in (".", "..") for part in path_parts) or not all(
            _SAFE_REF_PART.fullmatch(part) for part in path_parts if part):
        return "must be a relative path inside the site (no '..', no leading '/')"
    return None


def _required_str(meta: dict[str, Any], key: str, source: SourceLocation) -> str:
    value = meta.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(source, f"front matter needs a {key!r} (text); add `{key}: ...`")
    return value.strip()


def _article_date(meta: dict[str, Any], source: SourceLocation) -> dt.date:
    """The `date`, or UNDATED for `undated: true` (no date may then be given)."""
    undated = meta.get("undated", False)
    if not isinstance(undated, bool):
        raise ContentError(source, f"'undated' must be true or false, got {undated!r}; fix it")
    if undated and meta.get("date") is not None:
        raise ContentError(source, "has both a 'date' and `undated: true`; remove one of them")
    if undated:
        return UNDATED
    if meta.get("date") is None:
        raise ContentError(source, "front matter needs a 'date' (YYYY-MM-DD); add `date: ...`, "
                                   "or `undated: true` if the article has none")
    return _date(meta["date"], source)


def _optional_str(meta: dict[str, Any], key: str, source: SourceLocation) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ContentError(source, f"{key!r} must be a text, got {repr(value)[:60]}; fix the value")
    return " ".join(str(value).split())


def _date(value: Any, source: SourceLocation) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ContentError(source, f"'date' must be YYYY-MM-DD, got {value!r}; fix the date")


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _slugs(value: Any, key: str, source: SourceLocation) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ContentError(source, f"{key!r} must be a list of slugs, like `{key}: [un-slug]`")
    return tuple(_slug(item, key, source) for item in value)


def _quotes(value: Any, source: SourceLocation) -> tuple[Quote, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(
        Quote(text=str(item["text"]), speaker=_speaker(item.get("speaker"), source))
        for item in value
        if isinstance(item, dict) and isinstance(item.get("text"), str)
    )


def _speaker(value: Any, source: SourceLocation) -> str | None:
    return None if value is None else _slug(value, "speaker", source)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.absolute().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
