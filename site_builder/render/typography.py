"""French typography at render time: no-break spaces where a line may not break.

French sets a narrow no-break space (U+202F) inside « » and before `;`, `!`, `?`, and a
no-break space (U+00A0) before `:`, so that a lone `»` or `?` never starts a line on a
narrow screen. Only the spaces already written are replaced (nothing is inserted): the text
keeps its length, and a text written without them stays as it is. Pure; applied to the text
tokens of rendered Markdown (render_markdown) and to titles, summaries and quotes (pages),
never to the content files, whose mention offsets index the text as written.
"""

from __future__ import annotations

import re

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
_SPACES = "[ \u00a0\u202f\t]"
_AFTER_OPENING = re.compile(rf"([«‹]){_SPACES}")
_BEFORE_CLOSING = re.compile(rf"{_SPACES}(?=[»›;!?])")
_BEFORE_COLON = re.compile(rf"{_SPACES}(?=:(?:\s|$))")
_HAS_SIGN = re.compile(r"[«»‹›;:!?]")


def is_french(language: str) -> bool:
    return language.lower().split("-")[0].split("_")[0] == "fr"


def french_spacing(text: str) -> str:
    """`« Non ! »` -> `«\\u202fNon\\u202f!\\u202f»`; `Bilan : 3` -> `Bilan\\u00a0: 3`."""
    if not _HAS_SIGN.search(text):
        return text
    text = _AFTER_OPENING.sub(lambda match: match.group(1) + NARROW_NBSP, text)
    text = _BEFORE_CLOSING.sub(NARROW_NBSP, text)
    return _BEFORE_COLON.sub(NBSP, text)
