"""Raw spaCy throughput on the bench corpus, with the pipeline site_builder loads; prints JSON.

    python bench/ner_speed.py CORPUS_DIR --model fr_core_news_md --processes 2 --articles 200

Loads the model with site_builder.enrich.nlp.load_nlp (NER only + sentencizer, as the build does)
and times nlp.pipe over the seed texts; model loading is timed separately.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from site_builder.enrich.nlp import load_nlp


def read_texts(corpus: Path, articles: int) -> list[str]:
    seeds = sorted((corpus / "seeds").glob("*.txt"))[:articles]
    return [seed.read_text(encoding="utf-8") for seed in seeds]


def measure(texts: list[str], model: str, processes: int, batch_size: int = 32) -> dict:
    start = time.perf_counter()
    nlp = load_nlp(model)
    loaded = time.perf_counter()
    entities = sum(len(doc.ents) for doc in nlp.pipe(texts, n_process=processes, batch_size=batch_size))
    done = time.perf_counter()
    words = sum(len(text.split()) for text in texts)
    return {"model": model, "processes": processes, "articles": len(texts), "words": words,
            "load_seconds": loaded - start, "pipe_seconds": done - loaded,
            "words_per_second": words / (done - loaded), "entities": entities,
            "pipes": nlp.pipe_names}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--model", default="fr_core_news_md")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    print(json.dumps(measure(read_texts(args.corpus, args.articles), args.model, args.processes)))


if __name__ == "__main__":
    main()
