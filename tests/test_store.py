"""store: one record per name, plain data, keyed by its inputs, never trusted from another folder."""

from __future__ import annotations

import os
import shutil

import pytest

from site_builder import store
from site_builder.model import SiteConfig


def test_a_record_comes_back_only_with_the_key_it_was_saved_with(tmp_path):
    cfg = SiteConfig(root=tmp_path)
    assert store.load(cfg, "pages", "k1") is None
    store.save(cfg, "pages", "k1", {"a/index.html": ("x", 1)})
    assert store.load(cfg, "pages", "k1") == {"a/index.html": ("x", 1)}
    assert store.load(cfg, "pages", "k2") is None
    store.forget(cfg, "pages")
    assert store.load(cfg, "pages", "k1") is None


def test_a_copied_site_does_not_trust_the_records_it_came_with(tmp_path):
    cfg = SiteConfig(root=tmp_path / "site")
    store.save(cfg, "memo", 1, ("config", ()))
    shutil.copytree(tmp_path / "site", tmp_path / "copy")
    assert store.load(SiteConfig(root=tmp_path / "copy"), "memo", 1) is None
    assert store.load(cfg, "memo", 1) == ("config", ())


@pytest.mark.parametrize("data", [b"", b"\x00garbage", b"\xe9" * 40])
def test_a_corrupt_record_is_a_miss(tmp_path, data):
    cfg = SiteConfig(root=tmp_path)
    store.save(cfg, "inputs", 1, {})
    store.record_path(cfg, "inputs").write_bytes(data)
    assert store.load(cfg, "inputs", 1) is None


def test_a_record_too_large_or_not_a_regular_file_is_a_miss(tmp_path):
    cfg = SiteConfig(root=tmp_path)
    store.save(cfg, "inputs", 1, {"x": (1, 2, 3)})
    assert store.load(cfg, "inputs", 1, max_bytes=8) is None
    path = store.record_path(cfg, "inputs")
    path.unlink()
    os.mkfifo(path)
    assert store.load(cfg, "inputs", 1) is None  # opened without blocking, refused


def test_only_plain_data_can_be_saved(tmp_path):
    with pytest.raises(ValueError):
        store.save(SiteConfig(root=tmp_path), "memo", 1, object())


def test_writing_a_record_removes_the_file_it_replaced(tmp_path):
    cfg = SiteConfig(root=tmp_path)
    (tmp_path / ".site-builder").mkdir()
    (tmp_path / ".site-builder" / "memo.marshal").write_bytes(b"older")
    store.save(cfg, "memo", 1, ())
    assert not (tmp_path / ".site-builder" / "memo.marshal").exists()
