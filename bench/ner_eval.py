"""Score entity extraction against gold lists: entity-level precision / recall / F1.

    python bench/ner_eval.py                          # bench/gold/*.txt, fr_core_news_md
    python bench/ner_eval.py --model fr_core_news_sm
    python bench/ner_eval.py --text seeds/000_4f838460b78f4446.txt \\
        --gold tests/golden/entities/sample_gold.json          # the sample
    python bench/ner_eval.py --predictions DIR        # score `site-builder entities X --format json`
                                                      # outputs saved as DIR/<name>.json instead

A gold file `<name>.json` beside `<name>.txt` holds {"entities": [{"name", "kind", "aliases"?}]}
with kind person / organisation / place. A predicted entity matches a gold entity of the
same kind when one of its names (name or aliases) equals one of the gold names, compared
case-, accent-, apostrophe- and hyphen-insensitively. Each gold entity is matched once.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from site_builder.enrich.gazetteer import fold  # noqa: E402

KINDS = ("person", "organisation", "place")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Score) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, label: str) -> str:
        return (f"{label:<14} P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
                f"(tp={self.tp} fp={self.fp} fn={self.fn})")


def names_of(entity: dict) -> set[str]:
    return {fold(name) for name in (entity["name"], *entity.get("aliases", ()))}


def score_text(predicted: list[dict], gold: list[dict]) -> tuple[dict[str, Score], list[str]]:
    """Per-kind scores and a list of human-readable errors (`+` spurious, `-` missed)."""
    scores = {kind: Score() for kind in KINDS}
    unmatched = list(gold)
    errors = []
    for entity in predicted:
        match = next((g for g in unmatched if g["kind"] == entity["kind"]
                      and names_of(g) & names_of(entity)), None)
        if match is None:
            scores[entity["kind"]].fp += 1
            errors.append(f"  + {entity['kind']:<12} {entity['name']}")
        else:
            unmatched.remove(match)
            scores[entity["kind"]].tp += 1
    for entity in unmatched:
        scores[entity["kind"]].fn += 1
        errors.append(f"  - {entity['kind']:<12} {entity['name']}")
    return scores, errors


def predict(texts: dict[str, str], model: str, repeat: int = 1) -> tuple[dict[str, list[dict]], float]:
    """Run the real extraction; returns entities per text and words per second.

    The timing covers nlp.pipe + extraction (not model or gazetteer loading); `repeat`
    runs the texts several times for a steadier number.
    """
    from site_builder.enrich.entities_report import build_report
    from site_builder.enrich.extract import build_context, extract_article, prepare_text
    from site_builder.enrich.nlp import load_nlp

    nlp, context = load_nlp(model), build_context()
    prepared = [prepare_text(text) for text in texts.values()]
    extract_article(nlp(prepared[0].normalized), prepared[0], context)  # warm-up
    started = time.perf_counter()
    for _ in range(repeat):
        docs = nlp.pipe([p.normalized for p in prepared])
        results = [extract_article(doc, prep, context) for doc, prep in zip(docs, prepared, strict=True)]
    elapsed = time.perf_counter() - started
    words = repeat * sum(len(text.split()) for text in texts.values())
    reports = {name: build_report(name, model, result)["entities"]
               for name, result in zip(texts, results, strict=True)}
    return reports, words / elapsed


def predict_raw(texts: dict[str, str], model: str) -> dict[str, list[dict]]:
    """Baseline: the model's own spans and labels (MISC dropped), one entity per distinct text."""
    import spacy

    nlp = spacy.load(model)
    kinds = {"PER": "person", "ORG": "organisation", "LOC": "place"}
    return {name: [{"name": text, "kind": kinds[label]}
                   for text, label in sorted({(e.text, e.label_) for e in nlp(texts[name]).ents})
                   if label in kinds] for name in texts}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=Path(__file__).parent / "gold")
    parser.add_argument("--model", default="fr_core_news_md")
    parser.add_argument("--predictions", type=Path, help="folder of saved `entities` JSON outputs")
    parser.add_argument("--errors", action="store_true", help="list every spurious/missed entity")
    parser.add_argument("--text", type=Path, help="score one text; --gold is then its gold JSON file")
    parser.add_argument("--raw", action="store_true", help="score the bare model (baseline)")
    parser.add_argument("--repeat", type=int, default=1, help="run the texts N times (timing)")
    args = parser.parse_args(argv)
    if args.text:  # one text and its gold file, e.g. the sample seed
        golds = {args.text.stem: json.loads(args.gold.read_text(encoding="utf-8"))["entities"]}
        texts = {args.text.stem: args.text.read_text(encoding="utf-8")}
    else:
        golds = {path.stem: json.loads(path.read_text(encoding="utf-8"))["entities"]
                 for path in sorted(args.gold.glob("*.json")) if path.with_suffix(".txt").exists()}
        texts = {name: (args.gold / f"{name}.txt").read_text(encoding="utf-8") for name in golds}
    if args.predictions:
        predicted = {name: json.loads((args.predictions / f"{name}.json").read_text())["entities"]
                     for name in golds}
        speed = None
    elif args.raw:
        predicted, speed = predict_raw(texts, args.model), None
    else:
        predicted, speed = predict(texts, args.model, args.repeat)
    total, by_kind = Score(), {kind: Score() for kind in KINDS}
    for name in golds:
        scores, errors = score_text(predicted[name], golds[name])
        for kind, score in scores.items():
            by_kind[kind].add(score)
            total.add(score)
        if args.errors and errors:
            print(name, *errors, sep="\n")
    print(f"{len(golds)} texts, model {args.model}" + (f", {speed:,.0f} words/s" if speed else ""))
    print(total.line("all"))
    for kind in KINDS:
        print(by_kind[kind].line(kind))
    return 0


if __name__ == "__main__":
    sys.exit(main())
