"""The build memo: a plain-value file in cache_dir that lets a rebuild skip unchanged files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

import pytest

from site_builder.config import load_config
from site_builder.engine.build_memo import (
    FIELDS,
    MEMO_FILE,
    BuildMemo,
    decode_article,
    decode_extraction,
    encode_article,
    encode_extraction,
    is_plain,
    load_memo,
    save_memo,
)
from site_builder.enrich.entity_merge import CuratedEntity
from site_builder.ingest.content import load_articles
from site_builder.model import (
    Article,
    ArticleEntities,
    Entity,
    EntityKind,
    Geo,
    Mention,
    Quote,
    SourceLocation,
)

RENNES = Entity(EntityKind.PLACE, "rennes", "Rennes", "city", ("Rennes-ville",), (),
                Geo(48.11, -1.68, "FR", 2983990), False, "Note.", SourceLocation("content/places/rennes.md"))
ARTICLE = Article(SourceLocation("content/articles/a.md"), "a", "Titre", dt.date(2021, 3, 4),
                  "Corps à Rennes.", True, "fr", "Résumé", "Légende", "AFP", 2, 3, ("x",), ("rennes",),
                  (Quote("Oui", "x", 1, 2, 0, 5),),
                  (Mention(9, 15, "Rennes", "LOC", "rennes", EntityKind.PLACE),), {"tags": ["a", 1]})
ARTICLE_FILE = "---\ntitle: Un titre\ndate: 2021-03-04\n---\nCorps.\n"


def _age(path: Path, seconds: int = 60) -> None:
    """Make a file look written a while ago (a fresh one is never remembered)."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - seconds * 10**9))


def test_article_and_extraction_round_trip_exactly():
    assert decode_article(encode_article(ARTICLE)) == ARTICLE
    assert decode_article(encode_article(ARTICLE)).extra == ARTICLE.extra
    result = ArticleEntities(ARTICLE.mentions, (RENNES,), ARTICLE.quotes)
    assert decode_extraction(encode_extraction(result)) == result


def test_decoded_objects_are_whole_dataclasses():
    """Decoding fills __dict__ directly: it must set exactly the dataclass's fields."""
    for cls, names in FIELDS.items():
        assert names == tuple(f.name for f in dataclasses.fields(cls)), cls
    result = decode_extraction(encode_extraction(ArticleEntities(ARTICLE.mentions, (RENNES,),
                                                                 ARTICLE.quotes)))
    for decoded, original in [(result.mentions[0], ARTICLE.mentions[0]), (result.entities[0], RENNES),
                              (result.quotes[0], ARTICLE.quotes[0])]:
        assert vars(decoded) == vars(original) and hash(decoded) == hash(original)
        assert repr(decoded) == repr(original)
        with pytest.raises(dataclasses.FrozenInstanceError):
            decoded.start = 0


def test_saved_memo_reads_back(make_project):
    cfg = load_config(make_project({}))
    memo = BuildMemo(extractions={"k": ArticleEntities((), (RENNES,), ())},
                     written_entities={str(cfg.root / "p.md"): ((1, 2), RENNES)},
                     entity_files={str(cfg.root / "q.md"): ((3, 4), CuratedEntity(RENNES, frozenset({"name"}), True))},
                     seeds={f"seeds/{n}.txt": ((5, n), "digest") for n in range(1200)})  # 3 chunks
    save_memo(cfg, memo)
    assert load_memo(cfg) == memo


def test_a_corrupt_memo_is_ignored(make_project):
    cfg = load_config(make_project({}))
    (cfg.path("cache_dir")).mkdir()
    (cfg.path("cache_dir") / MEMO_FILE).write_bytes(b"\x00garbage")
    assert load_memo(cfg) == BuildMemo()


def test_another_config_keeps_only_the_extractions(make_project):
    root = make_project({})
    cfg = load_config(root)
    save_memo(cfg, BuildMemo(extractions={"k": ArticleEntities()}, seeds={"s": ((1, 1), "d")}))
    (root / "site.yml").write_text("title: Autre\n", encoding="utf-8")
    assert load_memo(load_config(root)) == BuildMemo(extractions={"k": ArticleEntities()})


def test_articles_with_non_plain_front_matter_are_not_saved(make_project):
    assert is_plain({"a": [1, "b", None, 2.5, {"c": True}]})
    assert not is_plain({"a": dt.date(2020, 1, 1)})
    root = make_project({"content/articles/a.md": ARTICLE_FILE,
                         "content/articles/b.md": ARTICLE_FILE.replace("---\nC", "when: 2020-01-01\n---\nC")})
    for path in (root / "content/articles").iterdir():
        _age(path)
    cfg = load_config(root)
    memo = BuildMemo()
    articles, _ = load_articles(cfg, memo.articles)
    assert len(memo.articles) == 2
    save_memo(cfg, memo)
    again = load_memo(cfg)
    assert [Path(path).name for path in again.articles] == ["a.md"]
    assert load_articles(cfg, again.articles)[0] == articles


def test_a_fresh_file_is_not_remembered_and_a_removed_one_is_forgotten(make_project):
    root = make_project({"content/articles/a.md": ARTICLE_FILE, "content/articles/b.md": ARTICLE_FILE})
    _age(root / "content/articles/a.md")
    memo = BuildMemo()
    load_articles(load_config(root), memo.articles)
    assert [Path(path).name for path in memo.articles] == ["a.md"]
    (root / "content/articles/a.md").unlink()
    load_articles(load_config(root), memo.articles)
    assert memo.articles == {}
