"""typography: French no-break spaces, replacing the spaces written, never inserting any."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from site_builder.render.typography import NARROW_NBSP as N
from site_builder.render.typography import NBSP, french_spacing, is_french


@pytest.mark.parametrize(("text", "spaced"), [
    ("« Nous ne céderons pas »", f"«{N}Nous ne céderons pas{N}»"),
    ("Pourquoi ? Parce que !", f"Pourquoi{N}? Parce que{N}!"),
    ("Bilan : trois morts ; dix blessés", f"Bilan{NBSP}: trois morts{N}; dix blessés"),
    ("«Collé» et a:b et http://x.fr/?q=1", "«Collé» et a:b et http://x.fr/?q=1"),
    ("Déjà\u00a0: rien ne change", f"Déjà{NBSP}: rien ne change"),
    ("Sans signe", "Sans signe"),
])
def test_french_spacing(text, spaced):
    assert french_spacing(text) == spaced


@given(st.text(alphabet=" «»;:!?ab\u00a0\u202f", max_size=30))
def test_french_spacing_keeps_the_length_and_every_sign(text):
    spaced = french_spacing(text)
    assert len(spaced) == len(text)
    assert [c for c in spaced if c not in " \u00a0\u202f"] == [c for c in text if c not in " \u00a0\u202f"]
    assert french_spacing(spaced) == spaced


@pytest.mark.parametrize(("language", "expected"), [("fr", True), ("fr-CA", True), ("fr_BE", True),
                                                    ("en", False), ("", False)])
def test_is_french(language, expected):
    assert is_french(language) is expected
