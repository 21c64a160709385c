"""The first-name lexicon: folded given names, packaged in data/first_names.txt.

The list comes from Faker's person providers (MIT licence), compacted by
scripts/make_first_names.py (which adds the French `ch` spelling of names romanised with
an English `sh`, `Bashar` -> `Bachar`); it replaces gender-guesser's (GPL-3.0) list.
"""

from __future__ import annotations

from importlib import resources


def load_first_names() -> frozenset[str]:
    """Folded first names (about 20,000, from some 80 locales); `#` lines are comments."""
    text = resources.files("site_builder").joinpath("data", "first_names.txt").read_text(
        encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))
