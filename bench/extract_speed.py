"""Our extraction alone (`prepare_text` + `extract_article`), timed and checked; JSON lines.

    python bench/extract_speed.py --corpus bench/work/corpus-1000 --articles 300 \
        --save-reference /tmp/me/reference.pickle          # once, with the code to compare to
    python bench/extract_speed.py ... --check /tmp/me/reference.pickle --repeats 5
    python bench/extract_speed.py ... --profile 30         # cProfile, 30 heaviest functions
    python bench/extract_speed.py ... --code /tmp/me/base  # another copy of site_builder/

Texts: the first N seeds of the corpus ingested into a temporary site (the articles'
Markdown bodies, as a build enriches them), plus every reference text kept in the
repository (bench/gold*/*.txt, seeds/*.txt, the test sites' seeds and articles). spaCy
runs once per text and model: its spans are kept in `--spans-dir` (spans.py's own cache),
so timing and checking run our Python only. Each text is extracted with the plain
context and with a context holding user entities and a stop list (derived from the
corpus's own most frequent entities), so every branch of extraction runs.

`--check` compares every result (mentions, entities, quotes, in order) with a reference
saved by `--save-reference` (possibly from another copy of the code, `--code`): a speed
change must not change one of them.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import io
import json
import os
import pickle
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAX_TEXT_BYTES = 200_000
"""Reference texts above this size (the 5 MB hostile seed) are left out: spaCy refuses them."""


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    args.model = args.model or ["fr_core_news_md"]
    if args.code:
        sys.path.insert(0, str(Path(args.code).resolve()))
    sys.path.insert(1, str(REPO))
    corpus = corpus_texts(Path(args.corpus), args.articles)
    gold = gold_texts()
    texts = corpus + gold + reference_texts()
    cases = [(model, spans) for model in args.model for spans in [load_spans(model, texts, args)]]
    contexts = extraction_contexts(cases[0][1], texts)
    runs = [(model, name, context) for model, _ in cases for name, context in contexts]
    spans_by_model = dict(cases)
    if args.save_reference:
        results = {(model, name): extract_all(texts, spans_by_model[model], context)
                   for model, name, context in runs}
        Path(args.save_reference).write_bytes(pickle.dumps(results))
        _print({"saved": args.save_reference, "runs": len(results), "texts": len(texts)})
    if args.check:
        _print(check(Path(args.check), texts, spans_by_model, runs))
    if args.repeats:
        spans = spans_by_model[args.model[0]]
        for name, first, last in (("corpus", 0, len(corpus)), ("gold", len(corpus), len(corpus) + len(gold))):
            timing = time_runs(texts[first:last], spans[first:last], contexts[0][1], args.repeats)
            _print({"code": args.code or "working tree", "model": args.model[0], "texts": name,
                    **timing, "load_average": os.getloadavg()})
    if args.profile:
        print(profile(texts, spans_by_model[args.model[0]], contexts[0][1], args.profile))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(REPO / "bench/work/corpus-1000"))
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--model", action="append", help="spaCy model(s); default md, first is timed")
    parser.add_argument("--spans-dir", default="/tmp/extract_speed/spans")
    parser.add_argument("--code", help="a directory holding another copy of site_builder/")
    parser.add_argument("--save-reference", help="write every result (pickle) to this file")
    parser.add_argument("--check", help="compare every result with this reference (pickle)")
    parser.add_argument("--repeats", type=int, default=0, help="time this many passes")
    parser.add_argument("--profile", type=int, default=0, help="cProfile: print N heaviest")
    return parser


# --- texts and spaCy's spans ---------------------------------------------------------------

def corpus_texts(corpus: Path, articles: int) -> list[str]:
    """The first `articles` seeds of the corpus, ingested: their Markdown bodies."""
    from site_builder.config import load_config
    from site_builder.ingest.content import load_articles
    from site_builder.ingest.ingest import ingest_seeds

    with tempfile.TemporaryDirectory(prefix="extract-speed-") as work:
        site = Path(work)
        (site / "seeds").mkdir()
        for seed in sorted((corpus / "seeds").glob("*.txt"))[:articles]:
            shutil.copy(seed, site / "seeds" / seed.name)
        cfg = load_config(site)
        ingest_seeds(cfg)
        loaded, _ = load_articles(cfg)
        return [article.body_md for article in loaded]


def gold_texts() -> list[str]:
    """Real articles: the gold sets' texts and the sample seed (sorted paths)."""
    return _read_texts(sorted([*REPO.glob("bench/gold*/*.txt"), *REPO.glob("seeds/*.txt")]))


def reference_texts() -> list[str]:
    """The test sites' seeds and articles, hostile ones included (sorted paths)."""
    return _read_texts(sorted([*REPO.glob("tests/**/seeds/*.txt"),
                               *REPO.glob("tests/**/content/articles/*.md")]))


