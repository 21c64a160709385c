"""Score extraction on ../shared/eval/ in one process (the model loaded once), with a blind split.

    python bench/eval_real.py                 # dev split (ids 001-024), figures only
    python bench/eval_real.py -v              # dev split, every error listed (what to study)
    python bench/eval_real.py --split blind   # ids 025-032: figures only, never the errors
    python bench/eval_real.py --split study -v  # ids 001-016: study these errors...
    python bench/eval_real.py --split check     # ...and keep a rule only if ids 017-024 agree
    python bench/eval_real.py --split all --json OUT

It scores exactly what `site-builder entities FILE --format json` prints (the same report
function, the same extraction), with shared/eval/score.py's own scoring, so its figures
equal score.py's; score.py starts spaCy once per text (about 2 minutes), this once in all.
The blind split exists so that a change can be checked on texts nobody tuned on: do not
read its texts or its errors while changing the rules. Rules tuned on all of dev did not
carry to blind, so the study/check halves of dev let a change be checked on texts its author
did not study for it before the blind split is run once.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import importlib.util
import io
import json
import sys
from pathlib import Path

EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"
BLIND_FIRST_ID = 25
CHECK_FIRST_ID = 17
SPLITS = {"dev": (1, BLIND_FIRST_ID), "study": (1, CHECK_FIRST_ID),
          "check": (CHECK_FIRST_ID, BLIND_FIRST_ID), "blind": (BLIND_FIRST_ID, 10**6), "all": (1, 10**6)}


def load_scorer(eval_dir: Path):
    spec = importlib.util.spec_from_file_location("shared_eval_score", eval_dir / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_records(eval_dir: Path, split: str) -> list[dict]:
    records = [json.loads(line) for line in (eval_dir / "gold.jsonl").read_text("utf-8").splitlines()
               if line.strip()]
    first, end = SPLITS[split]
    return [r for r in records if first <= int(r["id"]) < end]


def report_for(nlp, context, path: Path, model: str) -> dict:
    from site_builder.enrich import entities_report
    from site_builder.enrich.extract import extract_text

    text = entities_report.read_source_text(path)
    return entities_report.build_report(str(path), model, extract_text(nlp, text, context))


def figures(scorer, tally: collections.Counter, articles: int) -> dict:
    result: dict = {"articles": articles}
    for kind in ("PER", "ORG", "LOC"):
        p, r, f = scorer.prf(tally["tp", kind], tally["fp", kind], tally["fn", kind])
        result[kind] = {"P": p, "R": r, "F1": f}
    tp, fp, fn = (sum(tally[c, k] for k in ("PER", "ORG", "LOC")) for c in ("tp", "fp", "fn"))
    p, r, f = scorer.prf(tp, fp, fn)
    linked = tally["geo_linked"]
    result.update(
        P=p, R=r, F1=f,
        geo=tally["geo_right"] / tally["geo_gold"] if tally["geo_gold"] else 0.0,
        geo_wrong_of_linked=(linked - tally["geo_right"]) / linked if linked else 0.0,
        quotes=tally["q_right"] / tally["q_gold"] if tally["q_gold"] else 0.0,
        quotes_found=tally["q_found"], quotes_gold=tally["q_gold"], quotes_wrong=tally["q_wrong"],
        roles=tally["role_right"] / tally["role_gold"] if tally["role_gold"] else 0.0)
    return result


def evaluate(split: str, model: str, verbose: bool = False, eval_dir: Path = EVAL_DIR) -> dict:
    """The scorer's figures for one split; errors printed only for dev and study."""
    return evaluate_records(gold_records(eval_dir, split), model, verbose, eval_dir)


def evaluate_records(records: list[dict], model: str, verbose: bool = False,
                     eval_dir: Path = EVAL_DIR) -> dict:
    from site_builder.enrich.extract import build_context
    from site_builder.enrich.nlp import load_nlp

    scorer = load_scorer(eval_dir)
    nlp, context = load_nlp(model), build_context()
    tally: collections.Counter = collections.Counter()
    for record in records:
        data = report_for(nlp, context, eval_dir / "texts" / record["file"], model)
        sink = io.StringIO()
        with contextlib.redirect_stdout(sink if not verbose else sys.stdout):
            scorer.score_article(record, data, tally, verbose)
    return figures(scorer, tally, len(records))


def format_figures(result: dict) -> str:
    kinds = " ".join(f"{k} {result[k]['F1']:.2f}" for k in ("PER", "ORG", "LOC"))
    return (f"{result['articles']} articles: entities F1 {result['F1']:.3f} (P {result['P']:.3f} "
            f"R {result['R']:.3f}; {kinds}) | places right {result['geo']:.3f}, wrong of linked "
            f"{result['geo_wrong_of_linked']:.3f} | quotes right {result['quotes']:.3f} "
            f"(found {result['quotes_found']}/{result['quotes_gold']}, wrong {result['quotes_wrong']}) "
            f"| roles {result['roles']:.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=tuple(SPLITS), default="dev")
    parser.add_argument("--model", default="fr_core_news_md")
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR,
                        help="a folder with gold.jsonl, texts/ and score.py (default: shared/eval)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if args.verbose and args.split not in ("dev", "study"):
        parser.error("-v lists errors only for the dev and study splits: the check and blind texts "
                     "must stay unstudied")
    result = evaluate(args.split, args.model, args.verbose, args.eval_dir)
    print(format_figures(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
