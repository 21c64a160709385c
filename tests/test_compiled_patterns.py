"""The compiled code of huge patterns is kept between runs, and never trusted blindly."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from site_builder.enrich import compiled_patterns
from site_builder.enrich.compiled_patterns import reusing_compiled_patterns

WORDS = [f"mot{index}x-{index % 97}" for index in range(6000)]
HUGE = "(?i)^(?:" + "|".join(WORDS) + ")$"


def _compile_fresh(folder: Path) -> re.Pattern:
    re.purge()
    with reusing_compiled_patterns(folder):
        return re.compile(HUGE)


def test_a_huge_pattern_is_kept_and_the_next_run_builds_it_from_the_kept_code(tmp_path: Path) -> None:
    first = _compile_fresh(tmp_path)
    assert len(list(tmp_path.glob("*.sre"))) == 1
    second = _compile_fresh(tmp_path)
    assert second is not first
    assert (second.pattern, second.flags, second.groups) == (first.pattern, first.flags, first.groups)
    for text in ("mot17x-17", "MOT5999X-82", "mot17x-18", "mot", ""):
        assert bool(second.match(text)) == bool(first.match(text)), text


def test_small_patterns_are_not_kept(tmp_path: Path) -> None:
    re.purge()
    with reusing_compiled_patterns(tmp_path):
        re.compile("a|b|c")
    assert list(tmp_path.glob("*.sre")) == []


def test_a_file_for_another_interpreter_or_a_torn_file_is_ignored(tmp_path: Path) -> None:
    _compile_fresh(tmp_path)
    kept = next(tmp_path.glob("*.sre"))
    header, rest = kept.read_bytes().split(b"\n", 1)
    other = json.loads(header) | {"interpreter": "another python"}
    kept.write_bytes(json.dumps(other).encode() + b"\n" + rest)
    assert compiled_patterns._read(kept) is None
    kept.write_bytes(header + b"\n" + rest[:-7])
    assert compiled_patterns._read(kept) is None
    assert _compile_fresh(tmp_path).match("mot3x-3")


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", "utf-8")
    assert _compile_fresh(blocker / "patterns").match("mot3x-3")


SPACY_RUN = """
from site_builder.enrich.nlp import load_nlp
nlp = load_nlp()
print([t.text for t in nlp.tokenizer("L'arc-en-ciel d'aujourd'hui : saut-de-ski à Saint-Étienne-du-Rouvray.")])
"""


def test_the_french_tokenizer_splits_the_same_with_its_kept_pattern(tmp_path: Path) -> None:
    env = os.environ | {"XDG_CACHE_HOME": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", SPACY_RUN], env=env, capture_output=True,
                           text=True, check=True).stdout for _ in range(2)]
    assert list((tmp_path / "site-builder" / "patterns").glob("*.sre"))
    assert runs[0] == runs[1]
    assert "'arc-en-ciel'" in runs[0]
