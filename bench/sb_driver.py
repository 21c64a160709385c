"""In-process site_builder measurements, run by bench/run.py in a fresh process; prints JSON.

    python bench/sb_driver.py timings SITE          one build, its stage timings
    python bench/sb_driver.py edit SITE --runs 3    serve-like: build, then edit one seed and rebuild
    python bench/sb_driver.py profile SITE OUT      cProfile one build (output/ removed first)
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import shutil
import time
from pathlib import Path

from site_builder.config import load_config
from site_builder.engine.build import build
from site_builder.serve.serve import ServeBuilder

EDIT_MARK = " Des précisions ont été apportées à cet article (modification {n})."
"""Appended by each edit; {n} also holds the time, so that no edit finds its text in a cache
(each in-process edit then runs spaCy on the article, as a user's edit does)."""


def timed_build(site: Path, builder=build) -> dict:
    cfg = load_config(site)
    start = time.perf_counter()
    report = builder(cfg)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "timings": dict(report.timings), "articles": report.articles,
            "actors": report.actors, "places": report.places,
            "written": getattr(report.written, "written", None),
            "enriched": getattr(report, "enriched", None)}


def edit_seed(seed: Path, n: int) -> None:
    """Append one sentence to the second paragraph of SEED (a real content change)."""
    paragraphs = seed.read_text(encoding="utf-8").split("\n\n")
    paragraphs[1] = paragraphs[1] + EDIT_MARK.format(n=f"{n}, {time.time_ns()}")
    seed.write_text("\n\n".join(paragraphs), encoding="utf-8")


def edit_runs(site: Path, runs: int) -> dict:
    """Warm build, then RUNS times: edit the same seed, rebuild in this process with serve's
    builder (spaCy model kept loaded between rebuilds); the seed is restored at the end."""
    cfg = load_config(site)
    builder = ServeBuilder()
    builder.saw([])
    first = timed_build(site, builder)
    seeds = sorted(cfg.path("seeds_dir").glob("*.txt"))
    seed = seeds[len(seeds) // 2]
    original = seed.read_bytes()
    times, stages = [], []
    try:
        for n in range(runs + 1):
            edit_seed(seed, n)
            builder.saw([seed.relative_to(cfg.root).as_posix()])  # as serve's watcher does
            result = timed_build(site, builder)
            times.append(result["seconds"])
            stages.append(result["timings"])
    finally:
        seed.write_bytes(original)
    # The first edit loads the spaCy model (as a server's first edit does): reported apart.
    return {"warm_first": first, "first_edit": {"seconds": times[0], "timings": stages[0]},
            "edit_seconds": times[1:], "edit_timings": stages[1:], "seed": seed.name}


def profile(site: Path, out: Path, top: int = 35) -> str:
    shutil.rmtree(load_config(site).path("output_dir"), ignore_errors=True)
    profiler = cProfile.Profile()
    profiler.enable()
    build(load_config(site))
    profiler.disable()
    profiler.dump_stats(out)
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).sort_stats("cumulative")
    stats.print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return text.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("timings", "edit", "profile"))
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path, nargs="?")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.action == "timings":
        print(json.dumps(timed_build(args.site)))
    elif args.action == "edit":
        print(json.dumps(edit_runs(args.site, args.runs)))
    else:
        print(profile(args.site, args.out))


if __name__ == "__main__":
    main()
