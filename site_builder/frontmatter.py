"""Read and write `---` YAML front matter; YAML errors point at the file's own line."""

from __future__ import annotations

from typing import Any

import yaml

from site_builder.errors import ContentError
from site_builder.model import SourceLocation

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
DELIMITER = "---"


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
