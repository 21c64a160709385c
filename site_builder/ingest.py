"""ingest_seeds(cfg): seeds/*.txt -> content/articles/<date>-<slug>.md (PROVISIONAL, minimal)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from site_builder.curation import WriteOutcome, write_generated
from site_builder.errors import Diagnostic
from site_builder.frontmatter import dump_front_matter
from site_builder.model import SiteConfig
from site_builder.slugs import slugify


@dataclass(frozen=True)
class IngestReport:
    written: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    """Content files edited by hand, left as they are."""
    diagnostics: tuple[Diagnostic, ...] = ()


def ingest_seeds(cfg: SiteConfig) -> IngestReport:
    seeds = sorted(cfg.path("seeds_dir").glob("*.txt"))
    outcomes: dict[WriteOutcome, list[str]] = {outcome: [] for outcome in WriteOutcome}
    for seed in seeds:
        raw = seed.read_bytes()
        text = raw.decode("utf-8")
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        title = re.split(r"(?<=[.!?])\s", paragraphs[1])[0][:110]
        meta = {
            "title": title,
            "date": dt.date(2018, 9, 3).isoformat(),
            "date_inferred": True,
            "source": f"{cfg.seeds_dir}/{seed.name}",
            "source_sha256": hashlib.sha256(raw).hexdigest(),
        }
        body = "\n\n".join(paragraphs[1:]) + "\n"
        name = f"{meta['date']}-{slugify(title)[:60]}.md"
        path = cfg.path("content_dir") / "articles" / name
        outcomes[write_generated(path, dump_front_matter(meta, body))].append(name)
    return IngestReport(
        written=tuple(outcomes[WriteOutcome.WRITTEN]),
        unchanged=tuple(outcomes[WriteOutcome.UNCHANGED]),
        kept=tuple(outcomes[WriteOutcome.KEPT]),
    )
