"""render_parallel: pages rendered by forked workers are the same files, bytes and
fingerprints as in one process; a template error in a worker is the same error."""

from __future__ import annotations

import os
from dataclasses import replace
from functools import partial
from pathlib import Path

import pytest
from render_sites import assemble, make_articles

from site_builder.errors import TemplateError
from site_builder.model import SiteConfig, SourceLocation
from site_builder.render.render import make_env, render_pages, stream_pages
from site_builder.render.render_cache import SHARED, load_fingerprints, save_fingerprints
from site_builder.render.render_memo import RenderMemo
from site_builder.render.render_parallel import (
    MAX_DEFAULT_PROCESSES,
    MIN_PAGES,
    SERVE_PROCESSES,
    default_processes,
    iter_jobs,
    process_count,
    run_jobs,
)


def _render(root: Path, processes: int, previous: dict[str, str] | None = None):
    site = assemble(root, make_articles(40))
    return render_pages(site, make_env(site.config), previous=previous, sources="s",
                        processes=processes)


def test_two_processes_give_the_same_files_bytes_and_fingerprints(tmp_path: Path) -> None:
    one, two = _render(tmp_path, 1), _render(tmp_path, 2)
    assert len(one.files) > 60
    assert [(f.path, f.content) for f in two.files] == [(f.path, f.content) for f in one.files]
    assert two.fingerprints == one.fingerprints and two.kept == one.kept == ()


def test_kept_pages_are_the_same_with_three_processes(tmp_path: Path) -> None:
    full = _render(tmp_path, 1)
    previous = dict(list(full.fingerprints.items())[::2])
    one, three = _render(tmp_path, 1, previous), _render(tmp_path, 3, previous)
    assert three.kept == one.kept and len(one.kept) == len(previous)
    assert [f.path for f in three.files] == [f.path for f in one.files]


def test_a_template_error_in_a_worker_is_raised_with_its_location(make_project) -> None:
    root = make_project({"templates/actor.html": "{{ page.name }}\n{{ page.nope }}\n"})
    with pytest.raises(TemplateError) as one:
        _render(root, 1)
    with pytest.raises(TemplateError) as two:
        _render(root, 2)
    assert str(two.value) == str(one.value)
    assert str(one.value).startswith("templates/actor.html:2: ")


def test_results_come_back_in_job_order() -> None:
    jobs = [lambda n=n: n * n for n in range(50)]
    assert run_jobs(jobs, 3) == [n * n for n in range(50)]


@pytest.mark.parametrize(("configured", "jobs", "expected"),
                         [(2, 10, 2), (1, 5000, 1), (0, MIN_PAGES - 1, 1)])
def test_process_count(configured: int, jobs: int, expected: int) -> None:
    assert process_count(configured, jobs) == expected


def test_default_process_count_is_one_per_core_up_to_the_maximum() -> None:
    cores = len(os.sched_getaffinity(0))
    assert process_count(0, 10_000) == default_processes(10_000) == min(cores, MAX_DEFAULT_PROCESSES)


def test_iter_jobs_hands_over_the_results_before_the_first_error_then_raises_it() -> None:
    def job(n: int) -> int:
        if n in (7, 8):
            raise TemplateError(SourceLocation(f"job{n}"), "fails")
        return n

    results = iter_jobs([partial(job, n) for n in range(30)], 2)
    assert [next(results) for _ in range(7)] == list(range(7))
    with pytest.raises(TemplateError, match="job7"):
        next(results)


def test_a_stream_knows_its_kept_pages_first_and_renders_the_rest_as_it_is_read(
        tmp_path: Path) -> None:
    site = assemble(tmp_path, make_articles(240))
    env = make_env(site.config)
    full = render_pages(site, env, sources="s", processes=1)
    previous = dict(list(full.fingerprints.items())[::8])
    stream = stream_pages(site, env, previous=previous, sources="s")
    assert not isinstance(stream.files, list) and len(stream.files) == 0
    assert sorted(map(str, stream.kept)) == sorted(previous)
    assert len(stream.fingerprints) == len(previous)
    files = [(f.path, f.content) for f in stream.files]
    assert files == [(f.path, f.content) for f in full.files if str(f.path) not in previous]
    assert len(stream.files) == len(files) and stream.fingerprints == full.fingerprints


