"""`---` YAML front matter: round trips, and errors that point at the file's own line."""

from __future__ import annotations

import datetime as dt

import pytest

from site_builder.errors import ContentError
from site_builder.frontmatter import (
    dump_front_matter,
    has_front_matter,
    impossible_date_line,
    split_front_matter,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("---\ntitle: x\n---\nCorps\n", True),
    ("---\r\ntitle: x\r\n---\r\n", True),
    ("--- \ntitle: x\n", False),
    ("Texte\n---\n", False),
])
def test_has_front_matter(text, expected):
    assert has_front_matter(text) is expected


def test_round_trip_keeps_order_unicode_and_dates():
    meta = {"title": "L’été « chaud »\u00a0!", "date": dt.date(2018, 9, 3), "tags": ["a", "b"],
            "summary": "x" * 300, "n": 3}
    text = dump_front_matter(meta, "Corps\n")
    assert "L’été « chaud »\u00a0!" in text and "\\u" not in text
    assert list(split_front_matter(text, "a.md")[0]) == list(meta)
    assert split_front_matter(text, "a.md") == (meta, "Corps\n")


def test_text_without_front_matter():
    assert split_front_matter("Juste un texte.\n", "a.md") == ({}, "Juste un texte.\n")


def test_empty_front_matter():
    assert split_front_matter("---\n---\nCorps\n", "a.md") == ({}, "Corps\n")


@pytest.mark.parametrize(("text", "message"), [
    ("---\ntitle: x\n\nCorps\n", "a.md:1: front matter is not closed; add a line `---` after it"),
    ("---\ntitle: x\ndate: [2020\n---\nCorps\n",
     "a.md:3: invalid front matter: did not find expected ',' or ']'; fix the YAML"),
    ("---\ntitle: x\n  bad: indent\n---\n", "a.md:3: invalid front matter: mapping values are "
                                            "not allowed"),  # libyaml or PyYAML wording follows
    ("---\ntitle: x\ndate: 2020-02-30\n---\n", "a.md:3: impossible date in front matter (day is "
                                               "out of range for month); write it as YYYY-MM-DD"),
    ("---\n- a\n- b\n---\n", "a.md:2: front matter must be a mapping of `key: value`"),
])
def test_errors_point_at_the_line(text, message):
    with pytest.raises(ContentError) as caught:
        split_front_matter(text, "a.md")
    assert str(caught.value).startswith(message)
    assert str(caught.value).endswith(("; fix the YAML", "; write it as YYYY-MM-DD", "after it",
                                       "`key: value`"))


@pytest.mark.parametrize(("yaml_text", "line"), [
    ("a: 1\nb: 2021-13-01\n", 2),
    ("a:\n  - 2020-01-01\n  - 2020-02-31\n", 3),
    ("a: 2020-01-01\n", None),
])
def test_impossible_date_line(yaml_text, line):
    assert impossible_date_line(yaml_text) == line
