"""load_articles(cfg) -> articles and diagnostics, from content/articles/*.md."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from site_builder.errors import ContentError, Diagnostic
from site_builder.frontmatter import split_front_matter
from site_builder.model import Article, Quote, SiteConfig, SourceLocation

ARTICLES_DIR = "articles"
KNOWN_KEYS = frozenset({
    "title", "date", "date_inferred", "language", "summary", "image_caption", "photo_credit",
    "reading_time", "word_count", "actors", "places", "quotes", "slug",
})


def load_articles(cfg: SiteConfig) -> tuple[list[Article], list[Diagnostic]]:
    """Every article file, sorted by path; a broken file becomes a diagnostic, not a crash."""
    folder = cfg.path("content_dir") / ARTICLES_DIR
    articles: list[Article] = []
    diagnostics: list[Diagnostic] = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else ():
        try:
            articles.append(load_article(path, cfg))
        except ContentError as exc:
            diagnostics.append(exc.as_diagnostic())
    return articles, diagnostics


def load_article(path: Path, cfg: SiteConfig) -> Article:
    shown = _relative(path, cfg.root)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError(SourceLocation(shown), "is not UTF-8 text; save it as UTF-8") from None
    meta, body = split_front_matter(text, shown)
    return build_article(meta, body, SourceLocation(shown), slug=path.stem, cfg=cfg)


def build_article(meta: dict[str, Any], body: str, source: SourceLocation, *, slug: str,
                  cfg: SiteConfig) -> Article:
    """Pure: front matter + body -> Article. Unknown keys go to `extra`."""
    title = _required_str(meta, "title", source)
    return Article(
        source=source,
        slug=str(meta.get("slug") or slug),
        title=title,
        date=_date(meta.get("date"), source),
        body_md=body,
        date_inferred=bool(meta.get("date_inferred", False)),
        language=str(meta.get("language") or cfg.language),
        summary=str(meta.get("summary") or ""),
        image_caption=str(meta.get("image_caption") or ""),
        photo_credit=str(meta.get("photo_credit") or ""),
        reading_time=_int(meta.get("reading_time"), 1),
        word_count=_int(meta.get("word_count"), len(body.split())),
        actors=_slugs(meta.get("actors")),
        places=_slugs(meta.get("places")),
        quotes=_quotes(meta.get("quotes")),
        extra={key: value for key, value in meta.items() if key not in KNOWN_KEYS},
    )


def _required_str(meta: dict[str, Any], key: str, source: SourceLocation) -> str:
    value = meta.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(source, f"front matter needs a {key!r} (text); add `{key}: ...`")
    return value.strip()


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


def _slugs(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(str(item) for item in value if isinstance(item, str | int))


def _quotes(value: Any) -> tuple[Quote, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(
        Quote(text=str(item["text"]), speaker=item.get("speaker"))
        for item in value
        if isinstance(item, dict) and isinstance(item.get("text"), str)
    )


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
