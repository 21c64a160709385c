"""load_nlp(model_name): the spaCy pipeline entity extraction needs, and nothing more.

Measured on fr_core_news_md (spaCy 3.8): `ner` carries its own tok2vec (only the
morphologizer and the parser listen to the shared `tok2vec`), so the shared tok2vec,
morphologizer, parser, attribute_ruler and lemmatizer are excluded: the pipeline runs
about 2x faster than the full one and gives the same entities. Sentences (for
sentence-initial words, roles and quotes) come from spaCy's rule-based `sentencizer`,
which costs almost nothing, instead of the parser. The tokenizer's huge regular expression is
compiled once per machine (`compiled_patterns`), not at every load.
"""

from __future__ import annotations

from dataclasses import dataclass

import spacy
from spacy.language import Language

from site_builder.enrich.compiled_patterns import default_folder, reusing_compiled_patterns
from site_builder.errors import SiteError
from site_builder.model import SourceLocation

NEEDED = ("ner",)
UNNEEDED = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "senter",
            "tagger", "trainable_lemmatizer")
DEFAULT_MODEL = "fr_core_news_md"


class TextTooLong(SiteError):
    """A text longer than the model accepts (spaCy's `max_length`, 1,000,000 characters)."""


def check_text_length(nlp: Language, text: str, location: SourceLocation) -> None:
    """Raise a one-line TextTooLong instead of spaCy's E088 traceback."""
    if len(text) > nlp.max_length:
        raise TextTooLong(location, f"text of {len(text):,} characters is too long for entity "
                          f"extraction (at most {nlp.max_length:,}); split it into several articles")


class ModelNotInstalled(SiteError):
    """The spaCy pipeline named in the configuration is not installed."""


def load_nlp(model_name: str = DEFAULT_MODEL) -> Language:
    """The NER-only pipeline of `model_name`, plus a rule-based sentencizer."""
    try:
        with reusing_compiled_patterns(default_folder()):
            nlp = spacy.load(model_name, exclude=_unneeded(model_name))
    except OSError as exc:
        package = model_name.replace("_", "-")
        raise ModelNotInstalled(
            SourceLocation(f"model {model_name}"),
            f"spaCy pipeline not installed ({exc.__class__.__name__}); "
            f"run `pip install {package}` or set nlp_model in site.yml") from exc
    if "ner" not in nlp.pipe_names:
        raise ModelNotInstalled(SourceLocation(f"model {model_name}"),
                                "this pipeline has no `ner` component; use fr_core_news_md or _sm")
    nlp.add_pipe("sentencizer", first=True)
    return nlp


def _unneeded(model_name: str) -> list[str]:
    """Every component of the French pipelines except `ner` (spaCy ignores absent names)."""
    return [name for name in UNNEEDED if name not in NEEDED]


_CHAR_MAP = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u2002": " ",
    "\u2003": " ", "\u3000": " ", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u201c": '"',
    "\u201d": '"', "\u201e": '"', "\r": "\n",
}
"""One character for one: typographic apostrophes break French elision in spaCy's tokenizer."""
_DROPPED = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
"""Soft hyphen and zero-width characters: removed (offsets still map back)."""


@dataclass(frozen=True)
class PreparedText:
    """The text fed to spaCy, and where each of its characters was in the original."""

    original: str
    normalized: str
    origin: tuple[int, ...]
    """origin[i] is the index in `original` of normalized[i]; origin[len] == len(original)."""

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Offsets [start, end) of the normalized text -> offsets of the original text."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1

    def original_slice(self, start: int, end: int) -> str:
        first, last = self.to_original(start, end)
        return self.original[first:last]


def prepare_text(text: str) -> PreparedText:
    """Normalise apostrophes, spaces and invisible characters before the model."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char in _DROPPED:
            continue
        chars.append(_CHAR_MAP.get(char, char))
        origin.append(index)
    origin.append(len(text))
    return PreparedText(text, "".join(chars), tuple(origin))
