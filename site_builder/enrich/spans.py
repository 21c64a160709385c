"""spaCy's raw output for one text (sentence and entity spans), and its own cache.

This layer sits under the enrichment cache (enrich_cache.py). That one is keyed by our
extraction code too, so any change to the rules re-extracts every article; this one is
keyed only by what shapes spaCy's output: the exact text given to spaCy, the model and its
version, spaCy's version and nlp.py (which components run). After a change to the rules,
a build re-runs our Python extraction on the cached spans (milliseconds an article) instead
of the model (an hour for 10,000 articles on two cores).

`SpanDoc` has the only parts of a spaCy `Doc` that extraction reads (`doc.sents`,
`doc.ents` with `start_char`, `end_char`, `label_`), so extraction runs on either.
Entries: `<cache_dir>/ner/<2 hex>/<key>.json`, written atomically; unreadable is a miss.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

NER_FORMAT = "1"
"""Bump when the entry format changes: every entry becomes a miss."""
CACHE_SUBDIR = "ner"
_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Span:
    start_char: int
    end_char: int
    label_: str = ""


@dataclass(frozen=True)
class SpanDoc:
    """Sentences and entities of one text, as character offsets into that text."""

    sents: tuple[Span, ...]
    ents: tuple[Span, ...]


def spans_of(doc) -> SpanDoc:
    """The parts of a spaCy Doc that extraction reads."""
    return SpanDoc(tuple(Span(s.start_char, s.end_char) for s in doc.sents),
                   tuple(Span(e.start_char, e.end_char, e.label_) for e in doc.ents))


@dataclass(frozen=True)
class SpanCache:
    """Where the entries of one model live; picklable (sent to worker processes)."""

    root: Path
    settings: str
    """Digest of the model, its version, spaCy's version and nlp.py."""

    def get(self, text: str) -> SpanDoc | None:
        path = self._path(text)
        try:
            return span_doc_from_json(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            _LOG.warning("%s: unreadable cache entry (%s); running spaCy again", path, exc)
            return None

    def put(self, text: str, spans: SpanDoc) -> None:
        path = self._path(text)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
        tmp.write_text(json.dumps(span_doc_to_json(spans), separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, path)

    def _path(self, text: str) -> Path:
        key = hashlib.sha256(f"{self.settings}\x00{text}".encode("utf-8", "surrogatepass")).hexdigest()
        return self.root / key[:2] / f"{key}.json"


def make_span_cache(cache_dir: Path, model_name: str, model_version: str) -> SpanCache:
    return SpanCache(cache_dir / CACHE_SUBDIR, span_settings_digest(model_name, model_version))


def span_settings_digest(model_name: str, model_version: str) -> str:
    """What shapes spaCy's spans: model, versions, and nlp.py (the components that run)."""
    nlp_source = (Path(__file__).resolve().parent / "nlp.py").read_bytes()
    parts = [NER_FORMAT, model_name, model_version, _version("spacy"),
             hashlib.sha256(nlp_source).hexdigest()]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def span_doc_to_json(spans: SpanDoc) -> dict:
    return {"sents": [[s.start_char, s.end_char] for s in spans.sents],
            "ents": [[e.start_char, e.end_char, e.label_] for e in spans.ents]}


def span_doc_from_json(data: dict) -> SpanDoc:
    """Inverse of span_doc_to_json; a malformed entry raises KeyError/ValueError/TypeError."""
    return SpanDoc(tuple(Span(int(s), int(e)) for s, e in data["sents"]),
                   tuple(Span(int(s), int(e), str(label)) for s, e, label in data["ents"]))


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"
