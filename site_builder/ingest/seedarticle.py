"""One seed -> its content file: name `<date>-<slug>.md` and text (front matter + Markdown).

Pure: takes the seed's bytes (and its sidecar's), returns text and warnings, raises
ContentError for what cannot be built. Ingest does the reading and the writing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import yaml

from site_builder.errors import ContentError, Diagnostic, Severity
from site_builder.frontmatter import (
    dump_front_matter,
    impossible_date_line,
    split_front_matter,
    yaml_error_mark,
)
from site_builder.ingest.dates import infer_date, parse_date_value
from site_builder.ingest.headline import build_summary, build_title
from site_builder.ingest.seedtext import (
    Decoded,
    build_markdown,
    count_words,
    decode_seed,
    parse_seed_text,
    plain_text,
    split_paragraphs,
)
from site_builder.model import UNDATED, SiteConfig, SourceLocation
from site_builder.slugs import distinct_slugs, slugify

log = logging.getLogger(__name__)

SLUG_LENGTH = 60
"""Longest slug part of a content file name (after the date)."""
_MANAGED_KEYS = ("source", "source_sha256", "sidecar", "sidecar_sha256")


@dataclass(frozen=True)
class Seed:
    """The raw bytes of one seed file and of its optional sidecar `<name>.yml`."""

    source: str
    """Path relative to the site, e.g. `seeds/a.txt`."""
    raw: bytes
    sha256: str
    is_markdown: bool = False
    sidecar: str = ""
    sidecar_raw: bytes | None = None

    @property
    def sidecar_sha256(self) -> str:
        return hashlib.sha256(self.sidecar_raw).hexdigest() if self.sidecar_raw is not None else ""

    @property
    def sidecar_name(self) -> str:
        """Where a sidecar for this seed goes (for messages), whether or not it exists."""
        return self.sidecar or re.sub(r"\.[^./]*$", "", self.source) + ".yml"


@dataclass(frozen=True)
class SeedParts:
    """What a seed's text gives, before any override."""

    body: str
    """Markdown body of the content file."""
    plain: str
    """Plain text of the body, for counting words and reading dates."""
    lede: str
    caption: str = ""
    credit: str = ""
    heading_title: str = ""
    """The seed's own title: a `.md` seed's leading `# Title`, a text seed's title line."""
    author: str = ""
    """From a `Par Jean Dupont` line."""
    published: dt.date | None = None
    """From a `Publié le 3 septembre 2018` line."""
    front_matter: dict[str, Any] | None = None


def build_content_file(seed: Seed, cfg: SiteConfig, *, today: dt.date,
                       is_taken: Callable[[str], bool] = lambda name: False,
                       current: Collection[str] = ()) -> tuple[str, str, tuple[Diagnostic, ...]]:
    """(file name, file text, warnings) for one seed; ContentError when it cannot be built.

    The name is `<date>-<slug>.md`; when another seed's file has it (`is_taken(name)`), the
    first free one of `slugs.distinct_slugs` (`<date>-<slug>-<seed file name>.md`, ...), so
    every seed gets a file, and which one depends only on the seed. A name among `current`
    (the seed's own files) is kept: a page is never renamed because another one came or went."""
    decoded = decode_seed(seed.raw, seed.source)
    warnings = [_encoding_warning(seed, decoded)] if decoded.encoding != "utf-8" else []
    parts = read_markdown_seed(decoded.text, seed.source) if seed.is_markdown \
        else read_text_seed(decoded.text, seed.source)
    _check_not_empty(parts, seed)
    overrides = {**(parts.front_matter or {}), **load_sidecar(seed)}
    date, is_inferred, date_warnings = _pick_date(overrides, parts, seed, cfg, today)
    title = _pick_title(overrides, parts, seed)
    meta = _derived_meta(parts, seed, cfg, title=title, date=date, is_inferred=is_inferred)
    meta.update({key: value for key, value in overrides.items()
                 if key not in ("date", "title", *_MANAGED_KEYS)})
    given_slug = overrides.get("slug")
    slug = slugify(str(given_slug)) if given_slug else _trim_slug(slugify(title, max_length=SLUG_LENGTH))
    chosen = _choose_slug(slug, seed, date, is_taken, current)
    if given_slug:
        meta["slug"] = chosen
    if chosen != slug:
        log.info("%s: %s-%s.md is another seed's; %s-%s.md instead", seed.source,
                 _date_part(date), slug, _date_part(date), chosen)
    if chosen != slug and ("slug" in overrides or "title" in overrides):
        warnings.append(Diagnostic(
            _key_location("slug" if "slug" in overrides else "title", overrides, seed),
            f"another seed already has the {'slug' if given_slug else 'title'} {slug!r} "
            f"{_on_date(date)}; this one is published as {chosen!r} (set another one to "
            "choose)", Severity.WARNING))
    name = f"{_date_part(date)}-{chosen}.md"
    return name, dump_front_matter(meta, parts.body), (*warnings, *date_warnings)