def test_a_warm_render_of_few_pages_is_a_list_made_in_this_process(tmp_path: Path) -> None:
    site = assemble(tmp_path, make_articles(40))
    env = make_env(site.config)
    full = render_pages(site, env, sources="s", processes=1)
    changed = sorted(full.fingerprints)[:3]
    previous = {path: key for path, key in full.fingerprints.items() if path not in changed}
    again = stream_pages(site, env, previous=previous, sources="s")
    assert isinstance(again.files, list) and sorted(str(f.path) for f in again.files) == changed


def test_a_changed_shared_fingerprint_renders_every_page_without_fingerprinting_first(
        tmp_path: Path) -> None:
    site = assemble(tmp_path, make_articles(40))
    env = make_env(site.config)
    full = render_pages(site, env, sources="s", processes=1)
    same = stream_pages(site, env, previous={**full.fingerprints, SHARED: full.shared_key},
                        sources="s")
    assert len(same.kept) == len(full.fingerprints) and list(same.files) == []
    other = stream_pages(site, env, previous={**full.fingerprints, SHARED: "other"}, sources="s")
    assert other.kept == () and other.fingerprints == {}
    assert [f.path for f in other.files] == [f.path for f in full.files]
    assert other.fingerprints == full.fingerprints


def test_the_shared_fingerprint_is_saved_and_loaded_with_the_pages(tmp_path: Path) -> None:
    cfg = SiteConfig(root=tmp_path)
    (tmp_path / "output" / "a").mkdir(parents=True)
    (tmp_path / "output" / "a" / "index.html").write_text("x", encoding="utf-8")
    save_fingerprints(cfg, tmp_path / "output", {"a/index.html": "k"}, "s1")
    assert load_fingerprints(cfg) == {"a/index.html": "k", SHARED: "s1"}


def test_a_stream_told_what_the_pages_read_looks_only_at_the_jobs_that_read_a_change(
        tmp_path: Path) -> None:
    articles = make_articles(40)
    site = assemble(tmp_path, articles)
    env = make_env(site.config)
    first = stream_pages(site, env, sources="s", processes=1)
    list(first.files)
    previous, record = {**first.fingerprints, SHARED: first.shared_key}, first.record()
    same = stream_pages(site, env, previous=previous, sources="s", known=record)
    assert same.examined == 0 and list(same.files) == [] and len(same.kept) == len(previous) - 1
    edited = assemble(tmp_path, [replace(articles[5], body_md=articles[5].body_md + "\n\nAjout.\n"),
                                 *articles[:5], *articles[6:]])
    again = stream_pages(edited, env, previous=previous, sources="s", known=record)
    files = {str(f.path): f.content for f in again.files}
    full = render_pages(edited, env, sources="s", processes=1)
    assert 0 < again.examined < len(previous) // 4
    assert f"articles/{articles[5].slug}/index.html" in files
    assert files == {str(f.path): f.content for f in full.files if str(f.path) in files}
    assert again.fingerprints == full.fingerprints  # every page kept unlooked at is unchanged




FORKS: list[int] = []
os.register_at_fork(before=lambda: FORKS.append(os.getpid()))


def test_serve_renders_in_one_process_whatever_the_site_says(tmp_path: Path) -> None:
    """serve's server and watcher threads: a forked child would inherit the locks they hold."""
    site = assemble(tmp_path, make_articles(40))
    site = replace(site, config=replace(site.config, render_processes=2))
    forks = len(FORKS)
    render_pages(site, make_env(site.config), sources="s", memo=RenderMemo())
    assert len(FORKS) == forks and SERVE_PROCESSES == 1
    stream_pages(site, make_env(site.config), sources="s").files.__iter__().__next__()
    assert len(FORKS) > forks  # the CLI's render, by the same rule, does fork
