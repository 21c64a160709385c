"""A generated news site for render tests: articles mentioning actors and places, quotes,
headings, several years. Deterministic for a given seed; `edit_*` make the changes serve sees."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from site_builder.index.indexes import build_site
from site_builder.model import (
    Article,
    Entity,
    EntityKind,
    Geo,
    Mention,
    Quote,
    Site,
    SiteConfig,
    SourceLocation,
)
from site_builder.slugs import slugify

A, P = EntityKind.ACTOR, EntityKind.PLACE
ACTORS = [("Claire Morel", "person"), ("Paul Girard", "person"), ("Nadia Benali", "person"),
          ("Union des ports", "organisation"), ("Conseil régional", "organisation"),
          ("Hugo Lefèvre", "person"), ("Société des eaux", "organisation"), ("Inès Roux", "person")]
PLACES = [("Lyon", "city", 45.75, 4.85, "FR"), ("Grenoble", "city", 45.19, 5.72, "FR"),
          ("Turin", "city", 45.07, 7.69, "IT"), ("Genève", "city", 46.2, 6.15, "CH"),
          ("Italie", "country", 42.83, 12.83, "IT"), ("Annecy", "city", 45.9, 6.12, "FR")]
WORDS = "le port la ville un accord des travaux une réunion au nord selon les élus hier".split()


def slug_of(name: str) -> str:
    return slugify(name)


def entities() -> tuple[list[Entity], list[Entity]]:
    actors = [Entity(A, slug_of(name), name, kind) for name, kind in ACTORS]
    places = [Entity(P, slug_of(name), name, kind, geo=Geo(lat, lon, cc))
              for name, kind, lat, lon, cc in PLACES]
    return actors, places


def make_body(rng: random.Random) -> str:
    names = [name for name, _ in ACTORS] + [name for name, *_ in PLACES]
    paragraphs = []
    for index in range(rng.randint(2, 5)):
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
        for _ in range(rng.randint(1, 3)):
            words.insert(rng.randint(0, len(words)), rng.choice(names))
        sentence = " ".join(words)
        paragraphs.append(sentence[0].upper() + sentence[1:] + ".")
        if index == 1:
            paragraphs.append(f"## Suite {rng.choice(WORDS)}")
    return "\n\n".join(paragraphs) + "\n"


def find_mentions(body: str) -> tuple[Mention, ...]:
    found = []
    for names, kind in (([n for n, _ in ACTORS], A), ([n for n, *_ in PLACES], P)):
        for name in names:
            start = 0
            while (index := body.find(name, start)) >= 0:
                found.append(Mention(index, index + len(name), name, "X", slug_of(name), kind))
                start = index + len(name)
    return tuple(sorted(found, key=lambda m: (m.start, m.end)))


def make_article(slug: str, date: dt.date, body: str, title: str = "") -> Article:
    mentions = find_mentions(body)
    speakers = [m.slug for m in mentions if m.kind is A][:1]
    return Article(source=SourceLocation(f"content/articles/{slug}.md"), slug=slug,
                   title=title or f"Article {slug}", date=date, body_md=body, mentions=mentions,
                   actors=tuple(sorted({m.slug for m in mentions if m.kind is A})),
                   places=tuple(sorted({m.slug for m in mentions if m.kind is P})),
                   quotes=tuple(Quote(f"Une citation de {slug}", s) for s in speakers),
                   summary=f"Résumé de {slug}.")


def make_articles(count: int, seed: int = 1) -> list[Article]:
    rng = random.Random(seed)
    start = dt.date(2017, 1, 1)
    return [make_article(f"a{index:03d}", start + dt.timedelta(days=37 * index), make_body(rng))
            for index in range(count)]


def assemble(root: Path, articles: list[Article], actors=None, places=None) -> Site:
    """The Site of these articles; only the entities they mention, like enrichment does."""
    all_actors, all_places = entities()
    used = {(m.kind, m.slug) for a in articles for m in a.mentions}
    actors = [e for e in (actors or all_actors) if (A, e.slug) in used]
    places = [e for e in (places or all_places) if (P, e.slug) in used]
    cfg = SiteConfig(root=root, title="Revue générée", search=False)
    return build_site(cfg, articles, actors, places)


def edit_body(article: Article, extra: str) -> Article:
    body = article.body_md.rstrip("\n") + " " + extra + "\n"
    return make_article(article.slug, article.date, body, article.title)
