"""Read and write `---` YAML front matter; YAML errors point at the file's own line."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from site_builder.errors import ContentError
from site_builder.model import SourceLocation

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
DELIMITER = "---"
MAX_TEXT_FILE_BYTES = 20 * 1024 * 1024
"""Largest article or entity file read (20 MiB: an 8 MiB seed with its lede repeated as
`summary`)."""
MAX_META_NODES = 10_000
"""Most values (counting every reuse of a YAML alias) a front matter may hold."""
MAX_META_DEPTH = 32
"""Deepest nesting of lists and mappings in a front matter."""
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
"""C0 controls, lone surrogates, U+FFFE/U+FFFF: no XML allows them (the feed would fail)."""


def read_text_file(path: Path, source: SourceLocation) -> str:
    """UTF-8 text (a BOM is dropped), NFC, `\\n` line ends, no control characters."""
    if not path.is_file():
        raise ContentError(source, "is not a regular file; replace it with a Markdown file")
    if path.stat().st_size > MAX_TEXT_FILE_BYTES:
        raise ContentError(source, f"is larger than {MAX_TEXT_FILE_BYTES // 2**20} MiB; "
                                   "split it into several files")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ContentError(source, "is not UTF-8 text; save it as UTF-8") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_CHARS.sub("", unicodedata.normalize("NFC", text))


def check_meta_size(meta: Any, source: SourceLocation) -> None:
    """Refuse YAML bombs: too many values (aliases count each time) or too deep nesting."""
    budget = [MAX_META_NODES]
    _walk(meta, 0, budget, source)


def _walk(value: Any, depth: int, budget: list[int], source: SourceLocation) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        raise ContentError(source, f"front matter holds more than {MAX_META_NODES} values "
                                   "(YAML aliases count each time); shorten it")
    if depth > MAX_META_DEPTH:
        raise ContentError(source, f"front matter is nested more than {MAX_META_DEPTH} levels "
                                   "deep; flatten it")
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for child in children:
        _walk(child, depth + 1, budget, source)


def has_front_matter(text: str) -> bool:
    return text.startswith(DELIMITER + "\n") or text.startswith(DELIMITER + "\r\n")


def split_front_matter(text: str, path: str) -> tuple[dict[str, Any], str]:
    """Return (front matter, body). A text without front matter has an empty mapping."""
    if not has_front_matter(text):
        return {}, text
    lines = text.splitlines(keepends=True)
    end = next((i for i, line in enumerate(lines[1:], 1) if line.rstrip("\r\n") == DELIMITER), None)
    if end is None:
        raise ContentError(SourceLocation(path, 1), "front matter is not closed; add a line `---` after it")
    data = _load_yaml("".join(lines[1:end]), path)
    return data, "".join(lines[end + 1 :])


def _load_yaml(yaml_text: str, path: str) -> dict[str, Any]:
    try:
        data = yaml.load(yaml_text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = yaml_error_mark(exc, yaml_text)
        # The mark counts from 0 and the YAML starts after the opening `---` line.
        line = mark.line + 2 if mark is not None else None
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ContentError(SourceLocation(path, line), f"invalid front matter: {problem}; fix the YAML") from None
    except ValueError as exc:  # PyYAML builds `2021-13-45` as a date and fails
        line = impossible_date_line(yaml_text)
        raise ContentError(SourceLocation(path, line + 1 if line else None),
                           f"impossible date in front matter ({exc}); write it as YYYY-MM-DD") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ContentError(SourceLocation(path, 2), "front matter must be a mapping of `key: value`")
    return data


def yaml_error_mark(exc: yaml.YAMLError, yaml_text: str) -> Any:
    """Where a YAML error is: where the unclosed thing began when the text ran out first."""
    mark = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    if mark is not None and context is not None and mark.line >= yaml_text.rstrip("\n").count("\n"):
        return context
    return mark


def impossible_date_line(yaml_text: str) -> int | None:
    """1-based line of the first YAML date that does not exist (`2021-13-45`), if any."""
    constructor = yaml.constructor.SafeConstructor()
    nodes = [yaml.compose(yaml_text, Loader=yaml.SafeLoader)]
    while nodes:
        node = nodes.pop(0)
        if isinstance(node, yaml.MappingNode):
            nodes.extend(item for pair in node.value for item in pair)
        elif isinstance(node, yaml.SequenceNode):
            nodes.extend(node.value)
        elif node is not None and node.tag == "tag:yaml.org,2002:timestamp":
            try:
                constructor.construct_yaml_timestamp(node)
            except ValueError:
                return node.start_mark.line + 1
    return None


def dump_front_matter(data: dict[str, Any], body: str) -> str:
    """Deterministic `---` YAML `---` body, keys in the given order, Unicode kept."""
    yaml_text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000,
                          default_flow_style=False)
    return f"{DELIMITER}\n{yaml_text}{DELIMITER}\n{body}"