def _read_texts(paths: list[Path]) -> list[str]:
    from site_builder.enrich.entities_report import read_source_text

    texts = []
    for path in paths:
        try:
            if path.stat().st_size <= MAX_TEXT_BYTES:
                texts.append(read_source_text(path))
        except Exception as exc:  # a hostile test file meant to fail reading
            print(f"# skipped {path.relative_to(REPO)}: {exc}", file=sys.stderr)
    return texts


def spacy_text(normalized: str) -> str:
    """What the enrich stage gives spaCy for a prepared text (over-long tokens blanked)."""
    from site_builder.enrich.enrich import _LONG_RUN, _blank

    return _LONG_RUN.sub(_blank, normalized)


def load_spans(model: str, texts: list[str], args) -> list:
    """spaCy's spans of every text, from the span cache, spaCy run on the misses only."""
    import spacy

    from site_builder.enrich.extract import prepare_text
    from site_builder.enrich.nlp import load_nlp
    from site_builder.enrich.spans import make_span_cache, spans_of

    version = spacy.util.get_package_version(model) or "unknown"
    cache = make_span_cache(Path(args.spans_dir), model, version)
    inputs = [spacy_text(prepare_text(text).normalized) for text in texts]
    found = [cache.get(text) for text in inputs]
    misses = [text for text, spans in zip(inputs, found, strict=True) if spans is None]
    if misses:
        for text, doc in zip(misses, load_nlp(model).pipe(misses, batch_size=32), strict=True):
            cache.put(text, spans_of(doc))
        found = [cache.get(text) for text in inputs]
    return found


def extraction_contexts(spans: list, texts: list[str]) -> list[tuple[str, object]]:
    """The plain context, and one with the corpus's 12 most frequent entities as user
    entities (two with an alias) and the 13th–14th most frequent names as stop list."""
    from site_builder.enrich.extract import build_context
    from site_builder.enrich.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    plain = build_context(gazetteer=gazetteer)
    counts = Counter(entity for result in extract_all(texts, spans, plain)
                     for entity in result.entities)
    frequent = [entity for entity, _ in counts.most_common(14)]
    users = [dataclasses.replace(e, aliases=e.aliases[:1] if i < 2 else (), roles=())
             for i, e in enumerate(frequent[:12])]
    stops = [e.name for e in frequent[12:]]
    return [("plain", plain), ("user", build_context(users, stops, gazetteer=gazetteer))]


def extract_all(texts: list[str], spans: list, context) -> list:
    from site_builder.enrich.extract import extract_article, prepare_text

    return [extract_article(doc, prepare_text(text), context) for text, doc in zip(texts, spans, strict=True)]


# --- checking, timing, profiling -----------------------------------------------------------

def check(reference: Path, texts: list[str], spans_by_model: dict, runs: list) -> dict:
    """Every result equal to the reference's, in order; the first differences named."""
    expected = pickle.loads(reference.read_bytes())
    differences = []
    compared = 0
    for model, name, context in runs:
        got = extract_all(texts, spans_by_model[model], context)
        want = expected[(model, name)]
        compared += len(got)
        differences += [f"{model}/{name} text {index}: {text[:40]!r}"
                        for index, (a, b, text) in enumerate(zip(got, want, texts, strict=True)) if a != b]
    return {"check": str(reference), "results": compared, "different": len(differences),
            "first": differences[:5], "equal": not differences}


def time_runs(texts: list[str], spans: list, context, repeats: int) -> dict:
    """CPU ms per article of prepare_text and extract_article: the first pass with every
    memo of site_builder emptied before it, then the others (memos warm, as in a build)."""
    from site_builder.enrich.extract import extract_article, prepare_text

    clear_memos()
    prepare_ms, extract_ms = [], []
    for _ in range(repeats):
        start = time.process_time()
        prepared = [prepare_text(text) for text in texts]
        middle = time.process_time()
        for doc, prep in zip(spans, prepared, strict=True):
            extract_article(doc, prep, context)
        end = time.process_time()
        prepare_ms.append((middle - start) * 1000 / len(texts))
        extract_ms.append((end - middle) * 1000 / len(texts))
    total = [p + e for p, e in zip(prepare_ms, extract_ms, strict=True)]
    return {"articles": len(texts), "repeats": repeats, "prepare_ms": _summary(prepare_ms),
            "extract_ms": _summary(extract_ms), "total_ms": _summary(total)}


def clear_memos() -> None:
    """Empty every functools cache of the loaded site_builder modules."""
    for name, module in list(sys.modules.items()):
        if name.startswith("site_builder"):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def _summary(values: list[float]) -> dict:
    return {"first": round(values[0], 2), "min": round(min(values), 2),
            "median": round(statistics.median(values), 2)}


def profile(texts: list[str], spans: list, context, rows: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    extract_all(texts, spans, context)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(rows)
    return out.getvalue()


def _print(record: dict) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    sys.exit(main())