def _choose_slug(slug: str, seed: Seed, date: dt.date, is_taken: Callable[[str], bool],
                 current: Collection[str]) -> str:
    """`slug`, or the first of its distinct variants for this seed that no other seed has."""
    candidates = distinct_slugs(slug, PurePosixPath(seed.source).stem, seed.source)
    names = [f"{_date_part(date)}-{candidate}.md" for candidate in candidates]
    kept = next((c for c, name in zip(candidates, names, strict=True) if name in current), None)
    free = next((c for c, name in zip(candidates, names, strict=True) if not is_taken(name)),
                slug)  # all taken (hand-made files): ingest reports the clash
    return kept or free


_SLUG_DANGLING = re.compile(r"(?:-(?:le|la|les|l|un|une|de|du|des|d|a|au|aux|et|ou|en|sur|par|"
                            r"pour|avec|que|qu|qui|se|s|son|sa|ses))+$")


def _trim_slug(slug: str) -> str:
    """`...-la-ville-et` -> `...-la-ville`: a cut slug does not end on a small word."""
    return _SLUG_DANGLING.sub("", slug) or slug


def _encoding_warning(seed: Seed, decoded: Decoded) -> Diagnostic:
    return Diagnostic(SourceLocation(seed.source, decoded.first_non_ascii_line),
                      f"is encoded in {decoded.encoding}, not UTF-8 (read as {decoded.encoding}); "
                      "save it as UTF-8", Severity.WARNING)


def _check_not_empty(parts: SeedParts, seed: Seed) -> None:
    if parts.plain.strip():
        return
    if parts.caption:
        raise ContentError(SourceLocation(seed.source, 1), "has a photo caption but no article "
                           "text; add the text below the caption, or delete the file")
    raise ContentError(SourceLocation(seed.source, 1), "is empty; write the article text in it, "
                       "or delete the file")


# --- reading the two kinds of seed -----------------------------------------------------------

def read_text_seed(text: str, source: str) -> SeedParts:
    """A plain-text seed: caption/credit line, paragraphs, subheadings, escaped into Markdown.

    Front matter at its top, if any, is read like a `.md` seed's (and wins).
    """
    front_matter, text = split_front_matter(text.lstrip("\ufeff"), source)
    seed_text = parse_seed_text(text)
    ledes = [block.text for block in seed_text.blocks if not block.is_heading]
    return SeedParts(body=build_markdown(seed_text.blocks), plain=plain_text(seed_text.blocks),
                     lede=ledes[0] if ledes else "", caption=seed_text.caption,
                     credit=seed_text.credit, heading_title=seed_text.title,
                     author=seed_text.byline, published=seed_text.published,
                     front_matter=front_matter)


_ATX = re.compile(r"^#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`]+|<[^>]+>")


def read_markdown_seed(text: str, source: str) -> SeedParts:
    """A `.md` seed: its front matter (which wins) and its body, taken as they are."""
    front_matter, body = split_front_matter(text.lstrip("\ufeff"), source)
    body = body.replace("\r\n", "\n").lstrip("\n")
    paragraphs = ["\n".join(lines) for _, lines in split_paragraphs(body)]
    headings = [_ATX.match(paragraph) for paragraph in paragraphs]
    prose = [_strip_markup(p) for p, heading in zip(paragraphs, headings, strict=True) if not heading]
    first = headings[0] if headings and headings[0] and paragraphs[0].startswith("# ") else None
    return SeedParts(body=body, plain="\n\n".join(_strip_markup(p) for p in paragraphs),
                     lede=prose[0] if prose else "",
                     heading_title=_strip_markup(first.group(1)) if first else "",
                     front_matter=front_matter)


def _strip_markup(markdown: str) -> str:
    without_heading = re.sub(r"^#{1,6}\s+", "", markdown, flags=re.MULTILINE)
    return _MARKUP.sub(lambda match: match.group(1) or "", without_heading).replace("\\", "")


def load_sidecar(seed: Seed) -> dict[str, Any]:
    """The sidecar's `key: value` pairs ({} without a sidecar); errors name its line."""
    if seed.sidecar_raw is None:
        return {}
    location = SourceLocation(seed.sidecar, 1)
    try:
        text = seed.sidecar_raw.decode("utf-8-sig")
        data = yaml.safe_load(text)
    except UnicodeDecodeError:
        raise ContentError(location, "is not UTF-8 text; save it as UTF-8") from None
    except yaml.YAMLError as exc:
        mark = yaml_error_mark(exc, text)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ContentError(SourceLocation(seed.sidecar, line),
                           f"invalid YAML: {problem}; fix the syntax") from None
    except ValueError as exc:  # PyYAML builds `2021-13-45` as a date and fails
        line = impossible_date_line(text)
        raise ContentError(SourceLocation(seed.sidecar, line),
                           f"impossible date ({exc}); write it as YYYY-MM-DD") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ContentError(location, "must be a mapping (title, date, …); write one "
                           "`key: value` per line")
    return {str(key): value for key, value in data.items()}


