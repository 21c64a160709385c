"""load_config(root) -> SiteConfig: the optional site.yml, typed and checked."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import reprlib
import types
import typing
from pathlib import Path
from typing import Any

import yaml

from site_builder.errors import ConfigError
from site_builder.model import SiteConfig, SourceLocation

CONFIG_NAME = "site.yml"
_FIELD_TYPES = typing.get_type_hints(SiteConfig)
_KEYS = tuple(f.name for f in dataclasses.fields(SiteConfig) if f.name != "root")


def load_config(root: Path, overrides: dict[str, Any] | None = None) -> SiteConfig:
    """Read ROOT/site.yml (optional) into a SiteConfig; `overrides` come from CLI flags."""
    root = root.resolve()
    path = root / CONFIG_NAME
    values = _read_values(path) if path.exists() else {}
    values.update(overrides or {})
    values.setdefault("build_date", _source_date_epoch())
    return SiteConfig(root=root, **values)


def key_location(root: Path, key: str) -> SourceLocation:
    """`site.yml:LINE` of the line setting `key`, or plain `site.yml` when it is not set there
    (the value is the default) or the file cannot be read."""
    try:
        node = yaml.compose((root / CONFIG_NAME).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return SourceLocation(CONFIG_NAME)
    if isinstance(node, yaml.MappingNode):
        for key_node, _value in node.value:
            if key_node.value == key:
                return SourceLocation(CONFIG_NAME, key_node.start_mark.line + 1)
    return SourceLocation(CONFIG_NAME)


def _read_values(path: Path) -> dict[str, Any]:
    location = SourceLocation(CONFIG_NAME)
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except UnicodeDecodeError:
        raise ConfigError(location, "is not UTF-8 text; save it as UTF-8") from None
    except yaml.YAMLError as exc:
        line = exc.problem_mark.line + 1 if getattr(exc, "problem_mark", None) else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(SourceLocation(CONFIG_NAME, line), f"invalid YAML: {problem}; fix the syntax") from None
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise ConfigError(SourceLocation(CONFIG_NAME, 1), "must be a mapping of `key: value`; see the README for the keys")
    return dict(_read_pair(key, value) for key, value in node.value)


def _read_pair(key_node: yaml.Node, value_node: yaml.Node) -> tuple[str, Any]:
    key = key_node.value
    location = SourceLocation(CONFIG_NAME, key_node.start_mark.line + 1)
    if key not in _KEYS:
        raise ConfigError(location, f"unknown key {key!r}; known keys: {', '.join(_KEYS)}")
    try:
        value = yaml.SafeLoader(yaml.serialize(value_node)).get_single_data()
    except ValueError as exc:  # PyYAML builds `2021-13-45` as a date and fails
        raise ConfigError(location, f"{key!r} is an impossible date ({exc}); "
                          "write it as YYYY-MM-DD") from None
    value = _coerce(key, value, location)
    low, high = _RANGES.get(key, (value, value))
    if not low <= value <= high:
        raise ConfigError(location, f"{key!r} must be between {low} and {high}, got {value}; "
                          "fix the value")
    return key, value


_RANGES = {"entity_page_size": (1, 10_000), "nlp_processes": (1, 64),
           "nlp_batch_size": (1, 10_000), "words_per_minute": (1, 10_000),
           "render_processes": (0, 64)}
"""The whole-number keys' sensible values: 0 or a negative batch, a million processes, refused."""


def _coerce(key: str, value: Any, location: SourceLocation) -> Any:
    expected = _FIELD_TYPES[key]
    allowed = typing.get_args(expected) if isinstance(expected, types.UnionType) else (expected,)
    if value is None and type(None) in allowed:
        return None
    for kind in allowed:
        converted = _convert(value, kind)
        if converted is not _NO_MATCH:
            return converted
    names = " or ".join(_type_name(kind) for kind in allowed if kind is not type(None))
    raise ConfigError(location, f"{key!r} must be {names}, got {_SHORT.repr(value)}; fix the value")


_NO_MATCH = object()
_SHORT = reprlib.Repr()
"""Shows a bad value in a message without expanding it (a billion-laughs list stays short)."""
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict, _SHORT.maxstring, _SHORT.maxother = 2, 4, 4, 60, 60


def _convert(value: Any, kind: Any) -> Any:
    origin = typing.get_origin(kind)
    if origin is tuple:
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return tuple(value)
        return _NO_MATCH
    if kind is bool:
        return value if isinstance(value, bool) else _NO_MATCH
    if kind is int:
        return value if isinstance(value, int) and not isinstance(value, bool) else _NO_MATCH
    if kind is dt.datetime:
        return _to_datetime(value)
    if kind is dt.date:
        return value if type(value) is dt.date else _NO_MATCH
    return value if isinstance(value, kind) else _NO_MATCH


def _to_datetime(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if type(value) is dt.date:
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    return _NO_MATCH


def _type_name(kind: Any) -> str:
    if typing.get_origin(kind) is tuple:
        return "a list of strings"
    names = {str: "a string", int: "a whole number", bool: "true or false",
             dt.date: "a date (YYYY-MM-DD)", dt.datetime: "a date-time (YYYY-MM-DD HH:MM:SS)"}
    return names.get(kind, getattr(kind, "__name__", str(kind)))


def _source_date_epoch() -> dt.datetime | None:
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if not raw:
        return None
    try:
        return dt.datetime.fromtimestamp(int(raw), tz=dt.UTC)
    except ValueError:
        raise ConfigError(SourceLocation("SOURCE_DATE_EPOCH"), f"must be a whole number of seconds, got {raw!r}") from None
