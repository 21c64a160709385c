"""load_config: site.yml typed and checked; every error names site.yml, its line and the fix."""

from __future__ import annotations

import datetime as dt

import pytest

from site_builder.config import load_config
from site_builder.errors import ConfigError


def test_no_site_yml_gives_the_defaults(make_project, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = make_project({"seeds/a.txt": "x"})
    cfg = load_config(root)
    assert (cfg.root, cfg.language, cfg.words_per_minute, cfg.build_date) == (root, "fr", 230, None)
    assert cfg.path("content_dir") == root / "content"


def test_values_are_typed(make_project):
    root = make_project({"site.yml": "title: Ma revue\nfallback_date: 2020-01-02\n"
                                     "build_date: 2026-11-25\nstop_list: [a, b]\nsearch: false\n"})
    cfg = load_config(root)
    assert cfg.title == "Ma revue" and cfg.fallback_date == dt.date(2020, 1, 2)
    assert cfg.build_date == dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
    assert cfg.stop_list == ("a", "b") and cfg.search is False


def test_source_date_epoch_sets_the_build_date(make_project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1535932800")
    cfg = load_config(make_project({}))
    assert cfg.build_date == dt.datetime(2018, 9, 3, tzinfo=dt.UTC)


@pytest.mark.parametrize(("site_yml", "message"), [
    ("title: x\ncolour: red\n", "site.yml:2: unknown key 'colour'; known keys: "),
    ("words_per_minute: vite\n", "site.yml:1: 'words_per_minute' must be a whole number, got "
                                 "'vite'; fix the value"),
    ("search: 'yes'\n", "site.yml:1: 'search' must be true or false, got 'yes'; fix the value"),
    ("fallback_date: 2021-13-45\n", "site.yml:1: 'fallback_date' is an impossible date (month "
                                    "must be in 1..12); write it as YYYY-MM-DD"),
    ("fallback_date: demain\n", "site.yml:1: 'fallback_date' must be a date (YYYY-MM-DD), got "
                                "'demain'; fix the value"),
    ("title: [oops\n", "site.yml:2: invalid YAML: "),
    ("nlp_batch_size: -3\n", "site.yml:1: 'nlp_batch_size' must be between 1 and 10000, got -3; "
                             "fix the value"),
    ("render_processes: 999999\n", "site.yml:1: 'render_processes' must be between 0 and 64, "
                                   "got 999999; fix the value"),
    ("- a\n- b\n", "site.yml:1: must be a mapping of `key: value`; see the README for the keys"),
])
def test_bad_site_yml(make_project, site_yml, message):
    root = make_project({"site.yml": site_yml})
    with pytest.raises(ConfigError) as caught:
        load_config(root)
    assert str(caught.value).startswith(message)


def test_site_yml_that_is_not_utf8(make_project):
    root = make_project({"site.yml": "title: Été\n".encode("latin-1")})
    with pytest.raises(ConfigError, match=r"^site.yml: is not UTF-8 text; save it as UTF-8$"):
        load_config(root)