# --- choosing the fields ---------------------------------------------------------------------

def _pick_date(overrides: dict[str, Any], parts: SeedParts, seed: Seed, cfg: SiteConfig,
               today: dt.date) -> tuple[dt.date, bool, tuple[Diagnostic, ...]]:
    """(date, is it a guess, warnings): explicit date, else inferred, else the fallback."""
    if "date" in overrides:
        date = parse_date_value(overrides["date"])
        if date is None:
            raise ContentError(_key_location("date", overrides, seed),
                               f"'date' must be YYYY-MM-DD, got {overrides['date']!r}; fix the date")
        return date, overrides.get("date_inferred") is True, ()
    if overrides.get("undated") is True:  # said so in the sidecar or front matter
        return UNDATED, False, ()
    if parts.published is not None:
        return parts.published, False, ()
    guess = infer_date(f"{parts.caption}\n\n{parts.plain}", now=today)
    if guess is not None:
        return guess.date, True, ()
    if cfg.fallback_date is None:  # undated: shown as such, listed after the dated articles
        warning = Diagnostic(SourceLocation(seed.source, 1),
                             "no date found in the text (such as `lundi 3 septembre`), shown as "
                             f"undated; set `date: YYYY-MM-DD` in {seed.sidecar_name}",
                             Severity.WARNING)
        return UNDATED, False, (warning,)
    fallback = cfg.fallback_date
    warning = Diagnostic(SourceLocation(seed.source, 1),
                         f"no date found in the text (such as `lundi 3 septembre`), dated "
                         f"{fallback.isoformat()}; set `date: YYYY-MM-DD` in {seed.sidecar_name}",
                         Severity.WARNING)
    return fallback, True, (warning,)


def _date_part(date: dt.date) -> str:
    """The file name's date: `2018-09-03`, or `sans-date` for an undated article."""
    return "sans-date" if date == UNDATED else date.isoformat()


def _on_date(date: dt.date) -> str:
    return "without a date" if date == UNDATED else f"on {date.isoformat()}"


def _pick_title(overrides: dict[str, Any], parts: SeedParts, seed: Seed) -> str:
    if "title" in overrides:
        value = overrides["title"]
        if not isinstance(value, str | int | float) or not str(value).strip():
            raise ContentError(_key_location("title", overrides, seed),
                               f"'title' must be a non-empty text, got {value!r}; fix the title")
        return str(value).strip()
    title = parts.heading_title or build_title(parts.lede) or build_title(parts.plain)
    if not title:
        raise ContentError(SourceLocation(seed.source, 1), "has no words to make a title from; "
                           f"set `title: ...` in {seed.sidecar_name}")
    return title


def _key_location(key: str, overrides: dict[str, Any], seed: Seed) -> SourceLocation:
    """The line of `key:` in the sidecar if it sets it, else in the `.md` seed's front matter."""
    if seed.sidecar_raw is not None and re.search(rf"^{key}\s*:", _text(seed.sidecar_raw), re.M):
        return SourceLocation(seed.sidecar, _line_of(key, _text(seed.sidecar_raw)))
    return SourceLocation(seed.source, _line_of(key, _text(seed.raw)))


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")


def _line_of(key: str, text: str) -> int:
    match = re.search(rf"^{key}\s*:", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _derived_meta(parts: SeedParts, seed: Seed, cfg: SiteConfig, *, title: str, date: dt.date,
                  is_inferred: bool) -> dict[str, Any]:
    words = count_words(parts.plain)
    meta: dict[str, Any] = {
        "title": title,
        **({"undated": True} if date == UNDATED else {"date": date}),  # undated: no date
        "date_inferred": is_inferred,
        "language": cfg.language,
        "summary": build_summary(parts.lede),
    }
    if parts.caption:
        meta["image_caption"] = parts.caption
    if parts.credit:
        meta["photo_credit"] = parts.credit
    if parts.author:
        meta["author"] = parts.author
    meta |= {"reading_time": max(1, math.ceil(words / cfg.words_per_minute)), "word_count": words,
             "source": seed.source, "source_sha256": seed.sha256}
    if seed.sidecar_raw is not None:
        meta |= {"sidecar": seed.sidecar, "sidecar_sha256": seed.sidecar_sha256}
    return meta
