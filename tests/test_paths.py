"""Paths from front matter and from the stages can never leave the site or collide."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest

from site_builder.config import load_config
from site_builder.errors import ConfigError, ContentError
from site_builder.frontmatter import split_front_matter
from site_builder.ingest.content import (
    MAX_META_NODES,
    build_article,
    check_meta_size,
    check_reference,
    load_articles,
)
from site_builder.model import OutputFile, SourceLocation
from site_builder.output.output import (
    OutputPathError,
    check_site_dirs,
    get_path_problem,
    staged_output,
    write_files,
)

SRC = SourceLocation("content/articles/a.md")
BASE = {"title": "Un titre", "date": "2018-09-03"}


def _article(tmp_path: Path, **meta):
    return build_article({**BASE, **meta}, "corps\n", SRC, slug="a", cfg=load_config(tmp_path))


@pytest.mark.parametrize("slug", [
    "../../etc/passwd", "/abs", "a/b", "a\\b", "nul\x00", "Lyon", "é-t-é", "con.", " ", "",
    "a--b", "-a", "x" * 81, "ａｂｃ", "a\u200bb", "javascript:alert(1)", True, ["x"], 3.5,
])
def test_bad_front_matter_slug_is_refused_with_the_file_and_a_fix(tmp_path: Path, slug) -> None:
    with pytest.raises(ContentError) as info:
        _article(tmp_path, slug=slug)
    message = str(info.value)
    assert message.startswith("content/articles/a.md: 'slug' must be a slug")
    assert "; use e.g. '" in message and "\n" not in message


@pytest.mark.parametrize("slug", ["a", "mon-article", "2018-09-03-x", "x" * 80, 2018])
def test_good_slug_is_kept(tmp_path: Path, slug) -> None:
    assert _article(tmp_path, slug=slug).slug == str(slug)


@pytest.mark.parametrize(("key", "value"), [
    ("image", "../../etc/passwd"), ("image", "/etc/passwd"), ("image", "img/../../x.jpg"),
    ("image", "C:\\Windows\\win.ini"), ("image", "javascript:alert(1)"), ("image", "x\x00.jpg"),
    ("image", "data:image/svg+xml,<svg onload=alert(1)>"), ("image", "//evil.example/x.jpg"),
    ("image", "img/été.jpg"), ("image", "a\u202egpj.exe"), ("image", "x" * 501),
    ("url", "javascript:alert(1)"), ("url", "JaVaScRiPt:alert(1)"), ("url", "java\tscript:x"),
    ("url", "vbscript:x"), ("url", 'https://a.example/"onmouseover="x'), ("url", "https://u:p@h/"),
    ("url", "file:///etc/passwd"), ("url", ["https://a.example/"]),
    ("template", "../../../etc/passwd"), ("template", "/etc/passwd"), ("template", "base.txt"),
    ("template", "a/../b.html"), ("template", "{{ 7*7 }}.html"),
])
def test_path_like_values_cannot_leave_the_site(tmp_path: Path, key: str, value) -> None:
    with pytest.raises(ContentError, match=rf"^content/articles/a.md: '{key}' .*; fix the value$"):
        _article(tmp_path, **{key: value})


@pytest.mark.parametrize(("key", "value"), [
    ("image", "images/photo-1.jpg"), ("image", "https://img.example.org/a.jpg?w=800"),
    ("url", "https://www.example.org/article/123"), ("url", "autres/page.html"),
    ("template", "article.html"), ("template", "special/long_read.html"),
])
def test_safe_path_like_values_are_kept(tmp_path: Path, key: str, value: str) -> None:
    article = _article(tmp_path, **{key: value})
    assert (article.image if key == "image" else article.extra[key]) == value
    assert check_reference(key, value, SRC) == value


@pytest.mark.parametrize("key", ["actors", "places"])
def test_entity_lists_hold_only_slugs(tmp_path: Path, key: str) -> None:
    assert getattr(_article(tmp_path, **{key: ["un-acteur", "autre"]}), key) == ("un-acteur", "autre")
    with pytest.raises(ContentError, match=rf"'{key}' must be a slug .*got '../x'"):
        _article(tmp_path, **{key: ["un-acteur", "../x"]})
    with pytest.raises(ContentError, match=rf"'{key}' must be a list of slugs"):
        _article(tmp_path, **{key: "un-acteur"})


def test_quote_speaker_must_be_a_slug(tmp_path: Path) -> None:
    quotes = [{"text": "« Bonjour »", "speaker": "javascript:alert(1)"}]
    with pytest.raises(ContentError, match="'speaker' must be a slug"):
        _article(tmp_path, quotes=quotes)


def test_billion_laughs_front_matter_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    meta, _ = split_front_matter("---\n" + "\n".join(lines) + "\n---\nbody\n", "x.md")
    with pytest.raises(ContentError, match=f"more than {MAX_META_NODES} values"):
        check_meta_size(meta, SourceLocation("x.md", 2))


def test_deep_front_matter_is_refused() -> None:
    meta, _ = split_front_matter("---\na: " + "[" * 500 + "]" * 500 + "\n---\n", "x.md")
    with pytest.raises(ContentError, match="nested more than"):
        check_meta_size(meta, SourceLocation("x.md", 2))


def _project(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


ARTICLE = "---\ntitle: T\ndate: 2018-09-03\n---\nCorps.\n"


def test_slugs_differing_only_by_case_are_reported_not_overwritten(tmp_path: Path) -> None:
    root = _project(tmp_path, {"content/articles/Lyon.md": ARTICLE,
                               "content/articles/b.md": ARTICLE.replace("title: T", "title: T\nslug: lyon")})
    articles, diagnostics = load_articles(load_config(root))
    assert [a.slug for a in articles] == ["lyon"]
    assert [str(d) for d in diagnostics] == [
        "content/articles/b.md: has the same slug 'lyon' as content/articles/Lyon.md; "
        "set another `slug:` in its front matter"]


def test_file_names_become_ascii_slugs(tmp_path: Path) -> None:
    root = _project(tmp_path, {"content/articles/Été à Alep ٢٠١٨ 🙂.md": ARTICLE})
    articles, diagnostics = load_articles(load_config(root))
    assert diagnostics == [] and [a.slug for a in articles] == ["ete-a-alep-2018"]


def test_content_symlink_to_outside_the_site_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text(ARTICLE)
    root = _project(tmp_path / "site", {"content/articles/ok.md": ARTICLE})
    os.symlink(secret, root / "content/articles/leak.md")
    articles, diagnostics = load_articles(load_config(root))
    assert [a.slug for a in articles] == ["ok"]
    assert [str(d) for d in diagnostics] == [
        "content/articles/leak.md: is a link to a file outside the site; copy the file into the site instead"]


def test_bom_crlf_nfd_and_control_characters_are_normalised(tmp_path: Path) -> None:
    text = "\ufeff---\r\ntitle: Cafe\u0301 \r\ndate: 2018-09-03\r\n---\r\nUn\x00 e\u0301te\u0301\rfin\n"
    (tmp_path / "content/articles").mkdir(parents=True)
    (tmp_path / "content/articles/a.md").write_bytes(text.encode("utf-8"))
    (article,), diagnostics = load_articles(load_config(tmp_path))
    assert diagnostics == []
    assert article.title == "Café" and article.body_md == "Un été\nfin\n"


@pytest.mark.parametrize("path", [
    "../x.html", "/etc/x", "a/../../x", "a\\..\\x", "a\x00b", "CON", "con.html", "aux/index.html",
    "com1.txt", "LPT9", "a/nul.tar.gz", "é.html", "ａ.html", "a\u200b.html", "x" * 201,
    "/".join(["abcdefghij"] * 100), ".", "", "dir./x", "a b.html", "a:b", "...",
])
def test_unsafe_output_paths_are_refused(path: str) -> None:
    assert get_path_problem(path)
    with pytest.raises(OutputPathError, match="refusing to write this file"):
        write_files([OutputFile(PurePosixPath(path), "x")], Path("/nonexistent"))


@pytest.mark.parametrize("path", ["a/./b", "a//b", "a/"])
def test_empty_or_dot_parts_are_refused_in_raw_text(path: str) -> None:
    assert get_path_problem(path)


@pytest.mark.parametrize("path", ["index.html", "articles/2018-09-03-x/index.html",
                                  ".nojekyll", "pagefind/pagefind-ui.css", "assets/a~b+c@2x.png"])
def test_ordinary_output_paths_are_accepted(path: str) -> None:
    assert get_path_problem(path) is None


def test_case_insensitive_collision_is_refused(tmp_path: Path) -> None:
    files = [OutputFile(PurePosixPath("places/Lyon/index.html"), "a"),
             OutputFile(PurePosixPath("places/lyon/index.html"), "b")]
    with pytest.raises(OutputPathError, match="case does not count"):
        write_files(files, tmp_path)


def test_write_never_follows_a_planted_symlink(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep")
    root = tmp_path / "root"
    root.mkdir()
    os.symlink(outside, root / "index.html")
    with pytest.raises(OutputPathError, match="already written"):
        write_files([OutputFile(PurePosixPath("index.html"), "pwned")], root)
    assert outside.read_text() == "keep"


@pytest.mark.parametrize(("yml", "message"), [
    ("output_dir: ..", "'output_dir' must be a folder inside the site folder, got '..'"),
    ("output_dir: .", "'output_dir' must be a folder inside the site folder, got '.'"),
    ("output_dir: /tmp", "'output_dir' must be a folder inside the site folder, got '/tmp'"),
    ("cache_dir: ../../x", "'cache_dir' must be a folder inside the site folder"),
    ("content_dir: /etc", "'content_dir' must be a folder inside the site folder"),
    ("output_dir: seeds", "'output_dir' 'seeds' overlaps 'seeds_dir' 'seeds'"),
    ("output_dir: content/out", "'output_dir' 'content/out' overlaps 'content_dir'"),
    ("static_dir: output/x", "overlaps 'static_dir' 'output/x'"),
])
def test_config_cannot_point_written_folders_outside_or_onto_sources(tmp_path: Path, yml: str,
                                                                      message: str) -> None:
    (tmp_path / "site.yml").write_text(yml + "\n")
    with pytest.raises(ConfigError, match="^site.yml:1: ") as info:
        check_site_dirs(load_config(tmp_path))
    assert message in str(info.value)


def test_staged_output_keeps_the_old_site_when_the_build_fails(tmp_path: Path) -> None:
    out = tmp_path / "output"
    out.mkdir()
    (out / "index.html").write_text("old")
    with pytest.raises(RuntimeError), staged_output(out) as staging:
        (staging / "index.html").write_text("half")
        raise RuntimeError("boom")
    assert (out / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_staged_output_swaps_in_and_cleans_up(tmp_path: Path) -> None:
    out = tmp_path / "output"
    out.mkdir()
    (out / "stale.html").write_text("old")
    (tmp_path / ".output.new-leftover").mkdir()  # what a killed build leaves
    with staged_output(out) as staging:
        (staging / "index.html").write_text("new")
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]
    assert oct(out.stat().st_mode & 0o777) == "0o755"


def test_kill_between_fallback_renames_is_repaired(tmp_path: Path) -> None:
    old = tmp_path / ".output.old-12345"
    old.mkdir()
    (old / "index.html").write_text("previous")
    with pytest.raises(RuntimeError), staged_output(tmp_path / "output"):
        raise RuntimeError("stop before swapping")
    assert (tmp_path / "output/index.html").read_text() == "previous"
    assert not old.exists()


def test_control_characters_escaped_in_yaml_are_dropped(tmp_path: Path) -> None:
    text = '---\ntitle: "A\\x16B\\0C\\uffff"\ndate: 2018-09-03\nsummary: "r\\u00e9sum\\x1f\\u0065\\u0301"\n---\nx\n'
    (tmp_path / "content/articles").mkdir(parents=True)
    (tmp_path / "content/articles/a.md").write_text(text, encoding="utf-8")
    (article,), diagnostics = load_articles(load_config(tmp_path))
    assert (article.title, article.summary) == ("ABC", "résumé")
