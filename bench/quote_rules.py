"""Which attribution rule gave each quotation of the study split its speaker, and how often each
rule is right, wrong or gives nobody (the study texts only: check and blind stay unstudied).

    python bench/quote_rules.py            # the table per rule
    python bench/quote_rules.py -v         # and one line per quotation

Quotations are matched to gold as shared/eval/score.py matches them. A quotation gold gives
nobody counts `right` when it is given nobody and `wrong` when given a speaker; one gold gives
a speaker counts `null` when given nobody (score.py counts that as wrong too).
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_real  # noqa: E402


def rule_rows(model: str) -> list[tuple[str, str, str, str, str]]:
    """(file, quote start, rule, outcome, detail) for every gold quotation of the study split."""
    from site_builder.enrich import extract
    from site_builder.enrich.extract import build_context
    from site_builder.enrich.nlp import load_nlp

    scorer = eval_real.load_scorer(eval_real.EVAL_DIR)
    nlp, context = load_nlp(model), build_context()
    spans: list = []
    original = extract.find_quotes

    def recording(*args, **kwargs):
        found = original(*args, **kwargs)
        spans.extend(found)
        return found

    extract.find_quotes = recording
    rows = []
    try:
        for record in eval_real.gold_records(eval_real.EVAL_DIR, "study"):
            spans.clear()
            data = eval_real.report_for(nlp, context, eval_real.EVAL_DIR / "texts" / record["file"],
                                        model)
            rules = [span.rule for span in spans]
            rows.extend(_outcomes(scorer, record, data, rules))
    finally:
        extract.find_quotes = original
    return rows


def _outcomes(scorer, record: dict, data: dict, rules: list[str]):
    gold_name = _gold_names(scorer, record, data)
    predicted = [(scorer.norm(q.get("text")), q.get("speaker")) for q in data.get("quotes", [])]
    used: set[int] = set()
    for quote in record.get("quotes", []):
        start = scorer.norm(quote.get("start"))
        j = next((j for j, (t, _) in enumerate(predicted) if j not in used and start and
                  (t.startswith(start) or start in t)), None)
        if j is None:
            continue
        used.add(j)
        got, gold = predicted[j][1], quote.get("speaker")
        rule = rules[j] if j < len(rules) else "?"
        if gold is None:
            outcome = "right" if got is None else "wrong"
        elif got is None:
            outcome = "null"
        else:
            outcome = "right" if gold_name.get(got) == scorer.norm(gold) else "wrong"
        yield record["file"][:3], quote["start"][:30], rule or "-", outcome, f"gold {gold} got {got}"


def _gold_names(scorer, record: dict, data: dict) -> dict[str, str]:
    """Predicted slug -> the folded name of the gold entity it matches, as score.py matches."""
    gold = record["entities"]
    forms = [{scorer.norm(e["name"]), *(scorer.norm(a) for a in e.get("aliases", []))}
             for e in gold]
    matched: dict[int, str] = {}
    for _, entity in sorted(scorer.predicted_entities(data).items(), key=lambda kv: str(kv[0])):
        hit = next((i for i, e in enumerate(gold) if e["type"] == entity["kind"]
                    and entity["names"] & forms[i] and i not in matched), None)
        if hit is not None:
            matched[hit] = entity["slug"]
    return {slug: scorer.norm(gold[i]["name"]) for i, slug in matched.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="fr_core_news_md")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--top", action="store_true", help="group by the first rule only")
    args = parser.parse_args()
    rows = rule_rows(args.model)
    table: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for file, start, rule, outcome, detail in rows:
        key = rule.split(">")[0] if args.top else rule
        table[key][outcome] += 1
        if args.verbose:
            print(f"{file} {outcome:5} {rule:40} {start!r} {detail}")
    print(f"{'rule':44} right wrong  null")
    for key, counts in sorted(table.items(), key=lambda item: -sum(item[1].values())):
        print(f"{key:44} {counts['right']:5} {counts['wrong']:5} {counts['null']:5}")
    total = collections.Counter(outcome for *_, outcome, _ in rows)
    print(f"{'all':44} {total['right']:5} {total['wrong']:5} {total['null']:5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
